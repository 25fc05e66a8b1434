"""The reader on the shared real screenshots (../shared/realshots): page kind, the
page's clock, the colour its words name, NAT result, travel cities and colour.

Skips when the folder is absent; fails then under CHECKPOINT_REQUIRE_SHARED=1. Runs the
real OCR on eleven pages (about a second each on a quiet machine).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from checkpoint_app.scanning.ocr import read_lines
from checkpoint_app.scanning.screenshot import (
    ScreenshotText,
    read_codes,
    read_status_bar_time,
    read_text,
    screenshot_warnings,
)
from tests.scanning.realshots import JUDGED, RealShot, load_realshots, require_realshots

# The labels are of April and May 2022.
NOW = datetime(2022, 5, 11, 12, 0)


@pytest.fixture(scope="module")
def read() -> list[tuple[RealShot, ScreenshotText]]:
    folder = require_realshots()
    return [(shot, read_text(read_codes(shot.path), now=NOW)) for shot in load_realshots(folder)]


def got(text: ScreenshotText) -> dict[str, str]:
    values = {key: field.value for key, field in text.fields.items()}
    values["page_kind"] = text.page_kind.value
    return values


def test_page_kind_is_right_on_at_least_95_percent_of_real_pages(
    read: list[tuple[RealShot, ScreenshotText]],
) -> None:
    wrong = [(s.path.name, t.page_kind) for s, t in read if t.page_kind.value != s.kind]

    assert 1 - len(wrong) / len(read) >= 0.95, wrong


def test_a_health_page_with_a_travel_card_link_stays_a_health_code(
    read: list[tuple[RealShot, ScreenshotText]],
) -> None:
    linked = [(s, t) for s, t in read if s.kind == "health_code" and "行程卡" in "".join(t.lines)]

    assert linked
    assert all(t.page_kind.value == "health_code" for _, t in linked)


def test_the_pages_own_clock_is_read_on_at_least_90_percent_of_real_pages(
    read: list[tuple[RealShot, ScreenshotText]],
) -> None:
    clocked = [(s, t) for s, t in read if "shown_at" in s.expected]
    right = [s for s, t in clocked if got(t).get("shown_at") == s.expected["shown_at"]]

    assert len(right) >= 0.9 * len(clocked), [got(t).get("shown_at") for _, t in clocked]


def test_the_status_bar_time_is_read_right_or_left_empty_never_wrong() -> None:
    labelled = [s for s in load_realshots(require_realshots()) if "status_bar_time" in s.expected]
    read = [(s, read_status_bar_time(read_codes(s.path))) for s in labelled]
    values = [(s.path.name, None if field is None else field.value) for s, field in read]
    wrong = [
        (name, value)
        for (name, value), (s, _) in zip(values, read, strict=True)
        if value not in (None, s.expected["status_bar_time"])
    ]
    right = [
        s for s, field in read if field is not None and field.value == s.expected["status_bar_time"]
    ]

    assert wrong == []
    assert len(right) >= 0.75 * len(labelled), values


def test_a_page_without_its_own_clock_falls_back_to_the_status_bar_and_says_so() -> None:
    folder = require_realshots()
    shot = next(s for s in load_realshots(folder) if s.path.name == "images_image2.jpeg")
    codes = read_codes(shot.path)
    # Paint the page's own clock line (更新于 …) over, as a page without one would be.
    page = codes.image.bgr.copy()
    for line in read_lines(page).lines:
        if "更新" in line.text:
            x0, y0, x1, y1 = (int(v) for v in line.box)
            page[max(0, y0 - 4) : y1 + 4, max(0, x0 - 4) : x1 + 4] = page[y1 + 8, x0 - 8]
    clockless = dataclasses.replace(codes, image=dataclasses.replace(codes.image, bgr=page))

    text = read_text(clockless, now=NOW)

    assert "shown_at" not in text.fields
    assert text.fields["status_bar_time"].value == "20:27"
    (warning,) = [
        w
        for w in screenshot_warnings(clockless, text, now=NOW, max_age_minutes=30)
        if w.code == "stale_status_bar"
    ]
    assert "状态栏时间 20:27" in warning.message and "仅供参考" in warning.message


def test_travel_cards_give_their_cities_whole_and_their_colour(
    read: list[tuple[RealShot, ScreenshotText]],
) -> None:
    cards = [(s, got(t)) for s, t in read if s.kind == "travel_card"]

    assert cards
    for shot, values in cards:
        assert values.get("travel_cities") == shot.expected["travel_cities"], shot.path.name
        assert values.get("travel_colour") == shot.expected["travel_colour"], shot.path.name


def test_at_most_2_percent_of_the_fields_read_are_wrong(
    read: list[tuple[RealShot, ScreenshotText]],
) -> None:
    judged = [
        (s.path.name, key, got(t).get(key))
        for s, t in read
        for key in JUDGED
        if key in s.expected and got(t).get(key)
    ]
    wrong = [
        (s.path.name, key, got(t).get(key))
        for s, t in read
        for key in JUDGED
        if key in s.expected and got(t).get(key) and got(t)[key] != s.expected[key]
    ]

    assert len(wrong) <= 0.02 * len(judged), wrong
    # On these eleven, where every rule was checked by eye, not one.
    assert wrong == []


def test_an_edited_red_page_reads_red_in_its_words_and_stays_a_health_code(
    read: list[tuple[RealShot, ScreenshotText]],
) -> None:
    doctored = [(s, t) for s, t in read if "hong" in s.path.name]

    assert doctored
    for shot, text in doctored:
        # colour_text is what the doctored-page check compares with the modules' colour.
        assert got(text).get("colour_text") == "red", shot.path.name
        assert text.page_kind.value == "health_code", shot.path.name


def test_real_travel_cards_are_green_by_their_arrow_and_no_real_page_gets_a_wrong_colour() -> None:
    from checkpoint_app.records.model import CodeColour

    shots = load_realshots(require_realshots())
    read = [(shot, read_codes(shot.path)) for shot in shots]
    cards = [codes for shot, codes in read if shot.kind == "travel_card"]
    # A colour from the modules is either right or absent: the doctored pages' QR is the
    # green original under red scribbles, a payment code is no health code at all.
    allowed = {
        "health_code": {CodeColour.GREEN, CodeColour.UNKNOWN},
        "travel_card": {CodeColour.UNKNOWN},
        "not_a_code": {CodeColour.UNKNOWN},
    }
    wrong = [
        (shot.path.name, codes.colour.value)
        for shot, codes in read
        if codes.colour not in allowed[shot.kind]
    ]

    assert len(cards) == 2
    assert all(codes.card_colour.colour is CodeColour.GREEN for codes in cards)
    assert wrong == []
