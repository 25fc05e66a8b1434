"""The held-key rule (focus on buttons and plain combo boxes), as the application runs it:
a burst is delivered whole or refused, never handed back half as typing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint_app.scanning.wedge import (
    INTERRUPTED,
    TOO_SHORT,
    WedgeConfig,
    WedgeDetector,
    WedgeStep,
)

ID = "41072219560619060X"


def detector() -> WedgeDetector[int]:
    return WedgeDetector(WedgeConfig(max_gap_ms=30, min_length=6), refuse_cut_bursts=True)


def feed(d: WedgeDetector[int], text: str, start: int, gaps: list[int]) -> tuple[int, list[str]]:
    """Keys of `text` from `start`; returns the last timestamp and what was replayed."""
    now, typed = start, []
    for index, char in enumerate(text):
        if index:
            now += gaps[(index - 1) % len(gaps)]
        step = d.on_text_key(char, now, index)
        typed += [k.text for k in step.replay]
    return now, typed


def test_a_scan_at_scanner_pace_is_one_payload() -> None:
    d = detector()
    last, typed = feed(d, ID, 1000, [3])
    step = d.on_terminator(last + 5)
    assert (step.scan, step.consume, typed) == (ID, True, [])


def test_a_burst_is_not_released_by_the_timer_while_its_keys_wait_in_the_queue() -> None:
    """The event loop was busy: the wall-clock timer fires after 10 keys although the X
    timestamps say the burst goes on. The keys stay held; the terminator makes one scan."""
    d = detector()
    last, _ = feed(d, ID[:10], 1000, [3])
    assert d.release_held(waited_ms=90) == WedgeStep()
    assert d.holding
    last, typed = feed(d, ID[10:], last + 3, [3])
    step = d.on_terminator(last + 4)
    assert step.scan == ID and typed == []


def test_a_burst_stalled_within_the_limit_is_still_one_scan() -> None:
    d = detector()
    last, typed = feed(d, ID, 1000, [3, 2, 4, 250, 3, 3, 180, 2])
    assert d.on_terminator(last + 120).scan == ID
    assert typed == []


def test_a_burst_cut_by_a_long_stall_is_refused_and_so_is_its_rest() -> None:
    d = detector()
    last, _ = feed(d, ID[:10], 1000, [3])
    timed_out = d.release_held(waited_ms=450)
    assert timed_out.refused == INTERRUPTED and len(timed_out.dropped) == 10
    assert timed_out.replay == ()  # never typed into the widget
    last, typed = feed(d, ID[10:], last + 900, [3])
    end = d.on_terminator(last + 4)
    assert end.scan is None and end.refused == INTERRUPTED and end.consume
    assert typed == []


def test_a_short_fast_run_ending_in_return_is_refused_and_the_return_swallowed() -> None:
    d = detector()
    last, _ = feed(d, "4107", 1000, [3])
    step = d.on_terminator(last + 4)
    assert step.refused == TOO_SHORT and step.consume and step.scan is None


def test_a_return_right_after_a_fast_run_that_went_out_as_typed_presses_nothing() -> None:
    d = detector()
    last, _ = feed(d, "41", 1000, [3])
    released = d.release_held(waited_ms=70)  # two keys: a person's roll-over, typed
    assert [k.text for k in released.replay] == ["4", "1"]
    step = d.on_terminator(last + 6)
    assert step.consume and step.refused == TOO_SHORT


def test_a_person_pressing_keys_and_return_gets_them_as_typed() -> None:
    d = detector()
    step = d.on_text_key("a", 1000, 0)
    assert step.consume and not step.replay
    released = d.release_held(waited_ms=70)
    assert [k.text for k in released.replay] == ["a"]
    step = d.on_terminator(1400)
    assert not step.consume and step.refused is None


gaps = st.lists(st.integers(min_value=0, max_value=6), min_size=len(ID) - 1, max_size=len(ID) - 1)


@settings(max_examples=200, deadline=None)
@given(
    key_gaps=gaps,
    stall_at=st.integers(min_value=1, max_value=len(ID) - 1),
    stall=st.integers(min_value=0, max_value=8000),
    timer_waits=st.lists(st.integers(min_value=0, max_value=3000), max_size=3),
)
def test_a_burst_is_whole_or_refused_never_split(
    key_gaps: list[int], stall_at: int, stall: int, timer_waits: list[int]
) -> None:
    """Whatever the stall inside a scan and however often the timer fires during it, the
    outcome is the whole payload with no key typed into the widget, or a refusal."""
    if stall_at < 3:
        # One or two keys and a stall look like a person's keys; beyond `lead_ms` before
        # a scan nothing in the timing says they were the scanner's.
        stall = min(stall, 590)  # plus at most 6 ms of the key gap itself
    d = detector()
    now, typed, outcomes = 1000, [], []
    for index, char in enumerate(ID):
        if index:
            now += key_gaps[index - 1] + (stall if index == stall_at else 0)
        if index == stall_at:
            for wait in sorted(timer_waits):
                if wait <= stall:
                    step = d.release_held(waited_ms=wait)
                    typed += [k.text for k in step.replay]
                    outcomes += [step.refused] if step.refused else []
        step = d.on_text_key(char, now, index)
        typed += [k.text for k in step.replay]
        outcomes += [step.refused] if step.refused else []
    end = d.on_terminator(now + 4)
    assert end.consume
    assert end.scan == ID or (end.scan is None and end.refused is not None)
    if end.scan is not None:
        assert typed == [] and outcomes == []
