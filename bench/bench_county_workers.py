"""The county on one process and on several (`serve --workers N`), 100 checkpoints at once.

    eval "$(tools/ci_postgres.sh)"
    .venv/bin/python bench/bench_county_workers.py [--checkpoints 100] [--records 100]
        [--workers 4] [--markdown]

PostgreSQL only (a multi-process county needs it; see docs/COUNTY.md). The same
checkpoints (enrolled data folders, one thread each with its own connection, the app's
`push_pending`) drain at once into a fresh county served first by one process, then by
N worker processes: records/s from the first request to the last reply, and the p95
latency of one signed request of 200 records as the client sees it. Both runs reuse
bench_sync.py's measurement (bench_checkpoints); nothing here is asserted.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from pathlib import Path

import bench_sync
from _table import print_table

from tests.county_fixtures import CountyServer


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--checkpoints", type=int, default=100)
    parser.add_argument("--records", type=int, default=100, help="records per checkpoint")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    pg_url = os.environ.get("CHECKPOINT_COUNTY_TEST_DB", "")
    if not pg_url:
        sys.exit("CHECKPOINT_COUNTY_TEST_DB is not set: run tools/ci_postgres.sh first")
    pg = bench_sync.postgres_version(pg_url)
    started = time.perf_counter()
    rows: list[bench_sync.Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-county-workers-") as name:
        tmp = Path(name)
        stations = bench_sync.build_checkpoint_stations(tmp, args.checkpoints, args.records)
        for workers in (1, args.workers):
            # bench_checkpoints builds its server by this module-level name.
            bench_sync.CountyServer = functools.partial(  # type: ignore[misc]
                CountyServer, extra_args=("--workers", str(workers))
            )
            run = tmp / f"run-{workers}"
            run.mkdir()
            with bench_sync.postgres_database(pg_url) as url:
                label = f"PostgreSQL {pg}, {workers} process{'es' if workers > 1 else ''}"
                rows += bench_sync.bench_checkpoints(
                    stations, run, args.checkpoints, args.records, label, url
                )
    print(bench_sync.machine(pg))
    print_table(rows, markdown=args.markdown)
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
