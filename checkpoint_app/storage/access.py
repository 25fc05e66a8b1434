"""What each role may do with traveller data, enforced here and not only by greyed-out buttons.

卡点负责人 and 管理员 correct records, reveal one record's whole ID number and phone with a
reason, and export unmasked sheets with a reason; 登记员 see masked numbers and export masked
sheets only. Every reveal is audited by record UUID and reason, never with the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from checkpoint_app.records.model import StaffRole
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.staff import Staff

MIN_REASON_LENGTH = 2
_PRIVILEGED = frozenset({StaffRole.LEAD, StaffRole.ADMIN})
# Seven or more digits (or an ID's trailing X) in a typed reason may be a number someone
# pasted; the audit log never holds one.
_LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}[\dXx]")


class AccessDenied(Exception):
    """The signed-in person's role may not do this; `message` is Chinese, for the screen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class RevealedIdentity:
    """One record's whole document number and phone, for as long as a dialog shows them."""

    uuid: str
    document_number: str
    phone: str


def may_unmask(role: StaffRole) -> bool:
    """Whether `role` may see whole ID numbers and phones (with a reason, audited)."""
    return role in _PRIVILEGED


def may_export_unmasked(role: StaffRole) -> bool:
    """Whether `role` may write a file with whole ID numbers and phones (with a reason)."""
    return role in _PRIVILEGED


def scrub_reason(reason: str) -> str:
    """The reason as the audit log keeps it: stripped, with any long digit run starred."""
    return _LONG_NUMBER.sub(lambda m: "*" * len(m.group(0)), reason.strip())[:200]


def check_unmask_allowed(
    role: StaffRole, reason: str, *, what: str = "查看完整证件号和手机号"
) -> str:
    """The scrubbed reason if `role` may unmask with `reason`; raises AccessDenied otherwise."""
    if not may_unmask(role):
        raise AccessDenied(f"{role.label}无权{what}，请联系卡点负责人")
    cleaned = scrub_reason(reason)
    if len(cleaned) < MIN_REASON_LENGTH:
        raise AccessDenied(f"{what}需要填写原因")
    return cleaned


def reveal_identity(db: Database, uuid: str, *, staff: Staff, reason: str) -> RevealedIdentity:
    """One record's whole ID number and phone for a lead or admin, audited with the reason.

    Raises AccessDenied for a registrar or an empty reason (nothing is audited then except
    the refusal), LookupError when the record does not exist.
    """
    try:
        cleaned = check_unmask_allowed(staff.role, reason)
    except AccessDenied:
        with db.atomic():
            append_audit(db, "record.unmask_refused", staff_id=staff.id, subject=uuid)
        raise
    row = db.execute(
        "SELECT document_number, phone FROM records WHERE uuid = ? AND is_current = 1", [uuid]
    ).fetchone()
    if row is None:
        raise LookupError(uuid)
    with db.atomic():
        append_audit(
            db,
            "record.unmasked",
            staff_id=staff.id,
            subject=uuid,
            details={"reason": cleaned, "fields": ["document_number", "phone"]},
        )
    return RevealedIdentity(uuid, row[0], row[1])
