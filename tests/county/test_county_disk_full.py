"""A full disk at the county: devices are told to retry later, every import file is reported.

On SQLite the county database lies on a real tmpfs of 2 MB that fills up (mounting it
needs root, as in CI). On PostgreSQL a trigger raises the server's own disk_full error
(SQLSTATE 53100) on every insert into records, which is what a full data directory
gives; dropping it is "the administrator freed space".
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine

from checkpoint_app.county.store import normalise_db_url
from checkpoint_app.sync.bundle import export_bundle
from checkpoint_app.sync.client import enroll, push_pending
from checkpoint_app.sync.keys import load_device_key
from checkpoint_app.sync.protocol import RECORDS_PATH, canonical_json, record_to_wire, sign_request
from tests.county_fixtures import BACKENDS, REPO_ROOT, CountyServer, county_database, make_station

FULL_TRIGGER = """
CREATE FUNCTION county_disk_full() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER county_disk_full BEFORE INSERT ON records
  FOR EACH ROW EXECUTE FUNCTION county_disk_full();
"""
FREE_TRIGGER = "DROP TRIGGER county_disk_full ON records; DROP FUNCTION county_disk_full();"


class Disk:
    """The county database's storage, which a test fills and then frees."""

    def __init__(self, backend: str, url: str, mount: Path | None) -> None:
        self.backend, self.url, self.mount = backend, url, mount

    def _sql(self, sql: str) -> None:
        engine = create_engine(normalise_db_url(self.url))
        with engine.begin() as conn:
            conn.exec_driver_sql(sql)
        engine.dispose()

    def fill(self) -> None:
        if self.mount is not None:
            # Whatever space is left goes to a ballast file: the next page SQLite writes fails.
            with (self.mount / "ballast").open("wb", buffering=0) as ballast:
                try:
                    while True:
                        ballast.write(b"\0" * 4096)
                except OSError:
                    pass
        else:
            self._sql(FULL_TRIGGER)

    def free(self) -> None:
        if self.mount is not None:
            (self.mount / "ballast").unlink()
        else:
            self._sql(FREE_TRIGGER)


@contextmanager
def small_disk(backend: str, root: Path) -> Iterator[Disk]:
    if backend == "postgresql":
        with county_database(backend, root) as url:
            yield Disk(backend, url, None)
        return
    mount = root / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("a small tmpfs for the county database needs root (mount)")
    try:
        yield Disk(backend, f"sqlite:///{mount / 'county.db'}", mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_full_disk_tells_devices_to_retry_later_and_loses_nothing(backend, tmp_path):
    with small_disk(backend, tmp_path) as disk:
        server = CountyServer(tmp_path, disk.url)
        server.start()
        try:
            station = make_station(tmp_path, "满盘卡点")
            assert enroll(station.data_dir, server.url, server.enrollment_code("满盘卡点")).ok
            station.save(40)
            assert push_pending(station.db, station.connection()).accepted == 40
            disk.fill()

            saved = station.save(30)
            pushed = push_pending(station.db, station.connection())
            assert pushed.failure is not None and pushed.accepted == 0
            assert len(station.unsynced()) == 30  # nothing acknowledged, nothing dropped

            key = load_device_key(station.data_dir)
            body = canonical_json({"records": [record_to_wire(saved[0])]})
            device = server.store.device(station.checkpoint.device_id)
            headers = sign_request(
                key, "POST", RECORDS_PATH, body, device.device_id, device.last_sequence + 1
            )
            answer = httpx.post(f"{server.url}{RECORDS_PATH}", content=body, headers=headers)
            assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
            assert "磁盘已满" in answer.json()["message"]
            assert "Traceback" not in server.log.read_text("utf-8")

            disk.free()
            again = push_pending(station.db, station.connection())
            assert again.failure is None and again.accepted == 30
            assert station.unsynced() == []
            assert server.store.record_count() == 70
            station.db.close()
        finally:
            server.stop()
            server.store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_import_on_a_full_disk_tries_and_reports_every_file(backend, tmp_path):
    with small_disk(backend, tmp_path) as disk:
        server = CountyServer(tmp_path, disk.url)
        bundles: list[Path] = []
        for n in range(3):
            name = f"交班卡点-{uuid.uuid4().hex[:6]}"
            station = make_station(tmp_path, name)
            server.start()
            assert enroll(station.data_dir, server.url, server.enrollment_code(name)).ok
            server.stop()
            for _ in range(4):
                station.save(20)
                report = export_bundle(station.db, station.data_dir, tmp_path / f"usb{n}")
                assert report.path is not None, report.error
                bundles.append(report.path)
            station.db.close()
        disk.fill()

        def run_import() -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "checkpoint_app.county.cli", "import",
                 *map(str, bundles), "--db", disk.url, "--data-dir", str(server.data_dir)],
                cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
            )  # fmt: skip

        full = run_import()
        assert full.returncode == 1
        assert "Traceback" not in full.stderr + full.stdout
        lines = full.stdout.splitlines()
        assert [line.split("：")[0] for line in lines] == [b.name for b in bundles]
        assert sum("磁盘已满" in line for line in lines) >= 1

        disk.free()
        retried = run_import()
        assert "Traceback" not in retried.stderr + retried.stdout
        assert server.store.record_count() == 3 * 4 * 20
        server.store.close()
