"""Retention: old records the county has got are purged; old unsent ones are kept and counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from checkpoint_app.records.model import CodeColour, Disposition, TravellerRecord
from checkpoint_app.storage.audit import recent_audit, verify_audit_chain
from checkpoint_app.storage.database import database_folder
from checkpoint_app.storage.kept_images import keep_image
from checkpoint_app.storage.records import RecordFlags, RecordRepository, ScanArtefact
from checkpoint_app.storage.retention import (
    find_unsent_old_records,
    purge_expired_records,
    retention_days_in_force,
)
from checkpoint_app.storage.timefmt import to_db_time
from checkpoint_app.sync.outbox import ensure_sync_schema, remember_export

NOW = datetime(2022, 6, 1, 4, 0, tzinfo=UTC)
FLAGS = RecordFlags(False, False)


def _record(n: int, *, days_ago: float, shift_id: int, staff_id: int) -> TravellerRecord:
    return TravellerRecord(
        uuid=f"00000000-0000-4000-8000-{n:012d}",
        checked_at=NOW - timedelta(days=days_ago),
        document_number=f"41162319900415{n:04d}",
        phone=f"1390000{n:04d}",
        plate=f"豫P{n:05d}",
        vehicle_id=f"car-{n}",
        disposition=Disposition.RELEASE,
        health_colour=CodeColour.GREEN,
        shift_id=shift_id,
        staff_id=staff_id,
    )


@pytest.fixture
def aged(workstation):
    """Records 1 (synced) and 2 (in a since-last bundle) are old and delivered, 3 is old and
    unsent, 4 is recent and synced; record 1 has a kept screenshot and a correction."""
    db = workstation.db
    ensure_sync_schema(db)
    repo = RecordRepository(db)
    ids = dict(shift_id=workstation.shift.id, staff_id=workstation.registrar.id)
    folder = database_folder(db)
    keep_image(folder, "a" * 64, b"png-bytes", today=NOW.date(), suffix=".png")
    keep_image(folder, "b" * 64, b"png-bytes", today=NOW.date(), suffix=".png")
    repo.save(
        _record(1, days_ago=40, **ids),
        flags=FLAGS,
        artefacts=[ScanArtefact("image", image_sha256="a" * 64, image_phash="ff")],
    )
    repo.correct(
        _record(1, days_ago=40, **ids).corrected(notes="改"), flags=FLAGS, reason="补", staff_id=1
    )
    repo.save(_record(2, days_ago=35, **ids), flags=FLAGS)
    repo.save(_record(3, days_ago=50, **ids), flags=FLAGS)
    repo.save(
        _record(4, days_ago=2, **ids),
        flags=FLAGS,
        artefacts=[ScanArtefact("image", image_sha256="b" * 64)],
    )
    synced = to_db_time(NOW)
    db.execute(
        "UPDATE outbox SET synced_at = ? WHERE record_uuid IN (?, ?)",
        [synced, _record(1, days_ago=0, **ids).uuid, _record(4, days_ago=0, **ids).uuid],
    )
    db.conn.commit()
    outbox_of_2 = [
        r[0]
        for r in db.execute(
            "SELECT id FROM outbox WHERE record_uuid = ?", [_record(2, days_ago=0, **ids).uuid]
        )
    ]
    remember_export(
        db,
        bundle_id="b1",
        file_name="x.kdt",
        kind="since_last",
        outbox_ids=outbox_of_2,
        sequence=1,
        payload_sha256="0" * 64,
    )
    return workstation


def _uuids(db):
    return sorted(r[0][-1] for r in db.execute("SELECT DISTINCT uuid FROM records"))


def test_delivered_old_records_are_purged_and_unsent_ones_kept(aged):
    db = aged.db
    report = purge_expired_records(
        db, retention_days=30, now=NOW, data_dir=database_folder(db), staff_id=aged.lead.id
    )
    # Record 3 (old, never sent) and 4 (recent) stay; 1 and 2 are gone with every version.
    assert _uuids(db) == ["3", "4"]
    assert (report.records_purged, report.versions_purged) == (2, 3)
    assert report.outbox_rows_purged == 3 and report.artefacts_purged == 1
    assert report.unsent.count == 1
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM scan_artefacts").fetchone()[0] == 1
    assert db.execute("SELECT id FROM vehicles ORDER BY id").fetchall() == [("car-3",), ("car-4",)]


def test_a_purged_records_transfer_goes_with_it_and_a_kept_ones_stays(aged):
    from checkpoint_app.storage.transfers import (
        StoredTransfer,
        insert_transfer,
        transfers_for_record,
    )

    ids = dict(shift_id=aged.shift.id, staff_id=aged.registrar.id)
    purged, kept = _record(1, days_ago=0, **ids).uuid, _record(3, days_ago=0, **ids).uuid
    for code, uuid in (("AAAA2345", purged), ("BBBB2345", kept)):
        insert_transfer(
            aged.db,
            StoredTransfer(
                code,
                uuid,
                2,
                "商水县人民医院发热门诊",
                "豫PJ0931",
                "刘红梅",
                "13912345678",
                NOW,
                None,
                False,
                None,
                None,
                "",
            ),
        )

    purge_expired_records(aged.db, retention_days=30, now=NOW, data_dir=database_folder(aged.db))

    assert transfers_for_record(aged.db, purged) == []
    assert [t.code for t in transfers_for_record(aged.db, kept)] == ["BBBB2345"]


def test_a_purged_records_kept_screenshot_is_deleted_and_others_stay(aged):
    folder = database_folder(aged.db)
    report = purge_expired_records(aged.db, retention_days=30, now=NOW, data_dir=folder)
    assert report.images_purged == 1
    left = sorted(p.stem for p in (folder / "images").glob("*/*"))
    assert left == ["b" * 64]


def test_the_purge_is_audited_with_counts_and_cutoff_and_no_personal_data(aged):
    db = aged.db
    purge_expired_records(db, retention_days=30, now=NOW, staff_id=aged.lead.id)
    entry = recent_audit(db, 1)[0]
    assert entry.action == "retention.purged" and entry.staff_id == aged.lead.id
    assert entry.subject == to_db_time(NOW - timedelta(days=30))
    assert entry.details["records"] == 2 and entry.details["unsent_kept"] == 1
    assert "41162319900415" not in str(entry) and "1390000" not in str(entry)
    assert verify_audit_chain(db) == []  # the log itself is never purged


def test_old_unsent_records_are_reported_for_the_lead(aged):
    unsent = find_unsent_old_records(aged.db, retention_days=30, now=NOW)
    assert unsent.count == 1
    assert unsent.oldest == NOW - timedelta(days=50)
    assert find_unsent_old_records(aged.db, retention_days=60, now=NOW).count == 0


def test_an_unacknowledged_correction_keeps_the_whole_record(aged):
    db = aged.db
    repo = RecordRepository(db)
    record = repo.get("00000000-0000-4000-8000-000000000004")
    assert record is not None
    db.execute(
        "UPDATE records SET checked_at = ? WHERE uuid = ?",
        [to_db_time(NOW - timedelta(days=90)), record.uuid],
    )
    db.conn.commit()
    repo.correct(record.corrected(notes="再改"), flags=FLAGS, reason="补", staff_id=1)
    purge_expired_records(db, retention_days=30, now=NOW)
    assert "4" in _uuids(db)
    assert len(repo.history(record.uuid)) == 2


def test_the_wal_is_empty_after_a_purge(aged):
    db = aged.db
    purge_expired_records(db, retention_days=30, now=NOW)
    wal = database_folder(db) / "checkpoint.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_no_retention_period_purges_nothing(aged):
    report = purge_expired_records(aged.db, retention_days=0, now=NOW)
    assert report.records_purged == 0 and _uuids(aged.db) == ["1", "2", "3", "4"]


def test_a_cancelled_purge_stops_between_whole_batches(aged):
    report = purge_expired_records(aged.db, retention_days=30, now=NOW, is_cancelled=lambda: True)
    assert report.cancelled and report.records_purged == 0
    assert _uuids(aged.db) == ["1", "2", "3", "4"]


def test_the_countys_period_wins_over_the_workstation_setting():
    assert retention_days_in_force(14, 30) == 14
    assert retention_days_in_force(None, 30) == 30
    assert retention_days_in_force(None, 0) == 0
