"""Pre-registration codes: signed at the county, verified offline at the checkpoint."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checkpoint_app.records.model import DocumentType
from checkpoint_app.records.preregistration import (
    MAX_CODE_LENGTH,
    PREFIX,
    Preregistration,
    PreregistrationInvalid,
    PreregistrationRejected,
    check_preregistration,
    encode_preregistration,
    verify_preregistration,
)
from checkpoint_app.scanning.payload import PayloadKind, parse_payload
from checkpoint_app.sync.protocol import public_key_bytes

NOW = datetime(2022, 4, 10, 9, 30, tzinfo=UTC)
TRAVELLER = Preregistration(
    name="张伟",
    document_type=DocumentType.RESIDENT_ID,
    document_number="411623199004151232",
    phone="13812345678",
    plate="沪A12345",
    origin_code="310115",
    destination_township="谭庄镇",
    reason="探亲访友",
    plan="到谭庄镇父母家，住两周",
)


@pytest.fixture(scope="module")
def county_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _code(key: Ed25519PrivateKey, details: Preregistration = TRAVELLER, **kw: object) -> str:
    expires_at = kw.get("expires_at", NOW + timedelta(hours=24))
    assert isinstance(expires_at, datetime)
    return encode_preregistration(details, key, expires_at=expires_at)


def _tamper(code: str, position: int) -> str:
    encoded = code[len(PREFIX) :]
    raw = bytearray(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    raw[position] ^= 0x01
    return PREFIX + base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


def test_a_signed_code_gives_back_every_field(county_key):
    code = _code(county_key)
    verified = verify_preregistration(code, public_key_bytes(county_key), now=NOW)
    assert verified.details == TRAVELLER
    assert verified.expires_at == NOW + timedelta(hours=24)


def test_a_code_is_ascii_and_fits_a_qr_a_phone_shows_at_arm_length(county_key):
    code = _code(county_key)
    assert code.isascii()  # keyboard-wedge scanners cannot type Chinese
    assert len(code) < 300
    assert segno.make(code, error="l", micro=False).version <= 11


def test_the_longest_details_still_fit_a_scanner_payload(county_key):
    longest = Preregistration(
        name="阿" * 20,
        document_type=DocumentType.OTHER,
        document_number="A" * 30,
        phone="13812345678",
        plate="豫PD12345",
        origin_code="310115",
        destination_township="谭" * 8,
        reason="探亲访友",
        plan='行"' * 15,
    )
    code = _code(county_key, check_preregistration(longest, today=NOW.date()))
    assert len(code) <= MAX_CODE_LENGTH
    assert verify_preregistration(code, public_key_bytes(county_key), now=NOW).details == longest


def test_scanner_payload_classifies_the_code_without_trusting_it(county_key):
    parsed = parse_payload(_code(county_key) + "\r", today=NOW.date())
    assert parsed.kind is PayloadKind.PREREGISTRATION
    assert parsed.value == _code(county_key)


@pytest.mark.parametrize(
    "position",
    [0, 2, 5, 9, 20, -1],
    ids=["version", "key-id", "expiry", "body-start", "body", "signature"],
)
def test_a_changed_byte_anywhere_is_refused(county_key, position):
    code = _tamper(_code(county_key), position)
    with pytest.raises(PreregistrationRejected) as refused:
        verify_preregistration(code, public_key_bytes(county_key), now=NOW)
    assert refused.value.message  # Chinese text for the worker


def test_tampered_body_is_called_tampered(county_key):
    with pytest.raises(PreregistrationRejected, match="签名无效"):
        verify_preregistration(
            _tamper(_code(county_key), 30), public_key_bytes(county_key), now=NOW
        )


def test_a_code_from_another_county_is_refused_as_foreign(county_key):
    other = Ed25519PrivateKey.generate()
    with pytest.raises(PreregistrationRejected, match="不是本县指挥部签发"):
        verify_preregistration(_code(other), public_key_bytes(county_key), now=NOW)


def test_a_forged_code_claiming_the_county_key_id_is_refused(county_key):
    # Someone copies the county's key id into a code signed with their own key.
    forger = Ed25519PrivateKey.generate()
    genuine = _code(county_key)
    forged = _code(forger)
    raw_genuine = base64.urlsafe_b64decode(genuine[5:] + "=" * (-len(genuine[5:]) % 4))
    raw_forged = bytearray(base64.urlsafe_b64decode(forged[5:] + "=" * (-len(forged[5:]) % 4)))
    raw_forged[1:5] = raw_genuine[1:5]
    text = PREFIX + base64.urlsafe_b64encode(bytes(raw_forged)).rstrip(b"=").decode()
    with pytest.raises(PreregistrationRejected, match="签名无效"):
        verify_preregistration(text, public_key_bytes(county_key), now=NOW)


def test_an_expired_code_is_refused_with_its_expiry(county_key):
    code = _code(county_key, expires_at=NOW - timedelta(minutes=1))
    with pytest.raises(PreregistrationRejected, match=r"已于 04-10 09:29 过期"):
        verify_preregistration(code, public_key_bytes(county_key), now=NOW)


def test_without_an_enrollment_nothing_can_be_verified(county_key):
    with pytest.raises(PreregistrationRejected, match="尚未注册"):
        verify_preregistration(_code(county_key), None, now=NOW)


@pytest.mark.parametrize(
    "text",
    [PREFIX, PREFIX + "a", PREFIX + "!!!!", PREFIX + "AAAA" * 10, PREFIX + "大大"],
)
def test_truncated_or_garbled_codes_are_refused(county_key, text):
    with pytest.raises(PreregistrationRejected):
        verify_preregistration(text, public_key_bytes(county_key), now=NOW)


def test_a_signed_code_with_an_invalid_id_number_still_fills_nothing(county_key):
    # The county validates too; the workstation does not rely on it.
    bad = replace(TRAVELLER, document_number="411623199004151238")
    with pytest.raises(PreregistrationRejected, match="校验位不符"):
        verify_preregistration(_code(county_key, bad), public_key_bytes(county_key), now=NOW)


def test_details_are_checked_like_typed_input():
    bad = replace(
        TRAVELLER,
        name=" ",
        document_number="41162319900415123",
        phone="1381234567",
        plate="豫I12345",
        origin_code="",
        destination_township="",
        reason="旅游",
    )
    with pytest.raises(PreregistrationInvalid) as invalid:
        check_preregistration(bad, today=date(2022, 4, 10))
    assert invalid.value.errors == {
        "name": "请填写姓名",
        "document_number": "身份证号码应为18位，现在是17位",
        "phone": "手机号应为11位，现在是10位",
        "plate": "车牌不用字母I和O，请核对是否是数字1和0",
        "origin_code": "请填写出发地（省、市、县）",
        "destination_township": "请选择目的乡镇",
        "reason": "请选择出行事由",
    }


def test_details_are_normalised_as_the_form_would():
    spaced = replace(TRAVELLER, phone="138 1234 5678", plate="沪a·12345", name=" 张 伟 ")
    checked = check_preregistration(spaced, today=date(2022, 4, 10))
    assert (checked.phone, checked.plate, checked.name) == ("13812345678", "沪A12345", "张 伟")
