"""The pledge as the county and the record dialog rely on it: compact strokes that read
back exactly, refused when forged or too big, and a wire field only when one was recorded."""

from __future__ import annotations

import base64
import zlib
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint_app.records.pledge import (
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    MAX_STROKES_CHARS,
    NO_PLEDGE,
    Pledge,
    PledgeMethod,
    SignatureError,
    check_pledge,
    decode_strokes,
    encode_strokes,
)
from checkpoint_app.records.validation import ValidationError, check_record
from checkpoint_app.sync.protocol import (
    WireFormatError,
    content_hash,
    parse_wire_record,
    record_to_wire,
)
from tests.factories import make_pledge, make_record, make_signature_strokes

points = st.tuples(st.integers(0, CANVAS_WIDTH), st.integers(0, CANVAS_HEIGHT))
strokes = st.lists(st.lists(points, min_size=1, max_size=60), min_size=1, max_size=8)


@settings(max_examples=80, deadline=None)
@given(strokes)
def test_strokes_on_the_grid_read_back_exactly_without_repeated_points(drawn):
    expected = []
    for stroke in drawn:
        kept = [p for i, p in enumerate(stroke) if i == 0 or stroke[i - 1] != p]
        expected.append(tuple(kept))
    assert decode_strokes(encode_strokes(drawn)) == tuple(expected)


def test_a_signature_is_a_few_hundred_characters_and_clamped_to_the_pad():
    text = encode_strokes(make_signature_strokes())
    assert 0 < len(text) < 600
    (stroke,) = decode_strokes(encode_strokes([[(-50.0, 10.4), (CANVAS_WIDTH + 9, 500.0)]]))
    assert stroke == ((0, 10), (CANVAS_WIDTH, CANVAS_HEIGHT))


def test_an_empty_pad_encodes_to_nothing():
    assert encode_strokes([]) == "" and encode_strokes([[]]) == ""
    assert decode_strokes("") == ()


def _blob(raw: bytes) -> str:
    return base64.b64encode(zlib.compress(raw)).decode("ascii")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not base64!", "格式不对"),
        (base64.b64encode(b"plain bytes").decode(), "格式不对"),
        (_blob(b"XX\x01\x01\x00\x00"), "格式不对"),
        (_blob(b"S1\x01\x01"), "不完整"),
        # A point 1,000 units to the right of the pad.
        (_blob(b"S1\x01\x01\xd0\x0f\x00"), "超出签字区域"),
        (_blob(b"S1\x01\x01\x00\x00\xff"), "多余"),
        # A bomb: a megabyte of zeros behind a valid header.
        (_blob(b"S1\x01\x01\x00\x00" + bytes(1_000_000)), "太大"),
        ("A" * (MAX_STROKES_CHARS + 4), "最多"),
    ],
)
def test_forged_or_oversized_strokes_are_refused_with_a_chinese_message(text, message):
    with pytest.raises(SignatureError, match=message):
        decode_strokes(text)


def test_too_many_points_are_refused_when_encoding():
    with pytest.raises(SignatureError, match="太多"):
        encode_strokes([[(i % 600, i % 200) for i in range(7000)]])


@pytest.mark.parametrize(
    ("pledge", "message"),
    [
        (Pledge(PledgeMethod.NONE, slip=3), "未签"),
        (replace(make_pledge("paper"), slip=None), "编号"),
        (replace(make_pledge("paper"), slip=0), "编号"),
        (replace(make_pledge("refused"), slip=4), "只有纸质"),
        (replace(make_pledge("screen"), strokes=""), "没有笔画"),
        (replace(make_pledge("paper"), strokes=make_pledge("screen").strokes), "只有屏幕"),
        (replace(make_pledge("refused"), version=None), "版本"),
        (replace(make_pledge("refused"), at=None), "时间"),
    ],
)
def test_a_pledge_the_form_could_not_have_saved_is_refused(pledge, message):
    with pytest.raises(SignatureError, match=message):
        check_pledge(pledge)
    with pytest.raises(ValidationError, match=message):
        check_record(make_record(pledge=pledge))


@pytest.mark.parametrize("method", ["paper", "screen", "refused"])
def test_a_recorded_pledge_travels_on_the_wire_and_back(method):
    record = make_record(pledge=make_pledge(method))
    wire = record_to_wire(record)
    assert wire["pledge"]["method"] == method
    parsed = parse_wire_record(wire)
    assert parsed.record.pledge == record.pledge
    assert parsed.content_hash == content_hash(wire)


def test_a_record_without_a_pledge_hashes_as_before_the_pledge_existed():
    record = make_record()
    assert record.pledge == NO_PLEDGE
    wire = record_to_wire(record)
    assert "pledge" not in wire
    assert parse_wire_record(wire).content_hash == content_hash(wire)


@pytest.mark.parametrize(
    "pledge",
    [
        {"method": "none", "version": 0, "at": "2022-04-10T09:30:00+00:00"},
        {"method": "stamped", "version": 0, "at": "2022-04-10T09:30:00+00:00"},
        {"method": "paper", "version": 0, "at": "2022-04-10T09:30:00+00:00", "slip": "12"},
        {"method": "screen", "version": 0, "at": "2022-04-10T09:30:00+00:00", "strokes": "x"},
        {"method": "refused", "version": 0, "at": "2022-04-10T09:30:00", "photo": "…"},
        "paper",
    ],
)
def test_a_malformed_pledge_from_a_device_is_refused(pledge):
    wire = record_to_wire(make_record()) | {"pledge": pledge}
    with pytest.raises(WireFormatError):
        parse_wire_record(wire)
