"""Child process for the whole-car kill test: registers cars until it is killed.

    python tests/workstation/car_writer.py DBPATH [--split]

Each car is a driver and a passenger saved as 放行, then a third person saved with
Shift+F8 (劝返 for the whole car) through `workstation.registration.register`, which
must save that person and change the other two in one transaction. `--split` does the
same in two transactions (save, then the whole-car change), a deliberately broken
writer that lets the test prove it can see a half-decided car.
"""

from __future__ import annotations

import sys

sys.modules["numpy"] = None  # type: ignore[assignment]  # see tests/storage/kill_writer.py
sys.modules["pandas"] = None  # type: ignore[assignment]

import uuid  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

from checkpoint_app.policy.evaluate import evaluate  # noqa: E402
from checkpoint_app.policy.schema import default_policy  # noqa: E402
from checkpoint_app.records.divisions import load_divisions  # noqa: E402
from checkpoint_app.records.model import Disposition  # noqa: E402
from checkpoint_app.storage.database import open_database  # noqa: E402
from checkpoint_app.storage.records import RecordRepository  # noqa: E402
from checkpoint_app.workstation.registration import CarStep, Submission, register  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from storage.kill_writer import (  # noqa: E402
    WAL_AUTOCHECKPOINT_PAGES,
    ensure_open_shift,
    traveller,
)


def main(argv: list[str]) -> int:
    db = open_database(Path(argv[1]))
    split = "--split" in argv[2:]
    db.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    staff, shift = ensure_open_shift(db)
    policy, divisions = default_policy(), load_divisions()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for n in range(100_000):
        car = str(uuid.uuid4())
        for seat in range(3):
            last = seat == 2
            record = replace(
                traveller(3 * n + seat, staff, shift),
                vehicle_id=car,
                disposition=Disposition.TURN_BACK if last else Disposition.RELEASE,
                override_reason="同车一人来自高风险地区" if last else "",
            )
            step = CarStep.WHOLE_CAR if last else CarStep.NEXT_IN_CAR
            submission = Submission(record, (), evaluate(record, policy, divisions), step)
            if split and last:
                register(
                    db,
                    replace(submission, car_step=CarStep.NONE),
                    shift_id=shift.id,
                    staff_id=staff.id,
                    watch_list=None,
                )
                RecordRepository(db).apply_to_vehicle(
                    car, Disposition.TURN_BACK, reason="整车处置", staff_id=staff.id
                )
            else:
                register(db, submission, shift_id=shift.id, staff_id=staff.id, watch_list=None)
        sys.stdout.write(car + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
