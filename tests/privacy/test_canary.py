"""Canary ID number and phone: registered through the GUI, then looked for everywhere they
must never appear — widget texts (except an audited reveal), logs, crash reports, a
registrar's export, and, after the retention purge, the database file, its WAL and temp files.
"""

from __future__ import annotations

import logging
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from checkpoint_app.gui.crash import format_report, write_report
from checkpoint_app.gui.handover import HandoverDialog
from checkpoint_app.gui.record_dialog import RecordDialog
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.validation import check_id_number
from checkpoint_app.storage.database import DATABASE_FILENAME, database_folder
from checkpoint_app.storage.records import RecordRepository
from checkpoint_app.storage.retention import purge_expired_records
from checkpoint_app.storage.timefmt import to_db_time, utc_now

CANARY_ID = "411623198808081239"  # valid check digit: the form accepts and saves it
CANARY_PHONE = "13987654321"
CANARIES = (CANARY_ID, CANARY_PHONE)
SQLITE_HEADER = b"SQLite format 3\x00"


def test_the_canary_is_a_valid_resident_id():
    assert check_id_number(CANARY_ID, today=date(2022, 4, 10)).number == CANARY_ID


def _register_canary(main_window, keyboard, qtbot) -> str:
    form = main_window.form.ui
    keyboard.scan(CANARY_ID)
    form.phoneEdit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.phoneEdit)
    keyboard.type(CANARY_PHONE)
    form.temperatureEdit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.temperatureEdit)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved) as saved:
        keyboard.enter()
    uuid: str = saved.args[0]
    record = RecordRepository(main_window._repo.db).get(uuid)
    assert record is not None and (record.document_number, record.phone) == CANARIES
    return uuid


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts = []
    # A list model's columnCount is private in Qt: lists have one column.
    columns = 1 if isinstance(view, QListWidget) else model.columnCount(QModelIndex())
    for row in range(model.rowCount(QModelIndex())):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if value is not None:
                    texts.append(str(value))
    return texts


def visible_texts(top: QWidget, *, skip: tuple[QWidget, ...] = ()) -> list[str]:
    """Every text a person could read in `top` and its children (focused line edits aside)."""
    texts = [top.windowTitle(), top.toolTip()]
    for widget in [top, *top.findChildren(QWidget)]:
        if widget in skip:
            continue
        texts += [widget.toolTip(), widget.windowTitle(), widget.statusTip()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit) and not widget.hasFocus():
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView):
            texts += _model_texts(widget)
    return texts


def leaked(texts: list[str]) -> list[str]:
    return [t for t in texts if any(c in t for c in CANARIES)]


@pytest.fixture
def canary_window(main_window, keyboard, qtbot, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, the lowest level
    for name in list(logging.root.manager.loggerDict):
        logging.getLogger(name).setLevel(logging.DEBUG)
    uuid = _register_canary(main_window, keyboard, qtbot)
    return main_window, uuid


def test_after_registering_no_widget_shows_the_whole_canary(canary_window, qtbot):
    window, _ = canary_window
    window.ui.searchEdit.setFocus()  # leave the form, as a worker would
    texts = visible_texts(window)
    assert any("4116**********1239" in t for t in texts)  # the list does show the masked form
    assert leaked(texts) == []


def test_the_record_dialog_shows_the_canary_only_after_an_audited_reveal(
    canary_window, qtbot, workstation
):
    _, uuid = canary_window
    dialog = RecordDialog(
        RecordRepository(workstation.db),
        uuid,
        staff=workstation.lead,
        policy=default_policy(),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert leaked(visible_texts(dialog)) == []
    assert dialog.reveal("公安协查")
    # Only the reveal label holds it, and only because the reveal was audited.
    assert leaked(visible_texts(dialog, skip=(dialog.identity_label,))) == []
    assert leaked([dialog.identity_label.text()]) != []
    action = workstation.db.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
    assert action.fetchone()[0] == "record.unmasked"
    dialog.reject()
    assert leaked(visible_texts(dialog)) == []


def test_no_log_line_and_no_audit_entry_holds_the_canary(canary_window, caplog, workstation):
    assert caplog.records is not None
    assert leaked([caplog.text]) == []
    audit = [str(r) for r in workstation.db.execute("SELECT * FROM audit_log")]
    assert leaked(audit) == []


def test_a_crash_report_never_holds_the_canary(canary_window, tmp_path):
    def fail_with_personal_data(number: str, phone: str) -> None:
        raise ValueError(f"cannot save {number} / tel {phone} / {number[:6]}-{number[6:]}")

    try:
        fail_with_personal_data(CANARY_ID, CANARY_PHONE)
    except ValueError as exc:
        text = format_report(exc, thread_name="MainThread", now=datetime.now().astimezone())
    assert leaked([text]) == []
    path = write_report(tmp_path / "crash", text, now=datetime.now())
    assert not any(c.encode() in path.read_bytes() for c in CANARIES)


def test_a_registrars_excel_export_has_no_canary(canary_window, qtbot, workstation, tmp_path):
    dialog = HandoverDialog(
        workstation.db,
        shift=workstation.shift,
        staff=workstation.registrar,
        checkpoint=workstation.checkpoint,
    )
    qtbot.addWidget(dialog)
    path = tmp_path / "export.xlsx"
    with qtbot.waitSignal(dialog.excel_exported):
        dialog.export_excel(path)  # written on a worker
    assert "已导出 1 条" in dialog.ui.messageLabel.text()
    with zipfile.ZipFile(path) as book:
        content = b"".join(book.read(name) for name in book.namelist())
    assert b"4116**********1239" in content  # the row is there, masked
    assert not any(c.encode() in content for c in CANARIES)
    assert leaked(visible_texts(dialog)) == []


def _files_with_canary(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(c.encode() in data or c.encode("utf-16-le") in data for c in CANARIES):
                found.append(path.name)
    return found


def test_after_the_purge_no_file_of_the_store_holds_the_canary(
    canary_window, workstation, tmp_path, monkeypatch
):
    window, uuid = canary_window
    db = workstation.db
    sqlite_tmp = tmp_path / "sqlite-tmp"
    sqlite_tmp.mkdir()
    monkeypatch.setenv("SQLITE_TMPDIR", str(sqlite_tmp))
    # The county acknowledged it long ago: the record is past the retention period.
    old = to_db_time(utc_now() - timedelta(days=60))
    db.execute("UPDATE records SET checked_at = ? WHERE uuid = ?", [old, uuid])
    db.execute("UPDATE outbox SET synced_at = ? WHERE record_uuid = ?", [old, uuid])
    db.conn.commit()
    window.close()
    report = purge_expired_records(
        db, retention_days=30, now=utc_now(), data_dir=database_folder(db)
    )
    assert report.records_purged == 1
    db.execute("VACUUM")  # SQLite's own temp files are made here, in SQLITE_TMPDIR
    folder = database_folder(db)
    assert (folder / DATABASE_FILENAME).exists()
    assert _files_with_canary(folder) == []
    assert _files_with_canary(sqlite_tmp) == []


def test_before_any_purge_the_database_file_holds_no_plaintext_canary(canary_window, workstation):
    db = workstation.db
    path = database_folder(db) / DATABASE_FILENAME
    # The store is encrypted at rest (tests/privacy/conftest.py makes it as first run does).
    assert not path.read_bytes().startswith(SQLITE_HEADER)
    with db.ensure_autocommit_on():
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    assert _files_with_canary(path.parent) == []
