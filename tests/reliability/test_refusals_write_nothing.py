"""Refused requests and bundles leave the county's database exactly as it was.

tests/sync and tests/county check that refusals keep the record count; here every row of
every county table is compared before and after (records, conflicts, the device's last
sequence and last-seen time, imports, policy packs…), so a refusal that bumped a counter,
stored a conflict or noted an import would fail. Each refused request carries a batch
that would write if accepted: a stored record with changed content (a conflict row) and
a record the county has not seen (a new row).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.keys import init_county_keys
from checkpoint_app.county.store import metadata
from checkpoint_app.sync.bundle import export_bundle
from checkpoint_app.sync.client import push_pending
from checkpoint_app.sync.keys import EnrollmentInfo, current_sequence, save_enrollment
from checkpoint_app.sync.outbox import load_wire
from checkpoint_app.sync.protocol import (
    POLICY_PATH,
    RECORDS_PATH,
    b64encode,
    canonical_json,
    sign_request,
)
from tests.county_fixtures import CountyServer, Station

Snapshot = dict[str, list[tuple[Any, ...]]]


BOOKKEEPING_TABLES = frozenset({"rate_counters"})


def snapshot(server: CountyServer) -> Snapshot:
    """Every row of every county table, in a stable order."""
    with server.store.engine.connect() as conn:
        return {
            table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
            for table in metadata.sorted_tables
            # Request counters for the rate limits count refusals too: bookkeeping, not data.
            if table.name not in BOOKKEEPING_TABLES
        }


def would_write(station: Station) -> bytes:
    """A batch the county would write from: a changed stored record and a new one."""
    stored = station.save(2)[0]
    report = push_pending(station.db, station.connection())
    assert report.failure is None and report.remaining == 0
    changed = dict(load_wire(station.db, stored.uuid, 1) or {})
    changed["notes"] = "改过的内容"
    (new,) = station.save(1)
    return canonical_json({"records": [changed, load_wire(station.db, new.uuid, 1)]})


def post(server: CountyServer, body: bytes, headers: dict[str, str], path: str = RECORDS_PATH):
    return httpx.post(server.url + path, content=body, headers=headers)


def signed(station: Station, body: bytes, sequence: int, **over: Any) -> dict[str, str]:
    conn = station.connection()
    return sign_request(
        over.get("key", conn.device_key),
        over.get("method", "POST"),
        over.get("path", RECORDS_PATH),
        body,
        over.get("device_id", conn.device_id),
        sequence,
    )


def next_number(station: Station) -> int:
    return current_sequence(station.data_dir) + 1


# Each case: (name, expected status, expected error, the request). The request function
# may change the county first (revocation, an accepted request to replay); the snapshot
# is taken after that preparation, right before the refused request.
Prepared = Callable[[], httpx.Response]
Case = Callable[[Station, CountyServer, bytes], Prepared]


def unsigned(station: Station, server: CountyServer, body: bytes) -> Prepared:
    return lambda: post(server, body, {})


def unknown_device(station: Station, server: CountyServer, body: bytes) -> Prepared:
    key = Ed25519PrivateKey.generate()
    headers = signed(station, body, 1, key=key, device_id="never-enrolled-device")
    return lambda: post(server, body, headers)


def foreign_key(station: Station, server: CountyServer, body: bytes) -> Prepared:
    headers = signed(station, body, next_number(station), key=Ed25519PrivateKey.generate())
    return lambda: post(server, body, headers)


def tampered_body(station: Station, server: CountyServer, body: bytes) -> Prepared:
    headers = signed(station, body, next_number(station))
    tampered = body.replace("张伟".encode(), "李伟".encode())
    assert tampered != body
    return lambda: post(server, tampered, headers)


def tampered_sequence(station: Station, server: CountyServer, body: bytes) -> Prepared:
    # A jump of the number would lock the real device out (all its numbers "replayed").
    headers = signed(station, body, next_number(station))
    headers["X-Checkpoint-Sequence"] = str(next_number(station) + 1_000_000)
    return lambda: post(server, body, headers)


def signed_for_another_path(station: Station, server: CountyServer, body: bytes) -> Prepared:
    headers = signed(station, body, next_number(station), method="GET", path=POLICY_PATH)
    return lambda: post(server, body, headers)


def exact_replay(station: Station, server: CountyServer, body: bytes) -> Prepared:
    headers = signed(station, body, next_number(station))
    assert post(server, body, headers).status_code == 200  # what an eavesdropper recorded
    return lambda: post(server, body, headers)


def older_sequence(station: Station, server: CountyServer, body: bytes) -> Prepared:
    headers = signed(station, body, max(1, current_sequence(station.data_dir) - 1))
    return lambda: post(server, body, headers)


def revoked_device(station: Station, server: CountyServer, body: bytes) -> Prepared:
    server.store.revoke_device(station.checkpoint.device_id)
    headers = signed(station, body, next_number(station))
    return lambda: post(server, body, headers)


def policy_replay(station: Station, server: CountyServer, body: bytes) -> Prepared:
    number = current_sequence(station.data_dir)
    headers = signed(station, b"", number, method="GET", path=POLICY_PATH)
    return lambda: httpx.get(server.url + POLICY_PATH, headers=headers)


def policy_revoked(station: Station, server: CountyServer, body: bytes) -> Prepared:
    server.store.revoke_device(station.checkpoint.device_id)
    headers = signed(station, b"", next_number(station), method="GET", path=POLICY_PATH)
    return lambda: httpx.get(server.url + POLICY_PATH, headers=headers)


REQUEST_CASES: list[tuple[Case, int, str]] = [
    (unsigned, 401, "unsigned"),
    (unknown_device, 401, "unknown_device"),
    (foreign_key, 401, "bad_signature"),
    (tampered_body, 401, "bad_signature"),
    (tampered_sequence, 401, "bad_signature"),
    (signed_for_another_path, 401, "bad_signature"),
    (exact_replay, 401, "replay"),
    (older_sequence, 401, "replay"),
    (revoked_device, 403, "revoked"),
    (policy_replay, 401, "replay"),
    (policy_revoked, 403, "revoked"),
]


def test_the_batch_used_below_writes_a_conflict_and_a_record_when_properly_signed(
    enrolled: Station, county_server: CountyServer
) -> None:
    # The control: without it, a county that wrote nothing at all would pass every case.
    body = would_write(enrolled)
    before = snapshot(county_server)
    response = post(county_server, body, signed(enrolled, body, next_number(enrolled)))
    assert response.status_code == 200
    statuses = sorted(r["status"] for r in response.json()["results"])
    assert statuses == ["accepted", "conflict"]
    after = snapshot(county_server)
    assert len(after["records"]) == len(before["records"]) + 1
    assert len(after["record_conflicts"]) == len(before["record_conflicts"]) + 1


@pytest.mark.parametrize(
    ("case", "status", "error"), REQUEST_CASES, ids=[c[0].__name__ for c in REQUEST_CASES]
)
def test_a_refused_request_changes_no_row_of_the_county_database(
    enrolled: Station, county_server: CountyServer, case: Case, status: int, error: str
) -> None:
    body = would_write(enrolled)
    send = case(enrolled, county_server, body)
    before = snapshot(county_server)
    response = send()
    assert (response.status_code, response.json()["error"]) == (status, error)
    assert snapshot(county_server) == before


# ---------------------------------------------------------------------------- bundles


def county(server: CountyServer, *args: str) -> int:
    return county_main([*args, "--db", server.db_url, "--data-dir", str(server.data_dir)])


def enroll_offline_with(station: Station, signing_raw: bytes, sealing_raw: bytes) -> None:
    """Give the station a new device key (and these county keys) without asking the county."""
    save_enrollment(
        station.data_dir,
        EnrollmentInfo(
            server_url="http://127.0.0.1:9",
            device_id=station.checkpoint.device_id,
            checkpoint_name=station.checkpoint.name,
            county_signing_key=b64encode(signing_raw),
            county_sealing_key=b64encode(sealing_raw),
            enrolled_at="2022-04-10T09:30:00Z",
        ),
        Ed25519PrivateKey.generate(),
    )


def bundle_of(station: Station, out: Path) -> Path:
    station.save(3)
    report = export_bundle(station.db, station.data_dir, out)
    assert report.path is not None, report.error
    return report.path


def flipped(station: Station, server: CountyServer, tmp: Path) -> Path:
    path = bundle_of(station, tmp / "usb")
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))
    return path


def truncated(station: Station, server: CountyServer, tmp: Path) -> Path:
    path = bundle_of(station, tmp / "usb")
    path.write_bytes(path.read_bytes()[:-100])
    return path


def for_another_county(station: Station, server: CountyServer, tmp: Path) -> Path:
    other = init_county_keys(tmp / "other-county")[0]
    enroll_offline_with(station, other.signing_public_raw, other.sealing_public_raw)
    return bundle_of(station, tmp / "usb")


def signed_by_a_foreign_device_key(station: Station, server: CountyServer, tmp: Path) -> Path:
    # Same device id, same county, but a key the county never enrolled (a stolen id).
    keys = server.keys
    enroll_offline_with(station, keys.signing_public_raw, keys.sealing_public_raw)
    return bundle_of(station, tmp / "usb")


def imported_before(station: Station, server: CountyServer, tmp: Path) -> Path:
    path = bundle_of(station, tmp / "usb")
    assert county(server, "import", str(path)) == 0
    return path


def from_a_revoked_device(station: Station, server: CountyServer, tmp: Path) -> Path:
    path = bundle_of(station, tmp / "usb")
    server.store.revoke_device(station.checkpoint.device_id)
    return path


BUNDLE_CASES = [
    flipped,
    truncated,
    for_another_county,
    signed_by_a_foreign_device_key,
    imported_before,
    from_a_revoked_device,
]


@pytest.mark.parametrize("case", BUNDLE_CASES, ids=[c.__name__ for c in BUNDLE_CASES])
def test_a_refused_bundle_changes_no_row_of_the_county_database(
    enrolled: Station,
    county_server: CountyServer,
    tmp_path: Path,
    case: Callable[[Station, CountyServer, Path], Path],
) -> None:
    path = case(enrolled, county_server, tmp_path)
    before = snapshot(county_server)
    assert county(county_server, "import", str(path)) == 1
    assert snapshot(county_server) == before
