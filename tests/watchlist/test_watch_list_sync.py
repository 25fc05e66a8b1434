"""The watch list end to end: records at one checkpoint, a real county server, sync at another."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.store import watch_lists
from checkpoint_app.county.watchlist import current_watch_list, latest_watch_list
from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.sync.client import enroll
from checkpoint_app.sync.protocol import sha256_hex, sign_watch_list
from checkpoint_app.watchlist.model import WatchReason, match_watch_list
from checkpoint_app.watchlist.pull import WatchListStatus, pull_watch_list
from checkpoint_app.watchlist.store import current_watch_list as station_list
from checkpoint_app.workstation.sync import sync_once
from tests.county_fixtures import make_station
from tests.watchlist.helpers import resident_id


def _other_station(tmp_path, county_server, name):
    other = make_station(tmp_path, name)
    code = county_server.enrollment_code()
    assert enroll(other.data_dir, county_server.url, code).ok
    return other


def test_a_person_turned_back_at_one_checkpoint_is_flagged_at_another_with_the_reason(
    enrolled, county_server, tmp_path
):
    number = resident_id()
    now = datetime.now(UTC)
    enrolled.save(document_number=number, disposition=Disposition.TURN_BACK, checked_at=now)
    assert sync_once(enrolled.data_dir).ok
    other = _other_station(tmp_path, county_server, "周南高速商水收费站-劝返")
    try:
        report = sync_once(other.data_dir)
        assert report.ok, report.failure
        assert report.watch_list is not None
        assert report.watch_list.status is WatchListStatus.APPLIED
        matches = match_watch_list(station_list(other.db), number, now=now)
        assert [m.reason_code for m in matches] == [WatchReason.TURNED_BACK]
        assert matches[0].reason.startswith("今日已在 ") and matches[0].reason.endswith(" 劝返")
        # Typed with spaces and a lower-case letter it is still the same card.
        assert match_watch_list(station_list(other.db), number[:6] + " " + number[6:], now=now)
        assert not match_watch_list(station_list(other.db), resident_id(), now=now)
    finally:
        other.db.close()


def test_the_list_on_the_wire_holds_no_document_number_and_no_name(enrolled, county_server):
    number = resident_id()
    enrolled.save(
        document_number=number,
        name="李秀英",
        health_colour=CodeColour.RED,
        disposition=Disposition.CENTRAL_QUARANTINE,
        checked_at=datetime.now(UTC),
    )
    assert sync_once(enrolled.data_dir).ok
    listed = latest_watch_list(county_server.store)
    assert listed is not None
    assert number.encode() not in listed.envelope
    assert "李秀英".encode() not in listed.envelope
    stored = enrolled.db.execute("SELECT content, envelope FROM watch_list").fetchone()
    assert number not in stored[0] and "李秀英" not in stored[1]
    matches = match_watch_list(station_list(enrolled.db), number, now=datetime.now(UTC))
    assert [m.reason_code for m in matches] == [WatchReason.RED_CODE]
    assert "登记为红码" in matches[0].reason


def test_an_unchanged_list_is_not_sent_again(enrolled, county_server):
    sync_once(enrolled.data_dir)
    first = pull_watch_list(enrolled.db, enrolled.connection())
    again = pull_watch_list(enrolled.db, enrolled.connection())
    assert again.status is WatchListStatus.UNCHANGED
    assert again.version == first.version


def test_a_manual_entry_from_the_command_line_reaches_the_checkpoint(
    enrolled, county_server, monkeypatch
):
    number = resident_id()
    db = county_server.store.engine.url.render_as_string(hide_password=False)
    args = ["watch", "add", number, "--reason", "外省协查：密接人员", "--days", "3", "--db", db]
    assert county_main(args) == 0
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert county_main(["watch", "list", "--db", db]) == 0
    assert number not in out.getvalue() and "外省协查：密接人员" in out.getvalue()
    assert sync_once(enrolled.data_dir).ok
    matches = match_watch_list(station_list(enrolled.db), number, now=datetime.now(UTC))
    assert [(m.reason_code, m.reason) for m in matches] == [
        (WatchReason.MANUAL, "外省协查：密接人员")
    ]
    # Four days later the entry has expired and no longer matches.
    later = datetime.now(UTC) + timedelta(days=4)
    assert not match_watch_list(station_list(enrolled.db), number, now=later)


def test_a_list_not_signed_by_the_county_is_refused_and_the_old_one_stays(enrolled, county_server):
    number = resident_id()
    db = county_server.store.engine.url.render_as_string(hide_password=False)
    assert county_main(["watch", "add", number, "--reason", "协查", "--db", db]) == 0
    applied = pull_watch_list(enrolled.db, enrolled.connection())
    assert applied.status in (WatchListStatus.APPLIED, WatchListStatus.UNCHANGED)
    held = latest_watch_list(county_server.store)
    assert held is not None
    # The same entries, re-signed by someone else's key as the next version.
    body = json.loads(held.envelope)["list"]
    forged = sign_watch_list(
        Ed25519PrivateKey.generate(),
        version=held.version + 1,
        published_at=datetime.now(UTC),
        content=body["content"],
    )
    county_server.store._insert_ignore_row(
        watch_lists,
        {
            "version": held.version + 1,
            "published_at": body["published_at"],
            "envelope": forged.decode(),
            "etag": f'"w{held.version + 1}-{sha256_hex(forged)[:16]}"',
        },
    )
    assert current_watch_list(county_server.store, county_server.keys.signing).envelope == forged
    refused = pull_watch_list(enrolled.db, enrolled.connection())
    assert refused.status is WatchListStatus.REFUSED and "签名" in refused.message
    assert refused.version == held.version
    assert match_watch_list(station_list(enrolled.db), number, now=datetime.now(UTC))
    # The county's next genuine version is taken again.
    assert county_main(["watch", "add", resident_id(), "--reason", "协查", "--db", db]) == 0
    assert pull_watch_list(enrolled.db, enrolled.connection()).status is WatchListStatus.APPLIED
