"""Checks for what a worker types or scans into the registration form.

Every check either returns the normalised value or raises `ValidationError` whose
`.message` is short Simplified Chinese for the worker at the table. Nothing here
knows about Qt; the form shows `.message` beside the field.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

from checkpoint_app.records.model import DocumentType, TravellerRecord
from checkpoint_app.records.pledge import SignatureError, check_pledge


class ValidationError(ValueError):
    """A value the worker must correct; `.message` is the Chinese text to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Chinese input methods produce full-width forms (１２３, ＡＢＣ, the ideographic
# space) when left in full-width mode; they are the same characters to the worker.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# How far ahead of our clock a time may be before we call it the future: laptops
# in tents drift, and a worker may copy the time from their own phone.
CLOCK_SKEW = timedelta(minutes=5)

_MAX_AGE_YEARS = 130


def to_half_width(text: str) -> str:
    """`text` with full-width ASCII forms and the ideographic space made half-width."""
    return text.translate(_HALF_WIDTH)


def _without_spaces(text: str) -> str:
    return "".join(to_half_width(text).split())


# ------------------------------------------------------------------------- free text

# Characters that hide text or make it read in another order on the worker's screen, in an
# export or on the county dashboard (a name shown as "张伟" can hold "\u202e" and a
# reversed ID), or that cannot be saved at all: control characters (C0, DEL, C1, tab and
# newline included: every free-text box is one line), format characters (the bidi
# overrides, isolates and marks, the zero-width characters, the BOM), the line and
# paragraph separators and lone surrogates. Unassigned and private-use characters are
# kept: a rare character in a name may be newer than this Python's Unicode tables.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_BIDI_CONTROLS = frozenset(
    [
        *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A)),
        "\u200e",
        "\u200f",
        "\u061c",
    ]
)
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Trimmed from both ends of free text: an ordinary, no-break or ideographic space there is
# never meant. Tabs and newlines are refused instead, since a paste that brings one in
# may bring more.
_TRIMMED_SPACES = " \u00a0\u3000"


def _hidden_kind(char: str) -> str:
    if char == "\t":
        return "制表符"
    if char in _LINE_BREAKS:
        return "换行符"
    if char in _BIDI_CONTROLS:
        return "看不见的文字方向控制符"
    if char in _ZERO_WIDTH:
        return "看不见的零宽字符"
    if unicodedata.category(char) == "Cs":
        return "无法保存的残缺字符"
    return "看不见的控制字符"


def find_hidden_character(text: str) -> int | None:
    """Index of the first character of `text` that free text may not hold, or None."""
    # Over the distinct characters: a megabyte pasted into a box has few of them.
    hidden = [char for char in set(text) if unicodedata.category(char) in _HIDDEN_CATEGORIES]
    return min(text.index(char) for char in hidden) if hidden else None


def refuse_hidden_characters(text: str, label: str) -> None:
    """Raise `ValidationError` naming the field `label` if `text` holds a hidden character.

    Hidden: control characters (tab and newline too), bidi overrides, isolates and marks,
    zero-width characters, line/paragraph separators and lone surrogates. The message
    gives the position and code point, since the worker cannot see the character.
    """
    index = find_hidden_character(text)
    if index is not None:
        char = text[index]
        raise ValidationError(
            f"{label}第{index + 1}个字符是{_hidden_kind(char)}（U+{ord(char):04X}），"
            "请删除后重新填写"
        )


#: The record's free-text fields and the names the worker knows them by.
FREE_TEXT_LABELS: dict[str, str] = {
    "name": "姓名",
    "origin_name": "出发地",
    "destination_township": "目的乡镇",
    "destination_address": "目的地址",
    "reason": "事由",
    "health_issuer": "健康码签发方",
    "override_reason": "处置原因",
    "notes": "备注",
}
TRAVEL_CITIES_LABEL = "途经城市"


def refuse_hidden_characters_in_record(record: TravellerRecord) -> None:
    """Raise `ValidationError` for the first free-text field of `record` holding a hidden
    character (see `refuse_hidden_characters`); the text itself is not changed."""
    for field, label in FREE_TEXT_LABELS.items():
        refuse_hidden_characters(getattr(record, field), label)
    for city in record.travel_cities:
        refuse_hidden_characters(city, TRAVEL_CITIES_LABEL)


def check_free_text(text: str, label: str, *, max_chars: int | None = None) -> str:
    """Free text a traveller or worker typed, pasted or a code filled in, trimmed of spaces.

    The form and pre-registration (codes and the county's page) call this, and records
    arriving from devices go through the same refusal (`check_record`), so what one path
    refuses no other can store. Spaces inside are kept as typed; `label` names the field
    in the Chinese message.
    """
    refuse_hidden_characters(text, label)
    text = text.strip(_TRIMMED_SPACES)
    if max_chars is not None and len(text) > max_chars:
        raise ValidationError(f"{label}最多{max_chars}个字，现在是{len(text)}个")
    return text


# --------------------------------------------------------------------------- ID numbers


@dataclass(frozen=True, slots=True)
class IdNumberInfo:
    """What an 18-digit resident ID number says about its holder."""

    number: str
    birth_date: date
    sex: str  # "男" or "女"
    region_code: str  # first 6 digits (GB/T 2260 code where the number was issued)


def normalize_id_number(text: str) -> str:
    """Remove spaces, make full-width characters half-width and a trailing x upper-case."""
    number = _without_spaces(text)
    if number.endswith("x"):
        number = number[:-1] + "X"
    return number


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def check_id_number(text: str, *, today: date) -> IdNumberInfo:
    """Check an 18-digit resident ID number (GB 11643) and read birth date and sex from it.

    Raises `ValidationError` for a wrong length, a non-digit character, an
    impossible birth date or a wrong check digit, each with its own message.
    """
    number = normalize_id_number(text)
    if not number:
        raise ValidationError("请输入身份证号码")
    if len(number) == 15 and number.isascii() and number.isdigit():
        # First-generation numbers stopped being valid in 2013; say so rather than
        # only "wrong length", so the worker asks for the card instead of retyping.
        raise ValidationError("这是15位旧身份证号，已停用，请填写18位号码")
    if len(number) != 18:
        raise ValidationError(f"身份证号码应为18位，现在是{len(number)}位")
    for position, char in enumerate(number, start=1):
        # isascii() too: str.isdigit() accepts Arabic-Indic and other digits.
        if char.isascii() and char.isdigit():
            continue
        if position == 18 and char == "X":
            continue
        if position == 18:
            raise ValidationError("身份证号码最后一位只能是数字或X")
        raise ValidationError(f"身份证号码第{position}位「{char}」不是数字")

    # stdnum's own validate() is not used: it also refuses any region code missing
    # from its bundled division table, and a checkpoint must not turn a real card
    # away because a library's table lags behind a redistricting. It also cannot
    # tell a future birth date from an impossible one, which the worker needs.
    try:
        birth_date = ric.get_birth_date(number)
    except StdnumValidationError:
        raise ValidationError(f"出生日期不对：第7–14位「{number[6:14]}」不是有效日期") from None
    if birth_date > today:
        raise ValidationError(f"出生日期不对：{birth_date.isoformat()} 晚于今天")
    if birth_date < _years_before(today, _MAX_AGE_YEARS):
        raise ValidationError(f"出生日期不对：{birth_date.isoformat()} 早于{_MAX_AGE_YEARS}年前")

    # The expected digit is deliberately not shown: one mistyped digit anywhere
    # breaks the check, and "fixing" the last digit would hide the real typo.
    if ric.calc_check_digit(number) != number[-1]:
        raise ValidationError("校验位不符，请逐位核对号码，尤其是最后一位")

    sex = "男" if int(number[16]) % 2 == 1 else "女"
    return IdNumberInfo(number=number, birth_date=birth_date, sex=sex, region_code=number[:6])


# ----------------------------------------------------------------- other documents

# Chinese passports: E/G/D/S/P + 7–8 digits, and e-passports with a second letter
# (EA1234567). Foreign passports vary by country, hence the broad second pattern,
# which also admits every Chinese one; both are kept so the rule reads as written.
_PASSPORT = (re.compile(r"[EGDSP][0-9]{7,8}|E[A-HJ-NP-Z][0-9]{7}"), re.compile(r"[A-Z0-9]{5,17}"))
_HK_MACAO_PERMIT = (re.compile(r"[CHM][0-9]{8}"), re.compile(r"[A-Z0-9]{8,10}"))
_TAIWAN_PERMIT = (re.compile(r"[0-9]{8}"), re.compile(r"[A-Z0-9]{10}"))
_OTHER_DOCUMENT = (re.compile(r"(?=.*[A-Z0-9])[A-Z0-9-]{4,30}"),)

_DOCUMENT_RULES: dict[DocumentType, tuple[tuple[re.Pattern[str], ...], str]] = {
    DocumentType.PASSPORT: (_PASSPORT, "护照号码应为5–17位字母或数字"),
    DocumentType.HK_MACAO_PERMIT: (
        _HK_MACAO_PERMIT,
        "港澳通行证号码应为C/H/M加8位数字，或8–10位字母数字",
    ),
    DocumentType.TAIWAN_PERMIT: (_TAIWAN_PERMIT, "台胞证号码应为8位数字或10位字母数字"),
    DocumentType.OTHER: (_OTHER_DOCUMENT, "证件号码应为4–30位字母、数字或短横线"),
}


def check_document_number(doc_type: DocumentType, text: str, *, today: date) -> str:
    """Check a document number and return it normalised (no spaces, upper-case).

    Resident IDs get the full check; other documents only a format check, since
    their numbers carry no check digit we can verify offline.
    """
    if doc_type is DocumentType.RESIDENT_ID:
        return check_id_number(text, today=today).number
    number = _without_spaces(text).upper()
    if not number:
        raise ValidationError("请输入证件号码")
    patterns, message = _DOCUMENT_RULES[doc_type]
    if any(pattern.fullmatch(number) for pattern in patterns):
        return number
    raise ValidationError(message)


# --------------------------------------------------------------------------- phones


def check_phone(text: str) -> str:
    """Check a mainland mobile number; return its 11 digits.

    Spaces, hyphens and a +86 or 0086 prefix are tolerated.
    """
    digits = _without_spaces(text).replace("-", "")
    if not digits:
        raise ValidationError("请输入手机号")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not (digits.isascii() and digits.isdigit()):
        raise ValidationError("手机号只能包含数字")
    if len(digits) != 11:
        raise ValidationError(f"手机号应为11位，现在是{len(digits)}位")
    if digits[0] != "1" or digits[1] not in "3456789":
        raise ValidationError("手机号应以13–19开头，请核对")
    return digits


# --------------------------------------------------------------------------- plates

PROVINCE_ABBREVIATIONS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SPECIAL_PLATE_SUFFIXES = "挂学警港澳领使试超"

# Plates never use I or O, so they cannot be mistaken for 1 and 0.
_PLATE_LETTER = "A-HJ-NP-Z"
_PLATE_ALNUM = f"[{_PLATE_LETTER}0-9]"
# GA 36-2018 new-energy serials: D/A/B/C/E pure electric, F/G/H/J/K other new energy.
_NEW_ENERGY = "[A-HJK]"
_PLATE_PATTERNS = (
    # Ordinary: 豫P12345, 豫PA1B23.
    re.compile(f"[{PROVINCE_ABBREVIATIONS}][{_PLATE_LETTER}]{_PLATE_ALNUM}{{5}}"),
    # Small new-energy vehicle: 豫PD12345, 豫PDA1234.
    re.compile(f"[{PROVINCE_ABBREVIATIONS}][{_PLATE_LETTER}]{_NEW_ENERGY}{_PLATE_ALNUM}[0-9]{{4}}"),
    # Large new-energy vehicle: 豫P12345D.
    re.compile(f"[{PROVINCE_ABBREVIATIONS}][{_PLATE_LETTER}][0-9]{{5}}{_NEW_ENERGY}"),
    # Trailers, learner cars, police, Hong Kong/Macao, consular, test and oversize.
    re.compile(
        f"[{PROVINCE_ABBREVIATIONS}][{_PLATE_LETTER}]{_PLATE_ALNUM}{{4}}[{SPECIAL_PLATE_SUFFIXES}]"
    ),
)
# Separators people type or that OCR and scanners produce between 豫P and 12345.
_PLATE_SEPARATORS = str.maketrans("", "", "·•・-")


def check_plate(text: str) -> str:
    """Check a Chinese motor-vehicle plate; return it upper-case without spaces or dots.

    Accepts ordinary 7-character plates, 8-character new-energy plates
    (GA 36-2018) and plates ending in 挂/学/警/港/澳/领/使/试/超.
    """
    plate = _without_spaces(text).translate(_PLATE_SEPARATORS).upper()
    if not plate:
        raise ValidationError("请输入车牌号")
    if any(pattern.fullmatch(plate) for pattern in _PLATE_PATTERNS):
        return plate
    if plate[0] not in PROVINCE_ABBREVIATIONS:
        raise ValidationError("车牌第一位应是省份简称，如“豫”")
    if "I" in plate or "O" in plate:
        raise ValidationError("车牌不用字母I和O，请核对是否是数字1和0")
    if len(plate) < 2 or not ("A" <= plate[1] <= "Z"):
        raise ValidationError("车牌第二位应是字母，如“豫P”")
    if len(plate) not in (7, 8):
        raise ValidationError(f"车牌应为7位（新能源8位），现在是{len(plate)}位")
    raise ValidationError("车牌格式不对，请核对（例：豫P12345、豫PD12345）")


# ---------------------------------------------------------------------- temperature


def check_temperature(value: str | float, *, low: float = 34.0, high: float = 43.0) -> float:
    """Check a body temperature in °C; return it rounded to one decimal.

    Text may use a comma or a Chinese full stop as decimal mark, full-width
    digits, and a trailing ℃/°C/度. Three digits without a mark ("365") mean 36.5.
    """
    out_of_range = f"体温应在 {low:.1f}–{high:.1f} °C 之间"
    if isinstance(value, str):
        text = _without_spaces(value).replace(",", ".").replace("。", ".")
        text = text.removesuffix("℃").removesuffix("°C").removesuffix("°").removesuffix("度")
        if not re.fullmatch(r"[0-9]{1,3}(\.[0-9]+)?", text):
            raise ValidationError("体温请填数字，如 36.5")
        reading = Decimal(text)
        if len(text) == 3 and text.isdigit():
            # A worker on a numeric keypad often skips the dot: "365" is 36.5 °C,
            # since no body temperature is three whole-degree digits long.
            reading = reading / 10
    else:
        if isinstance(value, bool) or not math.isfinite(value):
            raise ValidationError("体温请填数字，如 36.5")
        if not -1000 < value < 1000:
            # 1e308 is finite, but rounding it to 0.1 exceeds decimal's precision.
            raise ValidationError(out_of_range)
        # repr() gives the shortest decimal that round-trips, so 36.45 stays 36.45
        # rather than the binary 36.4499999… that would round down.
        reading = Decimal(repr(float(value)))
    rounded = float(reading.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    if not low <= rounded <= high:
        raise ValidationError(out_of_range)
    return rounded


def is_fever(temperature: float, *, threshold: float = 37.3) -> bool:
    """True when `temperature` is at or above the fever threshold (37.3 °C by default)."""
    # The tolerance keeps a 37.3 that arrived as 37.29999999 from float arithmetic a fever.
    return temperature >= threshold - 1e-9


# --------------------------------------------------------------------- NAT sampling


def _require_aware(*moments: datetime) -> None:
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            # A programming error, not the worker's: plain ValueError, no Chinese message.
            raise ValueError(f"aware datetime required, got naive {moment!r}")


def check_sampling_time(sampled_at: datetime, *, now: datetime) -> datetime:
    """Refuse a nucleic-acid sampling time in the future (beyond 5 minutes of clock skew)."""
    _require_aware(sampled_at, now)
    if sampled_at > now + CLOCK_SKEW:
        raise ValidationError("采样时间晚于现在，请核对")
    return sampled_at


@dataclass(frozen=True, slots=True)
class NatStatus:
    """How old a nucleic-acid sample is and whether it still counts."""

    hours_ago: int
    valid: bool
    text: str


def nat_status(sampled_at: datetime, *, now: datetime, valid_hours: int = 48) -> NatStatus:
    """Age of a sample in whole hours and whether it is within `valid_hours`.

    The text reads "采样 31 小时前 · 有效" or "已超过 48 小时". A sample exactly
    `valid_hours` old is still valid. A time beyond the clock-skew allowance in the
    future is reported as invalid rather than as fresh.
    """
    _require_aware(sampled_at, now)
    age = now - sampled_at
    hours_ago = max(0, math.floor(age / timedelta(hours=1)))
    if sampled_at > now + CLOCK_SKEW:
        return NatStatus(hours_ago=0, valid=False, text="采样时间晚于现在")
    if age <= timedelta(hours=valid_hours):
        return NatStatus(hours_ago=hours_ago, valid=True, text=f"采样 {hours_ago} 小时前 · 有效")
    return NatStatus(hours_ago=hours_ago, valid=False, text=f"已超过 {valid_hours} 小时")


_HOURS_AGO = re.compile(r"([0-9]{1,3})(?:小时前?|h)?", re.IGNORECASE)
_TIME = r"([0-9]{1,2}):([0-9]{2})"
_CLOCK = re.compile(_TIME)
_MONTH_DAY = re.compile(r"([0-9]{1,2})[-/]([0-9]{1,2})\s+" + _TIME)
_FULL_DATE = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})\s+" + _TIME)
_SAMPLING_HELP = "可填：31（小时前）、14:30、4-12 14:30 或 2022-04-12 14:30"


def _at(year: int, month: int, day: int, hour: int, minute: int, *, now: datetime) -> datetime:
    try:
        return datetime(year, month, day, hour, minute, tzinfo=now.tzinfo)
    except ValueError:
        raise ValidationError(f"没有这个日期或时间。{_SAMPLING_HELP}") from None


def parse_sampling_time(text: str, *, now: datetime) -> datetime:
    """Read what a worker typed in the sampling-time box; return an aware datetime.

    Accepted: hours ago ("31"), "HH:MM" (today, or yesterday if today's would be
    in the future), "M-D HH:MM" or "M/D HH:MM" (this year, or last year if that
    would be in the future, for early January), "YYYY-MM-DD HH:MM". The result is
    in `now`'s time zone and is also passed through `check_sampling_time`.
    """
    _require_aware(now)
    cleaned = " ".join(to_half_width(text).split())
    if not cleaned:
        raise ValidationError(f"请填写采样时间。{_SAMPLING_HELP}")
    if match := _HOURS_AGO.fullmatch(cleaned):
        sampled_at = now - timedelta(hours=int(match[1]))
    elif match := _CLOCK.fullmatch(cleaned):
        sampled_at = _at(now.year, now.month, now.day, int(match[1]), int(match[2]), now=now)
        # Same allowance as check_sampling_time: a clock a few minutes ahead of ours
        # means "just now", not "this time yesterday".
        if sampled_at > now + CLOCK_SKEW:
            yesterday = now.date() - timedelta(days=1)
            sampled_at = sampled_at.replace(
                year=yesterday.year, month=yesterday.month, day=yesterday.day
            )
    elif match := _MONTH_DAY.fullmatch(cleaned):
        month, day, hour, minute = (int(group) for group in match.groups())
        sampled_at = _at(now.year, month, day, hour, minute, now=now)
        if sampled_at > now + CLOCK_SKEW:
            # "12-31 20:00" typed on 1 January means last year.
            sampled_at = _at(now.year - 1, month, day, hour, minute, now=now)
    elif match := _FULL_DATE.fullmatch(cleaned):
        year, month, day, hour, minute = (int(group) for group in match.groups())
        sampled_at = _at(year, month, day, hour, minute, now=now)
    else:
        raise ValidationError(f"看不懂这个采样时间。{_SAMPLING_HELP}")
    return check_sampling_time(sampled_at, now=now)


# ---------------------------------------------------------------------- whole records

#: The longest value each text field of a record may hold. The form's boxes are shorter;
#: these bound what a device may send, so a 30 MB note or a 1 MB "plate" is refused.
MAX_FIELD_CHARS: dict[str, int] = {
    "document_number": 40,
    "name": 100,
    "phone": 20,
    "plate": 12,
    "vehicle_id": 64,
    "origin_code": 12,
    "origin_name": 100,
    "destination_township": 100,
    "destination_address": 200,
    "reason": 500,
    "health_payload": 2048,
    "health_issuer": 100,
    "override_reason": 500,
    "notes": 2000,
}
MAX_TRAVEL_CITIES = 100
MAX_TRAVEL_CITIES_TEXT = 2000  # the form's one box holding them all
MAX_VACCINE_DOSES = 10
#: Wider than any range a checkpoint may set on its form, narrower than nonsense (1e308).
PLAUSIBLE_TEMPERATURE = (30.0, 45.0)

#: The record's coded fields and the names the worker knows them by.
CODED_FIELD_LABELS: dict[str, str] = {
    "document_number": "证件号码",
    "phone": "手机号",
    "plate": "车牌",
    "vehicle_id": "同车编号",
    "origin_code": "出发地代码",
    "health_payload": "健康码内容",
}


def check_record(record: TravellerRecord) -> None:
    """Raise `ValidationError` for the first field of `record` that the form could not
    have saved: a hidden character anywhere, a value too long, a malformed document
    number, phone or plate, an impossible temperature or dose count.

    The county calls this on every record a device sends, so a record that reaches its
    screens and exports obeys the same rules as one typed at the checkpoint.
    """
    refuse_hidden_characters_in_record(record)
    labels = FREE_TEXT_LABELS | CODED_FIELD_LABELS
    for name, limit in MAX_FIELD_CHARS.items():
        value = getattr(record, name) or ""
        if name in CODED_FIELD_LABELS:
            refuse_hidden_characters(value, labels[name])
        if len(value) > limit:
            raise ValidationError(f"{labels[name]}最多{limit}个字符，现在是{len(value)}个")
    if len(record.travel_cities) > MAX_TRAVEL_CITIES:
        raise ValidationError(f"{TRAVEL_CITIES_LABEL}最多{MAX_TRAVEL_CITIES}个")
    for city in record.travel_cities:
        if len(city) > MAX_FIELD_CHARS["origin_name"]:
            raise ValidationError(
                f"{TRAVEL_CITIES_LABEL}每项最多{MAX_FIELD_CHARS['origin_name']}个字"
            )
    if record.document_number:
        check_document_number(
            record.document_type, record.document_number, today=record.checked_at.date()
        )
    if record.phone:
        check_phone(record.phone)
    if record.plate:
        check_plate(record.plate)
    if record.origin_code and not (record.origin_code.isascii() and record.origin_code.isdigit()):
        raise ValidationError("出发地代码应为数字")
    if record.temperature is not None:
        low, high = PLAUSIBLE_TEMPERATURE
        check_temperature(record.temperature, low=low, high=high)
    if record.vaccine_doses is not None and not 0 <= record.vaccine_doses <= MAX_VACCINE_DOSES:
        raise ValidationError(f"疫苗剂次应在 0–{MAX_VACCINE_DOSES} 之间")
    try:
        check_pledge(record.pledge)
    except SignatureError as exc:
        raise ValidationError(exc.message) from None
