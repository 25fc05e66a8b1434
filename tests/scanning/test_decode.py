"""decode_codes and classify_code_colour on generated health-code screenshots.

The corpus (tests/scanning/corpus.py) renders pages a traveller shows at a checkpoint
and degrades them like WeChat and phone cameras do; every rate below is asserted per
variant, on codes whose payload and colour are known.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
import pytest
import segno

from checkpoint_app.records.model import CodeColour
from checkpoint_app.scanning.colour import ColourReading, classify_code_colour
from checkpoint_app.scanning.decode import (
    THOROUGH_STEPS,
    DecodeResult,
    FoundCode,
    decode_codes,
)
from tests.scanning.corpus import VARIANTS, Sample, generate_corpus

# 35 per variant = 5 of each page kind; fixed seed so a failure reproduces.
N_PER_VARIANT = 35
SEED = 2022
MIN_DECODE_RATE = {"clean": 1.0, "wechat": 0.98, "small": 0.98, "crop": 0.98, "photo": 0.90}


@dataclass(frozen=True, slots=True)
class Outcome:
    sample: Sample
    result: DecodeResult
    colours: dict[str, ColourReading]  # payload → reading


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    found = []
    for sample in generate_corpus(N_PER_VARIANT, SEED):
        result = decode_codes(sample.image)
        colours = {
            code.text: classify_code_colour(sample.image, code.corners) for code in result.codes
        }
        found.append(Outcome(sample, result, colours))
    return found


def expected_codes(outcomes: list[Outcome], variant: str) -> Iterator[tuple[Outcome, str]]:
    for outcome in outcomes:
        if outcome.sample.variant == variant:
            for code in outcome.sample.codes:
                yield outcome, code.payload


# ------------------------------------------------------------------ corpus rates


@pytest.mark.parametrize("variant", VARIANTS)
def test_codes_are_decoded_at_the_required_rate_for_each_variant(
    outcomes: list[Outcome], variant: str
) -> None:
    expected = list(expected_codes(outcomes, variant))
    missed = [o.sample.name for o, payload in expected if payload not in o.result.texts]

    assert len(expected) >= 20
    rate = 1 - len(missed) / len(expected)
    assert rate >= MIN_DECODE_RATE[variant], f"{variant}: missed {missed}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_colour_is_right_for_at_least_98_percent_of_decoded_codes(
    outcomes: list[Outcome], variant: str
) -> None:
    judged = wrong = 0
    wrong_names = []
    for outcome in outcomes:
        if outcome.sample.variant != variant:
            continue
        for truth in outcome.sample.codes:
            reading = outcome.colours.get(truth.payload)
            if reading is None:
                continue
            judged += 1
            if reading.colour is not truth.colour:
                wrong += 1
                wrong_names.append((outcome.sample.name, truth.colour.value, reading.colour.value))

    assert judged >= 20
    assert 1 - wrong / judged >= 0.98, wrong_names


def test_black_codes_are_never_given_a_health_code_colour(outcomes: list[Outcome]) -> None:
    black_codes = [
        (outcome, truth)
        for outcome in outcomes
        for truth in outcome.sample.codes
        if truth.colour is CodeColour.UNKNOWN and truth.payload in outcome.colours
    ]

    assert len(black_codes) >= 40  # payment and NAT-report codes in every variant
    given = [
        (outcome.sample.name, outcome.colours[truth.payload].colour.value)
        for outcome, truth in black_codes
        if outcome.colours[truth.payload].colour is not CodeColour.UNKNOWN
    ]
    assert given == []


def test_pages_without_a_code_yield_no_codes(outcomes: list[Outcome]) -> None:
    empty_pages = [o for o in outcomes if not o.sample.codes]

    assert len(empty_pages) >= 25  # photo-like images and travel cards without a code
    assert [o.sample.name for o in empty_pages if o.result.codes] == []


def test_no_page_yields_a_payload_that_is_not_on_it(outcomes: list[Outcome]) -> None:
    invented = [
        (o.sample.name, text)
        for o in outcomes
        for text in o.result.texts
        if text not in o.sample.payloads
    ]
    assert invented == []


def test_corners_are_those_of_the_code_in_the_image(outcomes: list[Outcome]) -> None:
    far = []
    for outcome in outcomes:
        for truth in outcome.sample.codes:
            code = next((c for c in outcome.result.codes if c.text == truth.payload), None)
            if code is None:
                continue
            side = math.dist(truth.quad[0], truth.quad[1])
            worst = max(min(math.dist(p, q) for q in truth.quad) for p in code.corners)
            if worst > 0.05 * side:
                far.append((outcome.sample.name, round(worst / side, 3)))
    assert far == []


# --------------------------------------------------------------- cascade behaviour


def qr_image(
    payload: str, *, module: int = 8, dark: tuple[int, int, int] = (0, 0, 0), error: str = "m"
) -> npt.NDArray[np.uint8]:
    """A BGR image of one code with a 4-module white quiet zone."""
    symbol = segno.make(payload, micro=False, error=error, boost_error=False)
    matrix = np.array([list(row) for row in symbol.matrix], dtype=bool)
    matrix = np.pad(matrix, 4)
    pixels = np.where(matrix[..., None], np.array(dark, np.uint8), np.uint8(255))
    return np.ascontiguousarray(np.repeat(np.repeat(pixels, module, 0), module, 1))


def test_the_same_code_shown_twice_is_reported_once() -> None:
    code = qr_image("https://hc.hnjkm.cn/code?c=twice")
    image = np.hstack([code, code])

    result = decode_codes(image, steps=THOROUGH_STEPS, exhaustive=True)

    assert result.texts == ("https://hc.hnjkm.cn/code?c=twice",)


def test_two_different_codes_on_one_page_are_both_found_with_their_positions() -> None:
    left, right = qr_image("健康码 A"), qr_image("行程卡 B")
    image = np.hstack([left, np.full_like(left, 255), right])

    result = decode_codes(image)

    by_text = {code.text: code for code in result.codes}
    assert set(by_text) == {"健康码 A", "行程卡 B"}
    assert max(x for x, _ in by_text["健康码 A"].corners) < left.shape[1]
    assert min(x for x, _ in by_text["行程卡 B"].corners) > 2 * left.shape[1]


def test_tiny_code_is_found_by_upscaling_with_corners_in_original_coordinates() -> None:
    # 2 px per module, 58 px wide in a 220 px image: too small for the first step.
    tiny = qr_image("https://xc.caict.ac.cn/v?tiny-code-0001", module=2)
    image = np.full((220, 220, 3), 255, np.uint8)
    image[80 : 80 + tiny.shape[0], 100 : 100 + tiny.shape[1]] = tiny

    result = decode_codes(image)

    assert result.texts == ("https://xc.caict.ac.cn/v?tiny-code-0001",)
    (code,) = result.codes
    xs = [x for x, _ in code.corners]
    ys = [y for _, y in code.corners]
    quiet = 4 * 2
    assert min(xs) == pytest.approx(100 + quiet, abs=3)
    assert min(ys) == pytest.approx(80 + quiet, abs=3)
    assert max(xs) == pytest.approx(100 + tiny.shape[1] - quiet, abs=3)


def test_result_lists_steps_tried_with_timings_and_which_step_found_the_code() -> None:
    result = decode_codes(qr_image("绿码 step"))

    assert result.steps_tried[0] == result.codes[0].step
    assert set(result.timings_ms) == set(result.steps_tried)
    assert all(ms >= 0 for ms in result.timings_ms.values())
    assert result.codes[0].decoder == "zxing"


def test_an_image_with_no_code_tries_every_default_step_and_finds_nothing() -> None:
    noise = np.random.default_rng(5).integers(0, 256, (400, 300, 3), dtype=np.uint8)

    result = decode_codes(noise)

    assert result.codes == ()
    assert len(result.steps_tried) >= 3
    assert not result.cancelled


def test_cancelling_stops_between_steps_and_says_so() -> None:
    calls = []

    def cancel_after_first_step() -> bool:
        calls.append(1)
        return len(calls) > 1

    noise = np.random.default_rng(6).integers(0, 256, (400, 300, 3), dtype=np.uint8)
    result = decode_codes(noise, is_cancelled=cancel_after_first_step)

    assert result.cancelled
    assert len(result.steps_tried) == 1


def test_progress_rises_to_one_while_the_cascade_runs() -> None:
    reported: list[float] = []
    noise = np.random.default_rng(7).integers(0, 256, (300, 300, 3), dtype=np.uint8)

    decode_codes(noise, on_progress=reported.append)

    assert reported == sorted(reported)
    assert reported[-1] == 1.0
    assert len(reported) >= 3


def test_missing_zbar_library_gives_a_notice_and_decoding_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What an install without libzbar0 looks like: importing pyzbar fails.
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)

    result = decode_codes(qr_image("no zbar here"), steps=THOROUGH_STEPS, exhaustive=True)

    assert result.texts == ("no zbar here",)
    assert any("zbar" in notice for notice in result.notices)
    assert not any(step.startswith("zbar") for step in result.steps_tried)


def test_with_zbar_installed_there_is_no_notice() -> None:
    assert decode_codes(qr_image("zbar present")).notices == ()


def test_greyscale_and_bgra_images_are_accepted() -> None:
    bgr = qr_image("灰度图")
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    bgra = cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA)

    assert decode_codes(np.asarray(grey, np.uint8)).texts == ("灰度图",)
    assert decode_codes(np.asarray(bgra, np.uint8)).texts == ("灰度图",)


def test_found_code_is_a_frozen_value() -> None:
    code = decode_codes(qr_image("frozen")).codes[0]
    assert isinstance(code, FoundCode)
    with pytest.raises(AttributeError):
        code.text = "changed"  # type: ignore[misc]


# ------------------------------------------------------------------ colour alone

SHADES = {
    CodeColour.GREEN: [(0x19, 0xAD, 0x1A), (0x60, 0xC1, 0x07)],  # BGR
    CodeColour.YELLOW: [(0x00, 0xB5, 0xF7), (0x23, 0xA6, 0xF5)],
    CodeColour.RED: [(0x30, 0x30, 0xE5), (0x18, 0x1E, 0xD9)],
    CodeColour.GREY: [(0x99, 0x99, 0x99), (0x80, 0x80, 0x80)],
    CodeColour.UNKNOWN: [(0, 0, 0), (0x30, 0x30, 0x30)],
}


def colour_case(colour: CodeColour, shade: int) -> tuple[npt.NDArray[np.uint8], FoundCode]:
    image = qr_image(f"colour-{colour.value}-{shade}", dark=SHADES[colour][shade])
    return image, decode_codes(image).codes[0]


@pytest.mark.parametrize("colour", list(SHADES))
@pytest.mark.parametrize("shade", [0, 1])
def test_colour_is_read_from_the_modules(colour: CodeColour, shade: int) -> None:
    image, code = colour_case(colour, shade)

    reading = classify_code_colour(image, code.corners)

    assert reading.colour is colour
    assert reading.confidence > 0.7


@pytest.mark.parametrize("colour", [CodeColour.YELLOW, CodeColour.RED, CodeColour.UNKNOWN])
def test_a_green_page_around_the_code_does_not_make_it_green(colour: CodeColour) -> None:
    code_image, code = colour_case(colour, 0)
    page = np.zeros((code_image.shape[0] + 400, code_image.shape[1] + 400, 3), np.uint8)
    page[:] = (0x60, 0xC1, 0x07)  # WeChat green everywhere outside the code
    page[200:-200, 200:-200] = code_image
    corners = [(x + 200, y + 200) for x, y in code.corners]

    assert classify_code_colour(page, corners).colour is colour


def test_green_modules_on_a_grey_panel_are_green() -> None:
    image = qr_image("津心通", dark=(0x45, 0xA2, 0x2B))
    image[np.all(image == 255, axis=2)] = (215, 215, 215)
    code = decode_codes(image).codes[0]

    assert classify_code_colour(image, code.corners).colour is CodeColour.GREEN


def test_a_blue_logo_in_the_middle_does_not_colour_a_black_code() -> None:
    image = qr_image("wxp://f2f0payment-with-logo", dark=(0, 0, 0), error="h")
    centre, half = image.shape[0] // 2, image.shape[0] // 10
    image[centre - half : centre + half, centre - half : centre + half] = (255, 122, 0)
    corners = decode_codes(image).codes[0].corners

    assert classify_code_colour(image, corners).colour is CodeColour.UNKNOWN


def test_a_blue_code_is_not_a_health_code_colour() -> None:
    image = qr_image("blue", dark=(200, 90, 20))
    code = decode_codes(image).codes[0]
    assert classify_code_colour(image, code.corners).colour is CodeColour.UNKNOWN


def test_yellow_code_survives_heavy_jpeg() -> None:
    image, code = colour_case(CodeColour.YELLOW, 1)
    _, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 30])
    degraded = np.asarray(cv2.imdecode(encoded, cv2.IMREAD_COLOR), np.uint8)

    assert classify_code_colour(degraded, code.corners).colour is CodeColour.YELLOW


def test_degenerate_corners_give_unknown_with_no_confidence() -> None:
    image = qr_image("flat")
    reading = classify_code_colour(image, [(10, 10), (10, 10), (10, 10), (10, 10)])
    assert reading == ColourReading(CodeColour.UNKNOWN, 0.0)


# ------------------------------------------- photos in hand, covered codes, travel cards

from tests.scanning.corpus import (  # noqa: E402
    HEALTH_COLOURS,
    make_covered_sample,
    make_hand_photo_sample,
    make_travel_sample,
)


def _corner_error(found: FoundCode, truth: tuple[tuple[float, float], ...]) -> float:
    """Largest distance from a found corner to the nearest true corner, in pixels."""
    return max(min(math.dist(corner, point) for point in truth) for corner in found.corners)


@pytest.fixture(scope="module")
def hand_photos() -> list[tuple[Sample, DecodeResult]]:
    kinds = ("health", "health_logo", "health_overlay", "payment", "nat")
    # Seed 3: among its 30 photos, the whole-frame cascade misses four, the rescue 1.
    samples = [make_hand_photo_sample(kinds[i % len(kinds)], i, 3) for i in range(30)]
    return [(sample, decode_codes(sample.image)) for sample in samples]


def test_codes_in_hurried_hand_held_photos_are_decoded_at_least_90_percent(
    hand_photos: list[tuple[Sample, DecodeResult]],
) -> None:
    missed = [s.name for s, result in hand_photos if not set(s.payloads) <= set(result.texts)]
    whole_frame = [
        s.name
        for s, _ in hand_photos
        if not set(s.payloads) <= set(decode_codes(s.image, rescue=False).texts)
    ]

    assert 1 - len(missed) / len(hand_photos) >= 0.9, missed
    assert len(missed) < len(whole_frame), (missed, whole_frame)


def test_codes_decoded_in_hand_held_photos_have_their_own_colour(
    hand_photos: list[tuple[Sample, DecodeResult]],
) -> None:
    wrong = []
    for sample, result in hand_photos:
        for code in result.codes:
            (truth,) = [c.colour for c in sample.codes if c.payload == code.text]
            reading = classify_code_colour(sample.image, code.corners)
            if reading.colour is not truth:
                wrong.append((sample.name, truth.value, reading.colour.value))

    assert wrong == []


def test_a_code_found_in_the_rectified_screen_has_its_corners_on_the_photo(
    hand_photos: list[tuple[Sample, DecodeResult]],
) -> None:
    rescued = [
        (sample, code)
        for sample, result in hand_photos
        for code in result.codes
        if code.step == "zxing:screen"
    ]

    assert rescued, "no photo needed the screen to be found"
    for sample, code in rescued:
        (truth,) = [c.quad for c in sample.codes if c.payload == code.text]
        assert _corner_error(code, truth) < 12, sample.name


def test_the_screen_rescue_costs_nothing_when_the_cheap_steps_decode() -> None:
    sample = generate_corpus(1, SEED, variants=("clean",))[0]

    result = decode_codes(sample.image)

    assert result.texts == sample.payloads
    assert "zxing:screen" not in result.steps_tried
    assert "zxing:unmask" not in result.steps_tried


@pytest.mark.parametrize("variant", ["clean", "wechat", "small", "photo"])
def test_a_covered_code_keeps_its_colour_and_the_button_never_votes(variant: str) -> None:
    from checkpoint_app.scanning.screenshot import read_codes

    samples = [make_covered_sample(HEALTH_COLOURS[i % 4], variant, i, SEED) for i in range(8)]
    read = [(s, read_codes(_bmp(s.image))) for s in samples]
    wrong = [
        (s.name, codes.colour.value)
        for s, codes in read
        if codes.colour not in (CodeColour.UNKNOWN, s.codes[0].colour)
    ]
    right = [s for s, codes in read if codes.colour is s.codes[0].colour]

    assert all(not codes.codes for _, codes in read)  # they really do not decode
    assert wrong == []
    assert len(right) >= (8 if variant != "photo" else 6), [c.colour for _, c in read]


@pytest.mark.parametrize("variant", ["clean", "wechat", "small", "crop", "photo"])
@pytest.mark.parametrize("style", ["ring", "disc"])
def test_a_travel_cards_arrow_gives_its_colour_in_every_colour(variant: str, style: str) -> None:
    from checkpoint_app.scanning.colour import classify_card_colour

    for index, colour in enumerate((CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED)):
        sample = make_travel_sample(colour, variant, index, SEED, style=style)

        assert classify_card_colour(sample.image).colour is colour, sample.name


def test_a_black_payment_code_that_does_not_decode_gets_no_health_colour() -> None:
    from PIL import Image, ImageDraw

    from checkpoint_app.scanning.screenshot import read_codes
    from tests.scanning.corpus import _place_qr

    page = Image.new("RGB", (1080, 2340), (7, 193, 96))
    ImageDraw.Draw(page).rounded_rectangle((50, 260, 1030, 1700), 24, fill="white")
    _place_qr(page, "wxp://f2f0AbCdEf0123456789abcdef", 600, (240, 700), (0, 0, 0), error="m")
    ImageDraw.Draw(page).rounded_rectangle((330, 900, 750, 1100), 30, fill=(7, 193, 96))

    codes = read_codes(_bmp(np.ascontiguousarray(np.asarray(page)[:, :, ::-1])))

    assert codes.colour is CodeColour.UNKNOWN


def _bmp(image: npt.NDArray[np.uint8]) -> bytes:
    ok, encoded = cv2.imencode(".bmp", image)
    assert ok
    return encoded.tobytes()
