"""Dialogs around the registration: serial scanners, corrections, locking, first run, origins."""

from __future__ import annotations

import os
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from checkpoint_app.gui.dialogs import FirstRunDialog, SignInDialog
from checkpoint_app.gui.record_dialog import RecordDialog
from checkpoint_app.gui.scanner_input import SerialScanner
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.storage.records import RecordFilter, RecordRepository
from checkpoint_app.storage.staff import get_checkpoint, list_staff

ID_1 = "411623199004151232"


def register_one(main_window, keyboard, qtbot, number=ID_1, temperature="36.5"):
    keyboard.scan(number)
    keyboard.type(temperature)
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved) as saved:
        keyboard.enter()
    return saved.args[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a Linux pseudo-terminal")
def test_serial_scanner_line_reaches_the_form(main_window, qtbot):
    """A real QSerialPort on a pseudo-terminal stands in for a USB-CDC scanner."""
    master, slave = os.openpty()
    try:
        assert main_window.serial.open(os.ttyname(slave), 9600)
        with qtbot.waitSignal(main_window.serial.scan_received) as got:
            os.write(master, ID_1.encode() + b"\r\n")
        assert got.args == [ID_1]
        assert main_window.form._doc.value() == ID_1
        assert QApplication.focusWidget() is main_window.form.ui.temperatureEdit
    finally:
        main_window.serial.close()
        os.close(master)
        os.close(slave)


def test_serial_scanner_drops_an_endless_line_with_a_message(qtbot):
    scanner = SerialScanner()
    master, slave = os.openpty()
    try:
        assert scanner.open(os.ttyname(slave))
        with qtbot.waitSignal(scanner.error_occurred) as error:
            os.write(master, b"A" * (SerialScanner.MAX_LINE + 100))
        assert "过长" in error.args[0]
    finally:
        scanner.close()
        os.close(master)
        os.close(slave)


def test_lead_corrects_a_record_as_a_new_version(main_window, keyboard, qtbot, workstation):
    uuid = register_one(main_window, keyboard, qtbot)
    dialog = RecordDialog(
        RecordRepository(workstation.db), uuid, staff=workstation.lead, policy=default_policy()
    )
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form.ui
    assert not form.temperatureEdit.isEnabled()  # view first
    assert form.docNumberEdit.text() == "4116**********1232"
    dialog._correct_button.click()
    form.temperatureEdit.setText("36.9")
    dialog.ui.correctionReasonEdit.setText("复测体温")
    with qtbot.waitSignal(dialog.record_corrected):
        dialog.form.submit()
    history = RecordRepository(workstation.db).history(uuid)
    assert [(v.version, v.temperature) for v in history] == [(1, 36.5), (2, 36.9)]
    assert dialog.ui.historyList.count() == 2


def test_registrar_may_view_but_not_correct(main_window, keyboard, qtbot, workstation):
    uuid = register_one(main_window, keyboard, qtbot)
    dialog = RecordDialog(
        RecordRepository(workstation.db), uuid, staff=workstation.registrar, policy=default_policy()
    )
    qtbot.addWidget(dialog)
    assert not dialog._correct_button.isEnabled()


def test_correction_needs_a_reason(main_window, keyboard, qtbot, workstation):
    uuid = register_one(main_window, keyboard, qtbot)
    dialog = RecordDialog(
        RecordRepository(workstation.db), uuid, staff=workstation.lead, policy=default_policy()
    )
    qtbot.addWidget(dialog)
    dialog._correct_button.click()
    dialog.form.ui.temperatureEdit.setText("37.0")
    with qtbot.assertNotEmitted(dialog.record_corrected, wait=0):
        dialog.form.submit()
    assert "原因" in dialog.ui.messageLabel.text()
    assert len(RecordRepository(workstation.db).history(uuid)) == 1


def test_locked_screen_hides_records_and_unlocks_with_the_pin(main_window, qtbot, workstation):
    seen = {}

    def unlock():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        seen["records_hidden"] = not main_window.centralWidget().isVisible()
        dialog.ui.pinEdit.setText("0000")
        dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # the check runs on a worker
        seen["wrong_pin_message"] = dialog.ui.messageLabel.text()
        dialog.reject()  # Esc does not dismiss a lock
        dialog.ui.pinEdit.setText("246813")
        dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, unlock)
    main_window.lock()
    assert seen["records_hidden"]
    assert "不正确" in seen["wrong_pin_message"]
    assert main_window.centralWidget().isVisible()
    assert not main_window.locked
    actions = [r[0] for r in workstation.db.execute("SELECT action FROM audit_log")]
    assert actions[-4:] == ["screen.locked", "signin.failed", "signin", "screen.unlocked"]


def test_idle_time_locks_the_screen(main_window, qtbot):
    locked = []
    main_window.idle.idle_timed_out.disconnect()
    main_window.idle.idle_timed_out.connect(lambda: locked.append(True))
    main_window.idle._timer.setInterval(50)  # the setting is in minutes; shortened for the test
    main_window.idle._timer.start()
    qtbot.waitUntil(lambda: locked == [True], timeout=2000)


def test_first_run_creates_checkpoint_and_admin(qtbot, fresh_db):
    dialog = FirstRunDialog(fresh_db)
    qtbot.addWidget(dialog)
    ui = dialog.ui
    ui.checkpointNameEdit.setText("白寺镇村道检查点")
    ui.kindCombo.setCurrentIndex(1)
    ui.adminNameEdit.setText("刘军")
    ui.pinEdit.setText("567812")
    ui.pinAgainEdit.setText("567813")
    ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "不一致" in ui.messageLabel.text()
    assert get_checkpoint(fresh_db) is None
    ui.pinAgainEdit.setText("567812")
    ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.ui.pages.currentWidget() is dialog.ui.countyPage)
    checkpoint = get_checkpoint(fresh_db)
    assert checkpoint is not None and checkpoint.name == "白寺镇村道检查点"
    assert checkpoint.kind.value == "village_road"
    assert [(s.name, s.role.value) for s in list_staff(fresh_db)] == [("刘军", "admin")]


def test_origin_picker_finds_pudong_by_short_name(main_window, keyboard, qtbot, workstation):
    form = main_window.form
    form.ui.originEdit.setFocus()
    form._origin_picked("上海市浦东新区")
    assert form.ui.provinceCombo.currentText() == "上海市"
    assert form.ui.cityCombo.currentText() == "浦东新区"
    assert form._origin() == ("310115", "上海市浦东新区")
    completer = form.ui.originEdit.completer()
    completer.setCompletionPrefix("浦东")
    assert completer.currentCompletion() == "上海市浦东新区"
    form.ui.scanEdit.setFocus()
    register_one(main_window, keyboard, qtbot)
    record = RecordRepository(workstation.db).list_items(RecordFilter())[0].record
    assert (record.origin_code, record.origin_name) == ("310115", "上海市浦东新区")


def test_scanner_test_dialog_shows_a_scan_and_saves_thresholds(
    main_window, keyboard, qtbot, workstation
):
    from checkpoint_app.gui.dialogs import ScannerTestDialog
    from checkpoint_app.storage.settings_store import load_settings

    dialog = ScannerTestDialog(main_window.scanner, main_window)
    dialog.config_saved.connect(main_window._save_wedge_config)
    dialog.setModal(True)  # as under exec()
    dialog.show()
    dialog.ui.gapSpin.setFocus()
    keyboard.scan(ID_1)
    assert f"识别为扫码：{ID_1}" in dialog.ui.logView.toPlainText()
    assert main_window.form._doc.value() == ""  # the form is left alone while testing
    dialog.ui.gapSpin.setValue(45)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert load_settings(workstation.db).wedge_max_gap_ms == 45
    assert main_window.scanner.config.max_gap_ms == 45
    dialog.close()


def test_sign_in_dialog_names_the_problem_without_saying_which_part(qtbot, workstation):
    dialog = SignInDialog(workstation.db)
    qtbot.addWidget(dialog)
    dialog.ui.nameCombo.setCurrentText("不存在的人")
    dialog.ui.pinEdit.setText("246813")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # the check runs on a worker
    assert dialog.ui.messageLabel.text().startswith("姓名或 PIN 不正确")
    assert dialog.ui.pinEdit.text() == ""  # a PIN never lingers in the field
    dialog.ui.nameCombo.setCurrentText("王建国")
    dialog.ui.pinEdit.setText("246813")
    with qtbot.waitSignal(dialog.signed_in):
        dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.staff is not None and dialog.staff.name == "王建国"
    assert Qt.TextFormat.PlainText == dialog.ui.messageLabel.textFormat()


def test_lead_lowers_fever_threshold_and_the_form_follows_it(
    make_main_window, workstation, keyboard
):
    from checkpoint_app.gui.dialogs import SettingsDialog
    from checkpoint_app.settings import Settings

    window = make_main_window(staff=workstation.lead)
    dialog = SettingsDialog(Settings(), window)
    dialog.ui.feverSpin.setValue(37.1)
    window.apply_settings(dialog.settings())
    keyboard.scan(ID_1)
    keyboard.type("37.2")
    assert "发热" in window.form.ui.temperatureHintLabel.text()
    audit = workstation.db.execute(
        "SELECT details FROM audit_log WHERE action = 'settings.changed'"
    ).fetchone()[0]
    assert '"fever_threshold": [37.3, 37.1]' in audit
    window.close()


def test_registrar_cannot_open_settings(main_window):
    assert not main_window.ui.settingsAction.isEnabled()


def test_admin_adds_a_registrar_who_can_then_sign_in(qtbot, workstation):
    from checkpoint_app.gui.dialogs import StaffDialog
    from checkpoint_app.records.model import StaffRole
    from checkpoint_app.storage.staff import sign_in

    dialog = StaffDialog(workstation.db, admin=workstation.admin)
    qtbot.addWidget(dialog)
    ui = dialog.ui
    ui.nameEdit.setText("周敏")
    ui.roleCombo.setCurrentIndex(ui.roleCombo.findData(StaffRole.REGISTRAR))
    ui.pinEdit.setText("135790")
    ui.pinAgainEdit.setText("135790")
    with qtbot.waitSignal(dialog.staff_added):
        ui.addButton.click()
    assert "周敏 · 登记员" in [ui.staffList.item(i).text() for i in range(ui.staffList.count())]
    assert sign_in(workstation.db, "周敏", "135790").role is StaffRole.REGISTRAR
    ui.nameEdit.setText("周敏")
    ui.pinEdit.setText("1")
    ui.pinAgainEdit.setText("1")
    ui.addButton.click()
    qtbot.waitUntil(lambda: not dialog.busy)  # the PIN is hashed on a worker
    assert "PIN 应为 6–8 位数字" in ui.messageLabel.text()


def test_only_admins_manage_staff(main_window):
    assert not main_window.ui.staffAction.isEnabled()


def test_handover_from_the_main_window_closes_the_shift_for_the_next_person(
    main_window, keyboard, qtbot, workstation
):
    from checkpoint_app.gui.handover import HandoverDialog
    from checkpoint_app.storage.staff import current_shift

    register_one(main_window, keyboard, qtbot)

    def hand_over():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, HandoverDialog)
        dialog.ui.notesEdit.setPlainText("3号车道扫码枪失灵")
        dialog.ui.outgoingPinEdit.setText("246813")
        dialog.ui.signOffButton.click()
        qtbot.waitUntil(dialog.ui.incomingBox.isEnabled)  # the PIN is checked on a worker
        dialog.ui.incomingNameCombo.setCurrentText("李秀英")
        dialog.ui.incomingPinEdit.setText("246813")
        with qtbot.waitSignal(dialog.shift_handed_over):
            dialog.ui.acknowledgeButton.click()
        dialog.accept()

    QTimer.singleShot(0, hand_over)
    with qtbot.waitSignal(main_window.signed_out):
        main_window.sign_out()
    assert current_shift(workstation.db) is None
    note = workstation.db.execute(
        "SELECT handover_note FROM shifts WHERE id = ?", [workstation.shift.id]
    ).fetchone()[0]
    assert note == "3号车道扫码枪失灵"
    # The sign-in that follows offers the incoming person, not the one who just left.
    assert main_window.incoming_name == "李秀英"
