"""Closed-loop transfers against a real county server, on both backends: the signed site
list reaches the checkpoint (a tampered one is refused), a transfer is pushed, the site's
staff confirm the arrival over HTTP with the CSRF token (another site's staff cannot), an
overdue transfer is marked 超时 on the dashboard, and the receipt comes back to the
checkpoint on its next sync. And a release database upgraded to 0004 keeps every row."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, inspect, select, text, update

from checkpoint_app.county.roles import DashboardRole, recent_audit
from checkpoint_app.county.schema import head_revision
from checkpoint_app.county.store import normalise_db_url, site_lists, transfers
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.transfers import ReceiptOutcome, format_transfer_code
from checkpoint_app.storage.transfers import current_site_list, get_transfer
from checkpoint_app.sync.client import PullStatus
from checkpoint_app.workstation.sync import sync_once
from tests.county.test_schema_migrations import (
    RELEASE_COUNTS,
    county_command,
    release_database,
    row_counts,
)
from tests.county_fixtures import (
    BACKENDS,
    confirm_receipt,
    csrf_token,
    dashboard_user,
    receiving_sites,
    sent_transfer,
    signed_in,
    transfer_row,
)


def _county_transfer(server, code: str):
    with server.store.engine.connect() as conn:
        return conn.execute(select(transfers).where(transfers.c.code == code)).one()


# ---------------------------------------------------------------------------- site list


def test_the_signed_site_list_reaches_the_checkpoint_and_a_tampered_one_is_refused(
    enrolled, county_server
):
    quarantine, _clinic = receiving_sites(county_server)
    first = sync_once(enrolled.data_dir)
    assert first.ok and first.site_list.status is PullStatus.APPLIED
    held = current_site_list(enrolled.db)
    assert quarantine in held.sites

    # A newer version the county key never signed: its body changed under the old signature.
    with county_server.store.engine.begin() as conn:
        latest = conn.execute(
            select(site_lists).order_by(site_lists.c.version.desc()).limit(1)
        ).one()
        envelope = json.loads(latest.envelope)
        envelope["sites"]["version"] = latest.version + 1
        conn.execute(
            site_lists.insert().values(
                version=latest.version + 1,
                published_at=latest.published_at,
                envelope=json.dumps(envelope, ensure_ascii=False),
                etag=f'"forged-{uuid.uuid4().hex[:6]}"',
            )
        )
    second = sync_once(enrolled.data_dir)
    assert second.site_list.status is PullStatus.REFUSED
    assert "签名无效" in second.site_list.message
    assert current_site_list(enrolled.db) == held
    # The county signs a fresh version when its sites change: the checkpoint takes that.
    extra, _ = receiving_sites(county_server)
    third = sync_once(enrolled.data_dir)
    assert third.site_list.status is PullStatus.APPLIED
    assert extra in current_site_list(enrolled.db).sites


# ---------------------------------------------------------------------------- push, receipts


def test_a_transfer_pushed_once_is_held_by_the_county_with_its_checkpoint(enrolled, county_server):
    quarantine, _clinic = receiving_sites(county_server)
    code = sent_transfer(enrolled, quarantine)

    row = _county_transfer(county_server, code)
    assert (row.site_id, row.plate, row.escort_name) == (quarantine.id, "豫PJ0931", "刘红梅")
    assert row.received_at is None
    assert get_transfer(enrolled.db, code).pushed
    again = sync_once(enrolled.data_dir)
    assert again.transfers.accepted == 0 and again.transfers.remaining == 0


def test_the_site_confirms_the_arrival_and_the_checkpoint_sees_it_on_its_next_sync(
    enrolled, county_server
):
    quarantine, _clinic = receiving_sites(county_server)
    code = sent_transfer(enrolled, quarantine)
    staff = dashboard_user(county_server, DashboardRole.SITE, quarantine.id)

    with signed_in(county_server, staff) as client:
        page = client.get("/site/receive")
        assert page.status_code == 200 and quarantine.name in page.text
        assert "张*" in transfer_row(page.text, code) and "张伟" not in page.text
        confirmed = confirm_receipt(
            client, format_transfer_code(code).lower(), note="安排 305 房间"
        )
        assert confirmed.status_code == 200, confirmed.text
        assert f"已确认：{quarantine.name} {format_transfer_code(code)} 已接收" in confirmed.text
        assert transfer_row(confirmed.text, code) == ""  # no longer on the way
        twice = confirm_receipt(client, code)
        assert twice.status_code == 400 and "已于" in twice.text

    assert _county_transfer(county_server, code).receipt_outcome == "received"
    [entry] = [e for e in recent_audit(county_server.store) if e.subject == code]
    assert (entry.username, entry.action) == (staff, "transfer.receipt")

    report = sync_once(enrolled.data_dir)
    assert report.ok and report.receipts.arrived == 1
    assert "接收点确认到达 1 人" in report.summary()
    back = get_transfer(enrolled.db, code)
    assert back.arrived and back.receipt_note == "安排 305 房间"
    assert sync_once(enrolled.data_dir).receipts.arrived == 0  # told once


def test_a_site_reporting_the_person_missing_reaches_the_checkpoint_as_missing(
    enrolled, county_server
):
    _quarantine, clinic = receiving_sites(county_server)
    code = sent_transfer(enrolled, clinic, Disposition.FEVER_CLINIC)
    staff = dashboard_user(county_server, DashboardRole.SITE, clinic.id)
    with signed_in(county_server, staff) as client:
        answer = confirm_receipt(client, code, outcome="missing", note="未到")
        assert answer.status_code == 200, answer.text

    report = sync_once(enrolled.data_dir)
    assert report.receipts.missing == 1 and "未到" in report.summary()
    back = get_transfer(enrolled.db, code)
    assert back.receipt_outcome is ReceiptOutcome.MISSING and not back.arrived


def test_another_sites_staff_neither_see_nor_confirm_the_transfer(enrolled, county_server):
    quarantine, clinic = receiving_sites(county_server)
    code = sent_transfer(enrolled, quarantine)
    other = dashboard_user(county_server, DashboardRole.SITE, clinic.id)

    with signed_in(county_server, other) as client:
        page = client.get("/site/receive")
        assert page.status_code == 200 and format_transfer_code(code) not in page.text
        refused = confirm_receipt(client, code)
        assert refused.status_code == 400 and "不是送往本接收点" in refused.text
        # The county's own figures, lists and policy are not theirs to see.
        for page_path in ("/", "/follow-ups", "/follow-ups.xlsx", "/watchlist", "/policy"):
            answer = client.get(page_path, follow_redirects=False)
            assert answer.headers.get("location") == "/site/receive", page_path

    assert _county_transfer(county_server, code).received_at is None


def test_a_receipt_without_the_pages_csrf_token_or_by_a_viewer_writes_nothing(
    enrolled, county_server
):
    quarantine, _clinic = receiving_sites(county_server)
    code = sent_transfer(enrolled, quarantine)
    staff = dashboard_user(county_server, DashboardRole.SITE, quarantine.id)
    viewer = dashboard_user(county_server, DashboardRole.VIEWER)

    with signed_in(county_server, staff) as client:
        forged = client.post("/site/receive", data={"csrf_token": "x", "code": code})
        assert forged.status_code == 403 and "页面已过期" in forged.text
    with signed_in(county_server, viewer) as client:
        page = client.get("/site/receive")
        assert page.status_code == 403 and "只有接收点工作人员或管理员" in page.text
        token = csrf_token(page.text)
        answer = client.post("/site/receive", data={"csrf_token": token, "code": code})
        assert answer.status_code == 403

    assert _county_transfer(county_server, code).received_at is None


def test_a_transfer_not_received_within_the_limit_is_shown_overdue_on_the_dashboard(
    enrolled, county_server
):
    quarantine, _clinic = receiving_sites(county_server)
    late = sent_transfer(enrolled, quarantine)
    fresh = sent_transfer(enrolled, quarantine)
    with county_server.store.engine.begin() as conn:
        four_hours_ago = (datetime.now(UTC) - timedelta(hours=4)).isoformat()
        conn.execute(
            update(transfers).where(transfers.c.code == late).values(departed_at=four_hours_ago)
        )
    admin = dashboard_user(county_server, DashboardRole.ADMIN)

    with signed_in(county_server, admin) as client:
        board = client.get("/").text

    assert "超时" in transfer_row(board, late) and "overdue" in transfer_row(board, late)
    assert "超时" not in transfer_row(board, fresh) and "途中" in transfer_row(board, fresh)
    site_row = re.search(rf'<tr data-site="{quarantine.name}">.*?</tr>', board, re.S).group(0)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", site_row)
    # 接收点, 类别, 乡镇, 今日接收, 转运中, 超时, 容量, 剩余容量
    assert cells[3:] == ["0", "2", "1", "30", "28"]


# ---------------------------------------------------------------------------- migration


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_release_database_upgraded_keeps_every_row_and_gets_the_transfer_tables_and_flags(
    backend, tmp_path
):
    with release_database(backend, tmp_path) as url:
        upgraded = county_command(url, tmp_path / "county", "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        assert row_counts(url) == RELEASE_COUNTS
        engine = create_engine(normalise_db_url(url))
        try:
            with engine.connect() as conn:
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                names = set(inspect(conn).get_table_names())
                columns = {c["name"] for c in inspect(conn).get_columns("dashboard_user_roles")}
                roles = conn.execute(text("SELECT role, site_id FROM dashboard_user_roles")).all()
                reported = conn.execute(text("SELECT count(*) FROM records WHERE report")).scalar()
        finally:
            engine.dispose()
        assert version == head_revision()
        assert reported == 0  # records from before the report flag were not flagged
        assert {"sites", "site_lists", "transfers"} <= names
        assert "site_id" in columns
        assert {r.role for r in roles} == {"viewer", "follow_up", "admin"}
        assert all(r.site_id is None for r in roles)
