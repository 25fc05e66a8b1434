"""Attacks on the county, each against a real server process on 127.0.0.1 (both backends).

Each test does what the attacker did and checks that it no longer does harm: a device id
taken over, another checkpoint's record superseded, a sequence number far ahead, a copied
session cookie after logout, raced and spread-out password guesses, a flood of logins,
forged X-Forwarded-For, a deeply nested policy field.
"""

from __future__ import annotations

import re
import ssl
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checkpoint_app.county.auth import hash_password
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.roles import DashboardRole, set_user_role
from checkpoint_app.sync.client import enroll, push_pending
from checkpoint_app.sync.keys import load_device_key
from checkpoint_app.sync.protocol import (
    ENROLL_PATH,
    RECORDS_PATH,
    b64encode,
    canonical_json,
    public_key_bytes,
    record_to_wire,
    sign_request,
)
from tests.county_fixtures import (
    BACKENDS,
    CountyServer,
    Station,
    county_database,
    make_station,
)

PASSWORD = "县里的密码-2022"
PROXY_ARGS = ("--trusted-proxy", "127.0.0.1")


@pytest.fixture(scope="module", params=BACKENDS)
def proxied(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CountyServer]:
    """A county behind a trusted proxy on 127.0.0.1: X-Forwarded-For names the caller, so
    one test process can pose as many addresses."""
    root = tmp_path_factory.mktemp(f"proxied-{request.param}")
    with county_database(request.param, root) as url:
        server = CountyServer(root, url, PROXY_ARGS)
        try:
            server.start()
            yield server
        finally:
            server.stop()
            server.store.close()


def add_user(server: CountyServer, role: DashboardRole = DashboardRole.ADMIN) -> str:
    name = f"user-{uuid.uuid4().hex[:8]}"
    server.store.add_user(name, hash_password(PASSWORD))
    set_user_role(server.store, name, role, by="命令行")
    return name


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match is not None, html[:500]
    return match.group(1)


def login(
    server: CountyServer, username: str, password: str = PASSWORD, address: str | None = None
) -> tuple[httpx.Client, httpx.Response]:
    headers = {"X-Forwarded-For": address} if address else {}
    http = httpx.Client(base_url=server.url, headers=headers, timeout=60)
    token = csrf(http.get("/login").text)
    response = http.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    return http, response


def signed_post(
    server: CountyServer, key: Ed25519PrivateKey, path: str, body: bytes, device_id: str, seq: int
) -> httpx.Response:
    headers = sign_request(key, "POST", path, body, device_id, seq)
    headers["Content-Type"] = "application/json"
    return httpx.post(f"{server.url}{path}", content=body, headers=headers, timeout=30)


def enrolled_station(server: CountyServer, root: Path, name: str) -> Station:
    station = make_station(root, name)
    result = enroll(station.data_dir, server.url, server.enrollment_code(name))
    assert result.ok, result.failure
    return station


# ---------------------------------------------------------------------------- devices (#5 #6)


def test_an_enrollment_code_cannot_take_over_an_enrolled_device_or_unrevoke_it(
    county_server, tmp_path
):
    victim = enrolled_station(county_server, tmp_path, f"受害卡点-{uuid.uuid4().hex[:6]}")
    device_id = victim.checkpoint.device_id
    attacker = Ed25519PrivateKey.generate()

    def take_over(code: str) -> httpx.Response:
        body = canonical_json(
            {
                "code": code,
                "device_id": device_id,
                "public_key": b64encode(public_key_bytes(attacker)),
                "checkpoint_name": "攻击者",
            }
        )
        return signed_post(county_server, attacker, ENROLL_PATH, body, device_id, 0)

    refused = take_over(county_server.enrollment_code())
    assert refused.status_code == 403 and "不能用新注册码接管" in refused.json()["message"]
    victim.save(2)
    pushed = push_pending(victim.db, victim.connection())
    assert pushed.failure is None and pushed.accepted == 2  # the victim's key still works

    county_server.store.revoke_device(device_id)
    again = take_over(county_server.enrollment_code())
    assert again.status_code == 403 and "吊销" in again.json()["message"]
    device = county_server.store.device(device_id)
    assert device is not None and device.revoked
    victim.db.close()


def test_a_code_issued_for_one_device_re_enrolls_it_under_a_new_key(
    county_server, tmp_path, capsys
):
    name = f"重装卡点-{uuid.uuid4().hex[:6]}"
    station = enrolled_station(county_server, tmp_path, name)
    old_key = load_device_key(station.data_dir)
    assert (
        county_main(
            [
                "checkpoint",
                "code",
                name,
                "--replace-device",
                station.checkpoint.device_id,
                "--db",
                county_server.db_url,
                "--data-dir",
                str(county_server.data_dir),
            ]
        )
        == 0
    )
    code = re.search(r"注册码：([A-Z2-7]{8})", capsys.readouterr().out).group(1)
    other = make_station(tmp_path, "别的电脑")
    assert not enroll(other.data_dir, county_server.url, code).ok  # bound to that device
    assert enroll(station.data_dir, county_server.url, code).ok
    assert public_key_bytes(load_device_key(station.data_dir)) != public_key_bytes(old_key)
    station.save(1)
    assert push_pending(station.db, station.connection()).accepted == 1
    station.db.close()


def test_a_device_cannot_supersede_another_checkpoints_record(county_server, tmp_path):
    owner = enrolled_station(county_server, tmp_path, f"原卡点-{uuid.uuid4().hex[:6]}")
    other = enrolled_station(county_server, tmp_path, f"他卡点-{uuid.uuid4().hex[:6]}")
    (record,) = owner.save(1)
    assert push_pending(owner.db, owner.connection()).accepted == 1
    before = county_server.store.record_versions(record.uuid)

    forged = replace(record, version=2, name="冒名顶替")
    body = canonical_json({"records": [record_to_wire(forged)]})
    device = county_server.store.device(other.checkpoint.device_id)
    answer = signed_post(
        county_server,
        load_device_key(other.data_dir),
        RECORDS_PATH,
        body,
        other.checkpoint.device_id,
        device.last_sequence + 1,
    )
    assert answer.status_code == 200
    assert answer.json()["results"][0]["status"] == "conflict"
    assert county_server.store.record_versions(record.uuid) == before
    assert (record.uuid, 2, other.checkpoint.device_id) in county_server.store.conflicts()
    owner.db.close()
    other.db.close()


def test_a_sequence_number_far_ahead_is_refused_and_the_device_syncs_on(county_server, tmp_path):
    station = enrolled_station(county_server, tmp_path, f"序号卡点-{uuid.uuid4().hex[:6]}")
    key = load_device_key(station.data_dir)
    body = canonical_json({"records": []})
    device_id = station.checkpoint.device_id
    answer = signed_post(county_server, key, RECORDS_PATH, body, device_id, 10**18 - 1)
    assert answer.status_code == 400 and "序号" in answer.json()["message"]
    assert county_server.store.device(device_id).last_sequence < 10
    station.save(3)
    assert push_pending(station.db, station.connection()).accepted == 3
    station.db.close()


# ---------------------------------------------------------------------------- sessions (#4)


def test_logout_ends_a_copied_session_cookie(proxied):
    name = add_user(proxied, DashboardRole.FOLLOW_UP)
    http, response = login(proxied, name, address="10.4.0.1")
    assert response.status_code == 303
    stolen = dict(http.cookies)
    copy = httpx.Client(base_url=proxied.url, cookies=stolen, timeout=30)
    assert copy.get("/follow-ups.xlsx").status_code == 200

    page = http.get("/")
    assert http.post("/logout", data={"csrf_token": csrf(page.text)}).status_code == 303
    for path in ("/", "/follow-ups", "/follow-ups.xlsx", "/policy"):
        answer = copy.get(path)
        assert answer.status_code == 303 and answer.headers["location"] == "/login", path


@pytest.mark.parametrize("change", ["passwd", "role"])
def test_a_new_password_or_role_ends_the_users_open_sessions(proxied, change):
    name = add_user(proxied)
    http, response = login(proxied, name, address="10.4.0.2")
    assert response.status_code == 303 and http.get("/").status_code == 200
    if change == "passwd":
        proxied.store.set_password(name, hash_password("另一个密码-2022"))
    else:
        set_user_role(proxied.store, name, DashboardRole.VIEWER, by="命令行")
    assert http.get("/").status_code == 303


# ---------------------------------------------------------------------------- sign-in (#3)


def _post_logins(server, jobs: list[tuple[str, str, str]]) -> list[httpx.Response]:
    """Log in with every (name, password, address) at once, each from its own client."""
    barrier = threading.Barrier(len(jobs))

    def one(job: tuple[str, str, str]) -> httpx.Response:
        name, password, address = job
        http = httpx.Client(base_url=server.url, headers={"X-Forwarded-For": address}, timeout=120)
        # Connection: close, so the post opens a connection of its own: uvicorn closes a
        # keep-alive connection idle for 5 s, which a slow barrier would otherwise exceed.
        token = csrf(http.get("/login", headers={"Connection": "close"}).text)
        barrier.wait()
        return http.post(
            "/login", data={"username": name, "password": password, "csrf_token": token}
        )

    with ThreadPoolExecutor(len(jobs)) as pool:
        return list(pool.map(one, jobs))


def test_parallel_guesses_get_no_more_password_checks_than_the_limit(proxied):
    name = add_user(proxied)
    jobs = [(name, f"wrong-{i}", "10.5.0.1") for i in range(40)]
    jobs[30] = (name, PASSWORD, "10.5.0.1")  # the right one, late in the burst
    statuses = [r.status_code for r in _post_logins(proxied, jobs)]
    checked = [s for s in statuses if s in (303, 401)]
    assert len(checked) <= 5, statuses
    assert statuses.count(429) == len(jobs) - len(checked)


def test_guesses_from_many_addresses_do_not_lock_the_user_out(proxied):
    name = add_user(proxied)
    for i in range(15):  # one wrong guess each from 15 addresses
        _http, response = login(proxied, name, f"wrong-{i}", address=f"10.6.0.{i + 1}")
        assert response.status_code in (401, 429)
    # The owner, from the office: at most a few seconds' wait, never a 15-minute lockout.
    for _ in range(20):
        _http, response = login(proxied, name, address="10.6.1.1")
        if response.status_code == 303:
            break
        assert response.status_code == 429 and "秒后再试" in response.text
        threading.Event().wait(1)  # the slow path spaces attempts; wait for the next turn
    assert response.status_code == 303


def _rss_peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def test_a_flood_of_logins_is_bounded_and_the_server_keeps_answering(proxied):
    names = [add_user(proxied, DashboardRole.VIEWER) for _ in range(3)]
    jobs = [(names[i % 3], f"wrong-{i}", f"10.7.{i // 200}.{i % 200 + 1}") for i in range(120)]
    health: list[int] = []

    def poll_health() -> None:
        for _ in range(5):
            health.append(httpx.get(f"{proxied.url}/healthz", timeout=60).status_code)

    poller = threading.Thread(target=poll_health)
    poller.start()
    statuses = [r.status_code for r in _post_logins(proxied, jobs)]
    poller.join()
    assert set(statuses) <= {401, 429, 503}, statuses
    assert health == [200] * 5
    # Two Argon2id verifications at 64 MiB each at most, not 120 at once.
    assert _rss_peak_kib(proxied.process.pid) < 600 * 1024


def test_forwarded_for_from_an_unproxied_caller_is_ignored(county_server):
    statuses = []
    for i in range(22):
        _http, response = login(county_server, f"nobody-{i}", "wrong", address=f"203.0.113.{i + 1}")
        statuses.append(response.status_code)
    # Counted as one address (127.0.0.1), whatever the header claimed: the 21st is refused.
    assert statuses[:20] == [401] * 20 and statuses[20:] == [429, 429]


def test_hsts_is_sent_over_tls_only(proxied):
    plain = httpx.get(f"{proxied.url}/login", timeout=30)
    assert "strict-transport-security" not in plain.headers
    tls = httpx.get(f"{proxied.url}/login", headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert tls.headers["strict-transport-security"].startswith("max-age=")


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from datetime import UTC, datetime, timedelta
    from ipaddress import IPv4Address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "县指挥部")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "county.crt", directory / "county.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_a_county_serving_tls_itself_sends_hsts(tmp_path):
    cert, key = _self_signed(tmp_path)
    server = CountyServer(tmp_path, None, ("--ssl-certfile", str(cert), "--ssl-keyfile", str(key)))
    server.start()
    try:
        trusted = ssl.create_default_context(cafile=str(cert))
        answer = httpx.get(f"{server.url}/login", verify=trusted, timeout=30)
        assert answer.headers["strict-transport-security"].startswith("max-age=")
    finally:
        server.stop()
        server.store.close()


# ---------------------------------------------------------------------------- policy editor (#11)


@pytest.mark.parametrize("levels", [1_000, 100_000])
def test_deeply_nested_json_in_the_policy_editor_is_refused_naming_the_field(proxied, levels):
    http, response = login(proxied, add_user(proxied), address="10.8.0.1")
    assert response.status_code == 303
    page = http.get("/policy").text
    form = {
        "csrf_token": csrf(page),
        "base_version": re.search(r'name="base_version" value="(\d+)"', page).group(1),
        "title": "嵌套",
        "rules_json": "[" * levels + "]" * levels,
        "otherwise_json": "{}",
        "action": "preview",
    }
    answer = http.post("/policy", data=form)
    assert answer.status_code == 400
    assert "处置规则（rules）：JSON 嵌套过深" in answer.text
