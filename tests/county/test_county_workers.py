"""The county on four worker processes (`serve --workers 4`) on PostgreSQL, behind a proxy.

Sign-in limits and sessions are in the database, so requests spread over the workers
see the same counts and the same logouts; records pushed by many checkpoints at once are
counted exactly, and kill -9 of a worker in the middle of a sync loses and duplicates
nothing.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from checkpoint_app.county.roles import DashboardRole
from checkpoint_app.county.store import normalise_db_url
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.sync.client import enroll, push_pending
from tests.county.test_county_hardening import PASSWORD, _post_logins, add_user, csrf, login
from tests.county_fixtures import CountyServer, Station, county_database, make_station

WORKERS = 4


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    root = tmp_path_factory.mktemp("county-workers")
    with county_database("postgresql", root) as url:
        server = CountyServer(
            root, url, ("--workers", str(WORKERS), "--trusted-proxy", "127.0.0.1")
        )
        try:
            server.start()
            yield server
        finally:
            server.stop()
            server.store.close()


def worker_pids(server: CountyServer) -> list[int]:
    assert server.process is not None
    parent = server.process.pid
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                children.append(int(entry.name))
    return children


def distinct_versions(server: CountyServer) -> tuple[int, int]:
    """(rows, distinct (uuid, version)) in the county's records table."""
    engine = create_engine(normalise_db_url(server.db_url))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM records")).scalar_one()
        distinct = conn.execute(
            text("SELECT count(*) FROM (SELECT DISTINCT uuid, version FROM records) d")
        ).scalar_one()
    engine.dispose()
    return int(rows), int(distinct)


def test_the_county_runs_the_named_number_of_workers(workers):
    assert len(worker_pids(workers)) >= WORKERS


def test_parallel_guesses_spread_over_workers_get_no_more_checks_than_the_limit(workers):
    name = add_user(workers)
    jobs = [(name, f"wrong-{i}", "10.9.0.1") for i in range(40)]
    jobs[25] = (name, PASSWORD, "10.9.0.1")
    statuses = [r.status_code for r in _post_logins(workers, jobs)]
    assert len([s for s in statuses if s in (303, 401)]) <= 5, statuses


def test_a_logout_on_one_worker_ends_the_session_on_all(workers):
    http, response = login(workers, add_user(workers, DashboardRole.VIEWER), address="10.9.1.1")
    assert response.status_code == 303
    cookies = dict(http.cookies)
    assert http.post("/logout", data={"csrf_token": csrf(http.get("/").text)}).status_code == 303
    # Fresh connections, so the requests land on different workers.
    for _ in range(3 * WORKERS):
        answer = httpx.get(f"{workers.url}/", cookies=cookies, timeout=30)
        assert answer.status_code == 303 and answer.headers["location"] == "/login"


def _stations(server: CountyServer, root: Path, count: int, records: int) -> list[Station]:
    stations = []
    for n in range(count):
        name = f"多进程卡点-{root.name[-6:]}-{n:03d}"
        station = make_station(root, name)
        assert enroll(station.data_dir, server.url, server.enrollment_code(name)).ok
        station.save(records)
        stations.append(station)
    return stations


def _drain_all(stations: list[Station], on_started: threading.Event | None = None) -> None:
    """Every station drains its outbox in a thread of its own, all at once, retrying
    after a failed request (a killed worker) until nothing waits."""
    barrier = threading.Barrier(len(stations))
    errors: list[BaseException] = []

    def drain(station: Station) -> None:
        try:
            db = open_database(station.data_dir / DATABASE_FILENAME)  # one per thread
            connection = station.connection()
            barrier.wait(timeout=120)
            try:
                for _ in range(200):
                    report = push_pending(db, connection, batch_size=20)
                    if on_started is not None:
                        on_started.set()
                    if report.failure is None and report.remaining == 0:
                        return
            finally:
                db.close()
            raise RuntimeError("did not drain")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=drain, args=(s,)) for s in stations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    if errors:
        raise errors[0]


def test_a_hundred_checkpoints_syncing_at_once_are_counted_exactly(workers, tmp_path):
    before = workers.store.record_count()
    stations = _stations(workers, tmp_path, 100, 10)
    _drain_all(stations)
    assert workers.store.record_count() - before == 1000
    rows, distinct = distinct_versions(workers)
    assert rows == distinct
    assert all(s.unsynced() == [] for s in stations)
    for station in stations:
        station.db.close()


def test_kill_9_of_a_worker_mid_sync_loses_and_duplicates_nothing(workers, tmp_path):
    before = workers.store.record_count()
    stations = _stations(workers, tmp_path, 12, 100)
    started = threading.Event()

    def kill_one() -> None:
        started.wait(timeout=120)
        os.kill(worker_pids(workers)[0], signal.SIGKILL)

    killer = threading.Thread(target=kill_one)
    killer.start()
    _drain_all(stations, started)
    killer.join()
    assert workers.store.record_count() - before == 1200
    rows, distinct = distinct_versions(workers)
    assert rows == distinct
    assert all(s.unsynced() == [] for s in stations)
    # The killed worker was replaced: the county still answers on every worker.
    assert httpx.get(f"{workers.url}/healthz", timeout=30).status_code == 200
    for station in stations:
        station.db.close()
