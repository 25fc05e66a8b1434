from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint_app.records.masking import mask_id_number, mask_name, mask_phone


def test_resident_id_shows_first_four_and_last_four() -> None:
    assert mask_id_number("410721199001011234") == "4107**********1234"


def test_old_15_digit_id_keeps_the_same_shape() -> None:
    assert mask_id_number("410721900101123") == "4107*******1123"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("E12345678", "*****5678"),
        ("C1234567", "****4567"),
        ("123456", "***456"),
        ("AB12", "**12"),
        ("ABC", "***"),
        ("7", "*"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_short_document_numbers_show_only_their_tail(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


def test_phone_shows_first_three_and_last_four() -> None:
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("phone", "masked"), [("", ""), ("12345", "***45"), ("0394-1234567", "********4567")]
)
def test_odd_phone_values_keep_only_their_tail(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("王小明", "王**"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳明", "欧阳*"),
        ("欧阳", "欧*"),  # surname 欧, given name 阳
        ("张", "*"),
        ("", ""),
        (" 李四 ", "李*"),
        ("阿卜杜·热合曼", "阿**·***"),
        ("John Smith", "J*** *****"),
    ],
)
def test_names_keep_the_surname_and_hide_the_given_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@given(st.text(max_size=40))
def test_masked_number_never_raises_keeps_length_and_hides_most_of_it(text: str) -> None:
    masked = mask_id_number(text)
    assert len(masked) == len(text.strip())
    shown = sum(1 for char in masked if char != "*")
    assert shown <= 8
    assert len(masked) >= 15 or shown <= len(masked) // 2


@given(st.text(max_size=20))
def test_masked_phone_never_raises_and_shows_at_most_seven_characters(text: str) -> None:
    masked = mask_phone(text)
    assert len(masked) == len(text.strip())
    assert sum(1 for char in masked if char != "*") <= min(7, len(masked) // 2 + 2)


@given(st.text(max_size=20))
def test_masked_name_never_raises_and_shows_at_most_the_surname(name: str) -> None:
    masked = mask_name(name)
    assert len(masked) == len(name.strip())
    assert masked == "" or masked[1:].strip("*· •・.-") == "" or masked[2:].strip("*· •・.-") == ""
