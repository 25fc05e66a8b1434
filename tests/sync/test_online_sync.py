"""Online sync against a real county server process: what reaches the county, and how often."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checkpoint_app.app import main as app_main
from checkpoint_app.policy.pull import PolicyStatus, pull_policy
from checkpoint_app.sync.client import FailureKind, enroll, next_delay, push_pending, sync_status
from checkpoint_app.sync.keys import (
    ENROLLMENT_FILENAME,
    SEQUENCE_FILENAME,
    current_sequence,
    load_enrollment,
    sync_dir,
)
from checkpoint_app.sync.outbox import content_hash, list_conflicts, load_wire
from checkpoint_app.sync.protocol import (
    RECORDS_PATH,
    b64encode,
    canonical_json,
    public_key_bytes,
    sign_policy_pack,
    sign_request,
)
from checkpoint_app.workstation.sync import sync_once
from tests.county_fixtures import CountyServer, make_station

# ---------------------------------------------------------------------------- helpers


def county_hash_of(station, uuid: str, version: int) -> str:
    wire = load_wire(station.db, uuid, version)
    assert wire is not None
    return content_hash(wire)


def signed_post(station, body: bytes, *, sequence: int, key=None) -> httpx.Response:
    """A request exactly as a device would send it, for the tests that tamper with one."""
    conn = station.connection()
    headers = sign_request(
        key or conn.device_key, "POST", RECORDS_PATH, body, conn.device_id, sequence
    )
    return httpx.post(conn.server_url + RECORDS_PATH, content=body, headers=headers)


def batch_body(station, records) -> bytes:
    return canonical_json({"records": [load_wire(station.db, r.uuid, r.version) for r in records]})


# ---------------------------------------------------------------------------- enrollment


def test_enrollment_pins_the_county_keys_and_keeps_the_device_key_private(enrolled):
    info = load_enrollment(enrolled.data_dir)
    assert info is not None and info.device_id == enrolled.checkpoint.device_id
    key_file = sync_dir(enrolled.data_dir) / "device_ed25519.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert (sync_dir(enrolled.data_dir) / ENROLLMENT_FILENAME).stat().st_mode & 0o077 == 0


def test_an_enrollment_code_works_once_and_a_wrong_one_is_refused_in_words(
    station, county_server, tmp_path
):
    code = county_server.enrollment_code()
    assert enroll(station.data_dir, county_server.url, code).ok
    other = make_station(tmp_path, "周南高速商水收费站")
    reused = enroll(other.data_dir, county_server.url, code)
    assert reused.failure is not None and "注册码" in reused.failure.message
    wrong = enroll(other.data_dir, county_server.url, "AAAAAAAA")
    assert wrong.failure is not None and "注册码" in wrong.failure.message
    assert load_enrollment(other.data_dir) is None


# ---------------------------------------------------------------------------- push


def test_records_reach_the_county_exactly_once(enrolled, county_server):
    records = enrolled.save(5)
    before = county_server.store.record_count()
    report = push_pending(enrolled.db, enrolled.connection(), batch_size=2)
    assert (report.accepted, report.already_had, report.conflicts) == (5, 0, 0)
    assert report.remaining == 0 and report.failure is None
    assert county_server.store.record_count() == before + 5
    for r in records:
        assert county_server.store.record_versions(r.uuid) == [
            (1, county_hash_of(enrolled, r.uuid, 1))
        ]
    assert enrolled.unsynced() == []
    again = push_pending(enrolled.db, enrolled.connection())
    assert again.sent == 0 and county_server.store.record_count() == before + 5


def test_an_identical_resend_after_a_lost_reply_is_harmless(enrolled, county_server):
    enrolled.save(3)
    push_pending(enrolled.db, enrolled.connection())
    before = county_server.store.record_count()
    # The county committed but the reply never arrived: the rows are still unsynced here.
    enrolled.db.execute("UPDATE outbox SET synced_at = NULL")
    enrolled.db.conn.commit()
    report = push_pending(enrolled.db, enrolled.connection())
    assert (report.accepted, report.already_had) == (0, 3)
    assert county_server.store.record_count() == before
    assert enrolled.unsynced() == []


def test_different_content_under_the_same_version_is_a_conflict_kept_for_a_person(
    enrolled, county_server
):
    (record,) = enrolled.save(1)
    push_pending(enrolled.db, enrolled.connection())
    original_hash = county_hash_of(enrolled, record.uuid, 1)
    # The same UUID+version now says something else locally (a restored backup, a bug).
    enrolled.db.execute("UPDATE records SET notes = '体温复测 36.8' WHERE uuid = ?", [record.uuid])
    enrolled.db.execute("UPDATE outbox SET synced_at = NULL WHERE record_uuid = ?", [record.uuid])
    enrolled.db.conn.commit()
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.conflicts == 1 and report.remaining == 1
    assert county_server.store.record_versions(record.uuid) == [(1, original_hash)]
    assert (record.uuid, 1, enrolled.checkpoint.device_id) in county_server.store.conflicts()
    assert enrolled.unsynced() == [(record.uuid, 1)]
    [conflict] = list_conflicts(enrolled.db)
    assert conflict.record_uuid == record.uuid and conflict.county_hash == original_hash
    # Never retried silently: the next sync leaves it for a person.
    assert push_pending(enrolled.db, enrolled.connection()).sent == 0
    assert sync_status(enrolled.db, enrolled.data_dir).open_conflicts == 1


def test_a_correction_is_stored_as_history_at_the_county(enrolled, county_server):
    (record,) = enrolled.save(1)
    push_pending(enrolled.db, enrolled.connection())
    fixed = record.corrected(name="张卫")
    from tests.county_fixtures import CLEAR

    enrolled.repo.correct(fixed, flags=CLEAR, reason="姓名录错", staff_id=enrolled.admin.id)
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.accepted == 1
    assert [v for v, _ in county_server.store.record_versions(record.uuid)] == [1, 2]


def test_a_reply_not_signed_by_the_pinned_county_key_marks_nothing_synced(enrolled, county_server):
    enrolled.save(2)
    path = sync_dir(enrolled.data_dir) / ENROLLMENT_FILENAME
    pinned = path.read_text("utf-8")
    impostor = b64encode(public_key_bytes(Ed25519PrivateKey.generate()))
    path.write_text(pinned.replace(load_enrollment(enrolled.data_dir).county_signing_key, impostor))
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.failure is not None and report.failure.kind is FailureKind.CERTIFICATE
    assert len(enrolled.unsynced()) == 2
    path.write_text(pinned)  # the real county again: the resend is answered "already had"
    again = push_pending(enrolled.db, enrolled.connection())
    assert (again.accepted, again.already_had, again.remaining) == (0, 2, 0)


def test_a_sequence_counter_restored_from_a_backup_catches_up(enrolled):
    enrolled.save(1)
    push_pending(enrolled.db, enrolled.connection())
    (sync_dir(enrolled.data_dir) / SEQUENCE_FILENAME).write_text("0\n")
    enrolled.save(1)
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.failure is None and report.remaining == 0
    assert current_sequence(enrolled.data_dir) > 1


# ---------------------------------------------------------------------------- refusals


def test_a_replayed_request_is_rejected_and_writes_nothing(enrolled, county_server):
    first, second = enrolled.save(2)
    sequence = current_sequence(enrolled.data_dir)
    captured = batch_body(enrolled, [first])  # recorded on the wire by an eavesdropper
    assert signed_post(enrolled, batch_body(enrolled, [second]), sequence=sequence + 2).is_success
    before = county_server.store.record_count()
    device_before = county_server.store.device(enrolled.checkpoint.device_id)
    replay = signed_post(enrolled, captured, sequence=sequence + 1)
    assert replay.status_code == 401 and replay.json()["error"] == "replay"
    same_again = signed_post(enrolled, batch_body(enrolled, [second]), sequence=sequence + 2)
    assert same_again.status_code == 401
    assert county_server.store.record_count() == before
    assert county_server.store.record_versions(first.uuid) == []
    assert county_server.store.device(enrolled.checkpoint.device_id) == device_before


def test_a_tampered_request_is_rejected_and_writes_nothing(enrolled, county_server):
    (record,) = enrolled.save(1)
    conn = enrolled.connection()
    body = batch_body(enrolled, [record])
    sequence = current_sequence(enrolled.data_dir) + 1
    headers = sign_request(conn.device_key, "POST", RECORDS_PATH, body, conn.device_id, sequence)
    tampered = body.replace("张伟".encode(), "李伟".encode())
    before = county_server.store.record_count()
    response = httpx.post(conn.server_url + RECORDS_PATH, content=tampered, headers=headers)
    assert response.status_code == 401 and response.json()["error"] == "bad_signature"
    assert county_server.store.record_count() == before
    assert county_server.store.device(conn.device_id).last_sequence < sequence


def test_unsigned_and_foreign_key_requests_are_rejected_and_write_nothing(enrolled, county_server):
    (record,) = enrolled.save(1)
    body = batch_body(enrolled, [record])
    before = county_server.store.record_count()
    unsigned = httpx.post(county_server.url + RECORDS_PATH, content=body)
    assert unsigned.status_code == 401 and unsigned.json()["error"] == "unsigned"
    sequence = current_sequence(enrolled.data_dir) + 1
    forged = signed_post(enrolled, body, sequence=sequence, key=Ed25519PrivateKey.generate())
    assert forged.status_code == 401
    assert county_server.store.record_count() == before
    assert county_server.store.record_versions(record.uuid) == []


def test_a_revoked_device_is_refused_and_nothing_is_written(enrolled, county_server):
    (record,) = enrolled.save(1)
    county_server.store.revoke_device(enrolled.checkpoint.device_id)
    before = county_server.store.record_count()
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.failure is not None and report.failure.kind is FailureKind.REVOKED
    assert "吊销" in report.failure.message
    response = signed_post(
        enrolled, batch_body(enrolled, [record]), sequence=current_sequence(enrolled.data_dir) + 1
    )
    assert response.status_code == 403
    assert county_server.store.record_count() == before
    assert enrolled.unsynced() == [(record.uuid, 1)]


# ---------------------------------------------------------------------------- policy


def test_a_policy_pack_is_applied_and_one_with_a_bad_signature_is_refused(enrolled, county_server):
    import json

    from checkpoint_app.resources import resource_path

    content = json.loads(resource_path("data", "default-policy.json").read_text("utf-8"))
    published = county_server.store.publish_policy(county_server.keys.signing, content)
    applied = pull_policy(enrolled.db, enrolled.connection())
    assert applied.status is PolicyStatus.APPLIED and applied.version == published.version
    assert pull_policy(enrolled.db, enrolled.connection()).status is PolicyStatus.UNCHANGED

    forged = sign_policy_pack(
        Ed25519PrivateKey.generate(),
        version=published.version + 1,
        published_at=applied.published_at,
        content={"thresholds": {"fever": 40.0}},
    )
    county_server.store.store_policy_envelope(published.version + 1, forged)
    refused = pull_policy(enrolled.db, enrolled.connection())
    assert refused.status is PolicyStatus.REFUSED and "签名" in refused.message
    assert refused.version == published.version  # the old pack stays in force

    county_server.store.store_policy_envelope(published.version + 2, b"{not json")
    malformed = pull_policy(enrolled.db, enrolled.connection())
    assert malformed.status is PolicyStatus.REFUSED and malformed.version == published.version


def test_a_signed_pack_whose_rules_cannot_be_applied_is_refused(enrolled, county_server):
    """A correct signature over broken rules must not replace the rules in force."""
    county_server.store.publish_policy(county_server.keys.signing, {"thresholds": {"fever": 40}})
    refused = pull_policy(enrolled.db, enrolled.connection())
    assert refused.status is PolicyStatus.REFUSED
    assert "继续使用原策略" in refused.message


# ---------------------------------------------------------------------------- failures


def test_an_unreachable_server_becomes_a_message_not_an_exception(enrolled, tmp_path):
    enrolled.save(2)
    path = sync_dir(enrolled.data_dir) / ENROLLMENT_FILENAME
    from tests.county_fixtures import free_port

    dead = f"http://127.0.0.1:{free_port()}"
    path.write_text(path.read_text("utf-8").replace(enrolled.connection().server_url, dead))
    report = sync_once(enrolled.data_dir)
    assert report.failure is not None and report.failure.kind is FailureKind.OFFLINE
    assert "断网" in report.failure.message and report.pending == 2
    assert sync_status(enrolled.db, enrolled.data_dir).last_error == report.failure.message


def test_sync_before_enrollment_says_so(station):
    report = sync_once(station.data_dir)
    assert report.failure is not None and report.failure.kind is FailureKind.NOT_ENROLLED


def test_backoff_grows_exponentially_with_jitter_and_is_capped():
    rng = random.Random(4)
    delays = [next_delay(n, rng, base=5, cap=600) for n in range(12)]
    for n, delay in enumerate(delays):
        step = min(600, 5 * 2**n)
        assert step / 2 <= delay <= step
    assert max(delays) <= 600
    assert len({round(next_delay(3, rng), 3) for _ in range(20)}) > 10  # jittered


def test_checkpoint_app_sync_exits_non_zero_while_the_server_is_down_and_zero_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    server = CountyServer(tmp_path)
    server.start()
    try:
        station = make_station(tmp_path)
        code = server.enrollment_code()
        assert (
            app_main(
                [
                    "--data-dir",
                    str(station.data_dir),
                    "enroll",
                    "--server",
                    server.url,
                    "--code",
                    code,
                ]
            )
            == 0
        )
        station.save(3)
        server.stop()
        assert app_main(["sync", "--data-dir", str(station.data_dir)]) == 1
        assert "剩余 3 条待同步" in capsys.readouterr().out
        server.start()
        assert app_main(["sync", "--data-dir", str(station.data_dir)]) == 0
        out = capsys.readouterr().out
        assert "上传 3 条新记录" in out and "剩余 0 条待同步" in out
        assert server.store.record_count() == 3
    finally:
        server.stop()
        server.store.close()


def test_the_same_batch_sent_twice_at_once_is_stored_once(enrolled, county_server):
    # A proxy that duplicates a request: both copies arrive together, with their own numbers.
    records = enrolled.save(20)
    body = batch_body(enrolled, records)
    sequence = current_sequence(enrolled.data_dir)
    before = county_server.store.record_count()
    with ThreadPoolExecutor(4) as pool:
        replies = list(
            pool.map(lambda n: signed_post(enrolled, body, sequence=sequence + n), range(1, 5))
        )
    # A copy overtaken by a later number is refused as a replay; the others are answered.
    answered = [r for r in replies if r.status_code == 200]
    assert answered and all(r.json()["error"] == "replay" for r in replies if r not in answered)
    statuses = [entry["status"] for r in answered for entry in r.json()["results"]]
    assert statuses.count("accepted") == 20
    assert statuses.count("already_had") == 20 * (len(answered) - 1)
    assert county_server.store.record_count() == before + 20
