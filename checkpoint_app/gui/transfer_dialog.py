"""The closed-loop transfer dialog: where a saved traveller is driven, in which car, with whom.

A dumb view: the caller gives it the record (masked) and the sites the county's list
offers for its disposition (`set_record`, `set_sites`), and it emits `transfer_requested`
with what was typed. The caller runs workstation.transfers.record_transfer, then calls
`show_problem` (the field to correct gets the focus) or `show_recorded` (the transfer
code for the escort's slip). Keyboard only: Tab walks site → plate → escort → phone,
Enter saves, Alt+R saves and prints the 闭环转运单, Esc cancels; after saving, Enter or
Esc closes and Alt+R prints the slip (again). Printing is asked for with
`slip_requested(record_uuid)`, only once the transfer is stored: a printer that is
missing never loses the transfer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget
from sqlite_utils import Database

from checkpoint_app.gui.forms.ui_transfer_dialog import Ui_TransferDialog
from checkpoint_app.records.masking import mask_name
from checkpoint_app.records.model import TravellerRecord
from checkpoint_app.records.transfers import Site, format_transfer_code
from checkpoint_app.workstation import transfers as transfer_cases
from checkpoint_app.workstation.transfers import (
    ESCORT_NAME,
    ESCORT_PHONE,
    PLATE,
    SITE,
    TransferError,
    TransferRequest,
)

_ERROR_STYLE = "color: #c62828; font-weight: bold;"
_DONE_STYLE = "color: #2e7d32; font-weight: bold; font-size: 16pt;"


class TransferDialog(QDialog):
    """Record a transfer for one saved record with the disposition 集中隔离 or 转运发热门诊."""

    transfer_requested = Signal(object)  # TransferRequest
    slip_requested = Signal(str)  # record uuid: print its 闭环转运单

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_TransferDialog()
        self.ui.setupUi(self)
        self._record_uuid = ""
        self._recorded = False
        self._print_after = False
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.printButton = QPushButton(self.tr("保存并打印转运单(&R)"), self)
        self.printButton.setAutoDefault(False)
        self.ui.buttonBox.addButton(self.printButton, QDialogButtonBox.ButtonRole.ActionRole)
        self.printButton.clicked.connect(self._print_clicked)
        self.ui.buttonBox.accepted.connect(self._request)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._inputs: dict[str, QWidget] = {
            SITE: self.ui.siteCombo,
            PLATE: self.ui.plateEdit,
            ESCORT_NAME: self.ui.escortNameEdit,
            ESCORT_PHONE: self.ui.escortPhoneEdit,
        }

    # ------------------------------------------------------------------ data in

    def set_record(self, record_uuid: str, masked_name: str, disposition_label: str) -> None:
        """The traveller being transferred, as the list shows them (name masked)."""
        self._record_uuid = record_uuid
        self.ui.recordLabel.setText(
            self.tr("转运人员：")
            + (masked_name or "—")
            + "　"
            + self.tr("处置：")
            + disposition_label
        )

    def set_sites(self, sites: list[Site]) -> None:
        """The receiving sites on offer (already filtered for the disposition)."""
        combo = self.ui.siteCombo
        combo.clear()
        for site in sites:
            combo.addItem(site.label, site.id)
        if not sites:
            self._message(self.tr("尚未收到县指挥部的接收点名单，请先同步"), error=True)
        self.ui.siteCombo.setFocus()

    def set_plate(self, plate: str) -> None:
        self.ui.plateEdit.setText(plate)

    def show_problem(self, message: str, field: str = "") -> None:
        """Say what is wrong; the input named by `field` (TransferError.field) gets the focus."""
        self._message(message, error=True)
        target = self._inputs.get(field)
        if target is not None:
            target.setFocus()

    def show_recorded(self, code: str) -> None:
        """The transfer is stored: show its code for the escort's slip; Enter or Esc closes."""
        self._recorded = True
        for widget in self._inputs.values():
            widget.setEnabled(False)
        self._message(
            self.tr("已记录。转运码：")
            + format_transfer_code(code)
            + "\n"
            + self.tr("请交给护送人员，接收点凭此码确认到达。"),
            error=False,
        )
        box = self.ui.buttonBox
        box.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        close = box.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()
        self.printButton.setText(self.tr("打印转运单(&R)"))
        if self._print_after:
            self._print_after = False
            self.slip_requested.emit(self._record_uuid)

    # ------------------------------------------------------------------ internals

    def _message(self, text: str, *, error: bool) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet(_ERROR_STYLE if error else _DONE_STYLE)

    def _print_clicked(self) -> None:
        if self._recorded:
            self.slip_requested.emit(self._record_uuid)
            return
        self._print_after = True
        self._request()
        if not self._recorded:
            self._print_after = False  # refused: print only after the next save asks for it

    def _request(self) -> None:
        if self._recorded:
            self.accept()
            return
        data = self.ui.siteCombo.currentData()
        self.transfer_requested.emit(
            TransferRequest(
                record_uuid=self._record_uuid,
                site_id=int(data) if data is not None else None,
                plate=self.ui.plateEdit.text(),
                escort_name=self.ui.escortNameEdit.text(),
                escort_phone=self.ui.escortPhoneEdit.text(),
            )
        )


def show_transfer_dialog(
    parent: QWidget | None,
    db: Database,
    record: TravellerRecord,
    *,
    staff_id: int | None,
    modal: bool = False,
    print_slip: Callable[[str], object] | None = None,
) -> TransferDialog:
    """Open the dialog for a saved record and run the use case on its request.

    `print_slip(record_uuid)` prints the record's 闭环转运单 (the main window opens the
    paper dialog for it); without it the dialog offers no printing.

    `modal` blocks the main window until it closes (scans meanwhile wait for the form, as
    during any modal dialog); otherwise it stays open beside the form.

    The caller checks `records.transfers.needs_transfer(record.disposition)` first. The
    write is one small SQLite transaction (workstation.transfers.record_transfer), made on
    the GUI thread like a registration's save.
    """
    dialog = TransferDialog(parent)
    dialog.set_record(record.uuid, mask_name(record.name), record.disposition.label)
    dialog.set_sites(transfer_cases.transfer_sites(db, record.disposition))

    def run(request: TransferRequest) -> None:
        try:
            transfer = transfer_cases.record_transfer(db, request, staff_id=staff_id)
        except TransferError as exc:
            dialog.show_problem(exc.message, exc.field)
            return
        dialog.show_recorded(transfer.code)

    dialog.transfer_requested.connect(run)
    if print_slip is None:
        dialog.printButton.hide()
    else:
        dialog.slip_requested.connect(print_slip)
    if modal:
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    return dialog
