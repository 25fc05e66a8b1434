"""Synthetic phone screenshots with ground truth, for decoder tests and benchmarks.

Renders 1080×2340 pages like the ones travellers show at a checkpoint — a 豫康码-like
health code, a 粤康码-like code with a logo (error correction H), a 津心通-like code
with green modules on grey and a button over its middle, a 行程卡 travel card, a NAT
report, a WeChat payment code (black QR under a green header) and a photo-like image
with no code — then degrades them as WeChat and phone cameras do.

Deterministic: the same (n_per_variant, seed) always gives the same pixels. Each sample
also carries the text fields a worker reads on the page (``Sample.fields``, in the form
``checkpoint_app.scanning.screenshot.read_text`` reports them) as OCR ground truth. The
varying text (masked names, ID tails, NAT result, tiles) is drawn from a second random
stream, so code sizes, positions and colours are those of the pages without it.

Beyond the corpus: :func:`make_covered_sample` (a code under a 请扫"场所码" button that no
decoder reads, its colour still visible), :func:`make_travel_sample` (a travel card in
green, yellow or red, ring or disc style, its words optionally naming another colour)
and :func:`make_hand_photo_sample` (a hurried phone-in-hand photo of any page kind).

    python -m tests.scanning.corpus OUTDIR [--n 10] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import string
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt
import segno
from PIL import Image, ImageDraw, ImageFont

from checkpoint_app.records.model import CodeColour

WIDTH: Final = 1080
HEIGHT: Final = 2340
FONT_DIR: Final = Path("/usr/share/fonts/opentype/noto")
# Index 2 of the Noto CJK collection is the Simplified Chinese face.
_SC_INDEX: Final = 2

PAGE_KINDS: Final = (
    "health",
    "health_logo",
    "health_overlay",
    "travel",
    "nat",
    "payment",
    "photo",
)
VARIANTS: Final = ("clean", "wechat", "small", "crop", "photo")
HEALTH_COLOURS: Final = (CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED, CodeColour.GREY)

Rgb = tuple[int, int, int]
Quad = tuple[tuple[float, float], ...]
BgrImage = npt.NDArray[np.uint8]

# A few real-looking shades of each colour: the apps do not agree on one green.
_SHADES: Final[dict[CodeColour, tuple[Rgb, ...]]] = {
    CodeColour.GREEN: (
        (0x1A, 0xAD, 0x19),
        (0x07, 0xC1, 0x60),
        (0x00, 0x9A, 0x44),
        (0x2B, 0xA2, 0x45),
    ),
    CodeColour.YELLOW: (
        (0xF7, 0xB5, 0x00),
        (0xFF, 0xC3, 0x00),
        (0xF5, 0xA6, 0x23),
        (0xE8, 0xB1, 0x0B),
    ),
    CodeColour.RED: (
        (0xE5, 0x30, 0x30),
        (0xD9, 0x1E, 0x18),
        (0xF0, 0x3C, 0x3C),
        (0xC8, 0x1D, 0x25),
    ),
    CodeColour.GREY: (
        (0x99, 0x99, 0x99),
        (0x8C, 0x8C, 0x8C),
        (0x80, 0x80, 0x80),
        (0xA0, 0xA0, 0xA0),
    ),
}
_LABELS: Final = {
    CodeColour.GREEN: "绿码",
    CodeColour.YELLOW: "黄码",
    CodeColour.RED: "红码",
    CodeColour.GREY: "灰码",
}
# Masked as the apps show them: the middle of a three-character name, the given name of a
# two-character one.
_MASKED_NAMES: Final = ("张*明", "李*", "王*华", "刘*", "陈*东", "赵*丽", "*伟", "孙*平")
_ID_HEADS: Final = ("4107", "4116", "4101", "4127")
_ID_TAILS: Final = ("1234", "5678", "203X", "0917", "4461", "882X")
_COLOUR_VALUES: Final = {
    CodeColour.GREEN: "green",
    CodeColour.YELLOW: "yellow",
    CodeColour.RED: "red",
    CodeColour.GREY: "grey",
}
Fields = dict[str, str]
_CITIES: Final = (
    "河南省周口市",
    "河南省郑州市",
    "上海市",
    "吉林省长春市",
    "北京市",
    "安徽省阜阳市",
    "湖北省武汉市",
    "广东省深圳市",
)


@dataclass(frozen=True, slots=True)
class TruthCode:
    payload: str
    #: The colour of the code's modules; UNKNOWN for a black (non-health) code.
    colour: CodeColour
    #: Corners of the symbol (quiet zone excluded) in the sample's image, clockwise
    #: from top-left as rendered.
    quad: Quad = ()


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    #: BGR, as load_image would give it.
    image: BgrImage
    kind: str
    variant: str
    codes: tuple[TruthCode, ...]
    #: Text-field ground truth: key → value as read_text reports it ("shown_at" is ISO
    #: text, "travel_cities" comma-joined with the * marks…). Crops may cut some off.
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def payloads(self) -> tuple[str, ...]:
        return tuple(code.payload for code in self.codes)


# ------------------------------------------------------------------------- drawing


@lru_cache(maxsize=64)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc")
    try:
        return ImageFont.truetype(str(path), size, index=_SC_INDEX)
    except OSError:
        # Without the CJK font the pages show boxes instead of characters; the QR codes,
        # which are what the tests are about, are unaffected.
        return ImageFont.load_default(size)


def _text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    size: int,
    fill: Rgb,
    *,
    bold: bool = False,
    anchor: str = "la",
) -> None:
    draw.text(xy, text, font=_font(size, bold), fill=fill, anchor=anchor)


def _qr_image(
    payload: str,
    size: int,
    dark: Rgb,
    light: Rgb = (255, 255, 255),
    *,
    error: str = "m",
    border: int = 2,
) -> Image.Image:
    qr = segno.make(payload, error=error, micro=False, boost_error=False)
    modules = np.array([list(row) for row in qr.matrix], dtype=bool)
    modules = np.pad(modules, border)
    colours = np.where(modules[..., None], np.array(dark, np.uint8), np.array(light, np.uint8))
    small = Image.fromarray(colours.astype(np.uint8), "RGB")
    # Nearest-neighbour, like a phone rendering a crisp code at any size.
    return small.resize((size, size), Image.Resampling.NEAREST)


def _place_qr(
    page: Image.Image,
    payload: str,
    size: int,
    xy: tuple[int, int],
    dark: Rgb,
    light: Rgb = (255, 255, 255),
    *,
    error: str = "m",
    border: int = 2,
) -> Quad:
    """Paste a code; return its symbol's corners (quiet zone excluded) on the page."""
    qr = segno.make(payload, error=error, micro=False, boost_error=False)
    modules = len(qr.matrix)
    page.paste(_qr_image(payload, size, dark, light, error=error, border=border), xy)
    inset = size * border / (modules + 2 * border)
    x0, y0 = xy[0] + inset, xy[1] + inset
    x1, y1 = xy[0] + size - inset, xy[1] + size - inset
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _jitter(rng: np.random.Generator, spread: int) -> int:
    return int(rng.integers(-spread, spread + 1))


def _token(rng: np.random.Generator, length: int) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(alphabet[i] for i in rng.integers(0, len(alphabet), length))


def _status_bar(draw: ImageDraw.ImageDraw, rng: np.random.Generator, colour: Rgb) -> None:
    minute = int(rng.integers(0, 60))
    _text(draw, (60, 22), f"9:{minute:02d}", 38, colour, bold=True)
    draw.rounded_rectangle((940, 30, 1010, 62), radius=8, outline=colour, width=3)
    draw.rectangle((946, 36, 946 + int(rng.integers(20, 58)), 56), fill=colour)


@dataclass(frozen=True, slots=True)
class _Person:
    """The personal text on a page, from the text-only random stream."""

    name: str
    id_masked: str
    id_tail: str
    nat_positive: bool
    hours: int
    doses: int

    @classmethod
    def draw(cls, rng: np.random.Generator) -> _Person:
        tail = _ID_TAILS[int(rng.integers(0, len(_ID_TAILS)))]
        head = _ID_HEADS[int(rng.integers(0, len(_ID_HEADS)))]
        return cls(
            name=_MASKED_NAMES[int(rng.integers(0, len(_MASKED_NAMES)))],
            id_masked=f"{head}{'*' * 10}{tail}",
            id_tail=tail,
            nat_positive=bool(rng.random() < 0.15),
            hours=(24, 48, 72)[int(rng.integers(0, 3))],
            doses=int(rng.integers(1, 4)),
        )


def _iso(day: str, clock: str) -> str:
    """'2022-04-06', '12:15' or '12:15:01' → '2022-04-06T12:15:00' / 'T12:15:01'."""
    return f"{day}T{clock}" if clock.count(":") == 2 else f"{day}T{clock}:00"


def _clock(rng: np.random.Generator) -> tuple[str, str]:
    day = int(rng.integers(1, 29))
    return (
        f"2022-04-{day:02d}",
        f"{int(rng.integers(0, 24)):02d}:{int(rng.integers(0, 60)):02d}:"
        f"{int(rng.integers(0, 60)):02d}",
    )


def _health_page(
    rng: np.random.Generator,
    colour: CodeColour,
    payload: str,
    person: _Person,
    *,
    logo: bool = False,
) -> tuple[Image.Image, Quad | None, Fields]:
    dark = _SHADES[colour][int(rng.integers(0, 4))]
    page = Image.new("RGB", (WIDTH, HEIGHT), (244, 245, 247))
    draw = ImageDraw.Draw(page)
    # The header is often tinted with the code's colour, or the province's blue/green:
    # a colour classifier that looks beyond the QR is pulled towards it.
    header = [(46, 107, 230), (26, 173, 25), dark][int(rng.integers(0, 3))]
    draw.rectangle((0, 0, WIDTH, 330), fill=header)
    _status_bar(draw, rng, (255, 255, 255))
    title = "粤康码" if logo else "豫康码"
    _text(draw, (WIDTH // 2, 170), title, 64, (255, 255, 255), bold=True, anchor="mm")
    _text(draw, (WIDTH // 2, 250), "防疫健康码 · 扫码通行", 34, (235, 240, 255), anchor="mm")

    top = 380 + _jitter(rng, 20)
    draw.rounded_rectangle((40, top, WIDTH - 40, top + 1560), radius=28, fill=(255, 255, 255))
    _text(draw, (90, top + 50), person.name, 48, (30, 30, 30), bold=True)
    _text(draw, (90, top + 120), person.id_masked, 36, (90, 90, 90))
    day, clock = _clock(rng)
    _text(draw, (WIDTH // 2, top + 230), day, 52, (40, 40, 40), anchor="mm")
    _text(draw, (WIDTH // 2, top + 330), clock, 96, (20, 20, 20), bold=True, anchor="mm")

    size = int(rng.integers(500, 620))
    qr_top = top + 420
    quad = _place_qr(
        page,
        payload,
        size,
        ((WIDTH - size) // 2 + _jitter(rng, 15), qr_top),
        dark,
        error="h" if logo else "m",
    )
    if logo:
        # A logo in the middle, as 粤康码 and many payment codes do; only error correction
        # H leaves enough modules to decode.
        logo_size = size // 5
        cx, cy = WIDTH // 2, qr_top + size // 2
        box = (cx - logo_size // 2, cy - logo_size // 2, cx + logo_size // 2, cy + logo_size // 2)
        draw.rounded_rectangle(box, radius=12, fill=(255, 255, 255))
        inner = (box[0] + 8, box[1] + 8, box[2] - 8, box[3] - 8)
        logo_colour = [(0, 122, 255), (220, 40, 40), (0, 150, 80)][int(rng.integers(0, 3))]
        draw.rounded_rectangle(inner, radius=10, fill=logo_colour)
        _text(draw, (cx, cy), "粤", logo_size // 2, (255, 255, 255), bold=True, anchor="mm")
    label_y = qr_top + size + 70
    _text(draw, (WIDTH // 2, label_y), _LABELS[colour], 64, dark, bold=True, anchor="mm")
    _text(
        draw, (WIDTH // 2, label_y + 80), "凭此码可在河南省内通行", 34, (110, 110, 110), anchor="mm"
    )

    tile_top = label_y + 150
    draw.rounded_rectangle((70, tile_top, 620, tile_top + 220), radius=18, fill=(236, 248, 240))
    result, result_fill = (
        ("阳性", (210, 30, 30)) if person.nat_positive else ("阴性", (20, 140, 60))
    )
    _text(draw, (100, tile_top + 30), f"核酸检测 {result}", 44, result_fill, bold=True)
    sample_day = int(rng.integers(1, 29))
    _text(draw, (100, tile_top + 120), f"采样时间 2022-04-{sample_day:02d} 08:30", 30, (80, 80, 80))
    draw.rounded_rectangle((650, tile_top, 1010, tile_top + 220), radius=18, fill=(232, 241, 255))
    _text(
        draw,
        (830, tile_top + 80),
        f"{person.hours}小时",
        60,
        (46, 107, 230),
        bold=True,
        anchor="mm",
    )
    _text(draw, (830, tile_top + 160), "核酸结果", 30, (80, 80, 80), anchor="mm")
    _text(draw, (90, top + 1500), f"疫苗接种 已完成{person.doses}针", 34, (60, 60, 60))
    fields = {
        "shown_at": _iso(day, clock),
        "name_masked": person.name,
        "id_tail": person.id_tail,
        "colour_text": _COLOUR_VALUES[colour],
        "nat_result": "positive" if person.nat_positive else "negative",
        "nat_time": _iso(f"2022-04-{sample_day:02d}", "08:30"),
        "nat_hours_tile": str(person.hours),
        "vaccine": str(person.doses),
    }
    return page, quad, fields


def _overlay_page(
    rng: np.random.Generator,
    colour: CodeColour,
    payload: str,
    person: _Person,
    *,
    button: tuple[float, float] = (0.46, 0.11),
    veil: float = 0.0,
    error: str = "h",
) -> tuple[Image.Image, Quad | None, Fields]:
    """津心通-like: coloured modules on a grey panel, a button over the code's middle.

    ``button`` is the button's (width, height) as shares of the code's side; ``veil``
    lays a translucent white layer (0–1) over the code, as the venue-scan prompt does.
    A wide button over a veiled code of error level "m" no longer decodes, yet its
    modules show their colour around the button.
    """
    dark = _SHADES[colour][int(rng.integers(0, 4))]
    page = Image.new("RGB", (WIDTH, HEIGHT), (236, 236, 236))
    draw = ImageDraw.Draw(page)
    _status_bar(draw, rng, (30, 30, 30))
    _text(draw, (WIDTH // 2, 180), "津心通", 56, (30, 30, 30), bold=True, anchor="mm")
    _text(draw, (WIDTH // 2, 300), "健康码", 44, (60, 60, 60), anchor="mm")
    grey = int(rng.integers(205, 225))
    panel = (grey, grey, grey)
    top = 420 + _jitter(rng, 30)
    draw.rounded_rectangle((80, top, WIDTH - 80, top + 1000), radius=24, fill=panel)
    size = int(rng.integers(560, 660))
    left = (WIDTH - size) // 2
    qr_top = top + (1000 - size) // 2
    quad = _place_qr(page, payload, size, (left, qr_top), dark, panel, error=error, border=3)
    if veil > 0:
        area = (left, qr_top, left + size, qr_top + size)
        veiled = Image.blend(page.crop(area), Image.new("RGB", (size, size), "white"), veil)
        page.paste(veiled, area[:2])
    button_w, button_h = int(size * button[0]), int(size * button[1])
    cx, cy = WIDTH // 2, qr_top + size // 2
    button_fill = [(7, 193, 96), (46, 107, 230)][int(rng.integers(0, 2))]
    draw.rounded_rectangle(
        (cx - button_w // 2, cy - button_h // 2, cx + button_w // 2, cy + button_h // 2),
        radius=button_h // 2,
        fill=button_fill,
    )
    label_size = min(button_h // 2, button_w // 7)
    _text(draw, (cx, cy), "请扫场所码", label_size, (255, 255, 255), bold=True, anchor="mm")
    day, clock = _clock(rng)
    _text(draw, (WIDTH // 2, top + 1100), f"{day} {clock}", 56, (30, 30, 30), anchor="mm")
    _text(
        draw,
        (WIDTH // 2, top + 1200),
        f"{person.name} {person.id_masked}",
        36,
        (80, 80, 80),
        anchor="mm",
    )
    fields = {
        "shown_at": _iso(day, clock),
        "name_masked": person.name,
        "id_tail": person.id_tail,
    }
    return page, quad, fields


def _travel_page(
    rng: np.random.Generator,
    colour: CodeColour,
    payload: str | None,
    *,
    style: str = "ring",
    words: CodeColour | None = None,
) -> tuple[Image.Image, Quad | None, Fields]:
    """通信大数据行程卡: the card's colour is its arrow's (and its page's) colour.

    ``style`` "ring" is the 2022 card: the whole page in the card's colour, a white card
    with a 请收下绿色行程卡 tab, an arrow in a ring; "disc" an older one: a blue header and
    a filled disc with a white arrow head. ``words`` names another colour in the tab
    than the arrow shows (an edited card).
    """
    dark = _SHADES[colour][0] if colour is not CodeColour.GREY else _SHADES[CodeColour.GREEN][0]
    white = (255, 255, 255)
    ring = style == "ring"
    page = Image.new("RGB", (WIDTH, HEIGHT), dark if ring else white)
    draw = ImageDraw.Draw(page)
    if ring:
        draw.rounded_rectangle((40, 330, WIDTH - 40, 1460), radius=28, fill=white)
        tint = tuple(int(255 - (255 - c) * 0.18) for c in dark)
        draw.polygon([(250, 330), (830, 330), (800, 400), (280, 400)], fill=tint)
        word = {CodeColour.YELLOW: "黄", CodeColour.RED: "红"}.get(words or colour, "绿")
        _text(draw, (WIDTH // 2, 365), f"请收下{word}色行程卡", 34, dark, bold=True, anchor="mm")
    else:
        draw.rectangle((0, 0, WIDTH, 360), fill=(56, 110, 226))
    _status_bar(draw, rng, white)
    _text(draw, (WIDTH // 2, 170), "通信大数据行程卡", 56, white, bold=True, anchor="mm")
    _text(draw, (WIDTH // 2, 260), "疫情防控，人人有责", 34, (225, 235, 255), anchor="mm")
    phone_tail = int(rng.integers(1000, 9999))
    _text(
        draw, (WIDTH // 2, 460), f"138****{phone_tail}的动态行程卡", 44, (30, 30, 30), anchor="mm"
    )
    day, clock = _clock(rng)
    _text(
        draw,
        (WIDTH // 2, 540),
        f"更新于：{day.replace('-', '.')} {clock}",
        36,
        (90, 90, 90),
        anchor="mm",
    )
    cy = 860
    if ring:
        # An arrow inside a ring, both in the card's colour.
        cx, radius = WIDTH // 2, 220
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=dark, width=34)
        draw.rectangle((cx - 20, cy - 90, cx + 20, cy + 170), fill=dark)
        draw.line([(cx - 120, cy + 20), (cx + 6, cy - 140)], fill=dark, width=38)
        draw.line([(cx + 120, cy + 20), (cx - 6, cy - 140)], fill=dark, width=38)
    else:
        # The big coloured circle with an arrow, the travel card's colour.
        draw.ellipse((WIDTH // 2 - 220, cy - 220, WIDTH // 2 + 220, cy + 220), fill=dark)
        draw.polygon(
            [(WIDTH // 2 - 90, cy + 40), (WIDTH // 2, cy - 80), (WIDTH // 2 + 90, cy + 40)],
            fill=white,
        )
    _text(draw, (90, 1180), "您于前14天内到达或途经：", 40, (30, 30, 30), bold=True)
    picks = rng.choice(len(_CITIES), size=int(rng.integers(1, 4)), replace=False)
    cities = []
    for index in picks:
        city = _CITIES[int(index)]
        cities.append(city + ("*" if rng.random() < 0.3 else ""))
    _text(draw, (90, 1260), "，".join(cities), 40, (30, 30, 30))
    _text(
        draw,
        (90, 1360),
        "结果包含您在前14天内到访的国家（地区）与停留4小时以上的国内城市",
        26,
        (130, 130, 130),
    )
    quad = None
    if payload is not None:
        size = int(rng.integers(260, 340))
        quad = _place_qr(page, payload, size, (WIDTH // 2 - size // 2, 1500), dark)
        _text(
            draw,
            (WIDTH // 2, 1500 + size + 50),
            "扫一扫查验行程卡",
            32,
            white if ring else (90, 90, 90),
            anchor="mm",
        )
    # The card is generated when it is opened: its update time is the page's clock.
    fields = {
        "shown_at": _iso(day, clock),
        "travel_updated_at": _iso(day, clock),
        "phone_tail": str(phone_tail),
        "travel_cities": ",".join(cities),
        "travel_colour": _COLOUR_VALUES[colour],
    }
    return page, quad, fields


def _nat_page(
    rng: np.random.Generator, payload: str, person: _Person
) -> tuple[Image.Image, Quad | None, Fields]:
    page = Image.new("RGB", (WIDTH, HEIGHT), (247, 247, 247))
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, WIDTH, 260), fill=(255, 255, 255))
    _status_bar(draw, rng, (30, 30, 30))
    _text(draw, (WIDTH // 2, 170), "核酸检测报告", 52, (30, 30, 30), bold=True, anchor="mm")
    draw.rounded_rectangle((40, 320, WIDTH - 40, 1500), radius=20, fill=(255, 255, 255))
    sample_day = int(rng.integers(1, 29))
    rows = (
        ("姓名", person.name),
        ("证件号码", person.id_masked),
        ("采样时间", f"2022-04-{sample_day:02d} 08:30"),
        ("检测时间", f"2022-04-{sample_day:02d} 21:12"),
        ("检测机构", "商水县人民医院"),
    )
    for row, (key, value) in enumerate(rows):
        y = 380 + row * 120
        _text(draw, (90, y), key, 38, (120, 120, 120))
        _text(draw, (380, y), value, 38, (30, 30, 30))
    _text(draw, (90, 1000), "检测结果", 38, (120, 120, 120))
    result, result_fill = (
        ("阳性", (210, 30, 30)) if person.nat_positive else ("阴性", (20, 150, 60))
    )
    _text(draw, (380, 990), result, 56, result_fill, bold=True)
    size = int(rng.integers(240, 320))
    quad = _place_qr(page, payload, size, (WIDTH // 2 - size // 2, 1120), (0, 0, 0))
    fields = {
        "name_masked": person.name,
        "id_tail": person.id_tail,
        "nat_result": "positive" if person.nat_positive else "negative",
        "nat_time": _iso(f"2022-04-{sample_day:02d}", "08:30"),
    }
    return page, quad, fields


def _payment_page(rng: np.random.Generator, payload: str) -> tuple[Image.Image, Quad | None]:
    page = Image.new("RGB", (WIDTH, HEIGHT), (7, 193, 96))
    draw = ImageDraw.Draw(page)
    _status_bar(draw, rng, (255, 255, 255))
    draw.rounded_rectangle((50, 260, WIDTH - 50, 1700), radius=24, fill=(255, 255, 255))
    _text(draw, (110, 330), "向商家付款", 44, (7, 193, 96), bold=True)
    # A 1-D barcode above the QR, as payment pages have.
    x = 150
    while x < WIDTH - 150:
        bar = int(rng.integers(2, 9))
        draw.rectangle((x, 450, x + bar, 640), fill=(0, 0, 0))
        x += bar + int(rng.integers(3, 10))
    size = int(rng.integers(520, 620))
    qr_top = 760
    quad = _place_qr(page, payload, size, (WIDTH // 2 - size // 2, qr_top), (0, 0, 0), error="h")
    logo = 90
    cx, cy = WIDTH // 2, qr_top + size // 2
    draw.rounded_rectangle(
        (cx - logo, cy - logo // 2 - 20, cx + logo, cy + logo // 2 + 20), 14, fill="white"
    )
    draw.ellipse((cx - 40, cy - 40, cx + 40, cy + 40), fill=(7, 193, 96))
    return page, quad


def _photo_like(rng: np.random.Generator) -> Image.Image:
    """A photo-ish picture with no code: smooth gradients, blobs and sensor noise."""
    small_h, small_w = 60, 28
    coarse = rng.integers(0, 256, (small_h, small_w, 3)).astype(np.uint8)
    smooth = cv2.resize(coarse, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
    canvas = np.ascontiguousarray(smooth)
    for _ in range(int(rng.integers(4, 10))):
        centre = (int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT)))
        axes = (int(rng.integers(40, 300)), int(rng.integers(40, 300)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        cv2.ellipse(canvas, centre, axes, float(rng.integers(0, 180)), 0, 360, colour, -1)
    canvas = cv2.GaussianBlur(canvas, (0, 0), 4)
    noise = rng.normal(0, 6, canvas.shape[:2]).astype(np.float32)[..., None]
    canvas = np.clip(canvas.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(canvas, "RGB")


# --------------------------------------------------------------------- degradation


def _jpeg(image: BgrImage, quality: int) -> BgrImage:
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return np.asarray(cv2.imdecode(encoded, cv2.IMREAD_COLOR), dtype=np.uint8)


def _wechat(image: BgrImage, rng: np.random.Generator) -> BgrImage:
    return _jpeg(image, int(rng.integers(40, 71)))


def _small(image: BgrImage, rng: np.random.Generator) -> tuple[BgrImage, npt.NDArray[np.float64]]:
    """WeChat's "compressed" forward: 540 px wide, then JPEG."""
    height, width = image.shape[:2]
    target = (540, round(height * 540 / width))
    shrunk = cv2.resize(image, target, interpolation=cv2.INTER_AREA)
    scale = np.diag([target[0] / width, target[1] / height, 1.0])
    return _jpeg(np.asarray(shrunk, np.uint8), int(rng.integers(60, 86))), scale


def _crop(
    image: BgrImage, rng: np.random.Generator, box: tuple[int, int, int, int] | None
) -> tuple[BgrImage, npt.NDArray[np.float64]]:
    height, width = image.shape[:2]
    if box is None:
        box = (width // 3, height // 3, 2 * width // 3, height // 2)
    x0, y0, x1, y1 = box
    # Keep the whole code plus a random share of the page around it.
    left = int(rng.integers(0, max(1, x0 - 20)))
    top = int(rng.integers(max(0, y0 - 900), max(1, y0 - 20)))
    right = int(rng.integers(min(width, x1 + 20), width + 1))
    bottom = int(rng.integers(min(height, y1 + 20), min(height, y1 + 900) + 1))
    cropped = np.ascontiguousarray(image[top:bottom, left:right])
    shift = np.array([[1.0, 0.0, -left], [0.0, 1.0, -top], [0.0, 0.0, 1.0]])
    return _jpeg(cropped, int(rng.integers(70, 91))), shift


def _phone_photo(
    image: BgrImage, rng: np.random.Generator, *, hard: bool = False
) -> tuple[BgrImage, npt.NDArray[np.float64]]:
    """A camera photo of the traveller's phone screen, held in a hand.

    ``hard`` is the photo a worker takes in a hurry: the phone small in a larger frame,
    tilted and in steep perspective, a thumb over the bezel, stronger glare and blur, as
    the real phone-in-hand photos that defeat decoders on the whole frame.
    """
    if hard:
        out_w, out_h = 1800, 2400
        scale = float(rng.uniform(0.34, 0.46))
        spin, keystone = 22.0, 0.12
    else:
        out_w, out_h = 1200, 1600
        scale = float(rng.uniform(0.48, 0.64))
        spin, keystone = 7.0, 0.05
    height, width = image.shape[:2]
    screen_w, screen_h = width * scale, height * scale
    cx = out_w / 2 + rng.uniform(-40, 40)
    cy = out_h / 2 + rng.uniform(-40, 40)
    angle = np.deg2rad(rng.uniform(-spin, spin))
    corners = np.array(
        [
            [-screen_w / 2, -screen_h / 2],
            [screen_w / 2, -screen_h / 2],
            [screen_w / 2, screen_h / 2],
            [-screen_w / 2, screen_h / 2],
        ]
    )
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    target = corners @ rotation.T + (cx, cy)
    # Perspective: each corner moves independently by up to ``keystone`` of the width.
    target += rng.uniform(-keystone, keystone, (4, 2)) * screen_w
    if hard:
        # A phone tilted away: its far edge is shorter (keystone), not just jittered.
        top_shrink = float(rng.uniform(0.04, 0.12)) * screen_w
        target[0, 0] += top_shrink
        target[1, 0] -= top_shrink
    source = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, target.astype(np.float32))

    # Background: a dark, skin-ish gradient (hand and table) and the phone's bezel.
    base = np.array(rng.uniform([40, 50, 70], [110, 130, 170]), dtype=np.float32)
    ramp = np.linspace(0.6, 1.1, out_h, dtype=np.float32)[:, None, None]
    background = np.clip(base * ramp * np.ones((1, out_w, 1), np.float32), 0, 255).astype(np.uint8)
    bezel = target.astype(np.float32).copy()
    bezel_centre = bezel.mean(axis=0)
    bezel = bezel_centre + (bezel - bezel_centre) * 1.06
    cv2.fillConvexPoly(background, bezel.astype(np.int32), (15, 15, 18))
    photo = cv2.warpPerspective(
        image, matrix, (out_w, out_h), dst=background, borderMode=cv2.BORDER_TRANSPARENT
    )
    if hard:
        # The holding thumb over the lower bezel and the screen's bottom edge.
        left, right = target[3], target[2]
        t = float(rng.uniform(0.15, 0.85))
        thumb = (int(left[0] + t * (right[0] - left[0])), int(left[1] + t * (right[1] - left[1])))
        skin = tuple(float(c) for c in rng.uniform([90, 120, 170], [130, 160, 215]))
        axes = (int(screen_w * 0.12), int(screen_w * 0.2))
        cv2.ellipse(photo, thumb, axes, float(rng.uniform(-30, 30)), 0, 360, skin, -1)
    # Moiré (the camera's pixel grid beating against the screen's) and glare (a soft
    # bright blob, sometimes over the code) are both separable in x and y: outer
    # products of 1-D profiles keep this at a few ms per photo.
    xs = np.arange(out_w, dtype=np.float32)
    ys = np.arange(out_h, dtype=np.float32)
    theta = float(rng.uniform(0, np.pi))
    omega = float(2 * np.pi / rng.uniform(3.0, 7.0))
    ax, ay = omega * float(np.cos(theta)), omega * float(np.sin(theta))
    wave = np.outer(np.cos(ys * ay), np.sin(xs * ax)) + np.outer(np.sin(ys * ay), np.cos(xs * ax))
    gain = 1.0 + float(rng.uniform(0.03, 0.09)) * wave
    gx, gy = float(rng.uniform(0.2, 0.8)) * out_w, float(rng.uniform(0.25, 0.75)) * out_h
    sigma = float(rng.uniform(120, 320))
    glare = np.outer(
        np.exp(-((ys - gy) ** 2) / (2 * sigma**2)), np.exp(-((xs - gx) ** 2) / (2 * sigma**2))
    ) * float(rng.uniform(30, 100))
    glare += rng.standard_normal((out_h, out_w), dtype=np.float32) * float(rng.uniform(2, 5))
    # A colour cast from the room's light.
    cast = rng.uniform(0.92, 1.08, 3).astype(np.float32)
    screen = photo.astype(np.float32) * (gain[..., None] * cast) + glare[..., None]
    blur = float(rng.uniform(0.6, 1.7)) * (1.3 if hard else 1.0)
    blurred = cv2.GaussianBlur(np.clip(screen, 0, 255).astype(np.uint8), (0, 0), blur)
    quality = int(rng.integers(70, 93))
    return _jpeg(np.asarray(blurred, np.uint8), quality), np.asarray(matrix, dtype=np.float64)


# ------------------------------------------------------------------------ samples

_PageBuilder = Callable[
    [np.random.Generator],
    tuple[Image.Image, tuple[TruthCode, ...], tuple[int, int, int, int] | None],
]


def _render_page(
    kind: str, rng: np.random.Generator, index: int, text_rng: np.random.Generator
) -> tuple[Image.Image, tuple[TruthCode, ...], Fields]:
    colour = HEALTH_COLOURS[index % len(HEALTH_COLOURS)]
    token = _token(rng, int(rng.integers(16, 48)))
    person = _Person.draw(text_rng)
    quad: Quad | None
    fields: Fields = {}
    if kind == "health":
        payload = f"https://hc.hnjkm.cn/code?c={token}&v=2"
        page, quad, fields = _health_page(rng, colour, payload, person)
    elif kind == "health_logo":
        payload = f"粤康码:{token}"
        page, quad, fields = _health_page(rng, colour, payload, person, logo=True)
    elif kind == "health_overlay":
        payload = f"JXT|{token}|{index}"
        page, quad, fields = _overlay_page(rng, colour, payload, person)
    elif kind == "travel":
        colour = (CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED)[index % 3]
        payload = f"https://xc.caict.ac.cn/v?{token}"
        # Half the travel cards carry no code at all, like the real 行程卡; a quarter
        # are drawn in the older disc style (the first one: it keeps the pixels, and so
        # the perceptual hashes, that tests pinned before the ring style came).
        style = ("disc", "ring", "ring", "ring")[index % 4]
        page, quad, fields = _travel_page(rng, colour, None if index % 2 else payload, style=style)
    elif kind == "nat":
        payload, colour = f"NAT-REPORT-{token}", CodeColour.UNKNOWN
        page, quad, fields = _nat_page(rng, payload, person)
    elif kind == "payment":
        payload, colour = f"wxp://f2f0{token}", CodeColour.UNKNOWN
        page, quad = _payment_page(rng, payload)
    elif kind == "photo":
        return _photo_like(rng), (), {}
    else:
        raise ValueError(f"unknown page kind {kind!r}")
    if quad is None:
        return page, (), fields
    return page, (TruthCode(payload, colour, quad),), fields


def make_sample(kind: str, variant: str, index: int, seed: int) -> Sample:
    """One deterministic sample."""
    key = [seed, PAGE_KINDS.index(kind), VARIANTS.index(variant), index]
    rng = np.random.default_rng(key)
    # A second stream for the personal text, so adding text never moves the codes.
    text_rng = np.random.default_rng([*key, 1])
    page, codes, fields = _render_page(kind, rng, index, text_rng)
    clean = np.ascontiguousarray(np.asarray(page)[:, :, ::-1])
    image, matrix = degrade(clean, variant, rng, None if not codes else _bounds(codes[0].quad))
    moved = tuple(
        TruthCode(code.payload, code.colour, _transform(code.quad, matrix)) for code in codes
    )
    return Sample(f"{variant}-{kind}-{index:03d}", image, kind, variant, moved, fields)


#: The venue-scan prompt as it covers a code (津心通's 请扫"场所码"): a wide button over a
#: veiled code of error level M, which no decoder reads, though its modules still show.
COVERED_BUTTON: Final = (0.62, 0.22)
COVERED_VEIL: Final = 0.35


def make_covered_sample(colour: CodeColour, variant: str, index: int, seed: int) -> Sample:
    """A health code whose colour shows but which does not decode: a 请扫"场所码" overlay."""
    key = [seed, 101, VARIANTS.index(variant), index, HEALTH_COLOURS.index(colour)]
    rng = np.random.default_rng(key)
    person = _Person.draw(np.random.default_rng([*key, 1]))
    payload = f"JXT|{_token(rng, int(rng.integers(16, 48)))}|{index}"
    page, quad, fields = _overlay_page(
        rng, colour, payload, person, button=COVERED_BUTTON, veil=COVERED_VEIL, error="m"
    )
    assert quad is not None
    return _degraded(
        f"{variant}-covered-{colour.value}-{index:03d}",
        page,
        "health_overlay",
        variant,
        (TruthCode(payload, colour, quad),),
        fields,
        rng,
    )


def make_travel_sample(
    colour: CodeColour,
    variant: str,
    index: int,
    seed: int,
    *,
    style: str = "ring",
    words: CodeColour | None = None,
) -> Sample:
    """A 通信大数据行程卡 of ``colour`` (green/yellow/red), without a code of its own."""
    key = [seed, 102, VARIANTS.index(variant), index, HEALTH_COLOURS.index(colour)]
    rng = np.random.default_rng(key)
    page, _, fields = _travel_page(rng, colour, None, style=style, words=words)
    name = f"{variant}-travel-{style}-{colour.value}-{index:03d}"
    return _degraded(name, page, "travel", variant, (), fields, rng)


def make_hand_photo_sample(kind: str, index: int, seed: int) -> Sample:
    """A hurried phone-in-hand photo (see ``_phone_photo(hard=True)``) of a ``kind`` page."""
    rng = np.random.default_rng([seed, 103, PAGE_KINDS.index(kind), index])
    page, codes, fields = _render_page(kind, rng, index, np.random.default_rng([seed, index, 1]))
    clean = np.ascontiguousarray(np.asarray(page)[:, :, ::-1])
    image, matrix = _phone_photo(clean, rng, hard=True)
    moved = tuple(
        TruthCode(code.payload, code.colour, _transform(code.quad, matrix)) for code in codes
    )
    return Sample(f"hand-{kind}-{index:03d}", image, kind, "photo", moved, fields)


def _degraded(
    name: str,
    page: Image.Image,
    kind: str,
    variant: str,
    codes: tuple[TruthCode, ...],
    fields: Fields,
    rng: np.random.Generator,
) -> Sample:
    clean = np.ascontiguousarray(np.asarray(page)[:, :, ::-1])
    box = (200, 500, WIDTH - 200, 1300) if not codes else _bounds(codes[0].quad)
    image, matrix = degrade(clean, variant, rng, box)
    moved = tuple(
        TruthCode(code.payload, code.colour, _transform(code.quad, matrix)) for code in codes
    )
    return Sample(name, image, kind, variant, moved, fields)


def degrade(
    clean: BgrImage,
    variant: str,
    rng: np.random.Generator,
    crop_box: tuple[int, int, int, int] | None,
) -> tuple[BgrImage, npt.NDArray[np.float64]]:
    """`clean` as `variant` shows it, and the matrix taking its points there."""
    if variant == "clean":
        return clean, np.eye(3)
    if variant == "wechat":
        return _wechat(clean, rng), np.eye(3)
    if variant == "small":
        return _small(clean, rng)
    if variant == "crop":
        return _crop(clean, rng, crop_box)
    if variant == "photo":
        return _phone_photo(clean, rng)
    raise ValueError(f"unknown variant {variant!r}")


def _bounds(quad: Quad) -> tuple[int, int, int, int]:
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    return (int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1)


def _transform(quad: Quad, matrix: npt.NDArray[np.float64]) -> Quad:
    points = np.asarray(quad, dtype=np.float64).reshape(-1, 1, 2)
    moved = cv2.perspectiveTransform(points, matrix).reshape(-1, 2)
    return tuple((float(x), float(y)) for x, y in moved)


def generate_corpus(
    n_per_variant: int, seed: int, *, variants: tuple[str, ...] = VARIANTS
) -> list[Sample]:
    """``n_per_variant`` samples of each variant, cycling through the page kinds."""
    samples = []
    for variant in variants:
        for i in range(n_per_variant):
            kind = PAGE_KINDS[i % len(PAGE_KINDS)]
            samples.append(make_sample(kind, variant, i // len(PAGE_KINDS), seed))
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--n", type=int, default=14, help="samples per variant")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    truth = []
    for sample in generate_corpus(args.n, args.seed):
        suffix = ".png" if sample.variant == "clean" else ".jpg"
        path = args.outdir / f"{sample.name}{suffix}"
        cv2.imwrite(str(path), sample.image, [cv2.IMWRITE_JPEG_QUALITY, 95])
        truth.append(
            {
                "file": path.name,
                "kind": sample.kind,
                "variant": sample.variant,
                "codes": [{"payload": c.payload, "colour": c.colour.value} for c in sample.codes],
                "fields": dict(sample.fields),
            }
        )
    (args.outdir / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), "utf-8"
    )
    print(f"wrote {len(truth)} images to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
