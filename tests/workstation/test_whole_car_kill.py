"""A whole-car disposition (Shift+F8) survives SIGKILL as all of the car or none of it.

The writer (car_writer.py) registers cars of three; the third person's save gives the
whole car 劝返. It is killed at random moments and restarted on the same file. Afterwards
no car may be half decided: its current records are all 劝返 or none are.

CHECKPOINT_CAR_KILLS (default 40) sets the number of kills.
"""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from tests.storage.test_kill_durability import SEED, kill_repeatedly

WRITER = Path(__file__).with_name("car_writer.py")
KILLS = int(os.environ.get("CHECKPOINT_CAR_KILLS", "40"))


def half_decided_cars(db_path: Path) -> list[str]:
    db = sqlite3.connect(str(db_path))
    try:
        rows = db.execute(
            "SELECT vehicle_id, sum(disposition = 'turn_back'), count(*) FROM records"
            " WHERE is_current = 1 AND vehicle_id IS NOT NULL GROUP BY vehicle_id"
        ).fetchall()
        assert [row[0] for row in db.execute("PRAGMA integrity_check")] == ["ok"]
    finally:
        db.close()
    return [car for car, turned_back, members in rows if 0 < turned_back < members]


def decided_cars(db_path: Path) -> int:
    db = sqlite3.connect(str(db_path))
    try:
        return int(
            db.execute(
                "SELECT count(*) FROM audit_log WHERE action = 'vehicle.disposition'"
            ).fetchone()[0]
        )
    finally:
        db.close()


@pytest.mark.slow
def test_sigkill_during_whole_car_disposition_leaves_the_car_decided_or_not(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "checkpoint.db"
    run = kill_repeatedly(db_path, kills=KILLS, rng=random.Random(SEED), writer=WRITER)
    assert run.unexpected_exits == []
    assert run.kills_after_an_ack >= KILLS // 2, run
    assert decided_cars(db_path) >= len(run.acknowledged) > 0
    assert half_decided_cars(db_path) == []


@pytest.mark.slow
def test_a_writer_deciding_the_car_in_two_transactions_is_caught(tmp_path: Path) -> None:
    """The same harness must see half-decided cars from a split writer, or it proves nothing."""
    db_path = tmp_path / "checkpoint.db"
    found: list[str] = []
    rng = random.Random(SEED)
    for _ in range(10):  # a kill must land between the two transactions at least once
        kill_repeatedly(db_path, kills=20, rng=rng, writer=WRITER, writer_args=("--split",))
        found = half_decided_cars(db_path)
        if found:
            break
    assert found != []
