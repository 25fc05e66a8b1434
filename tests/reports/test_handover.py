"""The handover figures of a shift, against a store filled with known records."""

from __future__ import annotations

from datetime import datetime

import pytest

from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.reports.handover import ShiftNotFound, summarise_shift
from checkpoint_app.sync.outbox import ensure_sync_schema, remember_export
from tests.reports.shift_data import BEIJING, NOW, SHIFT_START, fill_shift


@pytest.fixture
def filled(workstation):
    fill_shift(workstation.db, workstation.shift.id, workstation.registrar.id)
    return workstation


def test_counts_per_disposition_and_colour_cover_only_current_versions_of_the_shift(filled):
    summary = summarise_shift(filled.db, filled.shift.id, now=NOW, tz=BEIJING)

    assert summary.total == 7
    assert dict(summary.by_disposition) == {
        Disposition.RELEASE: 2,
        Disposition.RELEASE_TEST: 1,
        Disposition.TURN_BACK: 1,
        Disposition.CENTRAL_QUARANTINE: 1,
        Disposition.HOME_QUARANTINE: 1,
        Disposition.HOME_MONITORING: 0,
        Disposition.FEVER_CLINIC: 1,
    }
    assert summary.by_colour[CodeColour.GREEN] == 4
    assert summary.by_colour[CodeColour.YELLOW] == 2
    assert summary.by_colour[CodeColour.RED] == 1
    assert summary.by_colour[CodeColour.UNKNOWN] == 0
    assert (summary.released, summary.turned_back) == (3, 1)
    assert (summary.central_quarantine, summary.fever_clinic) == (1, 1)


def test_fevers_and_expired_nat_are_the_flags_the_worker_was_shown(filled):
    summary = summarise_shift(filled.db, filled.shift.id, now=NOW, tz=BEIJING)
    assert summary.fevers == 1
    assert summary.nat_expired == 2


def test_shift_times_staff_and_checkpoint(filled):
    summary = summarise_shift(filled.db, filled.shift.id, now=NOW, tz=BEIJING)
    assert summary.started_at == SHIFT_START
    assert summary.ended_at is None
    assert summary.staff_name == "王建国"
    assert summary.registrars == ("王建国",)
    assert (summary.checkpoint_name, summary.township) == ("宁洛高速谭庄站", "谭庄镇")


def test_arrivals_per_local_hour_list_every_hour_of_the_shift(filled):
    summary = summarise_shift(filled.db, filled.shift.id, now=NOW, tz=BEIJING)
    assert [(h.hour.strftime("%H:%M"), h.count) for h in summary.arrivals_per_hour] == [
        ("08:00", 2),
        ("09:00", 2),
        ("10:00", 3),
        ("11:00", 0),
        ("12:00", 0),
    ]
    assert summary.arrivals_per_hour[0].hour == datetime(2022, 4, 10, 8, tzinfo=BEIJING)


def test_unsynced_counts_every_unacknowledged_version_including_corrections(filled):
    summary = summarise_shift(filled.db, filled.shift.id, now=NOW, tz=BEIJING)
    # 8 versions in the shift (7 records, one corrected), 2 synced; 1 more in another shift.
    assert summary.unsynced == 6
    assert summary.unsynced_total == 7
    assert summary.unexported == 8
    assert summary.undelivered == 6


def test_an_export_bundle_counts_as_delivered(filled):
    db = filled.db
    ensure_sync_schema(db)
    ids = [r[0] for r in db.execute("SELECT id FROM outbox ORDER BY id LIMIT 5")]
    remember_export(
        db,
        bundle_id="b1",
        file_name="x.kdtb",
        kind="since_last",
        outbox_ids=ids,
        sequence=1,
        payload_sha256="0" * 64,
    )
    summary = summarise_shift(db, filled.shift.id, now=NOW, tz=BEIJING)
    assert summary.unexported == 3
    assert summary.unsynced == 6
    assert summary.undelivered == 3  # 5 exported, 2 of those also synced


def test_a_shift_bundle_covers_its_own_shift(filled):
    db = filled.db
    ensure_sync_schema(db)
    ids = [
        r[0]
        for r in db.execute(
            "SELECT o.id FROM outbox o JOIN records r ON r.uuid = o.record_uuid"
            " AND r.version = o.record_version WHERE r.shift_id = ?",
            [filled.shift.id],
        )
    ]
    remember_export(
        db,
        bundle_id="b2",
        file_name="y.kdtb",
        kind="shift",
        outbox_ids=ids,
        sequence=1,
        payload_sha256="0" * 64,
    )
    summary = summarise_shift(db, filled.shift.id, now=NOW, tz=BEIJING)
    assert (summary.unexported, summary.undelivered) == (0, 0)


def test_an_empty_shift_has_zero_counts_and_its_hours(workstation):
    summary = summarise_shift(workstation.db, workstation.shift.id)
    assert summary.total == 0
    assert summary.fevers == summary.nat_expired == summary.unsynced == 0
    assert all(h.count == 0 for h in summary.arrivals_per_hour)
    assert len(summary.arrivals_per_hour) in (1, 2)


def test_a_closed_shift_shows_its_end_and_note(filled):
    from checkpoint_app.storage.staff import close_shift

    close_shift(filled.db, filled.shift.id, staff=filled.registrar, note="3号车道扫码枪失灵")
    summary = summarise_shift(filled.db, filled.shift.id, tz=BEIJING)
    assert summary.ended_at is not None
    assert summary.handover_note == "3号车道扫码枪失灵"


def test_unknown_shift_is_refused(fresh_db):
    with pytest.raises(ShiftNotFound):
        summarise_shift(fresh_db, 42)
