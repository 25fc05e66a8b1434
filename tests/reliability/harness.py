"""What the reliability tests and bench/bench_sync.py share: stores full of waiting records,
county servers (real and naive), and the three counts that must stay zero.

The counts, read from both sides after (and during) a sync:

* lost                    – a version in the workstation's outbox the county does not hold
                            with the same content hash;
* duplicated              – a (uuid, version) the county holds more than once (the real
                            county's key makes this impossible; the naive one does not);
* synced but absent       – an outbox row marked synced whose version the county lacks.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from checkpoint_app.county.store import record_conflicts, records
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.staff import current_shift, get_checkpoint, list_staff
from checkpoint_app.sync.outbox import load_wire
from checkpoint_app.sync.protocol import content_hash
from tests.county_fixtures import CountyServer, Station, make_station
from tests.reliability.naive_county import naive_counts


def env_int(name: str, default: int) -> int:
    """A size from the environment (so CI stays quick and a person can run it big)."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def env_seeds(name: str, default: int) -> list[int]:
    """`3` means seeds 1, 2, 3; `7,11` means exactly those seeds."""
    value = os.environ.get(name, "").strip()
    if "," in value:
        return [int(s) for s in value.split(",") if s.strip()]
    return list(range(1, (int(value) if value else default) + 1))


# Records waiting in the workstation's outbox at the start of each fault run.
RECORDS = env_int("CHECKPOINT_RELIABILITY_RECORDS", 10_000)
# Faulted share of the requests (at least a fifth, as the issue asks).
FAULT_RATE = env_float("CHECKPOINT_RELIABILITY_FAULT_RATE", 0.3)
SEEDS = env_seeds("CHECKPOINT_RELIABILITY_SEEDS", 3)


# ---------------------------------------------------------------------------- stores


def build_station(root: Path, count: int, *, name: str = "宁洛高速谭庄站") -> Path:
    """A workstation data folder with `count` records waiting, saved by the app's own code.

    Every record goes through RecordRepository.save (record, outbox row, audit entry);
    the saves share one outer transaction (each save is a savepoint inside it), so
    10,000 of them cost one fsync instead of 10,000.
    """
    station = make_station(root, name)
    try:
        with station.db.atomic():
            station.save(count)
        station.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        station.db.close()
    return station.data_dir


def copy_station(template: Path, dest: Path) -> Station:
    """A copy of a prepared data folder, opened as the app opens it."""
    shutil.copytree(template, dest)
    return open_station(dest)


def open_station(data_dir: Path) -> Station:
    db = open_database(data_dir / DATABASE_FILENAME)
    checkpoint = get_checkpoint(db)
    shift = current_shift(db)
    assert checkpoint is not None and shift is not None
    return Station(data_dir, db, checkpoint, list_staff(db)[0], shift)


# ---------------------------------------------------------------------------- servers


class NaiveCountyServer(CountyServer):
    """The county server with its record deduplication taken out (tests/reliability only)."""

    MODULE = "tests.reliability.naive_county"


# ---------------------------------------------------------------------------- counts


@dataclass(frozen=True, slots=True)
class Tally:
    """The counts that must be zero, and what they were measured over."""

    local_versions: int
    county_rows: int
    lost: int
    duplicated: int
    synced_but_absent: int
    county_conflicts: int
    unsynced: int

    def describe(self) -> str:
        return (
            f"{self.local_versions} local versions, {self.county_rows} county rows: "
            f"lost {self.lost}, duplicated {self.duplicated}, "
            f"synced-but-absent {self.synced_but_absent}, county conflicts "
            f"{self.county_conflicts}, still unsynced {self.unsynced}"
        )


def county_counts(server: CountyServer, device_id: str, *, naive: bool) -> Counter[tuple[str, int]]:
    """Rows per (uuid, version) the county holds from one device."""
    if naive:
        return naive_counts(server.store.engine, device_id)
    with server.store.engine.connect() as conn:
        rows = conn.execute(
            select(records.c.uuid, records.c.version).where(records.c.device_id == device_id)
        ).all()
    return Counter((r.uuid, r.version) for r in rows)


def county_hashes(server: CountyServer, device_id: str) -> dict[tuple[str, int], str]:
    with server.store.engine.connect() as conn:
        rows = conn.execute(
            select(records.c.uuid, records.c.version, records.c.content_hash).where(
                records.c.device_id == device_id
            )
        ).all()
    return {(r.uuid, r.version): r.content_hash for r in rows}


def county_conflicts(server: CountyServer, device_id: str) -> int:
    with server.store.engine.connect() as conn:
        return len(
            conn.execute(
                select(record_conflicts.c.id).where(record_conflicts.c.device_id == device_id)
            ).all()
        )


def local_outbox(station: Station) -> dict[tuple[str, int], bool]:
    """(uuid, version) → marked synced, for every outbox row of the workstation."""
    return {
        (r[0], r[1]): bool(r[2])
        for r in station.db.execute(
            "SELECT record_uuid, record_version, synced_at IS NOT NULL FROM outbox"
        )
    }


def synced_but_absent(station: Station, server: CountyServer, *, naive: bool) -> int:
    """Rows the workstation believes delivered that the county does not hold (cheap enough
    to run after every attempt)."""
    held = county_counts(server, station.checkpoint.device_id, naive=naive)
    return sum(1 for key, synced in local_outbox(station).items() if synced and key not in held)


def tally(station: Station, server: CountyServer, *, naive: bool) -> Tally:
    """Every count, including a content check of each version against the county's hash."""
    device_id = station.checkpoint.device_id
    outbox_rows = local_outbox(station)
    held = county_counts(server, device_id, naive=naive)
    if naive:
        lost = sum(1 for key in outbox_rows if key not in held)
    else:
        hashes = county_hashes(server, device_id)
        lost = 0
        for uuid, version in outbox_rows:
            wire = load_wire(station.db, uuid, version)
            assert wire is not None
            if hashes.get((uuid, version)) != content_hash(wire):
                lost += 1
    return Tally(
        local_versions=len(outbox_rows),
        county_rows=sum(held.values()),
        lost=lost,
        duplicated=sum(n - 1 for n in held.values() if n > 1),
        synced_but_absent=sum(
            1 for key, synced in outbox_rows.items() if synced and key not in held
        ),
        county_conflicts=0 if naive else county_conflicts(server, device_id),
        unsynced=sum(1 for synced in outbox_rows.values() if not synced),
    )
