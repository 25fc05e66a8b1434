"""The ID-card reader's frames and the card's text, byte for byte."""

from __future__ import annotations

from datetime import date

import pytest

from checkpoint_app.scanning.idcard.model import IdCard
from checkpoint_app.scanning.idcard.protocol import (
    Command,
    FrameError,
    Status,
    command_frame,
    parse_answer,
    parse_text_block,
)
from tests.scanning.idcard_emulator import ADDRESS, MA_YAN, WANG, EmulatedCard


def test_commands_are_the_frames_the_modules_expect():
    assert command_frame(Command.FIND_CARD).hex(" ").upper() == "AA AA AA 96 69 00 03 20 01 22"
    assert command_frame(Command.SELECT_CARD).hex(" ").upper() == "AA AA AA 96 69 00 03 20 02 21"
    assert command_frame(Command.READ_BASE).hex(" ").upper() == "AA AA AA 96 69 00 03 30 01 32"


def test_a_found_card_answer_as_documented_parses_to_status_found():
    answer = parse_answer(bytes.fromhex("AAAAAA9669000800009F0000000097"))
    assert answer.status is Status.FOUND
    assert answer.status_text() == "寻找证件成功"


def test_no_card_answer_says_no_card_in_chinese():
    answer = parse_answer(bytes.fromhex("AAAAAA9669000400008084"))
    assert answer.status is Status.NO_CARD
    assert answer.status_text() == "没有找到证件"


def test_a_status_outside_ga_467_is_named_with_its_bytes():
    answer = parse_answer(bytes.fromhex("AAAAAA96690004000012" + "16"))
    assert answer.status is None
    assert answer.status_text() == "读卡器返回未知状态 00 00 12"


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        ("55AAAA9669000400008084", "帧头不对"),
        ("AAAAAA9669000400008085", "校验位不对"),
        ("AAAAAA966900050000808400", "校验位不对"),
        ("AAAAAA96690009000080", "长度不对"),
        ("AAAAAA9669FFFF000080", "长度不对"),
        ("AAAAAA96", "太短"),
    ],
)
def test_damaged_answers_are_refused_in_chinese(frame, words):
    with pytest.raises(FrameError) as refused:
        parse_answer(bytes.fromhex(frame))
    assert words in refused.value.message


def test_text_fields_are_read_exactly_with_a_rare_character_and_an_x_check_digit():
    card = parse_text_block(MA_YAN.text_block())
    assert card == IdCard(
        name="马䶮",
        sex="男",
        ethnicity="回",
        birth_date=date(1990, 4, 15),
        document_number="41162319900415111X",
        valid_from=date(2015, 3, 1),
        valid_until=date(2035, 3, 1),
    )


def test_a_card_valid_for_life_has_no_end_date():
    card = parse_text_block(WANG.text_block())
    assert card.valid_until is None
    assert card.warnings(date(2022, 4, 10)) == ()


def test_a_lower_case_x_on_the_chip_becomes_upper_case():
    chip = EmulatedCard("马䶮", "1", "03", "19900415", "41162319900415111x", "20150301", "20350301")
    assert parse_text_block(chip.text_block()).document_number == "41162319900415111X"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"sex_code": "9"}, "性别代码「9」"),
        ({"ethnicity_code": "77"}, "民族代码「77」不在 GB 3304 中"),
        ({"birth": "19901345"}, "出生日期「19901345」不是有效日期"),
        ({"valid_until": "2035"}, "有效期截止日期「2035」"),
        ({"number": "4116231990"}, "应为18位"),
        ({"name": ""}, "没有姓名"),
    ],
)
def test_text_a_resident_card_cannot_hold_is_refused_in_chinese(changes, words):
    from dataclasses import replace

    from checkpoint_app.scanning.idcard.protocol import CardDataError

    with pytest.raises(CardDataError) as refused:
        parse_text_block(replace(MA_YAN, **changes).text_block())
    assert words in refused.value.message


def test_the_address_is_never_decoded_into_the_card():
    card = parse_text_block(MA_YAN.text_block())
    shown = repr(card) + str(card)
    assert "谭庄" not in shown and ADDRESS not in shown
    assert not hasattr(card, "address") and not hasattr(card, "photo")
    assert "41162319900415111X" not in shown
    assert "4116**********111X" in shown
