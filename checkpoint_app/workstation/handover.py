"""Handing a shift over: the outgoing person's sign-off, the incoming person's
acknowledgement (which closes the shift), and the shift's Excel export.

Each function opens its own connection to the store in `data_dir` and closes it before
returning, so it runs on a worker thread while the dialog stays live (the PIN checks are
Argon2id, most of a second each). Each use case's writes are one transaction; a PIN
check's own failure bookkeeping (lockout counter, "signin.failed") is written before it,
so a refusal is recorded even though the use case then writes nothing.

Refusals raise SignInError or AccessDenied with a Chinese message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from checkpoint_app.reports.excel import ExcelExport, export_records_xlsx
from checkpoint_app.storage.access import AccessDenied
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.database import open_database, write_transaction
from checkpoint_app.storage.encryption import remembered_store_key
from checkpoint_app.storage.staff import SignInError, Staff, close_shift, sign_in
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.storage.unlock import ensure_pin_wrapped, store_path


class ExportFailed(Exception):
    """The workbook could not be written (a full or removed USB stick, no permission)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class SignedOff:
    """The outgoing person confirmed the shift's figures with their PIN."""

    staff: Staff
    at: datetime


@dataclass(frozen=True, slots=True)
class HandedOver:
    """The shift is closed with its note; `incoming` opens the next one."""

    incoming: Staff
    at: datetime


def connect(data_dir: Path) -> Database:
    """This thread's own connection to the (already unlocked, if encrypted) store."""
    path = store_path(data_dir)
    return open_database(path, remembered_store_key(path))


def sign_off(
    data_dir: Path, *, shift_id: int, outgoing: Staff, pin: str, records: int, undelivered: int
) -> SignedOff:
    """Check the outgoing person's PIN and record the sign-off with the shift's figures
    (counts only: the audit log never holds a traveller's data)."""
    db = connect(data_dir)
    try:
        staff = sign_in(db, outgoing.name, pin)
        with write_transaction(db):
            append_audit(
                db,
                "handover.signed_off",
                staff_id=staff.id,
                subject=str(shift_id),
                details={"records": records, "undelivered": undelivered},
            )
    finally:
        db.close()
    return SignedOff(staff, utc_now())


def acknowledge(
    data_dir: Path, *, shift_id: int, outgoing: Staff, incoming_name: str, pin: str, note: str
) -> HandedOver:
    """The incoming person confirms with name + PIN: the shift closes with `note`.

    On an unlocked encrypted store the incoming person also gets a key wrap on this device
    if they have none, so the store can lock at the next sign-out and they can open it.
    """
    name = incoming_name.strip()
    if not name:
        raise SignInError("请选择接班人")
    if name == outgoing.name.strip():
        raise SignInError("接班人不能是交班人本人")
    db = connect(data_dir)
    try:
        incoming = sign_in(db, name, pin)
        ensure_pin_wrapped(data_dir, incoming.name, pin)
        with write_transaction(db):
            close_shift(db, shift_id, staff=outgoing, note=note)
            # The note's hash, not its text: staff may have typed a traveller's details
            # into it, and the audit log must never hold those.
            append_audit(
                db,
                "handover.acknowledged",
                staff_id=incoming.id,
                subject=str(shift_id),
                details={
                    "from_staff_id": outgoing.id,
                    "note_sha256": hashlib.sha256(note.encode("utf-8")).hexdigest(),
                },
            )
    finally:
        db.close()
    return HandedOver(incoming, utc_now())


def export_shift(
    data_dir: Path, path: Path, *, shift_id: int, staff: Staff, unmask: bool, reason: str = ""
) -> ExcelExport:
    """Write the shift's records to `path` (masked unless `unmask`, audited either way).

    Only a lead or admin with a reason may unmask (storage/access.py decides); a refusal
    is audited, writes no file and is raised again as AccessDenied.
    """
    db = connect(data_dir)
    try:
        try:
            return export_records_xlsx(
                db,
                path,
                shift_id=shift_id,
                staff_id=staff.id,
                unmask=unmask,
                reason=reason,
                role=staff.role,
            )
        except AccessDenied:
            with write_transaction(db):
                append_audit(
                    db,
                    "export.unmask_refused",
                    staff_id=staff.id,
                    subject=path.name,
                    details={"role": staff.role.value},
                )
            raise
        except OSError as exc:
            raise ExportFailed(f"导出失败：{exc.strerror or exc}") from exc
    finally:
        db.close()


def record_bundle_export(data_dir: Path, *, staff_id: int, file_name: str, records: int) -> None:
    """Audit a sealed USB bundle written by the export worker.

    Sealed to the county's key, so whole numbers travel; the export is audited all the same.
    """
    db = connect(data_dir)
    try:
        with write_transaction(db):
            append_audit(
                db,
                "export.bundle",
                staff_id=staff_id,
                subject=file_name,
                details={"records": records, "masked": False, "sealed": True},
            )
    finally:
        db.close()
