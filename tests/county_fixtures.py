"""Fixtures for sync and county tests: a REAL county server process and enrolled workstations.

Imported by tests/sync/conftest.py and tests/county/conftest.py.

The county's storage runs on SQLite and on PostgreSQL through the same code, so the
county fixtures are parametrised over both backends: `[sqlite]` always, `[postgresql]`
when CHECKPOINT_COUNTY_TEST_DB names a PostgreSQL database (tools/ci_postgres.sh starts
one and prints the variable). Without it the PostgreSQL cases are skipped with the reason;
with CHECKPOINT_REQUIRE_POSTGRES=1 (CI) they fail instead. Each server or store gets a
schema of its own in that database, dropped afterwards.
"""

from __future__ import annotations

import functools
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlite_utils import Database

from checkpoint_app.county.auth import hash_password
from checkpoint_app.county.keys import CountyKeys, init_county_keys
from checkpoint_app.county.roles import DashboardRole, set_user_role
from checkpoint_app.county.store import CountyStore, normalise_db_url
from checkpoint_app.county.transfers import add_site
from checkpoint_app.records.model import (
    CheckpointKind,
    Disposition,
    TravellerRecord,
)
from checkpoint_app.records.transfers import Site, SiteKind, format_transfer_code
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.staff import (
    Checkpoint,
    Shift,
    Staff,
    open_shift,
    set_up_checkpoint,
)
from checkpoint_app.sync.client import ConnectionInfo, enroll, load_connection
from checkpoint_app.workstation.sync import sync_once
from checkpoint_app.workstation.transfers import TransferRequest, record_transfer
from tests.factories import make_record

NOW = datetime(2022, 4, 10, 9, 30, tzinfo=UTC)
CLEAR = RecordFlags(fever=False, nat_expired=False)
PIN = "246813"
REPO_ROOT = Path(__file__).resolve().parents[1]


COUNTY_TEST_DB_ENV = "CHECKPOINT_COUNTY_TEST_DB"
REQUIRE_POSTGRES = os.environ.get("CHECKPOINT_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgresql"]


def _unavailable(reason: str) -> None:
    if REQUIRE_POSTGRES:
        pytest.fail(f"{reason} (CHECKPOINT_REQUIRE_POSTGRES=1)")
    pytest.skip(reason)


@functools.cache
def _postgres_problem(url: str) -> str | None:
    """Why the PostgreSQL test database cannot be used, or None (checked once a session)."""
    engine = create_engine(normalise_db_url(url))
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # any driver or network error means "not available"
        return f"PostgreSQL at {COUNTY_TEST_DB_ENV} is not reachable: {type(exc).__name__}"
    finally:
        engine.dispose()
    return None


@contextmanager
def county_database(backend: str, root: Path) -> Iterator[str]:
    """The URL of an empty county database on `backend`, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{root / 'county.db'}"
        return
    base = os.environ.get(COUNTY_TEST_DB_ENV, "")
    if not base:
        _unavailable(
            f"PostgreSQL not configured: run tools/ci_postgres.sh, set {COUNTY_TEST_DB_ENV}"
        )
    problem = _postgres_problem(base)
    if problem:
        _unavailable(problem)
    schema = f"county_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_db_url(base))
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    # A search_path of its own: the store's unqualified tables land in this schema.
    url = make_url(normalise_db_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CountyServer:
    """`checkpoint-county serve` in a subprocess on 127.0.0.1 with its own SQLite file."""

    #: The module run with `-m … serve`; a test variant of the server names its own.
    MODULE = "checkpoint_app.county.cli"

    def __init__(
        self, root: Path, db_url: str | None = None, extra_args: tuple[str, ...] = ()
    ) -> None:
        self.extra_args = extra_args  # e.g. ("--workers", "4", "--trusted-proxy", "127.0.0.1")
        self.data_dir = root / "county"
        self.db_url = db_url or f"sqlite:///{self.data_dir / 'county.db'}"
        self.port = free_port()
        scheme = "https" if "--ssl-certfile" in extra_args else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = root / "county-server.log"
        # Keys made up front so tests can read them before the first start.
        self.keys: CountyKeys = init_county_keys(self.data_dir)[0]

    @functools.cached_property
    def store(self) -> CountyStore:
        """The test's own view of the database (opened on first use, so that a test can
        leave the schema upgrade to the server process)."""
        return CountyStore(self.db_url)

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    self.MODULE,
                    "serve",
                    "--db",
                    self.db_url,
                    "--data-dir",
                    str(self.data_dir),
                    "--port",
                    str(self.port),
                    *self.extra_args,
                ],
                cwd=REPO_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.MODULE} exited: {self.log.read_text('utf-8')}")
            try:
                # Only whether it listens: a TLS test checks the certificate itself.
                answer = httpx.get(f"{self.url}/healthz", timeout=0.5, verify=False)
                if answer.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            # Polling a port that is not yet listening: there is no signal to wait on.
            time.sleep(0.05)
        raise RuntimeError(f"{self.MODULE} did not answer /healthz within 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def enrollment_code(self, name: str | None = None) -> str:
        """A fresh checkpoint at the county and a one-time code for it."""
        checkpoint = self.store.add_checkpoint(
            name or f"卡点-{uuid.uuid4().hex[:8]}", CheckpointKind.TOLL_STATION, "谭庄镇"
        )
        return self.store.issue_enrollment_code(checkpoint.id)


@pytest.fixture(scope="module", params=BACKENDS)
def county_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CountyServer]:
    """A real county server shared by one test module (tests use their own checkpoints),
    once on SQLite and once on PostgreSQL."""
    root = tmp_path_factory.mktemp(f"county-{request.param}")
    with county_database(request.param, root) as url:
        server = CountyServer(root, url)
        try:
            server.start()
            yield server
        finally:
            server.stop()
            server.store.close()


@pytest.fixture(params=BACKENDS)
def county_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CountyStore]:
    """An empty county database of the test's own (no server process), on each backend."""
    with county_database(request.param, tmp_path) as url:
        store = CountyStore(url)
        try:
            yield store
        finally:
            store.close()


def traveller(**changes: object) -> TravellerRecord:
    # The NAT stays sampled 20 hours before NOW even when a test moves the check.
    base = {
        "checked_at": NOW,
        "nat_sampled_at": NOW - timedelta(hours=20),
        "destination_township": "谭庄镇",
    }
    return make_record(**(base | changes))


@dataclass
class Station:
    """A set-up workstation with an open shift, in its own data folder."""

    data_dir: Path
    db: Database
    checkpoint: Checkpoint
    admin: Staff
    shift: Shift

    @property
    def repo(self) -> RecordRepository:
        return RecordRepository(self.db)

    def save(
        self, count: int = 1, *, flags: RecordFlags = CLEAR, **changes: object
    ) -> list[TravellerRecord]:
        saved = []
        for _ in range(count):
            record = traveller(shift_id=self.shift.id, staff_id=self.admin.id, **changes)
            self.repo.save(record, flags=flags, staff_id=self.admin.id)
            saved.append(record)
        return saved

    def unsynced(self) -> list[tuple[str, int]]:
        return [
            (r[0], r[1])
            for r in self.db.execute(
                "SELECT record_uuid, record_version FROM outbox WHERE synced_at IS NULL"
            )
        ]

    def connection(self) -> ConnectionInfo:
        conn = load_connection(self.data_dir)
        assert conn is not None
        return conn


def make_station(
    root: Path, name: str = "宁洛高速谭庄站", *, admin_secret: str | None = None
) -> Station:
    """A set-up station; with `admin_secret`, on an encrypted store left unlocked, as after
    a sign-in (lock_store(data_dir) signs out)."""
    data_dir = root / f"station-{uuid.uuid4().hex[:6]}"
    if admin_secret is None:
        db = open_database(data_dir / DATABASE_FILENAME)
    else:
        from checkpoint_app.storage.unlock import create_encrypted_store

        db = create_encrypted_store(data_dir, admin_secret)
    checkpoint, admin = set_up_checkpoint(
        db,
        name=name,
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin=PIN,
    )
    return Station(data_dir, db, checkpoint, admin, open_shift(db, admin))


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    made = make_station(tmp_path)
    yield made
    made.db.close()


@pytest.fixture
def enrolled(station: Station, county_server: CountyServer) -> Station:
    """The station, enrolled with the module's county server."""
    result = enroll(station.data_dir, county_server.url, county_server.enrollment_code())
    assert result.ok, result.failure
    return station


def seed_checkpoint(
    store: CountyStore,
    name: str,
    records: list[tuple[TravellerRecord, RecordFlags]],
    *,
    township: str = "谭庄镇",
    kind: CheckpointKind = CheckpointKind.TOLL_STATION,
    device_id: str | None = None,
) -> str:
    """A checkpoint with an enrolled device whose records reach the store as a signed batch
    would (without a server process); returns the device id. For report tests. Pass the
    `device_id` it returned to send more (e.g. a correction) from the same device."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from checkpoint_app.sync.protocol import parse_wire_record, public_key_bytes, record_to_wire

    found = store.find_checkpoint(name)
    checkpoint = found or store.add_checkpoint(name, kind, township)
    sequence = 1
    if device_id is None:
        device_id = f"device-{uuid.uuid4().hex[:12]}"
        code = store.issue_enrollment_code(checkpoint.id)
        store.enroll_device(code, device_id, public_key_bytes(Ed25519PrivateKey.generate()))
    else:
        device = store.device(device_id)
        assert device is not None
        sequence = device.last_sequence + 1
    batch = [
        parse_wire_record(
            record_to_wire(r, fever=f.fever, nat_expired=f.nat_expired, report=f.report)
        )
        for r, f in records
    ]
    store.ingest_online(device_id, sequence, batch, waiting=len(batch))
    return device_id


# ---------------------------------------------------------------------------- dashboard users

#: The password of every dashboard user `dashboard_user` makes.
DASHBOARD_PASSWORD = "卡点通-site-2022"


def dashboard_user(
    server: CountyServer,
    role: DashboardRole,
    site_id: int | None = None,
    *,
    township: str = "",
    name: str = "",
) -> str:
    """A new dashboard user with `role` (a site user needs `site_id`, a township cadre may
    have `township`), signing in with DASHBOARD_PASSWORD; the user name (`name`, or one
    made up)."""
    name = name or f"{role.value}-{uuid.uuid4().hex[:6]}"
    server.store.add_user(name, hash_password(DASHBOARD_PASSWORD))
    set_user_role(server.store, name, role, by="测试", site_id=site_id, township=township)
    return name


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a dashboard page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "no csrf_token on the page"
    return found.group(1)


@contextmanager
def signed_in(server: CountyServer, username: str) -> Iterator[httpx.Client]:
    """An HTTP client signed in to the dashboard as `username` (a dashboard_user)."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = csrf_token(client.get("/login").text)
        answer = client.post(
            "/login",
            data={"username": username, "password": DASHBOARD_PASSWORD, "csrf_token": token},
        )
        assert answer.status_code == 303, answer.text
        yield client


# ---------------------------------------------------------------------------- transfers


def receiving_sites(server: CountyServer) -> tuple[Site, Site]:
    """A quarantine point and a fever clinic of the caller's own, named at the county."""
    tag = uuid.uuid4().hex[:6]
    quarantine = add_site(
        server.store, f"隔离点-{tag}", SiteKind.QUARANTINE, "城关乡", 30, by="测试"
    )
    clinic = add_site(server.store, f"发热门诊-{tag}", SiteKind.FEVER_CLINIC, "老城", 5, by="测试")
    return quarantine, clinic


def sent_transfer(
    station: Station, site: Site, disposition: Disposition = Disposition.CENTRAL_QUARANTINE
) -> str:
    """A traveller saved with `disposition`, sent to `site` and pushed; the transfer code."""
    [record] = station.save(1, disposition=disposition, checked_at=datetime.now(UTC))
    report = sync_once(station.data_dir)  # the record up, the site list down
    assert report.ok, report.summary()
    transfer = record_transfer(
        station.db,
        TransferRequest(record.uuid, site.id, "豫P·J0931", "刘红梅", "13912345678"),
        staff_id=station.admin.id,
    )
    pushed = sync_once(station.data_dir)
    assert pushed.ok and pushed.transfers is not None and pushed.transfers.accepted == 1
    return transfer.code


def confirm_receipt(client: httpx.Client, code: str, **fields: str) -> httpx.Response:
    """A site user's receipt for `code` posted from /site/receive with the page's token."""
    token = csrf_token(client.get("/site/receive").text)
    return client.post("/site/receive", data={"csrf_token": token, "code": code, **fields})


def transfer_row(page: str, code: str) -> str:
    """The in-flight table row of transfer `code` on a page ('' if the page has none)."""
    shown = format_transfer_code(code)
    found = re.search(rf'<tr class="transfer[^"]*" data-code="{shown}">.*?</tr>', page, re.S)
    return found.group(0) if found else ""


# ---------------------------------------------------------------------------- forged county

HUGE_SEQUENCE = 999_999_999_999_999_999


@dataclass
class ForgedCounty:
    """An HTTP server on 127.0.0.1 that answers every request with one canned reply."""

    status: int
    body: dict[str, object]
    headers: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    url: str = ""


@pytest.fixture
def forged_county() -> Iterator[ForgedCounty]:
    """A forged county answering `401 replay, last_sequence 10^18` until told otherwise."""
    county = ForgedCounty(401, {"error": "replay", "last_sequence": HUGE_SEQUENCE})

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            county.requests += 1
            body = json.dumps(county.body).encode()
            self.send_response(county.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in county.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815 (http.server's names)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    county.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield county
    finally:
        server.shutdown()
        server.server_close()
