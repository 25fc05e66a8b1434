"""Sign-in never freezes the window: the Argon2id unlock and PIN check run on a worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer

from checkpoint_app.gui.dialogs import SignInDialog
from checkpoint_app.records.model import CheckpointKind
from checkpoint_app.storage.staff import set_up_checkpoint
from checkpoint_app.storage.unlock import (
    create_encrypted_store,
    ensure_pin_wrapped,
    is_store_unlocked,
    lock_store,
)

SECRET = "ABCD-EFGH-JKLM-NPQR"


def _locked_store(data_dir: Path) -> None:
    """A store as a checkpoint has it after first run, with the real (slow) key derivation."""
    db = create_encrypted_store(data_dir, SECRET)
    set_up_checkpoint(
        db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin="246813",
    )
    ensure_pin_wrapped(data_dir, "赵志刚", "246813")
    db.close()
    lock_store(data_dir)


def test_the_dialog_keeps_processing_events_while_the_pin_unlocks_the_store(qtbot, data_dir):
    _locked_store(data_dir)
    dialog = SignInDialog(None, data_dir=data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    seen: list[tuple[bool, bool, bool]] = []  # (busy, PIN field enabled, busy bar shown)
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(
        lambda: seen.append(
            (dialog.busy, dialog.ui.pinEdit.isEnabled(), dialog.busy_bar.isVisible())
        )
    )
    timer.start()
    dialog.ui.nameCombo.setCurrentText("赵志刚")
    dialog.ui.pinEdit.setFocus()
    qtbot.keyClicks(dialog.ui.pinEdit, "246813")
    try:
        with qtbot.waitSignal(dialog.signed_in, timeout=20_000):
            qtbot.keyClick(dialog.ui.pinEdit, Qt.Key.Key_Return)
    finally:
        timer.stop()
    during = [tick for tick in seen if tick[0]]
    # Argon2id twice (~0.5 s each here): a frozen GUI thread would count no tick at all.
    assert len(during) >= 3
    assert all(not pin_enabled and bar_shown for _, pin_enabled, bar_shown in during)
    assert dialog.db is not None and is_store_unlocked(data_dir)
    assert dialog.db.execute("SELECT name FROM checkpoint").fetchone()[0] == "宁洛高速谭庄站"
    dialog.db.close()
    lock_store(data_dir)


def test_a_wrong_pin_says_so_as_before_and_the_dialog_takes_input_again(qtbot, data_dir):
    _locked_store(data_dir)
    dialog = SignInDialog(None, data_dir=data_dir)
    qtbot.addWidget(dialog)
    dialog.ui.nameCombo.setCurrentText("赵志刚")
    qtbot.keyClicks(dialog.ui.pinEdit, "135724")
    with qtbot.waitSignal(dialog.sign_in_refused, timeout=20_000) as refused:
        dialog.ui.buttonBox.accepted.emit()
    assert refused.args == ["姓名或 PIN 不正确（还可尝试 4 次）"]
    assert dialog.ui.messageLabel.text() == "姓名或 PIN 不正确（还可尝试 4 次）"
    assert dialog.ui.pinEdit.isEnabled() and dialog.ui.pinEdit.text() == ""
    assert not dialog.busy_bar.isVisible()
    assert dialog.db is None and not is_store_unlocked(data_dir)
