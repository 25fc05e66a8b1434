"""Telling a keyboard-wedge barcode scanner from a person at the keyboard.

A wedge scanner "types" its payload a few milliseconds per key and ends with Enter
or Tab. A person types 80-300 ms per key. Two rules, by where the keys go:

* `BurstTracker` (text fields): keys go into the field as typed; the tracker watches
  their timestamps, and when a run of machine-paced keys ends in a terminator it is a
  scan — the caller then puts the field back as it was before the run began. No clock
  decides anything, so a busy event loop cannot split a scan. When the machine that
  sends the keys is starved, a scan arrives with stalls inside it: machine-paced
  segments separated by a stall of up to `stall_ms` are one run; a run cut by a longer
  stall is refused whole (with the field restored), never split between two travellers.
* `WedgeDetector` (buttons, plain combo boxes): keys are held back briefly and handed
  back to be delivered as typed unless they turn out to be a scan.

Modifier keys (Shift, Caps Lock) belong to the burst: a scanner presses Shift for
capitals, so only keys that produce text are counted. A run holding Chinese characters
is never a scan: wedge scanners type as a US keyboard.

Plain Python with caller-supplied timestamps so the rules are testable without a clock;
the Qt event filter in gui/ feeds them key events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class WedgeConfig:
    max_gap_ms: int = 30
    min_length: int = 6


@dataclass(frozen=True, slots=True)
class HeldKey(Generic[T]):
    """A key held back while deciding; `event` is whatever the caller needs to replay it."""

    text: str
    timestamp_ms: int
    event: T


@dataclass(frozen=True, slots=True)
class WedgeStep(Generic[T]):
    """What to do after one key: replay `replay` as typed (in order), then either swallow the
    key (`consume`) or let it through; `scan` is a complete scanner payload, if one ended here."""

    replay: tuple[HeldKey[T], ...] = ()
    consume: bool = False
    scan: str | None = None


@dataclass(slots=True)
class WedgeDetector(Generic[T]):
    config: WedgeConfig = field(default_factory=WedgeConfig)
    _held: list[HeldKey[T]] = field(default_factory=list)

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def on_text_key(self, text: str, timestamp_ms: int, event: T) -> WedgeStep[T]:
        """A key that produces text. It is always held; earlier keys may be released."""
        replay: tuple[HeldKey[T], ...] = ()
        if self._held and timestamp_ms - self._held[-1].timestamp_ms > self.config.max_gap_ms:
            replay = self._release()
        self._held.append(HeldKey(text, timestamp_ms, event))
        return WedgeStep(replay=replay, consume=True)

    def on_terminator(self, timestamp_ms: int) -> WedgeStep[T]:
        """Enter or Tab: closes a scan if the held keys form a burst, else passes through."""
        if (
            len(self._held) >= self.config.min_length
            and timestamp_ms - self._held[-1].timestamp_ms <= self.config.max_gap_ms
        ):
            payload = "".join(k.text for k in self._held)
            self._held.clear()
            return WedgeStep(consume=True, scan=payload)
        return WedgeStep(replay=self._release(), consume=False)

    def on_other_key(self) -> WedgeStep[T]:
        """Backspace, arrows, shortcuts: whatever was held was typed by a person."""
        return WedgeStep(replay=self._release(), consume=False)

    def release_held(self) -> WedgeStep[T]:
        """The gap timer ran out with no further key: what was held was typed by a person."""
        return WedgeStep(replay=self._release())

    def _release(self) -> tuple[HeldKey[T], ...]:
        released = tuple(self._held)
        self._held.clear()
        return released


class BurstVerdict(Enum):
    TYPED = "typed"  # a person typed it: leave it where it went
    SCAN = "scan"  # a whole scan: restore the field, hand the payload on
    REFUSED = "refused"  # a cut or garbled scan: restore the field, say so, fill nothing


@dataclass(frozen=True, slots=True)
class BurstEnd(Generic[T]):
    """What a terminator ended. For SCAN and REFUSED, `snapshot` is the field as it was
    before the scan began (to put back) and the terminator must be swallowed."""

    verdict: BurstVerdict
    payload: str = ""
    snapshot: T | None = None
    message: str = ""


# A scan whose start was cut off by a long stall (or a run too short to be anything) is
# refused with one of these; the worker scans again.
INTERRUPTED = "扫码中断（电脑太忙或扫码枪断开），未填入，请重新扫码"
TOO_SHORT = "扫码内容不完整，未填入，请重新扫码"


@dataclass(slots=True)
class BurstTracker(Generic[T]):
    """Watches the keys that went into a text field; decides at the terminator.

    `snapshot` is whatever the caller needs to put the field back (its text and cursor).
    """

    config: WedgeConfig = field(default_factory=WedgeConfig)
    # Longest stall inside one scan (the sending machine starved); beyond it a run ends.
    stall_ms: int = 400
    # A machine-paced run cut off this recently makes the next scan suspect.
    orphan_ms: int = 2000
    # Share of gaps at machine pace that makes a run a scan (stalls are the rest).
    min_fast_share: float = 0.75
    _keys: list[tuple[str, int]] = field(default_factory=list)
    _snapshot: T | None = None
    _orphan: tuple[T | None, int] | None = None  # snapshot before the cut run, its last key

    @property
    def active(self) -> bool:
        return bool(self._keys)

    def _fast_run(self) -> bool:
        """At least two keys so far, all at machine pace: a scanner, not a person."""
        if len(self._keys) < 2:
            return False
        gap = self.config.max_gap_ms
        return all(b[1] - a[1] <= gap for a, b in zip(self._keys, self._keys[1:], strict=False))

    def _paced(self) -> bool:
        """Mostly machine pace with stalls: a scan delivered by a starved machine."""
        gaps = [b[1] - a[1] for a, b in zip(self._keys, self._keys[1:], strict=False)]
        if not gaps:
            return False
        fast = sum(1 for g in gaps if g <= self.config.max_gap_ms)
        return fast >= 1 and fast / len(gaps) >= self.min_fast_share

    def on_text_key(self, text: str, timestamp_ms: int, snapshot: Callable[[], T]) -> None:
        """A key that produces text, before it reaches the field (`snapshot` is called
        only when this key may start a scan)."""
        if self._keys:
            gap = timestamp_ms - self._keys[-1][1]
            joins = gap <= self.config.max_gap_ms or (
                gap <= self.stall_ms and (self._fast_run() or self._paced())
            )
            if not joins:
                self._close_run()
        if not self._keys:
            self._snapshot = snapshot()
        self._keys.append((text, timestamp_ms))

    def _close_run(self) -> None:
        if self._fast_run() or (len(self._keys) >= 4 and self._paced()):
            # A scanner's run, cut by a stall too long to join: remember where the field
            # was, so that the rest of that scan is refused instead of taken for a scan.
            self._orphan = (self._snapshot, self._keys[-1][1])
        self._keys.clear()
        self._snapshot = None

    def on_other_key(self) -> None:
        """Backspace, arrows, a shortcut: whatever ran so far was a person."""
        self._keys.clear()
        self._snapshot = None
        self._orphan = None

    def on_terminator(self, timestamp_ms: int) -> BurstEnd[T]:
        """Enter or Tab. SCAN/REFUSED mean: swallow it and restore `snapshot`."""
        keys, snapshot, orphan = list(self._keys), self._snapshot, self._orphan
        self._keys.clear()
        self._snapshot = None
        self._orphan = None
        if not keys:
            return BurstEnd(BurstVerdict.TYPED)
        gap = timestamp_ms - keys[-1][1]
        self._keys = keys  # for the pace checks, then cleared again
        fast, paced = self._fast_run(), self._paced()
        self._keys = []
        recent_orphan = orphan is not None and keys[0][1] - orphan[1] <= self.orphan_ms
        machine_end = gap <= self.config.max_gap_ms or (
            # A stalled terminator ends only a run long enough to be a scan: a person's
            # quick two-key roll-over followed by Enter is typing.
            gap <= self.stall_ms and (fast or paced) and len(keys) >= self.config.min_length
        )
        if not machine_end or not (fast or paced):
            return BurstEnd(BurstVerdict.TYPED)
        if not all(text.isascii() for text, _ in keys):
            # A wedge scanner types as a US keyboard: it cannot send 豫 or 张. Chinese in
            # a run is a person (or an input method committing several characters at once).
            return BurstEnd(BurstVerdict.TYPED)
        if recent_orphan:
            assert orphan is not None
            return BurstEnd(BurstVerdict.REFUSED, snapshot=orphan[0], message=INTERRUPTED)
        if len(keys) < self.config.min_length:
            return BurstEnd(BurstVerdict.REFUSED, snapshot=snapshot, message=TOO_SHORT)
        return BurstEnd(BurstVerdict.SCAN, "".join(t for t, _ in keys), snapshot)
