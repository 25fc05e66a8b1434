"""The dashboard's policy editor, follow-up list and watch list over HTTP, on both backends."""

from __future__ import annotations

import io
import json
import re
import warnings
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from checkpoint_app.county import reports
from checkpoint_app.county.app import create_app
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.keys import init_county_keys
from checkpoint_app.county.policy_admin import current_content, draft_from_content
from checkpoint_app.county.roles import recent_audit
from checkpoint_app.county.watchlist import listed_people
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.model import Disposition
from checkpoint_app.sync.protocol import load_public_key, verify_policy_pack
from tests.county_fixtures import CLEAR, seed_checkpoint, traveller

PASSWORD = "卡点通-county-2022"


def _db_url(store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def county(county_store, tmp_path, monkeypatch):
    keys = init_county_keys(tmp_path / "county")[0]
    for name, role in (("admin", "admin"), ("viewer", "viewer"), ("cadre", "follow_up")):
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        args = [
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
            "--db",
            _db_url(county_store),
        ]
        assert county_main(args) == 0
    app = create_app(_db_url(county_store), tmp_path / "county")
    return county_store, keys, app


def _client(county, username: str) -> TestClient:
    client = TestClient(county[2])
    token = _csrf(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return client


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _editor_form(client, **changes: str) -> dict[str, str]:
    """What the browser would send from the editor as shown, with `changes` typed in."""
    page = client.get("/policy").text
    draft = draft_from_content(0, default_policy().to_content())
    form = {
        "csrf_token": _csrf(page),
        "base_version": re.search(r'name="base_version" value="(\d+)"', page).group(1),
        "title": draft.title,
        **draft.thresholds,
        **draft.follow_up,
        "townships": draft.townships,
        "rules_json": draft.rules_json,
        "otherwise_json": draft.otherwise_json,
    }
    for index in range(5):
        form[f"risk_code_{index}"] = ""
        form[f"risk_level_{index}"] = ""
        form[f"risk_since_{index}"] = ""
    form.update(changes)
    return form


def test_the_editor_shows_the_pack_in_force_as_a_form(county):
    page = _client(county, "viewer").get("/policy")
    assert page.status_code == 200
    assert "防控策略编辑" in page.text and "high_risk_origin" in page.text
    assert 'name="fever_celsius" value="37.3"' in page.text
    assert "发布需要管理员角色" in page.text and 'value="publish"' not in page.text


def test_preview_applies_the_draft_to_sample_travellers_with_reasons(county):
    client = _client(county, "admin")
    form = _editor_form(client, risk_code_0="310115", risk_level_0="high")
    page = client.post("/policy", data={**form, "action": "preview"})
    assert page.status_code == 200, page.text
    preview = page.text.split('id="preview"')[1].split("</section>")[0]
    rows = re.findall(
        r"<tr><td>(.*?)</td><td class=\"strong\">(.*?)</td>\s*<td>(.*?)</td>", preview
    )
    by_traveller = {who: (suggestion, reason) for who, suggestion, reason in rows}
    assert by_traveller["来自 上海市浦东新区（高风险）"][0] == "劝返"
    assert "高风险" in by_traveller["来自 上海市浦东新区（高风险）"][1]
    assert by_traveller["发热 38.2°C"][0] == "转运发热门诊"
    assert by_traveller["黄码"][0] == "居家健康监测"
    assert by_traveller["各项正常（郑州市来）"][0] == "放行"
    assert "上海市浦东新区" in page.text.split('id="risk-areas"')[1]  # the name was looked up
    assert county[0].latest_policy() is None  # a preview publishes nothing


def test_a_wrong_field_is_named_in_chinese_and_what_was_typed_stays(county):
    client = _client(county, "admin")
    rules = json.loads(_editor_form(client)["rules_json"])
    rules[1]["suggest"] = "go_home"
    form = _editor_form(
        client,
        title="清明假期策略",
        rules_json=json.dumps(rules, ensure_ascii=False),
        fever_celsius="37,3",
        risk_code_0="999999",
        risk_level_0="high",
    )
    page = client.post("/policy", data={**form, "action": "publish"})
    assert page.status_code == 400
    errors = page.text.split('id="errors"')[1].split("</div>")[0]
    assert "发热线（°C）（thresholds.fever_celsius）：「37,3」不是数字" in errors
    assert "风险地区第 1 行：代码「999999」不是已知的行政区划" in errors
    assert 'value="清明假期策略"' in page.text and 'value="999999"' in page.text
    fixed = {**form, "fever_celsius": "37.3", "risk_code_0": ""}
    page = client.post("/policy", data={**fixed, "action": "publish"})
    assert "rules[1].suggest" in page.text and "go_home" in page.text
    broken = {**fixed, "rules_json": '[{"id": "fever",\n "when": }]'}
    page = client.post("/policy", data={**broken, "action": "preview"})
    assert "处置规则（rules）：JSON 第 2 行第 10 列有语法错误" in page.text
    assert county[0].latest_policy() is None


def test_publishing_signs_the_next_version_and_the_county_audit_says_who(county):
    store, keys, _app = county
    client = _client(county, "admin")
    form = _editor_form(
        client,
        title="4月10日策略",
        risk_code_0="220100",
        risk_level_0="high",
        home_quarantine_days="10",
    )
    page = client.post("/policy", data={**form, "action": "publish"})
    assert page.status_code == 200, page.text
    assert "已签名并发布第 1 版防控策略" in page.text
    stored = store.latest_policy()
    pack = verify_policy_pack(load_public_key(keys.signing_public_raw), stored.envelope)
    assert pack.version == 1 and pack.content["title"] == "4月10日策略"
    assert pack.content["risk_areas"][0]["name"] == "吉林省长春市"
    assert pack.content["follow_up"]["home_quarantine_days"] == 10
    entry = recent_audit(store, action_prefix="policy.")[0]
    assert (entry.username, entry.subject) == ("admin", "v1")
    assert "admin" in client.get("/policy").text.split('id="publish-log"')[1]


def test_a_pack_left_at_the_default_follow_up_days_omits_the_section(county):
    client = _client(county, "admin")
    assert (
        client.post("/policy", data={**_editor_form(client), "action": "publish"}).status_code
        == 200
    )
    assert "follow_up" not in current_content(county[0])[1]


def test_publishing_over_a_version_published_meanwhile_is_refused(county):
    client = _client(county, "admin")
    stale = _editor_form(client)
    assert (
        client.post("/policy", data={**_editor_form(client), "action": "publish"}).status_code
        == 200
    )
    page = client.post("/policy", data={**stale, "title": "旧页面", "action": "publish"})
    assert page.status_code == 409 and "已有人发布了第 1 版" in page.text
    assert county[0].latest_policy().version == 1


def test_a_viewer_cannot_publish_and_a_post_without_the_token_is_refused(county):
    viewer = _client(county, "viewer")
    page = viewer.post("/policy", data={**_editor_form(viewer), "action": "publish"})
    assert page.status_code == 403 and "只有管理员角色可以发布" in page.text
    admin = _client(county, "admin")
    form = {**_editor_form(admin), "csrf_token": "forged", "title": "我的草稿"}
    page = admin.post("/policy", data={**form, "action": "publish"})
    assert page.status_code == 403 and 'value="我的草稿"' in page.text
    assert county[0].latest_policy() is None


# ---------------------------------------------------------------------------- follow-ups


def _arrivals(store, now):
    seed_checkpoint(
        store,
        "宁洛高速谭庄站",
        [
            (
                traveller(
                    checked_at=now,
                    disposition=Disposition.HOME_QUARANTINE,
                    name="王秀兰",
                    destination_township="谭庄镇",
                    origin_name='=HYPERLINK("x")',
                ),
                CLEAR,
            ),
            (
                traveller(
                    checked_at=now - timedelta(days=1),
                    disposition=Disposition.HOME_MONITORING,
                    destination_township="张明乡",
                    phone="13912345678",
                ),
                CLEAR,
            ),
            (
                traveller(
                    checked_at=now,
                    disposition=Disposition.RELEASE_TEST,
                    destination_township="谭庄镇",
                ),
                CLEAR,
            ),
            (traveller(checked_at=now, disposition=Disposition.RELEASE), CLEAR),
            # Home monitoring that ended long ago is no longer followed up.
            (
                traveller(
                    checked_at=now - timedelta(days=20),
                    disposition=Disposition.HOME_MONITORING,
                    destination_township="张明乡",
                ),
                CLEAR,
            ),
        ],
    )


def test_follow_ups_are_grouped_by_township_with_due_dates_and_masked_for_a_viewer(county):
    now = datetime.now(UTC)
    _arrivals(county[0], now)
    page = _client(county, "viewer").get("/follow-ups")
    assert page.status_code == 200
    townships = re.findall(r'data-township="([^"]+)"', page.text)
    assert townships == ["张明乡", "谭庄镇"]
    arrival = reports.county_today(now)
    tanzhuang = page.text.split('data-township="谭庄镇"')[1].split("</section>")[0]
    assert (arrival + timedelta(days=14)).isoformat() in tanzhuang  # home quarantine
    assert (arrival + timedelta(days=3)).isoformat() in tanzhuang  # arrival test
    assert "王秀兰" not in page.text and "411623199004151232" not in page.text
    assert "4116**********1232" in page.text
    only = _client(county, "viewer").get("/follow-ups", params={"township": "张明乡"})
    assert re.findall(r'data-township="([^"]+)"', only.text) == ["张明乡"]


def test_the_due_date_follows_the_periods_of_the_published_pack(county):
    store, keys, _app = county
    content = default_policy().to_content()
    content["follow_up"] = {"home_quarantine_days": 7}
    store.publish_policy(keys.signing, content)
    now = datetime.now(UTC)
    _arrivals(store, now)
    page = _client(county, "viewer").get("/follow-ups")
    due = (reports.county_today(now) + timedelta(days=7)).isoformat()
    assert due in page.text.split('data-township="谭庄镇"')[1]
    assert "居家隔离 7 天" in page.text


def test_the_excel_file_is_masked_for_a_viewer_whole_for_a_cadre_and_formula_safe(county):
    store = county[0]
    _arrivals(store, datetime.now(UTC))
    viewer_file = _client(county, "viewer").get("/follow-ups.xlsx", params={"township": "谭庄镇"})
    assert viewer_file.status_code == 200
    assert viewer_file.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheets = load_workbook(io.BytesIO(viewer_file.content)).worksheets
    assert [s.title for s in sheets] == ["谭庄镇"]
    heading, *rows = list(sheets[0].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    assert all("411623199004151232" not in str(r) and "王秀兰" not in str(r) for r in rows)
    origin = heading.index("来源地")
    assert any(r[origin] == '\'=HYPERLINK("x")' for r in rows)
    cadre_file = _client(county, "cadre").get("/follow-ups.xlsx")
    names = {s.title for s in load_workbook(io.BytesIO(cadre_file.content)).worksheets}
    assert names == {"谭庄镇", "张明乡"}
    whole = str(list(load_workbook(io.BytesIO(cadre_file.content))["谭庄镇"].values))
    assert "王秀兰" in whole and "411623199004151232" in whole
    exports = recent_audit(store, action_prefix="followups.")
    assert [(e.username, e.details["unmasked"]) for e in exports] == [
        ("cadre", True),
        ("viewer", False),
    ]


# ---------------------------------------------------------------------------- watch list


def test_an_admin_adds_and_removes_a_watch_list_entry_and_a_viewer_cannot(county):
    store = county[0]
    admin = _client(county, "admin")
    token = _csrf(admin.get("/watchlist").text)
    page = admin.post(
        "/watchlist",
        data={
            "csrf_token": token,
            "action": "add",
            "number": "411623199004151013",
            "reason": "外省协查：密接",
            "days": "5",
        },
    )
    assert page.status_code == 200 and "已加入名单" in page.text
    table = page.text.split('id="watch-list"')[1].split("</table>")[0]
    assert "4116**********1013" in table and "外省协查：密接" in table
    assert "411623199004151013" not in page.text
    [person] = listed_people(store)
    viewer = _client(county, "viewer")
    refused = viewer.post(
        "/watchlist",
        data={
            "csrf_token": _csrf(viewer.get("/watchlist").text),
            "action": "remove",
            "entry_id": str(person.manual_id),
        },
    )
    assert refused.status_code == 403 and len(listed_people(store)) == 1
    forged = admin.post("/watchlist", data={"action": "remove", "entry_id": str(person.manual_id)})
    assert forged.status_code == 403 and len(listed_people(store)) == 1
    removed = admin.post(
        "/watchlist",
        data={"csrf_token": token, "action": "remove", "entry_id": str(person.manual_id)},
    )
    assert removed.status_code == 200 and listed_people(store) == []
    changes = removed.text.split('id="watch-changes"')[1]
    assert "加入 条目" in changes and "移除 条目" in changes and "admin" in changes


def test_a_bad_watch_list_entry_is_explained_and_what_was_typed_stays(county):
    admin = _client(county, "admin")
    token = _csrf(admin.get("/watchlist").text)
    page = admin.post(
        "/watchlist",
        data={
            "csrf_token": token,
            "action": "add",
            "number": "4116",
            "reason": "协查",
            "days": "5",
        },
    )
    assert page.status_code == 400 and "证件号码格式不对" in page.text
    assert 'value="协查"' in page.text
    assert listed_people(county[0]) == []


def test_user_roles_are_given_on_the_command_line_and_listed(county, capsys):
    store = county[0]
    assert county_main(["user", "role", "viewer", "follow_up", "--db", _db_url(store)]) == 0
    assert county_main(["user", "list", "--db", _db_url(store)]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"viewer\t乡镇跟进专员", listing) and re.search(r"admin\t管理员", listing)
