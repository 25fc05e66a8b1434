"""The handover (交班) dialog: the shift's figures, notes, sign-off, acknowledgement, A4 report."""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QMarginsF, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)
from sqlite_utils import Database

from checkpoint_app.gui.background import BusyWork
from checkpoint_app.gui.fonts import cjk_font_family
from checkpoint_app.gui.forms.ui_handover_dialog import Ui_HandoverDialog
from checkpoint_app.gui.labels import label
from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.reports.excel import ExcelExport
from checkpoint_app.reports.handover import ShiftSummary, summarise_shift
from checkpoint_app.storage.access import AccessDenied, may_export_unmasked
from checkpoint_app.storage.database import database_folder
from checkpoint_app.storage.encryption import StoreLockedError
from checkpoint_app.storage.staff import Checkpoint, Shift, SignInError, Staff, list_staff
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.workstation import handover

_ERROR_STYLE = "color: #c62828; font-weight: bold;"
_OK_STYLE = "color: #2e7d32; font-weight: bold;"
_WARN_STYLE = "color: #e65100; font-weight: bold;"
# The code colours a checkpoint really sees; grey and unknown are listed only when present.
_MAIN_COLOURS = (CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED)


def _local(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


class HandoverDialog(QDialog):
    """Hand a shift over: the outgoing staff signs off with their PIN, the incoming staff
    acknowledges with name + PIN, which closes the shift with the note (both audited).

    Shows only counts, never a traveller's data. After `shift_handed_over`, the
    acknowledging person is in `incoming_staff` (the caller opens their shift).

    The PIN checks, the writes and the Excel export are use cases of
    workstation/handover.py, run on a worker with their own connection; meanwhile the
    step's inputs are disabled (`busy`). Enter does the step the form is at: sign off,
    acknowledge, then finish; in the note it is a new line.
    """

    shift_handed_over = Signal(int)  # the closed shift's id
    pdf_saved = Signal(str)  # path of the written A4 report
    excel_exported = Signal(str)  # path of the written workbook
    excel_refused = Signal(str)  # the Chinese message shown (nothing was written)

    def __init__(
        self,
        db: Database,
        *,
        shift: Shift,
        staff: Staff,
        checkpoint: Checkpoint,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_HandoverDialog()
        self.ui.setupUi(self)
        self._db = db
        self._data_dir = database_folder(db)
        self._shift = shift
        self._outgoing = staff
        self._checkpoint = checkpoint
        self._signed_off_at: datetime | None = None
        self._acknowledged_at: datetime | None = None
        self.incoming_staff: Staff | None = None
        self.summary: ShiftSummary = summarise_shift(db, shift.id)

        font = self.ui.titleLabel.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.ui.titleLabel.setFont(font)
        self.ui.notesEdit.setPlainText(self.summary.handover_note)
        self.ui.outgoingNameLabel.setText(self.tr("交班人：%1").replace("%1", staff.name))
        for person in list_staff(db):
            if person.id != staff.id:
                self.ui.incomingNameCombo.addItem(person.name)
        self.ui.incomingNameCombo.setCurrentIndex(-1)
        self.ui.incomingBox.setEnabled(False)
        for table in (self.ui.summaryTable, self.ui.hoursTable):
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        try:
            from PySide6.QtPrintSupport import QPrintDialog  # noqa: F401
        except ImportError:  # QtPrintSupport is optional in some builds
            self.ui.printButton.hide()

        busy_bar = QProgressBar(self)
        busy_bar.setMaximumHeight(8)
        self.ui.layout.insertWidget(self.ui.layout.indexOf(self.ui.messageLabel), busy_bar)
        self._work = BusyWork(
            inputs=(self.ui.outgoingBox, self.ui.closeButton),
            bar=busy_bar,
            message=lambda text: self._say(text, ""),
            refusals=(SignInError, StoreLockedError, AccessDenied, handover.ExportFailed),
        )
        self.ui.signOffButton.clicked.connect(self._sign_off)
        self.ui.acknowledgeButton.clicked.connect(self._acknowledge)
        self.ui.savePdfButton.clicked.connect(self._choose_pdf_path)
        self.ui.printButton.clicked.connect(self._print)
        self.ui.exportExcelButton.clicked.connect(self._choose_excel_path)
        # Registrars never see the unmasked export; storage/access.py refuses it as well.
        self.ui.unmaskBox.setVisible(may_export_unmasked(staff.role))
        self.ui.exportUnmaskedButton.clicked.connect(self._choose_unmasked_excel_path)
        # Enter in the reason field exports; it must not reach the dialog, whose default
        # button would sign off with an empty PIN.
        self.ui.unmaskReasonEdit.installEventFilter(self)
        self.ui.closeButton.clicked.connect(self._close)
        self.charts_button = QPushButton(self.tr("统计图表(&T)"), self)
        self.charts_button.clicked.connect(self.open_charts)
        self.ui.buttonsLayout.insertWidget(
            self.ui.buttonsLayout.indexOf(self.ui.exportExcelButton) + 1, self.charts_button
        )
        # Tab follows the row of buttons, not the order the widgets were made in.
        self.setTabOrder(self.ui.exportExcelButton, self.charts_button)
        # Enter is handled by keyPressEvent alone: a default button would act a second
        # time on the same key (an empty PIN, counted towards the lockout).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._show_summary()
        self.ui.outgoingPinEdit.setFocus()

    @property
    def busy(self) -> bool:
        """True while a PIN is being checked or the export written (the step's inputs off)."""
        return self._work.busy

    # ------------------------------------------------------------------ figures
    def summary_rows(self) -> list[tuple[str, int]]:
        """(label, count) rows shown in the table and printed in the report."""
        s = self.summary
        rows = [(self.tr("登记总数"), s.total)]
        rows += [(label(d), s.by_disposition[d]) for d in Disposition]
        rows += [
            (label(c), s.by_colour[c]) for c in CodeColour if c in _MAIN_COLOURS or s.by_colour[c]
        ]
        rows += [
            (self.tr("发热（≥37.3℃）"), s.fevers),
            (self.tr("核酸超过48小时"), s.nat_expired),
            (self.tr("未同步到县指挥部"), s.unsynced),
            (self.tr("未导出（U盘）"), s.unexported),
            (self.tr("未同步且未导出"), s.undelivered),
        ]
        return rows

    def _show_summary(self) -> None:
        s = self.summary
        staff_names = "、".join(dict.fromkeys([s.staff_name, *s.registrars]))
        info = self.tr("卡点：%1（%2）\n班次：%3 至 %4\n值班人员：%5")
        for key, value in (
            ("%1", self._checkpoint.name),
            ("%2", self._checkpoint.township),
            ("%3", _local(s.started_at)),
            ("%4", _local(s.ended_at) or self.tr("现在")),
            ("%5", staff_names),
        ):
            info = info.replace(key, value)
        self.ui.infoLabel.setText(info)
        rows = self.summary_rows()
        self.ui.summaryTable.setRowCount(len(rows))
        for i, (text, count) in enumerate(rows):
            self.ui.summaryTable.setItem(i, 0, QTableWidgetItem(text))
            self.ui.summaryTable.setItem(i, 1, QTableWidgetItem(str(count)))
        hours = s.arrivals_per_hour
        self.ui.hoursTable.setRowCount(len(hours))
        for i, h in enumerate(hours):
            self.ui.hoursTable.setItem(i, 0, QTableWidgetItem(h.hour.strftime("%m-%d %H:00")))
            self.ui.hoursTable.setItem(i, 1, QTableWidgetItem(str(h.count)))
        if s.undelivered:
            self.ui.warningLabel.setText(
                self.tr(
                    "注意：本班有 %1 条记录尚未同步也未导出，请接班人员尽快上报县指挥部。"
                ).replace("%1", str(s.undelivered))
            )
            self.ui.warningLabel.setStyleSheet(_WARN_STYLE)
        else:
            self.ui.warningLabel.setText(self.tr("本班记录均已上报或导出。"))
            self.ui.warningLabel.setStyleSheet("")

    def _say(self, text: str, style: str) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet(style)

    def _close(self) -> None:
        if self.incoming_staff is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        if not self.busy:  # a sign-off or handover being written finishes first
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        # The note field keeps its own Enter (a new line) and never gets here.
        focused = self.focusWidget()
        if isinstance(focused, QPushButton) and focused.isEnabled():
            focused.click()
        elif self.busy:
            pass
        elif self._signed_off_at is None:
            self._sign_off()
        elif self.incoming_staff is None:
            self._acknowledge()
        else:
            self.accept()

    def open_charts(self) -> None:
        """The shift's charts (arrivals per hour, colour and disposition mix)."""
        from checkpoint_app.gui.charts import ChartsDialog

        ChartsDialog(self._db, shift=self._shift, parent=self).exec()

    # ------------------------------------------------------------------ sign-off
    def _sign_off(self) -> None:
        if self.busy or self._signed_off_at is not None:
            return
        pin = self.ui.outgoingPinEdit.text()
        self.ui.outgoingPinEdit.clear()
        data_dir, shift_id, outgoing = self._data_dir, self._shift.id, self._outgoing
        records, undelivered = self.summary.total, self.summary.undelivered
        self._work.start(
            lambda: handover.sign_off(
                data_dir,
                shift_id=shift_id,
                outgoing=outgoing,
                pin=pin,
                records=records,
                undelivered=undelivered,
            ),
            text=self.tr("正在核对 PIN…"),
            on_done=self._signed_off,
            on_refused=self._sign_off_refused,
            inputs=(self.ui.outgoingBox, self.ui.closeButton),
        )

    def _signed_off(self, result: handover.SignedOff) -> None:
        self._signed_off_at = result.at
        self.ui.outgoingBox.setEnabled(False)
        self.ui.incomingBox.setEnabled(True)
        self.ui.incomingNameCombo.setFocus()
        self._say(self.tr("交班人已签认，请接班人输入姓名和 PIN 确认。"), _OK_STYLE)

    def _sign_off_refused(self, message: str) -> None:
        self._say(message, _ERROR_STYLE)
        self.ui.outgoingPinEdit.setFocus()

    def _acknowledge(self) -> None:
        if self.busy or self.incoming_staff is not None:
            return
        if self._signed_off_at is None:
            self._say(self.tr("请交班人先签认"), _ERROR_STYLE)
            return
        name = self.ui.incomingNameCombo.currentText().strip()
        pin = self.ui.incomingPinEdit.text()
        self.ui.incomingPinEdit.clear()
        if not name:
            self._say(self.tr("请选择接班人"), _ERROR_STYLE)
            return
        if name == self._outgoing.name:
            self._say(self.tr("接班人不能是交班人本人"), _ERROR_STYLE)
            return
        note = self.ui.notesEdit.toPlainText().strip()
        data_dir, shift_id, outgoing = self._data_dir, self._shift.id, self._outgoing
        self._work.start(
            lambda: handover.acknowledge(
                data_dir,
                shift_id=shift_id,
                outgoing=outgoing,
                incoming_name=name,
                pin=pin,
                note=note,
            ),
            text=self.tr("正在核对 PIN…"),
            on_done=self._handed_over,
            on_refused=self._acknowledge_refused,
            inputs=(self.ui.incomingBox, self.ui.notesEdit, self.ui.closeButton),
        )

    def _handed_over(self, result: handover.HandedOver) -> None:
        self._acknowledged_at = result.at
        self.incoming_staff = result.incoming
        self.summary = summarise_shift(self._db, self._shift.id)
        self._show_summary()
        self.ui.incomingBox.setEnabled(False)
        self.ui.notesEdit.setReadOnly(True)
        self.ui.closeButton.setText(self.tr("完成"))
        self.ui.closeButton.setFocus()
        self._say(self.tr("交班完成：%1 已接班。").replace("%1", result.incoming.name), _OK_STYLE)
        self.shift_handed_over.emit(self._shift.id)

    def _acknowledge_refused(self, message: str) -> None:
        self._say(message, _ERROR_STYLE)
        self.ui.incomingPinEdit.setFocus()

    # ------------------------------------------------------------------ the A4 report
    def report_document(self) -> QTextDocument:
        """The handover report as a document (for the PDF and the printer). All text escaped."""
        s = self.summary
        note = self.ui.notesEdit.toPlainText().strip() or self.tr("（无）")
        rows = "".join(
            f"<tr><td>{escape(text)}</td><td align='right'>{count}</td></tr>"
            for text, count in self.summary_rows()
        )
        hours = "".join(
            f"<tr><td>{h.hour.strftime('%m-%d %H:00')}</td><td align='right'>{h.count}</td></tr>"
            for h in s.arrivals_per_hour
        )
        staff_names = "、".join(dict.fromkeys([s.staff_name, *s.registrars]))
        outgoing_done = (
            self.tr("已用 PIN 签认 %1").replace("%1", _local(self._signed_off_at))
            if self._signed_off_at
            else ""
        )
        incoming_name = self.incoming_staff.name if self.incoming_staff else ""
        incoming_done = (
            self.tr("已用 PIN 确认 %1").replace("%1", _local(self._acknowledged_at))
            if self._acknowledged_at
            else ""
        )
        warning = f"<p><b>{escape(self.ui.warningLabel.text())}</b></p>" if s.undelivered else ""
        html = f"""
<h1 align="center">{escape(self.tr("卡点交班报告"))}</h1>
<table width="100%" cellpadding="3">
<tr><td>{escape(self.tr("卡点"))}：{escape(self._checkpoint.name)}</td>
<td>{escape(self.tr("乡镇"))}：{escape(self._checkpoint.township)}</td></tr>
<tr><td>{escape(self.tr("班次"))}：{s.shift_id}</td>
<td>{escape(self.tr("时间"))}：{_local(s.started_at)} —
{escape(_local(s.ended_at) or self.tr("未结束"))}</td></tr>
<tr><td colspan="2">{escape(self.tr("值班人员"))}：{escape(staff_names)}</td></tr>
</table>
<h3>{escape(self.tr("本班情况"))}</h3>
<table width="100%" border="1" cellspacing="0" cellpadding="4">
<tr><td valign="top" width="50%">
<table width="100%" cellpadding="2">
<tr><th align="left">{escape(self.tr("项目"))}</th>
<th align="right">{escape(self.tr("人数"))}</th></tr>
{rows}</table></td>
<td valign="top">
<table width="100%" cellpadding="2">
<tr><th align="left">{escape(self.tr("时段"))}</th>
<th align="right">{escape(self.tr("到达人数"))}</th></tr>
{hours}</table></td></tr>
</table>
{warning}
<h3>{escape(self.tr("给下一班的交代"))}</h3>
<p>{escape(note).replace(chr(10), "<br/>")}</p>
<h3>{escape(self.tr("签认"))}</h3>
<table width="100%" cellpadding="6">
<tr><td>{escape(self.tr("交班人"))}：{escape(self._outgoing.name)}　{escape(outgoing_done)}</td>
<td>{escape(self.tr("签字"))}：____________</td></tr>
<tr><td>{escape(self.tr("接班人"))}：{escape(incoming_name) or "____________"}
　{escape(incoming_done)}</td>
<td>{escape(self.tr("签字"))}：____________</td></tr>
</table>
<p align="right"><small>{escape(self.tr("打印时间"))}：{_local(utc_now())}</small></p>
"""
        document = QTextDocument()
        family = cjk_font_family()
        font = QFont(family) if family else QFont()
        font.setPointSize(10)
        document.setDefaultFont(font)
        document.setHtml(html)
        return document

    def save_pdf(self, path: Path) -> Path:
        """Write the A4 report to `path` and emit `pdf_saved`."""
        writer = QPdfWriter(str(path))
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setResolution(300)
        writer.setTitle(self.tr("卡点交班报告"))
        writer.setCreator("卡点通")
        self.report_document().print_(writer)
        del writer  # the file is complete once the writer is gone
        self._say(self.tr("交班报告已保存：%1").replace("%1", str(path)), _OK_STYLE)
        self.pdf_saved.emit(str(path))
        return path

    def _choose_pdf_path(self) -> None:
        stamp = self.summary.started_at.astimezone().strftime("%Y%m%d-%H%M")
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("保存交班报告"),
            f"交班报告-{self._checkpoint.name}-{stamp}.pdf",
            self.tr("PDF 文件 (*.pdf)"),
        )
        if name:
            self.save_pdf(Path(name))

    def _print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.report_document().print_(printer)

    # ------------------------------------------------------------------ Excel
    def export_excel(self, path: Path, *, unmask: bool = False, reason: str = "") -> bool:
        """Start writing this shift's records to `path` on a worker (False while busy).

        Masked unless `unmask` — for a lead or admin with a reason only (storage/access.py
        decides; a refusal is audited and writes nothing). `excel_exported` or
        `excel_refused` follows.
        """
        data_dir, shift_id, staff = self._data_dir, self._shift.id, self._outgoing
        return self._work.start(
            lambda: handover.export_shift(
                data_dir, path, shift_id=shift_id, staff=staff, unmask=unmask, reason=reason
            ),
            text=self.tr("正在导出…"),
            on_done=lambda result: self._exported(path, result, unmask=unmask),
            on_refused=self._export_refused,
            inputs=(self.ui.exportExcelButton, self.ui.unmaskBox, self.ui.closeButton),
        )

    def _exported(self, path: Path, result: ExcelExport, *, unmask: bool) -> None:
        if unmask:
            self.ui.unmaskReasonEdit.clear()
            text = self.tr("已导出 %1 条记录（含完整个人信息，请妥善保管）")
        else:
            text = self.tr("已导出 %1 条记录（个人信息已遮蔽）")
        self._say(text.replace("%1", str(result.record_count)), _OK_STYLE)
        self.excel_exported.emit(str(path))

    def _export_refused(self, message: str) -> None:
        self._say(message, _ERROR_STYLE)
        self.excel_refused.emit(message)

    def _excel_path(self, *, unmask: bool) -> Path | None:
        stamp = self.summary.started_at.astimezone().strftime("%Y%m%d-%H%M")
        prefix = "登记记录（完整）" if unmask else "登记记录"
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("导出 Excel"),
            f"{prefix}-{self._checkpoint.name}-{stamp}.xlsx",
            self.tr("Excel 文件 (*.xlsx)"),
        )
        return Path(name) if name else None

    def _export_to_chosen_path(self, *, unmask: bool, reason: str = "") -> None:
        path = self._excel_path(unmask=unmask)
        if path is None:
            return
        self.export_excel(path, unmask=unmask, reason=reason)

    def _choose_excel_path(self) -> None:
        self._export_to_chosen_path(unmask=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.ui.unmaskReasonEdit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._choose_unmasked_excel_path()
            return True
        return super().eventFilter(watched, event)

    def _choose_unmasked_excel_path(self) -> None:
        reason = self.ui.unmaskReasonEdit.text().strip()
        if not reason:
            # Asked before the file dialog: without a reason nothing may be written.
            self._say(self.tr("导出完整个人信息需要填写原因"), _ERROR_STYLE)
            self.ui.unmaskReasonEdit.setFocus()
            return
        self._export_to_chosen_path(unmask=True, reason=reason)
