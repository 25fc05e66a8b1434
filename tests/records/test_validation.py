from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint_app.records.model import DocumentType
from checkpoint_app.records.validation import (
    IdNumberInfo,
    NatStatus,
    ValidationError,
    check_document_number,
    check_id_number,
    check_phone,
    check_plate,
    check_sampling_time,
    check_temperature,
    is_fever,
    nat_status,
    normalize_id_number,
    parse_sampling_time,
)
from tests.factories import with_check_digit

TODAY = date(2022, 4, 12)
BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2022, 4, 12, 15, 0, tzinfo=BEIJING)


def refusal(func: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as caught:
        func(*args, **kwargs)  # type: ignore[operator]
    return caught.value.message


# ------------------------------------------------------------------ resident ID numbers


def test_valid_id_gives_birth_date_sex_and_region() -> None:
    info = check_id_number("11010519491231002X", today=TODAY)
    assert info == IdNumberInfo(
        number="11010519491231002X", birth_date=date(1949, 12, 31), sex="女", region_code="110105"
    )


def test_odd_17th_digit_means_male() -> None:
    number = with_check_digit("41162319900101001")
    assert check_id_number(number, today=TODAY).sex == "男"


def test_spaces_full_width_digits_and_lower_case_x_are_normalised() -> None:
    assert normalize_id_number(" １１０１０５ 19491231 002x ") == "11010519491231002X"
    assert check_id_number("１１０１０５１９４９１２３１００２ｘ", today=TODAY).number == (
        "11010519491231002X"
    )


def test_wrong_length_is_refused_with_the_length_typed() -> None:
    message = refusal(check_id_number, "1101051949123100", today=TODAY)
    assert "18位" in message
    assert "16位" in message


def test_empty_id_asks_for_a_number() -> None:
    assert refusal(check_id_number, "  ", today=TODAY) == "请输入身份证号码"


def test_old_15_digit_id_is_refused_as_retired() -> None:
    assert "15位旧身份证" in refusal(check_id_number, "110105491231002", today=TODAY)


def test_letter_inside_id_is_refused_naming_its_position() -> None:
    message = refusal(check_id_number, "1101051949A231002X", today=TODAY)
    assert "第11位" in message
    assert "不是数字" in message


def test_non_ascii_digits_are_refused() -> None:
    arabic_indic = "".join(chr(0x0660 + int(d)) for d in "11010519491231002") + "X"
    assert "不是数字" in refusal(check_id_number, arabic_indic, today=TODAY)


def test_x_is_only_allowed_as_the_last_character() -> None:
    assert "最后一位" in refusal(check_id_number, "11010519491231002Y", today=TODAY)


def test_impossible_birth_date_is_refused_even_with_a_correct_check_digit() -> None:
    number = with_check_digit("41162319900230001")  # 30 February
    assert "出生日期" in refusal(check_id_number, number, today=TODAY)


def test_future_birth_date_is_refused() -> None:
    number = with_check_digit("41162320220413001")
    assert "晚于今天" in refusal(check_id_number, number, today=TODAY)


def test_birth_more_than_130_years_ago_is_refused_but_exactly_130_is_accepted() -> None:
    too_old = with_check_digit("41162318920411001")
    oldest = with_check_digit("41162318920412001")
    assert "130年" in refusal(check_id_number, too_old, today=TODAY)
    assert check_id_number(oldest, today=TODAY).birth_date == date(1892, 4, 12)


def test_wrong_check_digit_is_refused_with_reason() -> None:
    message = refusal(check_id_number, "110105194912310021", today=TODAY)
    assert message.startswith("校验位不符")
    # Showing the expected digit would invite "fixing" the last digit over a real typo.
    assert "X" not in message
    assert not re.search(r"[0-9]", message)


def test_region_code_missing_from_division_tables_is_still_accepted() -> None:
    # A checkpoint must not refuse a real card because a table lags a redistricting.
    number = with_check_digit("41999919900101001")
    assert check_id_number(number, today=TODAY).region_code == "419999"


valid_id_parts = st.tuples(
    st.integers(min_value=110000, max_value=659999),
    st.dates(min_value=date(1892, 4, 12), max_value=TODAY),
    st.integers(min_value=0, max_value=999),
)


@given(valid_id_parts)
def test_any_well_formed_id_is_accepted_with_its_birth_date_and_sex(
    parts: tuple[int, date, int],
) -> None:
    region, birth, sequence = parts
    number = with_check_digit(f"{region:06d}{birth:%Y%m%d}{sequence:03d}")
    info = check_id_number(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert info.sex == ("男" if sequence % 2 else "女")
    assert info.region_code == f"{region:06d}"


@given(valid_id_parts, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_changing_any_one_character_of_a_valid_id_is_refused(
    parts: tuple[int, date, int], position: int, replacement: str
) -> None:
    region, birth, sequence = parts
    number = with_check_digit(f"{region:06d}{birth:%Y%m%d}{sequence:03d}")
    if number[position] == replacement:
        replacement = "0" if replacement != "0" else "1"
    mutated = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(ValidationError):
        check_id_number(mutated, today=TODAY)


# --------------------------------------------------------------------- other documents


def test_resident_id_document_gets_the_full_id_check() -> None:
    assert (
        check_document_number(DocumentType.RESIDENT_ID, "11010519491231002x", today=TODAY)
        == "11010519491231002X"
    )
    message = refusal(
        check_document_number, DocumentType.RESIDENT_ID, "110105194912310021", today=TODAY
    )
    assert message.startswith("校验位不符")


@pytest.mark.parametrize(
    ("doc_type", "typed", "stored"),
    [
        (DocumentType.PASSPORT, "e12345678", "E12345678"),
        (DocumentType.PASSPORT, "EA1234567", "EA1234567"),
        (DocumentType.PASSPORT, "G 1234 5678", "G12345678"),
        (DocumentType.PASSPORT, "X1234567", "X1234567"),  # foreign
        (DocumentType.HK_MACAO_PERMIT, "c 1234 5678", "C12345678"),
        (DocumentType.HK_MACAO_PERMIT, "AB12345678", "AB12345678"),
        (DocumentType.TAIWAN_PERMIT, "１２３４５６７８", "12345678"),
        (DocumentType.TAIWAN_PERMIT, "A123456789", "A123456789"),
        (DocumentType.OTHER, "jl-2022-0001", "JL-2022-0001"),
    ],
)
def test_document_numbers_in_their_format_are_accepted_and_normalised(
    doc_type: DocumentType, typed: str, stored: str
) -> None:
    assert check_document_number(doc_type, typed, today=TODAY) == stored


@pytest.mark.parametrize(
    ("doc_type", "typed", "hint"),
    [
        (DocumentType.PASSPORT, "E123", "护照"),
        (DocumentType.PASSPORT, "E1234-5678", "护照"),
        (DocumentType.PASSPORT, "A" * 18, "护照"),
        (DocumentType.HK_MACAO_PERMIT, "C123456", "港澳通行证"),
        (DocumentType.TAIWAN_PERMIT, "123456789", "台胞证"),
        (DocumentType.OTHER, "----", "证件号码"),
        (DocumentType.OTHER, "ABC", "证件号码"),
        (DocumentType.OTHER, "A" * 31, "证件号码"),
    ],
)
def test_document_numbers_out_of_format_are_refused_naming_the_document(
    doc_type: DocumentType, typed: str, hint: str
) -> None:
    assert hint in refusal(check_document_number, doc_type, typed, today=TODAY)


def test_empty_document_number_is_refused() -> None:
    assert refusal(check_document_number, DocumentType.PASSPORT, " ", today=TODAY) == (
        "请输入证件号码"
    )


# ----------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "008613812345678",
        "１３８１２３４５６７８",
    ],
)
def test_mobile_numbers_are_accepted_as_11_digits(typed: str) -> None:
    assert check_phone(typed) == "13812345678"


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("", "请输入手机号"),
        ("1381234567", "现在是10位"),
        ("138123456789", "现在是12位"),
        ("1381234567a", "只能包含数字"),
        ("12812345678", "13–19开头"),
        ("03941234567", "13–19开头"),
    ],
)
def test_bad_mobile_numbers_are_refused_with_reason(typed: str, hint: str) -> None:
    assert hint in refusal(check_phone, typed)


# ----------------------------------------------------------------------------- plates

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, no O
DIGITS = "0123456789"
NEW_ENERGY = "ABCDEFGHJK"
SPECIALS = "挂学警港澳领使试超"


def plate_is_valid(plate: str) -> bool:
    """The plate grammar, written as plain code to check the implementation against."""
    if len(plate) not in (7, 8) or plate[0] not in PROVINCES or plate[1] not in PLATE_LETTERS:
        return False
    serial = plate[2:]
    alnum = PLATE_LETTERS + DIGITS
    if len(serial) == 5:
        if all(c in alnum for c in serial):
            return True
        return all(c in alnum for c in serial[:4]) and serial[4] in SPECIALS
    small = serial[0] in NEW_ENERGY and serial[1] in alnum and all(c in DIGITS for c in serial[2:])
    large = all(c in DIGITS for c in serial[:5]) and serial[5] in NEW_ENERGY
    return small or large


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("豫P12345", "豫P12345"),
        ("豫PA1B23", "豫PA1B23"),
        ("豫p·12345", "豫P12345"),
        ("豫P 12345", "豫P12345"),
        ("豫PD12345", "豫PD12345"),
        ("豫PDA1234", "豫PDA1234"),
        ("豫PF12345", "豫PF12345"),
        ("豫P12345D", "豫P12345D"),
        ("豫P12345K", "豫P12345K"),
        ("豫P1234学", "豫P1234学"),
        ("粤Z1234港", "粤Z1234港"),
        ("豫P1234挂", "豫P1234挂"),
    ],
)
def test_plates_in_the_grammar_are_accepted_and_normalised(typed: str, stored: str) -> None:
    assert check_plate(typed) == stored


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("", "请输入车牌号"),
        ("台A12345", "省份简称"),
        ("豫PI2345", "I和O"),
        ("豫PO2345", "I和O"),
        ("豫PI12345", "I和O"),
        ("豫P12345O", "I和O"),
        ("豫112345", "第二位应是字母"),
        ("豫P1234", "现在是6位"),
        ("豫P1234567", "现在是9位"),
        ("豫P123456", "格式不对"),
        ("豫PZ12345", "格式不对"),
        ("豫P12345L", "格式不对"),
        ("豫P123学4", "格式不对"),
    ],
)
def test_plates_out_of_the_grammar_are_refused_with_reason(typed: str, hint: str) -> None:
    assert hint in refusal(check_plate, typed)


plate_from_grammar = st.one_of(
    st.builds(
        lambda p, o, s: p + o + "".join(s),
        st.sampled_from(PROVINCES),
        st.sampled_from(PLATE_LETTERS),
        st.lists(st.sampled_from(PLATE_LETTERS + DIGITS), min_size=5, max_size=5),
    ),
    st.builds(
        lambda p, o, e, a, d: p + o + e + a + d,
        st.sampled_from(PROVINCES),
        st.sampled_from(PLATE_LETTERS),
        st.sampled_from(NEW_ENERGY),
        st.sampled_from(PLATE_LETTERS + DIGITS),
        st.from_regex(r"\A[0-9]{4}\Z"),
    ),
    st.builds(
        lambda p, o, d, e: p + o + d + e,
        st.sampled_from(PROVINCES),
        st.sampled_from(PLATE_LETTERS),
        st.from_regex(r"\A[0-9]{5}\Z"),
        st.sampled_from(NEW_ENERGY),
    ),
    st.builds(
        lambda p, o, s, x: p + o + "".join(s) + x,
        st.sampled_from(PROVINCES),
        st.sampled_from(PLATE_LETTERS),
        st.lists(st.sampled_from(PLATE_LETTERS + DIGITS), min_size=4, max_size=4),
        st.sampled_from(SPECIALS),
    ),
)


@given(plate_from_grammar)
def test_every_plate_the_grammar_generates_is_accepted_unchanged(plate: str) -> None:
    assert check_plate(plate) == plate
    assert check_plate(plate.lower()) == plate


@given(
    st.sampled_from(PROVINCES + "台港A1"),
    st.sampled_from(PLATE_LETTERS + "IO1学"),
    st.text(alphabet=PLATE_LETTERS + DIGITS + "IO" + SPECIALS + "台", min_size=3, max_size=7),
)
def test_near_plates_are_accepted_exactly_when_the_grammar_allows(
    first: str, second: str, rest: str
) -> None:
    plate = first + second + rest
    try:
        accepted = check_plate(plate) == plate
    except ValidationError:
        accepted = False
    assert accepted == plate_is_valid(plate)


# ------------------------------------------------------------------------ temperature


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("36.5", 36.5),
        ("36,5", 36.5),
        ("36。5", 36.5),
        ("３６．５", 36.5),
        (" 37.3℃ ", 37.3),
        ("37.3度", 37.3),
        ("365", 36.5),
        ("36", 36.0),
        ("36.45", 36.5),
        ("36.44", 36.4),
        (36.45, 36.5),
        (37, 37.0),
    ],
)
def test_temperatures_are_read_and_rounded_to_one_decimal(
    typed: str | float, reading: float
) -> None:
    assert check_temperature(typed) == reading


@pytest.mark.parametrize("typed", ["30", "43.1", "450", "33.9", 20.0])
def test_temperature_out_of_range_is_refused_with_the_range(typed: str | float) -> None:
    assert refusal(check_temperature, typed) == "体温应在 34.0–43.0 °C 之间"


def test_temperature_range_message_uses_the_configured_range() -> None:
    assert refusal(check_temperature, "39.0", low=35, high=38.5) == "体温应在 35.0–38.5 °C 之间"


@pytest.mark.parametrize("typed", ["", "abc", "36.5.1", "-36.5", "3650", float("nan"), True])
def test_temperature_that_is_not_a_number_is_refused(typed: str | float) -> None:
    assert "数字" in refusal(check_temperature, typed)


def test_three_digit_shortcut_applies_to_typed_text_only() -> None:
    # A number from a spin box already carries its own decimal point.
    with pytest.raises(ValidationError):
        check_temperature(365.0)


def test_fever_starts_at_the_threshold() -> None:
    assert is_fever(37.3)
    assert is_fever(37.29999999999)
    assert not is_fever(37.2)
    assert not is_fever(37.5, threshold=38.0)
    assert is_fever(38.0, threshold=38.0)


# ---------------------------------------------------------------------- NAT sampling


def test_sampling_time_in_the_past_or_within_clock_skew_is_accepted() -> None:
    assert check_sampling_time(NOW - timedelta(hours=1), now=NOW) == NOW - timedelta(hours=1)
    assert check_sampling_time(NOW + timedelta(minutes=5), now=NOW) == NOW + timedelta(minutes=5)


def test_sampling_time_in_the_future_is_refused() -> None:
    message = refusal(check_sampling_time, NOW + timedelta(minutes=6), now=NOW)
    assert "晚于现在" in message


def test_naive_datetimes_are_a_programming_error_not_a_worker_message() -> None:
    with pytest.raises(ValueError, match="aware") as caught:
        check_sampling_time(datetime(2022, 4, 12, 10, 0), now=NOW)
    assert not isinstance(caught.value, ValidationError)


def test_nat_status_reads_hours_and_validity() -> None:
    assert nat_status(NOW - timedelta(hours=31, minutes=50), now=NOW) == NatStatus(
        hours_ago=31, valid=True, text="采样 31 小时前 · 有效"
    )


def test_nat_sample_exactly_48_hours_old_is_still_valid_and_a_minute_more_is_not() -> None:
    assert nat_status(NOW - timedelta(hours=48), now=NOW).valid
    late = nat_status(NOW - timedelta(hours=48, minutes=1), now=NOW)
    assert late == NatStatus(hours_ago=48, valid=False, text="已超过 48 小时")


def test_nat_status_text_uses_the_configured_validity() -> None:
    status = nat_status(NOW - timedelta(hours=25), now=NOW, valid_hours=24)
    assert status.text == "已超过 24 小时"
    assert not status.valid


def test_nat_sample_from_the_future_is_not_valid() -> None:
    assert nat_status(NOW + timedelta(minutes=2), now=NOW).text == "采样 0 小时前 · 有效"
    assert not nat_status(NOW + timedelta(hours=1), now=NOW).valid


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31", NOW - timedelta(hours=31)),
        ("31小时前", NOW - timedelta(hours=31)),
        ("0", NOW),
        ("14:30", datetime(2022, 4, 12, 14, 30, tzinfo=BEIJING)),
        ("１４：３０", datetime(2022, 4, 12, 14, 30, tzinfo=BEIJING)),
        ("16:00", datetime(2022, 4, 11, 16, 0, tzinfo=BEIJING)),
        ("15:04", datetime(2022, 4, 12, 15, 4, tzinfo=BEIJING)),
        ("4-11 20:15", datetime(2022, 4, 11, 20, 15, tzinfo=BEIJING)),
        ("4/11  20:15", datetime(2022, 4, 11, 20, 15, tzinfo=BEIJING)),
        ("2022-04-10 08:00", datetime(2022, 4, 10, 8, 0, tzinfo=BEIJING)),
        ("2022/4/10 8:00", datetime(2022, 4, 10, 8, 0, tzinfo=BEIJING)),
    ],
)
def test_typed_sampling_times_are_understood(typed: str, expected: datetime) -> None:
    parsed = parse_sampling_time(typed, now=NOW)
    assert parsed == expected
    assert parsed.tzinfo is NOW.tzinfo


def test_month_day_typed_on_new_years_day_means_last_year() -> None:
    new_year = datetime(2022, 1, 1, 10, 0, tzinfo=BEIJING)
    assert parse_sampling_time("12-31 20:00", now=new_year) == datetime(
        2021, 12, 31, 20, 0, tzinfo=BEIJING
    )


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("", "请填写采样时间"),
        ("昨天", "看不懂"),
        ("14.30", "看不懂"),
        ("25:00", "没有这个日期或时间"),
        ("2-30 10:00", "没有这个日期或时间"),
        ("2022-04-13 08:00", "晚于现在"),
    ],
)
def test_unreadable_or_future_sampling_times_are_refused(typed: str, hint: str) -> None:
    message = refusal(parse_sampling_time, typed, now=NOW)
    assert hint in message
