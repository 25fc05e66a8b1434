"""Telling a keyboard-wedge barcode scanner from a person at the keyboard.

A wedge scanner "types" its payload a few milliseconds per key and ends with Enter
or Tab. A person types 80-300 ms per key. Keys are therefore held back briefly: a
run of at least `min_length` keys, each within `max_gap_ms` of the last, closed by a
terminator, is a scan; anything else is handed back to be delivered as typed.

Plain Python with caller-supplied timestamps so the rule is testable without a clock;
the Qt event filter in gui/ feeds it key events and replays what it hands back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
