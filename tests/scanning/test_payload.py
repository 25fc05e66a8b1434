from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint_app.scanning.payload import (
    CodeIssuer,
    ParsedPayload,
    PayloadKind,
    PayloadRejected,
    default_code_issuers,
    load_code_issuers,
    parse_payload,
)

TODAY = date(2022, 4, 12)
UNKNOWN_NOTICE = "未识别的扫码内容，已原样保存"
TEST_ISSUERS = (
    CodeIssuer(
        issuer="测试码",
        province="河南",
        patterns=(re.compile(r"^https://code\.example/h/", re.IGNORECASE),),
    ),
)

CONTROL_CHARS = [chr(c) for c in range(0x20) if chr(c) not in "\r\n\t"] + [
    chr(c) for c in range(0x7F, 0xA0)
]
BIDI_CHARS = [
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
ZERO_WIDTH_CHARS = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
FORBIDDEN = CONTROL_CHARS + BIDI_CHARS + ZERO_WIDTH_CHARS + ["\r", "\n", "\t"]


def rejection(raw: str) -> str:
    with pytest.raises(PayloadRejected) as caught:
        parse_payload(raw, today=TODAY, issuers=TEST_ISSUERS)
    return caught.value.message


def parse(raw: str) -> ParsedPayload:
    return parse_payload(raw, today=TODAY, issuers=TEST_ISSUERS)


@pytest.mark.parametrize("terminator", ["", "\r", "\n", "\r\n", "\t"])
def test_scanned_id_with_any_terminator_is_an_id_number(terminator: str) -> None:
    assert parse("11010519491231002x" + terminator) == ParsedPayload(
        kind=PayloadKind.ID_NUMBER, value="11010519491231002X", raw="11010519491231002x"
    )


def test_surrounding_spaces_are_dropped() -> None:
    assert parse("  11010519491231002X \r\n").value == "11010519491231002X"


def test_id_shaped_scan_with_a_wrong_check_digit_is_refused_not_unknown() -> None:
    assert rejection("110105194912310021\r\n").startswith("校验位不符")


def test_id_shaped_scan_with_an_impossible_birth_date_is_refused() -> None:
    assert "出生日期" in rejection("110105194913310021")


def test_plate_is_recognised() -> None:
    assert parse("豫P12345\n") == ParsedPayload(
        kind=PayloadKind.PLATE, value="豫P12345", raw="豫P12345"
    )
    assert parse("豫PD12345").kind is PayloadKind.PLATE


def test_mobile_is_recognised_as_its_11_digits() -> None:
    assert parse("+86 138 1234 5678") == ParsedPayload(
        kind=PayloadKind.PHONE, value="13812345678", raw="+86 138 1234 5678"
    )


def test_health_code_url_is_recognised_with_its_issuer() -> None:
    url = "HTTPS://code.example/h/abc?x=1"
    assert parse(url) == ParsedPayload(
        kind=PayloadKind.HEALTH_CODE, value=url, raw=url, issuer="测试码"
    )


def test_anything_else_is_kept_as_unknown_with_a_notice() -> None:
    assert parse("WIFI:S:toll;T:WPA;;") == ParsedPayload(
        kind=PayloadKind.UNKNOWN,
        value="WIFI:S:toll;T:WPA;;",
        raw="WIFI:S:toll;T:WPA;;",
        notice=UNKNOWN_NOTICE,
    )


def test_a_longer_digit_string_is_unknown_not_an_id() -> None:
    assert parse("1101051949123100211").kind is PayloadKind.UNKNOWN


def test_bundled_issuer_file_recognises_a_henan_health_code() -> None:
    parsed = parse_payload("https://www.hnykm.cn/h5/code?t=Ab12", today=TODAY)
    assert parsed.kind is PayloadKind.HEALTH_CODE
    assert parsed.issuer == "豫康码"


def test_bundled_issuer_patterns_do_not_match_a_lookalike_host() -> None:
    parsed = parse_payload("https://hnykm.cn.example.com/h5/code", today=TODAY)
    assert parsed.kind is PayloadKind.UNKNOWN


def test_bundled_issuer_file_lists_the_major_codes_with_patterns() -> None:
    issuers = default_code_issuers()
    names = {issuer.issuer for issuer in issuers}
    assert {"豫康码", "粤康码", "随申码", "北京健康宝", "苏康码", "浙江健康码"} <= names
    assert all(issuer.patterns and issuer.province for issuer in issuers)
    assert default_code_issuers() is issuers  # read once


def test_malformed_issuer_file_is_refused_whole(tmp_path: Path) -> None:
    bad = tmp_path / "code_issuers.json"
    bad.write_text(json.dumps({"issuers": [{"issuer": "x", "patterns": ["("]}]}), "utf-8")
    with pytest.raises(ValueError, match="malformed"):
        load_code_issuers(bad)


@pytest.mark.parametrize("raw", ["", "   ", "\r\n", " \n "])
def test_empty_scan_is_refused(raw: str) -> None:
    assert "为空" in rejection(raw)


def test_only_one_terminator_is_stripped() -> None:
    assert "控制字符" in rejection("豫P12345\n\n")


def test_tab_inside_the_text_is_refused() -> None:
    assert "控制字符" in rejection("豫P\t12345")


def test_512_characters_are_accepted_and_513_refused() -> None:
    assert parse("A" * 512 + "\r\n").value == "A" * 512
    assert "过长" in rejection("A" * 513)


def test_each_kind_of_unsafe_text_has_its_own_message() -> None:
    messages = {
        rejection(""),
        rejection("A" * 600),
        rejection("豫P\x0012345"),
        rejection("豫P\u202e54321"),
        rejection("豫P\u200b12345"),
        rejection("豫P\u00ad12345"),  # soft hyphen: another invisible format character
    }
    assert len(messages) == 6


def test_lone_surrogate_is_refused() -> None:
    assert "不可见字符" in rejection("abc\ud800def")


@pytest.mark.parametrize("char", CONTROL_CHARS)
def test_every_control_character_is_refused(char: str) -> None:
    assert "控制字符" in rejection(f"abc{char}def")


@pytest.mark.parametrize("char", BIDI_CHARS)
def test_every_bidi_control_is_refused(char: str) -> None:
    assert "文字方向" in rejection(f"abc{char}def")


@pytest.mark.parametrize("char", ZERO_WIDTH_CHARS)
def test_every_zero_width_character_is_refused(char: str) -> None:
    assert "零宽" in rejection(f"abc{char}def")


@given(st.text(max_size=60), st.sampled_from(FORBIDDEN), st.text(max_size=60))
def test_text_containing_a_forbidden_character_is_always_refused(
    before: str, bad: str, after: str
) -> None:
    # The trailing "A" keeps the forbidden character from being a stripped terminator.
    with pytest.raises(PayloadRejected):
        parse(before + bad + after + "A")


@given(st.text(max_size=700))
def test_any_text_is_parsed_or_refused_never_crashing_or_oversize(raw: str) -> None:
    try:
        parsed = parse(raw)
    except PayloadRejected as rejected:
        assert rejected.message
        return
    assert 0 < len(parsed.value) <= 512
    assert 0 < len(parsed.raw) <= 512
    assert parsed.kind in PayloadKind
    assert (parsed.notice == UNKNOWN_NOTICE) == (parsed.kind is PayloadKind.UNKNOWN)


WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@given(
    st.integers(min_value=110000, max_value=659999),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=999),
    st.sampled_from(["", "\r", "\n", "\r\n", "\t"]),
)
def test_any_valid_scanned_id_is_an_id_number(
    region: int, birth: date, sequence: int, terminator: str
) -> None:
    first17 = f"{region:06d}{birth:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    number = first17 + "10X98765432"[total % 11]
    parsed = parse(number + terminator)
    assert parsed.kind is PayloadKind.ID_NUMBER
    assert parsed.value == number
