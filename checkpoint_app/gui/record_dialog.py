"""View a saved record and its versions; a correction saves a new version with a reason."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget

from checkpoint_app.gui.forms.ui_record_dialog import Ui_RecordDialog
from checkpoint_app.gui.labels import label
from checkpoint_app.gui.register_form import Submission
from checkpoint_app.policy.schema import Policy
from checkpoint_app.records.model import StaffRole
from checkpoint_app.storage.records import RecordFlags, RecordRepository, StorageError
from checkpoint_app.storage.staff import Staff

_CORRECTING_ROLES = (StaffRole.LEAD, StaffRole.ADMIN)


class RecordDialog(QDialog):
    record_corrected = Signal(str, int)

    def __init__(
        self,
        repo: RecordRepository,
        uuid: str,
        *,
        staff: Staff,
        policy: Policy,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_RecordDialog()
        self.ui.setupUi(self)
        self._repo = repo
        self._uuid = uuid
        self._staff = staff
        self.form = self.ui.registerForm
        self.form.set_policy(policy, (34.0, 43.0))
        self.form.record_submitted.connect(self._save_correction)
        self._correct_button = QPushButton(self.tr("更正（新版本）"), self)
        self.ui.buttonBox.addButton(self._correct_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._correct_button.clicked.connect(self._start_correction)
        self.ui.buttonBox.rejected.connect(self.reject)
        may_correct = staff.role in _CORRECTING_ROLES
        self._correct_button.setEnabled(may_correct)
        if not may_correct:
            self._correct_button.setToolTip(self.tr("只有卡点负责人或管理员可以更正记录"))
        self.ui.correctionReasonEdit.setEnabled(False)
        self._load()

    def _load(self) -> None:
        record = self._repo.get(self._uuid)
        if record is None:
            self.ui.messageLabel.setText(self.tr("记录不存在"))
            return
        self.form.load_record(record)
        self.form.set_read_only(True)
        self.ui.historyList.clear()
        for version in self._repo.history(self._uuid):
            self.ui.historyList.addItem(
                self.tr("第 %n 版", "", version.version)
                + " · "
                + version.checked_at.astimezone().strftime("%m-%d %H:%M")
                + " · "
                + label(version.disposition)
            )

    def _start_correction(self) -> None:
        self.form.set_read_only(False)
        self.ui.correctionReasonEdit.setEnabled(True)
        self.ui.correctionReasonEdit.setFocus()
        self.ui.messageLabel.setText(self.tr("修改后在表单中按回车保存为新版本"))

    def _save_correction(self, submission: Submission) -> None:
        reason = self.ui.correctionReasonEdit.text().strip()
        if not reason:
            self.ui.messageLabel.setText(self.tr("更正记录需要填写原因"))
            self.ui.correctionReasonEdit.setFocus()
            return
        current = self._repo.get(self._uuid)
        assert current is not None
        record = replace(
            submission.record,
            version=current.version + 1,
            checked_at=current.checked_at,
            shift_id=current.shift_id,
            staff_id=current.staff_id,
        )
        try:
            saved = self._repo.correct(
                record,
                flags=RecordFlags(submission.assessment.fever, submission.assessment.nat_expired),
                reason=reason,
                staff_id=self._staff.id,
            )
        except StorageError as exc:
            self.ui.messageLabel.setText(exc.message)
            return
        self.ui.correctionReasonEdit.clear()
        self.ui.correctionReasonEdit.setEnabled(False)
        self.ui.messageLabel.setText(self.tr("已保存为第 %n 版", "", saved.version))
        self._load()
        self.record_corrected.emit(saved.uuid, saved.version)
