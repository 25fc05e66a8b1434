"""The text-field burst rule: scans by their keys' own timestamps, stalls joined, cuts refused."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checkpoint_app.scanning.wedge import BurstTracker, BurstVerdict, WedgeConfig

ID = "41072219560619060X"


def feed(tracker: BurstTracker[str], text: str, start: int, gaps: list[int], field: str) -> int:
    """Keys of `text` from `start` with `gaps` between them; the snapshot is `field`."""
    now = start
    for index, char in enumerate(text):
        if index:
            now += gaps[(index - 1) % len(gaps)]
        tracker.on_text_key(char, now, lambda: field)
    return now


def test_a_scan_at_scanner_pace_is_one_payload_with_the_field_as_it_was() -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig())
    last = feed(tracker, ID, 1000, [3], "li")
    end = tracker.on_terminator(last + 4)
    assert end.verdict is BurstVerdict.SCAN
    assert end.payload == ID
    assert end.snapshot == "li"


def test_a_person_typing_is_typing() -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig())
    last = feed(tracker, "36.5", 1000, [140, 210, 120], "")
    assert tracker.on_terminator(last + 180).verdict is BurstVerdict.TYPED


def test_a_scan_with_stalls_from_a_busy_machine_is_still_whole() -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig())
    gaps = [3, 4, 2, 180, 3, 5, 3, 2, 250, 4, 3, 3, 2, 3, 4, 3, 2]
    last = feed(tracker, ID, 1000, gaps, "")
    end = tracker.on_terminator(last + 90)
    assert end.verdict is BurstVerdict.SCAN and end.payload == ID


def test_a_scan_cut_by_a_long_stall_is_refused_with_the_field_before_its_start() -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig())
    first = feed(tracker, ID[:10], 1000, [3], "")
    # The rest arrives 900 ms later: its run would look like a scan of 8 characters.
    last = feed(tracker, ID[10:], first + 900, [3], "4107221956")
    end = tracker.on_terminator(last + 3)
    assert end.verdict is BurstVerdict.REFUSED
    assert end.snapshot == ""  # both parts are taken out of the field
    assert "重新扫码" in end.message


def test_a_fast_run_too_short_for_a_scan_never_lets_its_enter_through() -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig(min_length=6))
    last = feed(tracker, "C12", 1000, [3], "x")
    end = tracker.on_terminator(last + 3)
    assert end.verdict is BurstVerdict.REFUSED and end.snapshot == "x"


def test_another_key_between_ends_the_run() -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig())
    last = feed(tracker, ID[:9], 1000, [3], "")
    tracker.on_other_key()
    assert tracker.on_terminator(last + 3).verdict is BurstVerdict.TYPED


@given(
    st.text(alphabet="0123456789ABCXYZabcxyz:/?=.-_", min_size=6, max_size=120),
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=20),
)
def test_any_payload_at_scanner_pace_comes_back_exactly(payload: str, gaps: list[int]) -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig(max_gap_ms=30, min_length=6))
    last = feed(tracker, payload, 5000, gaps, "")
    end = tracker.on_terminator(last + 5)
    assert (end.verdict, end.payload) == (BurstVerdict.SCAN, payload)


@given(st.lists(st.integers(min_value=80, max_value=400), min_size=6, max_size=30))
def test_people_are_never_taken_for_a_scan(gaps: list[int]) -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig(max_gap_ms=30, min_length=6))
    last = feed(tracker, "4107221956061906", 5000, gaps, "")
    assert tracker.on_terminator(last + gaps[0]).verdict is BurstVerdict.TYPED
