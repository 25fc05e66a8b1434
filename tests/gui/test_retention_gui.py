"""Retention at the workstation: a lead's sign-in purges old delivered records, flags unsent."""

from __future__ import annotations

from datetime import timedelta

from checkpoint_app.records.model import Disposition, TravellerRecord
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.timefmt import to_db_time, utc_now


def _old_record(workstation, n: int, *, synced: bool) -> str:
    record = TravellerRecord(
        uuid=f"00000000-0000-4000-8000-{n:012d}",
        checked_at=utc_now() - timedelta(days=45),
        document_number=f"41162319900415{n:04d}",
        disposition=Disposition.RELEASE,
        shift_id=workstation.shift.id,
        staff_id=workstation.registrar.id,
    )
    RecordRepository(workstation.db).save(record, flags=RecordFlags(False, False))
    if synced:
        workstation.db.execute(
            "UPDATE outbox SET synced_at = ? WHERE record_uuid = ?",
            [to_db_time(utc_now()), record.uuid],
        )
        workstation.db.conn.commit()
    return record.uuid


def test_a_leads_sign_in_purges_delivered_old_records_and_flags_unsent_ones(
    make_main_window, qtbot, workstation
):
    _old_record(workstation, 1, synced=True)
    unsent = _old_record(workstation, 2, synced=False)
    window = make_main_window(staff=workstation.lead)
    # The purge starts once the window is up and runs on a worker; its counts show when done.
    qtbot.waitUntil(window._status_retention.isVisible, timeout=10_000)
    uuids = [r[0] for r in workstation.db.execute("SELECT uuid FROM records")]
    assert uuids == [unsent]
    assert "1 条超过保留期的记录尚未上报" in window._status_retention.text()
    assert window._status_retention.isVisible()
    window.close()


def test_a_registrars_sign_in_purges_nothing(make_main_window, qtbot, workstation):
    _old_record(workstation, 1, synced=True)
    window = make_main_window(staff=workstation.registrar)
    assert not window.purgeAction.isEnabled()
    with qtbot.assertNotEmitted(window.retention_purged, wait=300):
        pass
    assert workstation.db.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    window.close()
