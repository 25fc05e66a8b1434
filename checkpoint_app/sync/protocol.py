"""The wire format shared by the workstation and the county server.

Three things cross the wire and must mean the same on both ends:

* a traveller record as JSON (`record_to_wire` / `record_from_wire`) with a content hash
  over canonical JSON, so "same UUID+version, different content" is detectable;
* the request signature: Ed25519 over method, path, body digest, device id and a
  per-device sequence number (the server refuses a sequence it has already seen);
* the documents the county signs with its Ed25519 key (policy pack, watch list), one
  envelope type with a domain string per kind inside what is signed.

Nothing here does I/O; both ends call these functions on bytes they already hold.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from checkpoint_app.records.model import (
    CodeColour,
    Disposition,
    DocumentType,
    FieldSource,
    NatResult,
    TravellerRecord,
)
from checkpoint_app.records.pledge import NO_PLEDGE, Pledge, PledgeMethod
from checkpoint_app.records.validation import (
    ValidationError,
    check_record,
)

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"
ENROLL_PATH = f"{API_PREFIX}/enroll"
RECORDS_PATH = f"{API_PREFIX}/records"
POLICY_PATH = f"{API_PREFIX}/policy"
HEALTH_PATH = "/healthz"

HEADER_DEVICE = "X-Checkpoint-Device"
HEADER_SEQUENCE = "X-Checkpoint-Sequence"
HEADER_SIGNATURE = "X-Checkpoint-Signature"
# The county signs its answers too: without it anyone on the path could answer "accepted"
# and the workstation would mark records synced that never reached the county.
HEADER_COUNTY_SIGNATURE = "X-County-Signature"

# Per-record answers of POST /records.
ACCEPTED = "accepted"
ALREADY_HAD = "already_had"
CONFLICT = "conflict"
RECORD_STATUSES = frozenset({ACCEPTED, ALREADY_HAD, CONFLICT})

# Machine-readable reasons in error bodies ({"error": reason, "message": 中文}).
ERROR_UNSIGNED = "unsigned"
ERROR_UNKNOWN_DEVICE = "unknown_device"
ERROR_BAD_SIGNATURE = "bad_signature"
ERROR_REPLAY = "replay"
ERROR_REVOKED = "revoked"
ERROR_BAD_CODE = "bad_code"
ERROR_BAD_REQUEST = "bad_request"

MAX_BATCH = 1000


class WireFormatError(ValueError):
    """Bytes or JSON that do not follow the wire format; `message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------- helpers


def canonical_json(value: Any) -> bytes:
    """The one byte form of a JSON value that both ends hash and sign.

    Sorted keys, no spaces, UTF-8 and no NaN/Infinity (which are not JSON).
    """
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


# Integers the county's columns and both ends' SQLite can hold (BIGINT); a record version
# and a device's waiting count must also fit a 32-bit INTEGER column (PostgreSQL),
# checked where they are read.
_INT64 = range(-(2**63), 2**63)
MAX_INT32 = 2**31 - 1
MAX_RECORD_VERSION = MAX_INT32
MAX_TOWNSHIP_CHARS = 100


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity
        raise ValueError("number out of range")
    return value


def _int64(text: str) -> int:
    value = int(text)  # ValueError past 4,300 digits
    if value not in _INT64:
        raise ValueError("integer out of range")
    return value


def _refuse_lone_surrogates(value: Any, refusal: str) -> None:
    # Iterative: the nesting json.loads accepted can be deeper than a recursive walk's stack.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:  # a "\ud800" escape: no UTF-8, no SQL row
                raise WireFormatError(refusal) from None


def load_json(data: bytes, refusal: str) -> Any:
    """JSON that someone else made, as values both ends can hash, sign and store.

    Raises WireFormatError(refusal) instead of ValueError, RecursionError or a later
    UnicodeEncodeError: bytes that are not UTF-8 JSON, nesting deeper than Python's stack,
    NaN and Infinity, a float too large to be finite, an integer outside 64 bits, and a
    lone surrogate escape in any string or key.
    """
    try:
        value = json.loads(
            data.decode("utf-8"),
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_int64,
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise WireFormatError(refusal) from exc
    _refuse_lone_surrogates(value, refusal)
    return value


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    """Strict base64; raises WireFormatError on anything else."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError) as exc:
        raise WireFormatError("签名或密钥格式不正确") from exc


def public_key_bytes(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The raw 32 bytes of an Ed25519 public key (of a private key's public half)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def load_public_key(raw: bytes) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise WireFormatError("公钥格式不正确") from exc


def key_fingerprint(raw_public_key: bytes) -> str:
    """A short fingerprint people can compare by reading it aloud (16 hex digits in 4 groups)."""
    digest = hashlib.sha256(raw_public_key).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def format_time(moment: datetime) -> str:
    """Aware datetime → ISO 8601 in UTC with microseconds (one spelling per instant)."""
    if moment.tzinfo is None:
        raise WireFormatError("时间缺少时区")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(text: object, field_name: str) -> datetime:
    if not isinstance(text, str):
        raise WireFormatError(f"字段 {field_name} 应为时间")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise WireFormatError(f"字段 {field_name} 不是有效时间") from exc
    if moment.tzinfo is None:
        raise WireFormatError(f"字段 {field_name} 缺少时区")
    return moment.astimezone(UTC)


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class WireRecord:
    """One record version as received: the value, the flags shown at the check, its hash."""

    record: TravellerRecord
    fever: bool
    nat_expired: bool
    wire: Mapping[str, Any]
    content_hash: str
    report: bool = False


_TEXT_FIELDS = (
    "document_number",
    "name",
    "phone",
    "plate",
    "origin_code",
    "origin_name",
    "destination_township",
    "reason",
    "health_payload",
    "health_issuer",
    "override_reason",
    "notes",
)
_WIRE_FIELDS = frozenset(
    {
        *_TEXT_FIELDS,
        "uuid",
        "version",
        "checked_at",
        "disposition",
        "document_type",
        "vehicle_id",
        "temperature",
        "health_colour",
        "travel_colour",
        "travel_cities",
        "nat_result",
        "nat_sampled_at",
        "vaccine_doses",
        "sources",
        "shift_id",
        "staff_id",
        "fever",
        "nat_expired",
    }
)
# Sent only when true or non-empty (see record_to_wire); a county from before them
# refuses them.
_OPTIONAL_WIRE_FIELDS = frozenset({"report", "destination_address", "pledge"})
_PLEDGE_FIELDS = frozenset({"method", "version", "at", "slip", "strokes"})


def record_to_wire(
    record: TravellerRecord,
    *,
    fever: bool = False,
    nat_expired: bool = False,
    report: bool = False,
) -> dict[str, Any]:
    """Every field of `record` as JSON-ready values: ISO UTC times, enums as their codes.

    `fever` and `nat_expired` are what the worker was shown under the thresholds then in
    force; they travel with the record because the county must not recompute history.
    `report` (the policy asked for the traveller to be reported) is sent only when true,
    so the content hash of every record without it is what it always was; so is the
    optional destination address, sent only when one was given.
    """
    if record.temperature is not None and not math.isfinite(record.temperature):
        raise WireFormatError("体温不是有效数值")
    wire: dict[str, Any] = {
        "uuid": record.uuid,
        "version": record.version,
        "checked_at": format_time(record.checked_at),
        "disposition": record.disposition.value,
        "document_type": record.document_type.value,
        "document_number": record.document_number,
        "name": record.name,
        "phone": record.phone,
        "plate": record.plate,
        "vehicle_id": record.vehicle_id,
        "origin_code": record.origin_code,
        "origin_name": record.origin_name,
        "destination_township": record.destination_township,
        "reason": record.reason,
        "temperature": record.temperature,
        "health_colour": record.health_colour.value,
        "health_payload": record.health_payload,
        "health_issuer": record.health_issuer,
        "travel_colour": record.travel_colour.value,
        "travel_cities": list(record.travel_cities),
        "nat_result": record.nat_result.value,
        "nat_sampled_at": (
            format_time(record.nat_sampled_at) if record.nat_sampled_at is not None else None
        ),
        "vaccine_doses": record.vaccine_doses,
        "override_reason": record.override_reason,
        "notes": record.notes,
        "sources": {key: source.value for key, source in sorted(record.sources.items())},
        "shift_id": record.shift_id,
        "staff_id": record.staff_id,
        "fever": bool(fever),
        "nat_expired": bool(nat_expired),
    }
    if report:
        wire["report"] = True
    if record.destination_address:
        wire["destination_address"] = record.destination_address
    if record.pledge.recorded:
        wire["pledge"] = _pledge_to_wire(record.pledge)
    return wire


def _pledge_to_wire(pledge: Pledge) -> dict[str, Any]:
    # The strokes go too: a signature is the county's evidence, and they are bounded.
    out: dict[str, Any] = {
        "method": pledge.method.value,
        "version": pledge.version,
        "at": format_time(pledge.at) if pledge.at is not None else None,
    }
    if pledge.slip is not None:
        out["slip"] = pledge.slip
    if pledge.strokes:
        out["strokes"] = pledge.strokes
    return out


def _pledge_from_wire(data: object) -> Pledge:
    """The pledge in a wire record (sent only when one was recorded)."""
    if not isinstance(data, Mapping):
        raise WireFormatError("字段 pledge 应为对象")
    unknown = set(data) - _PLEDGE_FIELDS
    if unknown:
        raise WireFormatError(f"承诺书含有未知字段：{', '.join(sorted(map(str, unknown)))}")
    method = data.get("method")
    try:
        parsed = PledgeMethod(method) if isinstance(method, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed is PledgeMethod.NONE:
        raise WireFormatError(f"承诺书签署方式 {method!r} 不认识")
    strokes = data.get("strokes", "")
    if not isinstance(strokes, str):
        raise WireFormatError("字段 pledge.strokes 应为文本")
    at = data.get("at")
    return Pledge(
        method=parsed,
        version=_optional_int(data, "version"),
        at=None if at is None else parse_time(at, "pledge.at"),
        slip=_optional_int(data, "slip"),
        strokes=strokes,
    )


def content_hash(wire: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of a wire record: equal content ⇔ equal hash."""
    return sha256_hex(canonical_json(dict(wire)))


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise WireFormatError(f"字段 {key} 应为文本")
    return value


def _optional_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise WireFormatError(f"字段 {key} 应为整数")
    return value


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise WireFormatError(f"字段 {key} 应为是/否")
    return value


_E = TypeVar("_E", Disposition, DocumentType, CodeColour, NatResult, FieldSource)


def _enum(kind: type[_E], value: object, key: str) -> _E:
    if not isinstance(value, str):
        raise WireFormatError(f"字段 {key} 应为文本")
    try:
        return kind(value)
    except ValueError as exc:
        raise WireFormatError(f"字段 {key} 的取值 {value!r} 不认识") from exc


def record_from_wire(data: object) -> TravellerRecord:
    """The record in a wire dict; raises WireFormatError (Chinese) on anything malformed."""
    return parse_wire_record(data).record


def parse_wire_record(data: object) -> WireRecord:
    """Validate a wire dict strictly and return the record, its flags and its content hash.

    The hash is computed over the normalised form (what `record_to_wire` makes of the
    parsed record), so two spellings of the same content hash alike.
    """
    if not isinstance(data, Mapping):
        raise WireFormatError("记录应为 JSON 对象")
    unknown = set(data) - _WIRE_FIELDS - _OPTIONAL_WIRE_FIELDS
    missing = _WIRE_FIELDS - set(data)
    if missing:
        raise WireFormatError(f"记录缺少字段：{', '.join(sorted(missing))}")
    if unknown:
        raise WireFormatError(f"记录含有未知字段：{', '.join(sorted(unknown))}")
    version = _optional_int(data, "version")
    if version is None or not 1 <= version <= MAX_RECORD_VERSION:
        raise WireFormatError("记录版本号应为正整数")
    uuid = _text(data, "uuid")
    if not 1 <= len(uuid) <= 64:
        raise WireFormatError("记录编号格式不正确")
    temperature = data.get("temperature")
    if temperature is not None:
        if isinstance(temperature, bool) or not isinstance(temperature, int | float):
            raise WireFormatError("字段 temperature 应为数值")
        temperature = float(temperature)
        if not math.isfinite(temperature):
            raise WireFormatError("体温不是有效数值")
    cities = data.get("travel_cities")
    if not isinstance(cities, list) or not all(isinstance(c, str) for c in cities):
        raise WireFormatError("字段 travel_cities 应为文本列表")
    sources = data.get("sources")
    if not isinstance(sources, Mapping) or not all(isinstance(k, str) for k in sources):
        raise WireFormatError("字段 sources 应为对象")
    vehicle_id = data.get("vehicle_id")
    if vehicle_id is not None and not isinstance(vehicle_id, str):
        raise WireFormatError("字段 vehicle_id 应为文本")
    nat_sampled = data.get("nat_sampled_at")
    texts = {key: _text(data, key) for key in _TEXT_FIELDS}
    if "destination_address" in data:
        texts["destination_address"] = _text(data, "destination_address")
    if len(texts["destination_township"]) > MAX_TOWNSHIP_CHARS:
        # The county keeps it in a column of its own (VARCHAR(100) on PostgreSQL).
        raise WireFormatError(f"目的乡镇最多{MAX_TOWNSHIP_CHARS}个字")
    record = TravellerRecord(
        uuid=uuid,
        version=version,
        checked_at=parse_time(data.get("checked_at"), "checked_at"),
        disposition=_enum(Disposition, data.get("disposition"), "disposition"),
        document_type=_enum(DocumentType, data.get("document_type"), "document_type"),
        vehicle_id=vehicle_id,
        temperature=temperature,
        health_colour=_enum(CodeColour, data.get("health_colour"), "health_colour"),
        travel_colour=_enum(CodeColour, data.get("travel_colour"), "travel_colour"),
        travel_cities=tuple(cities),
        nat_result=_enum(NatResult, data.get("nat_result"), "nat_result"),
        nat_sampled_at=(None if nat_sampled is None else parse_time(nat_sampled, "nat_sampled_at")),
        vaccine_doses=_optional_int(data, "vaccine_doses"),
        sources={k: _enum(FieldSource, v, "sources") for k, v in sources.items()},
        shift_id=_optional_int(data, "shift_id"),
        staff_id=_optional_int(data, "staff_id"),
        pledge=_pledge_from_wire(data["pledge"]) if "pledge" in data else NO_PLEDGE,
        **texts,
    )
    try:
        # The same rules as the form's: a device (or anyone holding its key) must not
        # put on the county's screens what a worker could not type at the checkpoint.
        check_record(record)
    except ValidationError as exc:
        raise WireFormatError(exc.message) from None
    fever = _bool(data, "fever")
    nat_expired = _bool(data, "nat_expired")
    report = _bool(data, "report") if "report" in data else False
    normal = record_to_wire(record, fever=fever, nat_expired=nat_expired, report=report)
    try:
        digest = content_hash(normal)
    except ValueError as exc:  # a lone surrogate (a JSON "\ud800" escape) has no UTF-8
        raise WireFormatError("记录含有无法保存的字符") from exc
    return WireRecord(record, fever, nat_expired, normal, digest, report)


# ---------------------------------------------------------------------------- requests


def request_signing_bytes(
    method: str, path: str, body: bytes, device_id: str, sequence: int
) -> bytes:
    """What a device signs for one request. The path excludes the host so proxies may differ."""
    return "\n".join(
        [
            f"checkpoint-app/{PROTOCOL_VERSION} request",
            method.upper(),
            path,
            sha256_hex(body),
            device_id,
            str(sequence),
        ]
    ).encode("utf-8")


def response_signing_bytes(status: int, body: bytes, device_id: str, sequence: int) -> bytes:
    """What the county signs for its answer to one request (bound to that request's sequence)."""
    return "\n".join(
        [
            f"checkpoint-app/{PROTOCOL_VERSION} response",
            str(status),
            sha256_hex(body),
            device_id,
            str(sequence),
        ]
    ).encode("utf-8")


def sign_request(
    key: Ed25519PrivateKey, method: str, path: str, body: bytes, device_id: str, sequence: int
) -> dict[str, str]:
    """The authentication headers of one request."""
    signature = key.sign(request_signing_bytes(method, path, body, device_id, sequence))
    return {
        HEADER_DEVICE: device_id,
        HEADER_SEQUENCE: str(sequence),
        HEADER_SIGNATURE: b64encode(signature),
    }


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """The authentication headers of a request, parsed but not yet verified."""

    device_id: str
    sequence: int
    signature: bytes


def parse_request_headers(headers: Mapping[str, str]) -> SignedRequest | None:
    """The signature headers, or None when any is missing or malformed (an unsigned request)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    device_id = lowered.get(HEADER_DEVICE.lower(), "")
    sequence_text = lowered.get(HEADER_SEQUENCE.lower(), "")
    signature_text = lowered.get(HEADER_SIGNATURE.lower(), "")
    if not device_id or not sequence_text.isdigit() or not signature_text:
        return None
    try:
        signature = b64decode(signature_text)
    except WireFormatError:
        return None
    if len(signature) != 64 or len(device_id) > 64 or len(sequence_text) > 18:
        return None
    return SignedRequest(device_id, int(sequence_text), signature)


def verify_signature(public_key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    try:
        public_key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def _signed_form(value: Mapping[str, Any], refusal: str) -> bytes:
    """The canonical bytes a signature covers; WireFormatError(refusal) for JSON that has
    none (NaN, lone surrogates, nesting too deep to encode), which nobody can have signed."""
    try:
        return canonical_json(value)
    except (ValueError, RecursionError) as exc:
        raise WireFormatError(refusal) from exc


# ------------------------------------------------------------- county-signed documents

WATCHLIST_PATH = f"{API_PREFIX}/watchlist"
SITES_PATH = f"{API_PREFIX}/sites"
TRANSFERS_PATH = f"{API_PREFIX}/transfers"
TRANSFER_RECEIPTS_PATH = f"{API_PREFIX}/transfers/receipts"


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """One kind of document the county signs: its name on the wire and in the signature.

    The signature covers `domain` followed by the canonical body, so a signature made for
    one kind never verifies as another although all come from the same county key.
    """

    name: str  # the envelope's "kind", e.g. "watch_list"
    body_key: str  # where the body sits in the envelope ("pack", "list", …)
    label: str  # Chinese, for refusals: "防控策略包"

    @property
    def domain(self) -> bytes:
        return f"checkpoint-app/{PROTOCOL_VERSION} {self.name.replace('_', '-')}\n".encode()


POLICY_PACK = DocumentKind("policy_pack", "pack", "防控策略包")
WATCH_LIST = DocumentKind("watch_list", "list", "重点人员名单")
SITE_LIST = DocumentKind("site_list", "sites", "接收点名单")


@dataclass(frozen=True, slots=True)
class SignedDocument:
    """A verified county document. `envelope` is the signed bytes, kept to re-verify or
    re-export; `content` is parsed by the package that owns the kind (policy, watchlist)."""

    version: int
    published_at: datetime
    content: Mapping[str, Any]
    envelope: bytes


# The names the rest of the code reads best with; one type underneath.
PolicyPack = SignedDocument
WatchListPack = SignedDocument


def sign_document(
    key: Ed25519PrivateKey,
    kind: DocumentKind,
    *,
    version: int,
    published_at: datetime,
    content: Mapping[str, Any],
) -> bytes:
    """The signed envelope of a county document, as bytes ready to serve or write to a file."""
    if version < 1:
        raise ValueError(f"{kind.name} version must be positive")
    body = {"version": version, "published_at": format_time(published_at), "content": content}
    envelope = {
        "format": PROTOCOL_VERSION,
        "kind": kind.name,
        kind.body_key: body,
        "signature": b64encode(key.sign(kind.domain + canonical_json(body))),
    }
    return canonical_json(envelope)


def verify_document(
    public_key: Ed25519PublicKey, kind: DocumentKind, envelope: bytes
) -> SignedDocument:
    """The document in `envelope` if the county's key signed it as `kind`; WireFormatError
    (Chinese) if not. Parsed with the hardened loader: hostile JSON is refused in words."""
    data = load_json(envelope, f"{kind.label}不是有效的 JSON")
    if not isinstance(data, dict) or data.get("format") != PROTOCOL_VERSION:
        raise WireFormatError(f"{kind.label}格式不认识")
    # Policy packs published before documents carried a kind were signed without a domain;
    # those bytes still verify, as a policy pack only. Every domain-separated signature
    # covers bytes starting "checkpoint-app/", never "{", so neither passes for the other.
    legacy = kind is POLICY_PACK and "kind" not in data
    if not legacy and data.get("kind") != kind.name:
        raise WireFormatError(f"{kind.label}格式不认识")
    body = data.get(kind.body_key)
    signature_text = data.get("signature")
    if not isinstance(body, dict) or not isinstance(signature_text, str):
        raise WireFormatError(f"{kind.label}缺少内容或签名")
    refusal = f"{kind.label}签名无效，不是县指挥部发布的"
    signed = (b"" if legacy else kind.domain) + _signed_form(body, refusal)
    if not verify_signature(public_key, b64decode(signature_text), signed):
        raise WireFormatError(refusal)
    version = body.get("version")
    content = body.get("content")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise WireFormatError(f"{kind.label}版本号不正确")
    if not isinstance(content, dict):
        raise WireFormatError(f"{kind.label}内容不正确")
    published_at = parse_time(body.get("published_at"), "published_at")
    return SignedDocument(version, published_at, content, envelope)


def sign_policy_pack(
    key: Ed25519PrivateKey, *, version: int, published_at: datetime, content: Mapping[str, Any]
) -> bytes:
    return sign_document(
        key, POLICY_PACK, version=version, published_at=published_at, content=content
    )


def verify_policy_pack(public_key: Ed25519PublicKey, envelope: bytes) -> SignedDocument:
    return verify_document(public_key, POLICY_PACK, envelope)


def sign_watch_list(
    key: Ed25519PrivateKey, *, version: int, published_at: datetime, content: Mapping[str, Any]
) -> bytes:
    return sign_document(
        key, WATCH_LIST, version=version, published_at=published_at, content=content
    )


def verify_watch_list(public_key: Ed25519PublicKey, envelope: bytes) -> SignedDocument:
    return verify_document(public_key, WATCH_LIST, envelope)
