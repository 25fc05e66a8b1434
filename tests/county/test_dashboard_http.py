"""The dashboard's login and forms over HTTP (in process): what an attacker or a stale page gets."""

from __future__ import annotations

import io
import re
import warnings

import pytest

with warnings.catch_warnings():
    # Starlette nudges towards "httpx2"; the test client works the same with httpx.
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from checkpoint_app.county import reports
from checkpoint_app.county.app import create_app
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.keys import init_county_keys
from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.storage.records import RecordFlags
from checkpoint_app.sync.client import push_pending
from checkpoint_app.sync.keys import load_enrollment
from tests.county_fixtures import CLEAR, seed_checkpoint, traveller

PASSWORD = "卡点通-county-2022"


def db_url(store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def add_user(store, monkeypatch, name: str, password: str, action: str = "add") -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert county_main(["user", action, name, "--password-stdin", "--db", db_url(store)]) == 0


@pytest.fixture
def client(county_store, tmp_path, monkeypatch):
    init_county_keys(tmp_path / "county")
    add_user(county_store, monkeypatch, "zhangwei", PASSWORD)
    with TestClient(create_app(db_url(county_store), tmp_path / "county")) as http:
        yield http


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def log_in(client, password: str = PASSWORD, username: str = "zhangwei"):
    token = csrf(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def test_the_dashboard_sends_a_visitor_without_a_session_to_the_login_page(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_a_login_without_the_forms_token_is_refused_and_opens_no_session(client):
    client.get("/login")
    response = client.post(
        "/login", data={"username": "zhangwei", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_http_only_and_same_site_strict(client):
    response = log_in(client)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/")
    assert page.status_code == 200 and "no-store" in page.headers["cache-control"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client):
    for _ in range(5):
        assert log_in(client, "wrong-password").status_code == 401
    locked = log_in(client)
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(client):
    unknown = log_in(client, username="nobody")
    wrong = log_in(client, "wrong-password")
    assert unknown.status_code == wrong.status_code == 401
    assert "用户名或密码错误" in unknown.text and "用户名或密码错误" in wrong.text


def test_changing_a_password_ends_the_sessions_opened_with_the_old_one(
    client, county_store, monkeypatch
):
    log_in(client)
    assert client.get("/", follow_redirects=False).status_code == 200
    add_user(county_store, monkeypatch, "zhangwei", "another-long-password", "passwd")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_traveller_text_reaches_the_page_escaped(client, county_store):
    seed_checkpoint(
        county_store,
        "<b>周南高速</b>商水收费站",
        [
            (
                traveller(
                    disposition=Disposition.TURN_BACK,
                    origin_name='<img src=x onerror="alert(1)">上海市',
                ),
                CLEAR,
            )
        ],
    )
    log_in(client)
    html = client.get("/?day=2022-04-10").text
    assert "&lt;img src=x onerror=" in html and "<img src=x" not in html
    assert "&lt;b&gt;周南高速&lt;/b&gt;商水收费站" in html


def test_an_upload_without_the_pages_token_or_from_another_site_imports_nothing(
    client, county_store
):
    log_in(client)
    token = csrf(client.get("/").text)
    files = {"bundles": ("x.kdtb", b"not a bundle", "application/octet-stream")}
    assert client.post("/upload", files=files, data={}).status_code == 403
    cross = client.post(
        "/upload",
        files=files,
        data={"csrf_token": token},
        headers={"Origin": "http://evil.example"},
    )
    assert cross.status_code == 403
    refused = client.post("/upload", files=files, data={"csrf_token": token})
    assert refused.status_code == 200 and "已拒绝" in refused.text
    assert county_store.record_count() == 0


def test_user_add_refuses_short_passwords_and_existing_names(county_store, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert county_main(["user", "add", "li", "--password-stdin", "--db", db_url(county_store)]) == 1
    assert "至少 8 个字符" in capsys.readouterr().err
    add_user(county_store, monkeypatch, "li", "long-enough-pw")
    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough-pw\n"))
    assert county_main(["user", "add", "li", "--password-stdin", "--db", db_url(county_store)]) == 1
    assert "已有用户" in capsys.readouterr().err
    stored = county_store.user("li")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")


def test_the_county_sees_how_many_records_a_checkpoint_still_holds(enrolled, county_server):
    enrolled.save(5)
    calls = iter([False, True])
    first = push_pending(
        enrolled.db, enrolled.connection(), batch_size=2, is_cancelled=lambda: next(calls)
    )
    assert first.cancelled and first.remaining == 3
    name = load_enrollment(enrolled.data_dir).checkpoint_name
    [row] = [r for r in reports.checkpoint_sync(county_server.store) if r.checkpoint == name]
    assert row.devices == 1 and row.waiting == 3 and row.last_sync is not None
    push_pending(enrolled.db, enrolled.connection())
    [row] = [r for r in reports.checkpoint_sync(county_server.store) if r.checkpoint == name]
    assert row.waiting == 0


def test_a_traveller_the_policy_asks_to_report_is_an_alert_on_the_dashboard(client, county_store):
    reported = RecordFlags(fever=False, nat_expired=False, report=True)
    seed_checkpoint(
        county_store,
        "宁洛高速谭庄站",
        [
            (
                traveller(
                    disposition=Disposition.CENTRAL_QUARANTINE,
                    health_colour=CodeColour.RED,
                    name="李建国",
                    origin_name="吉林省长春市",
                ),
                reported,
            ),
            (traveller(name="王秀英"), CLEAR),
        ],
    )
    log_in(client)
    html = client.get("/?day=2022-04-10").text
    alerts = html[html.index('id="report-alerts"') : html.index("需跟进人员")]
    assert "须报告指挥部" in alerts and "共 1 人" in alerts
    assert "李**" in alerts and "吉林省长春市" in alerts and "李建国" not in alerts
    assert "王*" not in alerts


def test_without_reported_travellers_the_dashboard_shows_no_alert(client, county_store):
    seed_checkpoint(county_store, "宁洛高速谭庄站", [(traveller(), CLEAR)])
    log_in(client)
    assert 'id="report-alerts"' not in client.get("/?day=2022-04-10").text
