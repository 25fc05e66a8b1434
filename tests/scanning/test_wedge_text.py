"""The text-field burst rule at the edges a starved machine produces: a scan is whole in the
field's place or refused with the field put back — never half typed, never saved by its
own Return."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint_app.scanning.wedge import INTERRUPTED, BurstTracker, BurstVerdict, WedgeConfig

ID = "41072219560619060X"


def run(gaps: list[int], *, field: str = "li") -> tuple[BurstVerdict, str, str | None]:
    """ID's keys with `gaps` before each key after the first; the snapshot is the field's
    text after the keys typed so far (what the caller would put back)."""
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig())
    now, text = 1000, field
    for index, char in enumerate(ID):
        if index:
            now += gaps[index - 1]
        tracker.on_text_key(char, now, lambda t=text: t)  # type: ignore[misc]
        text += char
    end = tracker.on_terminator(now + 4)
    return end.verdict, end.payload, end.snapshot


def test_a_scan_whose_first_key_stalled_is_refused_and_the_key_taken_out() -> None:
    verdict, _, snapshot = run([450] + [3] * 16)
    assert verdict is BurstVerdict.REFUSED
    assert snapshot == "li"  # the field before the scan's first key


def test_a_scan_whose_last_key_stalled_is_refused_and_its_return_does_not_save() -> None:
    verdict, _, snapshot = run([3] * 16 + [900])
    assert verdict is BurstVerdict.REFUSED  # the caller swallows the terminator
    assert snapshot == "li"


def test_the_refusal_says_what_to_do() -> None:
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig())
    for i, char in enumerate(ID[:10]):
        tracker.on_text_key(char, 1000 + 3 * i, lambda: "")
    for i, char in enumerate(ID[10:]):
        tracker.on_text_key(char, 3000 + 3 * i, lambda: ID[:10])
    end = tracker.on_terminator(3100)
    assert end.verdict is BurstVerdict.REFUSED and end.message == INTERRUPTED
    assert "重新扫码" in end.message


@settings(max_examples=300, deadline=None)
@given(
    gaps=st.lists(st.integers(0, 6), min_size=len(ID) - 1, max_size=len(ID) - 1),
    stall_at=st.integers(1, len(ID) - 1),
    stall=st.integers(0, 8000),
)
def test_a_stalled_scan_is_whole_or_refused_with_the_field_as_before(
    gaps: list[int], stall_at: int, stall: int
) -> None:
    if stall_at < 3:
        stall = min(stall, 590)  # see the held-key rule: beyond this it looks like typing
    gaps = list(gaps)
    gaps[stall_at - 1] += stall
    verdict, payload, snapshot = run(gaps)
    assert verdict in (BurstVerdict.SCAN, BurstVerdict.REFUSED)
    assert snapshot == "li"
    if verdict is BurstVerdict.SCAN:
        assert payload == ID


def test_a_name_typed_just_before_a_scan_stays_typed_and_the_scan_counts() -> None:
    """A worker types 姓名 and scans 0.2 s after the last key: the name's keys follow one
    another, so they are typing, not a scan's cut-off start."""
    tracker: BurstTracker[str] = BurstTracker(WedgeConfig())
    now, text = 1000, ""
    for char in "li si":
        now += 150
        tracker.on_text_key(char, now, lambda t=text: t)  # type: ignore[misc]
        text += char
    now += 200
    for char in ID:
        tracker.on_text_key(char, now, lambda t=text: t)  # type: ignore[misc]
        now += 3
    end = tracker.on_terminator(now + 4)
    assert end.verdict is BurstVerdict.SCAN and end.payload == ID
    assert end.snapshot == "li si"
