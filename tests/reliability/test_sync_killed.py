"""`checkpoint-app sync` killed with SIGKILL mid-push, again and again, through a faulty network.

A real `python -m checkpoint_app --data-dir D sync` process pushes 10,000 waiting records
through tests/reliability/fault_proxy.py to a real county server process and is killed
at a random moment once its first request is on the wire: while it reads a batch from
the outbox, while the county commits, between the county's commit and its own mark, in
the middle of writing the sequence counter. After every kill and after the final drain
the county and the workstation are compared (tests/reliability/harness.py).

Sizes (environment): CHECKPOINT_RELIABILITY_KILLS (15), CHECKPOINT_RELIABILITY_RECORDS,
CHECKPOINT_RELIABILITY_SEEDS (the first seed is used), CHECKPOINT_RELIABILITY_FAULT_RATE.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checkpoint_app.sync.client import enroll
from tests.county_fixtures import REPO_ROOT, CountyServer, Station
from tests.reliability.fault_proxy import NONE, FaultKind, FaultPlan, FaultProxy
from tests.reliability.harness import (
    FAULT_RATE,
    RECORDS,
    SEEDS,
    copy_station,
    county_counts,
    env_int,
    local_outbox,
    synced_but_absent,
    tally,
)

KILLS = env_int("CHECKPOINT_RELIABILITY_KILLS", 15)
# The longest a run is left alone after its first request: long enough for a few batches
# of 200, short enough that most runs die mid-push.
MAX_KILL_AFTER_S = 1.0
# The CLI uses the app's real 30 s timeout, so a reply held past it would cost half a
# minute per fault; the kill plays that part here (the client disappears mid-request).
KINDS = tuple(kind for kind in FaultKind if kind is not FaultKind.DELAY)
MAX_DRAIN_RUNS = 300
DEADLINE_S = 600.0


def sync_command(station: Station) -> list[str]:
    return [sys.executable, "-m", "checkpoint_app", "--data-dir", str(station.data_dir), "sync"]


def held_but_unmarked(station: Station, server: CountyServer) -> int:
    """Versions the county holds that the workstation still thinks are waiting: what a kill
    between the county's commit and the workstation's mark leaves behind."""
    held = county_counts(server, station.checkpoint.device_id, naive=False)
    return sum(1 for key, synced in local_outbox(station).items() if not synced and key in held)


@pytest.mark.slow
def test_a_sync_killed_at_random_moments_loses_and_duplicates_nothing(
    waiting_store: Path, tmp_path: Path
) -> None:
    seed = SEEDS[0]
    server = CountyServer(tmp_path)
    server.start()
    station = copy_station(waiting_store, tmp_path / "station")
    rng = random.Random(seed)
    try:
        with FaultProxy(server.port) as proxy:
            assert enroll(station.data_dir, proxy.url, server.enrollment_code()).ok
            proxy.set_plan(FaultPlan(seed=seed, rate=FAULT_RATE, kinds=KINDS))
            started = time.monotonic()
            killed = ended_alone = worst_absent = left_unmarked = 0
            # A run that a fault ended before its kill moment does not count: runs go on
            # until KILLS of them were killed (bounded, for a machine where most end alone).
            while killed < KILLS:
                assert ended_alone < 10 * KILLS, "runs keep ending before their kill moment"
                seen = proxy.requests
                process = subprocess.Popen(
                    sync_command(station),
                    cwd=REPO_ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                try:
                    assert proxy.wait_for_requests(seen + 1, timeout=60), "sync sent nothing"
                    try:
                        # Waiting on the process with a random deadline: the deadline is the
                        # kill moment, uniformly spread over the next few batches.
                        process.wait(timeout=rng.uniform(0, MAX_KILL_AFTER_S))
                        ended_alone += 1
                    except subprocess.TimeoutExpired:
                        process.send_signal(signal.SIGKILL)
                        killed += 1
                finally:
                    if process.poll() is None:
                        process.kill()
                    process.wait(timeout=30)
                worst_absent = max(worst_absent, synced_but_absent(station, server, naive=False))
                left_unmarked += held_but_unmarked(station, server) > 0
                assert time.monotonic() - started < DEADLINE_S
            unsynced_after_kills = tally(station, server, naive=False).unsynced

            # Drain: the same faults go on; a run ends non-zero while anything is left.
            runs = returncode = 0
            while returncode != 0 or runs == 0:
                runs += 1
                returncode = subprocess.run(
                    sync_command(station),
                    check=False,
                    cwd=REPO_ROOT,
                    capture_output=True,
                    timeout=120,
                ).returncode
                worst_absent = max(worst_absent, synced_but_absent(station, server, naive=False))
                assert runs < MAX_DRAIN_RUNS, "outbox did not drain"
                assert time.monotonic() - started < DEADLINE_S, "outbox did not drain in time"
            assert proxy.wait_idle(timeout=30)
            faults = proxy.counts()
            final = tally(station, server, naive=False)
        # A kill inside write_atomically leaves its temporary file behind: litter, not harm.
        litter = len(list((station.data_dir / "sync").glob(".*.tmp")))
        integrity = station.db.execute("PRAGMA integrity_check").fetchone()[0]
        foreign_keys = station.db.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        station.db.close()
        server.stop()
        server.store.close()

    requests = sum(faults.values())
    print(
        f"seed {seed}: {killed} runs killed mid-sync ({ended_alone} more ended by a fault "
        f"before their kill moment); after {left_unmarked} kills the county held versions "
        f"the workstation had not marked yet; "
        f"{unsynced_after_kills} versions left after the kills, drained in {runs} runs; "
        f"{requests} requests, {requests - faults[NONE]} faulted ("
        + ", ".join(f"{k.value} {faults[k]}" for k in KINDS)
        + f"); {final.describe()}; worst synced-but-absent {worst_absent}; "
        f"{litter} temporary files left in sync/ by kills"
    )
    assert integrity == "ok" and foreign_keys == []
    assert final.local_versions == RECORDS
    assert final.lost == 0
    assert final.duplicated == 0 and final.county_rows == RECORDS
    assert final.county_conflicts == 0
    assert worst_absent == 0 and final.synced_but_absent == 0
    assert final.unsynced == 0
