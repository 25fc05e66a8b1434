"""The follow-up work list over HTTP against a real county server, on both backends: states
recorded with time and note, the history, the township limit, overdue marking, a viewer's
read-only view, the CSRF token, and the Excel file's state column."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from checkpoint_app.county.auth import hash_password
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.roles import DashboardRole, recent_audit, set_user_role
from checkpoint_app.county.store import CountyError, follow_up_states
from checkpoint_app.records.model import Disposition
from tests.county_fixtures import CLEAR, seed_checkpoint, traveller

PASSWORD = "卡点通-follow-up-2022"


def _user(server, role: DashboardRole, township: str = "") -> str:
    name = f"{role.value}-{uuid.uuid4().hex[:6]}"
    server.store.add_user(name, hash_password(PASSWORD))
    set_user_role(server.store, name, role, by="测试", township=township)
    return name


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@contextmanager
def _login(server, username: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = _csrf(client.get("/login").text)
        answer = client.post(
            "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 303, answer.text
        yield client


def _person(server, township: str, **changes) -> str:
    """One home-quarantine arrival (due in 14 days) going to `township`; its record uuid."""
    record = traveller(
        checked_at=changes.pop("checked_at", datetime.now(UTC) - timedelta(minutes=5)),
        disposition=changes.pop("disposition", Disposition.HOME_QUARANTINE),
        destination_township=township,
        **changes,
    )
    seed_checkpoint(server.store, f"卡点-{uuid.uuid4().hex[:6]}", [(record, CLEAR)])
    return record.uuid


def _row(page: str, record_uuid: str) -> str:
    """The table row of one person on the page ('' if the page does not show them)."""
    found = re.search(rf'<tr class="person[^"]*" data-uuid="{record_uuid}">.*?</tr>', page, re.S)
    return found.group(0) if found else ""


def _states(server, record_uuid: str) -> int:
    with server.store.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(follow_up_states)
                .where(follow_up_states.c.record_uuid == record_uuid)
            ).scalar_one()
        )


def _post(client: httpx.Client, record_uuid: str, **fields: str) -> httpx.Response:
    token = _csrf(client.get("/follow-ups").text)
    return client.post("/follow-ups", data={"csrf_token": token, "uuid": record_uuid, **fields})


def test_a_cadre_records_states_with_time_and_note_and_every_change_stays(county_server):
    person = _person(county_server, "谭庄镇", name="王秀兰")
    cadre = _user(county_server, DashboardRole.FOLLOW_UP, "谭庄镇")
    with _login(county_server, cadre) as client:
        assert "未跟进" in _row(client.get("/follow-ups").text, person)
        contacted = _post(client, person, state="contacted", note="电话已通，本人在家")
        assert contacted.status_code == 200, contacted.text
        assert "已记录：已联系" in contacted.text
        when = (datetime.now(UTC) + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")
        tested = _post(client, person, state="tested", test_result="negative", at=when)
        assert tested.status_code == 200, tested.text
        row = _row(tested.text, person)
        assert "王秀兰" in row  # a cadre sees the whole name, to phone the person
        assert "已检测（阴性）" in row
        assert "历史 2 条" in row and "电话已通，本人在家" in row
    assert _states(county_server, person) == 2
    entries = [e for e in recent_audit(county_server.store) if e.subject == person]
    assert [(e.username, e.action, e.details["state"]) for e in entries] == [
        (cadre, "followup.state", "tested"),
        (cadre, "followup.state", "contacted"),
    ]
    assert "王秀兰" not in str(entries)


def test_tested_without_a_result_is_explained_and_writes_nothing(county_server):
    person = _person(county_server, "谭庄镇")
    cadre = _user(county_server, DashboardRole.FOLLOW_UP, "谭庄镇")
    with _login(county_server, cadre) as client:
        answer = _post(client, person, state="tested")
        assert answer.status_code == 400 and "请选择检测结果" in answer.text
        future = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        later = _post(client, person, state="contacted", at=future)
        assert later.status_code == 400 and "不能晚于现在" in later.text
    assert _states(county_server, person) == 0


def test_a_township_cadre_neither_sees_nor_changes_another_townships_person(county_server):
    ours = _person(county_server, "谭庄镇")
    theirs = _person(county_server, "张明乡", name="李建国")
    cadre = _user(county_server, DashboardRole.FOLLOW_UP, "谭庄镇")
    with _login(county_server, cadre) as client:
        page = client.get("/follow-ups", params={"township": "张明乡"}).text
        assert _row(page, ours) and not _row(page, theirs)
        assert "李建国" not in page and 'data-township="张明乡"' not in page
        assert "负责乡镇：谭庄镇" in page
        refused = _post(client, theirs, state="ended", note="想改别乡镇的人")
        assert refused.status_code == 400
        assert "这位人员不属于谭庄镇，不能修改其跟进状态" in refused.text
        exported = client.get("/follow-ups.xlsx", params={"township": "张明乡"})
        sheets = load_workbook(io.BytesIO(exported.content)).sheetnames
        assert sheets == ["谭庄镇"]
    assert _states(county_server, theirs) == 0
    admin = _user(county_server, DashboardRole.ADMIN)
    with _login(county_server, admin) as client:
        page = client.get("/follow-ups").text
        assert _row(page, ours) and _row(page, theirs)  # an admin sees the whole county


def test_an_overdue_person_is_marked_red_with_the_word_until_the_follow_up_ends(county_server):
    arrived = datetime.now(UTC) - timedelta(days=10)
    late = _person(
        county_server, "谭庄镇", checked_at=arrived, disposition=Disposition.HOME_MONITORING
    )
    on_time = _person(county_server, "谭庄镇")
    cadre = _user(county_server, DashboardRole.FOLLOW_UP, "谭庄镇")
    with _login(county_server, cadre) as client:
        page = client.get("/follow-ups").text
        row = _row(page, late)
        assert "refused overdue" in row  # the red row
        assert '<span class="tag">逾期</span>' in row and re.search(r"逾期 \d+ 天", row)
        assert "逾期" not in _row(page, on_time)
        ended = _post(client, late, state="ended", note="监测期满，解除")
        assert ended.status_code == 200
        assert not _row(ended.text, late)  # closed: off the list
        with_closed = client.get("/follow-ups", params={"closed": "1"}).text
        assert "结束管控" in _row(with_closed, late)
        assert "逾期" not in _row(with_closed, late)


def test_a_viewer_reads_a_masked_list_and_cannot_record_a_state(county_server):
    person = _person(county_server, "谭庄镇", name="王秀兰")
    viewer = _user(county_server, DashboardRole.VIEWER)
    with _login(county_server, viewer) as client:
        page = client.get("/follow-ups").text
        row = _row(page, person)
        assert row and "王秀兰" not in row and "<form" not in row
        refused = _post(client, person, state="contacted")
        assert refused.status_code == 403
        assert "值班员角色只能查看跟进名单" in refused.text
    assert _states(county_server, person) == 0


def test_a_post_without_the_pages_token_is_refused_and_writes_nothing(county_server):
    person = _person(county_server, "谭庄镇")
    cadre = _user(county_server, DashboardRole.FOLLOW_UP, "谭庄镇")
    with _login(county_server, cadre) as client:
        forged = client.post("/follow-ups", data={"uuid": person, "state": "ended"})
        assert forged.status_code == 403 and "页面已过期" in forged.text
        token = _csrf(client.get("/follow-ups").text)
        cross_site = client.post(
            "/follow-ups",
            data={"csrf_token": token, "uuid": person, "state": "ended"},
            headers={"Origin": "http://evil.example"},
        )
        assert cross_site.status_code == 403
    signed_out = httpx.post(
        f"{county_server.url}/follow-ups", data={"uuid": person, "state": "ended"}
    )
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
    assert _states(county_server, person) == 0


def test_the_excel_export_carries_each_persons_current_state(county_server):
    township = f"测试镇{uuid.uuid4().hex[:4]}"
    contacted = _person(county_server, township)
    untouched = _person(county_server, township)
    cadre = _user(county_server, DashboardRole.FOLLOW_UP, township)
    with _login(county_server, cadre) as client:
        assert _post(client, contacted, state="isolated", note="已入住隔离点").status_code == 200
        exported = client.get("/follow-ups.xlsx")
    sheet = load_workbook(io.BytesIO(exported.content))[township]
    headings = [c.value for c in sheet[2]]
    rows = {r[headings.index("记录编号")]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    state, note = headings.index("跟进状态"), headings.index("备注")
    assert rows[contacted][state] == "已隔离" and rows[contacted][note] == "已入住隔离点"
    assert rows[untouched][state] == "未跟进"


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_only_a_follow_up_user_can_be_given_a_township(county_store, role, monkeypatch):
    url = county_store.engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    args = ["user", "add", "某人", "--role", role, "--township", "谭庄镇", "--password-stdin"]
    assert county_main([*args, "--db", url]) == 1
    assert county_store.user("某人") is None
    county_store.add_user("某人", hash_password(PASSWORD))
    with pytest.raises(CountyError, match="只有乡镇跟进专员"):
        set_user_role(county_store, "某人", DashboardRole(role), by="测试", township="谭庄镇")


def test_a_cadre_sees_the_address_to_visit_and_a_viewer_only_the_village(county_server):
    person = _person(county_server, "谭庄镇", destination_address="谭庄镇李庄村3组12号")
    without = _person(county_server, "谭庄镇")
    cadre = _user(county_server, DashboardRole.FOLLOW_UP, "谭庄镇")
    viewer = _user(county_server, DashboardRole.VIEWER)
    with _login(county_server, cadre) as client:
        page = client.get("/follow-ups").text
        assert "谭庄镇李庄村3组12号" in _row(page, person)
        assert '<td class="address">—</td>' in _row(page, without)
    with _login(county_server, viewer) as client:
        row = _row(client.get("/follow-ups").text, person)
        assert "谭庄镇李庄村*****" in row and "3组12号" not in row
