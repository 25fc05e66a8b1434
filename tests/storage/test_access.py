"""Roles and the audit trail: unmasking by reason, and every sign-in, failure and lock logged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from checkpoint_app.records.model import Disposition, TravellerRecord
from checkpoint_app.storage.access import AccessDenied, reveal_identity, scrub_reason
from checkpoint_app.storage.audit import recent_audit, verify_audit_chain
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.staff import (
    SignInError,
    note_screen_locked,
    note_screen_unlocked,
    sign_in,
)

ID_NUMBER = "411623199004151232"
PHONE = "13912345678"
NOW = datetime(2022, 4, 10, 4, 0, tzinfo=UTC)


@pytest.fixture
def saved(workstation):
    record = TravellerRecord(
        uuid="00000000-0000-4000-8000-000000000001",
        checked_at=NOW,
        document_number=ID_NUMBER,
        phone=PHONE,
        disposition=Disposition.RELEASE,
        shift_id=workstation.shift.id,
        staff_id=workstation.registrar.id,
    )
    RecordRepository(workstation.db).save(record, flags=RecordFlags(False, False))
    return workstation, record


def _entries(db):
    return [(e.action, e.staff_id, e.subject, e.details) for e in reversed(recent_audit(db, 50))]


def test_a_lead_reveals_the_whole_numbers_with_a_reason_and_the_reveal_is_audited(saved):
    ws, record = saved
    revealed = reveal_identity(ws.db, record.uuid, staff=ws.lead, reason="公安协查")
    assert (revealed.document_number, revealed.phone) == (ID_NUMBER, PHONE)
    action, staff_id, subject, details = _entries(ws.db)[-1]
    assert (action, staff_id, subject) == ("record.unmasked", ws.lead.id, record.uuid)
    assert details["reason"] == "公安协查"
    assert ID_NUMBER not in str(_entries(ws.db)) and PHONE not in str(_entries(ws.db))


def test_a_registrar_is_refused_by_the_domain_layer_and_the_refusal_is_audited(saved):
    ws, record = saved
    with pytest.raises(AccessDenied, match="登记员无权"):
        reveal_identity(ws.db, record.uuid, staff=ws.registrar, reason="好奇")
    assert _entries(ws.db)[-1][:2] == ("record.unmask_refused", ws.registrar.id)


def test_a_reveal_needs_a_reason(saved):
    ws, record = saved
    with pytest.raises(AccessDenied, match="原因"):
        reveal_identity(ws.db, record.uuid, staff=ws.admin, reason="  ")


def test_a_number_typed_into_the_reason_never_reaches_the_audit_log(saved):
    ws, record = saved
    reveal_identity(ws.db, record.uuid, staff=ws.lead, reason=f"核对 {ID_NUMBER} 身份")
    assert ID_NUMBER not in str(_entries(ws.db))
    assert scrub_reason(f"电话 {PHONE}") == "电话 " + "*" * 11


def test_every_sign_in_failure_lockout_and_screen_lock_is_audited(workstation):
    db = workstation.db
    name = workstation.registrar.name
    sign_in(db, name, "246813", now=NOW)
    for _ in range(5):
        with pytest.raises(SignInError):
            sign_in(db, name, "0000", now=NOW)
    with pytest.raises(SignInError, match="已锁定"):
        sign_in(db, name, "246813", now=NOW + timedelta(minutes=1))
    with pytest.raises(SignInError):
        sign_in(db, "不存在的人", "246813", now=NOW)
    note_screen_locked(db, workstation.registrar, idle=True)
    note_screen_unlocked(db, workstation.registrar, by=workstation.lead)
    actions = [a for a, *_ in _entries(db) if a.startswith(("signin", "screen"))]
    assert actions == [
        "signin",
        *["signin.failed"] * 4,
        "signin.locked",
        "signin.refused_locked",
        "signin.failed",
        "screen.locked",
        "screen.unlocked",
    ]
    unlocked = _entries(db)[-1]
    assert unlocked[1] == workstation.lead.id and unlocked[3] == {
        "for_staff_id": workstation.registrar.id
    }
    assert "246813" not in str(_entries(db)) and "0000" not in str(_entries(db))
    assert verify_audit_chain(db) == []
