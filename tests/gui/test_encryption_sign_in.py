"""Signing in to an encrypted store: the PIN unlocks it, the admin secret recovers it, new
staff get a PIN that unlocks it, and the demo starts with no questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from checkpoint_app.gui.dialogs import SignInDialog, StaffDialog
from checkpoint_app.records.model import CheckpointKind, StaffRole
from checkpoint_app.storage import keyfile
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.encryption import StoreLockedError, is_encrypted_file
from checkpoint_app.storage.keyfile import KdfParams
from checkpoint_app.storage.staff import set_up_checkpoint
from checkpoint_app.storage.unlock import (
    create_encrypted_store,
    ensure_pin_wrapped,
    is_store_unlocked,
    lock_store,
    migrate_to_encrypted,
)

SECRET = "ABCD-EFGH-JKLM-NPQR"


@pytest.fixture(autouse=True)
def _cheap_kdf_and_no_key_left(monkeypatch: pytest.MonkeyPatch, data_dir: Path):
    cheap = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
    monkeypatch.setattr(keyfile, "PIN_KDF", cheap)
    monkeypatch.setattr(keyfile, "ADMIN_KDF", cheap)
    yield
    lock_store(data_dir)


def _locked_store(data_dir: Path) -> None:
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


def _submit(qtbot, dialog: SignInDialog, name: str, pin: str) -> None:
    """Type name + PIN, press OK, and wait for the PIN check (it runs on a worker)."""
    dialog.ui.nameCombo.setCurrentText(name)
    dialog.ui.pinEdit.setText(pin)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def test_pin_unlocks_the_locked_store_from_the_sign_in_dialog(qtbot, data_dir):
    _locked_store(data_dir)
    dialog = SignInDialog(None, data_dir=data_dir)
    qtbot.addWidget(dialog)
    names = [dialog.ui.nameCombo.itemText(i) for i in range(dialog.ui.nameCombo.count())]
    assert names == ["赵志刚"]  # from the key file: the store itself is still closed

    _submit(qtbot, dialog, "赵志刚", "1111")
    assert dialog.ui.messageLabel.text() == "姓名或 PIN 不正确（还可尝试 4 次）"
    assert dialog.db is None and not is_store_unlocked(data_dir)

    with qtbot.waitSignal(dialog.signed_in):
        _submit(qtbot, dialog, "赵志刚", "246813")
    assert dialog.staff is not None and dialog.staff.role is StaffRole.ADMIN
    assert dialog.db is not None
    assert dialog.db.execute("SELECT name FROM checkpoint").fetchone()[0] == "宁洛高速谭庄站"
    dialog.db.close()


def test_admin_secret_unlocks_a_migrated_store_and_each_pin_then_gets_a_wrap(qtbot, workstation):
    data_dir = Path(workstation.db.execute("PRAGMA database_list").fetchone()[2]).parent
    workstation.db.close()
    migrate_to_encrypted(data_dir, SECRET)
    dialog = SignInDialog(None, data_dir=data_dir)
    qtbot.addWidget(dialog)
    assert dialog.ui.nameCombo.count() == 0  # nobody has a PIN wrap yet

    assert not dialog.unlock_with_admin_secret("WRONG-WRONG-WRONG")
    assert dialog.ui.messageLabel.text() == "管理密钥不正确"
    assert dialog.unlock_with_admin_secret(SECRET)
    assert dialog.ui.nameCombo.count() == 3
    with qtbot.waitSignal(dialog.signed_in):
        _submit(qtbot, dialog, "王建国", "246813")
    dialog.db.close()

    lock_store(data_dir)
    again = SignInDialog(None, data_dir=data_dir)
    qtbot.addWidget(again)
    assert [again.ui.nameCombo.itemText(i) for i in range(again.ui.nameCombo.count())] == ["王建国"]
    with qtbot.waitSignal(again.signed_in):
        _submit(qtbot, again, "王建国", "246813")
    again.db.close()


def test_staff_added_on_an_encrypted_store_can_unlock_it_with_their_pin(qtbot, data_dir):
    db = create_encrypted_store(data_dir, SECRET)
    _, admin = set_up_checkpoint(
        db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin="246813",
    )
    dialog = StaffDialog(db, admin=admin)
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.setText("周敏")
    dialog.ui.roleCombo.setCurrentIndex(dialog.ui.roleCombo.findData(StaffRole.REGISTRAR))
    dialog.ui.pinEdit.setText("135790")
    dialog.ui.pinAgainEdit.setText("135790")
    with qtbot.waitSignal(dialog.staff_added):
        dialog.ui.addButton.click()
    db.close()
    lock_store(data_dir)

    sign_in = SignInDialog(None, data_dir=data_dir)
    qtbot.addWidget(sign_in)
    with qtbot.waitSignal(sign_in.signed_in):
        _submit(qtbot, sign_in, "周敏", "135790")
    sign_in.db.close()


def test_demo_store_is_encrypted_and_reopens_with_the_published_secret(qtbot, data_dir):
    from checkpoint_app.demo import DEMO_PIN, seed_demo
    from checkpoint_app.gui.application import _open_store_at_start, _wrap_demo_pins
    from checkpoint_app.storage.timefmt import utc_now

    db, secret_to_show = _open_store_at_start(data_dir, demo=True)
    assert db is not None and secret_to_show is None
    login = seed_demo(db, now=utc_now())
    _wrap_demo_pins(data_dir, db, DEMO_PIN)
    db.close()
    lock_store(data_dir)
    assert is_encrypted_file(data_dir / DATABASE_FILENAME)

    reopened, _ = _open_store_at_start(data_dir, demo=True)
    assert reopened is not None and reopened.execute("SELECT count(*) FROM staff").fetchone()[0]
    reopened.close()
    lock_store(data_dir)
    dialog = SignInDialog(None, data_dir=data_dir)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.signed_in):
        _submit(qtbot, dialog, login.name, login.pin)
    dialog.db.close()


def test_a_new_data_folder_gets_an_encrypted_store_and_a_secret_to_write_down(data_dir):
    from checkpoint_app.gui.application import _open_store_at_start

    db, secret = _open_store_at_start(data_dir, demo=False)
    assert db is not None and secret is not None and len(secret) == 29
    db.close()
    assert is_encrypted_file(data_dir / DATABASE_FILENAME)
    assert keyfile.unlock_with_admin_secret(data_dir / keyfile.KEYFILE_NAME, secret)
    lock_store(data_dir)
    with pytest.raises(StoreLockedError, match="已加密"):
        open_database(data_dir / DATABASE_FILENAME)


def test_admin_sign_in_on_a_plain_store_offers_to_encrypt_it(qtbot, workstation, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from checkpoint_app.gui import application

    data_dir = Path(workstation.db.execute("PRAGMA database_list").fetchone()[2]).parent
    shown: list[str] = []
    monkeypatch.setattr(application, "show_admin_secret", shown.append)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No, raising=True
    )
    same = application.offer_encryption(data_dir, workstation.db)
    assert same is workstation.db and not is_encrypted_file(data_dir / DATABASE_FILENAME)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    db = application.offer_encryption(data_dir, workstation.db)

    assert is_encrypted_file(data_dir / DATABASE_FILENAME)
    assert db.execute("SELECT count(*) FROM staff").fetchone()[0] == 3
    assert len(shown) == 1
    key_path = data_dir / keyfile.KEYFILE_NAME
    assert keyfile.unlock_with_admin_secret(key_path, shown[0])
    db.close()
