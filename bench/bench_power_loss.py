"""Power-loss benchmark: thousands of cuts under the store's settings, and under NORMAL.

    .venv/bin/python bench/bench_power_loss.py [--cuts 5000] [--quick] [--markdown] [--seed N]

Prints one table (metric, value, goal, verdict). tests/reliability/powercut_vfs.py does
the work and says what is real and what is simulated: the store's STORE_PRAGMAS, its
migrated schema and the SQL of real RecordRepository.save calls, replayed over an APSW VFS
that keeps the durable image of the database and its WAL and, at a seeded xWrite/xSync,
drops the unsynced writes or tears them (a random subset, some cut inside a 512-byte
sector). Each cut's image is opened with the stdlib sqlite3: integrity_check, the audit
chain, every acknowledged record looked up.

Four runs of --cuts cuts each: synchronous=FULL (the store's setting) and NORMAL (the
baseline that must lose acknowledged records, so that the harness is known to bite),
each dropping and tearing (one seed per mode, the same for both levels). Nothing here
is asserted; tests/reliability/test_power_loss.py asserts the counts over 1,000 cuts.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from _table import print_table  # bench/ is on sys.path when a bench runs

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Run as `.venv/bin/python bench/bench_power_loss.py`: make the package and tests importable.
    sys.path.insert(0, str(ROOT))

import apsw  # noqa: E402

from checkpoint_app.storage.database import STORE_PRAGMAS  # noqa: E402
from tests.reliability.powercut_vfs import (  # noqa: E402
    CutMode,
    PowerLossReport,
    Workload,
    capture_workload,
    run_power_cuts,
    scratch_folder,
    with_synchronous,
)

CAPTURED_SAVES = 300


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    value: str
    goal: str = "—"
    verdict: str = ""


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def run(
    workload: Workload, scratch: Path, level: str, mode: CutMode, cuts: int, seed: int
) -> tuple[PowerLossReport, float]:
    pragmas = with_synchronous(STORE_PRAGMAS, level)
    folder = scratch / f"{level}-{mode.name}"
    folder.mkdir()
    started = time.perf_counter()
    report = run_power_cuts(workload, folder, cuts=cuts, seed=seed, mode=mode, pragmas=pragmas)
    return report, time.perf_counter() - started


def rows_for(report: PowerLossReport, elapsed: float) -> list[Row]:
    store = report.pragmas == STORE_PRAGMAS
    label = f"synchronous={report.synchronous}{' (the store)' if store else ''}, {report.mode}"
    lost = (
        f"{report.lost:,} of {report.acknowledged:,} acknowledged "
        f"({report.cuts_losing:,} cuts lost some)"
    )
    if store:
        lost_goal, lost_ok = "0", report.lost == 0
    else:
        lost_goal, lost_ok = "> 0 (the harness bites)", report.lost > 0
    return [
        Row(
            f"{label}: {report.cuts:,} cuts, acknowledged records lost",
            lost,
            lost_goal,
            _verdict(lost_ok),
        ),
        Row(
            "… corrupt images, half-saved records",
            f"{report.corrupt}, {report.torn_transactions}",
            "0, 0",
            _verdict(report.corrupt == 0 and report.torn_transactions == 0),
        ),
        Row(
            "… cuts inside a WAL checkpoint; with unsynced writes pending",
            f"{report.cuts_in_checkpoint:,}; {report.cuts_with_unsynced_writes:,}",
        ),
        Row("… harness speed", f"{report.cuts / elapsed:,.0f} cuts/s ({elapsed:.0f} s)"),
    ]


def machine() -> str:
    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {platform.system()} "
        f"{platform.release()} · {cpu}, {os.cpu_count()} cores · Python "
        f"{platform.python_version()} · SQLite {sqlite3.sqlite_version} (checks), "
        f"{apsw.sqlite_lib_version()} (APSW, writes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--cuts", type=int, default=5_000, help="cuts per run (4 runs)")
    parser.add_argument("--quick", action="store_true", help="500 cuts per run")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--seed", type=int, default=20220410)
    args = parser.parse_args()
    cuts = 500 if args.quick else args.cuts
    started = time.perf_counter()
    rows: list[Row] = []
    rates: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-power-") as name:
        workload = capture_workload(Path(name), CAPTURED_SAVES, seed=args.seed)
        with scratch_folder(Path(name)) as scratch:
            for level in ("FULL", "NORMAL"):
                lost = acknowledged = 0
                for offset, mode in enumerate((CutMode.DROP, CutMode.TEAR)):
                    # A seed per mode: the tearing run cuts at other points than the dropping one.
                    seed = args.seed + offset
                    report, elapsed = run(workload, scratch, level, mode, cuts, seed)
                    rows += rows_for(report, elapsed)
                    lost += report.lost
                    acknowledged += report.acknowledged
                rates[level] = 1000 * lost / max(1, acknowledged)
    rows.append(
        Row(
            "acknowledged records lost per 1,000 acknowledged: FULL vs NORMAL (baseline)",
            f"{rates['FULL']:.1f} vs {rates['NORMAL']:.1f}",
            "0 vs > 0",
            _verdict(rates["FULL"] == 0 and rates["NORMAL"] > 0),
        )
    )
    print(machine())
    print_table(rows, markdown=args.markdown)
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
