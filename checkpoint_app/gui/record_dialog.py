"""View a saved record and its versions; a correction saves a new version with a reason.

ID number and phone show masked. A lead or admin may reveal them with a reason (audited by
storage.access); they are masked again after REVEAL_SECONDS, on closing, and on a screen
lock. A correction keeps the stored numbers; editing the numbers themselves needs a reveal.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from checkpoint_app.gui.forms.ui_record_dialog import Ui_RecordDialog
from checkpoint_app.gui.labels import label
from checkpoint_app.gui.pledge_pdf import write_pledge_pdf
from checkpoint_app.gui.register_form import Submission
from checkpoint_app.gui.signature_pad import SignaturePad
from checkpoint_app.policy.schema import Policy
from checkpoint_app.records.model import StaffRole, TravellerRecord
from checkpoint_app.records.pledge import PledgeMethod, SignatureError, decode_strokes
from checkpoint_app.storage.access import AccessDenied, may_unmask, reveal_identity
from checkpoint_app.storage.records import RecordFlags, RecordRepository, StorageError
from checkpoint_app.storage.staff import Staff

_CORRECTING_ROLES = (StaffRole.LEAD, StaffRole.ADMIN)
REVEAL_SECONDS = 60


class RecordDialog(QDialog):
    record_corrected = Signal(str, int)
    identity_revealed = Signal(str)  # record uuid
    identity_masked = Signal()

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
        # The whole form is taller than a 1366×768 laptop: it scrolls, and never clips sideways.
        scroll = self.ui.formScroll
        scroll.setMinimumWidth(
            self.form.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        self.form.set_policy(policy, (34.0, 43.0))
        self._policy = policy
        self._record: TravellerRecord | None = None
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

        self._revealed = False
        self._correcting = False
        self.reveal_button = QPushButton(self.tr("显示完整号码(&U)…"), self)
        self.reveal_button.clicked.connect(self.ask_reveal)
        may_reveal = may_unmask(staff.role)
        self.reveal_button.setEnabled(may_reveal)
        if not may_reveal:
            self.reveal_button.setToolTip(self.tr("只有卡点负责人或管理员可以查看完整号码"))
        self.identity_label = QLabel(self)
        self.identity_label.setTextFormat(Qt.TextFormat.PlainText)
        self.identity_label.setWordWrap(True)
        self.identity_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.identity_label.hide()
        side = self.ui.sideLayout
        side.insertWidget(side.indexOf(self.ui.messageLabel), self.reveal_button)
        side.insertWidget(side.indexOf(self.ui.messageLabel), self.identity_label)
        # The pledge as signed: how, and the signature itself drawn again.
        self.pledge_label = QLabel(self)
        self.pledge_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pledge_label.setWordWrap(True)
        self.signature_view = SignaturePad(self)
        self.signature_view.setMinimumSize(240, 80)
        self.signature_view.setMaximumHeight(90)
        self.signature_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pledge_pdf_button = QPushButton(self.tr("承诺书存为 PDF…"), self)
        self.pledge_pdf_button.setAutoDefault(False)
        self.pledge_pdf_button.clicked.connect(self.choose_pledge_pdf)
        for widget in (self.pledge_label, self.signature_view, self.pledge_pdf_button):
            side.insertWidget(side.indexOf(self.ui.messageLabel), widget)
        # Tab reaches the reveal button where it sits: under the reason, above 更正 and 关闭.
        self.setTabOrder(self.ui.correctionReasonEdit, self.reveal_button)
        self._mask_timer = QTimer(self)
        self._mask_timer.setSingleShot(True)
        self._mask_timer.setInterval(int(REVEAL_SECONDS * 1000))
        self._mask_timer.timeout.connect(self.remask)
        self._load()

    def _load(self) -> None:
        record = self._repo.get(self._uuid)
        if record is None:
            self.ui.messageLabel.setText(self.tr("记录不存在"))
            return
        self.form.load_record(record)
        self.form.set_read_only(True)
        self._record = record
        self._show_pledge(record)
        self.ui.historyList.clear()
        for version in self._repo.history(self._uuid):
            self.ui.historyList.addItem(
                self.tr("第 %n 版", "", version.version)
                + " · "
                + version.checked_at.astimezone().strftime("%m-%d %H:%M")
                + " · "
                + label(version.disposition)
            )

    def _show_pledge(self, record: TravellerRecord) -> None:
        pledge = record.pledge
        self.pledge_label.setText(self.tr("承诺书：") + pledge.describe())
        strokes = ()
        if pledge.method is PledgeMethod.SCREEN:
            try:
                strokes = decode_strokes(pledge.strokes)
            except SignatureError as exc:
                self.pledge_label.setText(self.pledge_label.text() + "\n" + exc.message)
        self.signature_view.set_strokes(strokes)
        self.signature_view.setVisible(bool(strokes))
        self.pledge_pdf_button.setEnabled(pledge.recorded)

    def save_pledge_pdf(self, path: Path) -> None:
        """The record's pledge, its text and signature, as a PDF page at `path`."""
        assert self._record is not None
        write_pledge_pdf(path, self._record, self._policy)

    def choose_pledge_pdf(self) -> None:
        if self._record is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("承诺书存为 PDF"), f"承诺书-{self._record.uuid[:8]}.pdf", "PDF (*.pdf)"
        )
        if name:
            self.save_pledge_pdf(Path(name))

    # ----- revealing the whole numbers ---------------------------------------------------
    @property
    def revealed(self) -> bool:
        return self._revealed

    def ask_reveal(self) -> bool:
        """Ask for a reason and reveal; False when cancelled or refused."""
        reason, ok = QInputDialog.getText(
            self,
            self.tr("查看完整号码"),
            self.tr("查看原因（将记入审计日志）："),
            QLineEdit.EchoMode.Normal,
        )
        return ok and self.reveal(reason)

    def reveal(self, reason: str) -> bool:
        """Show the whole ID number and phone for REVEAL_SECONDS (audited with `reason`)."""
        try:
            identity = reveal_identity(self._repo.db, self._uuid, staff=self._staff, reason=reason)
        except AccessDenied as exc:
            self.ui.messageLabel.setText(exc.message)
            return False
        except LookupError:
            self.ui.messageLabel.setText(self.tr("记录不存在"))
            return False
        self._revealed = True
        self.identity_label.setText(
            self.tr("证件号码：%1\n手机号：%2\n（%3 秒后自动遮蔽）")
            .replace("%1", identity.document_number or "—")
            .replace("%2", identity.phone or "—")
            .replace("%3", str(REVEAL_SECONDS))
        )
        self.identity_label.show()
        self._mask_timer.start()
        self._set_numbers_editable(self._correcting)
        self.identity_revealed.emit(self._uuid)
        return True

    def _number_edits(self) -> tuple[QWidget, QWidget]:
        return self.form.ui.docNumberEdit, self.form.ui.phoneEdit

    def _set_numbers_editable(self, editable: bool) -> None:
        # A disabled edit never gets focus, so its MaskedField never shows the whole value.
        for edit in self._number_edits():
            edit.setEnabled(editable)

    def remask(self) -> None:
        """Hide the whole numbers again (timer, close, screen lock)."""
        self._mask_timer.stop()
        if self._correcting:
            self._set_numbers_editable(False)
        self.identity_label.clear()
        self.identity_label.hide()
        if self._revealed:
            self._revealed = False
            self.identity_masked.emit()

    def done(self, result: int) -> None:
        self.remask()
        super().done(result)

    # ----- corrections --------------------------------------------------------------------
    def _start_correction(self) -> None:
        self._correcting = True
        self.form.set_read_only(False)
        # The stored numbers are kept as they are unless a reveal lets the lead edit them.
        self._set_numbers_editable(self._revealed)
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
                flags=RecordFlags(
                    submission.assessment.fever,
                    submission.assessment.nat_expired,
                    report=submission.assessment.report,
                ),
                reason=reason,
                staff_id=self._staff.id,
            )
        except StorageError as exc:
            self.ui.messageLabel.setText(exc.message)
            return
        self.ui.correctionReasonEdit.clear()
        self.ui.correctionReasonEdit.setEnabled(False)
        self.ui.messageLabel.setText(self.tr("已保存为第 %n 版", "", saved.version))
        self._correcting = False
        self._load()
        self.record_corrected.emit(saved.uuid, saved.version)
