"""Closed-loop transfers at the county: receiving sites, their signed list, the transfers
checkpoints push, and the receipts site staff confirm.

A site (集中隔离点, 发热门诊, 乡镇接回) is added by the county command (`checkpoint-county
site add`); its list is signed with the county key like the watch list, a new version
only when the active sites changed. Checkpoints push a transfer per person sent; the
site's staff confirm the arrival at /site/receive with the transfer code (site_pages.py),
and the checkpoint reads the receipt back on its next sync. A transfer not received
within TRANSFER_OVERDUE_HOURS is overdue (超时) on the dashboard.

The site may scan the QR code of the 闭环转运单 instead of typing the code (a USB scanner
types the code's text into the page's field): the text is the paper's signed code, which
carries the transfer code; its signature is checked with the key the device enrolled with,
and a slip printed by another device than the one that pushed the transfer is refused.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, and_, func, select, update

from checkpoint_app.county import reports
from checkpoint_app.county.roles import audit
from checkpoint_app.county.store import (
    CountyError,
    CountyStore,
    checkpoints,
    records,
    site_lists,
    sites,
    storage_errors,
    transfers,
)
from checkpoint_app.records.masking import mask_name, mask_phone
from checkpoint_app.records.transfers import (
    MAX_RECEIPT_NOTE_CHARS,
    MAX_SITE_NAME_CHARS,
    ReceiptOutcome,
    Site,
    SiteKind,
    format_transfer_code,
    normalise_transfer_code,
)
from checkpoint_app.records.validation import CLOCK_SKEW, ValidationError, check_free_text
from checkpoint_app.reports.papers import (
    PaperCodeError,
    PaperKind,
    is_paper_code,
    read_paper_code,
    verify_paper_code,
)
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.sync.protocol import (
    ACCEPTED,
    ALREADY_HAD,
    CONFLICT,
    SITE_LIST,
    canonical_json,
    format_time,
    sha256_hex,
    sign_document,
)
from checkpoint_app.sync.transfers import (
    MAX_CAPACITY,
    REFUSED,
    WireReceipt,
    WireTransfer,
    parse_site_list,
    site_list_content,
)

#: Hours after which a transfer not yet received is shown as overdue (超时).
TRANSFER_OVERDUE_HOURS = 3.0
OVERDUE_HOURS_ENV = "CHECKPOINT_TRANSFER_OVERDUE_HOURS"
#: Receipts a checkpoint reads back: those of its transfers that left in the last days.
RECEIPT_DAYS = 14
#: The days a received person is counted against a site's capacity (a quarantine period);
#: the county records no discharges, so this is the estimate of who is still there.
STAY_DAYS = 14


def overdue_hours() -> float:
    """TRANSFER_OVERDUE_HOURS, or the county's own figure from CHECKPOINT_TRANSFER_OVERDUE_HOURS."""
    text = os.environ.get(OVERDUE_HOURS_ENV, "").strip()
    try:
        hours = float(text) if text else TRANSFER_OVERDUE_HOURS
    except ValueError:
        return TRANSFER_OVERDUE_HOURS
    return hours if 0 < hours <= 72 else TRANSFER_OVERDUE_HOURS


# ---------------------------------------------------------------------------- sites


@dataclass(frozen=True, slots=True)
class SiteRow:
    site: Site
    active: bool


def add_site(
    store: CountyStore, name: str, kind: SiteKind, township: str, capacity: int, *, by: str
) -> Site:
    """Name a receiving site (audited); workstations receive it on their next sync."""
    try:
        name = check_free_text(name, "接收点名称", max_chars=MAX_SITE_NAME_CHARS)
        township = check_free_text(township, "乡镇", max_chars=100)
    except ValidationError as exc:
        raise CountyError(exc.message) from None
    if not name:
        raise CountyError("请填写接收点名称")
    if not 0 <= capacity <= MAX_CAPACITY:
        raise CountyError(f"容量应为 0–{MAX_CAPACITY} 人")
    with storage_errors(), store.engine.begin() as conn:
        if conn.execute(select(sites.c.id).where(sites.c.name == name)).first():
            raise CountyError(f"已有名为「{name}」的接收点")
        result = conn.execute(
            sites.insert().values(
                name=name,
                kind=kind.value,
                township=township,
                capacity=capacity,
                active=True,
                created_at=format_time(utc_now()),
            )
        )
        assert result.inserted_primary_key is not None
        site_id = int(result.inserted_primary_key[0])
        details = {"name": name, "kind": kind.value, "township": township, "capacity": capacity}
        audit(store, by, "site.add", str(site_id), details, conn=conn)
    return Site(site_id, name, kind, township, capacity)


def remove_site(store: CountyStore, site_id: int, *, by: str) -> Site:
    """Take a site off the list (audited); its transfers and receipts stay."""
    with storage_errors(), store.engine.begin() as conn:
        changed = conn.execute(
            update(sites)
            .where(sites.c.id == site_id, sites.c.active.is_(True))
            .values(active=False)
        ).rowcount
        if changed != 1:
            raise CountyError(f"找不到接收点 {site_id}（或已停用）")
        audit(store, by, "site.remove", str(site_id), conn=conn)
    found = site_by_id(store, site_id)
    assert found is not None
    return found


def _site(row: Any) -> Site:
    return Site(int(row.id), row.name, SiteKind(row.kind), row.township, int(row.capacity))


def list_sites(store: CountyStore, *, include_inactive: bool = False) -> list[SiteRow]:
    query = select(sites).order_by(sites.c.kind, sites.c.township, sites.c.name)
    if not include_inactive:
        query = query.where(sites.c.active.is_(True))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [SiteRow(_site(r), bool(r.active)) for r in rows]


def site_by_id(store: CountyStore, site_id: int) -> Site | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(sites).where(sites.c.id == site_id)).first()
    return None if row is None else _site(row)


# ---------------------------------------------------------------------------- signed list


@dataclass(frozen=True, slots=True)
class StoredSiteList:
    version: int
    envelope: bytes
    etag: str


def latest_site_list(store: CountyStore) -> StoredSiteList | None:
    with store.engine.connect() as conn:
        row = conn.execute(
            select(site_lists).order_by(site_lists.c.version.desc()).limit(1)
        ).first()
    return None if row is None else StoredSiteList(row.version, row.envelope.encode(), row.etag)


def current_site_list(
    store: CountyStore, signing_key: Ed25519PrivateKey, *, now: datetime | None = None
) -> StoredSiteList | None:
    """The version workstations should hold, signing a new one if the active sites (or the
    overdue limit it tells the checkpoints) changed.

    None while no site was ever named (the API answers 204).
    """
    active = [row.site for row in list_sites(store)]
    limit = overdue_hours()
    latest = latest_site_list(store)
    if latest is not None:
        try:
            content = json.loads(latest.envelope)[SITE_LIST.body_key]["content"]
            if (
                set(parse_site_list(content)) == set(active)
                and content.get("overdue_hours", TRANSFER_OVERDUE_HOURS) == limit
            ):
                return latest
        except (KeyError, TypeError, ValueError):
            pass  # a stored version that does not parse: sign a new one
    elif not active:
        return None
    moment = now or utc_now()
    version = (latest.version if latest else 0) + 1
    envelope = sign_document(
        signing_key,
        SITE_LIST,
        version=version,
        published_at=moment,
        # The checkpoints mark a transfer 超时 after the same hours as the dashboard.
        content={**site_list_content(active), "overdue_hours": limit},
    )
    made = StoredSiteList(version, envelope, f'"s{version}-{sha256_hex(envelope)[:16]}"')
    if store._insert_ignore_row(
        site_lists,
        {
            "version": version,
            "published_at": format_time(moment),
            "envelope": envelope.decode("utf-8"),
            "etag": made.etag,
        },
    ):
        return made
    # Another request made this version a moment ago: serve that one.
    return latest_site_list(store)


# ---------------------------------------------------------------------------- from devices


@dataclass(frozen=True, slots=True)
class TransferOutcome:
    code: str
    status: str  # accepted / already_had / conflict / refused
    message: str = ""


def _hash(transfer: WireTransfer) -> str:
    return sha256_hex(canonical_json(transfer.to_wire()))


def ingest_transfers(
    store: CountyStore, device_id: str, sequence: int, batch: Sequence[WireTransfer]
) -> list[TransferOutcome]:
    """Store a signed batch of transfers with the request's sequence, in one transaction.

    A code already held with the same content is "already had"; with other content, or
    from another device, a conflict (never overwritten). A site the county never named is
    refused for that transfer alone.
    """
    with storage_errors(), store.engine.begin() as conn:
        checkpoint_id = store._claim_sequence(conn, device_id, sequence)
        codes = sorted({t.code for t in batch})
        held = {
            row.code: (row.content_hash, row.device_id)
            for row in conn.execute(
                select(transfers.c.code, transfers.c.content_hash, transfers.c.device_id).where(
                    transfers.c.code.in_(codes)
                )
            )
        }
        known_sites = {
            int(r[0])
            for r in conn.execute(
                select(sites.c.id).where(sites.c.id.in_(sorted({t.site_id for t in batch})))
            )
        }
        outcomes = []
        now = format_time(utc_now())
        for t in batch:
            digest = _hash(t)
            if t.code in held:
                same = held[t.code] == (digest, device_id)
                outcomes.append(
                    TransferOutcome(t.code, ALREADY_HAD)
                    if same
                    else TransferOutcome(t.code, CONFLICT, "转运码与县里已有的转运冲突")
                )
                continue
            if t.site_id not in known_sites:
                outcomes.append(TransferOutcome(t.code, REFUSED, "县指挥部没有该接收点"))
                continue
            conn.execute(
                transfers.insert().values(
                    code=t.code,
                    record_uuid=t.record_uuid,
                    device_id=device_id,
                    checkpoint_id=checkpoint_id,
                    site_id=t.site_id,
                    plate=t.plate,
                    escort_name=t.escort_name,
                    escort_phone=t.escort_phone,
                    departed_at=format_time(t.departed_at),
                    content_hash=digest,
                    pushed_at=now,
                )
            )
            held[t.code] = (digest, device_id)
            outcomes.append(TransferOutcome(t.code, ACCEPTED))
    return outcomes


def receipts_for_device(
    store: CountyStore, device_id: str, sequence: int, *, now: datetime | None = None
) -> list[WireReceipt]:
    """The receipts of the device's transfers that left in the last RECEIPT_DAYS days."""
    since = format_time((now or utc_now()) - timedelta(days=RECEIPT_DAYS))
    with storage_errors(), store.engine.begin() as conn:
        store._claim_sequence(conn, device_id, sequence)
        rows = conn.execute(
            select(
                transfers.c.code,
                transfers.c.received_at,
                transfers.c.receipt_outcome,
                transfers.c.receipt_note,
            )
            .where(
                transfers.c.device_id == device_id,
                transfers.c.departed_at >= since,
                transfers.c.received_at.is_not(None),
            )
            .order_by(transfers.c.departed_at)
        ).all()
    return [
        WireReceipt(
            r.code,
            datetime.fromisoformat(r.received_at),
            ReceiptOutcome(r.receipt_outcome),
            r.receipt_note or "",
        )
        for r in rows
    ]


# ---------------------------------------------------------------------------- receipts


@dataclass(frozen=True, slots=True)
class Receipt:
    code: str
    site: str
    outcome: ReceiptOutcome
    at: datetime  # county time

    @property
    def text(self) -> str:
        return f"{format_transfer_code(self.code)} {self.outcome.label}（{self.at:%m-%d %H:%M}）"


def parse_arrival(text: str, now: datetime) -> datetime:
    """A datetime-local value ("2022-04-10T11:05", county time) or now when empty."""
    text = text.strip()
    if not text:
        return now
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CountyError("到达时间格式不对") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=reports.COUNTY_TZ)
    if moment > now + CLOCK_SKEW:
        raise CountyError("到达时间不能晚于现在")
    return moment


def transfer_code_from_text(store: CountyStore, text: str) -> tuple[str, str | None]:
    """The transfer code in what was typed ("abcd-2345") or scanned from a slip's QR code,
    and for a signed slip the device that printed it; CountyError (Chinese) otherwise."""
    if not is_paper_code(text):
        code = normalise_transfer_code(text)
        if code is None:
            raise CountyError("转运码应为 8 位（如 ABCD-2345），请核对")
        return code, None
    try:
        claim = read_paper_code(text)
    except PaperCodeError as exc:
        raise CountyError(f"扫描的二维码无法识别：{exc.message}") from None
    code = normalise_transfer_code(claim.transfer_code)
    if claim.kind is not PaperKind.TRANSFER_SLIP or code is None:
        raise CountyError(f"这是{claim.kind.label}的二维码，请扫描闭环转运单上的二维码")
    if not claim.signed:
        # As good as the code typed by hand: the workstation was not enrolled when it printed.
        return code, None
    device = store.device(claim.device_id)
    try:
        verify_paper_code(text, None if device is None else device.public_key)
    except PaperCodeError as exc:
        raise CountyError(f"转运单二维码核验未通过：{exc.message}") from None
    return code, claim.device_id


def record_receipt(
    store: CountyStore,
    code_text: str,
    *,
    arrived_at: str,
    outcome: str,
    note: str,
    by: str,
    site_id: int | None,
    now: datetime | None = None,
) -> Receipt:
    """Confirm what arrived for one transfer code (audited).

    `site_id` is the site the user works for (None: an admin, any site). A site may not
    confirm another site's transfer; a person confirmed received is not received again
    (a 未到 may be followed by the arrival).
    """
    code, slip_device = transfer_code_from_text(store, code_text)
    try:
        kind = ReceiptOutcome(outcome or ReceiptOutcome.RECEIVED.value)
        note = check_free_text(note, "备注", max_chars=MAX_RECEIPT_NOTE_CHARS)
    except ValueError as exc:
        message = exc.message if isinstance(exc, ValidationError) else "请选择接收结果"
        raise CountyError(message) from None
    moment = now or utc_now()
    at = parse_arrival(arrived_at, moment)
    with storage_errors(), store.engine.begin() as conn:
        row = conn.execute(
            select(transfers, sites.c.name.label("site_name"))
            .join(sites, sites.c.id == transfers.c.site_id)
            .where(transfers.c.code == code)
        ).first()
        shown = format_transfer_code(code)
        if row is None:
            raise CountyError(f"没有转运码为 {shown} 的转运（卡点可能尚未同步）")
        if slip_device is not None and row.device_id != slip_device:
            raise CountyError(f"这张转运单不是送出转运码 {shown} 的卡点打印的，请核对")
        if site_id is not None and int(row.site_id) != site_id:
            raise CountyError(f"转运码 {shown} 不是送往本接收点的，不能确认")
        if row.receipt_outcome == ReceiptOutcome.RECEIVED.value:
            when = reports.local_time(row.received_at)
            assert when is not None
            raise CountyError(f"转运码 {shown} 已于 {when:%m-%d %H:%M} 确认接收")
        if at < datetime.fromisoformat(row.departed_at) - CLOCK_SKEW:
            raise CountyError("到达时间早于卡点出发时间，请核对")
        conn.execute(
            update(transfers)
            .where(transfers.c.code == code)
            .values(
                received_at=format_time(at),
                receipt_outcome=kind.value,
                receipt_note=note,
                received_by=by,
                receipt_recorded_at=format_time(moment),
            )
        )
        audit(
            store,
            by,
            "transfer.receipt",
            code,
            {"site_id": int(row.site_id), "outcome": kind.value, "note": note},
            conn=conn,
        )
    local = at.astimezone(reports.COUNTY_TZ)
    return Receipt(code, row.site_name, kind, local)


# ---------------------------------------------------------------------------- overview


@dataclass(frozen=True, slots=True)
class TransferRow:
    """One transfer as the dashboard and the site page show it (personal data masked)."""

    code: str  # ABCD-2345
    checkpoint: str
    site_id: int
    site: str
    name: str
    plate: str
    escort: str
    escort_phone: str
    departed_at: datetime  # county time
    hours: float  # since it left
    overdue: bool
    outcome: ReceiptOutcome | None
    received_at: datetime | None  # county time
    note: str

    @property
    def in_flight(self) -> bool:
        return self.outcome is None


@dataclass(frozen=True, slots=True)
class SiteLoad:
    site: Site
    received_today: int
    in_flight: int
    overdue: int
    staying: int  # received in the last STAY_DAYS days

    @property
    def capacity_left(self) -> int:
        return max(0, self.site.capacity - self.staying - self.in_flight)


@dataclass(frozen=True, slots=True)
class TransferOverview:
    in_flight: tuple[TransferRow, ...]
    received_today: tuple[TransferRow, ...]
    sites: tuple[SiteLoad, ...]
    overdue_hours: float

    @property
    def overdue(self) -> int:
        return sum(t.overdue for t in self.in_flight)


def _names(conn: Connection, uuids: Iterable[str]) -> dict[str, str]:
    """Each record's name on its newest version."""
    wanted = sorted(set(uuids))
    newest: dict[str, tuple[int, str]] = {}
    for start in range(0, len(wanted), 500):
        for row in conn.execute(
            select(records.c.uuid, records.c.version, records.c.wire).where(
                records.c.uuid.in_(wanted[start : start + 500])
            )
        ):
            if row.uuid not in newest or row.version > newest[row.uuid][0]:
                newest[row.uuid] = (row.version, str(json.loads(row.wire).get("name", "")))
    return {uuid: name for uuid, (_v, name) in newest.items()}


def transfer_rows(
    store: CountyStore,
    *,
    now: datetime | None = None,
    site_id: int | None = None,
    in_flight_only: bool = False,
    since: str | None = None,
) -> list[TransferRow]:
    """Transfers (of one site, or all): in flight, and with `since` those received since."""
    moment = now or utc_now()
    limit = overdue_hours()
    query = (
        select(
            transfers,
            sites.c.name.label("site_name"),
            checkpoints.c.name.label("checkpoint_name"),
        )
        .join(sites, sites.c.id == transfers.c.site_id)
        .join(checkpoints, checkpoints.c.id == transfers.c.checkpoint_id)
        .order_by(transfers.c.departed_at)
    )
    if site_id is not None:
        query = query.where(transfers.c.site_id == site_id)
    pending = transfers.c.received_at.is_(None)
    if in_flight_only or since is None:
        query = query.where(pending)
    else:
        query = query.where(pending | (transfers.c.received_at >= since))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        names = _names(conn, [r.record_uuid for r in rows])
    result = []
    for r in rows:
        departed = datetime.fromisoformat(r.departed_at)
        hours = (moment - departed).total_seconds() / 3600
        outcome = ReceiptOutcome(r.receipt_outcome) if r.receipt_outcome else None
        result.append(
            TransferRow(
                code=format_transfer_code(r.code),
                checkpoint=r.checkpoint_name,
                site_id=int(r.site_id),
                site=r.site_name,
                name=mask_name(names.get(r.record_uuid, "")) or "—",
                plate=r.plate,
                escort=mask_name(r.escort_name),
                escort_phone=mask_phone(r.escort_phone),
                departed_at=departed.astimezone(reports.COUNTY_TZ),
                hours=max(0.0, hours),
                overdue=outcome is None and hours > limit,
                outcome=outcome,
                received_at=reports.local_time(r.received_at),
                note=r.receipt_note or "",
            )
        )
    return result


def transfer_overview(store: CountyStore, *, now: datetime | None = None) -> TransferOverview:
    """What the dashboard shows: transfers in flight (overdue marked), today's receipts, and
    per active site the people received today, in flight and the capacity left."""
    moment = now or utc_now()
    day_start, _ = reports.day_range(reports.county_today(moment))
    rows = transfer_rows(store, now=moment, since=day_start)
    stay_since = format_time(moment - timedelta(days=STAY_DAYS))
    received = transfers.c.receipt_outcome == ReceiptOutcome.RECEIVED.value
    with store.engine.connect() as conn:
        staying: dict[int, int] = dict(
            conn.execute(
                select(transfers.c.site_id, func.count())
                .where(and_(received, transfers.c.received_at >= stay_since))
                .group_by(transfers.c.site_id)
            ).all()
        )
    loads = []
    for row in list_sites(store):
        site = row.site
        mine = [t for t in rows if t.site_id == site.id]
        loads.append(
            SiteLoad(
                site,
                received_today=sum(t.outcome is ReceiptOutcome.RECEIVED for t in mine),
                in_flight=sum(t.in_flight for t in mine),
                overdue=sum(t.overdue for t in mine),
                staying=int(staying.get(site.id, 0)),
            )
        )
    return TransferOverview(
        in_flight=tuple(t for t in rows if t.in_flight),
        received_today=tuple(t for t in rows if not t.in_flight),
        sites=tuple(loads),
        overdue_hours=overdue_hours(),
    )
