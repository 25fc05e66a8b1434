"""Revealing one record's whole ID number and phone: leads with a reason, audited, re-masked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog

from checkpoint_app.gui import record_dialog
from checkpoint_app.gui.dialogs import SignInDialog
from checkpoint_app.gui.record_dialog import RecordDialog
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.storage.audit import recent_audit
from checkpoint_app.storage.records import RecordRepository

ID_NUMBER = "411623199004151232"
MASKED = "4116**********1232"


def register_one(main_window, keyboard, qtbot):
    keyboard.scan(ID_NUMBER)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved) as saved:
        keyboard.enter()
    return saved.args[0]


def open_dialog(qtbot, workstation, uuid, staff):
    dialog = RecordDialog(
        RecordRepository(workstation.db), uuid, staff=staff, policy=default_policy()
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def answer_reason(reason):
    """Type `reason` into the reason prompt once it is up."""

    def answer():
        prompt = QApplication.activeModalWidget()
        assert isinstance(prompt, QInputDialog)
        prompt.setTextValue(reason)
        prompt.accept()

    QTimer.singleShot(0, answer)


@pytest.fixture
def uuid(main_window, keyboard, qtbot):
    return register_one(main_window, keyboard, qtbot)


def test_a_lead_sees_the_whole_numbers_after_giving_a_reason_and_it_is_audited(
    qtbot, workstation, uuid
):
    dialog = open_dialog(qtbot, workstation, uuid, workstation.lead)
    assert dialog.form.ui.docNumberEdit.text() == MASKED
    assert ID_NUMBER not in dialog.identity_label.text()
    answer_reason("公安协查")
    with qtbot.waitSignal(dialog.identity_revealed):
        dialog.reveal_button.click()
    assert ID_NUMBER in dialog.identity_label.text()
    entry = recent_audit(workstation.db, 1)[0]
    assert (entry.action, entry.staff_id, entry.subject) == (
        "record.unmasked",
        workstation.lead.id,
        uuid,
    )
    assert entry.details["reason"] == "公安协查" and ID_NUMBER not in str(entry)


def test_closing_the_dialog_masks_the_numbers_again(qtbot, workstation, uuid):
    dialog = open_dialog(qtbot, workstation, uuid, workstation.admin)
    assert dialog.reveal("核对身份")
    with qtbot.waitSignal(dialog.identity_masked):
        dialog.reject()
    assert dialog.identity_label.text() == "" and not dialog.revealed


def test_the_numbers_are_masked_again_after_a_short_time(qtbot, workstation, uuid, monkeypatch):
    monkeypatch.setattr(record_dialog, "REVEAL_SECONDS", 0.05)
    dialog = open_dialog(qtbot, workstation, uuid, workstation.lead)
    assert dialog.reveal("核对身份")
    with qtbot.waitSignal(dialog.identity_masked, timeout=3000):
        pass
    assert ID_NUMBER not in dialog.identity_label.text()


def test_locking_the_screen_masks_an_open_record_again(main_window, qtbot, workstation, uuid):
    dialog = open_dialog(qtbot, workstation, uuid, workstation.lead)
    main_window.screen_locked.connect(dialog.remask)
    assert dialog.reveal("核对身份")
    seen = {}

    def unlock():
        seen["label"] = dialog.identity_label.text()
        signin = QApplication.activeModalWidget()
        assert isinstance(signin, SignInDialog)
        signin.ui.pinEdit.setText("246813")
        signin.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, unlock)
    main_window.lock()
    assert seen["label"] == "" and not dialog.revealed


def test_a_registrar_can_neither_click_nor_call_the_reveal(qtbot, workstation, uuid):
    dialog = open_dialog(qtbot, workstation, uuid, workstation.registrar)
    assert not dialog.reveal_button.isEnabled()
    assert not dialog.reveal("我想看")  # the domain layer refuses as well
    assert "登记员无权" in dialog.ui.messageLabel.text()
    assert ID_NUMBER not in dialog.identity_label.text()
    assert recent_audit(workstation.db, 1)[0].action == "record.unmask_refused"


def test_a_correction_without_a_reveal_keeps_the_stored_numbers(qtbot, workstation, uuid):
    dialog = open_dialog(qtbot, workstation, uuid, workstation.lead)
    dialog._correct_button.click()
    form = dialog.form.ui
    assert not form.docNumberEdit.isEnabled() and form.docNumberEdit.text() == MASKED
    form.temperatureEdit.setText("36.8")
    dialog.ui.correctionReasonEdit.setText("复测体温")
    with qtbot.waitSignal(dialog.record_corrected):
        dialog.form.submit()
    saved = RecordRepository(workstation.db).get(uuid)
    assert saved is not None and saved.version == 2
    assert saved.document_number == ID_NUMBER and saved.temperature == 36.8
