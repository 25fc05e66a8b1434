"""Fixtures shared by the whole suite: a real SQLite store per test, a signed-in workstation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Qt must never look for a display in tests; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlite_utils import Database

from checkpoint_app.records.model import CheckpointKind, StaffRole
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.staff import (
    Checkpoint,
    Shift,
    Staff,
    add_staff,
    open_shift,
    set_up_checkpoint,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
REQUIRE_SHARED = os.environ.get("CHECKPOINT_REQUIRE_SHARED") == "1"


def shared_path(*parts: str) -> Path:
    """A path in ../shared; skips the test when absent (fails instead when CI requires it)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if REQUIRE_SHARED:
            pytest.fail(f"{path} is missing and CHECKPOINT_REQUIRE_SHARED=1")
        pytest.skip(f"{path} is not available in this checkout")
    return path


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the real per-user data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def fresh_db(data_dir: Path) -> Iterator[Database]:
    db = open_database(data_dir / DATABASE_FILENAME)
    yield db
    db.close()


@dataclass(frozen=True)
class Workstation:
    db: Database
    checkpoint: Checkpoint
    admin: Staff
    lead: Staff
    registrar: Staff
    shift: Shift


PIN = "246813"


@pytest.fixture
def workstation(fresh_db: Database) -> Workstation:
    """A set-up checkpoint with an admin, a lead and a registrar; the registrar's shift is open."""
    checkpoint, admin = set_up_checkpoint(
        fresh_db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin=PIN,
    )
    lead = add_staff(fresh_db, "李秀英", StaffRole.LEAD, PIN, by_staff_id=admin.id)
    registrar = add_staff(fresh_db, "王建国", StaffRole.REGISTRAR, PIN, by_staff_id=admin.id)
    shift = open_shift(fresh_db, registrar)
    return Workstation(fresh_db, checkpoint, admin, lead, registrar, shift)
