"""Pre-registration QR codes: what a traveller filled in at home, signed by the county.

The county server signs the details with its Ed25519 key (`encode_preregistration`); the
workstation checks the signature against the county key it pinned at enrollment, the
expiry and every field, before anything reaches the form (`verify_preregistration`).
Nothing needs a network at the checkpoint.

Wire form (one line of ASCII, so a keyboard-wedge scanner can type it — most cannot type
Chinese)::

    KDT1:<base64url without padding of: header | body | signature>

* header: 9 bytes — format version (1), key id (first 4 bytes of SHA-256 of the county's
  raw public key, so a code from another county is told apart from a forged one),
  expiry in Unix seconds (unsigned 32-bit, big-endian);
* body: a compact UTF-8 JSON array of the details, in `_FIELDS` order (an array, not an
  object: key names would cost a third of the code for nothing);
* signature: 64 bytes, Ed25519 over `SIGNING_CONTEXT + header + body`. The context
  keeps a pre-registration from ever being mistaken for a signed policy pack or sync
  answer, which the same key signs.

A typical code is 250–300 characters (a QR of version 10–11 at level L); the longest
the field limits allow is under 470.

A code is used once at the checkpoint that reads it: the workstation keeps
`VerifiedPreregistration.digest` — SHA-256 of the code's signature, never of its
details — with the record it was saved on, and warns when the same code comes again.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from checkpoint_app.records.model import DocumentType
from checkpoint_app.records.validation import (
    ValidationError,
    check_document_number,
    check_free_text,
    check_phone,
    check_plate,
)

if TYPE_CHECKING:  # cryptography loads on first use (start-up time of the workstation)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PREFIX = "KDT1:"
FORMAT_VERSION = 1
SIGNING_CONTEXT = b"checkpoint-app/preregistration/1\n"
#: Prefixed to the signature before hashing it into a code's digest (`code_digest`).
DIGEST_CONTEXT = b"checkpoint-app/preregistration-use/1\n"
#: How long a code stays valid: long enough to register the evening before setting out.
VALIDITY = timedelta(hours=24)
#: Scanned text longer than this is refused by scanning/payload.py; every code fits.
MAX_CODE_LENGTH = 512
MAX_NAME_LENGTH = 20
MAX_PLAN_LENGTH = 30
MAX_TOWNSHIP_LENGTH = 8
#: The reasons the form offers (gui/register_form.REASONS); the page offers the same.
REASONS = ("返乡", "探亲访友", "务工", "物流运输", "公务", "就医", "过境", "其他")

_HEADER = struct.Struct(">B4sI")
_SIGNATURE_LENGTH = 64
_KEY_ID_LENGTH = 4
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
_DOCUMENT_CODES = {
    DocumentType.RESIDENT_ID: "R",
    DocumentType.PASSPORT: "P",
    DocumentType.HK_MACAO_PERMIT: "H",
    DocumentType.TAIWAN_PERMIT: "T",
    DocumentType.OTHER: "O",
}
_DOCUMENT_TYPES = {code: doc_type for doc_type, code in _DOCUMENT_CODES.items()}
_FIELDS = 9


class PreregistrationRejected(ValueError):
    """A code that must not fill the form; `.message` is the Chinese text for the worker."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PreregistrationInvalid(ValueError):
    """Details that fail a check; `.errors` maps a field name to its Chinese message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


@dataclass(frozen=True, slots=True)
class Preregistration:
    """What a traveller declared before setting out. `origin_code` is a GB/T 2260 code."""

    name: str
    document_type: DocumentType
    document_number: str
    phone: str
    plate: str
    origin_code: str
    destination_township: str
    reason: str
    plan: str = ""


@dataclass(frozen=True, slots=True)
class VerifiedPreregistration:
    """A code whose signature, key, expiry and fields all passed.

    `digest` tells this code from any other (`code_digest` of its signature) and holds
    nothing of the traveller: it is what the checkpoint keeps to see a code used twice.
    """

    details: Preregistration
    expires_at: datetime
    digest: str


def key_id(public_raw: bytes) -> bytes:
    """The 4-byte id of a raw Ed25519 public key carried in every code."""
    return hashlib.sha256(public_raw).digest()[:_KEY_ID_LENGTH]


def code_digest(signature: bytes) -> str:
    """The hex digest that identifies one code: SHA-256 of a context and its signature.

    Taken over the signature, not the text or the details: the same signed bytes give
    the same digest however the base64 was typed, and no one can get a name or an ID
    number back from it by trying candidates (the signature needs the county's key).
    """
    return hashlib.sha256(DIGEST_CONTEXT + signature).hexdigest()


def is_preregistration_text(text: str) -> bool:
    """True when scanned text claims to be a pre-registration code (not yet verified)."""
    return text.startswith(PREFIX)


def _plain_text(value: str, limit: int, empty: str, field_label: str) -> str:
    # The form's own check first (hidden characters, tabs and newlines refused), then
    # runs of spaces made one: the code has no room to spare.
    text = " ".join(check_free_text(value, field_label).split())
    if not text:
        if empty:
            raise ValidationError(empty)
        return ""
    if len(text) > limit:
        raise ValidationError(f"{field_label}最多{limit}个字，现在是{len(text)}个")
    return text


def check_preregistration(details: Preregistration, *, today: date) -> Preregistration:
    """The details normalised, or `PreregistrationInvalid` naming every field that fails.

    The same validators as typed input at the checkpoint, so a code can never put into
    the form what a worker could not type there.
    """
    errors: dict[str, str] = {}

    def run(field: str, check: Callable[[], str]) -> str:
        try:
            return check()
        except ValidationError as exc:
            errors[field] = exc.message
            return ""

    name = run("name", lambda: _plain_text(details.name, MAX_NAME_LENGTH, "请填写姓名", "姓名"))
    number = run(
        "document_number",
        lambda: check_document_number(details.document_type, details.document_number, today=today),
    )
    phone = run("phone", lambda: check_phone(details.phone))
    plate = run("plate", lambda: check_plate(details.plate) if details.plate.strip() else "")
    origin = details.origin_code.strip()
    if not (len(origin) == 6 and origin.isascii() and origin.isdigit()):
        errors["origin_code"] = "请填写出发地（省、市、县）"
    township = run(
        "destination_township",
        lambda: _plain_text(
            details.destination_township, MAX_TOWNSHIP_LENGTH, "请选择目的乡镇", "目的乡镇"
        ),
    )
    reason = details.reason.strip()
    if reason not in REASONS:
        errors["reason"] = "请选择出行事由"
    plan = run("plan", lambda: _plain_text(details.plan, MAX_PLAN_LENGTH, "", "行程安排"))
    if errors:
        raise PreregistrationInvalid(errors)
    return Preregistration(
        name=name,
        document_type=details.document_type,
        document_number=number,
        phone=phone,
        plate=plate,
        origin_code=origin,
        destination_township=township,
        reason=reason,
        plan=plan,
    )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def encode_preregistration(
    details: Preregistration, signing_key: Ed25519PrivateKey, *, expires_at: datetime
) -> str:
    """The signed code text for `details` (already checked with `check_preregistration`).

    Raises ValueError if the text would not fit a scanner's payload (cannot happen within
    the field limits; kept as a guard for later fields).
    """
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public_raw = signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware")
    header = _HEADER.pack(FORMAT_VERSION, key_id(public_raw), int(expires_at.timestamp()))
    body = json.dumps(
        [
            details.name,
            _DOCUMENT_CODES[details.document_type],
            details.document_number,
            details.phone,
            details.plate,
            details.origin_code,
            details.destination_township,
            details.reason,
            details.plan,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    signature = signing_key.sign(SIGNING_CONTEXT + header + body)
    text = PREFIX + _b64url(header + body + signature)
    if len(text) > MAX_CODE_LENGTH:
        raise ValueError(f"pre-registration code of {len(text)} characters is too long")
    return text


def verify_preregistration(
    text: str, county_public_raw: bytes | None, *, now: datetime
) -> VerifiedPreregistration:
    """The details in `text` if the pinned county key signed them and they are still valid.

    Raises `PreregistrationRejected` (Chinese message) for a code that is malformed,
    from another key, tampered with, expired, or whose fields fail the form's checks.
    The signature is checked before anything in the code is believed.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if not text.startswith(PREFIX):
        raise PreregistrationRejected("不是预登记码")
    if county_public_raw is None:
        raise PreregistrationRejected("本机尚未注册到县平台，无法核验预登记码，请现场登记")
    encoded = text[len(PREFIX) :]
    if not _BASE64URL.fullmatch(encoded) or len(encoded) % 4 == 1:
        raise PreregistrationRejected("预登记码不完整或已损坏，请重新扫描")
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise PreregistrationRejected("预登记码不完整或已损坏，请重新扫描") from exc
    if len(raw) < _HEADER.size + _SIGNATURE_LENGTH + 2:
        raise PreregistrationRejected("预登记码不完整或已损坏，请重新扫描")
    signed, signature = raw[:-_SIGNATURE_LENGTH], raw[-_SIGNATURE_LENGTH:]
    version, code_key_id, expires_unix = _HEADER.unpack(signed[: _HEADER.size])
    if version != FORMAT_VERSION:
        raise PreregistrationRejected("预登记码版本不认识，请更新本机软件或现场登记")
    if code_key_id != key_id(county_public_raw):
        raise PreregistrationRejected("不是本县指挥部签发的预登记码，未填入，请现场登记")
    try:
        Ed25519PublicKey.from_public_bytes(county_public_raw).verify(
            signature, SIGNING_CONTEXT + signed
        )
    except (InvalidSignature, ValueError) as exc:
        raise PreregistrationRejected("预登记码签名无效，可能被篡改，未填入，请现场登记") from exc

    expires_at = datetime.fromtimestamp(expires_unix, UTC)
    if now >= expires_at:
        local = expires_at.astimezone(now.tzinfo).strftime("%m-%d %H:%M")
        raise PreregistrationRejected(f"预登记码已于 {local} 过期，请旅客重新填报或现场登记")
    try:
        fields = json.loads(signed[_HEADER.size :].decode("utf-8"))
        if not isinstance(fields, list) or len(fields) != _FIELDS:
            raise ValueError("wrong number of fields")
        if not all(isinstance(value, str) for value in fields):
            raise ValueError("a field is not text")
        details = Preregistration(
            name=fields[0],
            document_type=_DOCUMENT_TYPES[fields[1]],
            document_number=fields[2],
            phone=fields[3],
            plate=fields[4],
            origin_code=fields[5],
            destination_township=fields[6],
            reason=fields[7],
            plan=fields[8],
        )
    except (UnicodeDecodeError, ValueError, KeyError) as exc:
        # Signed by the county yet unreadable: a newer format this workstation predates.
        raise PreregistrationRejected("预登记码内容无法读取，请更新本机软件或现场登记") from exc
    try:
        checked = check_preregistration(details, today=now.date())
    except PreregistrationInvalid as exc:
        raise PreregistrationRejected(
            "预登记码内容有误（" + "；".join(exc.errors.values()) + "），未填入，请现场登记"
        ) from exc
    return VerifiedPreregistration(checked, expires_at, code_digest(signature))
