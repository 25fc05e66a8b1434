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
  back to be delivered as typed unless they turn out to be a scan. A burst (three or more
  keys at machine pace) is never handed back because a clock ran out: it waits for its
  terminator across stalls, or is refused whole.

A terminator at machine pace after a fast run that is not a scan (too short, cut) is
swallowed with the refusal, so a garbled scan never presses Save or a default button. One
or two keys typed with nothing before them, just before a scan, may be the scan's own
start cut off by a stall: that scan is refused too (the worker scans again).

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


# A scan whose start was cut off by a long stall (or a run too short to be anything) is
# refused with one of these; the worker scans again.
INTERRUPTED = "扫码中断（电脑太忙或扫码枪断开），未填入，请重新扫码"
TOO_SHORT = "扫码内容不完整，未填入，请重新扫码"


@dataclass(frozen=True, slots=True)
class HeldKey(Generic[T]):
    """A key held back while deciding; `event` is whatever the caller needs to replay it."""

    text: str
    timestamp_ms: int
    event: T


@dataclass(frozen=True, slots=True)
class WedgeStep(Generic[T]):
    """What to do after one key: replay `replay` as typed (in order), then either swallow the
    key (`consume`) or let it through; `scan` is a complete scanner payload, if one ended here.
    `refused` is the message for a scan that was cut or garbled: its keys (`dropped`) are
    neither typed nor a payload, and the worker scans again."""

    replay: tuple[HeldKey[T], ...] = ()
    consume: bool = False
    scan: str | None = None
    refused: str | None = None
    dropped: tuple[HeldKey[T], ...] = ()


@dataclass(slots=True)
class WedgeDetector(Generic[T]):
    """Keys held back where the focus takes no text (buttons, plain combo boxes).

    With `refuse_cut_bursts` (what the application uses) a machine-paced run is never
    handed back as typed because a clock ran out: the caller's timer only releases a run
    that a person could have typed; a burst waits for its terminator across stalls of up
    to `stall_ms`, a burst cut by a longer stall is refused, and so is the rest of it when
    its terminator comes. Without it every held key is replayed or scanned (the plain rule).
    """

    config: WedgeConfig = field(default_factory=WedgeConfig)
    refuse_cut_bursts: bool = False
    stall_ms: int = 400
    orphan_ms: int = 10_000
    # A key typed this shortly before a scan may be the scan's own first key, cut off by a
    # stall (a worker needs longer to pick up the scanner after typing).
    lead_ms: int = 600
    _held: list[HeldKey[T]] = field(default_factory=list)
    # Timestamp of the last key of a burst that was refused (its rest is refused too) or,
    # for `_fast_tail`, of a fast run that was replayed as typed.
    _orphan_ts: int | None = None
    _fast_tail: int | None = None
    # Timestamp of the last key handed back as typed: a scan starting within `lead_ms`
    # of it may have lost its first key(s) to the widget, so it is refused.
    _typed_tail: int | None = None
    _last_ts: int | None = None  # the previous text key, of any run
    _run_prev: int | None = None  # the key before the held run's first key

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def _gaps(self) -> list[int]:
        return [
            b.timestamp_ms - a.timestamp_ms
            for a, b in zip(self._held, self._held[1:], strict=False)
        ]

    def _is_burst(self) -> bool:
        """Three or more keys, nearly all at machine pace: a scanner, not a person's
        two-key roll-over."""
        gaps = self._gaps()
        if len(gaps) < 2:
            return False
        fast = sum(1 for g in gaps if g <= self.config.max_gap_ms)
        return fast / len(gaps) >= 0.75

    def _all_fast(self) -> bool:
        gaps = self._gaps()
        return bool(gaps) and all(g <= self.config.max_gap_ms for g in gaps)

    def on_text_key(self, text: str, timestamp_ms: int, event: T) -> WedgeStep[T]:
        """A key that produces text. It is always held; earlier keys may be released."""
        step: WedgeStep[T] = WedgeStep(consume=True)
        if self._held:
            gap = timestamp_ms - self._held[-1].timestamp_ms
            joins = gap <= self.config.max_gap_ms or (
                self.refuse_cut_bursts and gap <= self.stall_ms and self._is_burst()
            )
            if not joins:
                if self.refuse_cut_bursts and self._is_burst():
                    step = self._refuse(INTERRUPTED, consume=True)
                else:
                    step = WedgeStep(replay=self._release(), consume=True)
        if not self._held:
            self._run_prev = self._last_ts
        self._last_ts = timestamp_ms
        self._held.append(HeldKey(text, timestamp_ms, event))
        return step

    def on_terminator(self, timestamp_ms: int) -> WedgeStep[T]:
        """Enter or Tab: closes a scan if the held keys form a burst, else passes through."""
        if not self.refuse_cut_bursts:
            if (
                len(self._held) >= self.config.min_length
                and timestamp_ms - self._held[-1].timestamp_ms <= self.config.max_gap_ms
            ):
                payload = "".join(k.text for k in self._held)
                self._held.clear()
                return WedgeStep(consume=True, scan=payload)
            return WedgeStep(replay=self._release(), consume=False)
        if not self._held:
            tail, self._fast_tail = self._fast_tail, None
            if tail is not None and timestamp_ms - tail <= self.config.max_gap_ms:
                # A machine-paced Return right after a fast run that went out as typed:
                # a garbled scan must not press the default button.
                return WedgeStep(consume=True, refused=TOO_SHORT)
            return WedgeStep()
        gap = timestamp_ms - self._held[-1].timestamp_ms
        burst, fast = self._is_burst(), self._all_fast()
        orphan, self._orphan_ts = self._orphan_ts, None
        start = self._held[0].timestamp_ms
        recent_orphan = orphan is not None and start - orphan <= self.orphan_ms
        if recent_orphan and gap <= self.stall_ms:
            # The tail of a burst refused a moment ago, however short: not typing.
            return self._refuse(INTERRUPTED, consume=True)
        machine_end = gap <= self.config.max_gap_ms or (gap <= self.stall_ms and burst)
        if not machine_end or not (burst or fast):
            return WedgeStep(replay=self._release(), consume=False)
        typed, self._typed_tail = self._typed_tail, None
        if typed is not None and start - typed <= self.lead_ms:
            return self._refuse(INTERRUPTED, consume=True)
        if len(self._held) < self.config.min_length or not all(
            k.text.isascii() for k in self._held
        ):
            return self._refuse(TOO_SHORT, consume=True)
        payload = "".join(k.text for k in self._held)
        self._held.clear()
        return WedgeStep(consume=True, scan=payload)

    def on_other_key(self) -> WedgeStep[T]:
        """Backspace, arrows, shortcuts: whatever was held was typed by a person."""
        self._orphan_ts = self._fast_tail = self._typed_tail = None
        return WedgeStep(replay=self._release(), consume=False)

    def release_held(self, waited_ms: int | None = None) -> WedgeStep[T]:
        """The caller's timer ran out `waited_ms` after the last key arrived with no further
        key. A run a person could have typed is handed back; a burst keeps waiting for its
        terminator until `stall_ms`, then it is refused. Without `waited_ms` (or without
        `refuse_cut_bursts`) everything held is handed back."""
        if waited_ms is None or not self.refuse_cut_bursts or not self._is_burst():
            if self.refuse_cut_bursts and self._all_fast():
                self._fast_tail = self._held[-1].timestamp_ms
            return WedgeStep(replay=self._release())
        if waited_ms < self.stall_ms:
            return WedgeStep()
        return self._refuse(INTERRUPTED, consume=False)

    def _refuse(self, message: str, *, consume: bool) -> WedgeStep[T]:
        dropped = tuple(self._held)
        if dropped:
            self._orphan_ts = dropped[-1].timestamp_ms
        self._held.clear()
        return WedgeStep(consume=consume, refused=message, dropped=dropped)

    def _release(self) -> tuple[HeldKey[T], ...]:
        released = tuple(self._held)
        if not released:
            return released  # nothing held: what was typed just before still counts
        alone = self._run_prev is None or (
            bool(released) and released[0].timestamp_ms - self._run_prev > self.lead_ms
        )
        # Only one or two keys with nothing typed just before may be a scan's cut start.
        self._typed_tail = (
            released[-1].timestamp_ms if released and alone and len(released) <= 2 else None
        )
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


@dataclass(slots=True)
class BurstTracker(Generic[T]):
    """Watches the keys that went into a text field; decides at the terminator.

    `snapshot` is whatever the caller needs to put the field back (its text and cursor).
    """

    config: WedgeConfig = field(default_factory=WedgeConfig)
    # Longest stall inside one scan (the sending machine starved); beyond it a run ends.
    stall_ms: int = 400
    # A machine-paced run cut off this recently makes the next scan suspect.
    orphan_ms: int = 10_000
    # A run a person could have typed this shortly before a scan may be the scan's own
    # first key(s), cut off by a stall.
    lead_ms: int = 600
    # Share of gaps at machine pace that makes a run a scan (stalls are the rest).
    min_fast_share: float = 0.75
    _keys: list[tuple[str, int]] = field(default_factory=list)
    _snapshot: T | None = None
    _orphan: tuple[T | None, int] | None = None  # snapshot before the cut run, its last key
    # A short run a person could have typed, with the field before it and its last key: a
    # scan starting within `stall_ms` of it may have lost its first key(s) into the field.
    _lead: tuple[T | None, int] | None = None
    _last_ts: int | None = None  # the previous text key, of any run
    _run_prev: int | None = None  # the key before the current run's first key

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
            self._run_prev = self._last_ts
        self._last_ts = timestamp_ms
        self._keys.append((text, timestamp_ms))

    def _close_run(self) -> None:
        if self._fast_run() or (len(self._keys) >= 4 and self._paced()):
            # A scanner's run, cut by a stall too long to join: remember where the field
            # was, so that the rest of that scan is refused instead of taken for a scan.
            self._orphan = (self._snapshot, self._keys[-1][1])
        elif self._keys and len(self._keys) <= 2 and self._stands_alone():
            # One or two keys with nothing typed just before them: maybe a scan's start.
            # A person's last keys before a scan follow other typed keys and stay typed.
            self._lead = (self._snapshot, self._keys[-1][1])
        else:
            self._lead = None
        self._keys.clear()
        self._snapshot = None

    def _stands_alone(self) -> bool:
        return self._run_prev is None or self._keys[0][1] - self._run_prev > self.lead_ms

    def on_other_key(self) -> None:
        """Backspace, arrows, a shortcut: whatever ran so far was a person."""
        self._keys.clear()
        self._snapshot = None
        self._orphan = None
        self._lead = None

    def on_terminator(self, timestamp_ms: int) -> BurstEnd[T]:
        """Enter or Tab. SCAN/REFUSED mean: swallow it and restore `snapshot`."""
        keys, snapshot, orphan, lead = list(self._keys), self._snapshot, self._orphan, self._lead
        self._keys.clear()
        self._snapshot = None
        self._orphan = None
        self._lead = None
        if not keys:
            return BurstEnd(BurstVerdict.TYPED)
        gap = timestamp_ms - keys[-1][1]
        recent_orphan = orphan is not None and keys[0][1] - orphan[1] <= self.orphan_ms
        if recent_orphan and gap <= self.stall_ms:
            # The tail of a scan cut a moment ago, however short (one key after the
            # stall): take it out with the rest, and the terminator must not save.
            assert orphan is not None
            return BurstEnd(BurstVerdict.REFUSED, snapshot=orphan[0], message=INTERRUPTED)
        self._keys = keys  # for the pace checks, then cleared again
        fast, paced = self._fast_run(), self._paced()
        self._keys = []
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
        if lead is not None and keys[0][1] - lead[1] <= self.lead_ms:
            # The first key(s) came a stall before the rest: a person's key right before a
            # scan, or the scan's own start. Either way the payload is not known whole.
            return BurstEnd(BurstVerdict.REFUSED, snapshot=lead[0], message=INTERRUPTED)
        if len(keys) < self.config.min_length:
            return BurstEnd(BurstVerdict.REFUSED, snapshot=snapshot, message=TOO_SHORT)
        return BurstEnd(BurstVerdict.SCAN, "".join(t for t, _ in keys), snapshot)
