"""Hostile requests to a real county server process, on SQLite and on PostgreSQL.

Properly signed requests from an enrolled workstation carry JSON nested 100,000 deep,
NaN and Infinity, numbers of 5,000 digits or past the columns' 32/64 bits, lone
surrogate escapes and free text that hides a bidi override: each is answered 4xx with a
Chinese message, and every row of every county table is the same before and after.
Bodies over a route's limit are answered 413 whether their length is declared or they
arrive chunked with none, on the API, the public pre-registration and login forms and
the dashboard's upload.
"""

from __future__ import annotations

import http.client
import io
import json
import re
import socket
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from checkpoint_app.county.app import MAX_BODY_BYTES, MAX_PUBLIC_FORM_BYTES
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.dashboard import MAX_UPLOAD_BYTES
from checkpoint_app.sync.client import push_pending
from checkpoint_app.sync.keys import load_device_key, next_sequence
from checkpoint_app.sync.protocol import (
    ENROLL_PATH,
    RECORDS_PATH,
    canonical_json,
    record_to_wire,
    sign_request,
)
from tests.county_fixtures import CountyServer, Station, traveller
from tests.hostile.test_hostile_imports import Snapshot, snapshot

MEGABYTE = 1024 * 1024


def county_tables(server: CountyServer) -> Snapshot:
    return snapshot(server.store)


def signed_post(station: Station, server: CountyServer, path: str, body: bytes) -> httpx.Response:
    """POST `body` as the enrolled station would, signed with its key and next sequence."""
    key = load_device_key(station.data_dir)
    device_id = station.checkpoint.device_id
    headers = sign_request(key, "POST", path, body, device_id, next_sequence(station.data_dir))
    headers["Content-Type"] = "application/json"
    return httpx.post(server.url + path, content=body, headers=headers, timeout=60)


def records_body(**changes: Any) -> str:
    """A genuine records request as JSON text, with fields of its one record replaced."""
    wire = record_to_wire(traveller())
    wire.update(changes)
    return canonical_json({"records": [wire], "waiting": 1}).decode("utf-8")


def with_raw(field: str, raw: str) -> bytes:
    """A genuine records request whose `field` holds `raw` JSON text (NaN, 1e999, …)."""
    marker = "HOSTILE-VALUE-MARKER"
    return records_body(**{field: marker}).replace(f'"{marker}"', raw).encode("utf-8")


HOSTILE_RECORDS: dict[str, Callable[[], bytes]] = {
    "nested-100000-deep": lambda: (
        b'{"records":[' + b"[" * 100_000 + b"]" * 100_000 + b'],"waiting":1}'
    ),
    "nan-temperature": lambda: with_raw("temperature", "NaN"),
    "infinity-temperature": lambda: with_raw("temperature", "-Infinity"),
    "1e999-temperature": lambda: with_raw("temperature", "1e999"),
    "5000-digit-version": lambda: with_raw("version", "9" * 5000),
    "version-past-32-bits": lambda: with_raw("version", str(2**40)),
    "shift-id-past-64-bits": lambda: with_raw("shift_id", str(2**70)),
    "waiting-past-32-bits": lambda: (
        records_body().replace('"waiting":1', f'"waiting":{2**40}').encode()
    ),
    "lone-surrogate-in-name": lambda: with_raw("name", '"\\ud800"'),
    "lone-surrogate-in-a-key": lambda: with_raw("sources", '{"\\udfff":"typed"}'),
    "lone-surrogate-in-uuid": lambda: with_raw("uuid", '"\\udc00abc"'),
    "bidi-override-in-name": lambda: records_body(name="张\u202e伟").encode(),
    "tab-in-notes": lambda: records_body(notes="复测\t正常").encode(),
    "zero-width-in-a-city": lambda: records_body(travel_cities=["郑州\u200b市"]).encode(),
    "township-past-its-column": lambda: records_body(destination_township="镇" * 101).encode(),
    "1e308-temperature": lambda: with_raw("temperature", "1e308"),
    "30-megabyte-note": lambda: records_body(notes="测" * 10_000_000).encode(),
    "formula-after-newline-in-plate": lambda: records_body(plate="\n=1+1").encode(),
    "zero-width-in-phone": lambda: records_body(phone="138\u200b00138000").encode(),
    "nul-in-document-number": lambda: records_body(document_number="4101\x0005").encode(),
    "bidi-override-in-origin-code": lambda: records_body(origin_code="41\u202e0100").encode(),
    "line-feed-in-health-payload": lambda: records_body(health_payload="https://a\n").encode(),
    "plate-no-form-accepts": lambda: records_body(plate="ABC").encode(),
    "phone-no-form-accepts": lambda: records_body(phone="12345").encode(),
    "thousand-vaccine-doses": lambda: records_body(vaccine_doses=1000).encode(),
    "not-utf8": lambda: b'{"records":[],"waiting":"\xff"}',
    "not-json": lambda: b'{"records":[',
}
WORDS = {
    "bidi-override-in-name": "姓名第2个字符是看不见的文字方向控制符",
    "tab-in-notes": "备注第3个字符是制表符",
    "zero-width-in-a-city": "途经城市第3个字符是看不见的零宽字符",
    "township-past-its-column": "目的乡镇最多100个字",
    "version-past-32-bits": "版本号",
    "1e308-temperature": "体温应在 30.0–45.0 °C 之间",
    "30-megabyte-note": "备注最多2000个字符",
    "formula-after-newline-in-plate": "车牌第1个字符",
    "zero-width-in-phone": "手机号第4个字符",
    "nul-in-document-number": "证件号码第5个字符",
    "bidi-override-in-origin-code": "出发地代码第3个字符",
    "line-feed-in-health-payload": "健康码内容第10个字符",
    "plate-no-form-accepts": "车牌第一位应是省份简称",
    "phone-no-form-accepts": "手机号应为11位",
    "thousand-vaccine-doses": "疫苗剂次应在 0–10 之间",
}


@pytest.fixture
def guarded(enrolled: Station, county_server: CountyServer) -> Iterator[Station]:
    """The enrolled station; the test fails if the county's tables changed meanwhile."""
    before = county_tables(county_server)
    yield enrolled
    assert county_tables(county_server) == before


def test_the_genuine_records_request_is_accepted_so_the_refusals_below_are_for_their_change(
    enrolled: Station, county_server: CountyServer
) -> None:
    response = signed_post(enrolled, county_server, RECORDS_PATH, records_body().encode())
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "accepted"


@pytest.mark.parametrize("name", list(HOSTILE_RECORDS))
def test_hostile_json_to_the_records_api_is_refused_and_writes_nothing(
    guarded: Station, county_server: CountyServer, name: str
) -> None:
    response = signed_post(guarded, county_server, RECORDS_PATH, HOSTILE_RECORDS[name]())
    assert response.status_code == 400, response.text
    message = response.json()["message"]
    assert any("\u4e00" <= c <= "\u9fff" for c in message)
    assert WORDS.get(name, "") in message


@pytest.mark.parametrize(
    "body",
    [
        b'{"code":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"code":"\\ud800ABC","device_id":"dev","public_key":"AA=="}',
        b'{"code":NaN,"device_id":"dev","public_key":"AA=="}',
        b'{"code":' + b"7" * 5000 + b',"device_id":"dev","public_key":"AA=="}',
    ],
    ids=["nested", "lone-surrogate", "nan", "5000-digits"],
)
def test_hostile_json_to_enrollment_is_refused_and_writes_nothing(
    county_server: CountyServer, body: bytes
) -> None:
    before = county_tables(county_server)
    response = httpx.post(county_server.url + ENROLL_PATH, content=body, timeout=60)
    assert response.status_code == 400, response.text
    assert response.json()["message"] == "注册请求格式不对"
    assert county_tables(county_server) == before


# ------------------------------------------------------------------------- body limits


def chunks(total: int, size: int = MEGABYTE, prefix: bytes = b"") -> Iterator[bytes]:
    """`total` bytes of a body sent chunked: no Content-Length for the server to check."""
    if prefix:
        yield prefix
    while total > 0:
        yield b"a" * min(size, total)
        total -= size


def post_chunked(url: str, total: int, headers: dict[str, str], prefix: bytes = b"") -> int:
    """The status the server answered; also when it closed while the rest was sent."""
    try:
        response = httpx.post(
            url, content=chunks(total, prefix=prefix), headers=headers, timeout=60
        )
    except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
        # The server answered and closed mid-body; read its answer off a fresh socket.
        return _status_of_raw_chunked(url, total, headers, prefix)
    return response.status_code


def _status_of_raw_chunked(url: str, total: int, headers: dict[str, str], prefix: bytes) -> int:
    host, port = url.removeprefix("http://").split("/")[0].split(":")
    path = "/" + url.removeprefix("http://").split("/", 1)[1]
    head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        sock.sendall(head.encode("latin-1"))
        try:
            for chunk in chunks(total, prefix=prefix):
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # closed after answering: the answer is already in the receive buffer
        return read_answer(sock)[0]


def read_answer(sock: socket.socket) -> tuple[int, bytes]:
    answer = http.client.HTTPResponse(sock)
    answer.begin()
    return answer.status, answer.read()


def test_a_records_request_over_the_limit_is_refused_by_its_declared_length(
    county_server: CountyServer,
) -> None:
    host, port = county_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            f"POST {RECORDS_PATH} HTTP/1.1\r\nHost: {host}\r\n"
            f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
        )
        # Answered before a byte of the body was sent.
        status, body = read_answer(sock)
    assert status == 413
    assert json.loads(body)["message"] == "请求过大"


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        (RECORDS_PATH, MAX_BODY_BYTES),
        (ENROLL_PATH, MAX_BODY_BYTES),
        ("/preregister", MAX_PUBLIC_FORM_BYTES),
        ("/login", MAX_PUBLIC_FORM_BYTES),
    ],
)
def test_a_chunked_body_over_the_limit_is_refused_and_writes_nothing(
    county_server: CountyServer, path: str, limit: int
) -> None:
    before = county_tables(county_server)
    status = post_chunked(
        county_server.url + path,
        limit + MEGABYTE,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 413
    assert county_tables(county_server) == before


def test_a_chunked_upload_over_the_limit_is_refused_for_a_signed_in_user(
    county_server: CountyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    password = "卡点通-hostile-2022"
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    url = county_server.db_url
    name = f"hostile{uuid.uuid4().hex[:8]}"
    assert county_main(["user", "add", name, "--password-stdin", "--db", url]) == 0
    with httpx.Client(base_url=county_server.url, timeout=60) as browser:
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
        assert token
        login = browser.post(
            "/login", data={"username": name, "password": password, "csrf_token": token[1]}
        )
        assert login.status_code in (200, 303)
        assert browser.get("/", follow_redirects=False).status_code == 200
        before = county_tables(county_server)
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    status = post_chunked(
        county_server.url + "/upload",
        MAX_UPLOAD_BYTES + MEGABYTE,
        {
            "Content-Type": "multipart/form-data; boundary=x",
            "Cookie": cookie,
            "Origin": county_server.url,
        },
        # One file part that never ends: the parser spools it as it arrives.
        prefix=(
            b'--x\r\nContent-Disposition: form-data; name="bundles"; filename="big.kdtb"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n"
        ),
    )
    assert status == 413
    assert county_tables(county_server) == before


# ------------------------------------------------------------ public pre-registration


def test_a_preregistration_whose_name_hides_a_bidi_override_is_refused_and_writes_nothing(
    county_server: CountyServer,
) -> None:
    before = county_tables(county_server)
    form = {
        "name": "张\u202e伟",
        "document_type": "resident_id",
        "document_number": "411623199004151232",
        "phone": "13812345678",
        "plate": "",
        "origin": "上海市浦东新区",
        "destination_township": "谭庄镇",
        "reason": "探亲访友",
        "plan": "",
    }
    response = httpx.post(county_server.url + "/preregister", data=form, timeout=30)
    assert response.status_code == 400
    assert "姓名第2个字符是看不见的文字方向控制符（U+202E）" in response.text
    assert "KDT1:" not in response.text
    assert county_tables(county_server) == before


def test_refusals_do_not_crash_the_server(county_server: CountyServer) -> None:
    # Last in the module: after every hostile request above the same process still answers.
    assert county_server.process is not None and county_server.process.poll() is None
    assert httpx.get(county_server.url + "/healthz", timeout=10).json() == {"status": "ok"}
    log = county_server.log.read_text("utf-8", "replace")
    assert "Traceback" not in log, log[-3000:]


# ------------------------------------------------------- records saved before the check


def test_a_version_saved_before_hidden_characters_were_refused_waits_alone(
    enrolled: Station, county_server: CountyServer
) -> None:
    """An older version of the app stored a pasted tab; the county now refuses it. The
    other records still go, and the old one waits with the reason for a correction."""
    clean_before = enrolled.save(2)
    legacy = enrolled.save(1, notes="复测\t正常")[0]
    clean_after = enrolled.save(2)
    report = push_pending(enrolled.db, enrolled.connection())
    assert report.failure is None
    assert report.accepted == 4
    assert enrolled.unsynced() == [(legacy.uuid, 1)]
    reason = enrolled.db.execute(
        "SELECT last_error FROM outbox WHERE record_uuid = ?", [legacy.uuid]
    ).fetchone()[0]
    assert reason == "备注第3个字符是制表符（U+0009），请删除后重新填写"
    with county_server.store.engine.connect() as conn:
        at_county = {row[0] for row in conn.exec_driver_sql("SELECT uuid FROM records")}
    assert {r.uuid for r in clean_before + clean_after} <= at_county
    assert legacy.uuid not in at_county
