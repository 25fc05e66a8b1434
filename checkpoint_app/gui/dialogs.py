"""Sign-in (and unlock), the first-run wizard, settings, staff and PIN changes, enrollment,
the scanner test."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QWidget,
)
from sqlite_utils import Database

from checkpoint_app.gui.background import BusyWork
from checkpoint_app.gui.forms.ui_change_pin_dialog import Ui_ChangePinDialog
from checkpoint_app.gui.forms.ui_checkpoint_dialog import Ui_CheckpointDialog
from checkpoint_app.gui.forms.ui_enroll_dialog import Ui_EnrollDialog
from checkpoint_app.gui.forms.ui_first_run_dialog import Ui_FirstRunDialog
from checkpoint_app.gui.forms.ui_scanner_test_dialog import Ui_ScannerTestDialog
from checkpoint_app.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from checkpoint_app.gui.forms.ui_sign_in_dialog import Ui_SignInDialog
from checkpoint_app.gui.forms.ui_staff_dialog import Ui_StaffDialog
from checkpoint_app.gui.labels import label
from checkpoint_app.gui.register_form import load_townships
from checkpoint_app.gui.scanner_input import WedgeScannerFilter
from checkpoint_app.gui.sync_controller import SyncController
from checkpoint_app.records.model import CheckpointKind, StaffRole
from checkpoint_app.scanning.wedge import WedgeConfig
from checkpoint_app.settings import Settings
from checkpoint_app.storage.database import DATABASE_FILENAME, database_folder, open_database
from checkpoint_app.storage.encryption import StoreLockedError
from checkpoint_app.storage.keyfile import key_file_path, load_key_file
from checkpoint_app.storage.staff import Checkpoint, SignInError, Staff, check_new_pin, list_staff
from checkpoint_app.storage.unlock import SignInResult, open_signed_in_store
from checkpoint_app.workstation import staff as staff_cases

if TYPE_CHECKING:  # httpx and cryptography load with the first enrollment
    from checkpoint_app.sync.client import Enrollment

_ERROR_STYLE = "color: #c62828; font-weight: bold;"


class SignInDialog(QDialog):
    """Name + PIN. In unlock mode only the signed-in person (or a lead/admin) may unlock.

    With `db=None` the store is encrypted and locked: the names come from the key file
    beside it, the PIN unwraps the store's key (storage/unlock.py), and `self.db` is the
    store opened by the sign-in. An administrator can unlock with the admin secret instead
    (a new laptop, a forgotten PIN, right after `encrypt-store`).

    The PIN check (Argon2id, most of a second) runs on a worker with its own connection;
    meanwhile the dialog shows a busy bar and takes no input, and the window stays live.
    """

    signed_in = Signal(object)  # Staff
    sign_in_refused = Signal(str)  # the Chinese message shown

    def __init__(
        self,
        db: Database | None,
        parent: QWidget | None = None,
        *,
        unlock_for: Staff | None = None,
        hint: str = "",
        preset_name: str = "",
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        self.db = db
        self._data_dir = data_dir if data_dir is not None or db is None else database_folder(db)
        self._unlock_for = unlock_for
        self.staff: Staff | None = None
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setMaximumHeight(8)
        self.ui.layout.insertWidget(self.ui.layout.indexOf(self.ui.messageLabel), self.busy_bar)
        self._work = BusyWork(
            inputs=(self.ui.nameCombo, self.ui.pinEdit, self.ui.buttonBox),
            bar=self.busy_bar,
            message=self._plain_message,
            refusals=(SignInError, StoreLockedError),
        )
        self.admin_unlock_button: QPushButton | None = None
        self._list_names()
        if unlock_for is not None:
            self.setWindowTitle(self.tr("屏幕已锁定"))
            self.ui.titleLabel.setText(self.tr("屏幕已锁定，请输入 PIN 解锁"))
            self.ui.nameCombo.setCurrentText(unlock_for.name)
            self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).hide()
        elif preset_name:
            self.ui.nameCombo.setCurrentText(preset_name)
        if db is None:
            self.admin_unlock_button = self.ui.buttonBox.addButton(
                self.tr("管理密钥解锁…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.admin_unlock_button.clicked.connect(self._ask_admin_secret)
        self.ui.hintLabel.setText(hint)
        self.ui.hintLabel.setVisible(bool(hint))
        self.ui.buttonBox.accepted.connect(self._try_sign_in)
        self.ui.buttonBox.rejected.connect(self.reject)
        if self.ui.nameCombo.currentText():
            self.ui.pinEdit.setFocus()

    @property
    def busy(self) -> bool:
        """True while a PIN is being checked (inputs disabled)."""
        return self._work.busy

    def _plain_message(self, text: str) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet("")

    def _list_names(self) -> None:
        current = self.ui.nameCombo.currentText()
        self.ui.nameCombo.clear()
        if self.db is not None:
            names = [person.name for person in list_staff(self.db)]
        else:
            assert self._data_dir is not None
            key_file = load_key_file(key_file_path(self._data_dir / DATABASE_FILENAME))
            names = key_file.staff_names() if key_file is not None else []
        self.ui.nameCombo.addItems(names)
        self.ui.nameCombo.setCurrentText(current)

    def _try_sign_in(self) -> None:
        if self.busy:
            return
        name = self.ui.nameCombo.currentText()
        pin = self.ui.pinEdit.text()
        self.ui.pinEdit.clear()
        assert self._data_dir is not None
        data_dir = self._data_dir
        self._work.start(
            lambda: staff_cases.sign_in(data_dir, name, pin),
            text=self.tr("正在核对 PIN…"),
            on_done=self._sign_in_checked,
            on_refused=self._refuse,
        )

    def _sign_in_checked(self, result: SignInResult) -> None:
        self.ui.messageLabel.clear()
        staff = result.staff
        if self.db is None:
            assert self._data_dir is not None
            self.db = open_signed_in_store(self._data_dir, result)
        if (
            self._unlock_for is not None
            and staff.id != self._unlock_for.id
            and staff.role.value == "registrar"
        ):
            self._refuse(self.tr("只能由本班人员或卡点负责人解锁"))
            return
        self.staff = staff
        self.signed_in.emit(staff)
        self.accept()

    def _refuse(self, message: str) -> None:
        self.ui.messageLabel.setText(message)
        self.ui.messageLabel.setStyleSheet(_ERROR_STYLE)
        self.ui.pinEdit.setFocus()
        self.sign_in_refused.emit(message)

    def _ask_admin_secret(self) -> None:
        secret, ok = QInputDialog.getText(
            self,
            self.tr("管理密钥解锁"),
            self.tr("请输入创建卡点时抄写的管理密钥："),
            QLineEdit.EchoMode.Password,
        )
        if ok and secret:
            self.unlock_with_admin_secret(secret)

    def unlock_with_admin_secret(self, secret: str) -> bool:
        """Open the locked store with the admin secret; then anyone on the list signs in with
        their PIN (and gets a PIN wrap on this device)."""
        assert self._data_dir is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            staff_cases.unlock_with_admin_secret(self._data_dir, secret)
            self.db = open_database(self._data_dir / DATABASE_FILENAME)
        except (SignInError, StoreLockedError) as exc:
            self.ui.messageLabel.setText(exc.message)
            self.ui.messageLabel.setStyleSheet(_ERROR_STYLE)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._list_names()
        if self.admin_unlock_button is not None:
            self.admin_unlock_button.hide()
        self.ui.messageLabel.setText(self.tr("已用管理密钥解锁，请选择姓名并输入 PIN 登录"))
        self.ui.messageLabel.setStyleSheet("color: #2e7d32;")
        self.ui.pinEdit.setFocus()
        return True

    def reject(self) -> None:
        # A locked screen cannot be dismissed, nor a dialog whose PIN check is running.
        if self._unlock_for is None and not self.busy:
            super().reject()


class FirstRunDialog(QDialog):
    """The first-run wizard: the checkpoint and its first administrator, then (optional)
    enrollment with the county.

    Step 1 creates the checkpoint; step 2 enrols through the same path as 同步 → 注册到县平台
    (`SyncController.enroll`). A dead network or a wrong code says so in Chinese and the
    worker may retry or skip; once step 1 is done, closing the dialog counts as skipping,
    never as losing the checkpoint.
    """

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        self._db = db
        self._sync: SyncController | None = None
        self.admin: Staff | None = None
        #: The county's name for this checkpoint once enrolled here, else "".
        self.enrolled_as = ""
        busy_bar = QProgressBar(self)
        busy_bar.setMaximumHeight(8)
        self.ui.layout.insertWidget(self.ui.layout.indexOf(self.ui.messageLabel), busy_bar)
        self._work = BusyWork(
            inputs=(self.ui.setupPage, self.ui.buttonBox),
            bar=busy_bar,
            message=lambda text: self._message(text, ok=True),
            refusals=(SignInError, StoreLockedError),
        )
        for kind in CheckpointKind:
            self.ui.kindCombo.addItem(label(kind), kind)
        self.ui.townshipCombo.addItems(load_townships())
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("下一步(&N)"))
        self.ui.buttonBox.accepted.connect(self._create)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.enrollButton.clicked.connect(self._enroll)
        self.ui.skipButton.clicked.connect(self.accept)
        self.ui.finishButton.clicked.connect(self.accept)
        self.ui.finishButton.hide()
        self.ui.pages.setCurrentWidget(self.ui.setupPage)

    @property
    def busy(self) -> bool:
        """True while the checkpoint and its administrator are being written."""
        return self._work.busy

    def _create(self) -> None:
        ui = self.ui
        if self.busy:
            return
        name = ui.checkpointNameEdit.text().strip()
        if not name:
            self._problem(self.tr("请填写卡点名称"))
            ui.checkpointNameEdit.setFocus()
            return
        if ui.pinEdit.text() != ui.pinAgainEdit.text():
            self._problem(self.tr("两次输入的 PIN 不一致"))
            ui.pinAgainEdit.clear()
            ui.pinAgainEdit.setFocus()
            return
        data_dir = database_folder(self._db)
        kind = CheckpointKind(ui.kindCombo.currentData())
        township, admin_name, pin = (
            ui.townshipCombo.currentText(),
            ui.adminNameEdit.text(),
            ui.pinEdit.text(),
        )
        self._work.start(
            lambda: staff_cases.create_checkpoint(
                data_dir,
                name=name,
                kind=kind,
                township=township,
                admin_name=admin_name,
                admin_pin=pin,
            ),
            text=self.tr("正在创建卡点…"),
            on_done=self._created,
            on_refused=self._problem,
        )

    def _created(self, result: tuple[Checkpoint, Staff]) -> None:
        _, self.admin = result
        self._show_county_step()

    def _show_county_step(self) -> None:
        ui = self.ui
        ui.buttonBox.hide()
        ui.pages.setCurrentWidget(ui.countyPage)
        self.setWindowTitle(self.tr("首次使用：注册到县平台（可跳过）"))
        self._message(self.tr("卡点和管理员已创建。"), ok=True)
        ui.enrollButton.setDefault(True)
        ui.serverEdit.setFocus()

    def _enroll(self) -> None:
        ui = self.ui
        request = enrollment_request(ui.serverEdit.text(), ui.codeEdit.text())
        if isinstance(request, str):
            self._problem(request)
            (ui.codeEdit if ui.serverEdit.text().strip() else ui.serverEdit).setFocus()
            return
        if self._sync is None:
            self._sync = SyncController(self._db, database_folder(self._db), self)
            self._sync.enrollment_finished.connect(self._enrollment_finished)
        ui.enrollButton.setEnabled(False)
        self._message(self.tr("正在注册…（可随时跳过）"), ok=True)
        self._sync.enroll(*request)

    def _enrollment_finished(self, result: Enrollment | None) -> None:
        ui = self.ui
        ui.enrollButton.setEnabled(True)
        if result is not None and result.ok:
            self.enrolled_as = result.checkpoint_name
            self._message(self.tr("注册成功：") + result.checkpoint_name, ok=True)
            for widget in (ui.enrollButton, ui.skipButton, ui.serverEdit, ui.codeEdit):
                widget.setEnabled(False)
            ui.skipButton.hide()
            ui.finishButton.show()
            ui.finishButton.setDefault(True)
            ui.finishButton.setFocus()
            return
        reason = result.failure.message if result is not None and result.failure else ""
        self._problem(
            self.tr("注册失败：")
            + (reason or self.tr("未知原因"))
            + "\n"
            + self.tr("可以检查后重试，或按“跳过”先开始工作，以后在“同步 → 注册到县平台”中注册。")
        )
        ui.codeEdit.setFocus()
        ui.codeEdit.selectAll()

    def reject(self) -> None:
        # After step 1 the checkpoint exists: Esc or closing the window means "skip".
        if self.busy:
            return
        if self.admin is not None:
            self.accept()
        else:
            super().reject()

    def _problem(self, text: str) -> None:
        self._message(text, ok=False)

    def _message(self, text: str, *, ok: bool) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet("color: #2e7d32;" if ok else _ERROR_STYLE)


class CheckpointDialog(QDialog):
    """An administrator changes the checkpoint's name, kind or township (audited)."""

    def __init__(
        self, db: Database, *, admin: Staff, checkpoint: Checkpoint, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_CheckpointDialog()
        self.ui.setupUi(self)
        self._db = db
        self._admin = admin
        self.checkpoint = checkpoint
        ui = self.ui
        for kind in CheckpointKind:
            ui.kindCombo.addItem(label(kind), kind)
        ui.kindCombo.setCurrentIndex(max(0, ui.kindCombo.findData(checkpoint.kind)))
        townships = load_townships()
        if checkpoint.township not in townships:
            ui.townshipCombo.addItem(checkpoint.township)
        ui.townshipCombo.addItems(townships)
        ui.townshipCombo.setCurrentText(checkpoint.township)
        ui.checkpointNameEdit.setText(checkpoint.name)
        ui.buttonBox.accepted.connect(self._save)
        ui.buttonBox.rejected.connect(self.reject)

    def _save(self) -> None:
        ui = self.ui
        try:
            self.checkpoint = staff_cases.change_checkpoint(
                database_folder(self._db),
                name=ui.checkpointNameEdit.text(),
                kind=CheckpointKind(ui.kindCombo.currentData()),
                township=ui.townshipCombo.currentText(),
                by=self._admin,
            )
        except ValueError as exc:
            ui.messageLabel.setText(str(exc))
            ui.messageLabel.setStyleSheet(_ERROR_STYLE)
            ui.checkpointNameEdit.setFocus()
            return
        self.accept()


def enrollment_request(server: str, code: str) -> tuple[str, str] | str:
    """(server URL, code) ready for `SyncController.enroll`, or a Chinese reason why not."""
    server = server.strip()
    code = code.strip().upper().replace(" ", "")
    if not server.startswith(("http://", "https://")):
        return QCoreApplication.translate("EnrollDialog", "平台地址应以 http:// 或 https:// 开头")
    if not code:
        return QCoreApplication.translate("EnrollDialog", "请填写注册码")
    return server, code


class ScannerTestDialog(QDialog):
    """Shows what a scanner delivers — each key's gap and whether it counted as a scan."""

    config_saved = Signal(object)  # WedgeConfig

    def __init__(self, scanner: WedgeScannerFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ScannerTestDialog()
        self.ui.setupUi(self)
        self._scanner = scanner
        self.ui.gapSpin.setValue(scanner.config.max_gap_ms)
        self.ui.lengthSpin.setValue(scanner.config.min_length)
        self._keys: list[str] = []
        scanner.keys_observed.connect(self._key)
        scanner.scan_received.connect(self._scan)
        scanner.scan_refused.connect(self._refused)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self._save)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.finished.connect(self._disconnect)

    def _key(self, text: str, gap_ms: int) -> None:
        self._keys.append(f"{text}({gap_ms if gap_ms >= 0 else '–'}ms)")
        if len(self._keys) > 60:
            self._keys = self._keys[-60:]

    def _scan(self, payload: str) -> None:
        shown = payload if len(payload) <= 80 else payload[:80] + "…"
        self.ui.logView.appendPlainText(
            self.tr("识别为扫码：") + shown + self.tr("（%n 个字符）", "", len(payload))
        )
        self.ui.logView.appendPlainText(self.tr("按键间隔：") + " ".join(self._keys[-20:]))
        self._keys.clear()

    def _refused(self, message: str) -> None:
        # A cut or garbled scan: the worker tuning the thresholds needs to see it too.
        self.ui.logView.appendPlainText(self.tr("未识别为扫码：") + message)
        self.ui.logView.appendPlainText(self.tr("按键间隔：") + " ".join(self._keys[-20:]))
        self._keys.clear()

    def _save(self) -> None:
        config = WedgeConfig(self.ui.gapSpin.value(), self.ui.lengthSpin.value())
        self._scanner.set_config(config)
        self.config_saved.emit(config)
        self.ui.logView.appendPlainText(self.tr("已保存新的识别参数"))

    def _disconnect(self) -> None:
        self._scanner.keys_observed.disconnect(self._key)
        self._scanner.scan_received.disconnect(self._scan)
        self._scanner.scan_refused.disconnect(self._refused)


class SettingsDialog(QDialog):
    """Thresholds, idle lock, sound, retention and language; saving is audited by the caller's
    store.

    `county_retention_days` is the retention period of the county's policy pack when one
    has arrived: it is in force then, and this workstation's own setting waits as the
    fallback (the dialog says which one applies).
    """

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        county_retention_days: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.feverSpin.setValue(settings.fever_threshold)
        ui.natHoursSpin.setValue(settings.nat_valid_hours)
        ui.idleSpin.setValue(settings.idle_lock_minutes)
        ui.soundCheck.setChecked(settings.sound_enabled)
        ui.keepImagesSpin.setValue(settings.keep_images_days)
        ui.retentionSpin.setValue(settings.retention_days)
        ui.languageCombo.addItem("简体中文", "zh_CN")
        ui.languageCombo.addItem("English", "en")
        ui.languageCombo.setCurrentIndex(max(0, ui.languageCombo.findData(settings.language)))
        self._settings = settings
        self._county_retention_days = (
            county_retention_days if county_retention_days and county_retention_days > 0 else None
        )
        ui.retentionSpin.valueChanged.connect(self._show_retention_in_force)
        self._show_retention_in_force()
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)

    def _show_retention_in_force(self) -> None:
        if self._county_retention_days is not None:
            text = self.tr(
                "现按县指挥部防控策略保留 %1 天；本设置在策略包未规定时才使用。"
            ).replace("%1", str(self._county_retention_days))
        else:
            text = self.tr(
                "尚未收到县指挥部的防控策略包，现按本设置保留 %1 天（已上报的记录才会清理）。"
            ).replace("%1", str(self.ui.retentionSpin.value()))
        self.ui.retentionInForceLabel.setText(text)

    def settings(self) -> Settings:
        ui = self.ui
        return replace(
            self._settings,
            fever_threshold=round(ui.feverSpin.value(), 1),
            nat_valid_hours=ui.natHoursSpin.value(),
            idle_lock_minutes=ui.idleSpin.value(),
            sound_enabled=ui.soundCheck.isChecked(),
            keep_images_days=ui.keepImagesSpin.value(),
            retention_days=ui.retentionSpin.value(),
            language=ui.languageCombo.currentData(),
        )


class StaffDialog(QDialog):
    """Administrators add staff (name, role, PIN) and reset a selected person's PIN; each is
    audited by the store, and on an encrypted store the PIN also gets a key wrap."""

    staff_added = Signal(object)  # Staff
    pin_reset = Signal(object)  # Staff

    def __init__(self, db: Database, *, admin: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_StaffDialog()
        self.ui.setupUi(self)
        self._db = db
        self._admin = admin
        self._data_dir = database_folder(db)
        self._work = BusyWork(
            inputs=(self.ui.addGroup, self.ui.resetGroup, self.ui.staffList, self.ui.buttonBox),
            bar=self.ui.busyBar,
            message=lambda text: self._message(text, ok=True),
            refusals=(SignInError, StoreLockedError),
        )
        for role in StaffRole:
            self.ui.roleCombo.addItem(label(role), role)
        self.ui.addButton.clicked.connect(self._add)
        self.ui.resetButton.clicked.connect(self._reset)
        self.ui.resetPinAgainEdit.returnPressed.connect(self._reset)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._list()

    def _list(self) -> None:
        self.ui.staffList.clear()
        for person in list_staff(self._db):
            item = QListWidgetItem(f"{person.name} · {label(person.role)}")
            item.setData(Qt.ItemDataRole.UserRole, person.name)
            self.ui.staffList.addItem(item)

    def select(self, name: str) -> None:
        """Select `name` in the list (the person whose PIN the reset applies to)."""
        for row in range(self.ui.staffList.count()):
            if self.ui.staffList.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.ui.staffList.setCurrentRow(row)
                return

    def _add(self) -> None:
        ui = self.ui
        if self.busy:
            return
        if ui.pinEdit.text() != ui.pinAgainEdit.text():
            self._message(self.tr("两次输入的 PIN 不一致"), ok=False)
            ui.pinAgainEdit.clear()
            ui.pinAgainEdit.setFocus()
            return
        data_dir, admin = self._data_dir, self._admin
        name, pin = ui.nameEdit.text(), ui.pinEdit.text()
        role = StaffRole(ui.roleCombo.currentData())
        self._work.start(
            lambda: staff_cases.add_staff_member(data_dir, name, role, pin, by=admin),
            text=self.tr("正在保存新的 PIN…"),
            on_done=self._added,
            on_refused=lambda message: self._message(message, ok=False),
        )

    def _added(self, staff: Staff) -> None:
        ui = self.ui
        for edit in (ui.nameEdit, ui.pinEdit, ui.pinAgainEdit):
            edit.clear()
        self._message(self.tr("已添加：") + staff.name, ok=True)
        self._list()
        ui.nameEdit.setFocus()
        self.staff_added.emit(staff)

    @property
    def busy(self) -> bool:
        """True while a new person or a PIN reset is being written (no input taken)."""
        return self._work.busy

    def _reset(self) -> None:
        ui = self.ui
        if self.busy:
            return
        item = ui.staffList.currentItem()
        if item is None:
            self._message(self.tr("请先在列表中选择要重置 PIN 的人员"), ok=False)
            ui.staffList.setFocus()
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        pin, again = ui.resetPinEdit.text(), ui.resetPinAgainEdit.text()
        ui.resetPinEdit.clear()
        ui.resetPinAgainEdit.clear()
        if pin != again:
            self._message(self.tr("两次输入的 PIN 不一致"), ok=False)
            ui.resetPinEdit.setFocus()
            return
        data_dir, admin = self._data_dir, self._admin
        self._work.start(
            lambda: staff_cases.reset_staff_pin(data_dir, name, pin, by=admin),
            text=self.tr("正在保存新的 PIN…"),
            on_done=self._reset_done,
            on_refused=self._reset_refused,
        )

    def _reset_done(self, staff: Staff) -> None:
        self._message(self.tr("已重置 PIN：") + staff.name, ok=True)
        self.pin_reset.emit(staff)

    def _reset_refused(self, message: str) -> None:
        self._message(message, ok=False)
        self.ui.resetPinEdit.setFocus()

    def reject(self) -> None:
        if not self.busy:  # a PIN being written finishes first
            super().reject()

    def _message(self, text: str, *, ok: bool) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet("color: #2e7d32;" if ok else _ERROR_STYLE)


class ChangePinDialog(QDialog):
    """班次 → 修改PIN: the signed-in person types their old PIN and the new one twice.

    The check and the change (Argon2id, then the key wrap, then the hash) run on a worker
    with its own connection (storage/unlock.change_own_pin); wrong PINs count towards the
    sign-in lockout. Messages are Chinese; no PIN is ever logged or audited.
    """

    pin_changed = Signal(object)  # Staff

    def __init__(self, db: Database, *, staff: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ChangePinDialog()
        self.ui.setupUi(self)
        self._data_dir = database_folder(db)
        self._staff = staff
        ui = self.ui
        self._work = BusyWork(
            inputs=(ui.oldPinEdit, ui.newPinEdit, ui.newPinAgainEdit, ui.buttonBox),
            bar=ui.busyBar,
            message=self._plain_message,
            refusals=(SignInError, StoreLockedError),
        )
        self.ui.staffLabel.setText(self.tr("工作人员：") + staff.name)
        self.ui.buttonBox.accepted.connect(self._change)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.oldPinEdit.setFocus()

    @property
    def busy(self) -> bool:
        """True while the PIN is being checked and changed (inputs disabled)."""
        return self._work.busy

    def _plain_message(self, text: str) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet("")

    def _change(self) -> None:
        ui = self.ui
        if self.busy:
            return
        old, new, again = ui.oldPinEdit.text(), ui.newPinEdit.text(), ui.newPinAgainEdit.text()
        for edit in (ui.oldPinEdit, ui.newPinEdit, ui.newPinAgainEdit):
            edit.clear()
        if not old:
            self._problem(self.tr("请输入原 PIN"), ui.oldPinEdit)
            return
        if new != again:
            self._problem(self.tr("两次输入的新 PIN 不一致"), ui.newPinEdit)
            return
        try:
            check_new_pin(new)  # said at once; the worker checks again
        except SignInError as exc:
            self._problem(exc.message, ui.newPinEdit)
            return
        data_dir, name = self._data_dir, self._staff.name
        self._work.start(
            lambda: staff_cases.change_pin(data_dir, name, old, new),
            text=self.tr("正在核对并保存…"),
            on_done=self._changed,
            on_refused=lambda message: self._problem(message, self.ui.oldPinEdit),
        )

    def _changed(self, staff: Staff) -> None:
        self.ui.messageLabel.setText(self.tr("PIN 已修改"))
        self.ui.messageLabel.setStyleSheet("color: #2e7d32;")
        self.pin_changed.emit(staff)
        self.accept()

    def _problem(self, text: str, focus: QWidget) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet(_ERROR_STYLE)
        focus.setFocus()

    def reject(self) -> None:
        if not self.busy:  # half a change is never left behind by closing
            super().reject()


class EnrollDialog(QDialog):
    """Server URL + enrollment code; the enrollment itself runs on the sync thread."""

    enroll_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_EnrollDialog()
        self.ui.setupUi(self)
        self.ui.buttonBox.accepted.connect(self._request)
        self.ui.buttonBox.rejected.connect(self.reject)

    def _request(self) -> None:
        request = enrollment_request(self.ui.serverEdit.text(), self.ui.codeEdit.text())
        if isinstance(request, str):
            self.show_result(request, ok=False)
            return
        self.ui.buttonBox.setEnabled(False)
        self.show_result(self.tr("正在注册…"), ok=True)
        self.enroll_requested.emit(*request)

    def show_result(self, text: str, *, ok: bool) -> None:
        self.ui.buttonBox.setEnabled(True)
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet("color: #2e7d32;" if ok else _ERROR_STYLE)
