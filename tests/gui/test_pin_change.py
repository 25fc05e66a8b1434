"""Changing one's own PIN (班次 → 修改PIN), an administrator's reset, and the handover wrap,
on an encrypted store: the key file and the store's hash change together."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from checkpoint_app.gui.dialogs import ChangePinDialog, StaffDialog
from checkpoint_app.storage import keyfile
from checkpoint_app.storage.keyfile import KdfParams, UnlockError
from checkpoint_app.storage.staff import SignInError, check_new_pin, pin_matches
from checkpoint_app.storage.unlock import (
    check_sign_in,
    create_encrypted_store,
    ensure_pin_wrapped,
    lock_store,
    missing_wraps,
    set_pin_wrap,
)

SECRET = "PIN-CHANGE-TEST-SECRET"
PIN = "246813"  # tests/conftest.py's workstation PIN


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
    monkeypatch.setattr(keyfile, "PIN_KDF", cheap)
    monkeypatch.setattr(keyfile, "ADMIN_KDF", cheap)


@pytest.fixture
def fresh_db(data_dir: Path) -> Iterator[Database]:
    """The workstation's store encrypted, as first run makes it (overrides the plain one)."""
    db = create_encrypted_store(data_dir, SECRET)
    yield db
    db.close()
    lock_store(data_dir)


def _audit(db: Database, action: str) -> list[tuple[int, str, str]]:
    return [
        (r[0], r[1], r[2] or "")
        for r in db.execute(
            "SELECT staff_id, subject, details FROM audit_log WHERE action = ? ORDER BY id",
            [action],
        )
    ]


def _key_file_text(data_dir: Path) -> str:
    return (data_dir / keyfile.KEYFILE_NAME).read_text(encoding="utf-8")


def test_a_registrar_changes_their_pin_from_the_shift_menu_and_signs_in_with_it(
    make_main_window, qtbot, workstation, data_dir
):
    ensure_pin_wrapped(data_dir, "王建国", PIN)
    window = make_main_window(staff=workstation.registrar)
    assert window.changePinAction in window.ui.shiftMenu.actions()
    done: dict[str, object] = {}

    def type_the_change() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ChangePinDialog)
        done["dialog"] = dialog
        try:
            done["focus_on_old_pin"] = dialog.focusWidget() is dialog.ui.oldPinEdit
            for text in (PIN, "582046", "582046"):
                qtbot.keyClicks(dialog.focusWidget(), text)
                qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
            qtbot.keyClick(dialog.ui.newPinAgainEdit, Qt.Key.Key_Return)
        finally:
            # Whatever happened, the modal dialog must not outlive the test.
            QTimer.singleShot(15_000, dialog, dialog.reject)

    QTimer.singleShot(0, type_the_change)
    window.changePinAction.trigger()  # returns once the dialog accepted
    assert done["focus_on_old_pin"]
    assert window.statusBar().currentMessage() == "PIN 已修改"
    window.close()

    # The key file now unwraps with the new PIN on this device, and no longer with the old.
    device = keyfile.device_secret()
    key_path = data_dir / keyfile.KEYFILE_NAME
    assert keyfile.unlock_with_pin(key_path, "王建国", "582046", device_secret=device)
    with pytest.raises(UnlockError):
        keyfile.unlock_with_pin(key_path, "王建国", PIN, device_secret=device)
    # Signing in to the locked store: the new PIN works, the old one fails.
    lock_store(data_dir)
    assert check_sign_in(data_dir, "王建国", "582046").staff.id == workstation.registrar.id
    lock_store(data_dir)
    with pytest.raises(SignInError, match="姓名或 PIN 不正确"):
        check_sign_in(data_dir, "王建国", PIN)
    changed = _audit(workstation.db, "pin.changed")
    assert [(staff_id, subject) for staff_id, subject, _ in changed] == [
        (workstation.registrar.id, "王建国")
    ]
    assert "582046" not in changed[0][2] and PIN not in changed[0][2]
    assert '"key_file": true' in changed[0][2]


def test_a_wrong_old_pin_or_a_guessable_new_one_changes_nothing(qtbot, workstation, data_dir):
    ensure_pin_wrapped(data_dir, "王建国", PIN)
    before = _key_file_text(data_dir)
    dialog = ChangePinDialog(workstation.db, staff=workstation.registrar)
    qtbot.addWidget(dialog)

    def attempt(old: str, new: str, again: str) -> str:
        dialog.ui.oldPinEdit.setText(old)
        dialog.ui.newPinEdit.setText(new)
        dialog.ui.newPinAgainEdit.setText(again)
        dialog.ui.buttonBox.accepted.emit()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        return dialog.ui.messageLabel.text()

    assert attempt(PIN, "582046", "582047") == "两次输入的新 PIN 不一致"
    assert attempt(PIN, "777777", "777777") == "PIN 不能全是同一个数字"
    assert attempt(PIN, "345678", "345678") == "PIN 不能是连续的数字（如 123456、987654）"
    assert attempt(PIN, "5820", "5820") == "PIN 应为 6–8 位数字"  # 4 digits: no longer
    assert attempt("1111", "582046", "582046") == "原 PIN 不正确（还可尝试 4 次）"
    assert attempt(PIN, PIN, PIN) == "新 PIN 不能与原 PIN 相同"
    assert dialog.result() == 0 and dialog.ui.oldPinEdit.text() == ""
    assert _key_file_text(data_dir) == before
    assert pin_matches(workstation.db, "王建国", PIN)
    assert _audit(workstation.db, "pin.changed") == []
    # The wrong old PIN counted like a wrong PIN at sign-in (the same lockout).
    assert [s for _, s, _ in _audit(workstation.db, "signin.failed")] == ["王建国"]


def test_new_pins_have_six_to_eight_digits_and_are_not_the_first_ones_tried():
    for good in ("582046", "135790", "20221130", "124365", "908712"):
        check_new_pin(good)
    bad_pins = ("5820", "12345", "123456789", "12a456", "０１２９５６", "000000", "123456")
    for bad in (*bad_pins, "987654", "890123", "321098"):
        with pytest.raises(SignInError):
            check_new_pin(bad)


def test_an_admin_resets_a_forgotten_pin_and_the_person_unlocks_with_it(
    qtbot, workstation, data_dir
):
    ensure_pin_wrapped(data_dir, "王建国", PIN)
    dialog = StaffDialog(workstation.db, admin=workstation.admin)
    qtbot.addWidget(dialog)
    dialog.show()
    ui = dialog.ui
    ui.resetButton.click()
    assert ui.messageLabel.text() == "请先在列表中选择要重置 PIN 的人员"
    dialog.select("王建国")
    ui.resetPinEdit.setFocus()
    qtbot.keyClicks(ui.resetPinEdit, "000000")
    qtbot.keyClick(ui.resetPinEdit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.focusWidget(), "000000")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert ui.messageLabel.text() == "PIN 不能全是同一个数字"

    dialog.select("王建国")
    ui.resetPinEdit.setFocus()
    qtbot.keyClicks(ui.resetPinEdit, "609371")
    qtbot.keyClick(ui.resetPinEdit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.focusWidget(), "609371")
    with qtbot.waitSignal(dialog.pin_reset, timeout=10_000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert ui.messageLabel.text() == "已重置 PIN：王建国"

    lock_store(data_dir)
    assert check_sign_in(data_dir, "王建国", "609371").staff.name == "王建国"
    reset = _audit(workstation.db, "pin.reset")
    assert [(staff_id, subject) for staff_id, subject, _ in reset] == [
        (workstation.admin.id, "王建国")
    ]
    assert "609371" not in reset[0][2]


def test_only_an_admin_may_reset_someone_elses_pin(workstation, data_dir):
    from checkpoint_app.storage.unlock import reset_pin

    with pytest.raises(SignInError, match="只有管理员"):
        reset_pin(data_dir, "王建国", "609371", by=workstation.lead)
    assert pin_matches(workstation.db, "王建国", PIN)


def test_a_change_cut_off_after_the_new_wrap_completes_at_the_next_unlock(workstation, data_dir):
    """The crash window of a PIN change: the new wrap is written, the hash is not yet."""
    ensure_pin_wrapped(data_dir, "王建国", PIN)
    assert set_pin_wrap(data_dir, "王建国", "582046")  # ...and then the power went
    lock_store(data_dir)

    result = check_sign_in(data_dir, "王建国", "582046")

    assert result.staff.id == workstation.registrar.id and result.data_key is not None
    assert pin_matches(workstation.db, "王建国", "582046")
    assert not pin_matches(workstation.db, "王建国", PIN)
    completed = _audit(workstation.db, "pin.changed")
    assert len(completed) == 1 and '"completed_after_interruption": true' in completed[0][2]
    assert json.loads(completed[0][2])["staff_id"] == workstation.registrar.id


def test_the_incoming_person_at_handover_gets_a_key_wrap_on_this_device(
    qtbot, workstation, data_dir
):
    from checkpoint_app.gui.handover import HandoverDialog

    assert missing_wraps(data_dir, ["李秀英"]) == ["李秀英"]
    dialog = HandoverDialog(
        workstation.db,
        shift=workstation.shift,
        staff=workstation.registrar,
        checkpoint=workstation.checkpoint,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.outgoingPinEdit, PIN)
    qtbot.keyClick(dialog.ui.outgoingPinEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.ui.incomingBox.isEnabled)  # the PIN is checked on a worker
    dialog.ui.incomingNameCombo.setCurrentText("李秀英")
    qtbot.keyClicks(dialog.ui.incomingPinEdit, PIN)
    with qtbot.waitSignal(dialog.shift_handed_over):
        qtbot.keyClick(dialog.ui.incomingPinEdit, Qt.Key.Key_Return)
    assert missing_wraps(data_dir, ["李秀英"]) == []

    lock_store(data_dir)  # the store can now lock: she unlocks it with her own PIN
    assert check_sign_in(data_dir, "李秀英", PIN).staff.id == workstation.lead.id
