"""The county dashboard in real headless Chromium (Debian's, driven by Playwright).

One county server per backend with a realistic day: a toll station that synced online,
busier checkpoints, one without a device and a conflict. The screenshot of the SQLite
run is docs/images/county-dashboard.png.
"""

from __future__ import annotations

import io
import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from checkpoint_app.county.cli import main as county_main
from checkpoint_app.records.model import CheckpointKind, CodeColour, Disposition
from checkpoint_app.storage.records import RecordFlags
from checkpoint_app.sync.bundle import export_bundle
from checkpoint_app.sync.client import enroll, push_pending
from tests.county_fixtures import CLEAR, NOW, REPO_ROOT, make_station, seed_checkpoint, traveller
from tests.factories import make_id_number

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "shangshui-2022-04"
DAY = "/?day=2022-04-10"  # NOW is 2022-04-10 09:30 UTC, 17:30 in the county
FEVER = RecordFlags(fever=True, nat_expired=False)
NAT_EXPIRED = RecordFlags(fever=False, nat_expired=True)
SCREENSHOT = REPO_ROOT / "docs" / "images" / "county-dashboard.png"

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


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "桂兰", "志强", "海燕", "红霞", "伟", "磊", "静", "军"]
TOWNSHIPS = ["谭庄镇", "张明乡", "郝岗镇", "大武乡", "白寺镇", "固墙镇", "魏集镇", "城关乡"]


def _busy_day(rng: random.Random, count: int) -> list[tuple[object, RecordFlags]]:
    """Arrivals spread over the day like a toll station's: a morning and an evening peak."""
    made = []
    for _ in range(count):
        person = {
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "destination_township": rng.choice(TOWNSHIPS),
            "document_number": make_id_number(rng, "411602"),
            "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
        }
        hour = min(23, max(0, int(rng.gauss(rng.choice([8, 18]), 2.5))))
        at = (
            NOW.replace(hour=0, minute=0)
            - timedelta(hours=8)
            + timedelta(hours=hour, minutes=rng.randrange(60))
        )
        roll = rng.random()
        if roll < 0.05:
            made.append(
                (
                    traveller(
                        checked_at=at,
                        disposition=Disposition.CENTRAL_QUARANTINE,
                        health_colour=CodeColour.RED,
                        **{**person, "document_number": make_id_number(rng, "220102")},
                        origin_name="吉林省长春市",
                    ),
                    CLEAR,
                )
            )
        elif roll < 0.12:
            made.append(
                (
                    traveller(
                        checked_at=at,
                        nat_sampled_at=at - timedelta(hours=60),
                        origin_name="郑州市金水区",
                        **person,
                    ),
                    NAT_EXPIRED,
                )
            )
        else:
            made.append(
                (
                    traveller(
                        checked_at=at,
                        disposition=rng.choice([Disposition.RELEASE, Disposition.RELEASE_TEST]),
                        origin_name=rng.choice(["郑州市", "周口市川汇区", "漯河市", "驻马店市"]),
                        **person,
                    ),
                    CLEAR,
                )
            )
    return made


@pytest.fixture(scope="module")
def county_day(county_server, tmp_path_factory):
    """The county's 10 April 2022, and a dashboard user."""
    root = tmp_path_factory.mktemp("stations")
    toll = make_station(root, "宁洛高速谭庄站")
    assert enroll(
        toll.data_dir, county_server.url, county_server.enrollment_code("宁洛高速谭庄站")
    ).ok
    for _ in range(3):
        toll.save()
    toll.repo.save(
        traveller(
            disposition=Disposition.TURN_BACK,
            health_colour=CodeColour.YELLOW,
            origin_name="上海市浦东新区",
            document_number="410721199001011236",
            phone="13812345678",
            name="李秀英",
        ),
        flags=CLEAR,
        staff_id=toll.admin.id,
    )
    toll.repo.save(
        traveller(
            disposition=Disposition.FEVER_CLINIC,
            temperature=38.2,
            document_number="411602198803030019",
            phone="13900001111",
            name="王建国",
        ),
        flags=FEVER,
        staff_id=toll.admin.id,
    )
    assert push_pending(toll.db, toll.connection()).remaining == 0

    rng = random.Random(20220410)
    store = county_server.store
    seed_checkpoint(store, "周南高速商水收费站", _busy_day(rng, 90), township="商水县城关乡")
    seed_checkpoint(
        store,
        "白寺镇村道卡点",
        _busy_day(rng, 14),
        township="白寺镇",
        kind=CheckpointKind.VILLAGE_ROAD,
    )
    store.add_checkpoint("郝岗镇村道卡点", CheckpointKind.VILLAGE_ROAD, "郝岗镇")
    # The same record and version with other content from a second device: a conflict.
    disputed = traveller()
    seed_checkpoint(store, "白寺镇村道卡点", [(disputed, CLEAR)], township="白寺镇")
    seed_checkpoint(store, "白寺镇村道卡点", [(traveller(uuid=disputed.uuid, notes="改过"), CLEAR)])

    stdin = io.StringIO(PASSWORD + "\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", stdin)
        args = ["user", "add", "zhaozhigang", "--password-stdin", "--db", county_server.db_url]
        assert county_main(args) == 0
    yield county_server
    toll.db.close()


@pytest.fixture
def page(browser, county_day):
    context = browser.new_context(
        base_url=county_day.url, viewport={"width": 1400, "height": 900}, locale="zh-CN"
    )
    yield context.new_page()
    context.close()


def log_in(page, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill("zhaozhigang")
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def cells(page, selector: str) -> list[list[str]]:
    return page.locator(selector).evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
    )


def test_a_wrong_password_is_refused_and_the_dashboard_stays_closed(page):
    log_in(page, "not-the-password")
    assert page.get_by_role("alert").inner_text() == "用户名或密码错误"
    page.goto(DAY)
    assert page.url.endswith("/login")


def test_after_login_the_totals_and_follow_up_list_show_the_days_people_masked(
    page, county_day, request
):
    log_in(page)
    page.goto(DAY)
    assert "2022年04月10日" in page.locator("h1").inner_text()
    headings = cells(page, "#totals thead tr")[0]
    [toll] = [r for r in cells(page, "#totals tbody tr") if r[0] == "宁洛高速谭庄站"]
    row = dict(zip(headings, toll, strict=True))
    assert (row["合计"], row["放行"], row["劝返"], row["转运发热门诊"], row["发热"]) == (
        "5",
        "3",
        "1",
        "1",
        "1",
    )
    follow = [r for r in cells(page, "#follow-up tbody tr") if r[1] == "宁洛高速谭庄站"]
    assert sorted((r[2], r[3], r[4], r[8]) for r in follow) == [
        ("李**", "4107**********1236", "138****5678", "健康码黄劝返"),
        ("王**", "4116**********0019", "139****1111", "发热转运发热门诊"),
    ]
    body = page.content()
    assert "410721199001011236" not in body and "13812345678" not in body
    sync_row = next(r for r in cells(page, "#sync-state tbody tr") if r[0] == "宁洛高速谭庄站")
    assert sync_row[1] == "1" and sync_row[3].startswith("0")
    assert next(r for r in cells(page, "#sync-state tbody tr") if r[0] == "郝岗镇村道卡点")[2] == (
        "未注册设备"
    )
    assert len(cells(page, "#conflicts tbody tr")) == 1

    shot = page.screenshot(full_page=True)
    if request.node.callspec.params.get("county_server") == "sqlite":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(shot)


def test_the_hourly_chart_draws_a_bar_per_county_hour_with_its_count(page, county_day):
    log_in(page)
    page.goto(DAY)
    chart = page.locator("svg#hourly-chart")
    assert chart.is_visible() and chart.bounding_box()["height"] > 150
    bars = page.locator("#hourly-chart g.bar")
    assert bars.count() == 24
    counts = [int(c) for c in bars.evaluate_all("gs => gs.map(g => g.dataset.count)")]
    total = int(page.locator("#total-count").inner_text())
    assert sum(counts) == total
    # The toll station's five checks were at 17:30 Beijing time.
    assert counts[17] >= 5
    drawn = page.locator('#hourly-chart g.bar[data-hour="17"] rect')
    assert drawn.count() >= 1 and drawn.first.bounding_box()["height"] > 0


def test_a_bundle_uploaded_through_the_form_is_imported_once(page, county_day, tmp_path):
    station = make_station(tmp_path, "固墙镇村道卡点")
    code = county_day.enrollment_code("固墙镇村道卡点")
    assert enroll(station.data_dir, county_day.url, code).ok
    station.save(3)
    report = export_bundle(station.db, station.data_dir, tmp_path / "usb")
    assert report.path is not None
    log_in(page)
    page.goto(DAY)
    page.locator("#upload-form input[type=file]").set_input_files(str(report.path))
    page.get_by_role("button", name="上传并导入").click()
    [result] = cells(page, "#import-results tbody tr")
    assert result[1:5] == ["固墙镇村道卡点", "3", "0", "0"]
    page.goto(DAY)
    [row] = [r for r in cells(page, "#totals tbody tr") if r[0] == "固墙镇村道卡点"]
    assert row[2] == "3"
    # The same file again is a replay: refused, nothing counted twice.
    page.locator("#upload-form input[type=file]").set_input_files(str(report.path))
    page.get_by_role("button", name="上传并导入").click()
    assert "已导入过" in cells(page, "#import-results tbody tr")[0][5]
    station.db.close()
    shutil.rmtree(tmp_path / "usb")
