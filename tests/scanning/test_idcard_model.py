"""What the worker is told about a card before trusting it."""

from __future__ import annotations

from datetime import date

from checkpoint_app.scanning.idcard.protocol import parse_text_block
from tests.scanning.idcard_emulator import BAD_CHECK_DIGIT, EXPIRED, MA_YAN

TODAY = date(2022, 4, 10)


def test_a_valid_card_has_no_warnings():
    assert parse_text_block(MA_YAN.text_block()).warnings(TODAY) == ()


def test_an_expired_card_says_until_when():
    card = parse_text_block(EXPIRED.text_block())
    assert card.warnings(TODAY) == ("身份证已过有效期（至 2021-05-01）",)


def test_a_card_on_its_last_valid_day_is_not_expired():
    card = parse_text_block(EXPIRED.text_block())
    assert card.warnings(date(2021, 5, 1)) == ()


def test_a_number_failing_gb_11643_is_flagged():
    card = parse_text_block(BAD_CHECK_DIGIT.text_block())
    assert card.warnings(TODAY) == ("身份证号码有误：校验位不符，请逐位核对号码，尤其是最后一位",)


def test_a_chip_birth_date_differing_from_the_number_is_flagged():
    from dataclasses import replace

    card = parse_text_block(replace(MA_YAN, birth="19900416").text_block())
    assert "芯片上的出生日期与身份证号码不一致" in card.warnings(TODAY)
