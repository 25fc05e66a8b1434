"""The transfer dialog by keyboard alone: Tab walks site → plate → escort → phone, Enter
saves, Esc cancels; refusals put the focus on the field to correct; the code is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from checkpoint_app.gui.transfer_dialog import TransferDialog, show_transfer_dialog
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.transfers import format_transfer_code, sites_for
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.transfers import transfers_for_record
from checkpoint_app.workstation.transfers import PLATE
from tests.factories import install_site_list, make_record, make_sites


def opened(qtbot, disposition=Disposition.CENTRAL_QUARANTINE) -> TransferDialog:
    dialog = TransferDialog()
    qtbot.addWidget(dialog)
    dialog.set_record("rec-1", "张*", disposition.label)
    dialog.set_sites(sites_for(disposition, make_sites()))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.ui.siteCombo)
    return dialog


def type_into_focus(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def press(qtbot, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def test_a_transfer_is_filled_and_saved_with_the_keyboard_alone(qtbot):
    dialog = opened(qtbot)
    ui = dialog.ui
    assert [ui.siteCombo.itemText(i) for i in range(ui.siteCombo.count())] == [
        "商水县第一集中隔离点（集中隔离点，城关乡）",
        "谭庄镇接回专班（乡镇接回，谭庄镇）",
    ]

    press(qtbot, Qt.Key.Key_Down)  # the second site
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.plateEdit
    type_into_focus(qtbot, "PJ0931")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.escortNameEdit
    ui.escortNameEdit.setText("刘红梅")  # Chinese arrives as an IME commit, not key clicks
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.escortPhoneEdit
    type_into_focus(qtbot, "13912345678")
    with qtbot.waitSignal(dialog.transfer_requested) as requested:
        press(qtbot, Qt.Key.Key_Return)

    request = requested.args[0]
    assert (request.record_uuid, request.site_id) == ("rec-1", 3)
    assert (request.plate, request.escort_name, request.escort_phone) == (
        "PJ0931",
        "刘红梅",
        "13912345678",
    )
    assert dialog.isVisible()  # the caller decides: saved, or what to correct


def test_a_refusal_puts_the_focus_on_the_field_and_enter_tries_again(qtbot):
    dialog = opened(qtbot)
    with qtbot.waitSignal(dialog.transfer_requested):
        press(qtbot, Qt.Key.Key_Return)

    dialog.show_problem("车牌第一位应是省份简称，如“豫”", PLATE)

    assert QApplication.focusWidget() is dialog.ui.plateEdit
    assert "省份简称" in dialog.ui.messageLabel.text()
    dialog.ui.plateEdit.insert("豫")  # Chinese arrives as an IME commit
    type_into_focus(qtbot, "PJ0931")
    with qtbot.waitSignal(dialog.transfer_requested) as again:
        press(qtbot, Qt.Key.Key_Return)
    assert again.args[0].plate == "豫PJ0931"


def test_the_recorded_code_is_shown_for_the_slip_and_enter_closes(qtbot):
    dialog = opened(qtbot, Disposition.FEVER_CLINIC)

    dialog.show_recorded("ABCD2345")

    assert "ABCD-2345" in dialog.ui.messageLabel.text()
    assert not dialog.ui.plateEdit.isEnabled()
    with qtbot.assertNotEmitted(dialog.transfer_requested):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_escape_cancels_without_a_request(qtbot):
    dialog = opened(qtbot)
    with qtbot.assertNotEmitted(dialog.transfer_requested):
        press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_without_a_site_list_the_dialog_says_to_sync_first(qtbot):
    dialog = TransferDialog()
    qtbot.addWidget(dialog)
    dialog.set_sites([])
    assert "请先同步" in dialog.ui.messageLabel.text()


def test_a_transfer_typed_into_the_dialog_is_stored_and_its_code_shown(qtbot, workstation):
    install_site_list(workstation.db)
    record = make_record(disposition=Disposition.FEVER_CLINIC, shift_id=workstation.shift.id)
    flags = RecordFlags(fever=True, nat_expired=False)
    RecordRepository(workstation.db).save(record, flags=flags, staff_id=workstation.registrar.id)
    dialog = show_transfer_dialog(None, workstation.db, record, staff_id=workstation.registrar.id)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    ui = dialog.ui
    assert "张*" in ui.recordLabel.text() and "张伟" not in ui.recordLabel.text()
    assert ui.siteCombo.currentText() == "商水县人民医院发热门诊（发热门诊，老城街道办事处）"

    qtbot.waitUntil(lambda: QApplication.focusWidget() is ui.siteCombo)
    press(qtbot, Qt.Key.Key_Tab)
    ui.plateEdit.insert("豫")
    type_into_focus(qtbot, "PJ0931")
    press(qtbot, Qt.Key.Key_Return)  # no escort yet: refused, the focus goes there
    assert QApplication.focusWidget() is ui.escortNameEdit
    assert transfers_for_record(workstation.db, record.uuid) == []
    ui.escortNameEdit.insert("刘红梅")
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "13912345678")
    press(qtbot, Qt.Key.Key_Return)

    [stored] = transfers_for_record(workstation.db, record.uuid)
    assert stored.site_name == "商水县人民医院发热门诊" and stored.plate == "豫PJ0931"
    assert format_transfer_code(stored.code) in ui.messageLabel.text()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


ID_FEVER = "110105197001010011"


def save_fever_traveller(main_window, keyboard, qtbot) -> None:
    keyboard.scan(ID_FEVER)
    keyboard.type("38.4")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    keyboard.press(Qt.Key.Key_F7)  # 转运发热门诊, as the fever suggests
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()


def test_saving_someone_sent_to_the_fever_clinic_opens_the_transfer_at_once(
    main_window, keyboard, qtbot, workstation
):
    install_site_list(workstation.db)
    save_fever_traveller(main_window, keyboard, qtbot)

    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TransferDialog))
    dialog = QApplication.activeModalWidget()
    ui = dialog.ui
    assert ui.siteCombo.currentText().startswith("商水县人民医院发热门诊")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ui.siteCombo)
    # Typed at a person's pace: the window's scanner filter takes machine-fast keys for a
    # scan and keeps it for the form while a dialog is open.
    keyboard.press(Qt.Key.Key_Tab)
    ui.plateEdit.insert("豫")
    keyboard.type("PJ0931")
    keyboard.press(Qt.Key.Key_Tab)
    ui.escortNameEdit.insert("刘红梅")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("13912345678")
    keyboard.enter()
    assert "转运码" in ui.messageLabel.text(), ui.messageLabel.text()
    keyboard.enter()  # the code read out for the slip; Enter closes
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    uuid = main_window.model.item_at(0).record.uuid
    [stored] = transfers_for_record(workstation.db, uuid)
    assert (stored.site_name, stored.plate) == ("商水县人民医院发热门诊", "豫PJ0931")


def test_without_the_countys_site_list_the_banner_says_where_to_record_it_later(
    main_window, keyboard, qtbot
):
    save_fever_traveller(main_window, keyboard, qtbot)

    assert "需闭环转运" in main_window.ui.resultBanner.text()
    assert QApplication.activeModalWidget() is None
