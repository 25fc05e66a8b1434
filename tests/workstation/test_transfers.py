"""Recording a closed-loop transfer at the checkpoint: checked like the form, stored with
its audit row in one transaction, only to a site of the county's list for the disposition."""

from __future__ import annotations

import pytest

from checkpoint_app.records.model import Disposition
from checkpoint_app.records.transfers import TRANSFER_CODE_ALPHABET, format_transfer_code
from checkpoint_app.storage.audit import recent_audit, verify_audit_chain
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.transfers import transfers_for_record, unpushed_count
from checkpoint_app.workstation import transfers as transfer_cases
from checkpoint_app.workstation.transfers import (
    ESCORT_NAME,
    ESCORT_PHONE,
    PLATE,
    RECORD,
    SITE,
    TransferError,
    TransferRequest,
    record_transfer,
    transfer_sites,
)
from tests.factories import NOW, install_site_list, make_record

CLEAR = RecordFlags(fever=False, nat_expired=False)


def saved(workstation, disposition=Disposition.CENTRAL_QUARANTINE):
    record = make_record(disposition=disposition, shift_id=workstation.shift.id)
    RecordRepository(workstation.db).save(record, flags=CLEAR, staff_id=workstation.registrar.id)
    return record


def request(record, **changes):
    values = dict(
        record_uuid=record.uuid,
        site_id=1,
        plate="豫P·A1234",
        escort_name="刘红梅",
        escort_phone="139 1234 5678",
    )
    return TransferRequest(**(values | changes))


def audit_actions(db):
    return [e.action for e in recent_audit(db)]


def test_a_transfer_is_stored_with_a_printable_code_and_an_audit_row_without_the_phone(
    workstation,
):
    install_site_list(workstation.db)
    record = saved(workstation)

    transfer = record_transfer(
        workstation.db, request(record), staff_id=workstation.registrar.id, departed_at=NOW
    )

    assert len(transfer.code) == 8 and set(transfer.code) <= set(TRANSFER_CODE_ALPHABET)
    assert format_transfer_code(transfer.code)[4] == "-"
    assert (transfer.site_name, transfer.plate, transfer.escort_phone) == (
        "商水县第一集中隔离点",
        "豫PA1234",
        "13912345678",
    )
    assert transfers_for_record(workstation.db, record.uuid) == [transfer]
    assert not transfer.pushed and transfer.received_at is None
    entry = recent_audit(workstation.db)[0]
    assert (entry.action, entry.subject, entry.staff_id) == (
        "transfer.recorded",
        record.uuid,
        workstation.registrar.id,
    )
    assert entry.details["code"] == transfer.code
    assert "13912345678" not in str(entry.details) and entry.details["escort_phone"].startswith(
        "139"
    )
    assert verify_audit_chain(workstation.db) == []


def test_the_sites_offered_follow_the_disposition(workstation):
    install_site_list(workstation.db)

    quarantine = [s.name for s in transfer_sites(workstation.db, Disposition.CENTRAL_QUARANTINE)]
    fever = [s.name for s in transfer_sites(workstation.db, Disposition.FEVER_CLINIC)]

    assert quarantine == ["商水县第一集中隔离点", "谭庄镇接回专班"]
    assert fever == ["商水县人民医院发热门诊"]
    assert transfer_sites(workstation.db, Disposition.RELEASE) == []


@pytest.mark.parametrize(
    ("disposition", "changes", "field", "words"),
    [
        (Disposition.RELEASE, {}, RECORD, "不需要闭环转运"),
        (Disposition.CENTRAL_QUARANTINE, {"site_id": 2}, SITE, "发热门诊"),
        (Disposition.FEVER_CLINIC, {"site_id": 1}, SITE, "不接收"),
        (Disposition.CENTRAL_QUARANTINE, {"site_id": 99}, SITE, "不在县指挥部现行的接收点名单"),
        (Disposition.CENTRAL_QUARANTINE, {"site_id": None}, SITE, "请选择接收点"),
        (Disposition.CENTRAL_QUARANTINE, {"plate": "豫12345"}, PLATE, "车牌"),
        (Disposition.CENTRAL_QUARANTINE, {"escort_name": "  "}, ESCORT_NAME, "护送人员"),
        (Disposition.CENTRAL_QUARANTINE, {"escort_phone": "1391234"}, ESCORT_PHONE, "11位"),
    ],
)
def test_a_transfer_the_county_could_not_trust_is_refused_naming_the_field_and_writes_nothing(
    workstation, disposition, changes, field, words
):
    install_site_list(workstation.db)
    record = saved(workstation, disposition)
    before = audit_actions(workstation.db)

    with pytest.raises(TransferError) as refused:
        record_transfer(workstation.db, request(record, **changes), staff_id=None)

    assert refused.value.field == field and words in refused.value.message
    assert transfers_for_record(workstation.db, record.uuid) == []
    assert audit_actions(workstation.db) == before


def test_without_the_county_site_list_no_transfer_can_be_recorded(workstation):
    record = saved(workstation)

    with pytest.raises(TransferError) as refused:
        record_transfer(workstation.db, request(record), staff_id=None)

    assert "请先同步" in refused.value.message
    assert unpushed_count(workstation.db) == 0


def test_the_transfer_and_its_audit_row_are_one_transaction(workstation, monkeypatch):
    install_site_list(workstation.db)
    record = saved(workstation)

    def audit_fails(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(transfer_cases, "append_audit", audit_fails)
    with pytest.raises(OSError):
        record_transfer(workstation.db, request(record), staff_id=None)

    assert transfers_for_record(workstation.db, record.uuid) == []
    assert unpushed_count(workstation.db) == 0
