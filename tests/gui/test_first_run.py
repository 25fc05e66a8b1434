"""The first-run wizard, driven by the keyboard alone, against a real county server process.

Step 1 creates the checkpoint and its first administrator; step 2 (optional) enrols with
the county through the same path as 同步 → 注册到县平台. A wrong code or a dead network
must say why in Chinese and let the worker go on without the county.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from checkpoint_app.gui.dialogs import EnrollDialog, FirstRunDialog
from checkpoint_app.gui.sync_controller import SyncController
from checkpoint_app.storage.staff import get_checkpoint, list_staff, sign_in
from checkpoint_app.sync.client import sync_status
from tests.county_fixtures import CountyServer, free_port

NAME = "白寺镇村道检查点"
ADMIN = "刘军"
PIN = "567812"


def type_text(text: str) -> None:
    """Key events carrying the text, as a person (or an IME commit) would send them."""
    for char in text:
        target = QApplication.focusWidget()
        assert target is not None, "no widget has keyboard focus"
        key = Qt.Key(ord(char.upper())) if char.isascii() and char.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )


def press(qtbot: QtBot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "no widget has keyboard focus"
    qtbot.keyClick(target, key, modifiers)


def open_wizard(qtbot: QtBot, db) -> FirstRunDialog:
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.ui.checkpointNameEdit)
    return dialog


def fill_step_one(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    """Name, the second checkpoint kind (arrow key), the first township, admin and PIN, Enter."""
    type_text(NAME)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(ADMIN)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(PIN)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(PIN)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ui.pages.currentWidget() is dialog.ui.countyPage)
    assert QApplication.focusWidget() is dialog.ui.serverEdit


def message(dialog: FirstRunDialog) -> str:
    return dialog.ui.messageLabel.text()


def test_wizard_creates_the_checkpoint_then_enrols_with_the_county(
    qtbot, fresh_db, data_dir, county_server: CountyServer
):
    dialog = open_wizard(qtbot, fresh_db)
    fill_step_one(qtbot, dialog)
    checkpoint = get_checkpoint(fresh_db)
    assert checkpoint is not None
    assert (checkpoint.name, checkpoint.kind.value) == (NAME, "village_road")
    assert [(s.name, s.role.value) for s in list_staff(fresh_db)] == [(ADMIN, "admin")]

    type_text(county_server.url)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(county_server.enrollment_code("白寺镇村道"))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "注册成功" in message(dialog), timeout=20_000)
    assert "白寺镇村道" in message(dialog)
    assert QApplication.focusWidget() is dialog.ui.finishButton

    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    status = sync_status(fresh_db, data_dir)
    assert status.enrolled
    assert sign_in(fresh_db, ADMIN, PIN).name == ADMIN


def test_a_wrong_code_says_why_and_the_worker_skips_then_enrols_from_the_sync_menu(
    qtbot, fresh_db, data_dir, county_server: CountyServer
):
    dialog = open_wizard(qtbot, fresh_db)
    fill_step_one(qtbot, dialog)
    type_text(county_server.url)
    press(qtbot, Qt.Key.Key_Tab)
    type_text("WRONGCODE1")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "注册失败" in message(dialog), timeout=20_000)
    assert "注册码" in message(dialog)
    assert "同步 → 注册到县平台" in message(dialog)
    assert dialog.ui.enrollButton.isEnabled()

    press(qtbot, Qt.Key.Key_Tab)  # to 注册
    press(qtbot, Qt.Key.Key_Tab)  # to 跳过，以后再注册
    assert QApplication.focusWidget() is dialog.ui.skipButton
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_checkpoint(fresh_db) is not None
    assert not sync_status(fresh_db, data_dir).enrolled

    # Later, from 同步 → 注册到县平台: the same controller and dialog the main window uses.
    later = EnrollDialog()
    qtbot.addWidget(later)
    sync = SyncController(fresh_db, data_dir, later)
    later.enroll_requested.connect(sync.enroll)
    later.ui.serverEdit.setText(county_server.url)
    later.ui.codeEdit.setText(county_server.enrollment_code())
    with qtbot.waitSignal(sync.enrollment_finished, timeout=20_000) as enrolled:
        later.ui.buttonBox.accepted.emit()
    assert enrolled.args[0].ok
    assert sync_status(fresh_db, data_dir).enrolled


def test_a_dead_network_says_so_and_escape_continues_without_the_county(qtbot, fresh_db, data_dir):
    dialog = open_wizard(qtbot, fresh_db)
    fill_step_one(qtbot, dialog)
    type_text(f"http://127.0.0.1:{free_port()}")  # nothing listens there
    press(qtbot, Qt.Key.Key_Tab)
    type_text("ABCD2345")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "注册失败" in message(dialog), timeout=20_000)
    assert "断网或无法连接县服务器" in message(dialog)

    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_checkpoint(fresh_db) is not None
    assert not sync_status(fresh_db, data_dir).enrolled


def test_an_address_without_http_is_refused_before_any_network(qtbot, fresh_db, data_dir):
    dialog = open_wizard(qtbot, fresh_db)
    fill_step_one(qtbot, dialog)
    type_text("county.example:8700")
    press(qtbot, Qt.Key.Key_Tab)
    type_text("ABCD2345")
    press(qtbot, Qt.Key.Key_Return)
    assert "http://" in message(dialog)
    assert dialog.isVisible()
    assert not sync_status(fresh_db, data_dir).enrolled


def test_escape_on_the_first_step_creates_nothing(qtbot, fresh_db):
    dialog = open_wizard(qtbot, fresh_db)
    type_text(NAME)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert get_checkpoint(fresh_db) is None
    assert list_staff(fresh_db) == []


# ------------------------------------------------------- changeable later


def test_admin_changes_the_checkpoint_details_later_and_the_change_is_audited(
    qtbot, workstation, county_server: CountyServer
):
    from checkpoint_app.gui.dialogs import CheckpointDialog

    before = workstation.checkpoint
    dialog = CheckpointDialog(workstation.db, admin=workstation.admin, checkpoint=before)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.ui.checkpointNameEdit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.ui.checkpointNameEdit)
    assert dialog.ui.checkpointNameEdit.text() == before.name

    dialog.ui.checkpointNameEdit.selectAll()
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_Return)
    assert "请填写卡点名称" in dialog.ui.messageLabel.text()
    assert get_checkpoint(workstation.db) == before

    type_text("谭庄东站")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)  # 高速收费站 → 乡村道路
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    after = get_checkpoint(workstation.db)
    assert after is not None
    assert (after.name, after.kind.value, after.township) == ("谭庄东站", "village_road", "谭庄镇")
    assert after.device_id == before.device_id  # the county still knows this workstation
    action, staff_id, details = workstation.db.execute(
        "SELECT action, staff_id, details FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert (action, staff_id) == ("checkpoint.changed", workstation.admin.id)
    assert "宁洛高速谭庄站" in details and "谭庄东站" in details


def test_tools_menu_offers_checkpoint_details_to_an_administrator_only(
    qtbot, make_main_window, workstation
):
    from PySide6.QtCore import QTimer

    from checkpoint_app.gui.dialogs import CheckpointDialog

    registrar_window = make_main_window()
    assert not registrar_window.ui.checkpointAction.isEnabled()
    registrar_window.close()
    window = make_main_window(staff=workstation.admin)
    assert window.ui.checkpointAction.isEnabled()

    seen: list[str] = []

    def rename() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, CheckpointDialog)
            seen.append(dialog.ui.checkpointNameEdit.text())
            dialog.activateWindow()
            dialog.ui.checkpointNameEdit.setFocus()
            qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.ui.checkpointNameEdit)
            dialog.ui.checkpointNameEdit.selectAll()
            type_text("谭庄东站")
            press(qtbot, Qt.Key.Key_Return)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, rename)
    window.ui.checkpointAction.trigger()
    assert seen == ["宁洛高速谭庄站"]
    assert window.windowTitle().endswith("谭庄东站")
    assert get_checkpoint(workstation.db).name == "谭庄东站"
