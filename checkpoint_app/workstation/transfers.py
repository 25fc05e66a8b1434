"""Closed-loop transfers (闭环转运) from the checkpoint: record who leaves for which site, in
which car and with whom; later, see that they arrived.

A saved traveller with the disposition 集中隔离 or 转运发热门诊 is driven to a receiving site
the county named in its signed list. `record_transfer` checks what the dialog collected
and writes the transfer and its audit row in one transaction; the sync round pushes it
and brings the site's receipt back (sync/transfers.py). `transfer_statuses` says, per
traveller, whether they arrived: 转运中, 已到达, 未到 (the site reported the car came
without them) or 超时 (no receipt within the hours the county's site list gives, 3 by
default), for the record list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlite_utils import Database

from checkpoint_app.records.masking import mask_phone
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.transfers import (
    MAX_ESCORT_NAME_CHARS,
    SITE_KINDS_FOR,
    Site,
    format_transfer_code,
    new_transfer_code,
    sites_for,
)
from checkpoint_app.records.validation import (
    ValidationError,
    check_free_text,
    check_phone,
    check_plate,
)
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.database import write_transaction
from checkpoint_app.storage.records import RecordRepository
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.storage.transfers import (
    StoredTransfer,
    current_site_list,
    get_transfer,
    insert_transfer,
    latest_transfers,
    transfers_for_record,
)

# Field keys in TransferError.field: the dialog puts the focus on that input.
SITE = "site"
PLATE = "plate"
ESCORT_NAME = "escort_name"
ESCORT_PHONE = "escort_phone"
RECORD = "record"


class TransferError(ValueError):
    """A transfer that cannot be recorded; `message` is Chinese, `field` the input at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """What the transfer dialog collected (as typed; `record_transfer` checks it)."""

    record_uuid: str
    site_id: int | None
    plate: str
    escort_name: str
    escort_phone: str


def transfer_sites(db: Database, disposition: Disposition) -> list[Site]:
    """The sites of the county's verified list a person with `disposition` may go to."""
    current = current_site_list(db)
    return [] if current is None else sites_for(disposition, current.sites)


def record_transfer(
    db: Database,
    request: TransferRequest,
    *,
    staff_id: int | None,
    departed_at: datetime | None = None,
) -> StoredTransfer:
    """Check `request` and store the transfer with its audit row (one transaction).

    Raises TransferError naming the field to correct: a record that is not to be
    transferred, a site not on the county's list (or of the wrong kind), a plate or phone
    the registration form would refuse too, no escort.
    """
    record = RecordRepository(db).get(request.record_uuid)
    if record is None:
        raise TransferError("找不到该登记记录，请先保存登记", RECORD)
    if record.disposition not in SITE_KINDS_FOR:
        raise TransferError(
            f"处置为「{record.disposition.label}」，不需要闭环转运"
            "（只有集中隔离、转运发热门诊需要）",
            RECORD,
        )
    if request.site_id is None:
        raise TransferError("请选择接收点", SITE)
    current = current_site_list(db)
    if current is None:
        raise TransferError("尚未收到县指挥部的接收点名单，请先同步", SITE)
    site = next((s for s in current.sites if s.id == request.site_id), None)
    if site is None:
        raise TransferError("该接收点不在县指挥部现行的接收点名单中，请重新选择", SITE)
    if site not in sites_for(record.disposition, current.sites):
        raise TransferError(
            f"{site.name}是{site.kind.label}，不接收「{record.disposition.label}」的人员", SITE
        )
    try:
        plate = check_plate(request.plate)
    except ValidationError as exc:
        raise TransferError(exc.message, PLATE) from None
    try:
        escort = check_free_text(
            request.escort_name, "护送人员姓名", max_chars=MAX_ESCORT_NAME_CHARS
        )
    except ValidationError as exc:
        raise TransferError(exc.message, ESCORT_NAME) from None
    if not escort:
        raise TransferError("请填写护送人员姓名", ESCORT_NAME)
    try:
        phone = check_phone(request.escort_phone)
    except ValidationError as exc:
        raise TransferError(exc.message, ESCORT_PHONE) from None
    moment = departed_at or utc_now()
    with write_transaction(db):
        while True:
            transfer = StoredTransfer(
                code=new_transfer_code(),
                record_uuid=record.uuid,
                site_id=site.id,
                site_name=site.name,
                plate=plate,
                escort_name=escort,
                escort_phone=phone,
                departed_at=moment,
                staff_id=staff_id,
                pushed=False,
                received_at=None,
                receipt_outcome=None,
                receipt_note="",
            )
            if insert_transfer(db, transfer):
                break
        append_audit(
            db,
            "transfer.recorded",
            staff_id=staff_id,
            subject=record.uuid,
            details={
                "code": transfer.code,
                "site_id": site.id,
                "site": site.name,
                "plate": plate,
                "escort_phone": mask_phone(phone),
            },
        )
    stored = get_transfer(db, transfer.code)
    assert stored is not None
    return stored


def record_transfers(db: Database, record_uuid: str) -> list[StoredTransfer]:
    """The transfers recorded for one traveller, the first first."""
    return transfers_for_record(db, record_uuid)


def transfer_state_text(transfer: StoredTransfer) -> str:
    """ "转运中（转运码 ABCD-2345）" / "已到达 商水县第一隔离点 04-10 11:05" — for a list."""
    code = format_transfer_code(transfer.code)
    if transfer.received_at is None:
        return f"转运中 → {transfer.site_name}（转运码 {code}）"
    when = transfer.received_at.astimezone().strftime("%m-%d %H:%M")
    if transfer.arrived:
        return f"已到达 {transfer.site_name} {when}（转运码 {code}）"
    note = f"：{transfer.receipt_note}" if transfer.receipt_note else ""
    return f"{transfer.site_name}报告未到 {when}{note}（转运码 {code}）"


#: Hours without a receipt after which a transfer is overdue, when the county's site list
#: does not say (the county's own default, county/transfers.py).
TRANSFER_OVERDUE_HOURS = 3.0


class TransferState(StrEnum):
    IN_FLIGHT = "in_flight"
    ARRIVED = "arrived"
    MISSING = "missing"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            "in_flight": "转运中",
            "arrived": "已到达",
            "missing": "未到",
            "overdue": "超时",
        }[self.value]


@dataclass(frozen=True, slots=True)
class TransferStatus:
    """Where a traveller's newest transfer stands, as the record list shows it."""

    state: TransferState
    transfer: StoredTransfer


def overdue_limit(db: Database) -> float:
    """The hours the county's site list gives for 超时, else TRANSFER_OVERDUE_HOURS."""
    current = current_site_list(db)
    if current is None or current.overdue_hours is None:
        return TRANSFER_OVERDUE_HOURS
    return current.overdue_hours


def transfer_status(
    transfer: StoredTransfer, *, now: datetime, overdue_hours: float = TRANSFER_OVERDUE_HOURS
) -> TransferStatus:
    """The state of one transfer at `now`."""
    if transfer.arrived:
        return TransferStatus(TransferState.ARRIVED, transfer)
    if transfer.received_at is not None:
        return TransferStatus(TransferState.MISSING, transfer)
    if now - transfer.departed_at > timedelta(hours=overdue_hours):
        return TransferStatus(TransferState.OVERDUE, transfer)
    return TransferStatus(TransferState.IN_FLIGHT, transfer)


def transfer_statuses(
    db: Database, record_uuids: Iterable[str], *, now: datetime | None = None
) -> dict[str, TransferStatus]:
    """Per record with a transfer, the state of its newest one (one query for them all)."""
    moment = now or utc_now()
    limit = overdue_limit(db)
    return {
        uuid: transfer_status(transfer, now=moment, overdue_hours=limit)
        for uuid, transfer in latest_transfers(db, record_uuids).items()
    }
