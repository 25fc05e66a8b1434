"""The registration form warns on a listed document number and the save is audited.

End to end: a checkpoint turns someone back, the county server (a real process) lists
them, this workstation syncs, and its form shows why when the number is scanned.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from checkpoint_app.records.model import Disposition
from checkpoint_app.storage.database import database_folder
from checkpoint_app.sync.client import enroll
from checkpoint_app.sync.keys import load_enrollment
from checkpoint_app.workstation.sync import sync_once
from tests.watchlist.helpers import resident_id


@pytest.fixture
def listed_number(enrolled) -> str:
    """A person turned back today at another checkpoint, synced to the county."""
    number = resident_id()
    enrolled.save(
        document_number=number, disposition=Disposition.TURN_BACK, checked_at=datetime.now(UTC)
    )
    assert sync_once(enrolled.data_dir).ok
    return number


@pytest.fixture
def synced_window(listed_number, workstation, county_server, make_main_window):
    folder = database_folder(workstation.db)
    code = county_server.enrollment_code()
    assert enroll(folder, county_server.url, code).ok
    report = sync_once(folder)
    assert report.ok and report.watch_list is not None and report.watch_list.version
    return make_main_window()


def _watch_label(window):
    return window.form.findChild(type(window.form.ui.warningsLabel), "watchListLabel")


def test_a_scanned_number_on_the_watch_list_shows_why_and_the_save_is_audited(
    synced_window, listed_number, keyboard, qtbot, workstation, enrolled
):
    keyboard.scan(listed_number)
    label = _watch_label(synced_window)
    qtbot.waitUntil(label.isVisible)
    at_county = load_enrollment(enrolled.data_dir).checkpoint_name
    assert label.text() == f"⚠ 今日已在 {at_county} 劝返"
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(synced_window.record_saved) as saved:
        keyboard.enter()
    uuid = saved.args[0]
    rows = workstation.db.execute(
        "SELECT subject, details FROM audit_log WHERE action = 'watchlist.matched'"
    ).fetchall()
    assert [r[0] for r in rows] == [uuid]
    details = json.loads(rows[0][1])
    assert details["reasons"] == ["turned_back"]
    assert listed_number not in rows[0][1] and listed_number[-4:] not in rows[0][1]
    assert not label.isVisible()  # the next traveller starts clean


def test_a_number_not_on_the_list_or_half_typed_shows_no_warning(
    synced_window, listed_number, keyboard, qtbot, workstation
):
    label = _watch_label(synced_window)
    synced_window.form.ui.docNumberEdit.setFocus()
    keyboard.type(listed_number[:17], gap_ms=60)
    assert not label.isVisible()
    keyboard.scan(resident_id())
    assert not label.isVisible()
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(synced_window.record_saved):
        keyboard.enter()
    count = workstation.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'watchlist.matched'"
    ).fetchone()[0]
    assert count == 0
