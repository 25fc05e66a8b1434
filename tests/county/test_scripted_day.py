"""A scripted county day against a real county server, on both backends.

Three checkpoints (workstation data folders of their own, enrolled with the county)
register 300 travellers between them — released, tested on arrival, turned back, sent home
or to quarantine, some with fever, from several provinces — and send 20 people to the
county's quarantine point and fever clinic. The sites' staff confirm 18 arrivals; two
people never arrive. Four hours on, the dashboard flags exactly those two, the daily
report adds up to what the checkpoints registered and sent (20 transfers, 18 received, 2
not received, in its Excel and PDF too), and a fourth checkpoint that enrolled but sent
nothing is 未报 until it syncs, then 0.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from checkpoint_app.county.daily_report import (
    NOT_REPORTED,
    TOTAL,
    TRANSFER_HEADINGS,
    build_daily_report,
    report_pdf,
    report_workbook,
    sections,
    summary_lines,
)
from checkpoint_app.county.reports import COUNTY_TZ, county_today
from checkpoint_app.county.roles import DashboardRole
from checkpoint_app.county.store import transfers
from checkpoint_app.county.transfers import add_site
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.transfers import SiteKind, format_transfer_code
from checkpoint_app.storage.records import RecordFlags
from checkpoint_app.sync.client import enroll
from checkpoint_app.workstation.sync import sync_once
from checkpoint_app.workstation.transfers import TransferRequest, record_transfer
from tests.county_fixtures import (
    CLEAR,
    Station,
    confirm_receipt,
    dashboard_user,
    make_station,
    signed_in,
    transfer_row,
)

FEVER = RecordFlags(fever=True, nat_expired=False)
#: Where people come from, with the province the report should count them under.
ORIGINS = [
    ("410100", "郑州市", "河南省"),
    ("411600", "周口市", "河南省"),
    ("310115", "上海市浦东新区", "上海市"),
    ("220100", "吉林省长春市", "吉林省"),
    ("", "", "未填写来源地"),
]
ROUTINE = [
    Disposition.RELEASE,
    Disposition.RELEASE,
    Disposition.RELEASE,
    Disposition.RELEASE_TEST,
    Disposition.TURN_BACK,
    Disposition.HOME_QUARANTINE,
    Disposition.HOME_MONITORING,
]


@dataclass(frozen=True)
class Plan:
    """One checkpoint's day: how many it registers and whom it sends where."""

    name: str
    travellers: int
    to_quarantine: int
    to_clinic: int


PLANS = [
    Plan("宁洛高速谭庄站", 120, 5, 3),
    Plan("周南高速商水收费站", 100, 4, 3),
    Plan("谭庄镇村道卡点", 80, 3, 2),
]
SILENT = "郝岗镇村道卡点"


@dataclass
class Registered:
    """What one checkpoint registered, counted by the test as it saved."""

    station: Station
    checked: int = 0
    fever: int = 0
    dispositions: Counter[str] | None = None
    provinces: Counter[str] | None = None
    codes: tuple[str, ...] = ()


@dataclass
class CountyDay:
    day: date
    checkpoints: dict[str, Registered]
    silent: Station
    received: tuple[str, ...]  # transfer codes, ABCD-2345
    never_arrived: tuple[str, ...]
    sites: dict[str, int]  # site name → people received
    departed: datetime  # when all 20 left


def _moments(day: date, count: int) -> list[datetime]:
    """`count` check times spread from the county day's start to now (both in that day)."""
    start = datetime.combine(day, datetime.min.time(), COUNTY_TZ).astimezone(UTC)
    now = datetime.now(UTC)
    return [start + (now - start) * (i + 1) / (count + 1) for i in range(count)]


def _register(station: Station, plan: Plan, rng: random.Random, day: date) -> Registered:
    """The checkpoint's travellers, saved a group at a time through the workstation's
    repository; the people for transfer are the first of their disposition."""
    groups: list[tuple[int, Disposition, tuple[str, str, str], bool]] = [
        (plan.to_quarantine, Disposition.CENTRAL_QUARANTINE, ORIGINS[3], False),
        (plan.to_clinic, Disposition.FEVER_CLINIC, ORIGINS[2], True),
    ]
    left = plan.travellers - plan.to_quarantine - plan.to_clinic
    while left:
        size = min(left, rng.randrange(3, 12))
        fever = rng.random() < 0.15  # a feverish traveller turned back or sent home
        groups.append((size, rng.choice(ROUTINE), rng.choice(ORIGINS), fever))
        left -= size
    moments = iter(_moments(day, len(groups)))
    made = Registered(station, dispositions=Counter(), provinces=Counter())
    for size, disposition, (code, origin, province), fever in groups:
        saved = station.save(
            size,
            flags=FEVER if fever else CLEAR,
            checked_at=next(moments),
            disposition=disposition,
            origin_code=code,
            origin_name=origin,
            temperature=38.3 if fever else 36.6,
        )
        made.checked += size
        made.fever += size if fever else 0
        made.dispositions[disposition.value] += size
        made.provinces[province] += size
        if disposition in (Disposition.CENTRAL_QUARANTINE, Disposition.FEVER_CLINIC):
            made.codes += tuple(r.uuid for r in saved)  # record uuids until sent
    return made


@pytest.fixture(scope="module")
def county_day(county_server, tmp_path_factory) -> Iterator[CountyDay]:
    root = tmp_path_factory.mktemp("stations")
    day = county_today(datetime.now(UTC))
    rng = random.Random(20220410)
    store = county_server.store
    quarantine = add_site(
        store, "商水县第一集中隔离点", SiteKind.QUARANTINE, "城关乡", 80, by="测试"
    )
    clinic = add_site(
        store, "商水县人民医院发热门诊", SiteKind.FEVER_CLINIC, "老城街道办事处", 10, by="测试"
    )

    checkpoints: dict[str, Registered] = {}
    for plan in PLANS:
        station = make_station(root, plan.name)
        assert enroll(
            station.data_dir, county_server.url, county_server.enrollment_code(plan.name)
        ).ok
        made = _register(station, plan, rng, day)
        first = sync_once(station.data_dir)  # the day's records up, the site list down
        assert first.ok and first.push.accepted == plan.travellers, first.summary()
        codes = []
        for index, record_uuid in enumerate(made.codes):
            site = quarantine if index < plan.to_quarantine else clinic
            sent = record_transfer(
                station.db,
                TransferRequest(
                    record_uuid, site.id, f"豫P·J{index:04d}", "刘红梅", f"1391234{index:04d}"
                ),
                staff_id=station.admin.id,
            )
            codes.append(sent.code)
        made.codes = tuple(codes)
        pushed = sync_once(station.data_dir)
        assert pushed.ok and pushed.transfers.accepted == len(codes), pushed.summary()
        checkpoints[plan.name] = made

    silent = make_station(root, SILENT)
    assert enroll(silent.data_dir, county_server.url, county_server.enrollment_code(SILENT)).ok

    # They all left four hours ago, past the three-hour limit.
    every_code = [c for made in checkpoints.values() for c in made.codes]
    assert len(every_code) == 20
    four_hours_ago = datetime.now(UTC) - timedelta(hours=4)
    with store.engine.begin() as conn:
        conn.execute(
            update(transfers)
            .where(transfers.c.code.in_(every_code))
            .values(departed_at=four_hours_ago.isoformat(timespec="microseconds"))
        )

    # One from the toll station never reached the quarantine point, one from the village
    # road never reached the clinic; the sites' staff confirm everybody else.
    first_cp, _, last_cp = (checkpoints[p.name] for p in PLANS)
    never = (first_cp.codes[0], last_cp.codes[-1])
    received = {quarantine.id: [], clinic.id: []}
    for plan in PLANS:
        made = checkpoints[plan.name]
        for index, code in enumerate(made.codes):
            if code not in never:
                site = quarantine if index < plan.to_quarantine else clinic
                received[site.id].append(code)
    for site, codes in ((quarantine, received[quarantine.id]), (clinic, received[clinic.id])):
        staff = dashboard_user(county_server, DashboardRole.SITE, site.id)
        with signed_in(county_server, staff) as client:
            for code in codes:
                answer = confirm_receipt(client, format_transfer_code(code))
                assert answer.status_code == 200, answer.text
    yield CountyDay(
        day,
        checkpoints,
        silent,
        received=tuple(
            format_transfer_code(c) for c in received[quarantine.id] + received[clinic.id]
        ),
        never_arrived=tuple(format_transfer_code(c) for c in never),
        sites={
            quarantine.name: len(received[quarantine.id]),
            clinic.name: len(received[clinic.id]),
        },
        departed=four_hours_ago,
    )
    for made in checkpoints.values():
        made.station.db.close()
    silent.db.close()


def test_the_dashboard_flags_exactly_the_two_people_who_never_arrived(county_day, county_server):
    assert len(county_day.received) == 18
    admin = dashboard_user(county_server, DashboardRole.ADMIN)
    with signed_in(county_server, admin) as client:
        board = client.get("/", params={"day": county_day.day.isoformat()}).text

    for code in county_day.never_arrived:
        assert "超时" in transfer_row(board, code)
    for code in county_day.received:
        assert transfer_row(board, code) == ""  # arrived: no longer on the way
    flagged = re.findall(
        r'<tr class="transfer[^"]*" data-code="([^"]+)">(?:(?!</tr>).)*超时', board, re.S
    )
    assert sorted(flagged) == sorted(county_day.never_arrived)
    assert "超时 2 人" in re.search(r'id="overdue-transfers">([^<]*)<', board).group(1)
    for site, count in county_day.sites.items():
        row = re.search(rf'<tr data-site="{site}">.*?</tr>', board, re.S).group(0)
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        # 接收点, 类别, 乡镇, 今日接收, 转运中, 超时, …
        assert cells[3:6] == [str(count), "1", "1"]


def test_each_checkpoint_hears_on_its_next_sync_which_of_its_people_arrived(county_day):
    arrived = 0
    for made in county_day.checkpoints.values():
        report = sync_once(made.station.data_dir)
        mine = {format_transfer_code(c) for c in made.codes}
        assert report.ok and report.receipts.arrived == len(mine & set(county_day.received))
        arrived += report.receipts.arrived
    assert arrived == 18


def test_the_daily_report_adds_up_to_what_the_checkpoints_registered(county_day, county_server):
    report = build_daily_report(county_server.store, county_day.day)
    rows = {d.checkpoint: d for d in report.checkpoints}
    for name, made in county_day.checkpoints.items():
        row = rows[name]
        assert row.reported
        assert (row.checked, row.fever) == (made.checked, made.fever), name
        assert row.by_disposition == {d.value: made.dispositions[d.value] for d in Disposition}
        assert row.by_province == dict(made.provinces), name

    registered = county_day.checkpoints.values()
    assert report.total.checked == sum(m.checked for m in registered) == 300
    assert report.total.fever == sum(m.fever for m in registered)
    assert report.total.fever > 8  # the fever clinic's eight and feverish others
    assert report.total.by_disposition == {
        d.value: sum(m.dispositions[d.value] for m in registered) for d in Disposition
    }
    assert report.total.by_disposition[Disposition.CENTRAL_QUARANTINE.value] == 12
    assert report.total.by_disposition[Disposition.FEVER_CLINIC.value] == 8


def _loop_rows(report) -> dict[str, tuple]:
    """The 闭环转运与跟进 table by checkpoint: 转出, 已接收, 在途, 超时未接收, then follow-ups."""
    [loop] = [s for s in sections(report) if s.title.endswith("闭环转运与跟进")]
    assert loop.headings[1:5] == TRANSFER_HEADINGS
    return {row[0]: row[1:5] for row in loop.rows}


def test_the_daily_report_counts_the_transfers_sent_received_and_never_received(
    county_day, county_server, tmp_path
):
    # Four hours ago may be yesterday in the county, just after midnight: that day's report.
    day = county_today(county_day.departed)
    report = build_daily_report(county_server.store, day)
    rows = _loop_rows(report)
    never = set(county_day.never_arrived)
    for name, made in county_day.checkpoints.items():
        mine = {format_transfer_code(c) for c in made.codes}
        expected = (len(mine), len(mine - never), 0, len(mine & never))
        assert rows[name] == expected, name
    assert rows[TOTAL] == (20, 18, 0, 2)
    total = report.total
    assert (total.transfers_sent, total.transfers_received, total.transfers_not_received) == (
        20,
        18,
        2,
    )
    summary = "\n".join(summary_lines(report))
    assert "闭环转运 20 人，已接收 18 人，在途 0 人，超时未接收 2 人" in summary

    # The same figures in the workbook and the PDF the county downloads.
    cells = list(load_workbook(io.BytesIO(report_workbook(report))).worksheets[0].values)
    start = next(i for i, r in enumerate(cells) if r[0] == "三、闭环转运与跟进")
    assert cells[start + 1][1:5] == TRANSFER_HEADINGS
    total_row = next(r for r in cells[start + 2 :] if r[0] == TOTAL)
    assert total_row[1:5] == (20, 18, 0, 2)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed: cannot read the PDF")
    pdf = tmp_path / "日报.pdf"
    pdf.write_bytes(report_pdf(report))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    section = text[text.index("三、闭环转运与跟进") : text.index("四、来源省份")]
    assert re.search(r"合计\s+20\s+18\s+0\s+2\b", section), section


def test_a_checkpoint_that_enrolled_but_sent_nothing_is_unreported_until_it_syncs(
    county_day, county_server
):
    before = build_daily_report(county_server.store, county_day.day)
    assert SILENT in before.not_reported
    [checked] = [r for r in sections(before)[0].rows if r[0] == SILENT]
    assert set(checked[2:]) == {NOT_REPORTED}

    # A quiet road: the checkpoint syncs with nobody registered, and reports 0.
    assert sync_once(county_day.silent.data_dir).ok
    after = build_daily_report(county_server.store, county_day.day)
    assert SILENT not in after.not_reported
    [checked] = [r for r in sections(after)[0].rows if r[0] == SILENT]
    assert set(checked[2:]) == {0}
    assert after.total.checked == before.total.checked
    # Zero reporting for its transfers too: 未报 before, 0 sent, 0 received after.
    assert set(_loop_rows(before)[SILENT]) == {NOT_REPORTED}
    assert _loop_rows(after)[SILENT] == (0, 0, 0, 0)
