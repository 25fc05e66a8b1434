"""OCR of screenshot text: field rules on text alone, then rates on generated pages.

The rates run the real offline OCR (rapidocr-onnxruntime) on a small fixed sample of
tests/scanning/corpus.py (OCR takes about half a second a page): every page kind, clean
and WeChat-recompressed, checked against the text the generator drew.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from checkpoint_app.scanning.ocr import OcrLine, read_lines
from checkpoint_app.scanning.page_text import extract_fields
from checkpoint_app.scanning.screenshot import (
    PageKind,
    ScreenshotCodes,
    ScreenshotText,
    read_codes,
    read_text,
)
from tests.scanning.corpus import FONT_DIR, Sample, generate_corpus

SEED = 2022
EXPECTED_KIND = {
    "health": PageKind.HEALTH_CODE,
    "health_logo": PageKind.HEALTH_CODE,
    "health_overlay": PageKind.HEALTH_CODE,
    "travel": PageKind.TRAVEL_CARD,
    "nat": PageKind.NAT_REPORT,
    "payment": PageKind.NOT_A_CODE,
    "photo": PageKind.UNKNOWN,
}


def lines(*texts: str) -> list[OcrLine]:
    return [
        OcrLine(text, 0.9, (0.0, 100.0 * i, 500.0, 100.0 * i + 40)) for i, text in enumerate(texts)
    ]


def values(*texts: str) -> dict[str, str]:
    fields, _ = extract_fields(lines(*texts))
    return {key: reading.value for key, reading in fields.items()}


# ------------------------------------------------------------ field rules on text


def test_health_code_page_gives_clock_name_id_colour_nat_and_vaccine() -> None:
    found = values(
        "豫康码",
        "张*明",
        "4107 *1234",
        "2022-04-06",
        "12:15:01",
        "绿码",
        "核酸检测阴性 48小时",
        "采样时间 2022-04-0508:30 核酸结果",
        "疫苗接种 已完成3针",
    )

    assert found == {
        "shown_at": "2022-04-06T12:15:01",
        "name_masked": "张*明",
        "id_tail": "1234",
        "colour_text": "green",
        "nat_result": "negative",
        "nat_hours_tile": "48",
        "nat_time": "2022-04-05T08:30:00",
        "vaccine": "3",
    }


def test_sampling_time_is_never_taken_for_the_pages_clock() -> None:
    found = values("采样时间 2022-04-05 08:30", "检测时间 2022-04-05 21:12")

    assert "shown_at" not in found
    assert found["nat_time"] == "2022-04-05T08:30:00"


def test_testing_time_is_the_nat_time_when_no_sampling_time_is_shown() -> None:
    assert values("检测时间", "2022-04-05 21:12")["nat_time"] == "2022-04-05T21:12:00"


def test_travel_card_gives_phone_tail_update_time_and_cities_with_their_stars() -> None:
    found = values(
        "通信大数据行程卡",
        "138****3491的动态行程卡",
        "更新于：2022.04.22 06:00:22",
        "您于前14天内到达或途经：",
        "河南省周口市，上海市＊，吉林省长春市※",
        "结果包含您在前14天内到访的国家（地区）与停留4小时以上的国内城市",
    )

    assert found["phone_tail"] == "3491"
    assert found["travel_updated_at"] == "2022-04-22T06:00:22"
    assert found["shown_at"] == "2022-04-22T06:00:22"
    assert found["travel_cities"] == "河南省周口市,上海市*,吉林省长春市*"
    assert "name_masked" not in found
    assert "nat_hours_tile" not in found  # "停留4小时" is not a 24/48/72-hour tile


def test_a_masked_id_split_by_ocr_or_with_an_x_keeps_its_tail() -> None:
    assert values("4107**", "****203x")["id_tail"] == "203X"
    assert values("张*明 410*7******1234")["id_tail"] == "1234"
    assert values("证件号码 4116**********882X")["id_tail"] == "882X"


def test_a_run_of_asterisks_in_a_name_reads_as_one() -> None:
    assert values("张**明")["name_masked"] == "张*明"
    assert values("姓名 *伟")["name_masked"] == "*伟"


def test_positive_result_is_read_as_positive() -> None:
    assert values("核酸检测 阳性")["nat_result"] == "positive"


def test_an_impossible_date_is_not_a_field() -> None:
    assert "shown_at" not in values("2022-13-45 25:61:00")


def test_words_give_the_page_kind_clues() -> None:
    _, health = extract_fields(lines("粤康码"))
    _, travel = extract_fields(lines("通信大数据行程卡"))
    _, nat = extract_fields(lines("核酸检测报告"))
    _, other = extract_fields(lines("向商家付款"))

    assert health.health_title and not health.travel_card
    assert travel.travel_card
    assert nat.nat_report
    assert not (other.health_title or other.travel_card or other.nat_report)


# ----------------------------------------------------------- OCR on generated pages


@dataclass(frozen=True, slots=True)
class Read:
    sample: Sample
    codes: ScreenshotCodes
    text: ScreenshotText

    def wrong_fields(self) -> dict[str, tuple[str, str | None]]:
        got = self.text.fields
        return {
            key: (expected, got[key].value if key in got else None)
            for key, expected in self.sample.fields.items()
            if key not in got or got[key].value != expected
        }


def bmp(image: np.ndarray) -> bytes:
    # Lossless and far quicker to write than PNG: the tests are about reading.
    ok, encoded = cv2.imencode(".bmp", image)
    assert ok
    return encoded.tobytes()


@pytest.fixture(scope="module")
def pages() -> list[Read]:
    # 2 of each page kind clean, 1 of each but the photo recompressed as WeChat does:
    # 20 OCR runs.
    samples = generate_corpus(14, SEED, variants=("clean",)) + generate_corpus(
        6, SEED, variants=("wechat",)
    )
    read = []
    for sample in samples:
        codes = read_codes(bmp(sample.image))
        read.append(Read(sample, codes, read_text(codes)))
    return read


def of_variant(pages: Sequence[Read], variant: str) -> list[Read]:
    return [page for page in pages if page.sample.variant == variant]


@pytest.mark.parametrize(("variant", "min_rate"), [("clean", 0.90), ("wechat", 0.80)])
def test_every_field_of_a_page_is_read_right_on_most_pages(
    pages: list[Read], variant: str, min_rate: float
) -> None:
    with_text = [page for page in of_variant(pages, variant) if page.sample.fields]
    wrong = {page.sample.name: page.wrong_fields() for page in with_text if page.wrong_fields()}

    assert len(with_text) >= 5
    assert 1 - len(wrong) / len(with_text) >= min_rate, wrong


@pytest.mark.parametrize("variant", ["clean", "wechat"])
def test_at_least_95_percent_of_single_fields_are_read_right(
    pages: list[Read], variant: str
) -> None:
    expected = sum(len(page.sample.fields) for page in of_variant(pages, variant))
    wrong = [
        (page.sample.name, key, got)
        for page in of_variant(pages, variant)
        for key, got in page.wrong_fields().items()
    ]

    assert 1 - len(wrong) / expected >= 0.95, wrong


def test_page_kind_is_right_on_at_least_95_percent_of_pages(pages: list[Read]) -> None:
    wrong = [
        (page.sample.name, page.text.page_kind)
        for page in pages
        if page.text.page_kind is not EXPECTED_KIND[page.sample.kind]
    ]

    assert 1 - len(wrong) / len(pages) >= 0.95, wrong


def test_payment_codes_and_unrelated_pictures_never_come_out_as_health_codes(
    pages: list[Read],
) -> None:
    others = [page for page in pages if page.sample.kind in ("payment", "photo")]

    assert len(others) >= 4
    for page in others:
        assert page.codes.page_kind is not PageKind.HEALTH_CODE, page.sample.name
        assert page.text.page_kind is not PageKind.HEALTH_CODE, page.sample.name


def test_fields_carry_a_confidence_between_0_and_1(pages: list[Read]) -> None:
    confidences = [f.confidence for page in pages for f in page.text.fields.values()]

    assert confidences
    assert all(0.5 <= c <= 1.0 for c in confidences)


def test_travel_cities_are_listed_with_their_stars(pages: list[Read]) -> None:
    travel = [page for page in of_variant(pages, "clean") if page.sample.kind == "travel"]

    for page in travel:
        assert ",".join(page.text.travel_cities) == page.sample.fields["travel_cities"]


def test_timings_name_the_ocr_stages(pages: list[Read]) -> None:
    assert {"ocr_detect", "ocr_recognise", "fields"} <= set(pages[0].text.timings_ms)


# ------------------------------------------------------------------ crafted pages


def _page_with_words(
    words: Sequence[str], code_colour: tuple[int, int, int], payload: str
) -> bytes:
    """A plain page: a code of the given colour and payload under the given words."""
    import segno

    page = Image.new("RGB", (1080, 2340), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT_DIR / "NotoSansCJK-Bold.ttc"), 64, index=2)
    for row, word in enumerate(words):
        draw.text((540, 200 + 120 * row), word, font=font, fill=(30, 30, 30), anchor="mm")
    qr = segno.make(payload, error="m")
    matrix = np.array([list(r) for r in qr.matrix], dtype=bool)
    modules = np.pad(matrix, 2)
    rgb = np.where(modules[..., None], np.array(code_colour, np.uint8), np.uint8(255))
    code = Image.fromarray(rgb.astype(np.uint8), "RGB").resize((560, 560), Image.Resampling.NEAREST)
    page.paste(code, (260, 800))
    return bmp(np.ascontiguousarray(np.asarray(page)[:, :, ::-1]))


def _page_of_lines(rows: dict[int, str]) -> np.ndarray:
    """A white 1080×2340 page with each text drawn at its height (px from the top)."""
    page = Image.new("RGB", (1080, 2340), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT_DIR / "NotoSansCJK-Regular.ttc"), 44, index=2)
    for top, words in rows.items():
        draw.text((60, top), words, font=font, fill=(40, 40, 40))
    return np.ascontiguousarray(np.asarray(page)[:, :, ::-1])


def test_a_line_reads_the_same_whatever_else_is_on_the_page() -> None:
    # Recognition used to pad a short word to the widest box read with it, so what a
    # word read (and how sure it was) depended on its neighbours.
    alone = read_lines(_page_of_lines({1500: "绿码"}))
    crowded = read_lines(
        _page_of_lines(
            {
                300: "采样时间 2022-04-20 05:00 检测机构 某某医学检验实验室",
                500: "您于前14天内到达或途经：浙江省杭州市，浙江省湖州市",
                700: "更新于：2022.05.10 20:27:05",
                1500: "绿码",
            }
        )
    )

    (word,) = [line for line in alone.lines if line.box[1] > 1400]
    (same,) = [line for line in crowded.lines if line.box[1] > 1400]
    assert word.text == same.text == "绿码"
    assert abs(word.confidence - same.confidence) < 0.02
    assert any("2022-04-20" in line.text for line in crowded.lines)


def test_a_payment_code_under_health_code_words_is_not_a_health_code() -> None:
    green = (0x1A, 0xAD, 0x19)
    codes = read_codes(_page_with_words(["健康码", "绿码"], green, "wxp://f2f0AbCdEfGhIjKlMnOp"))
    text = read_text(codes)

    assert text.fields["colour_text"].value == "green"
    assert codes.page_kind is PageKind.NOT_A_CODE
    assert text.page_kind is PageKind.NOT_A_CODE


def test_a_black_code_under_health_code_words_is_not_a_health_code() -> None:
    codes = read_codes(_page_with_words(["健康码", "绿码"], (0, 0, 0), "SHOP-12345-ABCDEF"))

    assert read_text(codes).page_kind is PageKind.NOT_A_CODE


def test_recognition_stops_when_cancelled_and_says_so() -> None:
    image = generate_corpus(1, SEED, variants=("clean",))[0].image

    result = read_lines(image, is_cancelled=lambda: True)

    assert result.cancelled
    assert result.lines == ()


def test_progress_rises_to_one_during_ocr() -> None:
    image = generate_corpus(7, SEED, variants=("clean",))[4].image  # a NAT report
    seen: list[float] = []

    read_lines(image, on_progress=seen.append)

    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_two_threads_reading_at_once_get_what_one_thread_gets(pages: list[Read]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    chosen = [pages[0], pages[3]]  # a health code and a travel card, read before

    with ThreadPoolExecutor(max_workers=2) as pool:
        again = list(pool.map(lambda page: read_text(page.codes), chosen))

    for before, after in zip(chosen, again, strict=True):
        assert dict(after.fields) == dict(before.text.fields)
        assert after.page_kind is before.text.page_kind
