"""Child process for the SIGKILL durability test: saves records until it is killed.

    python tests/storage/kill_writer.py DBPATH [--ack-before-commit]

Opens the store with `open_database`, sets up a checkpoint, a staff member and an
open shift if the file has none yet, prints ``ready``, then saves records in a loop
with `RecordRepository.save`. Only after save() has returned does it print the
record's uuid and flush: that line is the acknowledgement the worker would see as
"保存成功". `--ack-before-commit` prints the uuid *before* saving, a deliberately
broken writer that lets the test prove it can see a lost acknowledgement.

Nothing else may go to stdout: the parent reads every line as an acknowledgement.
"""

from __future__ import annotations

import sys

# sqlite-utils imports numpy (and pandas) when installed only to map their scalar types
# to column types; this writer never passes numpy values, and skipping the import halves
# the start-up time of a process that is started a few hundred times per test run.
sys.modules["numpy"] = None  # type: ignore[assignment]
sys.modules["pandas"] = None  # type: ignore[assignment]

from pathlib import Path  # noqa: E402

from sqlite_utils import Database  # noqa: E402

from checkpoint_app.records.model import (  # noqa: E402
    CheckpointKind,
    CodeColour,
    Disposition,
    FieldSource,
    NatResult,
    TravellerRecord,
    new_record_uuid,
)
from checkpoint_app.storage.database import open_database  # noqa: E402
from checkpoint_app.storage.records import (  # noqa: E402
    RecordFlags,
    RecordRepository,
    ScanArtefact,
)
from checkpoint_app.storage.staff import (  # noqa: E402
    Shift,
    Staff,
    get_checkpoint,
    list_staff,
    open_shift,
    set_up_checkpoint,
)
from checkpoint_app.storage.timefmt import utc_now  # noqa: E402

# Checkpoint the WAL into the main file every 64 pages instead of SQLite's 1,000, so a
# kill often lands in the middle of a checkpoint too, not only in a commit.
WAL_AUTOCHECKPOINT_PAGES = 64
WRITER_PIN = "246813"


def ensure_open_shift(db: Database) -> tuple[Staff, Shift]:
    """The checkpoint, its admin and an open shift; each step is its own transaction, so a
    kill between two of them leaves a state the next run continues from."""
    if get_checkpoint(db) is None:
        set_up_checkpoint(
            db,
            name="宁洛高速谭庄站",
            kind=CheckpointKind.TOLL_STATION,
            township="谭庄镇",
            admin_name="赵志刚",
            admin_pin=WRITER_PIN,
        )
    staff = list_staff(db)[0]
    return staff, open_shift(db, staff)


def traveller(n: int, staff: Staff, shift: Shift) -> TravellerRecord:
    """A plausible record; the repository stores what it is given, so no check digit is needed."""
    return TravellerRecord(
        uuid=new_record_uuid(),
        checked_at=utc_now(),
        disposition=Disposition.RELEASE if n % 10 else Disposition.HOME_MONITORING,
        document_number=f"41162319900415{n % 10_000:04d}",
        name="王建国" if n % 2 else "李秀英",
        phone=f"139{n % 100_000_000:08d}",
        plate=f"豫P{n % 100_000:05d}",
        origin_code="411602",
        origin_name="河南省周口市川汇区",
        destination_township="谭庄镇",
        reason="返乡",
        temperature=36.5,
        health_colour=CodeColour.GREEN if n % 10 else CodeColour.YELLOW,
        travel_colour=CodeColour.GREEN,
        nat_result=NatResult.NEGATIVE,
        vaccine_doses=3,
        sources={"document_number": FieldSource.SCANNED, "temperature": FieldSource.TYPED},
        shift_id=shift.id,
        staff_id=staff.id,
    )


def acknowledge(uuid: str) -> None:
    sys.stdout.write(uuid + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    db_path = Path(argv[1])
    ack_before_commit = "--ack-before-commit" in argv[2:]
    db = open_database(db_path)
    db.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    staff, shift = ensure_open_shift(db)
    repo = RecordRepository(db)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    # Bounded so a writer whose parent died does not fill the disk; the test kills it long before.
    for n in range(1_000_000):
        record = traveller(n, staff, shift)
        if ack_before_commit:
            acknowledge(record.uuid)
        repo.save(
            record,
            flags=RecordFlags(fever=False, nat_expired=False),
            artefacts=[ScanArtefact(source="wedge", payload_kind="id_number")],
            staff_id=staff.id,
        )
        if not ack_before_commit:
            acknowledge(record.uuid)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
