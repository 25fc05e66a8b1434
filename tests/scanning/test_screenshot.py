"""read_codes (the fast stage), the image fingerprint, and the warnings a worker sees.

The warnings are a pure function: each is tested triggered and not triggered, with the
code stage taken from a real generated screenshot and the OCR stage written by hand.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
from datetime import datetime
from types import MappingProxyType

import cv2
import numpy as np
import pytest
import segno
from PIL import Image

from checkpoint_app.records.model import CodeColour
from checkpoint_app.scanning.images import ImageRejected
from checkpoint_app.scanning.screenshot import (
    PageKind,
    ScreenshotCodes,
    ScreenshotText,
    ScreenshotWarning,
    TextField,
    is_same_image,
    read_codes,
    read_text,
    screenshot_warnings,
)
from tests.scanning.corpus import Sample, _small, _wechat, generate_corpus, make_sample

SEED = 2022
NOW = datetime(2022, 4, 6, 8, 59)


def jpeg(image: np.ndarray, quality: int = 60) -> bytes:
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return encoded.tobytes()


# ------------------------------------------------------------------- read_codes


def bmp(image: np.ndarray) -> bytes:
    # Lossless and ~20× faster to write than PNG: the tests are about reading.
    ok, encoded = cv2.imencode(".bmp", image)
    assert ok
    return encoded.tobytes()


@pytest.fixture(scope="module")
def corpus_codes() -> list[tuple[Sample, ScreenshotCodes]]:
    samples = generate_corpus(14, SEED, variants=("clean", "wechat", "small"))
    return [(sample, read_codes(bmp(sample.image))) for sample in samples]


def test_health_codes_get_the_colour_of_their_modules(
    corpus_codes: list[tuple[Sample, ScreenshotCodes]],
) -> None:
    health = [(s, c) for s, c in corpus_codes if s.kind.startswith("health")]

    assert len(health) >= 18
    for sample, codes in health:
        assert codes.colour is sample.codes[0].colour, sample.name
        assert codes.colour_confidence > 0.5
        assert codes.page_kind is PageKind.HEALTH_CODE


def test_payment_codes_and_pictures_are_never_provisionally_health_codes(
    corpus_codes: list[tuple[Sample, ScreenshotCodes]],
) -> None:
    for sample, codes in corpus_codes:
        if sample.kind == "payment":
            assert codes.page_kind is PageKind.NOT_A_CODE
        if sample.kind == "photo":
            assert codes.page_kind is PageKind.UNKNOWN
            assert codes.main_code is None


def test_a_nat_reports_black_code_is_provisionally_not_a_health_code(
    corpus_codes: list[tuple[Sample, ScreenshotCodes]],
) -> None:
    for sample, codes in corpus_codes:
        if sample.kind == "nat":
            assert codes.colour is CodeColour.UNKNOWN
            assert codes.page_kind is PageKind.NOT_A_CODE


def test_the_coloured_code_is_the_main_one_even_when_a_black_code_is_larger() -> None:
    page = np.full((1600, 1080, 3), 255, dtype=np.uint8)
    for payload, colour, size, top in (
        ("SHOP-LARGE-BLACK-CODE", (0, 0, 0), 600, 60),
        ("YKM-0123456789ABCDEF0123", (0x19, 0xAD, 0x1A), 400, 1000),  # BGR green
    ):
        matrix = np.pad(np.array([list(r) for r in segno.make(payload).matrix], bool), 2)
        tile = np.where(matrix[..., None], np.array(colour, np.uint8), np.uint8(255))
        tile = cv2.resize(tile.astype(np.uint8), (size, size), interpolation=cv2.INTER_NEAREST)
        page[top : top + size, 240 : 240 + size] = tile

    codes = read_codes(bmp(page))

    assert len(codes.codes) == 2
    assert codes.main_code is not None
    assert codes.main_code.text == "YKM-0123456789ABCDEF0123"
    assert codes.colour is CodeColour.GREEN
    assert codes.issuer == "豫康码"
    assert [r.colour for r in codes.code_colours] == [
        CodeColour.UNKNOWN if c.text.startswith("SHOP") else CodeColour.GREEN for c in codes.codes
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"this is not an image at all", "format"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "corrupt"),
    ],
)
def test_bad_files_are_refused_with_a_chinese_message(data: bytes, reason: str) -> None:
    with pytest.raises(ImageRejected) as refused:
        read_codes(data)

    assert refused.value.reason == reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)


def test_timings_name_each_stage_of_reading_codes(
    corpus_codes: list[tuple[Sample, ScreenshotCodes]],
) -> None:
    assert set(corpus_codes[0][1].timings_ms) == {"load", "decode", "colour", "hash"}


def test_cancelled_before_decoding_finds_nothing_and_says_so() -> None:
    sample = make_sample("health", "clean", 0, SEED)

    codes = read_codes(bmp(sample.image), is_cancelled=lambda: True)

    assert codes.cancelled
    assert codes.codes == ()


def test_progress_rises_to_one_while_reading_codes() -> None:
    seen: list[float] = []

    read_codes(bmp(make_sample("nat", "clean", 0, SEED).image), on_progress=seen.append)

    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_screenshot_codes_are_frozen(corpus_codes: list[tuple[Sample, ScreenshotCodes]]) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        corpus_codes[0][1].colour = CodeColour.RED  # type: ignore[misc]


# ------------------------------------------------------------------- fingerprint


@pytest.mark.parametrize("kind", ["health", "health_overlay", "travel", "nat", "payment"])
def test_the_same_page_resent_through_wechat_has_the_same_fingerprint(kind: str) -> None:
    rng = np.random.default_rng(1)
    for index in range(2):
        clean = make_sample(kind, "clean", index, SEED).image
        original = read_codes(bmp(clean)).fingerprint
        recompressed = read_codes(bmp(_wechat(clean, rng))).fingerprint
        shrunk = read_codes(jpeg(_small(clean, rng)[0], 80)).fingerprint

        assert is_same_image(original, recompressed)
        assert is_same_image(original, shrunk)


@pytest.mark.parametrize("kind", ["health", "health_logo", "health_overlay", "travel", "nat"])
def test_two_travellers_pages_of_one_layout_are_not_the_same_image(kind: str) -> None:
    prints = [
        read_codes(bmp(make_sample(kind, "clean", i, SEED).image)).fingerprint for i in range(5)
    ]

    for a, b in itertools.combinations(prints, 2):
        assert not is_same_image(a, b)


def test_malformed_fingerprints_are_never_the_same_image() -> None:
    assert not is_same_image("zz", "zz")
    assert not is_same_image("", "")


# ---------------------------------------------------------------------- warnings


@pytest.fixture(scope="module")
def health_codes() -> ScreenshotCodes:
    return read_codes(bmp(make_sample("health", "clean", 0, SEED).image))


def text(
    kind: PageKind = PageKind.HEALTH_CODE, cities: tuple[str, ...] = (), **fields: str
) -> ScreenshotText:
    return ScreenshotText(
        page_kind=kind,
        fields=MappingProxyType({k: TextField(v, 0.98) for k, v in fields.items()}),
        travel_cities=cities,
        lines=(),
        timings_ms=MappingProxyType({}),
    )


def warn(
    codes: ScreenshotCodes, read: ScreenshotText | None, **typed: object
) -> list[ScreenshotWarning]:
    arguments: dict[str, object] = {"now": NOW, "max_age_minutes": 30, **typed}
    return screenshot_warnings(codes, read, **arguments)  # type: ignore[arg-type]


def codes_of(warnings: list[ScreenshotWarning]) -> list[str]:
    return [w.code for w in warnings]


def green(codes: ScreenshotCodes) -> ScreenshotCodes:
    return dataclasses.replace(codes, colour=CodeColour.GREEN)


def test_a_screenshot_older_than_the_limit_says_when_and_how_long_ago(
    health_codes: ScreenshotCodes,
) -> None:
    warnings = warn(green(health_codes), text(shown_at="2022-04-06T08:12:00", colour_text="green"))

    assert warnings == [
        ScreenshotWarning("stale_screenshot", "截图时间 08:12，已过 47 分钟，请让旅客现场刷新")
    ]


def test_a_fresh_screenshot_gives_no_warning(health_codes: ScreenshotCodes) -> None:
    assert (
        warn(green(health_codes), text(shown_at="2022-04-06T08:40:00", colour_text="green")) == []
    )


def test_a_screenshot_from_an_earlier_day_gives_its_date(health_codes: ScreenshotCodes) -> None:
    (warning,) = warn(green(health_codes), text(shown_at="2022-04-03T20:00:00"))

    assert warning.message == "截图时间 04-03 20:00，已过 2 天，请让旅客现场刷新"


def test_an_aware_now_is_compared_in_local_time(health_codes: ScreenshotCodes) -> None:
    aware_now = NOW.astimezone()  # the same instant, with the local offset

    warnings = screenshot_warnings(
        green(health_codes), text(shown_at="2022-04-06T08:12:00"), now=aware_now, max_age_minutes=30
    )

    assert codes_of(warnings) == ["stale_screenshot"]


def test_without_a_page_clock_an_old_status_bar_time_warns_as_a_lower_bound(
    health_codes: ScreenshotCodes,
) -> None:
    (warning,) = warn(green(health_codes), text(status_bar_time="07:40", colour_text="green"))

    assert warning.code == "stale_status_bar"
    assert "状态栏时间 07:40" in warning.message and "至少已过 79 分钟" in warning.message
    assert "仅供参考" in warning.message


@pytest.mark.parametrize("shown", ["08:50", "09:02", "8:40"])
def test_a_status_bar_time_never_vouches_and_a_recent_one_says_nothing(
    health_codes: ScreenshotCodes, shown: str
) -> None:
    # 8:40 on a 12-hour phone may be 20:40 yesterday or 08:40 today: the later, 19 min.
    assert warn(green(health_codes), text(status_bar_time=shown, colour_text="green")) == []


def test_a_twelve_hour_status_bar_time_counts_the_later_half_of_the_day(
    health_codes: ScreenshotCodes,
) -> None:
    # At 08:59, "7:30" is at least 89 minutes old whichever half of the day it was.
    (warning,) = warn(green(health_codes), text(status_bar_time="7:30"))

    assert "至少已过 89 分钟" in warning.message


def test_the_pages_own_clock_outranks_the_status_bar(health_codes: ScreenshotCodes) -> None:
    fresh_page = text(shown_at="2022-04-06T08:50:00", status_bar_time="06:00")

    assert warn(green(health_codes), fresh_page) == []


def test_a_clock_far_ahead_of_the_workstation_is_flagged(health_codes: ScreenshotCodes) -> None:
    assert codes_of(warn(green(health_codes), text(shown_at="2022-04-06T10:00:00"))) == [
        "clock_ahead"
    ]
    assert warn(green(health_codes), text(shown_at="2022-04-06T09:05:00")) == []


def test_an_image_already_used_today_is_flagged(health_codes: ScreenshotCodes) -> None:
    clean = make_sample("health", "clean", 0, SEED).image
    same = read_codes(jpeg(clean, 50)).fingerprint
    other = read_codes(bmp(make_sample("health", "clean", 1, SEED).image)).fingerprint

    assert codes_of(warn(green(health_codes), None, recent_phashes=[other, same])) == [
        "reused_image"
    ]
    assert warn(green(health_codes), None, recent_phashes=[other]) == []


@pytest.mark.parametrize(
    ("masked", "typed", "fits"),
    [
        ("张*明", "张三明", True),
        ("张*明", "张明", False),
        ("张*明", "李三明", False),
        ("*伟", "王伟", True),
        ("李*", "李小龙", True),
        ("*伟", "王强", False),
    ],
)
def test_a_masked_name_that_does_not_fit_the_typed_one_is_flagged(
    health_codes: ScreenshotCodes, masked: str, typed: str, fits: bool
) -> None:
    warnings = warn(green(health_codes), text(name_masked=masked), typed_name=typed)

    assert codes_of(warnings) == ([] if fits else ["name_mismatch"])
    if not fits:
        assert masked in warnings[0].message and typed in warnings[0].message


def test_an_id_tail_that_does_not_fit_the_typed_document_is_flagged(
    health_codes: ScreenshotCodes,
) -> None:
    read = text(id_tail="203X")

    assert warn(green(health_codes), read, typed_document="41162219900101203x") == []
    assert codes_of(warn(green(health_codes), read, typed_document="411622199001011234")) == [
        "id_mismatch"
    ]


def test_a_phone_tail_that_does_not_fit_the_typed_phone_is_flagged(
    health_codes: ScreenshotCodes,
) -> None:
    read = text(PageKind.TRAVEL_CARD, phone_tail="3491")

    assert warn(green(health_codes), read, typed_phone="138 0013 3491") == []
    assert codes_of(warn(green(health_codes), read, typed_phone="13800134444")) == [
        "phone_mismatch"
    ]


def test_nothing_typed_yet_means_nothing_to_compare(health_codes: ScreenshotCodes) -> None:
    read = text(name_masked="张*明", id_tail="1234", phone_tail="3491")

    assert warn(green(health_codes), read, typed_name=" ", typed_document="", typed_phone="") == []


def test_a_starred_city_on_the_travel_card_is_flagged(health_codes: ScreenshotCodes) -> None:
    starred = text(PageKind.TRAVEL_CARD, cities=("河南省周口市", "上海市*"))
    plain = text(PageKind.TRAVEL_CARD, cities=("河南省周口市", "河南省郑州市"))

    (warning,) = warn(green(health_codes), starred)
    assert warning.code == "starred_city"
    assert "上海市*" in warning.message
    assert warn(green(health_codes), plain) == []


def test_colour_by_pixels_and_by_text_that_disagree_is_flagged(
    health_codes: ScreenshotCodes,
) -> None:
    (warning,) = warn(green(health_codes), text(colour_text="red"))

    assert warning.code == "colour_mismatch"
    assert "绿码" in warning.message and "红码" in warning.message
    assert warn(green(health_codes), text(colour_text="green")) == []


def test_a_page_that_is_not_a_health_code_is_flagged(health_codes: ScreenshotCodes) -> None:
    black = dataclasses.replace(
        health_codes, colour=CodeColour.UNKNOWN, page_kind=PageKind.NOT_A_CODE
    )

    assert codes_of(warn(black, text(PageKind.NOT_A_CODE))) == ["not_health_code"]
    assert codes_of(warn(black, text(PageKind.UNKNOWN))) == ["not_health_code"]
    assert warn(black, text(PageKind.NAT_REPORT)) == []
    assert warn(green(health_codes), text(PageKind.HEALTH_CODE)) == []


def test_a_black_code_waits_for_the_words_but_a_payment_code_is_flagged_at_once(
    health_codes: ScreenshotCodes,
) -> None:
    black = dataclasses.replace(
        health_codes, colour=CodeColour.UNKNOWN, page_kind=PageKind.NOT_A_CODE
    )
    assert black.main_code is not None
    payment_code = dataclasses.replace(black.main_code, text="wxp://f2f0AbCdEf0123456789")
    payment = dataclasses.replace(black, codes=(payment_code,), main_code=payment_code)

    assert warn(black, None) == []  # a NAT report's code is black too
    (warning,) = warn(payment, None)
    assert warning.code == "not_health_code"
    assert "付款码" in warning.message
    assert codes_of(warn(payment, text(PageKind.HEALTH_CODE))) == ["not_health_code"]


def test_no_code_found_is_not_flagged_before_ocr_has_read_the_page(
    health_codes: ScreenshotCodes,
) -> None:
    nothing = dataclasses.replace(
        health_codes,
        codes=(),
        main_code=None,
        colour=CodeColour.UNKNOWN,
        page_kind=PageKind.UNKNOWN,
    )

    assert warn(nothing, None) == []
    assert warn(nothing, text(PageKind.TRAVEL_CARD)) == []


def test_a_positive_nat_result_is_flagged(health_codes: ScreenshotCodes) -> None:
    assert codes_of(warn(green(health_codes), text(nat_result="positive"))) == ["nat_positive"]
    assert warn(green(health_codes), text(nat_result="negative")) == []


def _grey_code_under_a_venue_button() -> bytes:
    """A 灰码 whose centre a 请扫"场所码" button hides: it cannot decode."""
    from PIL import ImageDraw

    from tests.scanning.corpus import _qr_image

    page = Image.new("RGB", (1080, 2340), (245, 245, 245))
    code = _qr_image("https://hnhealth.example/code?id=0123456789abcdef", 640, (128, 128, 128))
    page.paste(code, (220, 700))
    draw = ImageDraw.Draw(page)
    # A quarter of the symbol under the button: more than its error correction mends.
    draw.rounded_rectangle((360, 860, 720, 1180), 30, fill=(52, 120, 246))
    buffer = io.BytesIO()
    page.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_grey_code_that_does_not_decode_is_still_grey_from_its_modules() -> None:
    codes = read_codes(_grey_code_under_a_venue_button())

    assert codes.codes == ()
    assert codes.colour is CodeColour.GREY
    assert codes.colour_basis == "code_area"
    # Provisionally not a health code: a coloured patch alone is no proof of one.
    assert codes.page_kind is PageKind.UNKNOWN


# ------------------------------------------------------------ the travel card's colour


def _bmp_of(sample_image: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".bmp", sample_image)
    assert ok
    return encoded.tobytes()


def test_a_travel_card_without_colour_words_takes_its_colour_from_its_arrow() -> None:
    from tests.scanning.corpus import make_travel_sample

    # The older disc-style card has no 请收下…色行程卡 tab: only the arrow tells.
    sample = make_travel_sample(CodeColour.RED, "clean", 0, 11, style="disc")

    text = read_text(read_codes(_bmp_of(sample.image)))

    assert text.page_kind is PageKind.TRAVEL_CARD
    assert text.fields["travel_colour"].value == "red"


def test_a_travel_card_whose_words_and_arrow_disagree_gets_no_colour_and_a_warning() -> None:
    from tests.scanning.corpus import make_travel_sample

    edited = make_travel_sample(CodeColour.RED, "clean", 1, 11, words=CodeColour.GREEN)
    codes = read_codes(_bmp_of(edited.image))

    text = read_text(codes)
    warnings = screenshot_warnings(codes, text, now=datetime(2022, 4, 30), max_age_minutes=10**6)

    assert "travel_colour" not in text.fields
    (mismatch,) = [w for w in warnings if w.code == "travel_colour_mismatch"]
    assert "红色" in mismatch.message and "绿色" in mismatch.message


def test_a_health_code_page_never_gets_a_travel_colour() -> None:

    sample = make_sample("health", "clean", 0, 11)  # a green code: the page's biggest blob
    codes = read_codes(_bmp_of(sample.image))

    text = read_text(codes)

    assert text.page_kind is PageKind.HEALTH_CODE
    assert "travel_colour" not in text.fields
