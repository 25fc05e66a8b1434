"""A traveller's screenshot, read in two stages the GUI can show as they arrive.

1. :func:`read_codes` (tens of ms): load the file safely, decode every QR code, read
   the colour of the one that matters, say provisionally what kind of page it is.
2. :func:`read_text` (≈0.5 s, OCR): the page's clock, masked name and ID, NAT result,
   travel cities…, and the page kind by its words.

:func:`screenshot_warnings` then says, with no I/O, what the worker must look at.

Both stages are plain functions for the GUI's thread pool: they take ``is_cancelled``
and ``on_progress`` (called on the worker thread; never touch a widget from them) and
share nothing mutable except the OCR engine, which :mod:`.ocr` guards with a lock.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Final

import cv2
import numpy as np
from PIL import Image

from checkpoint_app.records.model import CodeColour
from checkpoint_app.scanning.colour import (
    ColourReading,
    classify_card_colour,
    classify_code_colour,
)
from checkpoint_app.scanning.decode import (
    FoundCode,
    decode_codes,
    detected_code_quads,
    likely_code_quad,
)
from checkpoint_app.scanning.images import ImageRejected, LoadedImage, load_image
from checkpoint_app.scanning.ocr import OcrLine, read_lines, read_status_bar
from checkpoint_app.scanning.page_text import (
    TextClues,
    extract_fields,
    normalise,
    travel_city_lines,
)
from checkpoint_app.scanning.payload import PayloadKind, PayloadRejected, parse_payload
from checkpoint_app.scanning.perceptual_hash import hamming_distance, phash

__all__ = [
    "HEALTH_COLOURS",
    "ImageRejected",
    "PageKind",
    "ScreenshotCodes",
    "ScreenshotText",
    "ScreenshotWarning",
    "TextField",
    "is_same_image",
    "read_codes",
    "read_text",
    "screenshot_warnings",
]


_NO_COLOUR: Final = ColourReading(CodeColour.UNKNOWN, 0.0)


class PageKind(StrEnum):
    HEALTH_CODE = "health_code"
    TRAVEL_CARD = "travel_card"
    NAT_REPORT = "nat_report"
    NOT_A_CODE = "not_a_code"
    UNKNOWN = "unknown"


HEALTH_COLOURS: Final = frozenset(
    {CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED, CodeColour.GREY}
)
# Payment and money-transfer codes: whatever the page around them says, never a health
# code. Prefixes of the payloads WeChat Pay, Alipay and UnionPay put in their codes.
_PAYMENT_PREFIXES: Final = (
    "wxp://",
    "https://wx.tenpay.com/",
    "https://payapp.weixin.qq.com/",
    "https://qr.alipay.com/",
    "alipays://",
    "alipayqr://",
    "https://qr.95516.com/",
    "upwallet://",
)
_COLOUR_LABELS: Final = {"green": "绿码", "yellow": "黄码", "red": "红码", "grey": "灰码"}
_TRAVEL_LABELS: Final = {"green": "绿色", "yellow": "黄色", "red": "红色"}
# Hamming distances for "the same image" (see is_same_image), measured on the generated
# corpus: the same page re-sent through WeChat (JPEG 40–70, or 540 px wide) stays within
# 6 of itself on both hashes; two different travellers' codes are ≥ 30 apart on the code
# hash, and two different pages of one layout ≥ 8 apart on the 256-bit page hash.
_SAME_CODE_DISTANCE: Final = 12
_SAME_PAGE_DISTANCE: Final = 6
# A phone clock a few minutes ahead of the workstation's is normal; more is not.
_CLOCK_AHEAD_TOLERANCE: Final = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class ScreenshotCodes:
    """What the fast stage found. Corners are in ``image.bgr`` coordinates."""

    image: LoadedImage
    codes: tuple[FoundCode, ...]
    #: The colour reading of each code, in the order of ``codes``.
    code_colours: tuple[ColourReading, ...]
    #: The code that matters: the health-coloured one, else the largest.
    main_code: FoundCode | None
    colour: CodeColour
    colour_confidence: float
    #: The health-code issuer (e.g. 豫康码) when the main code's payload is a known one.
    issuer: str
    #: Provisional, from the codes alone: coloured → HEALTH_CODE, black → NOT_A_CODE,
    #: none → UNKNOWN. :func:`read_text` decides by the page's words.
    page_kind: PageKind
    #: Perceptual fingerprint for "this image was already used" (see is_same_image):
    #: store it with the record and pass it back in ``recent_phashes``.
    fingerprint: str
    notices: tuple[str, ...]
    timings_ms: Mapping[str, float]
    cancelled: bool = False
    #: Where ``colour`` comes from: "code" (a decoded code's modules), "code_area" (the
    #: modules of a code that did not decode, e.g. under a 请扫"场所码" button) or "".
    colour_basis: str = ""
    #: The colour of the page's big arrow, as a 通信大数据行程卡 shows its own colour;
    #: read from the pixels for every page, used only once the words say it is a travel
    #: card (:func:`read_text` then gives it as ``travel_colour``).
    card_colour: ColourReading = _NO_COLOUR


# A code that does not decode gives its colour only when nearly all its dark modules
# agree: on generated photos without any code, the densest patch voted red at 0.63.
_CODE_AREA_MIN_CONFIDENCE: Final = 0.85
# Where the decoder saw the code's three finder squares, the patch is a code for sure
# and a weaker majority will do (veiled codes in glared photos: 0.62–0.9).
_DETECTED_CODE_MIN_CONFIDENCE: Final = 0.6


@dataclass(frozen=True, slots=True)
class TextField:
    """One field read from the page, with the OCR's confidence (0–1)."""

    value: str
    confidence: float


@dataclass(frozen=True, slots=True)
class ScreenshotText:
    """What the OCR stage read.

    ``fields`` keys: shown_at, name_masked, id_tail, phone_tail, colour_text (green/
    yellow/red/grey), nat_result (negative/positive), nat_time, nat_hours_tile
    (24/48/72), vaccine (doses), travel_updated_at, travel_cities (comma-joined, with
    the * marks), travel_colour (green/yellow/red, the travel card's own colour, from
    its arrow's pixels and its words; only on a travel card; when the two disagree it is
    left out and travel_colour_words / travel_colour_pixels say both),
    status_bar_time (HH:MM of the phone's status bar: no date, a weak fallback for the
    page's age that can only warn, never vouch). A field the words do not give clearly
    is left out rather than guessed. Times are ISO text in the phone's local time, e.g.
    2022-04-06T12:15:01.
    """

    page_kind: PageKind
    fields: Mapping[str, TextField]
    travel_cities: tuple[str, ...]
    #: Every line read, top to bottom (for a worker who wants to see what OCR saw).
    lines: tuple[str, ...]
    timings_ms: Mapping[str, float]
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class ScreenshotWarning:
    """Something the worker must look at. ``code`` is stable; ``message`` is for people."""

    code: str
    message: str


def _never() -> bool:
    return False


def _ignore(fraction: float) -> None:
    pass


# ---------------------------------------------------------------------- stage 1


def read_codes(
    source: Path | bytes,
    *,
    is_cancelled: Callable[[], bool] = _never,
    on_progress: Callable[[float], None] = _ignore,
    today: date | None = None,
) -> ScreenshotCodes:
    """Load ``source`` and find its codes, the main code's colour and a provisional kind.

    Raises :class:`ImageRejected` (``.message`` is Chinese, for the worker) for a file
    that is not a usable PNG/JPEG/WebP/BMP. ``today`` is for recognising ID numbers in
    payloads (defaults to the local date). Called on a worker thread.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    image = load_image(source)
    timings["load"] = _ms_since(started)
    on_progress(0.25)

    started = time.perf_counter()
    result = decode_codes(
        image.bgr,
        is_cancelled=is_cancelled,
        on_progress=lambda fraction: on_progress(0.25 + 0.6 * fraction),
    )
    timings["decode"] = _ms_since(started)

    started = time.perf_counter()
    readings = tuple(classify_code_colour(image.bgr, code.corners) for code in result.codes)
    main_index = _main_code_index(result.codes, readings)
    main = None if main_index is None else result.codes[main_index]
    reading = ColourReading(CodeColour.UNKNOWN, 0.0) if main_index is None else readings[main_index]
    basis = "" if main_index is None else "code"
    if main_index is None and not result.cancelled:
        reading, basis = _code_area_colour(image)
    card = classify_card_colour(image.bgr)
    timings["colour"] = _ms_since(started)

    notices = list(result.notices)
    issuer = ""
    if main is not None:
        try:
            parsed = parse_payload(main.text, today=today or date.today())
        except PayloadRejected as rejected:
            notices.append(rejected.message)
        else:
            if parsed.kind is PayloadKind.HEALTH_CODE:
                issuer = parsed.issuer

    started = time.perf_counter()
    fingerprint = _fingerprint(image, main)
    timings["hash"] = _ms_since(started)
    on_progress(1.0)
    return ScreenshotCodes(
        image=image,
        codes=result.codes,
        code_colours=readings,
        main_code=main,
        colour=reading.colour,
        colour_confidence=reading.confidence,
        issuer=issuer,
        page_kind=_kind_from_codes(main, reading.colour),
        fingerprint=fingerprint,
        notices=tuple(notices),
        timings_ms=MappingProxyType(timings),
        cancelled=result.cancelled,
        colour_basis=basis,
        card_colour=card,
    )


def _code_area_colour(image: LoadedImage) -> tuple[ColourReading, str]:
    """The colour of a code that is visible but did not decode, from its module pixels.

    First the codes whose finder squares the decoder saw (the largest), else the densest
    square patch of edges. A black code (a payment code under a logo) stays UNKNOWN: its
    colour is no health colour, whatever covers it.
    """
    for quad in detected_code_quads(image.bgr)[:1]:
        reading = classify_code_colour(image.bgr, quad)
        if reading.colour not in HEALTH_COLOURS:
            return ColourReading(CodeColour.UNKNOWN, 0.0), ""
        # Glare and a veil wash a coloured code out towards grey, never the reverse:
        # grey needs nearly all its modules to agree.
        needed = (
            _CODE_AREA_MIN_CONFIDENCE
            if reading.colour is CodeColour.GREY
            else _DETECTED_CODE_MIN_CONFIDENCE
        )
        if reading.confidence >= needed:
            return reading, "code_area"
        return ColourReading(CodeColour.UNKNOWN, 0.0), ""
    patch = likely_code_quad(
        np.asarray(cv2.cvtColor(image.bgr, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    )
    if patch is None or _touches_border(patch, image.bgr.shape[1], image.bgr.shape[0]):
        # A patch cut by the image's edge is as likely scenery as a code, and a code cut
        # by it has no colour worth telling (a photo's edge voted green at 0.86).
        return ColourReading(CodeColour.UNKNOWN, 0.0), ""
    reading = classify_code_colour(image.bgr, patch)
    if reading.colour in HEALTH_COLOURS and reading.confidence >= _CODE_AREA_MIN_CONFIDENCE:
        return reading, "code_area"
    return ColourReading(CodeColour.UNKNOWN, 0.0), ""


def _touches_border(quad: Sequence[tuple[float, float]], width: int, height: int) -> bool:
    xs = [x for x, _ in quad]
    ys = [y for _, y in quad]
    return min(xs) < 2 or min(ys) < 2 or max(xs) > width - 3 or max(ys) > height - 3


def _main_code_index(codes: Sequence[FoundCode], readings: Sequence[ColourReading]) -> int | None:
    if not codes:
        return None

    def rank(index: int) -> tuple[bool, float]:
        quad = np.asarray(codes[index].corners, dtype=np.float32)
        return (readings[index].colour in HEALTH_COLOURS, abs(float(cv2.contourArea(quad))))

    return max(range(len(codes)), key=rank)


def _is_payment(code: FoundCode | None) -> bool:
    return code is not None and code.text.strip().lower().startswith(_PAYMENT_PREFIXES)


def _kind_from_codes(main: FoundCode | None, colour: CodeColour) -> PageKind:
    if main is None:
        return PageKind.UNKNOWN
    if colour in HEALTH_COLOURS and not _is_payment(main):
        return PageKind.HEALTH_CODE
    return PageKind.NOT_A_CODE


def _fingerprint(image: LoadedImage, main: FoundCode | None) -> str:
    """256-bit phash of the page, plus a 64-bit phash of the main code's modules.

    The page hash alone cannot tell two travellers' 豫康码 apart (same layout, the name
    is a few pixels at hash resolution: 64-bit page hashes of two different NAT pages
    were 0 apart); the code's modules differ from one person to the next.
    """
    grey = cv2.cvtColor(image.bgr, cv2.COLOR_BGR2GRAY)
    thumb = cv2.resize(grey, (128, 128), interpolation=cv2.INTER_AREA)
    page = phash(Image.fromarray(np.asarray(thumb, dtype=np.uint8)), hash_size=16)
    if main is None:
        return page
    side = 128
    quad = np.asarray(main.corners, dtype=np.float32)
    square = np.array([[0, 0], [side, 0], [side, side], [0, side]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad, square)
    warped = cv2.warpPerspective(grey, matrix, (side, side), flags=cv2.INTER_LINEAR)
    code = phash(Image.fromarray(np.asarray(warped, dtype=np.uint8)))
    return f"{page}.{code}"


def is_same_image(fingerprint: str, other: str) -> bool:
    """True when two fingerprints (ScreenshotCodes.fingerprint) show the same screenshot.

    With a code on both: the same code modules (a health code is personal, so the same
    code on two travellers' registrations is a reused image, however it was cropped or
    recompressed). Without: the same page. Malformed input is never "the same".
    """
    try:
        page_a, _, code_a = fingerprint.partition(".")
        page_b, _, code_b = other.partition(".")
        if code_a and code_b:
            return hamming_distance(code_a, code_b) <= _SAME_CODE_DISTANCE
        if code_a or code_b or len(page_a) != len(page_b):
            return False
        return hamming_distance(page_a, page_b) <= _SAME_PAGE_DISTANCE
    except (ValueError, TypeError):
        return False


# ---------------------------------------------------------------------- stage 2


def read_text(
    codes: ScreenshotCodes,
    *,
    is_cancelled: Callable[[], bool] = _never,
    on_progress: Callable[[float], None] = _ignore,
    now: datetime | None = None,
) -> ScreenshotText:
    """OCR the page of ``codes`` (from :func:`read_codes`): fields and the page kind.

    ``now`` (local, naive; default the current time) dates a page clock shown without
    its year.

    Never raises for what the page shows; a cancelled run returns what it has with
    ``cancelled=True``. Called on a worker thread (the OCR engine is shared under a lock).
    """
    ocr = read_lines(
        codes.image.bgr,
        skip_quads=[code.corners for code in codes.codes],
        is_cancelled=is_cancelled,
        on_progress=lambda fraction: on_progress(0.95 * fraction),
    )
    started = time.perf_counter()
    lines = ocr.lines if ocr.cancelled else _with_wrapped_tail(codes.image.bgr, ocr.lines)
    readings, clues = extract_fields(lines, now=now)
    fields = {key: TextField(r.value, round(r.confidence, 3)) for key, r in readings.items()}
    if "shown_at" not in fields and not ocr.cancelled:
        # Only a page without a clock of its own pays for reading the status bar.
        status_clock = _status_bar_clock(read_status_bar(codes.image.bgr, ocr.status_boxes))
        if status_clock is not None:
            fields["status_bar_time"] = status_clock
    if "travel_cities" in fields and _city_list_cut(codes.image.bgr.shape[1], lines):
        # A crop through the list loses the names' middles ("乌鲁" + "市"): keep only the
        # starred ones, which must still warn, and leave the rest out.
        starred = [c for c in fields["travel_cities"].value.split(",") if "*" in c]
        if starred:
            fields["travel_cities"] = TextField(
                ",".join(starred), fields["travel_cities"].confidence
            )
        else:
            del fields["travel_cities"]
    cities = tuple(fields["travel_cities"].value.split(",")) if "travel_cities" in fields else ()

    kind = _page_kind(codes, clues, has_lines=bool(ocr.lines))
    _settle_travel_colour(codes, kind, fields)

    timings = dict(ocr.timings_ms)
    timings["fields"] = _ms_since(started)
    on_progress(1.0)
    return ScreenshotText(
        page_kind=kind,
        fields=MappingProxyType(fields),
        travel_cities=cities,
        lines=tuple(line.text for line in lines),
        timings_ms=MappingProxyType(timings),
        cancelled=ocr.cancelled,
    )


# A line this close to the image's side was cut by a crop (pages keep a margin).
_CUT_MARGIN: Final = 0.015


def _city_list_cut(width: int, lines: Sequence[OcrLine]) -> bool:
    """Does a line of the travel card's city list run into the image's left or right side?"""
    margin = _CUT_MARGIN * width
    return any(
        lines[i].box[0] <= margin or lines[i].box[2] >= width - margin
        for i in travel_city_lines(lines)
    )


# What a travel card's city list can wrap onto a line of its own: a city's * mark, or
# the end of a name with it (市*). Too short for the OCR to keep unaided.
_WRAPPED_TAIL: Final = re.compile(r"[\u4e00-\u9fff]{0,3}(?:市|州|区|盟|县)\*?|\*")
# Grey-level difference from the strip's background that counts as ink.
_INK_CONTRAST: Final = 50


def _with_wrapped_tail(image: np.ndarray, lines: tuple[OcrLine, ...]) -> tuple[OcrLine, ...]:
    """``lines``, plus the short tail a travel card's city list wrapped onto its own line.

    The list wraps at the screen's edge, and a lone ``*`` (or ``市*``) left on the next
    line is found by the detector but read too weakly to be kept: that loses the one mark
    that matters. Only the strip right under the list's last line, at its left margin,
    is looked at, and only when it holds ink the OCR did not read. A mark alone is read
    after the end of the line above (the recogniser knows a * in context, hardly alone);
    only a city's tail is accepted.
    """
    block = travel_city_lines(lines)
    if not block:
        return lines
    lines = _with_line_end_marks(image, lines, block)
    last = lines[block[-1]]
    height = last.box[3] - last.box[1]
    x0 = int(min(lines[i].box[0] for i in block))
    top, bottom = int(last.box[3] + 0.1 * height), int(last.box[3] + 1.5 * height)
    right = int(min(image.shape[1], x0 + 4.5 * height))
    if height < 8 or bottom > image.shape[0] or right - x0 < height:
        return lines
    if any(line.box[1] < bottom and line.box[3] > top for line in lines[block[-1] + 1 :]):
        return lines  # the strip holds a line the OCR already read
    grey = cv2.cvtColor(image[top:bottom, x0:right], cv2.COLOR_BGR2GRAY).astype(np.int16)
    ys, xs = np.nonzero(np.abs(grey - int(np.median(grey))) > _INK_CONTRAST)
    if len(xs) < 4:
        return lines
    centre = top + (int(ys.min()) + int(ys.max())) // 2
    row_top = max(0, int(centre - height / 2))
    ink_left = max(0, int(x0 + xs.min() - 0.15 * height))
    ink_right = int(x0 + xs.max() + 0.4 * height)
    ink = image[row_top : row_top + int(height), ink_left:ink_right]
    if xs.max() - xs.min() <= height:
        # A lone mark: read it after the end of the line above.
        line_right = int(last.box[2])
        before = image[int(last.box[1]) : int(last.box[1]) + ink.shape[0]]
        before = before[:, max(0, int(line_right - 3 * height)) : line_right + 2]
        if before.shape[0] != ink.shape[0]:
            return lines
        crop = np.ascontiguousarray(np.hstack([before, ink]))
    else:
        crop = np.ascontiguousarray(ink)
    whole = np.array(
        [[0, 0], [crop.shape[1], 0], [crop.shape[1], crop.shape[0]], [0, crop.shape[0]]],
        dtype=np.float32,
    )
    read = read_status_bar(crop, [whole])
    if not read:
        return lines
    text = normalise(read[0].text).replace(" ", "")
    if xs.max() - xs.min() <= height:
        text = "*" if text.endswith("*") and not normalise(last.text).endswith("*") else ""
    if not _WRAPPED_TAIL.fullmatch(text):
        return lines
    box = (float(ink_left), float(row_top), float(ink_right), float(row_top + height))
    tail = OcrLine(text, read[0].confidence, box)
    return (*lines[: block[-1] + 1], tail, *lines[block[-1] + 1 :])


def _ink_columns(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """x offsets (within ``box``) of the pixels that stand out from the box's background."""
    x0, y0, x1, y1 = box
    patch = image[max(0, y0) : y1, max(0, x0) : x1]
    if patch.size == 0:
        return np.zeros(0, dtype=np.intp)
    grey = cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY).astype(np.int16)
    _, xs = np.nonzero(np.abs(grey - int(np.median(grey))) > _INK_CONTRAST)
    return np.asarray(xs, dtype=np.intp)


def _with_line_end_marks(
    image: np.ndarray, lines: tuple[OcrLine, ...], block: Sequence[int]
) -> tuple[OcrLine, ...]:
    """A city line whose detected box stops short of a * at its end gets the * back.

    The mark is small and sits high: the detector's box can end before it. Only where
    ink stands just right of the line's box is the line's end read again, with the mark.
    """
    changed = list(lines)
    for index in block:
        line = lines[index]
        if normalise(line.text).rstrip().endswith("*"):
            continue
        x0, y0, x1, y1 = (int(v) for v in line.box)
        height = y1 - y0
        beyond = (x1 + 1, y0, min(image.shape[1], x1 + height), y1)
        ink = _ink_columns(image, beyond)
        if height < 8 or len(ink) < 4:
            continue
        crop = np.ascontiguousarray(image[y0:y1, max(x0, x1 - 3 * height) : x1 + height])
        whole = np.array(
            [[0, 0], [crop.shape[1], 0], [crop.shape[1], crop.shape[0]], [0, crop.shape[0]]],
            dtype=np.float32,
        )
        read = read_status_bar(crop, [whole])
        if read and normalise(read[0].text).rstrip().endswith("*"):
            changed[index] = OcrLine(
                line.text + "*", min(line.confidence, read[0].confidence), line.box
            )
    return tuple(changed)


_TRAVEL_COLOURS: Final = frozenset({CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED})


def _settle_travel_colour(
    codes: ScreenshotCodes, kind: PageKind, fields: dict[str, TextField]
) -> None:
    """``travel_colour`` from the card's arrow pixels and its 请收下…色行程卡 words.

    Only a travel card has one. Pixels and words agreeing, or either alone, give it;
    disagreeing (an edited card, a misread), neither does: ``travel_colour_words`` and
    ``travel_colour_pixels`` then say both, for the warning that asks the worker.
    """
    words = fields.pop("travel_colour", None)
    if kind is not PageKind.TRAVEL_CARD:
        return
    card = codes.card_colour
    pixels = card.colour if card.colour in _TRAVEL_COLOURS else None
    if words is not None and pixels is not None and words.value != pixels.value:
        fields["travel_colour_words"] = words
        fields["travel_colour_pixels"] = TextField(pixels.value, round(card.confidence, 3))
    elif words is not None:
        fields["travel_colour"] = words
    elif pixels is not None:
        fields["travel_colour"] = TextField(pixels.value, round(card.confidence, 3))


# A status-bar time box: perhaps an icon or two read as junk, then 上午/下午 on a 12-hour
# phone, then the time ("09:55", "上午9:58", "下午9:00", "①四10:01").
_STATUS_CLOCK = re.compile(r"[^\d:：]{0,3}?(上午|下午)?\s*(\d{1,2})[:：]([0-5]\d)")


def read_status_bar_time(codes: ScreenshotCodes) -> TextField | None:
    """The status bar's time of `codes`' page, read whatever the page says (tests, benches;
    `read_text` reads it only for a page without a clock of its own)."""
    ocr = read_lines(codes.image.bgr, skip_quads=[code.corners for code in codes.codes])
    return _status_bar_clock(read_status_bar(codes.image.bgr, ocr.status_boxes))


def _status_bar_clock(lines: Sequence[OcrLine]) -> TextField | None:
    """The phone's clock in its status bar, or None.

    "21:00" when the page says which half of the day it is (上午/下午, a leading zero, an
    hour past 12); otherwise the time as shown ("9:58"), which a 12-hour phone shows
    for the morning and the evening alike. Only a box that is nothing but a time counts
    (a carrier name or a battery figure never does), and only one: two times is no reading.
    """
    found = []
    for line in lines:
        match = _STATUS_CLOCK.fullmatch(line.text.strip())
        if match is not None and int(match.group(2)) <= 23:
            found.append((match, line))
    if len(found) != 1:
        return None
    match, line = found[0]
    half, hour_text, minute = match.group(1), match.group(2), match.group(3)
    hour = int(hour_text)
    if half is not None:
        if hour == 0 or hour > 12:
            return None
        hour = hour % 12 + (12 if half == "下午" else 0)
        value = f"{hour:02d}:{minute}"
    elif hour_text.startswith("0") or hour > 12:
        value = f"{hour:02d}:{minute}"
    else:
        value = f"{hour}:{minute}"
    return TextField(value, round(line.confidence, 3))


def _page_kind(codes: ScreenshotCodes, clues: TextClues, *, has_lines: bool) -> PageKind:
    """The page's kind from all the evidence, in the order a person weighs it.

    The QR's issuer first, then the page's title, then the big code's colour, and only
    then words further down: real health-code pages carry a 行程卡 link or button and an
    NAT tile, which must not make them travel cards or NAT reports. A payment code, or
    a black code under a health title, is never a health code.
    """
    coloured = (
        codes.colour in HEALTH_COLOURS
        and codes.colour_basis == "code"
        and not _is_payment(codes.main_code)
    )
    # No code decoded: the colour word (绿码…) or the undecoded code's module colour
    # stands in, but only beside a health title (a coloured patch alone is no code).
    health_words = coloured or (
        not codes.codes and (clues.colour_word or codes.colour_basis == "code_area")
    )
    if _is_payment(codes.main_code):
        return PageKind.NOT_A_CODE
    if codes.issuer:
        return PageKind.HEALTH_CODE
    if clues.health_title_top and health_words and not clues.travel_body:
        return PageKind.HEALTH_CODE
    # The travel card's own body (到达或途经, 动态行程卡) wins over its own verification QR;
    # a 行程卡 title alone counts only without a health title beside it (there it is a
    # health page's button).
    if clues.travel_body or (
        clues.travel_title_top and not coloured and not clues.health_title_top
    ):
        return PageKind.TRAVEL_CARD
    if coloured:
        # A coloured code the words did not explain (OCR found no title on a photo).
        return PageKind.HEALTH_CODE
    if clues.health_title and health_words:
        return PageKind.HEALTH_CODE
    if clues.nat_report:
        return PageKind.NAT_REPORT
    if clues.health_title and not codes.codes:
        # A health page whose code shows no colour we can trust: say nothing rather
        # than call it a travel card for its 行程卡 button.
        return PageKind.UNKNOWN
    if clues.colour_word and not codes.codes and not clues.travel_title_top:
        # 绿码 under a title OCR did not read: a health page if its code is coloured too;
        # never a travel card for a 行程卡 link further down.
        return PageKind.HEALTH_CODE if codes.colour_basis == "code_area" else PageKind.UNKNOWN
    if clues.travel_card and not codes.codes:
        return PageKind.TRAVEL_CARD
    if codes.codes or has_lines:
        return PageKind.NOT_A_CODE
    return PageKind.UNKNOWN


# ---------------------------------------------------------------------- warnings


def screenshot_warnings(
    codes: ScreenshotCodes,
    text: ScreenshotText | None,
    *,
    now: datetime,
    max_age_minutes: int,
    typed_name: str = "",
    typed_document: str = "",
    typed_phone: str = "",
    recent_phashes: Collection[str] = (),
) -> list[ScreenshotWarning]:
    """What the worker must check about this screenshot, most serious first. Pure.

    ``text`` may be None while OCR is still running (only code-based warnings then).
    ``now`` is the workstation's local time, naive like the page's clock. Typed values
    that are empty are not compared. ``recent_phashes`` are fingerprints of screenshots
    already used today for *other* travellers.
    """
    warnings: list[ScreenshotWarning] = []
    if _is_payment(codes.main_code):
        warnings.append(
            ScreenshotWarning("not_health_code", "这是付款码，不是健康码，请让旅客出示健康码")
        )
    elif text is not None and text.page_kind in (PageKind.NOT_A_CODE, PageKind.UNKNOWN):
        # Before OCR a black code may still be a NAT report's: only the words decide.
        message = (
            "这不是健康码（可能是付款码或其他二维码），请让旅客出示健康码"
            if text.page_kind is PageKind.NOT_A_CODE
            else "未识别出健康码、行程卡或核酸报告，请让旅客出示健康码"
        )
        warnings.append(ScreenshotWarning("not_health_code", message))

    if any(is_same_image(codes.fingerprint, other) for other in recent_phashes):
        warnings.append(
            ScreenshotWarning(
                "reused_image", "这张截图今天已用于另一位旅客的登记，请让旅客现场出示本人的码"
            )
        )
    if text is None:
        return warnings
    fields = text.fields

    colour_text = fields.get("colour_text")
    if (
        colour_text is not None
        and codes.colour in HEALTH_COLOURS
        and colour_text.value != codes.colour.value
    ):
        warnings.append(
            ScreenshotWarning(
                "colour_mismatch",
                f"二维码颜色为{_COLOUR_LABELS[codes.colour.value]}，"
                f"页面文字为{_COLOUR_LABELS.get(colour_text.value, colour_text.value)}，"
                "截图可能被修改，请核验原码",
            )
        )

    travel_words = fields.get("travel_colour_words")
    travel_pixels = fields.get("travel_colour_pixels")
    if travel_words is not None and travel_pixels is not None:
        warnings.append(
            ScreenshotWarning(
                "travel_colour_mismatch",
                f"行程卡箭头颜色为{_TRAVEL_LABELS.get(travel_pixels.value, travel_pixels.value)}，"
                f"页面文字为{_TRAVEL_LABELS.get(travel_words.value, travel_words.value)}，"
                "截图可能被修改，请看手机原件后选择行程卡颜色",
            )
        )

    shown = fields.get("shown_at")
    status_time = fields.get("status_bar_time")
    if shown is not None:
        warnings.extend(_age_warnings(shown.value, now, max_age_minutes))
    elif status_time is not None:
        warnings.extend(_status_bar_age_warnings(status_time.value, now, max_age_minutes))

    if fields.get("nat_result", TextField("", 0)).value == "positive":
        warnings.append(ScreenshotWarning("nat_positive", "截图中的核酸检测结果为阳性"))

    starred = [city for city in text.travel_cities if "*" in city]
    if starred:
        warnings.append(
            ScreenshotWarning(
                "starred_city",
                f"行程卡显示到过带 * 号的城市（有中高风险地区）：{'、'.join(starred)}",
            )
        )

    name = fields.get("name_masked")
    if name is not None and typed_name.strip() and not _name_fits(name.value, typed_name):
        warnings.append(
            ScreenshotWarning(
                "name_mismatch", f"截图姓名 {name.value} 与登记姓名 {typed_name.strip()} 不符"
            )
        )
    id_tail = fields.get("id_tail")
    document = typed_document.strip().upper()
    if id_tail is not None and document and not document.endswith(id_tail.value.upper()):
        warnings.append(
            ScreenshotWarning("id_mismatch", f"截图证件号尾号 {id_tail.value} 与登记的证件号码不符")
        )
    phone_tail = fields.get("phone_tail")
    phone = "".join(ch for ch in typed_phone if ch.isdigit())
    if phone_tail is not None and phone and not phone.endswith(phone_tail.value):
        warnings.append(
            ScreenshotWarning(
                "phone_mismatch", f"行程卡手机号尾号 {phone_tail.value} 与登记的手机号不符"
            )
        )
    return warnings


def _age_warnings(shown_iso: str, now: datetime, max_age_minutes: int) -> list[ScreenshotWarning]:
    try:
        shown = datetime.fromisoformat(shown_iso)
    except ValueError:
        return []
    # The page's clock is the phone's local time, like a naive ``now``.
    if shown.tzinfo is not None:
        shown = shown.replace(tzinfo=None)
    if now.tzinfo is not None:
        now = now.astimezone().replace(tzinfo=None)
    age = now - shown
    same_day = shown.date() == now.date()
    label = f"{shown:%H:%M}" if same_day else f"{shown:%m-%d %H:%M}"
    if age > timedelta(minutes=max_age_minutes):
        return [
            ScreenshotWarning(
                "stale_screenshot",
                f"截图时间 {label}，已过 {_duration(age)}，请让旅客现场刷新",
            )
        ]
    if -age > _CLOCK_AHEAD_TOLERANCE:
        return [
            ScreenshotWarning(
                "clock_ahead",
                f"截图时间 {label} 比本机时间晚 {_duration(-age)}，请核对旅客手机时间或现场刷新",
            )
        ]
    return []


def _status_bar_age_warnings(
    shown: str, now: datetime, max_age_minutes: int
) -> list[ScreenshotWarning]:
    """The weak fallback when the page shows no clock of its own: the status bar's time.

    It has no date, so it can only ever say "older than": the time of day since the
    status-bar time is a lower bound of the screenshot's age (a screenshot days old can
    look fresh, never the reverse). A time that may be morning or evening ("9:58") takes
    the later of the two. It never certifies a page as fresh.
    """
    hour_text, minute_text = shown.split(":")
    hour, minute = int(hour_text), int(minute_text)
    hours = [hour] if len(hour_text) == 2 else [hour % 12, hour % 12 + 12]
    if now.tzinfo is not None:
        now = now.astimezone().replace(tzinfo=None)
    now_minutes = now.hour * 60 + now.minute
    behind = min((now_minutes - (h * 60 + minute)) % (24 * 60) for h in hours)
    ahead_tolerance = int(_CLOCK_AHEAD_TOLERANCE.total_seconds() // 60)
    if max_age_minutes < behind < 24 * 60 - ahead_tolerance:
        return [
            ScreenshotWarning(
                "stale_status_bar",
                f"页面没有自己的时间；手机状态栏时间 {shown}，截图至少已过"
                f" {_duration(timedelta(minutes=behind))}（状态栏不带日期，仅供参考），"
                "请让旅客现场刷新",
            )
        ]
    return []


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} 分钟"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小时"
    return f"{minutes // (24 * 60)} 天"


def _name_fits(masked: str, typed: str) -> bool:
    """Do the visible characters of ``masked`` (张*明, *伟, 李*) fit ``typed``?"""
    typed = "".join(typed.split())
    if "*" not in masked:
        return masked == typed
    head, _, rest = masked.partition("*")
    tail = rest.lstrip("*")
    # At least one character is hidden behind the asterisks.
    return len(head) + len(tail) < len(typed) and typed.startswith(head) and typed.endswith(tail)


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 2)
