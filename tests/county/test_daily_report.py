"""The county daily report (日报) on both backends: totals equal the seeded records, a
checkpoint that synced but registered nobody shows 0 and one that did not report shows 未报,
the command writes a readable .xlsx and a PDF with the names and totals, and the dashboard
serves it behind the login, audited."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from checkpoint_app.county import reports
from checkpoint_app.county.app import create_app
from checkpoint_app.county.auth import hash_password
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.daily_report import NOT_REPORTED, build_daily_report, sections
from checkpoint_app.county.followups import record_state
from checkpoint_app.county.keys import init_county_keys
from checkpoint_app.county.roles import DashboardRole, recent_audit, set_user_role
from checkpoint_app.county.store import device_sync_days, transfers
from checkpoint_app.county.transfers import add_site
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.model import CheckpointKind, Disposition
from checkpoint_app.records.transfers import SiteKind
from checkpoint_app.storage.records import RecordFlags
from tests.county_fixtures import CLEAR, seed_checkpoint, traveller

DAY = date(2026, 12, 1)
PASSWORD = "卡点通-daily-2026"
TURN_BACK, FEVER_CLINIC = Disposition.TURN_BACK, Disposition.FEVER_CLINIC
FEVER = RecordFlags(fever=True, nat_expired=False)


def _at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    """A county time on `day`, as UTC."""
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=reports.COUNTY_TZ)
    return local.astimezone(UTC)


def _seed_day(store, keys_dir: Path) -> None:
    """Two checkpoints' travellers on DAY, with some just outside it, and follow-ups due."""
    keys = init_county_keys(keys_dir)[0]
    content = default_policy().to_content()
    content["risk_areas"] = [
        {"code": "310115", "name": "上海市浦东新区", "level": "high", "since": "2026-11-20"}
    ]
    store.publish_policy(keys.signing, content, at=_at(8, day=DAY - timedelta(days=2)))
    shanghai = {"origin_code": "310115", "origin_name": "上海市浦东新区"}
    henan = {"origin_code": "411623", "origin_name": "河南省周口市商水县"}
    first = traveller(checked_at=_at(9), disposition=Disposition.RELEASE, **henan)
    seed_checkpoint(
        store,
        "宁洛高速谭庄站",
        [
            (first, CLEAR),
            (
                traveller(checked_at=_at(0, 30), disposition=Disposition.TURN_BACK, **shanghai),
                CLEAR,
            ),
            (
                traveller(checked_at=_at(23, 59), disposition=Disposition.FEVER_CLINIC, **henan),
                FEVER,
            ),
            # Just outside the county day on both sides: not counted.
            (traveller(checked_at=_at(23, 59, DAY - timedelta(days=1)), **henan), CLEAR),
            (traveller(checked_at=_at(0, 1, DAY + timedelta(days=1)), **henan), CLEAR),
        ],
    )
    # A correction replaces what it corrects: still one traveller, now turned back.
    seed_checkpoint(
        store,
        "宁洛高速谭庄站",
        [(first.corrected(disposition=Disposition.HOME_QUARANTINE), CLEAR)],
        device_id=_device_of(store, "宁洛高速谭庄站"),
    )
    # Home monitoring (7 days) that arrived on 11-24 is due on DAY.
    arrived = _at(10, day=DAY - timedelta(days=7))
    due = [traveller(checked_at=arrived, disposition=Disposition.HOME_MONITORING) for _ in range(3)]
    seed_checkpoint(
        store,
        "张明乡服务区",
        [(traveller(checked_at=_at(12), origin_code="", origin_name=""), CLEAR)]
        + [(r, CLEAR) for r in due],
        township="张明乡",
    )
    record_state(store, uuid=due[0].uuid, state="ended", by="谭庄跟进", now=_at(15))
    # Closed only the day after: not done on DAY.
    record_state(
        store,
        uuid=due[1].uuid,
        state="ended",
        by="谭庄跟进",
        now=_at(9, day=DAY + timedelta(days=1)),
    )


def _device_of(store, name: str) -> str:
    return next(d.device_id for d in store.list_devices() if d.checkpoint_name == name)


def _by_name(report):
    return {d.checkpoint: d for d in report.checkpoints}


def test_the_report_counts_each_traveller_of_the_county_day_once(county_store, tmp_path):
    _seed_day(county_store, tmp_path / "county")
    report = build_daily_report(county_store, DAY)
    tanzhuang = _by_name(report)["宁洛高速谭庄站"]
    assert tanzhuang.checked == 3 and tanzhuang.fever == 1
    assert tanzhuang.by_disposition["home_quarantine"] == 1  # the corrected version
    assert tanzhuang.by_disposition["release"] == 0
    assert tanzhuang.by_disposition["turn_back"] == 1
    assert tanzhuang.by_disposition["fever_clinic"] == 1
    assert tanzhuang.by_province == {"河南省": 2, "上海市": 1}
    assert tanzhuang.by_risk["高风险"] == 1 and tanzhuang.by_risk["非风险地区"] == 2
    zhangming = _by_name(report)["张明乡服务区"]
    assert zhangming.checked == 1 and zhangming.by_risk["未知"] == 1
    assert zhangming.follow_ups_due == 3 and zhangming.follow_ups_done == 1
    assert report.total.checked == 4 and report.total.fever == 1
    assert report.total.by_province == {"河南省": 2, "上海市": 1, "未填写来源地": 1}
    assert report.total.follow_ups_due == 3 and report.total.follow_ups_done == 1
    assert sum(report.total.by_disposition.values()) == report.total.checked
    assert report.provinces[0] == "河南省"


def test_a_checkpoint_that_synced_but_registered_nobody_shows_0_and_a_silent_one_shows_unreported(
    county_store,
):
    today = reports.county_today()
    seed_checkpoint(county_store, "有人卡点", [(traveller(checked_at=datetime.now(UTC)), CLEAR)])
    seed_checkpoint(county_store, "无人卡点", [])  # a signed sync with nothing in it
    quiet = seed_checkpoint(county_store, "昨天报过的卡点", [])
    with county_store.engine.begin() as conn:
        # Its only sync was on another day.
        conn.execute(device_sync_days.delete().where(device_sync_days.c.device_id == quiet))
        conn.execute(
            device_sync_days.insert().values(
                device_id=quiet,
                day=(today - timedelta(days=1)).isoformat(),
                first_at="2000-01-01T00:00:00.000+00:00",
            )
        )
    county_store.add_checkpoint("从未联系的卡点", CheckpointKind.VILLAGE_ROAD, "谭庄镇")
    report = build_daily_report(county_store, today)
    rows = {row[0]: row for row in sections(report)[0].rows}
    assert rows["有人卡点"][2] == 1
    assert rows["无人卡点"][2] == 0
    assert rows["昨天报过的卡点"][2] == NOT_REPORTED
    assert rows["从未联系的卡点"][2] == NOT_REPORTED
    assert rows["合计"][2] == 1
    assert set(report.not_reported) == {"昨天报过的卡点", "从未联系的卡点"}


def _url(store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_the_command_writes_a_readable_workbook(county_store, tmp_path):
    _seed_day(county_store, tmp_path / "county")
    out = tmp_path / "日报.xlsx"
    args = ["report", "daily", "--date", DAY.isoformat(), "--out", str(out)]
    assert county_main([*args, "--db", _url(county_store)]) == 0
    sheet = load_workbook(out).worksheets[0]
    cells = list(sheet.iter_rows(values_only=True))
    assert "2026-12-01" in cells[0][0]
    start = next(i for i, r in enumerate(cells) if r[:3] == ("卡点", "乡镇", "查验人数"))
    assert "发热" in cells[start] and "劝返" in cells[start]
    table = cells[start + 1 : cells.index((None,) * len(cells[start]), start)]
    by_name = {r[0]: r for r in table}
    assert by_name["宁洛高速谭庄站"][2] == 3
    assert by_name["合计"][2] == 4 and by_name["合计"][3] == 1
    audited = recent_audit(county_store, action_prefix="report.")
    assert [(a.username, a.subject) for a in audited] == [("命令行", DAY.isoformat())]


def test_the_command_writes_a_pdf_whose_text_holds_the_checkpoints_and_totals(
    county_store, tmp_path
):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed: cannot read the PDF")
    _seed_day(county_store, tmp_path / "county")
    out = tmp_path / "日报.pdf"
    args = ["report", "daily", "--date", DAY.isoformat(), "--out", str(out)]
    assert county_main([*args, "--db", _url(county_store)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "卡点查验日报" in text and "2026-12-01" in text
    assert "宁洛高速谭庄站" in text and "张明乡服务区" in text
    assert re.search(r"合计\s+4\s+1", text)  # checked 4, fever 1
    assert "全县各卡点共查验 4 人" in text
    assert "河南省" in text and "高风险" in text


def test_the_dashboard_serves_the_report_behind_the_login_and_audits_it(county_store, tmp_path):
    _seed_day(county_store, tmp_path / "county")
    county_store.add_user("值班员", hash_password(PASSWORD))
    set_user_role(county_store, "值班员", DashboardRole.VIEWER, by="测试")
    app = create_app(_url(county_store), tmp_path / "county")
    client = TestClient(app)
    anonymous = client.get(
        "/reports/daily", params={"date": DAY.isoformat()}, follow_redirects=False
    )
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "值班员", "password": PASSWORD, "csrf_token": token})
    board = client.get("/", params={"day": DAY.isoformat()}).text
    assert f"/reports/daily?date={DAY.isoformat()}&amp;format=pdf" in board
    xlsx = client.get("/reports/daily", params={"date": DAY.isoformat(), "format": "xlsx"})
    assert xlsx.status_code == 200
    assert "attachment" in xlsx.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].values)
    assert any(r[0] == "合计" and r[2] == 4 for r in rows)
    pdf = client.get("/reports/daily", params={"date": DAY.isoformat(), "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = client.get("/reports/daily", params={"date": "12月1日"})
    assert bad.status_code == 400 and "日期格式不对" in bad.text
    audited = recent_audit(county_store, action_prefix="report.")
    assert [(a.username, a.details["format"]) for a in audited] == [
        ("值班员", "pdf"),
        ("值班员", "xlsx"),
    ]


def _transfer(store, device_id: str, site_id: int, departed: datetime, outcome: str = "") -> None:
    """A transfer as a device's signed push stores it, with the site's receipt if any."""
    device = store.device(device_id)
    assert device is not None
    code = uuid.uuid4().hex[:8].upper()
    with store.engine.begin() as conn:
        conn.execute(
            transfers.insert().values(
                code=code,
                record_uuid=str(uuid.uuid4()),
                device_id=device_id,
                checkpoint_id=device.checkpoint_id,
                site_id=site_id,
                plate="豫PJ0931",
                escort_name="刘红梅",
                escort_phone="13912345678",
                departed_at=departed.isoformat(timespec="microseconds"),
                content_hash=code,
                pushed_at=departed.isoformat(timespec="microseconds"),
                received_at=(departed + timedelta(hours=1)).isoformat() if outcome else None,
                receipt_outcome=outcome or None,
                receipt_note="",
            )
        )


def test_transfers_of_the_day_are_received_in_flight_or_not_received_and_a_quiet_one_is_0(
    county_store,
):
    site = add_site(
        county_store, "商水县第一集中隔离点", SiteKind.QUARANTINE, "城关乡", 80, by="测试"
    )
    busy = seed_checkpoint(county_store, "宁洛高速谭庄站", [])
    quiet = seed_checkpoint(county_store, "张明乡服务区", [], township="张明乡")
    with county_store.engine.begin() as conn:  # it synced on DAY and sent nobody
        conn.execute(
            device_sync_days.insert().values(
                device_id=quiet, day=DAY.isoformat(), first_at=_at(8).isoformat()
            )
        )
    report_time = _at(20)
    _transfer(county_store, busy, site.id, _at(9), "received")
    _transfer(county_store, busy, site.id, _at(10), "missing")  # the car came without them
    _transfer(county_store, busy, site.id, _at(12))  # 8 hours without a receipt
    _transfer(county_store, busy, site.id, _at(18))  # two hours: still on the way
    _transfer(county_store, busy, site.id, _at(23, day=DAY - timedelta(days=1)))  # yesterday
    report = build_daily_report(county_store, DAY, now=report_time)
    [loop] = [s for s in sections(report) if s.title.endswith("闭环转运与跟进")]
    assert loop.headings[:5] == ("卡点", "转运转出", "已接收", "在途", "超时未接收")
    rows = {row[0]: row[1:5] for row in loop.rows}
    assert rows["宁洛高速谭庄站"] == (4, 1, 1, 2)
    assert rows["张明乡服务区"] == (0, 0, 0, 0)
    assert rows["合计"] == (4, 1, 1, 2)
