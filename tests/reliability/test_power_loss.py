"""A record the worker was told is saved survives a power cut at any write or sync.

tests/reliability/powercut_vfs.py cuts the power over the store's own pragmas
(STORE_PRAGMAS), schema and save SQL, and says what is real and what is simulated. Under
synchronous=FULL no acknowledged record may be lost and no image may be corrupt, with
the unsynced writes dropped or torn; the same harness under synchronous=NORMAL must lose
acknowledged records, or it would not be testing anything.

CHECKPOINT_POWER_CUTS (default 1000) sets the cuts; CHECKPOINT_POWER_SEED the seed.
bench/bench_power_loss.py runs the longer version, dropping and tearing apart.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from checkpoint_app.storage.audit import verify_audit_chain
from checkpoint_app.storage.database import DATABASE_FILENAME, STORE_PRAGMAS, open_database
from checkpoint_app.storage.records import RecordRepository
from tests.reliability.harness import env_int
from tests.reliability.powercut_vfs import (
    SECTOR,
    CutMode,
    FileImage,
    PowerCutVFS,
    Workload,
    capture_workload,
    check_image,
    replay_life,
    run_power_cuts,
    scratch_folder,
    with_synchronous,
)

CUTS = env_int("CHECKPOINT_POWER_CUTS", 1000)  # each drops or tears the unsynced writes
SEED = env_int("CHECKPOINT_POWER_SEED", 20220410)
# Enough saves that a chain of lives passes several WAL checkpoints before it starts over.
CAPTURED_SAVES = 300


@pytest.fixture(scope="module")
def workload(tmp_path_factory: pytest.TempPathFactory) -> Workload:
    return capture_workload(tmp_path_factory.mktemp("powercut-capture"), CAPTURED_SAVES)


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    with scratch_folder(tmp_path) as folder:
        yield folder


@pytest.mark.slow
def test_full_sync_loses_no_acknowledged_record_and_corrupts_nothing(
    workload: Workload, scratch: Path
) -> None:
    report = run_power_cuts(workload, scratch, cuts=CUTS, seed=SEED, mode=CutMode.MIXED)

    assert report.pragmas == STORE_PRAGMAS
    assert report.cuts == CUTS
    assert CUTS // 4 < report.torn_cuts < CUTS - CUTS // 4  # both dropped and torn writes
    assert report.problems == ()
    assert (report.lost, report.corrupt, report.torn_transactions) == (0, 0, 0)
    # The cuts landed where it matters: mid-transaction and inside WAL checkpoints.
    assert report.acknowledged > CUTS
    assert report.cuts_with_unsynced_writes > CUTS // 2
    assert report.cuts_in_checkpoint > CUTS // 20


@pytest.mark.parametrize("mode", [CutMode.DROP, CutMode.TEAR])
def test_normal_sync_loses_acknowledged_records_under_the_same_harness(
    workload: Workload, scratch: Path, mode: CutMode
) -> None:
    normal = with_synchronous(STORE_PRAGMAS, "NORMAL")
    report = run_power_cuts(workload, scratch, cuts=100, seed=SEED, mode=mode, pragmas=normal)

    assert report.synchronous == "NORMAL"
    assert report.lost > 0
    assert report.cuts_losing > 10
    # NORMAL gives up durability, not consistency.
    assert (report.corrupt, report.torn_transactions) == (0, 0)


def test_replayed_saves_are_durable_records_the_app_reads(
    workload: Workload, tmp_path: Path
) -> None:
    vfs = PowerCutVFS("powercut-readback", random.Random(1))
    try:
        life = tmp_path / "life"
        vfs.begin_life(life, workload.template, cut_before_op=10**9, mode=CutMode.DROP)
        acked = replay_life(vfs, life, STORE_PRAGMAS, workload.saves[:20], 0)
        durable = {name: bytes(image.durable) for name, image in vfs.images.items()}
    finally:
        vfs.unregister()
    restart = tmp_path / "restart"
    restart.mkdir()
    for name, data in durable.items():
        (restart / name).write_bytes(data)

    db = open_database(restart / DATABASE_FILENAME)
    try:
        repo = RecordRepository(db)
        assert acked == 20
        assert repo.pending_count() == 20
        last = repo.get(workload.saves[19].uuid)
        assert last is not None
        assert last.destination_township == "谭庄镇"
        assert verify_audit_chain(db) == []
    finally:
        db.close()


def test_a_cut_keeps_only_what_was_synced_when_writes_are_dropped() -> None:
    image = FileImage.from_durable(b"")
    image.write(0, b"a" * 4096)
    image.sync()
    image.write(0, b"b" * 4096)
    image.write(4096, b"c" * 4096)
    image.truncate(2048)

    assert image.after_cut(CutMode.DROP, random.Random(1)) == b"a" * 4096


def test_a_torn_write_keeps_parts_of_itself_and_never_touches_other_bytes() -> None:
    old, new = b"\x00" * (8 * SECTOR), b"\xff" * (4 * SECTOR)
    outcomes = set()
    for seed in range(200):
        image = FileImage.from_durable(old)
        image.write(2 * SECTOR, new)
        after = image.after_cut(CutMode.TEAR, random.Random(seed))
        assert after[: 2 * SECTOR] == old[: 2 * SECTOR]
        assert after[6 * SECTOR :] == old[6 * SECTOR :]
        outcomes.add(after[2 * SECTOR : 6 * SECTOR].count(b"\xff"))

    assert 0 in outcomes  # dropped
    assert len(new) in outcomes  # reached the disk whole
    assert any(0 < n < len(new) and n % SECTOR for n in outcomes)  # torn inside a sector


def test_the_check_calls_a_damaged_store_corrupt(workload: Workload, tmp_path: Path) -> None:
    damaged = bytearray(workload.template[DATABASE_FILENAME])
    damaged[4096 + 8 : 4096 + 200] = bytes(range(192))  # the second page's b-tree header

    check = check_image(tmp_path / "check", {DATABASE_FILENAME: bytes(damaged)}, workload, acked=0)

    assert check.corrupt


def test_the_check_counts_acknowledged_records_the_image_lacks(
    workload: Workload, tmp_path: Path
) -> None:
    check = check_image(tmp_path / "check", dict(workload.template), workload, acked=3)

    assert (check.present, check.missing_acknowledged, check.corrupt) == (0, 3, False)


def test_only_the_synchronous_level_changes_for_the_bite_test() -> None:
    normal = with_synchronous(STORE_PRAGMAS, "NORMAL")

    assert [p for p in normal if p not in STORE_PRAGMAS] == ["synchronous=NORMAL"]
    assert len(normal) == len(STORE_PRAGMAS)
    with pytest.raises(ValueError, match="synchronous"):
        with_synchronous(("journal_mode=WAL",), "NORMAL")
