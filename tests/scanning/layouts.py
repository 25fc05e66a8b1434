"""Generated pages laid out like the real apps of 2022, each with its ground truth.

tests/scanning/corpus.py draws one page per kind, the same every time; real pages are
more varied, and a reader tuned to one layout fails on the next province's. These are
templates drawn from what the 2022 pages showed (not copies of them):

- 豫康码 (Henan): title, masked name and ID, a date with its weekday over a big live
  clock, the code, 核酸/疫苗 tiles with the label above the value, 行程卡 and 场所码
  buttons under the code;
- 粤康码 通行凭证 (Guangdong): 通行登记 bar, the venue, 登记时间 with seconds, a code
  with the province's logo in its middle, 72小时 阴性 tile, 最新上报时间 without a time;
- 津心通 (Tianjin): coloured modules on a grey panel under a 请扫"场所码" button;
- 浙江健康码: 5月10日 20:27:11 (no year); 渝康码: 01-08 17:05:05 (no year);
- 苏康码: family-member tabs (本人, 家人…) above the code, a date over a clock;
- 北京健康宝: 未见异常 wording and no colour word; its clock, or a venue scan's result
  (扫码登记成功, the place, 扫码时间);
- 随申码: no clock of its own (only the phone's status bar tells the time);
- 通信大数据行程卡, 7- and 14-day versions: 更新于 line, the coloured arrow and its
  请收下…色行程卡 banner, cities wrapped over lines (inside a name as often as not) with
  their separators and * marks, the (注：*表示…) note line.

Every page has a status bar with its own time, and carries its truth: the page kind,
the page's clock as ISO text (or the status-bar time when it has no clock), the colour
its words name, the NAT result, the travel cities with their stars and the travel
card's colour. ``LayoutSample.now`` is when the worker reads it: the year of a clock
shown without one is the year that makes it most recent, not in the future (some pages
are read in January and show December).

    python -m tests.scanning.layouts OUTDIR [--n 4] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

import numpy as np
from PIL import Image, ImageDraw

from checkpoint_app.records.model import CodeColour
from tests.scanning.corpus import (
    _ID_HEADS,
    _ID_TAILS,
    _MASKED_NAMES,
    _SHADES,
    HEIGHT,
    WIDTH,
    BgrImage,
    Quad,
    Rgb,
    TruthCode,
    _bounds,
    _font,
    _jitter,
    _place_qr,
    _text,
    _token,
    _transform,
    degrade,
)

GREEN, YELLOW, RED, GREY = CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED, CodeColour.GREY

#: Layout → the colours that app showed.
LAYOUT_COLOURS: Final[Mapping[str, tuple[CodeColour, ...]]] = {
    "henan": (GREEN, YELLOW, RED, GREY),
    "guangdong": (GREEN, YELLOW, RED),
    "tianjin": (GREEN, YELLOW, RED, GREY),
    "zhejiang": (GREEN, YELLOW, RED),
    "chongqing": (GREEN, YELLOW, RED, GREY),
    "jiangsu": (GREEN, YELLOW, RED, GREY),
    "beijing": (GREEN, YELLOW, RED),
    "shanghai": (GREEN, YELLOW, RED),
    "travel7": (GREEN, YELLOW, RED),
    "travel14": (GREEN, YELLOW, RED),
}
LAYOUTS: Final = tuple(LAYOUT_COLOURS)
VARIANTS: Final = ("clean", "wechat", "small", "crop", "photo")
#: The fields judged on these pages, as read_text reports them ("page_kind" aside).
LAYOUT_JUDGED: Final = (
    "page_kind",
    "shown_at",
    "status_bar_time",
    "colour_text",
    "nat_result",
    "travel_cities",
    "travel_colour",
)

_COLOUR_VALUE: Final = {GREEN: "green", YELLOW: "yellow", RED: "red", GREY: "grey"}
_COLOUR_CHAR: Final = {GREEN: "绿", YELLOW: "黄", RED: "红", GREY: "灰"}
_WEEKDAYS: Final = "一二三四五六日"
_INK: Final[Rgb] = (30, 30, 30)
_MUTED: Final[Rgb] = (120, 120, 120)
_WHITE: Final[Rgb] = (255, 255, 255)
_TRAVEL_CITIES: Final = (
    "河南省郑州市",
    "河南省周口市",
    "河北省唐山市",
    "浙江省杭州市",
    "浙江省湖州市",
    "上海市",
    "北京市",
    "天津市",
    "重庆市",
    "广东省广州市",
    "广东省深圳市",
    "江苏省南京市",
    "四川省成都市",
    "吉林省长春市",
    "湖北省武汉市",
    "山东省青岛市",
    "新疆维吾尔自治区乌鲁木齐市",
    "内蒙古自治区呼和浩特市",
    "四川省甘孜藏族自治州",
    "黑龙江省大兴安岭地区",
    "海南省陵水黎族自治县",
    "湖北省神农架林区",
)


@dataclass(frozen=True, slots=True)
class LayoutSample:
    name: str
    layout: str
    colour: CodeColour
    variant: str
    #: BGR, as load_image would give it.
    image: BgrImage
    #: The page kind as read_text reports it (PageKind values).
    kind: str
    #: When the worker reads the page (local, naive): dates a clock shown without a year.
    now: datetime
    codes: tuple[TruthCode, ...]
    #: key → value as read_text reports it; a key absent is something the page does not
    #: show (crops and photos may lose what is there).
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Page:
    """A page being drawn, with what it will be judged on."""

    image: Image.Image
    draw: ImageDraw.ImageDraw
    rng: np.random.Generator
    fields: dict[str, str]
    codes: list[TruthCode]

    @classmethod
    def new(cls, background: Rgb, rng: np.random.Generator) -> _Page:
        image = Image.new("RGB", (WIDTH, HEIGHT), background)
        return cls(image, ImageDraw.Draw(image), rng, {}, [])

    def text(self, xy: tuple[float, float], text: str, size: int, fill: Rgb, **kw: object) -> None:
        _text(self.draw, xy, text, size, fill, **kw)  # type: ignore[arg-type]

    def centred(self, y: float, text: str, size: int, fill: Rgb, *, bold: bool = False) -> None:
        _text(self.draw, (WIDTH // 2, y), text, size, fill, bold=bold, anchor="mm")

    def code(
        self,
        payload: str,
        size: int,
        top: int,
        colour: CodeColour,
        *,
        light: Rgb = _WHITE,
        error: str = "m",
        border: int = 2,
    ) -> Quad:
        dark = _SHADES[colour][int(self.rng.integers(0, 4))]
        left = (WIDTH - size) // 2 + _jitter(self.rng, 12)
        quad = _place_qr(
            self.image, payload, size, (left, top), dark, light, error=error, border=border
        )
        self.codes.append(TruthCode(payload, colour, quad))
        return quad


# ------------------------------------------------------------------------- pieces


def _moment(rng: np.random.Generator, index: int) -> tuple[datetime, datetime]:
    """When the screenshot was taken, and when the worker reads it (a little later).

    Every fifth page is shown in late December and read in early January, so that a
    clock without its year must be given last year's.
    """
    if index % 5 == 4:
        shown = datetime(2021, 12, 31, 23, 10) + timedelta(seconds=int(rng.integers(0, 2990)))
        return shown, datetime(2022, 1, 1) + timedelta(seconds=int(rng.integers(60, 40 * 60)))
    start = datetime(2022, 3, 1)
    shown = start + timedelta(seconds=int(rng.integers(0, 240 * 24 * 3600)))
    return shown, shown + timedelta(seconds=int(rng.integers(60, 50 * 60)))


def _status_bar(page: _Page, when: datetime, colour: Rgb, style: int) -> str:
    """The phone's status bar; returns its time as read_text reports it."""
    hour, minute = when.hour, when.minute
    if style == 0:  # Android, 24 hours, no leading zero
        shown = value = f"{hour}:{minute:02d}"
        if hour == 0:
            value = f"00:{minute:02d}"  # no 12-hour phone shows 0: the reader pads it
    elif style == 1:  # iPhone, 24 hours with a leading zero
        shown = value = f"{hour:02d}:{minute:02d}"
    else:  # a 12-hour phone that says which half of the day
        half = "上午" if hour < 12 else "下午"
        shown, value = f"{half}{hour % 12 or 12}:{minute:02d}", f"{hour:02d}:{minute:02d}"
    page.text((60, 24), shown, 38, colour, bold=True)
    page.draw.rounded_rectangle((940, 30, 1010, 62), radius=8, outline=colour, width=3)
    page.draw.rectangle((946, 36, 946 + int(page.rng.integers(20, 58)), 56), fill=colour)
    return value


def _person(rng: np.random.Generator) -> tuple[str, str]:
    name = _MASKED_NAMES[int(rng.integers(0, len(_MASKED_NAMES)))]
    head = _ID_HEADS[int(rng.integers(0, len(_ID_HEADS)))]
    tail = _ID_TAILS[int(rng.integers(0, len(_ID_TAILS)))]
    return name, f"{head}{'*' * 10}{tail}"


def _tile(page: _Page, box: tuple[int, int, int, int], label: str, value: str, note: str) -> None:
    """A tile with its label above its value (and a small line under it)."""
    x0, y0, x1, y1 = box
    page.draw.rounded_rectangle(box, radius=18, fill=(240, 246, 252))
    cx = (x0 + x1) // 2
    _text(page.draw, (cx, y0 + 45), label, 32, _MUTED, anchor="mm")
    _text(page.draw, (cx, y0 + 115), value, 48, _INK, bold=True, anchor="mm")
    if note:
        _text(page.draw, (cx, y1 - 40), note, 28, _MUTED, anchor="mm")


def _buttons(page: _Page, top: int, labels: tuple[str, ...]) -> None:
    """Buttons side by side (行程卡, 场所码…): links a health page carries."""
    width = (WIDTH - 120 - 40 * (len(labels) - 1)) // len(labels)
    for i, label in enumerate(labels):
        x0 = 60 + i * (width + 40)
        page.draw.rounded_rectangle(
            (x0, top, x0 + width, top + 110), radius=55, fill=(46, 107, 230)
        )
        _text(page.draw, (x0 + width // 2, top + 55), label, 38, _WHITE, bold=True, anchor="mm")


def _nat(page: _Page, colour: CodeColour, shown: datetime) -> tuple[str, str, datetime]:
    """The NAT result a health page shows (positive only beside a red code), hours, time."""
    positive = colour is RED and page.rng.random() < 0.5
    hours = (24, 48, 72)[int(page.rng.integers(0, 3))]
    sampled = shown - timedelta(hours=int(page.rng.integers(3, hours)), minutes=17)
    page.fields["nat_result"] = "positive" if positive else "negative"
    return ("阳性" if positive else "阴性"), f"{hours}小时", sampled.replace(second=0)


def _payload(rng: np.random.Generator, index: int, issuer_url: str) -> str:
    """Half the codes carry an issuer's URL, half an opaque token (many real ones do)."""
    token = _token(rng, int(rng.integers(20, 44)))
    return f"{issuer_url}{token}" if index % 2 == 0 else token


# ------------------------------------------------------------------- health pages


def _health(
    layout: str, colour: CodeColour, index: int, rng: np.random.Generator
) -> tuple[_Page, datetime]:
    shown, read = _moment(rng, index)
    background = (244, 245, 247) if layout != "tianjin" else (236, 236, 236)
    page = _Page.new(background, rng)
    draw = page.draw
    header = {
        "henan": (46, 107, 230),
        "guangdong": (0, 102, 204),
        "tianjin": (236, 236, 236),
        "zhejiang": (28, 120, 230),
        "chongqing": (0, 150, 136),
        "jiangsu": (20, 110, 210),
        "beijing": (233, 84, 32),
        "shanghai": (0, 112, 224),
    }[layout]
    dark_header = layout != "tianjin"
    draw.rectangle((0, 0, WIDTH, 300), fill=header)
    bar_ink = _WHITE if dark_header else _INK
    status_style = index % 3
    page.fields["status_bar_time"] = _status_bar(page, shown, bar_ink, status_style)
    title, subtitle = {
        "henan": ("豫康码", "河南省健康码"),
        "guangdong": ("通行凭证", "通行登记"),
        "tianjin": ("津心通", "健康码"),
        "zhejiang": ("浙江健康码", "浙里办"),
        "chongqing": ("渝康码", "重庆市健康码"),
        "jiangsu": ("苏康码", "江苏政务服务"),
        "beijing": ("北京健康宝", "本人信息扫码登记"),
        "shanghai": ("随申码", "上海市大数据中心"),
    }[layout]
    page.centred(160, title, 64, bar_ink, bold=True)
    page.centred(245, subtitle, 34, bar_ink)
    y = 340 + _jitter(rng, 15)
    name, id_masked = _person(rng)

    if layout == "henan" and index % 2 == 1:
        # The app's own tabs under its title: 行程卡 among the first lines of a health page.
        for i, tab in enumerate(("健康码", "行程卡", "核酸检测")):
            page.text((200 + i * 340, y + 10), tab, 38, _INK if i == 0 else _MUTED, anchor="mm")
        y += 80
    if layout == "jiangsu":
        # Family members' codes on tabs above the card.
        tabs = ("本人", "家人1", "家人2", "+添加")
        for i, tab in enumerate(tabs):
            x = 140 + i * 260
            fill = (20, 110, 210) if i == 0 else _MUTED
            page.text((x, y + 10), tab, 38, fill, bold=i == 0, anchor="mm")
        draw.rectangle((90, y + 45, 190, y + 51), fill=(20, 110, 210))
        y += 90

    draw.rounded_rectangle((40, y, WIDTH - 40, y + 1900 - (y - 340)), radius=28, fill=_WHITE)
    y += 50
    page.text((90, y), name, 46, _INK, bold=True)
    if layout == "guangdong":
        page.text((90, y + 75), "知识大厦 其他", 36, _MUTED)
    else:
        page.text((90, y + 75), id_masked, 34, _MUTED)
    y += 160

    clock_above = layout in ("henan", "guangdong", "jiangsu", "beijing", "zhejiang")
    if clock_above:
        y = _page_clock(page, layout, shown, y)

    size = int(rng.integers(470, 560))
    issuer = {
        "henan": "https://hc.hnykm.cn/c?",
        "guangdong": "https://ykm.gdbs.gov.cn/ykm?",
        "tianjin": "https://jxt.tj.gov.cn/jxt?",
        "zhejiang": "https://jkm.zjzwfw.gov.cn/jkm?",
        "chongqing": "",
        "jiangsu": "https://skm.jszwfw.gov.cn/skm?",
        "beijing": "https://jkb.beijing.gov.cn/jkb?",
        "shanghai": "https://ssm.sh.gov.cn/ssm?",
    }[layout]
    payload = _payload(rng, index, issuer) if issuer else _token(rng, 32)
    if layout == "tianjin":
        grey = int(rng.integers(205, 225))
        panel = (grey, grey, grey)
        draw.rounded_rectangle((120, y - 30, WIDTH - 120, y + size + 30), radius=24, fill=panel)
        _ = page.code(payload, size, y, colour, light=panel, error="h", border=3)
        # The venue-scan prompt over the code's middle.
        bw, bh = int(size * 0.5), int(size * 0.12)
        cx, cy = WIDTH // 2, y + size // 2
        fill = [(7, 193, 96), (46, 107, 230)][int(rng.integers(0, 2))]
        draw.rounded_rectangle(
            (cx - bw // 2, cy - bh // 2, cx + bw // 2, cy + bh // 2), radius=bh // 2, fill=fill
        )
        _text(draw, (cx, cy), '请扫"场所码"', bh // 2, _WHITE, bold=True, anchor="mm")
    else:
        logo = layout in ("guangdong", "zhejiang")
        _ = page.code(payload, size, y, colour, error="h" if logo else "m")
        if logo:
            cx, cy, half = WIDTH // 2, y + size // 2, size // 10
            draw.rounded_rectangle(
                (cx - half, cy - half, cx + half, cy + half), radius=10, fill=_WHITE
            )
            draw.rounded_rectangle(
                (cx - half + 7, cy - half + 7, cx + half - 7, cy + half - 7),
                radius=8,
                fill=(220, 40, 40) if layout == "guangdong" else (0, 122, 255),
            )
    y += size + 60
    ink = _SHADES[colour][0]
    if layout == "beijing":
        # 北京健康宝 names no colour: it says whether anything was found.
        word = {GREEN: "未见异常", YELLOW: "请尽快进行核酸检测", RED: "请配合社区管控"}[colour]
        page.centred(y, word, 56, ink, bold=True)
    elif layout != "tianjin" or index % 2 == 0:
        page.centred(y, f"{_COLOUR_CHAR[colour]}码", 64, ink, bold=True)
        page.fields["colour_text"] = _COLOUR_VALUE[colour]
    y += 80
    if layout == "guangdong":
        page.centred(y, f"最新上报时间：{shown.year - 1}/0{1 + index % 9}/18", 30, _MUTED)
        y += 60
    if not clock_above:
        y = _page_clock(page, layout, shown, y + 10)

    result, hours, sampled = _nat(page, colour, shown)
    tile_top = y + 30
    if layout == "guangdong":
        _tile(page, (70, tile_top, 520, tile_top + 230), hours, result, f"{sampled:%Y-%m-%d %H:%M}")
        _tile(page, (560, tile_top, 1010, tile_top + 230), "您已完成", "加强接种", "疫苗接种信息")
    else:
        doses = int(rng.integers(1, 4))
        nat_label = ("核酸检测", "核酸结果", "核酸")[index % 3]
        _tile(
            page, (70, tile_top, 520, tile_top + 230), nat_label, result, f"{sampled:%m-%d %H:%M}"
        )
        _tile(page, (560, tile_top, 1010, tile_top + 230), "疫苗接种", f"已完成{doses}针", "")
    y = tile_top + 270
    if layout != "tianjin":
        links = ("行程卡", "场所码") if index % 2 == 0 else ("通信行程卡", "核酸检测结果")
        _buttons(page, y, links)
    page.fields["page_kind"] = "health_code"
    return page, read


def _page_clock(page: _Page, layout: str, shown: datetime, y: int) -> int:
    """The page's own clock in the form that app used; returns the y below it."""
    iso = shown.isoformat()
    if layout == "henan":
        page.centred(
            y,
            f"{shown.year}年{shown.month}月{shown.day}日(周{_WEEKDAYS[shown.weekday()]})",
            44,
            _INK,
        )
        page.centred(y + 95, f"{shown:%H:%M:%S}", 96, _INK, bold=True)
        y += 170
    elif layout == "guangdong":
        page.text((90, y), f"登记时间：{shown:%Y-%m-%d %H:%M:%S}", 36, _INK)
        y += 80
    elif layout == "jiangsu":
        page.centred(y, f"{shown:%Y-%m-%d}", 44, _INK)
        page.centred(y + 85, f"{shown:%H:%M:%S}", 80, _INK, bold=True)
        y += 160
    elif layout == "beijing" and page.rng.random() < 0.5:
        # A venue scan's result over the page: the place and the scan's time, labelled.
        page.draw.rounded_rectangle(
            (90, y - 30, WIDTH - 90, y + 170), radius=20, fill=(255, 244, 230)
        )
        page.text((130, y), "扫码登记成功  场所：朝阳大悦城", 36, _INK, bold=True)
        page.text((130, y + 80), f"扫码时间：{shown:%Y-%m-%d %H:%M:%S}", 36, _INK)
        y += 210
    elif layout == "beijing":
        page.centred(y, f"{shown.year}年{shown:%m}月{shown:%d}日 {shown:%H:%M:%S}", 44, _INK)
        y += 80
    elif layout == "zhejiang":
        page.centred(y, f"{shown.month}月{shown.day}日 {shown:%H:%M:%S}", 50, _INK, bold=True)
        y += 90
    elif layout == "chongqing":
        page.centred(y, f"{shown:%m-%d %H:%M:%S}", 50, _INK, bold=True)
        y += 90
    elif layout == "tianjin":
        page.centred(y, f"{shown:%Y-%m-%d %H:%M:%S}", 48, _INK)
        y += 80
    else:  # 随申码: no clock of its own; only the status bar tells the time
        return y
    page.fields["shown_at"] = iso
    return y


# -------------------------------------------------------------------- travel card


def _wrap(text: str, size: int, first_width: int, width: int) -> list[str]:
    """Break ``text`` where it reaches the screen's edge, inside a word or not."""
    font = _font(size)
    lines, current, limit = [], "", first_width
    for char in text:
        if current and font.getlength(current + char) > limit:
            lines.append(current)
            current, limit = "", width
        current += char
    if current:
        lines.append(current)
    return lines


def _travel(
    layout: str, colour: CodeColour, index: int, rng: np.random.Generator
) -> tuple[_Page, datetime]:
    days = 7 if layout == "travel7" else 14
    shown, read = _moment(rng, index)
    page = _Page.new(_WHITE, rng)
    draw = page.draw
    draw.rectangle((0, 0, WIDTH, 330), fill=(56, 110, 226))
    page.fields["status_bar_time"] = _status_bar(page, shown, _WHITE, index % 3)
    page.centred(160, "通信大数据行程卡", 56, _WHITE, bold=True)
    page.centred(245, "疫情防控，人人有责", 32, (225, 235, 255))
    phone_tail = int(rng.integers(1000, 10000))
    page.centred(430, f"{138 + index % 50}****{phone_tail}的动态行程卡", 42, _INK)
    page.centred(505, f"更新于：{shown:%Y.%m.%d %H:%M:%S}", 36, (90, 90, 90))
    ink = _SHADES[colour][0]
    cy = 800
    draw.ellipse((WIDTH // 2 - 210, cy - 210, WIDTH // 2 + 210, cy + 210), fill=ink)
    draw.polygon(
        [(WIDTH // 2 - 90, cy + 40), (WIDTH // 2, cy - 80), (WIDTH // 2 + 90, cy + 40)],
        fill=_WHITE,
    )
    page.centred(1080, f"请收下{_COLOUR_CHAR[colour]}色行程卡", 44, ink, bold=True)

    count = int(rng.integers(1, 6))
    picks = rng.choice(len(_TRAVEL_CITIES), size=count, replace=False)
    star_rate = 0.0 if index % 4 == 1 else 0.4
    cities = [_TRAVEL_CITIES[int(i)] + ("*" if rng.random() < star_rate else "") for i in picks]
    separator = ("，", ",", "、")[index % 3]
    prefix = f"您于前{days}天内到达或途经："
    size = int(rng.integers(38, 46))
    lines = _wrap(prefix + separator.join(cities), size, 900, 900)
    y = 1190
    for i, line in enumerate(lines):
        if i == 0:
            head, rest = line[: len(prefix)], line[len(prefix) :]
            page.text((90, y), head, size, _INK, bold=True)
            page.text((90 + _font(size, True).getlength(head), y), rest, size, _INK)
        else:
            page.text((90, y), line, size, _INK)
        y += int(size * 1.6)
    if days == 7 or any("*" in c for c in cities):
        note = "(注：*表示当前该城市存在中风险或高风险地区，并不表示用户实际到访过这些中高风险地区)"
        for line in _wrap(note, 28, 900, 900):
            page.text((90, y + 10), line, 28, (150, 150, 150))
            y += 46
    if days == 14:
        page.text(
            (90, y + 30),
            "结果包含您在前14天内到访的国家（地区）与停留4小时以上的国内城市",
            26,
            _MUTED,
        )
    page.fields.update(
        {
            "page_kind": "travel_card",
            "shown_at": shown.isoformat(),
            "travel_cities": ",".join(cities),
            "travel_colour": _COLOUR_VALUE[colour],
        }
    )
    return page, read


# ------------------------------------------------------------------------ samples


def make_layout_sample(
    layout: str, colour: CodeColour, variant: str, index: int, seed: int
) -> LayoutSample:
    """One deterministic page of ``layout`` in ``colour``, degraded as ``variant``."""
    key = [seed, LAYOUTS.index(layout), VARIANTS.index(variant), index, HEIGHT]
    rng = np.random.default_rng(key)
    builder = _travel if layout.startswith("travel") else _health
    page, read = builder(layout, colour, index, rng)
    clean = np.ascontiguousarray(np.asarray(page.image)[:, :, ::-1])
    box = _bounds(page.codes[0].quad) if page.codes else (200, 600, 880, 1400)
    image, matrix = degrade(clean, variant, rng, box)
    codes = tuple(
        TruthCode(code.payload, code.colour, _transform(code.quad, matrix)) for code in page.codes
    )
    fields = dict(page.fields)
    kind = fields.pop("page_kind")
    return LayoutSample(
        name=f"{layout}-{_COLOUR_VALUE[colour]}-{variant}-{index:02d}",
        layout=layout,
        colour=colour,
        variant=variant,
        image=image,
        kind=kind,
        now=read,
        codes=codes,
        fields=fields,
    )


def generate_layouts(
    n_per_layout: int,
    seed: int,
    *,
    layouts: tuple[str, ...] = LAYOUTS,
    variants: tuple[str, ...] = VARIANTS,
) -> list[LayoutSample]:
    """``n_per_layout`` pages of each layout and variant, cycling through its colours
    (each variant starting one colour further, so that a few pages cover them all)."""
    samples = []
    for layout in layouts:
        colours = LAYOUT_COLOURS[layout]
        for shift, variant in enumerate(variants):
            for i in range(n_per_layout):
                colour = colours[(i + shift) % len(colours)]
                samples.append(make_layout_sample(layout, colour, variant, i, seed))
    return samples


def judge(sample: LayoutSample, got: Mapping[str, str]) -> dict[str, str]:
    """Each judged field of ``sample`` as read (``got``, with "page_kind"): right, empty
    or wrong. Page kind "unknown" is an abstention (empty). A value the page does not
    show at all counts as wrong (a guess); the
    status-bar time is judged only on a page without a clock of its own (the reader
    looks at it only then)."""
    truth = {"page_kind": sample.kind, **sample.fields}
    if "shown_at" in truth:
        truth.pop("status_bar_time", None)
    verdicts = {}
    for key in LAYOUT_JUDGED:
        value = got.get(key, "")
        if key == "page_kind" and value == "unknown":
            value = ""  # the reader abstained
        if key == "status_bar_time" and "shown_at" in sample.fields:
            continue
        if key not in truth:
            if value:
                verdicts[key] = "wrong"
            continue
        verdicts[key] = "empty" if not value else "right" if value == truth[key] else "wrong"
    return verdicts


def clock_right(verdicts: Mapping[str, str]) -> bool:
    """The page's age is known: its own clock, or the status bar on a page without one."""
    return verdicts.get("shown_at", verdicts.get("status_bar_time")) == "right"


def main(argv: list[str] | None = None) -> int:
    import cv2

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--n", type=int, default=4, help="pages per layout and variant")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    truth = []
    for sample in generate_layouts(args.n, args.seed):
        path = args.outdir / f"{sample.name}{'.png' if sample.variant == 'clean' else '.jpg'}"
        cv2.imwrite(str(path), sample.image, [cv2.IMWRITE_JPEG_QUALITY, 95])
        truth.append(
            {
                "file": path.name,
                "layout": sample.layout,
                "kind": sample.kind,
                "now": sample.now.isoformat(),
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
