"""The local store as the county and the worker rely on it: durable, atomic, versioned, audited."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from checkpoint_app.records.model import (
    Disposition,
    TravellerRecord,
)
from checkpoint_app.storage.audit import verify_audit_chain
from checkpoint_app.storage.database import open_database
from checkpoint_app.storage.migrations import MIGRATIONS
from checkpoint_app.storage.records import (
    RecordFilter,
    RecordFlags,
    RecordRepository,
    ScanArtefact,
    StorageError,
)
from checkpoint_app.storage.staff import SignInError, current_shift, open_shift, sign_in
from tests.factories import make_record

NOW = datetime(2022, 4, 10, 9, 30, tzinfo=UTC)
CLEAR = RecordFlags(fever=False, nat_expired=False)
DATA = Path(__file__).resolve().parent.parent / "data"


def traveller(**changes: object) -> TravellerRecord:
    # The NAT stays sampled 20 hours before NOW even when a test moves the check.
    return make_record(
        **({"checked_at": NOW, "nat_sampled_at": NOW - timedelta(hours=20)} | changes)
    )


def test_store_is_wal_with_full_sync_and_foreign_keys(fresh_db):
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_saved_record_reads_back_identically_with_its_outbox_row(workstation):
    repo = RecordRepository(workstation.db)
    record = traveller(shift_id=workstation.shift.id, staff_id=workstation.registrar.id)
    repo.save(record, flags=CLEAR, artefacts=[ScanArtefact("wedge", "id_number")])
    assert repo.get(record.uuid) == record
    outbox = workstation.db.execute(
        "SELECT record_uuid, record_version, synced_at FROM outbox"
    ).fetchall()
    assert outbox == [(record.uuid, 1, None)]
    assert repo.pending_count() == 1


def test_record_and_outbox_are_written_together_or_not_at_all(workstation):
    db = workstation.db
    # Make the outbox write fail after the record row went in, as a full disk would.
    db.execute(
        "CREATE TEMP TRIGGER outbox_fails BEFORE INSERT ON outbox"
        " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
    )
    with pytest.raises(StorageError) as refused:
        RecordRepository(db).save(traveller(), flags=CLEAR)
    assert "未写入" in refused.value.message
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_saving_the_same_uuid_twice_is_refused_and_keeps_the_first(fresh_db):
    repo = RecordRepository(fresh_db)
    record = traveller()
    repo.save(record, flags=CLEAR)
    with pytest.raises(StorageError) as refused:
        repo.save(replace(record, temperature=39.0), flags=CLEAR)
    assert "重复" in refused.value.message
    assert repo.get(record.uuid).temperature == 36.5


def test_correction_creates_new_version_and_keeps_the_old_one_audited(workstation):
    repo = RecordRepository(workstation.db)
    record = traveller()
    repo.save(record, flags=CLEAR, staff_id=workstation.registrar.id)
    fixed = record.corrected(name="张卫", disposition=Disposition.HOME_MONITORING)
    repo.correct(fixed, flags=CLEAR, reason="姓名录错", staff_id=workstation.lead.id)
    assert [v.name for v in repo.history(record.uuid)] == ["张伟", "张卫"]
    assert repo.get(record.uuid) == fixed
    assert repo.count(RecordFilter()) == 1  # one traveller, two versions
    outbox = workstation.db.execute("SELECT record_version FROM outbox ORDER BY id").fetchall()
    assert outbox == [(1,), (2,)]  # the county receives the correction as a new version
    audit = workstation.db.execute(
        "SELECT action, details FROM audit_log WHERE subject = ? ORDER BY id", [record.uuid]
    ).fetchall()
    assert [a for a, _ in audit] == ["record.saved", "record.corrected"]
    assert '"old_version": 1' in audit[1][1] and '"new_version": 2' in audit[1][1]
    assert "411623199004151232" not in audit[1][1]  # never a full ID number in the log


def test_correction_without_reason_or_on_a_stale_version_is_refused(fresh_db):
    repo = RecordRepository(fresh_db)
    record = traveller()
    repo.save(record, flags=CLEAR)
    with pytest.raises(StorageError, match="原因"):
        repo.correct(record.corrected(), flags=CLEAR, reason=" ", staff_id=None)
    repo.correct(record.corrected(), flags=CLEAR, reason="体温复测", staff_id=None)
    with pytest.raises(StorageError) as stale:
        repo.correct(record.corrected(), flags=CLEAR, reason="再改", staff_id=None)
    assert "已被他人更正" in stale.value.message


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("411623199004151232", 1),
        ("1232", 1),
        ("5678", 1),
        ("13812345678", 1),
        ("豫P12", 1),
        ("张伟", 1),
        ("张", 0),  # one character is too broad to prefix-match a million-row store
        ("李", 0),
        ("9999", 0),
    ],
)
def test_search_finds_by_id_tail_phone_plate_and_name(fresh_db, query, expected):
    repo = RecordRepository(fresh_db)
    repo.save(traveller(), flags=CLEAR)
    repo.save(
        traveller(document_number="110105197001010011", name="王芳", phone="", plate=""),
        flags=CLEAR,
    )
    assert len(repo.list_items(RecordFilter(text=query))) == expected


def test_audit_log_refuses_edits_and_deletions(workstation):
    db = workstation.db
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET action = 'x' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log WHERE id = 1")


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder"])
def test_audit_verify_detects_edited_deleted_or_reordered_entries(workstation, tamper):
    db = workstation.db
    RecordRepository(db).save(traveller(), flags=CLEAR)
    assert verify_audit_chain(db) == []
    # Someone with a SQLite shell removes the guard first.
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    if tamper == "edit":
        db.execute("UPDATE audit_log SET subject = '某人' WHERE id = 2")
    elif tamper == "delete":
        db.execute("DELETE FROM audit_log WHERE id = 2")
    else:
        db.execute("UPDATE audit_log SET id = -1 WHERE id = 2")
        db.execute("UPDATE audit_log SET id = 2 WHERE id = 3")
        db.execute("UPDATE audit_log SET id = 3 WHERE id = -1")
    assert verify_audit_chain(db) != []


def test_five_wrong_pins_lock_the_account_and_are_audited(workstation):
    db = workstation.db
    for attempt in range(4):
        with pytest.raises(SignInError) as wrong:
            sign_in(db, "王建国", "0000", now=NOW)
        assert f"还可尝试 {4 - attempt} 次" in wrong.value.message
    with pytest.raises(SignInError, match="已锁定"):
        sign_in(db, "王建国", "0000", now=NOW)
    with pytest.raises(SignInError, match="已锁定"):
        sign_in(db, "王建国", "246813", now=NOW + timedelta(minutes=1))  # even the right PIN
    assert sign_in(db, "王建国", "246813", now=NOW + timedelta(minutes=6)).name == "王建国"
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE subject = '王建国'")]
    assert actions.count("signin.failed") == 4
    assert "signin.locked" in actions and actions[-1] == "signin"


def test_pins_are_stored_as_argon2id_hashes(workstation):
    hashes = [r[0] for r in workstation.db.execute("SELECT pin_hash FROM staff")]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert all("246813" not in h for h in hashes)


def test_restart_on_the_same_file_continues_the_open_shift(workstation, data_dir):
    shift_id = workstation.shift.id
    RecordRepository(workstation.db).save(traveller(shift_id=shift_id), flags=CLEAR)
    workstation.db.close()
    reopened = open_database(data_dir / "checkpoint.db")
    assert current_shift(reopened).id == shift_id
    staff = sign_in(reopened, "李秀英", "246813")
    assert open_shift(reopened, staff).id == shift_id
    assert RecordRepository(reopened).count(RecordFilter(shift_id=shift_id)) == 1


def test_database_of_schema_0001_upgrades_and_keeps_its_records(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0001.db", path)
    db = open_database(path)
    assert MIGRATIONS.applied(db)[0].name == "0001_initial"
    assert MIGRATIONS.pending(db) == []
    assert RecordRepository(db).count(RecordFilter()) == 3
    # Records from before the optional address read back without one.
    uuids = [row[0] for row in db.execute("SELECT uuid FROM records")]
    assert {RecordRepository(db).get(u).destination_address for u in uuids} == {""}
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_choice_against_the_suggestion_is_audited_with_its_reason_but_no_number(workstation):
    repo = RecordRepository(workstation.db)
    record = traveller(
        disposition=Disposition.TURN_BACK,
        override_reason="县指挥部通知：411623199004151232 同车人员一律劝返",
        shift_id=workstation.shift.id,
    )
    repo.save(record, flags=CLEAR, staff_id=workstation.registrar.id)
    (details,) = [
        r[0]
        for r in workstation.db.execute(
            "SELECT details FROM audit_log WHERE action = 'record.saved' AND subject = ?",
            [record.uuid],
        )
    ]
    assert "同车人员一律劝返" in details
    assert "411623199004151232" not in details
