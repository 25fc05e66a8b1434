"""Printing a paper for a saved traveller: a preview (no number), or an issued paper.

Issuing takes the next serial of its kind and writes the audit row "paper.printed" (the
record's uuid, the kind and the serial; nothing about the person) in one transaction, and
hands the paper to `deliver` (the printer, a PDF) inside it: when delivery fails — a
receipt printer unplugged, a full disk — the number is not used and nothing is written.
The record itself is never changed by printing.

The 闭环转运单 is issued the same way for the record's newest transfer (PaperKind
TRANSFER_SLIP): its audit row names the transfer code too. Printing it is never part of
recording the transfer, so a printer that is missing leaves the transfer recorded.

Receipt printers (ESC/POS over USB or the network, python-escpos) are named in the
settings as ``usb:VVVV:PPPP`` (vendor and product id, hex) or ``host:port``.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlite_utils import Database

from checkpoint_app.policy.evaluate import evaluate
from checkpoint_app.policy.schema import Policy
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import Disposition, TravellerRecord
from checkpoint_app.reports.papers import (
    Paper,
    PaperKind,
    PaperTexts,
    build_paper,
    build_transfer_slip,
    kinds_for,
)
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database, write_transaction
from checkpoint_app.storage.records import RecordRepository
from checkpoint_app.storage.staff import Checkpoint, get_checkpoint
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.storage.transfers import StoredTransfer, transfers_for_record
from checkpoint_app.sync.keys import KeyFileError, load_device_key, load_enrollment

log = logging.getLogger(__name__)

PRINTED_ACTION = "paper.printed"


class PaperRefused(Exception):
    """The paper cannot be made (no such record, no checkpoint); `.message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PrinterUnavailable(Exception):
    """The printer is missing, off or unreachable; `.message` is Chinese for the worker."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def paper_texts(policy: Policy) -> PaperTexts:
    """The papers section of `policy` as the paper builder takes it."""
    papers = policy.papers
    return PaperTexts(
        hotline=papers.hotline,
        township_contacts=dict(papers.township_contacts),
        arrival_test_hours=papers.arrival_test_hours,
        arrival_test_place=papers.arrival_test_place,
        templates=dict(papers.texts),
    )


def _reasons(record: TravellerRecord, policy: Policy) -> tuple[str, ...]:
    # The policy's reasons explain a turn-back only when the policy suggested it; a worker
    # who chose it against the suggestion wrote their own reason, which build_paper uses.
    if record.disposition is not Disposition.TURN_BACK:
        return ()
    decision = evaluate(record, policy, load_divisions())
    return decision.reasons if decision.suggested is Disposition.TURN_BACK else ()


def _signing_key(data_dir: Path | None) -> Ed25519PrivateKey | None:
    """The device key when this workstation is enrolled and its key is unlocked, else None."""
    if data_dir is None:
        return None
    try:
        if load_enrollment(data_dir) is None:
            return None
        return load_device_key(data_dir)
    except KeyFileError as exc:
        log.warning("paper printed unsigned: %s", exc.message)
        return None


def _inputs(db: Database, record_uuid: str) -> tuple[TravellerRecord, Checkpoint]:
    record = RecordRepository(db).get(record_uuid)
    if record is None:
        raise PaperRefused("找不到这条登记记录")
    checkpoint = get_checkpoint(db)
    if checkpoint is None:
        raise PaperRefused("本机尚未设置卡点")
    return record, checkpoint


def paper_kinds(db: Database, record: TravellerRecord) -> tuple[PaperKind, ...]:
    """The papers the record's person may be given; a transferred person's slip first."""
    kinds = kinds_for(record.disposition)
    if transfers_for_record(db, record.uuid):
        return (PaperKind.TRANSFER_SLIP, *kinds)
    return kinds


def _transfer(db: Database, record_uuid: str) -> StoredTransfer:
    transfers = transfers_for_record(db, record_uuid)
    if not transfers:
        raise PaperRefused("这条记录还没有登记闭环转运，不能打印转运单")
    return transfers[-1]  # a second transfer replaces one whose car broke down


def _build(
    db: Database,
    record: TravellerRecord,
    checkpoint: Checkpoint,
    kind: PaperKind,
    *,
    number: int | None,
    issued_at: datetime,
    policy: Policy,
    signing_key: Ed25519PrivateKey | None,
) -> Paper:
    if kind is PaperKind.TRANSFER_SLIP:
        return build_transfer_slip(
            _transfer(db, record.uuid),
            record,
            checkpoint,
            number=number,
            issued_at=issued_at,
            hotline=policy.papers.hotline,
            signing_key=signing_key,
        )
    return build_paper(
        kind,
        record,
        checkpoint,
        number=number,
        issued_at=issued_at,
        texts=paper_texts(policy),
        days=policy.follow_up.days_for(record.disposition),
        reasons=_reasons(record, policy),
        signing_key=signing_key,
    )


def preview_paper(
    db: Database, record_uuid: str, kind: PaperKind, *, policy: Policy, now: datetime | None = None
) -> Paper:
    """The paper as it will look, without a number or signature; writes nothing."""
    record, checkpoint = _inputs(db, record_uuid)
    return _build(
        db,
        record,
        checkpoint,
        kind,
        number=None,
        issued_at=now or utc_now(),
        policy=policy,
        signing_key=None,
    )


def issue_paper(
    db: Database,
    record_uuid: str,
    kind: PaperKind,
    *,
    policy: Policy,
    staff_id: int | None,
    data_dir: Path | None,
    deliver: Callable[[Paper], None],
    now: datetime | None = None,
) -> Paper:
    """Number, sign, audit and deliver one paper; all or nothing (see the module docstring).

    Raises PaperRefused, or whatever `deliver` raises (PrinterUnavailable …), in which
    case no number is used and no audit row is written.
    """
    record, checkpoint = _inputs(db, record_uuid)
    key = _signing_key(data_dir)
    with write_transaction(db):
        number = _next_serial(db, kind)
        paper = _build(
            db,
            record,
            checkpoint,
            kind,
            number=number,
            issued_at=now or utc_now(),
            policy=policy,
            signing_key=key,
        )
        details: dict[str, object] = {
            "record_uuid": record.uuid,
            "kind": kind.value,
            "serial": paper.serial,
            "signed": paper.signed,
        }
        if kind is PaperKind.TRANSFER_SLIP:
            details["transfer_code"] = _transfer(db, record.uuid).code
        append_audit(db, PRINTED_ACTION, staff_id=staff_id, subject=record.uuid, details=details)
        deliver(paper)
    return paper


def issue_paper_apart(
    data_dir: Path,
    record_uuid: str,
    kind: PaperKind,
    *,
    policy: Policy,
    staff_id: int | None,
    deliver: Callable[[Paper], None],
) -> Paper:
    """`issue_paper` on a connection of its own, for a worker thread: a receipt printer on
    the network may take its time-out to answer, and the window must not wait for it."""
    db = open_database(data_dir / DATABASE_FILENAME)
    try:
        return issue_paper(
            db,
            record_uuid,
            kind,
            policy=policy,
            staff_id=staff_id,
            data_dir=data_dir,
            deliver=deliver,
        )
    finally:
        db.close()


def _next_serial(db: Database, kind: PaperKind) -> int:
    db.execute(
        "INSERT INTO paper_serials (kind, last_number) VALUES (?, 1)"
        " ON CONFLICT(kind) DO UPDATE SET last_number = last_number + 1",
        [kind.value],
    )
    row = db.execute("SELECT last_number FROM paper_serials WHERE kind = ?", [kind.value])
    return int(row.fetchone()[0])


# ------------------------------------------------------------------- receipt printers


@dataclass(frozen=True, slots=True)
class ReceiptPrinter:
    """Where the receipt printer is: USB ids, or a network address."""

    vendor_id: int = 0
    product_id: int = 0
    host: str = ""
    port: int = 9100

    @property
    def is_usb(self) -> bool:
        return not self.host

    def describe(self) -> str:
        """For messages: "USB 0416:5011" or "网络 192.168.1.50:9100"."""
        if self.is_usb:
            return f"USB {self.vendor_id:04x}:{self.product_id:04x}"
        return f"网络 {self.host}:{self.port}"

    def setting(self) -> str:
        """The settings text that names this printer (parse_receipt_printer reads it back)."""
        if self.is_usb:
            return f"usb:{self.vendor_id:04x}:{self.product_id:04x}"
        return f"{self.host}:{self.port}"


_USB = re.compile(r"^usb:([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})$")
_NETWORK = re.compile(r"^([A-Za-z0-9.\-]+)(?::([0-9]{1,5}))?$")


def parse_receipt_printer(text: str) -> ReceiptPrinter | None:
    """The printer named by a setting; None for "" (no receipt printer).

    ValueError (Chinese) for text that names none.
    """
    text = text.strip()
    if not text:
        return None
    if match := _USB.match(text):
        return ReceiptPrinter(vendor_id=int(match[1], 16), product_id=int(match[2], 16))
    if (match := _NETWORK.match(text)) and not text.lower().startswith("usb"):
        port = int(match[2]) if match[2] else 9100
        if 1 <= port <= 65535:
            return ReceiptPrinter(host=match[1], port=port)
    raise ValueError(f"小票打印机地址「{text}」不对：应为 usb:厂商号:产品号 或 地址:端口")


def send_to_receipt_printer(
    printer: ReceiptPrinter, data: bytes, *, timeout_seconds: float = 3.0
) -> None:
    """Send ESC/POS `data`; PrinterUnavailable (Chinese) when the printer cannot be reached."""
    from escpos import exceptions
    from escpos.printer import Network, Usb

    device = (
        Usb(printer.vendor_id, printer.product_id, timeout=int(timeout_seconds * 1000))
        if printer.is_usb
        else Network(printer.host, printer.port, timeout=timeout_seconds)
    )
    try:
        device.open()
        device._raw(data)
    # pyusb raises ValueError (NoBackendError) without libusb, RuntimeError without pyusb.
    except (exceptions.Error, OSError, ValueError, RuntimeError) as exc:
        log.warning("receipt printer %s unavailable: %s", printer.describe(), type(exc).__name__)
        raise PrinterUnavailable(
            f"小票打印机（{printer.describe()}）未连接或无法访问：请检查电源、纸张和连线，"
            "或改用系统打印机。告知书未打印，记录未改动。"
        ) from exc
    finally:
        with contextlib.suppress(exceptions.Error, OSError, ValueError, RuntimeError):
            device.close()
