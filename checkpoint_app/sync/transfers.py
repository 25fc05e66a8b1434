"""Transfers on the wire: the county-signed list of receiving sites, the transfers a
checkpoint pushes, and the receipts the sites confirmed coming back.

The wire format (the parse functions) is shared with the county; the three calls below it
are the workstation's, on a worker thread with that thread's own connection. As for
records, a transfer is marked pushed only for the codes the county acknowledged in an
answer signed with its pinned key (`signed_call` checks it); receipts and the site list
are believed only from such answers, and the site list only with the county's document
signature as well, so an old list stays in use when a new one is unsigned or tampered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from checkpoint_app.records.transfers import (
    MAX_ESCORT_NAME_CHARS,
    MAX_RECEIPT_NOTE_CHARS,
    MAX_SITE_NAME_CHARS,
    ReceiptOutcome,
    Site,
    SiteKind,
    normalise_transfer_code,
)
from checkpoint_app.records.validation import (
    ValidationError,
    check_free_text,
    check_phone,
    check_plate,
)
from checkpoint_app.storage import transfers as stored
from checkpoint_app.sync.client import (
    ConnectionInfo,
    FailureKind,
    PullStatus,
    SyncFailure,
    fetch_signed_document,
    http_client,
    never_cancelled,
    signed_call,
)
from checkpoint_app.sync.protocol import (
    ACCEPTED,
    ALREADY_HAD,
    CONFLICT,
    MAX_INT32,
    SITE_LIST,
    SITES_PATH,
    TRANSFER_RECEIPTS_PATH,
    TRANSFERS_PATH,
    WireFormatError,
    canonical_json,
    format_time,
    load_json,
    parse_time,
    verify_document,
)
from checkpoint_app.sync.protocol import (
    SignedDocument as SiteListPack,
)

#: A transfer the county cannot take (a site it never had): kept at the checkpoint with why.
REFUSED = "refused"
TRANSFER_STATUSES = frozenset({ACCEPTED, ALREADY_HAD, CONFLICT, REFUSED})
MAX_TRANSFER_BATCH = 500
MAX_SITES = 2000
MAX_CAPACITY = 100_000

# ---------------------------------------------------------------------------- wire format


@dataclass(frozen=True, slots=True)
class WireTransfer:
    """One transfer as pushed: what the checkpoint wrote down when the car left."""

    code: str
    record_uuid: str
    site_id: int
    site_name: str
    plate: str
    escort_name: str
    escort_phone: str
    departed_at: datetime

    def to_wire(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "record_uuid": self.record_uuid,
            "site_id": self.site_id,
            "site_name": self.site_name,
            "plate": self.plate,
            "escort_name": self.escort_name,
            "escort_phone": self.escort_phone,
            "departed_at": format_time(self.departed_at),
        }


_TRANSFER_FIELDS = frozenset(f.name for f in fields(WireTransfer))


def _int(value: object, label: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise WireFormatError(f"{label}应为 {low}–{high} 的整数")
    return value


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise WireFormatError(f"字段 {key} 应为文本")
    return value


def parse_wire_transfer(data: object) -> WireTransfer:
    """A pushed transfer checked with the dialog's own rules; WireFormatError (Chinese)."""
    if not isinstance(data, Mapping) or set(data) != _TRANSFER_FIELDS:
        raise WireFormatError("转运记录格式不对")
    code = normalise_transfer_code(_str(data, "code"))
    if code is None or code != data["code"]:
        raise WireFormatError("转运码格式不对")
    uuid = _str(data, "record_uuid")
    if not 1 <= len(uuid) <= 64:
        raise WireFormatError("记录编号格式不正确")
    try:
        plate = check_plate(_str(data, "plate"))
        phone = check_phone(_str(data, "escort_phone"))
        escort = check_free_text(
            _str(data, "escort_name"), "护送人员", max_chars=MAX_ESCORT_NAME_CHARS
        )
        site_name = check_free_text(
            _str(data, "site_name"), "接收点", max_chars=MAX_SITE_NAME_CHARS
        )
    except ValidationError as exc:
        raise WireFormatError(exc.message) from None
    if not escort or not site_name:
        raise WireFormatError("转运记录缺少护送人员或接收点")
    return WireTransfer(
        code=code,
        record_uuid=uuid,
        site_id=_int(data["site_id"], "接收点编号", 1, MAX_INT32),
        site_name=site_name,
        plate=plate,
        escort_name=escort,
        escort_phone=phone,
        departed_at=parse_time(data["departed_at"], "departed_at"),
    )


@dataclass(frozen=True, slots=True)
class WireReceipt:
    """What a site confirmed about one transfer."""

    code: str
    received_at: datetime
    outcome: ReceiptOutcome
    note: str

    def to_wire(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "received_at": format_time(self.received_at),
            "outcome": self.outcome.value,
            "note": self.note,
        }


def parse_receipt(data: object) -> WireReceipt:
    if not isinstance(data, Mapping):
        raise WireFormatError("回执格式不对")
    code = normalise_transfer_code(_str(data, "code"))
    note = _str(data, "note")
    try:
        outcome = ReceiptOutcome(_str(data, "outcome"))
        note = check_free_text(note, "回执备注", max_chars=MAX_RECEIPT_NOTE_CHARS)
    except (ValueError, ValidationError) as exc:
        raise WireFormatError("回执格式不对") from exc
    if code is None:
        raise WireFormatError("回执的转运码格式不对")
    return WireReceipt(code, parse_time(data.get("received_at"), "received_at"), outcome, note)


def site_list_content(sites: list[Site] | tuple[Site, ...]) -> dict[str, Any]:
    """The content of a signed site list (the county signs it with SITE_LIST)."""
    return {
        "sites": [
            {
                "id": s.id,
                "name": s.name,
                "kind": s.kind.value,
                "township": s.township,
                "capacity": s.capacity,
            }
            for s in sites
        ]
    }


def parse_site_list(content: Mapping[str, Any]) -> tuple[Site, ...]:
    """The sites in a verified list's content; WireFormatError (Chinese) if malformed."""
    raw = content.get("sites")
    if not isinstance(raw, list) or len(raw) > MAX_SITES:
        raise WireFormatError("接收点名单内容不正确")
    sites = []
    seen: set[int] = set()
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise WireFormatError("接收点名单内容不正确")
        try:
            kind = SiteKind(_str(entry, "kind"))
            name = check_free_text(_str(entry, "name"), "接收点", max_chars=MAX_SITE_NAME_CHARS)
            township = check_free_text(_str(entry, "township"), "乡镇", max_chars=100)
        except (ValueError, ValidationError) as exc:
            raise WireFormatError("接收点名单内容不正确") from exc
        site_id = _int(entry.get("id"), "接收点编号", 1, MAX_INT32)
        capacity = _int(entry.get("capacity"), "接收点容量", 0, MAX_CAPACITY)
        if not name or site_id in seen:
            raise WireFormatError("接收点名单内容不正确")
        seen.add(site_id)
        sites.append(Site(site_id, name, kind, township, capacity))
    return tuple(sites)


def verify_site_list(public_key: Any, envelope: bytes) -> SiteListPack:
    """The site list in `envelope` if the county signed it, with content that parses."""
    pack = verify_document(public_key, SITE_LIST, envelope)
    parse_site_list(pack.content)
    return pack


# ---------------------------------------------------------------------------- site list


@dataclass(frozen=True, slots=True)
class SiteListReport:
    """The outcome of a site-list pull and the version in use afterwards."""

    status: PullStatus
    version: int | None = None
    message: str = ""
    failure: SyncFailure | None = None


def pull_site_list(
    db: Database,
    conn: ConnectionInfo,
    *,
    is_cancelled: Callable[[], bool] = never_cancelled,
) -> SiteListReport:
    """Fetch the county's receiving sites (ETag), verify signature and content, store them.

    An unsigned, tampered, malformed or older list is refused and the one in use stays.
    """

    def in_use(
        status: PullStatus, message: str = "", failure: SyncFailure | None = None
    ) -> SiteListReport:
        current = stored.current_site_list(db)
        return SiteListReport(status, current.version if current else None, message, failure)

    if is_cancelled():
        return in_use(PullStatus.UNCHANGED)
    result = fetch_signed_document(conn, SITES_PATH, stored.site_list_etag(db))
    if isinstance(result, SyncFailure):
        return in_use(PullStatus.FAILED, result.message, result)
    if result.status is not PullStatus.APPLIED:  # 304 or 204
        return in_use(result.status)
    try:
        pack = verify_site_list(conn.county_signing_key, result.envelope)
    except WireFormatError as exc:
        return in_use(PullStatus.REFUSED, f"{exc.message}，继续使用原名单")
    applied = stored.store_site_list(
        db,
        version=pack.version,
        published_at=pack.published_at,
        content=pack.content,
        envelope=pack.envelope,
        etag=result.etag,
    )
    if applied:
        return in_use(PullStatus.APPLIED, f"已更新接收点名单（第 {pack.version} 版）")
    return in_use(PullStatus.UNCHANGED)


# ---------------------------------------------------------------------------- push


@dataclass(frozen=True, slots=True)
class TransferPushReport:
    accepted: int = 0
    already_had: int = 0
    refused: int = 0
    remaining: int = 0
    failure: SyncFailure | None = None


def push_transfers(db: Database, conn: ConnectionInfo) -> TransferPushReport:
    """Send the transfers the county has not acknowledged; mark those it did."""
    accepted = already_had = refused = 0
    failure: SyncFailure | None = None
    done: set[str] = set()
    with http_client(conn.server_url, conn.ca_file, conn.timeout) as http:
        while True:
            batch = [
                t
                for t in stored.unpushed_transfers(db, limit=MAX_TRANSFER_BATCH + len(done))
                if t.code not in done
            ][:MAX_TRANSFER_BATCH]
            if not batch:
                break
            done.update(t.code for t in batch)
            body = canonical_json({"transfers": [_wire(t).to_wire() for t in batch]})
            result = signed_call(http, conn, "POST", TRANSFERS_PATH, body)
            if isinstance(result, SyncFailure):
                failure = result
                break
            answers = _answers(result.content)
            if answers is None:
                failure = SyncFailure(FailureKind.PROTOCOL, "县服务器的应答格式不对")
                break
            with db.atomic():
                acknowledged = []
                for t in batch:
                    status, message = answers.get(t.code, ("", ""))
                    if status in (ACCEPTED, ALREADY_HAD):
                        acknowledged.append(t.code)
                        accepted += status == ACCEPTED
                        already_had += status == ALREADY_HAD
                    else:
                        refused += status in (CONFLICT, REFUSED)
                        stored.note_push_error(db, [t.code], message or "县服务器未确认")
                stored.mark_pushed(db, acknowledged)
    return TransferPushReport(accepted, already_had, refused, stored.unpushed_count(db), failure)


def _wire(t: stored.StoredTransfer) -> WireTransfer:
    return WireTransfer(
        t.code,
        t.record_uuid,
        t.site_id,
        t.site_name,
        t.plate,
        t.escort_name,
        t.escort_phone,
        t.departed_at,
    )


def _answers(content: bytes) -> dict[str, tuple[str, str]] | None:
    try:
        data = load_json(content, "应答格式不对")
    except WireFormatError:
        return None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        return None
    answers: dict[str, tuple[str, str]] = {}
    for entry in results:
        if not isinstance(entry, dict):
            return None
        code, status = entry.get("code"), entry.get("status")
        if isinstance(code, str) and isinstance(status, str) and status in TRANSFER_STATUSES:
            answers[code] = (status, str(entry.get("message", ""))[:200])
    return answers


# ---------------------------------------------------------------------------- receipts


@dataclass(frozen=True, slots=True)
class ReceiptReport:
    """Receipts newly seen on this pull: arrived, and reported 未到."""

    arrived: int = 0
    missing: int = 0
    awaiting: int = 0
    failure: SyncFailure | None = None


def pull_receipts(db: Database, conn: ConnectionInfo) -> ReceiptReport:
    """Fetch the sites' receipts for this device's transfers and note the new ones."""
    with http_client(conn.server_url, conn.ca_file, conn.timeout) as http:
        result = signed_call(http, conn, "GET", TRANSFER_RECEIPTS_PATH)
    if isinstance(result, SyncFailure):
        return ReceiptReport(awaiting=stored.awaiting_receipt_count(db), failure=result)
    try:
        data = load_json(result.content, "回执格式不对")
        raw = data.get("receipts") if isinstance(data, dict) else None
        if not isinstance(raw, list):
            raise WireFormatError("回执格式不对")
        receipts = [parse_receipt(r) for r in raw]
    except WireFormatError as exc:
        failure = SyncFailure(FailureKind.PROTOCOL, exc.message)
        return ReceiptReport(awaiting=stored.awaiting_receipt_count(db), failure=failure)
    arrived = missing = 0
    with db.atomic():
        for r in receipts:
            if stored.apply_receipt(
                db, r.code, received_at=r.received_at, outcome=r.outcome, note=r.note
            ):
                arrived += r.outcome is ReceiptOutcome.RECEIVED
                missing += r.outcome is ReceiptOutcome.MISSING
    return ReceiptReport(arrived, missing, stored.awaiting_receipt_count(db))


__all__ = [
    "ReceiptReport",
    "SiteListReport",
    "TransferPushReport",
    "WireReceipt",
    "WireTransfer",
    "parse_receipt",
    "parse_site_list",
    "parse_wire_transfer",
    "pull_receipts",
    "pull_site_list",
    "push_transfers",
    "site_list_content",
    "verify_site_list",
]
