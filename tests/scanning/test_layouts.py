"""The reader on pages laid out like the real apps of 2022 (tests/scanning/layouts.py).

Per layout — 豫康码, 粤康码 通行凭证, 津心通, 浙江健康码, 渝康码, 苏康码, 北京健康宝,
随申码 and the 7- and 14-day 通信大数据行程卡 — on a small seeded sample of screenshots
as travellers send them (as drawn, WeChat-recompressed, WeChat's 540 px forward): the
page kind on at least 95% of pages, the page's clock (or, on a page without one, the
status bar's) on at least 90%, every travel city with its * right, and at most 2% of
the fields filled wrongly. The OCR tests are marked slow (about a minute on two cores).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from checkpoint_app.policy.evaluate import evaluate
from checkpoint_app.policy.schema import parse_policy
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import CodeColour
from checkpoint_app.scanning.decode import FoundCode
from checkpoint_app.scanning.ocr import OcrLine
from checkpoint_app.scanning.page_text import extract_fields
from checkpoint_app.scanning.screenshot import (
    ScreenshotCodes,
    ScreenshotText,
    _page_kind,
    read_codes,
    read_text,
    screenshot_warnings,
)
from tests.factories import make_bare_record
from tests.policy.conftest import example_content
from tests.scanning.corpus import HEIGHT, WIDTH, _text
from tests.scanning.layouts import (
    LAYOUTS,
    LayoutSample,
    clock_right,
    generate_layouts,
    judge,
    make_layout_sample,
)

SEED = 2022
SCREENSHOT_VARIANTS = ("clean", "wechat", "small")
PER_VARIANT = 2


def got(text: ScreenshotText) -> dict[str, str]:
    values = {key: field.value for key, field in text.fields.items()}
    values["page_kind"] = text.page_kind.value
    return values


def read(sample: LayoutSample) -> ScreenshotText:
    ok, encoded = cv2.imencode(".png", sample.image)
    assert ok
    return read_text(read_codes(encoded.tobytes()), now=sample.now)


@pytest.fixture(scope="module")
def readings() -> list[tuple[LayoutSample, ScreenshotText]]:
    samples = generate_layouts(PER_VARIANT, SEED, variants=SCREENSHOT_VARIANTS)
    return [(sample, read(sample)) for sample in samples]


# --------------------------------------------------------------- the pages themselves


def test_every_layout_draws_the_same_page_for_the_same_seed() -> None:
    for layout in LAYOUTS:
        first = make_layout_sample(layout, CodeColour.GREEN, "wechat", 1, SEED)
        again = make_layout_sample(layout, CodeColour.GREEN, "wechat", 1, SEED)
        assert (first.image == again.image).all(), layout
        assert first.fields == again.fields


def test_every_page_carries_its_kind_and_its_clock() -> None:
    for sample in generate_layouts(1, SEED, variants=("clean",)):
        assert sample.kind in ("health_code", "travel_card"), sample.name
        assert "shown_at" in sample.fields or "status_bar_time" in sample.fields, sample.name
        shown = sample.fields.get("shown_at")
        if shown is not None:
            # Read after it was shown, never before.
            assert datetime.fromisoformat(shown) <= sample.now, sample.name


def test_some_pages_without_a_year_are_read_in_the_new_year() -> None:
    samples = generate_layouts(5, SEED, layouts=("zhejiang", "chongqing"), variants=("clean",))
    crossing = [s for s in samples if s.fields["shown_at"].startswith("2021-12")]

    assert crossing and all(s.now.year == 2022 for s in crossing)


def test_travel_cards_list_starred_cities_and_show_the_note_line() -> None:
    cards = generate_layouts(4, SEED, layouts=("travel7", "travel14"), variants=("clean",))

    assert any("*" in card.fields["travel_cities"] for card in cards)
    assert any("*" not in card.fields["travel_cities"] for card in cards)


# ------------------------------------------------------------------------ reading (OCR)


def _by_layout(
    readings: list[tuple[LayoutSample, ScreenshotText]],
) -> dict[str, list[tuple[LayoutSample, ScreenshotText]]]:
    grouped: dict[str, list[tuple[LayoutSample, ScreenshotText]]] = {}
    for sample, text in readings:
        grouped.setdefault(sample.layout, []).append((sample, text))
    return grouped


@pytest.mark.slow
def test_the_page_kind_is_right_on_at_least_95_percent_of_each_layout(
    readings: list[tuple[LayoutSample, ScreenshotText]],
) -> None:
    for layout, pages in _by_layout(readings).items():
        wrong = [(s.name, t.page_kind.value) for s, t in pages if t.page_kind.value != s.kind]
        assert len(wrong) <= 0.05 * len(pages), (layout, wrong)


@pytest.mark.slow
def test_a_health_page_with_travel_card_and_nat_tiles_stays_a_health_code(
    readings: list[tuple[LayoutSample, ScreenshotText]],
) -> None:
    linked = [
        (s, t)
        for s, t in readings
        if s.kind == "health_code" and "行程卡" in "".join(t.lines) and "核酸" in "".join(t.lines)
    ]

    assert len(linked) >= len(readings) // 2
    assert Counter(t.page_kind.value for _, t in linked) == {"health_code": len(linked)}


@pytest.mark.slow
def test_the_pages_clock_is_read_on_at_least_90_percent_of_each_layout(
    readings: list[tuple[LayoutSample, ScreenshotText]],
) -> None:
    for layout, pages in _by_layout(readings).items():
        missed = [
            (s.name, s.fields.get("shown_at", s.fields.get("status_bar_time")), got(t))
            for s, t in pages
            if not clock_right(judge(s, got(t)))
        ]
        assert len(missed) <= 0.1 * len(pages), (layout, missed)


@pytest.mark.slow
def test_a_page_without_a_clock_is_dated_only_by_its_status_bar(
    readings: list[tuple[LayoutSample, ScreenshotText]],
) -> None:
    clockless = [(s, t) for s, t in readings if "shown_at" not in s.fields]

    assert clockless
    for sample, text in clockless:
        assert "shown_at" not in text.fields, sample.name


@pytest.mark.slow
def test_travel_cities_are_whole_with_every_star_and_never_the_note(
    readings: list[tuple[LayoutSample, ScreenshotText]],
) -> None:
    cards = [(s, t) for s, t in readings if s.kind == "travel_card"]

    assert any("*" in s.fields["travel_cities"] for s, _ in cards)
    for sample, text in cards:
        assert ",".join(text.travel_cities) == sample.fields["travel_cities"], sample.name
        assert not any("注" in city or "风险" in city for city in text.travel_cities)


@pytest.mark.slow
def test_at_most_2_percent_of_the_fields_are_filled_wrongly_on_each_layout(
    readings: list[tuple[LayoutSample, ScreenshotText]],
) -> None:
    for layout, pages in _by_layout(readings).items():
        verdicts = [(s.name, key, v) for s, t in pages for key, v in judge(s, got(t)).items()]
        wrong = [item for item in verdicts if item[2] == "wrong"]
        assert len(wrong) <= 0.02 * len(verdicts), (layout, wrong)


@pytest.mark.slow
def test_a_starred_city_on_a_travel_card_warns_and_reaches_the_policy() -> None:
    card = next(
        s
        for s in generate_layouts(4, SEED, layouts=("travel7",), variants=("clean",))
        if "*" in s.fields["travel_cities"]
    )
    ok, encoded = cv2.imencode(".png", card.image)
    assert ok
    codes = read_codes(encoded.tobytes())
    text = read_text(codes, now=card.now)

    warnings = screenshot_warnings(codes, text, now=card.now, max_age_minutes=24 * 60)
    assert "starred_city" in [w.code for w in warnings]
    # The form shows the cities joined by "，"; the record keeps each with its star.
    record = make_bare_record(travel_cities=tuple("，".join(text.travel_cities).split("，")))
    decision = evaluate(record, parse_policy(example_content(), pack_version=7), load_divisions())
    assert "travel_star" in decision.rule_ids


@pytest.mark.slow
def test_a_star_wrapped_onto_a_line_of_its_own_stays_on_its_city() -> None:
    page = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    ink = (30, 30, 30)
    _text(draw, (WIDTH // 2, 160), "通信大数据行程卡", 56, ink, bold=True, anchor="mm")
    _text(draw, (WIDTH // 2, 500), "更新于：2022.05.10 20:27:05", 36, ink, anchor="mm")
    _text(draw, (90, 1190), "您于前7天内到达或途经：北京市，四川省成都市", 40, ink)
    _text(draw, (90, 1254), "*", 40, ink)
    _text(draw, (90, 1340), "(注：*表示当前该城市存在中风险或高风险地区)", 28, (150, 150, 150))
    ok, encoded = cv2.imencode(".png", np.asarray(page)[:, :, ::-1])
    assert ok

    text = read_text(read_codes(encoded.tobytes()), now=datetime(2022, 5, 10, 20, 40))

    assert text.travel_cities == ("北京市", "四川省成都市*")


# ------------------------------------------------------- page kind, by a person's priorities


def _blank_codes() -> ScreenshotCodes:
    ok, encoded = cv2.imencode(".png", np.full((2340, 1080, 3), 245, np.uint8))
    assert ok
    return read_codes(encoded.tobytes())


def _kind(*texts: str, **codes: object) -> str:
    _, clues = extract_fields(
        [OcrLine(t, 0.9, (0.0, 100.0 * i, 500.0, 100.0 * i + 40)) for i, t in enumerate(texts)],
        now=datetime(2022, 5, 11, 9, 0),
    )
    return _page_kind(dataclasses.replace(_blank_codes(), **codes), clues, has_lines=True).value


def test_a_health_page_with_an_app_tab_row_naming_the_travel_card_stays_a_health_code() -> None:
    assert (
        _kind(
            "豫康码",
            "健康码 行程卡 核酸检测",
            "张*明",
            "绿码",
            colour=CodeColour.GREEN,
            colour_basis="code_area",
        )
        == "health_code"
    )


def test_a_health_page_whose_code_shows_no_colour_is_left_unknown_not_a_travel_card() -> None:
    assert _kind("豫康码", "张*明", "核酸检测结果", "通信大数据行程卡") == "unknown"
    # Its title unread, its words naming 绿码 and a 行程卡 link: still no travel card.
    assert _kind("张*明", "绿码", "核酸 阴性", "行程卡 场所码") == "unknown"
    assert (
        _kind(
            "张*明",
            "绿码",
            "核酸 阴性",
            "行程卡 场所码",
            colour=CodeColour.GREEN,
            colour_basis="code_area",
        )
        == "health_code"
    )


def test_a_travel_card_is_known_by_its_own_body_whatever_else_it_shows() -> None:
    assert _kind("通信大数据行程卡", "138****1234的动态行程卡", "绿码") == "travel_card"


def test_a_payment_or_black_code_under_health_words_is_never_a_health_code() -> None:
    corners = ((300.0, 800.0), (780.0, 800.0), (780.0, 1280.0), (300.0, 1280.0))
    for payload in ("wxp://f2f0abcdef", "https://example.com/menu?table=4"):
        code = FoundCode(payload, corners, "zxing", "test")
        kind = _kind(
            "豫康码",
            "张*明",
            "绿码",
            "行程卡 场所码",
            codes=(code,),
            main_code=code,
            colour=CodeColour.UNKNOWN,
        )
        assert kind == "not_a_code", payload


@pytest.mark.slow
def test_a_crop_through_the_city_list_leaves_the_cut_names_out() -> None:
    # The crop cuts 乌鲁木齐市 at the image's side: 乌鲁 and the wrapped 市 remain.
    card = make_layout_sample("travel14", CodeColour.GREEN, "crop", 0, SEED)
    assert card.fields["travel_cities"] == "新疆维吾尔自治区乌鲁木齐市"

    text = read(card)

    assert "travel_cities" not in text.fields and text.travel_cities == ()
