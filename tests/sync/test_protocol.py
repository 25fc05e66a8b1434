"""The wire format: every field survives the trip, the hash tells content apart, signatures bind."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from checkpoint_app.records.model import (
    CodeColour,
    Disposition,
    DocumentType,
    FieldSource,
    NatResult,
    TravellerRecord,
)
from checkpoint_app.sync.protocol import (
    WireFormatError,
    content_hash,
    parse_request_headers,
    parse_wire_record,
    record_from_wire,
    record_to_wire,
    request_signing_bytes,
    sign_policy_pack,
    sign_request,
    verify_policy_pack,
    verify_signature,
)
from tests.county_fixtures import traveller
from tests.factories import with_check_digit

# Up to 2059: a resident born in 1930 (the oldest drawn below) is then under 130, which
# is as old as the ID check lets anyone be.
aware_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2059, 12, 31)
).flatmap(
    lambda naive: st.sampled_from(
        [UTC, timezone(timedelta(hours=8)), timezone(-timedelta(hours=5))]
    ).map(lambda tz: naive.replace(tzinfo=tz))
)
# What a worker can type in a free-text box: no control, format or separator characters
# (the wire refuses those as the form does: tests/hostile/test_hostile_text.py).
free_text = st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), max_size=30)

resident_ids = st.builds(
    lambda region, birth, serial: with_check_digit(f"{region}{birth:%Y%m%d}{serial:03d}"),
    st.sampled_from(["410722", "110101", "440305", "652901"]),
    st.dates(min_value=date(1930, 1, 1), max_value=date(1999, 12, 31)),
    st.integers(0, 999),
)
# Numbers the form accepts for each kind of document (the wire refuses others:
# tests/hostile/test_hostile_county.py); empty is allowed too.
DOCUMENT_NUMBERS = {
    DocumentType.RESIDENT_ID: resident_ids,
    DocumentType.PASSPORT: st.from_regex(r"E[0-9]{8}", fullmatch=True),
    DocumentType.HK_MACAO_PERMIT: st.from_regex(r"C[0-9]{8}", fullmatch=True),
    DocumentType.TAIWAN_PERMIT: st.from_regex(r"[0-9]{8}", fullmatch=True),
    DocumentType.OTHER: st.from_regex(r"[A-Z0-9]{4,30}", fullmatch=True),
}
documents = st.sampled_from(DocumentType).flatmap(
    lambda kind: st.tuples(st.just(kind), st.just("") | DOCUMENT_NUMBERS[kind])
)
phones = st.just("") | st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
plates = st.just("") | st.from_regex(r"[豫京沪粤][A-HJ-NP-Z][0-9A-HJ-NP-Z]{5}", fullmatch=True)
origin_codes = st.from_regex(r"[0-9]{0,12}", fullmatch=True)


@st.composite
def _records(draw: st.DrawFn) -> TravellerRecord:
    document_type, document_number = draw(documents)
    return draw(
        st.builds(
            TravellerRecord,
            uuid=st.uuids().map(str),
            checked_at=aware_datetimes,
            disposition=st.sampled_from(Disposition),
            version=st.integers(1, 50),
            document_type=st.just(document_type),
            document_number=st.just(document_number),
            name=free_text,
            phone=phones,
            plate=plates,
            vehicle_id=st.none() | st.uuids().map(str),
            origin_code=origin_codes,
            origin_name=free_text,
            destination_township=free_text,
            destination_address=free_text,
            reason=free_text,
            temperature=st.none() | st.floats(30, 45, allow_nan=False),
            health_colour=st.sampled_from(CodeColour),
            health_payload=free_text,
            health_issuer=free_text,
            travel_colour=st.sampled_from(CodeColour),
            travel_cities=st.lists(free_text, max_size=5).map(tuple),
            nat_result=st.sampled_from(NatResult),
            nat_sampled_at=st.none() | aware_datetimes,
            vaccine_doses=st.none() | st.integers(0, 5),
            override_reason=free_text,
            notes=free_text,
            sources=st.dictionaries(
                st.sampled_from(["document_number", "name", "phone"]),
                st.sampled_from(FieldSource),
            ),
            shift_id=st.none() | st.integers(1, 10_000),
            staff_id=st.none() | st.integers(1, 10_000),
        )
    )


# Records as a checkpoint's form can save them: every field passes the form's validators.
records = _records()


@given(records, st.booleans(), st.booleans(), st.booleans())
def test_every_field_survives_the_wire_and_json(record, fever, nat_expired, report):
    wire = record_to_wire(record, fever=fever, nat_expired=nat_expired, report=report)
    through_json = json.loads(json.dumps(wire, ensure_ascii=False))
    parsed = parse_wire_record(through_json)
    assert parsed.record == record
    assert (parsed.fever, parsed.nat_expired, parsed.report) == (fever, nat_expired, report)
    assert parsed.content_hash == content_hash(wire)
    assert record_from_wire(through_json) == record


@given(records)
def test_the_same_instant_in_another_time_zone_hashes_alike(record):
    shifted = replace(record, checked_at=record.checked_at.astimezone(timezone(timedelta(hours=8))))
    assert content_hash(record_to_wire(shifted)) == content_hash(record_to_wire(record))


def test_any_change_of_content_changes_the_hash():
    record = traveller()
    base = content_hash(record_to_wire(record))
    assert content_hash(record_to_wire(replace(record, notes="复测"))) != base
    assert content_hash(record_to_wire(replace(record, temperature=36.6))) != base
    assert content_hash(record_to_wire(record, fever=True)) != base


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda w: w.pop("name"), "缺少字段"),
        (lambda w: w.update(extra="x"), "未知字段"),
        (lambda w: w.update(version=0), "版本"),
        (lambda w: w.update(health_colour="purple"), "不认识"),
        (lambda w: w.update(checked_at="2022-04-10T09:30:00"), "时区"),
        (lambda w: w.update(temperature="36.5"), "数值"),
        (lambda w: w.update(travel_cities="上海"), "列表"),
        (lambda w: w.update(fever=1), "是/否"),
    ],
)
def test_malformed_wire_records_are_refused_in_words(change, words):
    wire = record_to_wire(traveller())
    change(wire)
    with pytest.raises(WireFormatError) as refused:
        parse_wire_record(wire)
    assert words in refused.value.message


def test_a_temperature_that_is_not_a_number_never_reaches_the_wire():
    with pytest.raises(WireFormatError):
        record_to_wire(replace(traveller(), temperature=math.nan))


def test_a_request_signature_covers_method_path_body_device_and_sequence():
    key = Ed25519PrivateKey.generate()
    headers = sign_request(key, "POST", "/api/v1/records", b"{}", "dev-1", 7)
    signed = parse_request_headers(headers)
    assert signed is not None
    original = ("POST", "/api/v1/records", b"{}", "dev-1", 7)
    assert verify_signature(key.public_key(), signed.signature, request_signing_bytes(*original))
    for changed in [
        ("GET", "/api/v1/records", b"{}", "dev-1", 7),
        ("POST", "/api/v1/policy", b"{}", "dev-1", 7),
        ("POST", "/api/v1/records", b"{ }", "dev-1", 7),
        ("POST", "/api/v1/records", b"{}", "dev-2", 7),
        ("POST", "/api/v1/records", b"{}", "dev-1", 8),
    ]:
        assert not verify_signature(
            key.public_key(), signed.signature, request_signing_bytes(*changed)
        )
    assert parse_request_headers({}) is None
    assert parse_request_headers({**headers, "X-Checkpoint-Sequence": "-1"}) is None


def test_a_policy_pack_verifies_only_with_the_county_key_and_unchanged():
    county = Ed25519PrivateKey.generate()
    envelope = sign_policy_pack(
        county, version=3, published_at=datetime(2022, 4, 2, tzinfo=UTC), content={"a": 1}
    )
    pack = verify_policy_pack(county.public_key(), envelope)
    assert pack.version == 3 and pack.content == {"a": 1}
    with pytest.raises(WireFormatError, match="签名"):
        verify_policy_pack(Ed25519PrivateKey.generate().public_key(), envelope)
    with pytest.raises(WireFormatError):
        verify_policy_pack(county.public_key(), envelope.replace(b'"a":1', b'"a":2'))
    with pytest.raises(WireFormatError):
        verify_policy_pack(county.public_key(), envelope[:-5])
