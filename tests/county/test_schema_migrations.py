"""The county schema under Alembic: a database the last release made is upgraded and served.

The old databases in tests/data/county/ were made by that release's own code (see
make_release_county.py there): an SQLite file, and a pg_dump of a PostgreSQL database,
restored here into a database of its own with psql.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from checkpoint_app.county.schema import (
    BASELINE_REVISION,
    baseline_columns,
    head_revision,
    upgrade_schema,
)
from checkpoint_app.county.store import CountyStore, make_engine, normalise_db_url
from checkpoint_app.policy.pull import PolicyStatus, pull_policy
from checkpoint_app.sync.bundle import export_bundle
from checkpoint_app.sync.client import enroll, push_pending
from checkpoint_app.watchlist.pull import pull_watch_list
from tests.county_fixtures import (
    BACKENDS,
    COUNTY_TEST_DB_ENV,
    REPO_ROOT,
    CountyServer,
    _postgres_problem,
    _unavailable,
    county_database,
    make_station,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "county"
# What the release database holds (make_release_county.py): 17 record versions from three
# workstations, one of them revoked, three users with roles, one policy pack, one list.
RELEASE_COUNTS = {
    "checkpoints": 3,
    "devices": 3,
    "records": 17,
    "imports": 1,
    "policy_packs": 1,
    "dashboard_users": 3,
    "dashboard_user_roles": 3,
    "device_reports": 3,
    "county_audit": 4,
    "watch_entries": 1,
    "watch_lists": 1,
    "enrollment_codes": 3,
}
REVOKED_CHECKPOINT = "张明乡服务区"


@contextmanager
def release_database(backend: str, root: Path) -> Iterator[str]:
    """A copy of the release's county database on `backend`; its URL."""
    if backend == "sqlite":
        path = root / "county" / "county.db"
        path.parent.mkdir(parents=True)
        shutil.copy(DATA / "release-sqlite" / "county.db", path)
        yield f"sqlite:///{path}"
        return
    base = os.environ.get(COUNTY_TEST_DB_ENV, "")
    if not base:
        _unavailable(
            f"PostgreSQL not configured: run tools/ci_postgres.sh, set {COUNTY_TEST_DB_ENV}"
        )
    problem = _postgres_problem(base)
    if problem:
        _unavailable(problem)
    if shutil.which("psql") is None:
        _unavailable("psql (PostgreSQL's client) is not installed")
    name = f"county_release_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_db_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(normalise_db_url(base)).set(database=name)
    try:
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run(
            [
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                libpq,
                "-f",
                str(DATA / "release-postgresql" / "county.sql"),
            ],
            check=True,
            capture_output=True,
        )
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def release_keys(backend: str, data_dir: Path) -> None:
    """The county keys that signed the release database's policy pack and watch list."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for source in (DATA / f"release-{backend}").glob("county_*.pem"):
        target = data_dir / source.name
        shutil.copy(source, target)
        target.chmod(0o600)


def county_command(db_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "checkpoint_app.county.cli",
            *args,
            "--db",
            db_url,
            "--data-dir",
            str(data_dir),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def row_counts(db_url: str) -> dict[str, int]:
    engine = create_engine(normalise_db_url(db_url))
    try:
        with engine.connect() as conn:
            return {
                table: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in RELEASE_COUNTS
            }
    finally:
        engine.dispose()


def stamped(db_url: str, revision: str) -> None:
    engine = create_engine(normalise_db_url(db_url))
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_db_upgrade_recognises_a_release_database_stamps_it_and_keeps_every_row(backend, tmp_path):
    with release_database(backend, tmp_path) as url:
        data_dir = tmp_path / "county"
        before = county_command(url, data_dir, "db", "current")
        assert before.returncode == 0 and "未纳入版本管理" in before.stdout

        upgraded = county_command(url, data_dir, "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        assert "已识别旧版数据库" in upgraded.stdout

        assert row_counts(url) == RELEASE_COUNTS
        now = county_command(url, data_dir, "db", "current")
        assert now.returncode == 0 and f"{head_revision()}（最新）" in now.stdout
        again = county_command(url, data_dir, "db", "upgrade")
        assert again.returncode == 0 and "已是最新" in again.stdout


@pytest.mark.parametrize("backend", BACKENDS)
def test_serve_upgrades_a_release_database_then_syncs_imports_and_serves_its_policy(
    backend, tmp_path
):
    with release_database(backend, tmp_path) as url:
        release_keys(backend, tmp_path / "county")
        server = CountyServer(tmp_path, url)
        server.start()  # serve upgrades the schema before it listens
        try:
            assert "已识别旧版数据库" in server.log.read_text("utf-8")
            station = make_station(tmp_path, "升级后新卡点")
            assert enroll(station.data_dir, server.url, server.enrollment_code("升级后新卡点")).ok
            station.save(5)
            pushed = push_pending(station.db, station.connection())
            assert pushed.failure is None and pushed.accepted == 5
            # The pack the release published, signed by the release's county key.
            policy = pull_policy(station.db, station.connection())
            assert policy.status is PolicyStatus.APPLIED and policy.version == 1
            assert pull_watch_list(station.db, station.connection()).failure is None

            carried = make_station(tmp_path, "升级后交班卡点")
            assert enroll(carried.data_dir, server.url, server.enrollment_code("升级后交班卡点")).ok
            carried.save(3)
            bundle = export_bundle(carried.db, carried.data_dir, tmp_path / "usb")
            assert bundle.path is not None, bundle.error
            imported = county_command(url, server.data_dir, "import", str(bundle.path))
            assert imported.returncode == 0, imported.stdout + imported.stderr

            assert server.store.record_count() == RELEASE_COUNTS["records"] + 5 + 3
            revoked = [d for d in server.store.list_devices() if d.revoked]
            assert [d.checkpoint_name for d in revoked] == [REVOKED_CHECKPOINT]
            assert {u.username for u in server.store.list_users()} == {
                "值班员",
                "谭庄跟进",
                "管理员",
            }
            station.db.close()
            carried.db.close()
        finally:
            server.stop()
            server.store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_serve_refuses_a_database_newer_than_it_knows_and_leaves_it_alone(backend, tmp_path):
    with county_database(backend, tmp_path) as url:
        CountyStore(url).close()
        stamped(url, "9999")
        data_dir = tmp_path / "county"
        served = county_command(url, data_dir, "serve", "--port", "1")
        assert served.returncode != 0
        assert "比本程序新" in served.stderr
        assert "Traceback" not in served.stderr
        listed = county_command(url, data_dir, "devices")
        assert listed.returncode != 0 and "比本程序新" in listed.stderr
        engine = create_engine(normalise_db_url(url))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
        engine.dispose()


def _schema_sql(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'alembic_version'"
        ).fetchall()
    return sorted(row[0] for row in rows)


def test_the_baseline_makes_exactly_the_schema_the_release_made(tmp_path):
    fresh = tmp_path / "fresh.db"
    engine = make_engine(f"sqlite:///{fresh}")
    upgrade_schema(engine, BASELINE_REVISION)
    engine.dispose()
    assert _schema_sql(fresh) == _schema_sql(DATA / "release-sqlite" / "county.db")
    assert set(baseline_columns()) == set(RELEASE_COUNTS) | {"record_conflicts"}


def test_a_database_whose_tables_differ_from_the_baseline_is_refused_untouched(tmp_path):
    path = tmp_path / "county" / "county.db"
    path.parent.mkdir()
    shutil.copy(DATA / "release-sqlite" / "county.db", path)
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE devices DROP COLUMN last_seen_at")
    upgraded = county_command(f"sqlite:///{path}", path.parent, "db", "upgrade")
    assert upgraded.returncode != 0
    assert "devices" in upgraded.stderr and "last_seen_at" in upgraded.stderr
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "alembic_version" not in tables


def test_an_older_release_database_missing_later_tables_gets_them_on_upgrade(tmp_path):
    """Releases before the watch list and roles lacked those tables; create_all added them."""
    path = tmp_path / "county" / "county.db"
    path.parent.mkdir()
    shutil.copy(DATA / "release-sqlite" / "county.db", path)
    with sqlite3.connect(path) as conn:
        for table in ("watch_lists", "watch_entries", "dashboard_user_roles"):
            conn.execute(f"DROP TABLE {table}")
    assert county_command(f"sqlite:///{path}", path.parent, "db", "upgrade").returncode == 0
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
    engine.dispose()
    assert {"watch_lists", "watch_entries", "dashboard_user_roles"} <= names
    assert row_counts(f"sqlite:///{path}")["records"] == RELEASE_COUNTS["records"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_release_database_upgraded_to_0003_keeps_every_row_and_gets_the_follow_up_tables(
    backend, tmp_path
):
    with release_database(backend, tmp_path) as url:
        upgraded = county_command(url, tmp_path / "county", "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        assert row_counts(url) == RELEASE_COUNTS
        engine = create_engine(normalise_db_url(url))
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                    head_revision()
                )
                names = set(inspect(conn).get_table_names())
                columns = {c["name"] for c in inspect(conn).get_columns("dashboard_user_roles")}
                townships = conn.execute(
                    text("SELECT username, role, township FROM dashboard_user_roles")
                ).all()
        finally:
            engine.dispose()
        assert {"follow_up_states", "device_sync_days"} <= names
        assert "township" in columns
        # The release's users keep their roles, and no one is limited to a township yet.
        assert {r.role for r in townships} == {"viewer", "follow_up", "admin"}
        assert all(r.township is None for r in townships)
        store = CountyStore(url)
        try:
            from checkpoint_app.county.roles import user_role, user_township

            assert user_role(store, "谭庄跟进").value == "follow_up"
            assert user_township(store, "谭庄跟进") == ""
        finally:
            store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migrations_make_exactly_the_tables_the_store_declares(backend, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from checkpoint_app.county.store import metadata

    with county_database(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            upgrade_schema(engine)
            with engine.connect() as conn:
                differences = compare_metadata(MigrationContext.configure(conn), metadata)
        finally:
            engine.dispose()
    assert differences == []
