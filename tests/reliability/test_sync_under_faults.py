"""10,000 waiting records pushed through a faulty network into a real county server process.

Between the app's sync client and the county sits tests/reliability/fault_proxy.py, which
resets, cuts after commit, duplicates, delays past the client's timeout, or answers 500
before or after commit — a seeded choice per request, at least a fifth of them. The sync
is repeated until the outbox drains; afterwards, and after every single attempt, the
county and the workstation are compared. The same run against a county that does not
deduplicate must show duplicates, or these tests would prove nothing.

Sizes (environment): CHECKPOINT_RELIABILITY_RECORDS (10000), CHECKPOINT_RELIABILITY_SEEDS
(3, or a list such as "7,11"), CHECKPOINT_RELIABILITY_FAULT_RATE (0.3),
CHECKPOINT_RELIABILITY_BATCH (200).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest

from checkpoint_app.sync.client import enroll, push_pending
from tests.county_fixtures import CountyServer, county_database
from tests.reliability.fault_proxy import AFTER_COMMIT, NONE, FaultKind, FaultPlan, FaultProxy
from tests.reliability.harness import (
    FAULT_RATE,
    RECORDS,
    SEEDS,
    NaiveCountyServer,
    Tally,
    copy_station,
    env_int,
    synced_but_absent,
    tally,
)

# The app's own batch size: 50 requests per clean pass of 10,000 records.
BATCH = env_int("CHECKPOINT_RELIABILITY_BATCH", 200)
# Short, so that a "delay" fault costs seconds, not the 30 s the app waits in the field.
CLIENT_TIMEOUT_S = 2.0
DELAY_S = CLIENT_TIMEOUT_S + 1.5
MAX_ATTEMPTS = 1_000
MAX_STALLED = 25
DEADLINE_S = 600.0


@dataclass(frozen=True, slots=True)
class FaultRun:
    tally: Tally
    faults: Counter[str]
    requests: int
    attempts: int
    worst_synced_but_absent: int

    @property
    def faulted(self) -> int:
        return self.requests - self.faults[NONE]

    def describe(self, label: str) -> str:
        kinds = ", ".join(f"{k.value} {self.faults[k]}" for k in FaultKind)
        return (
            f"{label}: {self.requests} requests, {self.faulted} faulted "
            f"({self.faulted / max(1, self.requests):.0%}: {kinds}); {self.attempts} sync "
            f"attempts; {self.tally.describe()}; worst synced-but-absent during the run "
            f"{self.worst_synced_but_absent}"
        )


def drain_through_faults(
    template: Path, root: Path, server: CountyServer, seed: int, *, naive: bool = False
) -> FaultRun:
    """Push a copy of `template` through the fault proxy until nothing waits; count."""
    server.start()
    station = copy_station(template, root / "station")
    try:
        with FaultProxy(server.port) as proxy:
            enrolled = enroll(station.data_dir, proxy.url, server.enrollment_code())
            assert enrolled.ok, enrolled.failure
            proxy.set_plan(FaultPlan(seed=seed, rate=FAULT_RATE, delay_s=DELAY_S))
            conn = replace(station.connection(), timeout=httpx.Timeout(CLIENT_TIMEOUT_S))
            worst = attempts = stalled = 0
            started = time.monotonic()
            remaining = RECORDS
            while remaining:
                report = push_pending(station.db, conn, batch_size=BATCH)
                attempts += 1
                # Checked after every attempt, not only at the end: a row marked synced
                # too early would be hidden by a later resend.
                worst = max(worst, synced_but_absent(station, server, naive=naive))
                stalled = stalled + 1 if report.remaining == remaining else 0
                remaining = report.remaining
                # Bounded in count, time and progress: a county that refuses everything
                # (a broken server, not a flaky network) fails the test quickly.
                assert stalled < MAX_STALLED, f"no progress: {report.failure}"
                assert attempts < MAX_ATTEMPTS, "outbox did not drain"
                assert time.monotonic() - started < DEADLINE_S, "outbox did not drain in time"
            # A delayed copy may still be on its way to the county: let it land first.
            assert proxy.wait_idle(timeout=DELAY_S + 30)
            return FaultRun(
                tally(station, server, naive=naive),
                proxy.counts(),
                proxy.requests,
                attempts,
                worst,
            )
    finally:
        station.db.close()
        server.stop()
        server.store.close()


def _seed_params() -> list[object]:
    # The first seed runs in every quick run; the others are the long variant.
    return [
        pytest.param(seed, marks=() if i == 0 else pytest.mark.slow, id=f"seed{seed}")
        for i, seed in enumerate(SEEDS)
    ]


def assert_exactly_once(run: FaultRun) -> None:
    assert run.faulted >= 0.2 * run.requests
    if run.faulted >= len(FaultKind):  # the deck deals every kind once per len(FaultKind)
        assert all(run.faults[kind] > 0 for kind in FaultKind), run.faults
    assert run.tally.local_versions == RECORDS
    assert run.tally.lost == 0
    assert run.tally.duplicated == 0
    assert run.tally.county_rows == RECORDS
    assert run.tally.county_conflicts == 0
    assert run.worst_synced_but_absent == 0 and run.tally.synced_but_absent == 0
    assert run.tally.unsynced == 0


@pytest.mark.parametrize("seed", _seed_params())
def test_every_record_reaches_the_county_exactly_once_through_a_faulty_network(
    seed: int, waiting_store: Path, tmp_path: Path
) -> None:
    run = drain_through_faults(waiting_store, tmp_path, CountyServer(tmp_path), seed)
    print(run.describe(f"seed {seed}, deduplicating county (SQLite)"))
    assert_exactly_once(run)


@pytest.mark.slow
def test_every_record_reaches_a_postgresql_county_exactly_once_through_a_faulty_network(
    waiting_store: Path, tmp_path: Path
) -> None:
    # Duplicated copies race on PostgreSQL's row locks instead of SQLite's file lock.
    with county_database("postgresql", tmp_path) as url:
        server = CountyServer(tmp_path, url)
        run = drain_through_faults(waiting_store, tmp_path, server, SEEDS[0])
    print(run.describe(f"seed {SEEDS[0]}, deduplicating county (PostgreSQL)"))
    assert_exactly_once(run)


def test_a_county_that_does_not_deduplicate_shows_duplicates_under_the_same_faults(
    waiting_store: Path, tmp_path: Path
) -> None:
    seed = SEEDS[0]
    run = drain_through_faults(
        waiting_store, tmp_path, NaiveCountyServer(tmp_path), seed, naive=True
    )
    print(run.describe(f"seed {seed}, naive county"))
    assert sum(run.faults[kind] for kind in AFTER_COMMIT) > 0
    # The test bites: the same faults that left the real county exact duplicate here.
    assert run.tally.duplicated > 0
    assert run.tally.county_rows > RECORDS
    assert run.tally.lost == 0 and run.tally.unsynced == 0
