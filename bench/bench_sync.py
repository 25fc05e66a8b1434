"""Sync benchmarks: drain the outbox, under faults, 50 checkpoints at once, bundles.

    .venv/bin/python bench/bench_sync.py [--quick] [--markdown]

Prints one table (metric, value, goal, verdict). Real county server processes on
127.0.0.1 (`checkpoint-county serve`), real workstation stores built with the app's own
RecordRepository.save. Where the goal is a ratio, the baseline runs in the same process
against an identical fresh server:

- drain: 10,000 waiting records pushed by `push_pending` (the app's batch size, 200),
  against a plain loop that POSTs the same wire records in batches of the same size,
  signed the same way (Ed25519 request signature, county reply signature verified) but
  with no outbox bookkeeping (no SQLite reads, no durable sequence counter, no marks);
  alternated, fresh county each time, medians;
- the same drain through tests/reliability/fault_proxy.py with 20% of the requests
  faulted (reset, reply cut after commit, duplicate, delayed past a 2 s client timeout,
  500 before/after commit), retried at once until nothing waits; the waits the GUI's
  back-off schedule would add between those attempts are stated separately;
- 50 checkpoints (50 enrolled data folders, one thread each with its own connection)
  draining at once into one county: records/s from the first request to the last reply,
  and the p95 latency of one signed request as the client sees it; on SQLite, and on
  PostgreSQL when CHECKPOINT_COUNTY_TEST_DB names a database (tools/ci_postgres.sh);
- a 10,000-record end-of-shift bundle: `export_bundle`, and `checkpoint-county import`
  of it into an empty county.

No timing here is asserted anywhere; the figures go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from _table import print_table  # bench/ is on sys.path when a bench runs

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Run as `.venv/bin/python bench/bench_sync.py`: make the package and tests importable.
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from checkpoint_app.county.cli import main as county_main  # noqa: E402
from checkpoint_app.county.store import normalise_db_url  # noqa: E402
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database  # noqa: E402
from checkpoint_app.sync import client as sync_client  # noqa: E402
from checkpoint_app.sync import outbox  # noqa: E402
from checkpoint_app.sync.bundle import export_bundle  # noqa: E402
from checkpoint_app.sync.client import (  # noqa: E402
    ConnectionInfo,
    enroll,
    load_connection,
    next_delay,
    push_pending,
)
from checkpoint_app.sync.keys import current_sequence  # noqa: E402
from checkpoint_app.sync.protocol import (  # noqa: E402
    HEADER_COUNTY_SIGNATURE,
    RECORDS_PATH,
    b64decode,
    canonical_json,
    response_signing_bytes,
    sign_request,
    verify_signature,
)
from tests.county_fixtures import CountyServer  # noqa: E402
from tests.reliability.fault_proxy import NONE, FaultKind, FaultPlan, FaultProxy  # noqa: E402
from tests.reliability.harness import (  # noqa: E402
    build_station,
    copy_station,
)

BATCH = 200  # push_pending's default: what the app sends
FAULT_TIMEOUT_S = 2.0


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    value: str
    goal: str = "—"
    verdict: str = ""


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@contextlib.contextmanager
def running(server: CountyServer) -> Iterator[CountyServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.store.close()


def enrolled_copy(template: Path, dest: Path, server: CountyServer, url: str | None = None) -> Any:
    station = copy_station(template, dest)
    result = enroll(station.data_dir, url or server.url, server.enrollment_code())
    assert result.ok, result.failure
    return station


# --------------------------------------------------------------------------- timing hooks


class Hooks:
    """Times the client's outbox reads and signed round trips by wrapping module functions
    (push_pending looks both up at call time). Thread-safe; bench-only instrumentation."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.load_s = 0.0
        self.http_s = 0.0
        self.call_s: list[float] = []
        self._saved: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> Hooks:
        original_load = outbox.load_pending
        original_call = sync_client.signed_call

        def load_pending(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original_load(*args, **kwargs)
            finally:
                with self.lock:
                    self.load_s += time.perf_counter() - started

        def signed_call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original_call(*args, **kwargs)
            finally:
                with self.lock:
                    self.call_s.append(time.perf_counter() - started)

        original_request = httpx.Client.request

        def request(client: httpx.Client, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original_request(client, *args, **kwargs)
            finally:
                with self.lock:
                    self.http_s += time.perf_counter() - started

        self._saved = [(outbox, "load_pending", original_load)]
        self._saved.append((sync_client, "signed_call", original_call))
        self._saved.append((httpx.Client, "request", original_request))
        outbox.load_pending = load_pending  # type: ignore[assignment]
        sync_client.signed_call = signed_call  # type: ignore[assignment]
        httpx.Client.request = request  # type: ignore[method-assign]
        return self

    def __exit__(self, *_exc: object) -> None:
        for module, name, original in self._saved:
            setattr(module, name, original)


# --------------------------------------------------------------------------- drain vs plain


@dataclass(frozen=True, slots=True)
class DrainTiming:
    total_s: float
    load_s: float = 0.0
    calls_s: float = 0.0
    http_s: float = 0.0
    attempts: int = 1


def drain(station: Any, conn: ConnectionInfo, *, max_attempts: int = 1000) -> DrainTiming:
    """push_pending until nothing waits (retried at once after a failure)."""
    attempts = 0
    with Hooks() as hooks:
        started = time.perf_counter()
        while push_pending(station.db, conn, batch_size=BATCH).remaining:
            attempts += 1
            if attempts >= max_attempts:
                raise RuntimeError("outbox did not drain")
        total = time.perf_counter() - started
    return DrainTiming(total, hooks.load_s, sum(hooks.call_s), hooks.http_s, attempts + 1)


def plain_post_loop(station: Any, conn: ConnectionInfo) -> DrainTiming:
    """The same wire records, batched and signed alike, POSTed in a loop: the floor."""
    rows = station.db.execute(
        "SELECT record_uuid, record_version FROM outbox WHERE synced_at IS NULL ORDER BY id"
    ).fetchall()
    wires = [outbox.load_wire(station.db, u, v) for u, v in rows]  # not timed: in memory
    sequence = current_sequence(station.data_dir)
    http_s = 0.0
    started = time.perf_counter()
    with httpx.Client(base_url=conn.server_url, timeout=conn.timeout, trust_env=False) as http:
        for start in range(0, len(wires), BATCH):
            sequence += 1
            body = canonical_json({"records": wires[start : start + BATCH]})
            headers = sign_request(
                conn.device_key, "POST", RECORDS_PATH, body, conn.device_id, sequence
            )
            headers["Content-Type"] = "application/json"
            posted = time.perf_counter()
            response = http.post(RECORDS_PATH, content=body, headers=headers)
            http_s += time.perf_counter() - posted
            signed = response_signing_bytes(200, response.content, conn.device_id, sequence)
            signature = b64decode(response.headers[HEADER_COUNTY_SIGNATURE])
            if response.status_code != 200 or not verify_signature(
                conn.county_signing_key, signature, signed
            ):
                raise RuntimeError(f"plain loop refused: {response.status_code}")
            if len(response.json()["results"]) != len(wires[start : start + BATCH]):
                raise RuntimeError("plain loop: missing answers")
    return DrainTiming(time.perf_counter() - started, http_s=http_s)


def bench_drain(template: Path, tmp: Path, records: int, repeats: int) -> list[Row]:
    drains: list[DrainTiming] = []
    plains: list[DrainTiming] = []
    for i in range(repeats):
        # Alternated, each on a fresh county, so neither side always runs on a warmer box.
        for arm in ("drain", "plain") if i % 2 == 0 else ("plain", "drain"):
            root = tmp / f"{arm}-{i}"
            root.mkdir()
            with running(CountyServer(root)) as server:
                station = enrolled_copy(template, root / "station", server)
                conn = load_connection(station.data_dir)
                assert conn is not None
                try:
                    if arm == "drain":
                        drains.append(drain(station, conn))
                    else:
                        plains.append(plain_post_loop(station, conn))
                finally:
                    station.db.close()
    drain_s = statistics.median(d.total_s for d in drains)
    plain_s = statistics.median(p.total_s for p in plains)
    ratio = drain_s / plain_s
    middle = sorted(drains, key=lambda d: d.total_s)[len(drains) // 2]
    plain_middle = sorted(plains, key=lambda d: d.total_s)[len(plains) // 2]
    return [
        Row(
            f"plain batched POST loop, {records:,} records (batches of {BATCH}), "
            f"median of {repeats}",
            f"{plain_s:.2f} s ({records / plain_s:,.0f} records/s)",
            "—",
            "baseline",
        ),
        Row(
            f"drain {records:,} waiting records (push_pending), median of {repeats}",
            f"{drain_s:.2f} s ({records / drain_s:,.0f} records/s)",
            "≤ 1.5 × plain",
            f"{ratio:.2f}× {_verdict(ratio <= 1.5)}",
        ),
        Row(
            "… reading batches from the outbox (load_pending)",
            f"{middle.load_s:.2f} s",
        ),
        Row(
            "… signed round trips (sequence on disk, sign, POST, verify reply)",
            f"{middle.calls_s:.2f} s",
        ),
        Row(
            "… of which the HTTP exchange itself (drain / plain loop)",
            f"{middle.http_s:.2f} s / {plain_middle.http_s:.2f} s",
        ),
        Row(
            "… marking, counting, progress",
            f"{middle.total_s - middle.load_s - middle.calls_s:.2f} s",
        ),
    ]


# --------------------------------------------------------------------------- faults


def backoff_wait_s(failed_attempts: int) -> float:
    """Expected seconds the GUI's SyncController waits over `failed_attempts` syncs in a
    row that each ended in a failure (it counts a sync that pushed some batches and then
    failed as a failure, and resets only after a sync with no failure at all)."""
    rng = random.Random(0)
    samples = 200
    total = 0.0
    for failures in range(1, failed_attempts + 1):
        total += sum(next_delay(failures, rng) for _ in range(samples)) / samples
    return total


def bench_faults(template: Path, tmp: Path, records: int, seed: int) -> list[Row]:
    root = tmp / "faults"
    root.mkdir()
    with running(CountyServer(root)) as server, FaultProxy(server.port) as proxy:
        station = enrolled_copy(template, root / "station", server, proxy.url)
        try:
            proxy.set_plan(FaultPlan(seed=seed, rate=0.2, delay_s=FAULT_TIMEOUT_S + 1.5))
            conn = load_connection(station.data_dir)
            assert conn is not None
            timing = drain(station, replace(conn, timeout=httpx.Timeout(FAULT_TIMEOUT_S)))
            proxy.wait_idle(timeout=30)
            counts = proxy.counts()
            held = server.store.record_count()
        finally:
            station.db.close()
    faulted = proxy.requests - counts[NONE]
    kinds = ", ".join(f"{k.value} {counts[k]}" for k in FaultKind)
    failed = timing.attempts - 1
    return [
        Row(
            f"drain {records:,} records at 20% faults, retried at once",
            f"{timing.total_s:.1f} s",
            "≤ 60 s",
            _verdict(timing.total_s <= 60),
        ),
        Row(
            "… requests, faulted",
            f"{proxy.requests} requests, {faulted} faulted ({kinds}); "
            f"{timing.attempts} sync attempts; county holds {held:,}",
        ),
        Row(
            "… of which waiting for delayed replies (2 s client timeout)",
            f"{counts[FaultKind.DELAY] * FAULT_TIMEOUT_S:.0f} s",
        ),
        Row(
            f"… back-off the GUI would add between those {timing.attempts} attempts "
            "(expected, not slept)",
            f"{backoff_wait_s(failed):,.0f} s",
            "≤ 60 s in total",
            _verdict(timing.total_s + backoff_wait_s(failed) <= 60),
        ),
    ]


# --------------------------------------------------------------------------- 50 checkpoints


@contextlib.contextmanager
def postgres_database(base_url: str) -> Iterator[str]:
    """A schema of its own in the test database, dropped afterwards. synchronous_commit is
    forced on: ci_postgres.sh switches it off for its test database, and the county must
    be measured as it runs in production."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    schema = f"bench_sync_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_db_url(base_url))
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    options = f"-csearch_path={schema} -csynchronous_commit=on"
    url = make_url(normalise_db_url(base_url)).update_query_dict({"options": options})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def postgres_version(base_url: str) -> str:
    from sqlalchemy import create_engine

    engine = create_engine(normalise_db_url(base_url))
    try:
        with engine.connect() as conn:
            return str(conn.exec_driver_sql("SHOW server_version").scalar_one()).split()[0]
    finally:
        engine.dispose()


def bench_checkpoints(
    stations_template: Path,
    tmp: Path,
    checkpoints: int,
    per_checkpoint: int,
    label: str,
    db_url: str | None,
) -> list[Row]:
    root = tmp / f"checkpoints-{label}"
    root.mkdir()
    with running(CountyServer(root, db_url)) as server:
        folders = []
        for n in range(checkpoints):
            dest = root / f"cp{n:02d}"
            shutil.copytree(stations_template / f"cp{n:02d}", dest)
            result = enroll(dest, server.url, server.enrollment_code())
            assert result.ok, result.failure
            folders.append(dest)
        barrier = threading.Barrier(checkpoints + 1)
        errors: list[BaseException] = []
        finished: list[float] = []

        def checkpoint(folder: Path) -> None:
            try:
                db = open_database(folder / DATABASE_FILENAME)
                conn = load_connection(folder)
                assert conn is not None
                barrier.wait(timeout=120)
                try:
                    for _ in range(100):
                        if push_pending(db, conn, batch_size=BATCH).remaining == 0:
                            break
                    else:
                        raise RuntimeError(f"{folder.name} did not drain")
                finally:
                    db.close()
                finished.append(time.perf_counter())
            except BaseException as exc:
                errors.append(exc)

        with Hooks() as hooks:
            threads = [threading.Thread(target=checkpoint, args=(f,)) for f in folders]
            for t in threads:
                t.start()
            barrier.wait(timeout=120)
            started = time.perf_counter()
            for t in threads:
                t.join(timeout=600)
        if errors:
            raise errors[0]
        elapsed = max(finished) - started
        total = checkpoints * per_checkpoint
        held = server.store.record_count()
    if held != total:
        raise RuntimeError(f"county holds {held}, expected {total}")
    latencies = hooks.call_s
    return [
        Row(
            f"{checkpoints} checkpoints × {per_checkpoint:,} records at once, {label}: records/s",
            f"{total / elapsed:,.0f} records/s ({total:,} in {elapsed:.1f} s)",
        ),
        Row(
            f"… p95 latency of one signed request of {BATCH} ({len(latencies)} requests)",
            f"{_p95(latencies) * 1000:,.0f} ms "
            f"(median {statistics.median(latencies) * 1000:,.0f} ms)",
        ),
    ]


def build_checkpoint_stations(root: Path, checkpoints: int, per_checkpoint: int) -> Path:
    template_root = root / "checkpoint-templates"
    template_root.mkdir()
    for n in range(checkpoints):
        built = build_station(template_root, per_checkpoint, name=f"卡点{n:02d}")
        built.rename(template_root / f"cp{n:02d}")
    return template_root


# --------------------------------------------------------------------------- bundles


def bench_bundles(template: Path, tmp: Path, records: int, repeats: int) -> list[Row]:
    exports: list[float] = []
    imports: list[float] = []
    size = 0
    for i in range(repeats):
        root = tmp / f"bundle-{i}"
        root.mkdir()
        server = CountyServer(root)
        try:
            # Running only to enroll: the import is the admin command, not a request.
            server.start()
            try:
                station = enrolled_copy(template, root / "station", server)
            finally:
                server.stop()
            try:
                started = time.perf_counter()
                report = export_bundle(station.db, station.data_dir, root / "usb")
                exports.append(time.perf_counter() - started)
            finally:
                station.db.close()
            assert report.path is not None and report.record_count == records, report.error
            size = report.path.stat().st_size
            args = ["import", str(report.path), "--db", server.db_url]
            args += ["--data-dir", str(server.data_dir)]
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                code = county_main(args)
            imports.append(time.perf_counter() - started)
            if code != 0 or server.store.record_count() != records:
                raise RuntimeError("bundle import failed")
        finally:
            server.store.close()
    return [
        Row(
            f"export a {records:,}-record bundle (export_bundle), median of {repeats}",
            f"{statistics.median(exports):.2f} s ({size / 1e6:.1f} MB sealed)",
            "≤ 3 s",
            _verdict(statistics.median(exports) <= 3),
        ),
        Row(
            f"import it (checkpoint-county import, empty county), median of {repeats}",
            f"{statistics.median(imports):.2f} s",
            "≤ 3 s",
            _verdict(statistics.median(imports) <= 3),
        ),
    ]


# --------------------------------------------------------------------------- output


def machine(pg: str) -> str:
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
        f"{platform.python_version()} · SQLite {sqlite3.sqlite_version}"
        + (f" · PostgreSQL {pg}" if pg else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 records, 10 checkpoints")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--seed", type=int, default=20220410)
    args = parser.parse_args()
    records, repeats, checkpoints, per_checkpoint = (
        (2_000, 1, 10, 100) if args.quick else (10_000, 5, 50, 400)
    )
    pg_url = os.environ.get("CHECKPOINT_COUNTY_TEST_DB", "")
    pg = postgres_version(pg_url) if pg_url else ""
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as name:
        tmp = Path(name)
        template = build_station(tmp / "template", records)
        rows += bench_drain(template, tmp, records, repeats)
        rows += bench_faults(template, tmp, records, args.seed)
        stations = build_checkpoint_stations(tmp, checkpoints, per_checkpoint)
        rows += bench_checkpoints(stations, tmp, checkpoints, per_checkpoint, "SQLite", None)
        if pg_url:
            with postgres_database(pg_url) as url:
                rows += bench_checkpoints(
                    stations, tmp, checkpoints, per_checkpoint, f"PostgreSQL {pg}", url
                )
        else:
            rows.append(Row("… on PostgreSQL", "not run: CHECKPOINT_COUNTY_TEST_DB is not set"))
        rows += bench_bundles(template, tmp, records, min(repeats, 3))
    print(machine(pg))
    print_table(rows, markdown=args.markdown)
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
