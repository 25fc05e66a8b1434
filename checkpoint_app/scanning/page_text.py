"""The fields a worker reads on a health-code, travel-card or NAT page, from OCR lines.

Pure functions over :class:`~checkpoint_app.scanning.ocr.OcrLine`: no image, no model,
so every rule is tested on text alone. The patterns follow what the apps of spring 2022
show (豫康码, 粤康码, 津心通, 通信大数据行程卡, hospital NAT reports) and what the OCR
model makes of it: full-width colons and asterisks, a dropped space between a date and
a time, a masked ID split into two boxes around its asterisks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from checkpoint_app.scanning.ocr import OcrLine

__all__ = [
    "COLOUR_WORDS",
    "FieldReading",
    "TextClues",
    "extract_fields",
    "normalise",
    "travel_city_lines",
]


@dataclass(frozen=True, slots=True)
class FieldReading:
    value: str
    confidence: float


@dataclass(frozen=True, slots=True)
class TextClues:
    """Which kind of page the words say this is (each flag independent of the others)."""

    health_title: bool
    travel_card: bool
    nat_report: bool
    #: A colour word of a health code (绿码, 红码…) somewhere on the page.
    colour_word: bool = False
    #: A travel-card title among the page's first lines (not a link further down).
    travel_title_top: bool = False
    #: What only a travel card's own body shows (到达或途经, 动态行程卡, 请收下…行程卡).
    travel_body: bool = False
    #: A health-code title among the page's first lines.
    health_title_top: bool = False


COLOUR_WORDS: Final = {"绿": "green", "黄": "yellow", "红": "red", "灰": "grey"}

# ★ is what the OCR model makes of a lone * (a city's mark wrapped onto its own line).
_STARS: Final = str.maketrans(
    {"※": "*", "✱": "*", "✲": "*", "⁎": "*", "∗": "*", "★": "*", "☆": "*", "·": "·"}
)
_CJK: Final = r"\u4e00-\u9fff"
_DATE: Final = r"(20\d\d)\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
_TIME: Final = r"(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?"
_DATETIME: Final = re.compile(_DATE + r"\s*" + _TIME)
_DATE_ONLY: Final = re.compile(r"^\s*" + _DATE + r"\s*(?:\(?(?:星期.|周.)\)?)?\s*$")
# A date without its year (5月10日 20:27:11, 01-08 17:05:05): not preceded by a year.
_MONTH_DAY_TIME: Final = re.compile(
    r"(?<![\d./-])(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*(?:\(?(?:星期.|周.)\)?)?\s*" + _TIME
)
_WEEKDAY_ONLY: Final = re.compile(r"^\s*\(?(?:星期.|周.)\)?\s*$")
_MONTH_DAY_ONLY: Final = re.compile(
    r"^\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*(?:\(?(?:星期.|周.)\)?)?\s*$"
)
# A phone clock a little ahead of the workstation's still counts as "now" when a year
# is inferred; a day ahead means the date belongs to last year.
_YEAR_AHEAD_TOLERANCE: Final = timedelta(days=1)
_TIME_ONLY: Final = re.compile(r"^\s*" + _TIME + r"\s*$")
# Words that make a date on the same line something other than the page's own clock.
_LABELLED: Final = re.compile(r"采样|检测|报告|更新|接种|有效|截止|出生|签发|时间")
# Labels that name the page's own clock (粤康码's 登记时间, a venue scan's 扫码时间…).
_CLOCK_LABEL: Final = re.compile(
    r"登记时间|通行时间|扫码时间|核验时间|查验时间|亮码时间|当前时间|刷新时间|生成时间"
    r"|查询时间|出示时间|展示时间"
)
_RESULT: Final = re.compile(r"阴性|阳性")
_SAMPLED: Final = re.compile(r"采样")
_TESTED: Final = re.compile(r"检测时间|报告时间|出具时间|结果时间")
_UPDATED: Final = re.compile(r"更新")
_NAME: Final = re.compile(
    rf"(?:^|(?<=[\s:：]))([{_CJK}]{{0,2}}\*{{1,3}}[{_CJK}]{{0,2}})(?=$|[\s\d])"
)
_PLACE_SUFFIX: Final = ("省", "市", "区", "县", "州", "旗")
_PHONE: Final = re.compile(r"(?<!\d)(1[3-9]\d)\s*\*{2,}\s*(\d{4})(?![\dXx])")
_ID: Final = re.compile(r"(?<![\d])(\d{1,6})[\d\s*]*\*[\s*]*([\dXx]{4})(?![\dXx])")
_ID_TAIL_ONLY: Final = re.compile(r"^\s*\*+\s*([\dXx]{4})\s*$")
_COLOUR_TEXT: Final = re.compile(r"([绿黄红灰])\s*码")
_HOURS_TILE: Final = re.compile(r"(?<!\d)(24|48|72)\s*小时")
_DOSES: Final = re.compile(r"(?:已完成|已接种|完成|接种)\s*第?\s*(\d)\s*[针剂]")
_CITY_SPLIT: Final = re.compile(r"[,，、;；\s]+")
_CITIES_START: Final = re.compile(r"到达或途经|途经[:：]?")
_CITIES_END: Final = re.compile(
    r"结果包含|以上|国内城市|停留|查询|注[:：]|^\W*注|表示|风险地区|扫一扫"
)
# What a city on the travel card ends with (the card names 省+市, 自治州, 地区, 盟, and the
# county-level places a province governs directly: 陵水黎族自治县, 神农架林区).
_CITY: Final = re.compile(rf"[{_CJK}]{{2,}}(?:市|自治州|地区|盟|县|林区)\*?")
_CITY_SEPARATORS: Final = ",，、;；"
_TRAVEL_COLOUR: Final = re.compile(r"([绿黄红])色行程卡|行程卡\s*[为是:：]?\s*([绿黄红])色")
_HEALTH_TITLE: Final = re.compile(
    r"健康码|康码|健康宝|随申码|津心通|健康通|安康码|健康云|通行凭证|通行登记|一码通|吉祥码"
    r"|赣通码"
)
_TRAVEL: Final = re.compile(r"行程卡|行程码|通信大数据|到达或途经")
# The travel card's title, not a health page's 行程卡 button row ("行程卡 场所码").
_TRAVEL_TITLE: Final = re.compile(r"通信大数据|^\W*(?:通信)?行程[卡码]\W*$")
_TRAVEL_BODY: Final = re.compile(r"到达或途经|动态行程卡|收下.{0,3}行程卡")
# Among the first lines of a page: its title, not a link or button further down.
_TITLE_LINES: Final = 4
# A report's title: 检测报告 anywhere in it, or 核酸检测结果 as the whole line (a health
# page's link reads 核酸检测结果> beside other tiles).
_NAT_TITLE: Final = re.compile(r"检测报告|^\W*(?:新冠病毒)?核酸检测结果(?:查询|单)?\s*$")
# A report shows several of these; a health page's NAT tile or link one at most.
_NAT_LABELS: Final = re.compile(r"检测报告|检测结果|检测机构|采样机构|采样时间|检测时间|报告时间")


def normalise(text: str) -> str:
    """Full-width digits, colons and asterisks to ASCII; other star glyphs to ``*``."""
    return unicodedata.normalize("NFKC", text).translate(_STARS)


def extract_fields(
    lines: Sequence[OcrLine], *, now: datetime | None = None
) -> tuple[dict[str, FieldReading], TextClues]:
    """Every field found in ``lines`` (top to bottom), and the page-kind clues.

    ``now`` (the workstation's local time, default the current one) gives a page clock
    shown without a year its year: the one that makes it most recent, not in the future.
    """
    texts = [normalise(line.text) for line in lines]
    confidences = [line.confidence for line in lines]
    fields: dict[str, FieldReading] = {}
    whole = "\n".join(texts)
    top = "\n".join(texts[:_TITLE_LINES])
    clues = TextClues(
        health_title=bool(_HEALTH_TITLE.search(whole)),
        travel_card=bool(_TRAVEL.search(whole)),
        # Beside a health title (a report opened inside a health app, or the health
        # page's own NAT tile) only a report's labels tell.
        nat_report=(
            any(_NAT_TITLE.search(text) for text in texts[:_TITLE_LINES])
            and not _HEALTH_TITLE.search(top)
        )
        or len(set(_NAT_LABELS.findall(whole))) >= 2,
        colour_word=bool(_COLOUR_TEXT.search(whole)),
        travel_title_top=any(_TRAVEL_TITLE.search(text) for text in texts[:_TITLE_LINES]),
        travel_body=bool(_TRAVEL_BODY.search(whole)),
        health_title_top=bool(_HEALTH_TITLE.search(top)),
    )

    city_lines = _city_block(texts)
    _times(texts, confidences, fields, now=now or datetime.now())
    _people(texts, confidences, fields, skip=city_lines, travel=clues.travel_card)
    _first(fields, "colour_text", _colour_text(texts, confidences))
    _first(fields, "nat_result", _nat_result(texts, confidences))
    _first(fields, "nat_hours_tile", _matches(_HOURS_TILE, texts, confidences))
    _first(fields, "vaccine", _matches(_DOSES, texts, confidences))
    if clues.travel_body or clues.travel_title_top:
        _first(fields, "travel_colour", _travel_colour(texts, confidences))
    if city_lines:
        cities = _cities([_CITIES_START.split(texts[i])[-1] for i in city_lines])
        if cities:
            fields["travel_cities"] = FieldReading(
                ",".join(cities), min(confidences[i] for i in city_lines)
            )
    return fields, clues


def travel_city_lines(lines: Sequence[OcrLine]) -> list[int]:
    """Indexes in ``lines`` of the travel card's city list (empty on other pages)."""
    return _city_block([normalise(line.text) for line in lines])


def _cities(parts: Sequence[str]) -> list[str]:
    """The travel card's cities from its wrapped lines, never split inside a name.

    The card wraps its list at the screen's edge, inside a name as often as after a
    separator: a line is joined to the next with nothing between them unless it ends
    a whole city name. A piece that is not a city name makes the list doubtful and it
    is left out (abstain) — but a starred piece is always kept, so that a risk city
    still reaches the warning.
    """
    joined = ""
    for raw in parts:
        part = raw.strip().strip(":：")
        if not part:
            continue
        ends_city = bool(joined) and _CITY.fullmatch(re.split(r"[,，、;；\s]", joined)[-1] or "")
        if joined and (ends_city or joined[-1] in _CITY_SEPARATORS) and part[0] != "*":
            joined += ","
        joined += part
    pieces = [c.strip(":：") for c in _CITY_SPLIT.split(joined)]
    pieces = [c for c in pieces if c and (_has_cjk(c) or c == "*")]
    cities: list[str] = []
    for piece in pieces:
        if piece.strip("*") == "" and cities:
            cities[-1] += "*"  # a star OCR read as its own box belongs to the city before it
        else:
            cities.append(piece)
    if all(_CITY.fullmatch(city) for city in cities):
        return cities
    return [city for city in cities if "*" in city and _has_cjk(city)]


def _travel_colour(texts: Sequence[str], confidences: Sequence[float]) -> Iterator[FieldReading]:
    for text, confidence in zip(texts, confidences, strict=True):
        match = _TRAVEL_COLOUR.search(text)
        if match:
            yield FieldReading(COLOUR_WORDS[match.group(1) or match.group(2)], confidence)


def _first(fields: dict[str, FieldReading], key: str, found: Iterator[FieldReading]) -> None:
    reading = next(found, None)
    if reading is not None and key not in fields:
        fields[key] = reading


def _matches(
    pattern: re.Pattern[str], texts: Sequence[str], confidences: Sequence[float]
) -> Iterator[FieldReading]:
    for text, confidence in zip(texts, confidences, strict=True):
        match = pattern.search(text)
        if match:
            yield FieldReading(match.group(1), confidence)


def _iso(match: re.Match[str]) -> str | None:
    """ISO text for a _DATETIME match; None for an impossible date (a misread digit)."""
    groups = match.groups()
    try:
        year, month, day, hour, minute = (int(groups[i]) for i in range(5))
        second = int(groups[5] or 0)
        return datetime(year, month, day, hour, minute, second).isoformat()
    except (TypeError, ValueError):
        return None


def _year_for(month: int, day: int, clock: tuple[int, int, int], now: datetime) -> str | None:
    """ISO text for a date shown without its year: the most recent year not in the future."""
    for year in (now.year, now.year - 1):
        try:
            when = datetime(year, month, day, *clock)
        except ValueError:
            continue  # 29 February in a year without it, or a misread digit
        if when <= now + _YEAR_AHEAD_TOLERANCE:
            return when.isoformat()
    return None


def _yearless(text: str, now: datetime) -> tuple[re.Match[str], str] | None:
    match = _MONTH_DAY_TIME.search(text)
    if match is None:
        return None
    month, day, hour, minute = (int(match.group(i)) for i in range(1, 5))
    value = _year_for(month, day, (hour, minute, int(match.group(5) or 0)), now)
    return None if value is None else (match, value)


def _times(
    texts: Sequence[str],
    confidences: Sequence[float],
    fields: dict[str, FieldReading],
    *,
    now: datetime,
) -> None:
    consumed: set[int] = set()
    for index, text in enumerate(texts):
        if index in consumed:
            continue
        confidence = confidences[index]
        match = _DATETIME.search(text)
        value = None if match is None else _iso(match)
        if match is None:
            yearless = _yearless(text, now)
            if yearless is not None:
                match, value = yearless
        label = text[: match.start()] if match else text
        if match is None and _LABELLED.search(text) and index + 1 < len(texts):
            # The value sits under its label (a tile), not beside it.
            below = _DATETIME.search(texts[index + 1])
            if below and not _LABELLED.search(texts[index + 1][: below.start()]):
                match = below
                value = _iso(below)
                consumed.add(index + 1)
                confidence = min(confidence, confidences[index + 1])
        if match is None:
            _date_over_clock(texts, confidences, index, fields, now=now)
            continue
        if value is None:
            continue
        reading = FieldReading(value, confidence)
        if _CLOCK_LABEL.search(label):
            # A labelled page clock outranks a bare date found earlier on the page.
            fields["shown_at"] = reading
        elif _SAMPLED.search(label):
            fields.setdefault("nat_sampled_at", reading)
        elif _TESTED.search(label):
            fields.setdefault("nat_tested_at", reading)
        elif _UPDATED.search(label):
            fields.setdefault("travel_updated_at", reading)
        elif _RESULT.search(label):
            # The time printed under a 阴性/阳性 tile is that test's.
            fields.setdefault("nat_result_at", reading)
        elif not _LABELLED.search(label) and match.group(0).count(":") >= 2:
            # An unlabelled time is the page's clock only with its seconds: the apps'
            # live clocks show them, a tile's sampling time (05-09 08:30) does not.
            fields.setdefault("shown_at", reading)
    # Sampling time first: it is what the 48-hour rule counts from.
    nat_time = (
        fields.pop("nat_sampled_at", None)
        or fields.get("nat_tested_at")
        or fields.get("nat_result_at")
    )
    fields.pop("nat_tested_at", None)
    fields.pop("nat_result_at", None)
    if nat_time is not None:
        fields["nat_time"] = nat_time
    # The travel card is generated when it is opened: its update time is its clock.
    if "shown_at" not in fields and "travel_updated_at" in fields:
        fields["shown_at"] = fields["travel_updated_at"]


def _date_over_clock(
    texts: Sequence[str],
    confidences: Sequence[float],
    index: int,
    fields: dict[str, FieldReading],
    *,
    now: datetime,
) -> None:
    """豫康码 and others show the date on one line and a big live clock on the next
    (with or without the year and the weekday); some put the clock above the date."""
    if "shown_at" in fields or index + 1 >= len(texts):
        return
    below = index + 1
    if _WEEKDAY_ONLY.match(texts[below]) and below + 1 < len(texts):
        below += 1  # the weekday on a line of its own between the date and the clock
    date_text, clock = texts[index], _TIME_ONLY.match(texts[below])
    if clock is None:
        date_text, clock = texts[index + 1], _TIME_ONLY.match(texts[index])
        if clock is None or clock.group(3) is None:
            return  # a clock above its date shows its seconds (a bare 09:55 is a status bar)
    time_of_day = (int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0))
    date = _DATE_ONLY.match(date_text)
    value: str | None = None
    if date is not None:
        try:
            y, m, d = (int(g) for g in date.groups())
            value = datetime(y, m, d, *time_of_day).isoformat()
        except ValueError:
            return
    else:
        month_day = _MONTH_DAY_ONLY.match(date_text)
        if month_day is None:
            return
        if clock.group(3) is None:
            return  # without year or seconds, as likely a tile's time as the page's clock
        month, day = int(month_day.group(1)), int(month_day.group(2))
        value = _year_for(month, day, time_of_day, now)
    if value is not None:
        confidence = min(confidences[index], confidences[below])
        fields["shown_at"] = FieldReading(value, confidence)


def _people(
    texts: Sequence[str],
    confidences: Sequence[float],
    fields: dict[str, FieldReading],
    *,
    skip: Sequence[int],
    travel: bool,
) -> None:
    for index, text in enumerate(texts):
        if index in skip:
            continue
        confidence = confidences[index]
        for match in _NAME.finditer(text):
            name = match.group(1)
            if _has_cjk(name) and not name.rstrip("*").endswith(_PLACE_SUFFIX):
                # OCR cannot count a run of asterisks (张*明 comes back as 张**明), and
                # the apps do not agree on one per hidden character either.
                name = re.sub(r"\*+", "*", name)
                fields.setdefault("name_masked", FieldReading(name, confidence))
                break
        phone = _PHONE.search(text)
        phone_context = travel or any(w in text for w in ("行程卡", "手机", "电话"))
        if phone and phone_context:
            fields.setdefault("phone_tail", FieldReading(phone.group(2), confidence))
            continue
        id_match = _ID.search(text) or _ID_TAIL_ONLY.search(text)
        if id_match:
            tail = id_match.groups()[-1].upper()
            fields.setdefault("id_tail", FieldReading(tail, confidence))


def _colour_text(texts: Sequence[str], confidences: Sequence[float]) -> Iterator[FieldReading]:
    for text, confidence in zip(texts, confidences, strict=True):
        for match in _COLOUR_TEXT.finditer(text):
            yield FieldReading(COLOUR_WORDS[match.group(1)], confidence)


def _nat_result(texts: Sequence[str], confidences: Sequence[float]) -> Iterator[FieldReading]:
    for text, confidence in zip(texts, confidences, strict=True):
        if "阳性" in text:
            yield FieldReading("positive", confidence)
        elif "阴性" in text:
            yield FieldReading("negative", confidence)


def _city_block(texts: Sequence[str]) -> list[int]:
    """Indexes of the lines listing the travel card's cities."""
    for index, text in enumerate(texts):
        start = _CITIES_START.search(text)
        if start is None:
            continue
        block = []
        if _has_cjk(text[start.end() :]):
            block.append(index)
        for following in range(index + 1, min(len(texts), index + 6)):
            if _CITIES_END.search(texts[following]):
                break
            block.append(following)
        return block
    return []


def _has_cjk(text: str) -> bool:
    return re.search(f"[{_CJK}]", text) is not None
