"""A record the worker was told is saved survives the process being killed at any moment.

A writer process (kill_writer.py) saves records in a loop and prints each uuid only
after save() returned. It is killed with SIGKILL after a random, seeded delay and
restarted on the same file, a few hundred times. Afterwards every acknowledged uuid
must be in `records` with its outbox row, the file must pass `PRAGMA integrity_check`
and the audit chain must verify.

SIGKILL keeps what the process already handed to the OS; power loss (synchronous=FULL)
is a different failure that this test does not simulate.

CHECKPOINT_KILLS (default 200) sets the number of kills; CHECKPOINT_KILL_SEED the seed.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlite_utils import Database

from checkpoint_app.storage.audit import verify_audit_chain

WRITER = Path(__file__).with_name("kill_writer.py")
KILLS = int(os.environ.get("CHECKPOINT_KILLS", "200"))
SEED = int(os.environ.get("CHECKPOINT_KILL_SEED", "20220410"))
READY_TIMEOUT_S = 30.0
# Most kills land while the writer is saving: after a random number of acknowledgements
# (so a slow disk does not turn them into kills before the first save) plus a random
# fraction of a save or a few. Some land earlier, while it opens the store, recovers the
# WAL of the previous victim or sets up the checkpoint.
EARLY_KILL_SHARE = 0.15
EARLY_KILL_MAX_S = 0.25
SAVING_KILL_MAX_ACKS = 8
SAVING_KILL_MAX_S = 0.02


@dataclass
class KillRun:
    """What the writers acknowledged, and how their lives ended."""

    acknowledged: list[str] = field(default_factory=list)
    kills: int = 0
    kills_after_an_ack: int = 0
    unexpected_exits: list[str] = field(default_factory=list)


def _read_available(fd: int, timeout: float) -> bytes | None:
    """Bytes available on `fd` within `timeout`; b"" at end of file, None on timeout."""
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return None
    return os.read(fd, 65536)


def _read_lines(fd: int, data: bytes, count: int) -> bytes:
    """`data` plus what arrives on `fd` until it holds `count` lines, EOF or the timeout."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while data.count(b"\n") < count:
        chunk = _read_available(fd, max(0.0, deadline - time.monotonic()))
        if not chunk:  # timed out, or the writer died
            break
        data += chunk
    return data


def _lines(data: bytes) -> list[str]:
    # A line counts only once its newline arrived: a torn line was never acknowledged.
    *complete, _torn = data.split(b"\n")
    return [line.decode() for line in complete]


def kill_repeatedly(
    db_path: Path,
    *,
    kills: int,
    rng: random.Random,
    writer_args: tuple[str, ...] = (),
    writer: Path = WRITER,
) -> KillRun:
    """Start the writer, SIGKILL it after a random delay, restart it; `kills` times."""
    run = KillRun()
    for _ in range(kills):
        proc = subprocess.Popen(
            [sys.executable, str(writer), str(db_path), *writer_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        assert proc.stdout is not None and proc.stderr is not None
        fd = proc.stdout.fileno()
        data = b""
        if rng.random() < EARLY_KILL_SHARE:
            delay = rng.uniform(0, EARLY_KILL_MAX_S)
        else:
            # "ready", then that many acknowledgements.
            data = _read_lines(fd, data, 1 + rng.randint(0, SAVING_KILL_MAX_ACKS))
            delay = rng.uniform(0, SAVING_KILL_MAX_S)
        # The random moment of the kill is the point of the test, not a wait for something.
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=READY_TIMEOUT_S)
        while chunk := _read_available(fd, READY_TIMEOUT_S):
            data += chunk
        stderr = proc.stderr.read().decode(errors="replace")
        proc.stdout.close()
        proc.stderr.close()
        if proc.returncode != -signal.SIGKILL:
            run.unexpected_exits.append(f"exit {proc.returncode}: {stderr[-2000:]}")
            continue
        run.kills += 1
        acks = [line for line in _lines(data) if line != "ready"]
        run.acknowledged.extend(acks)
        run.kills_after_an_ack += bool(acks)
    return run


@dataclass(frozen=True)
class StoredState:
    with_outbox: set[str]
    records: int
    outbox_rows: int
    saved_audit_entries: int
    integrity: list[str]
    audit_problems: list[str]


def stored_state(db_path: Path) -> StoredState:
    """What a fresh connection finds in the file after the last kill (WAL recovery included)."""
    db = Database(sqlite3.connect(str(db_path)))
    try:
        return StoredState(
            with_outbox={
                row[0]
                for row in db.execute(
                    "SELECT r.uuid FROM records r JOIN outbox o"
                    " ON o.record_uuid = r.uuid AND o.record_version = r.version"
                )
            },
            records=db.execute("SELECT count(*) FROM records").fetchone()[0],
            outbox_rows=db.execute("SELECT count(*) FROM outbox").fetchone()[0],
            saved_audit_entries=db.execute(
                "SELECT count(*) FROM audit_log WHERE action = 'record.saved'"
            ).fetchone()[0],
            integrity=[row[0] for row in db.execute("PRAGMA integrity_check")],
            audit_problems=verify_audit_chain(db),
        )
    finally:
        db.close()


@pytest.mark.slow
def test_sigkill_while_saving_loses_no_acknowledged_record(tmp_path: Path) -> None:
    db_path = tmp_path / "checkpoint.db"
    run = kill_repeatedly(db_path, kills=KILLS, rng=random.Random(SEED))

    assert run.unexpected_exits == [], "the writer must only ever die by SIGKILL"
    # Guard against a vacuous pass: most writers must have been killed mid-stream.
    assert run.kills_after_an_ack >= KILLS // 2, run
    assert len(set(run.acknowledged)) == len(run.acknowledged)

    state = stored_state(db_path)
    lost = [uuid for uuid in run.acknowledged if uuid not in state.with_outbox]
    assert lost == [], (
        f"{len(lost)} of {len(run.acknowledged)} acknowledged records missing or without"
        f" outbox row after {run.kills} kills (CHECKPOINT_KILL_SEED={SEED})"
    )
    assert state.integrity == ["ok"]
    assert state.audit_problems == []
    # Record, outbox row and audit entry are one transaction: a kill leaves all or none.
    assert state.records == state.outbox_rows == state.saved_audit_entries
    assert state.records >= len(run.acknowledged)


@pytest.mark.slow
def test_acknowledging_before_commit_is_caught_as_a_lost_record(tmp_path: Path) -> None:
    """The same harness against a writer that says "saved" too early must find losses;
    otherwise the test above could pass without being able to fail."""
    db_path = tmp_path / "checkpoint.db"
    run = kill_repeatedly(
        db_path,
        kills=20,
        rng=random.Random(SEED),
        writer_args=("--ack-before-commit",),
    )

    state = stored_state(db_path)
    lost = [uuid for uuid in run.acknowledged if uuid not in state.with_outbox]
    assert run.unexpected_exits == []
    assert lost != []
    assert state.integrity == ["ok"]
    assert state.audit_problems == []
