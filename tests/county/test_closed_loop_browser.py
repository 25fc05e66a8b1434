"""The closed loop's two pages in real headless Chromium (Debian's, driven by Playwright),
against a real county server on each backend: a receiving site's staff confirm an arrival
by the transfer code an enrolled workstation pushed (with and without JavaScript), and a
township cadre records a follow-up on the work list. The screenshots of the SQLite run are
docs/images/site-receive.png and docs/images/follow-ups.png (1366×768, a county laptop).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from checkpoint_app.county.roles import DashboardRole
from checkpoint_app.county.transfers import add_site
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.transfers import Site, SiteKind, format_transfer_code
from checkpoint_app.sync.client import enroll
from tests.county_fixtures import (
    CLEAR,
    DASHBOARD_PASSWORD,
    REPO_ROOT,
    Station,
    dashboard_user,
    make_station,
    seed_checkpoint,
    sent_transfer,
    traveller,
)
from tests.factories import make_id_number

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
LAPTOP = {"width": 1366, "height": 768}
IMAGES = REPO_ROOT / "docs" / "images"

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian chromium is not installed (apt-get install chromium)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, server, *, javascript: bool = True):
    context = browser.new_context(
        base_url=server.url, viewport=LAPTOP, locale="zh-CN", java_script_enabled=javascript
    )
    return context, context.new_page()


def _log_in(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DASHBOARD_PASSWORD)
    page.get_by_role("button", name="登录").click()


def _on_sqlite(request) -> bool:
    return request.node.callspec.params.get("county_server") == "sqlite"


# ---------------------------------------------------------------------------- receiving site


@dataclass(frozen=True)
class ReceivingSite:
    station: Station  # the toll station that sends people, enrolled with the county
    quarantine: Site
    staff: str  # the quarantine point's staff member


@pytest.fixture(scope="module")
def receiving_site(county_server, tmp_path_factory) -> Iterator[ReceivingSite]:
    station = make_station(tmp_path_factory.mktemp("station"), "宁洛高速谭庄站")
    code = county_server.enrollment_code("宁洛高速谭庄站")
    assert enroll(station.data_dir, county_server.url, code).ok
    quarantine = add_site(
        county_server.store, "商水县第一集中隔离点", SiteKind.QUARANTINE, "城关乡", 80, by="测试"
    )
    staff = dashboard_user(county_server, DashboardRole.SITE, quarantine.id, name="zhouhaiyan")
    yield ReceivingSite(station, quarantine, staff)
    station.db.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_site_staff_land_on_the_receipt_page_and_confirm_an_arrival_by_its_code(
    browser, receiving_site, county_server, javascript, request
):
    site = receiving_site.quarantine
    arriving = format_transfer_code(sent_transfer(receiving_site.station, site))
    still_on_the_way = format_transfer_code(sent_transfer(receiving_site.station, site))
    context, page = _page(browser, county_server, javascript=javascript)
    try:
        _log_in(page, receiving_site.staff)
        assert page.url.endswith("/site/receive")
        assert site.name in page.locator("h1").inner_text()
        on_the_way = page.locator("#in-flight tbody")
        assert arriving in on_the_way.inner_text()

        # The escort's slip shows ABCD-2345; staff type it as they read it.
        page.get_by_label("转运码").fill(arriving.lower())
        page.get_by_label("备注").fill("已安排 305 房间")
        page.get_by_role("button", name="确认").click()

        notice = page.locator("#notice").inner_text()
        assert f"已确认：{site.name} {arriving} 已接收" in notice
        received = page.locator(f'#received tr[data-code="{arriving}"]').inner_text()
        assert "已接收" in received and "已安排 305 房间" in received
        assert arriving not in on_the_way.inner_text()
        waiting = page.locator(f'#in-flight tr[data-code="{still_on_the_way}"]').inner_text()
        assert "途中" in waiting

        if javascript and _on_sqlite(request):
            IMAGES.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(IMAGES / "site-receive.png"))
    finally:
        context.close()


# ---------------------------------------------------------------------------- follow-ups


def _arrival(server, checkpoint: str, township: str, name: str, **changes) -> str:
    """One arrival the county follows up (home quarantine unless told) going to
    `township`, checked at `checkpoint`; the record uuid."""
    rng = random.Random(name)
    record = traveller(
        checked_at=changes.pop("checked_at", datetime.now(UTC) - timedelta(minutes=40)),
        disposition=changes.pop("disposition", Disposition.HOME_QUARANTINE),
        destination_township=township,
        name=name,
        document_number=make_id_number(rng, "411623"),
        phone=f"139{rng.randrange(10**8):08d}",
        **changes,
    )
    seed_checkpoint(server.store, checkpoint, [(record, CLEAR)])
    return record.uuid


def test_a_township_cadre_records_a_call_and_sees_the_state_and_its_history(
    browser, county_server, request
):
    ours = _arrival(
        county_server, "宁洛高速谭庄站", "谭庄镇", "王秀兰", origin_name="上海市浦东新区"
    )
    late = _arrival(
        county_server,
        "谭庄镇村道卡点",
        "谭庄镇",
        "陈桂英",
        checked_at=datetime.now(UTC) - timedelta(days=10),
        disposition=Disposition.HOME_MONITORING,
        origin_name="郑州市金水区",
    )
    theirs = _arrival(county_server, "宁洛高速谭庄站", "张明乡", "李建国")
    cadre = dashboard_user(
        county_server, DashboardRole.FOLLOW_UP, township="谭庄镇", name="tanzhuang-liming"
    )
    context, page = _page(browser, county_server)
    try:
        _log_in(page, cadre)
        page.get_by_role("link", name="跟进名单").click()
        assert "负责乡镇：谭庄镇" in page.locator("#township-limit").inner_text()
        body = page.locator("main").inner_text()
        assert "李建国" not in body and "张明乡" not in body
        assert page.locator(f'tr[data-uuid="{theirs}"]').count() == 0

        overdue = page.locator(f'tr[data-uuid="{late}"]')
        assert "逾期" in overdue.locator("td.due").inner_text()
        assert "逾期" not in page.locator(f'tr[data-uuid="{ours}"]').inner_text()

        # On a 1366-pixel county laptop the form is in view without scrolling sideways.
        button = page.locator(f'tr[data-uuid="{ours}"]').get_by_role("button", name="记录")
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= LAPTOP["width"]

        def record(note: str) -> None:
            row = page.locator(f'tr[data-uuid="{ours}"]')
            row.get_by_label("跟进状态").select_option(label="已联系")
            row.get_by_label("备注").fill(note)
            row.get_by_role("button", name="记录").click()

        record("电话未接通，下午再打")
        assert "已记录：已联系" in page.locator("#notice").inner_text()
        record("电话已通，本人在家")
        state = page.locator(f'tr[data-uuid="{ours}"] td.state')
        assert "已联系" in state.locator("b").inner_text()
        assert "电话已通，本人在家" in state.inner_text()
        state.get_by_text("历史 2 条").click()
        lines = state.locator("ol.history li").all_inner_texts()
        assert len(lines) == 2
        assert "已联系：电话未接通，下午再打" in lines[0] and cadre in lines[0]
        assert "已联系：电话已通，本人在家" in lines[1]

        if _on_sqlite(request):
            IMAGES.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(IMAGES / "follow-ups.png"))
    finally:
        context.close()
