"""Printing papers for the traveller: A4/A5 through Qt printing, or a receipt printer.

`draw_paper` paints a reports.papers.Paper with QPainter in millimetres (the bundled CJK
font, the QR code from segno); `PaperDialog` lets the worker pick the paper and the
printer, preview, print or save a PDF. It never numbers or audits a paper itself: the
main window hands it two use cases (workstation/papers.py) bound to the store, `preview`
(no number, writes nothing) and `issue` (numbers, audits and delivers in one transaction).

The preview is drawn without a number and marked 预览: QPrintPreviewDialog paints into a
picture engine first, and only a paint onto a real printer or PDF issues the paper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checkpoint_app.gui.background import Task, reraise, run_in_background
from checkpoint_app.gui.fonts import cjk_font_family
from checkpoint_app.reports.papers import Paper, PaperKind, receipt_bytes
from checkpoint_app.settings import Settings
from checkpoint_app.workstation.papers import (
    PaperRefused,
    PrinterUnavailable,
    parse_receipt_printer,
    send_to_receipt_printer,
)

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5}
RECEIPT = "receipt"
MARGIN_MM = 14.0

PreviewFn = Callable[[PaperKind], Paper]
IssueFn = Callable[[PaperKind, Callable[[Paper], None]], Paper]


def _font(family: str | None, size_mm: float, *, bold: bool = False) -> QFont:
    # Sizes in the painter's logical unit (0.1 mm), so A4 and A5 print the same letters.
    font = QFont(family) if family else QFont()
    font.setPixelSize(max(1, round(size_mm * 10)))
    font.setBold(bold)
    # Without shaping, every glyph is the font's own glyph for its character, so the PDF's
    # text layer maps back to what was printed (shaped digits after a Latin letter did
    # not: "豫P12345" read back as "豫P"). Chinese text needs no shaping.
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


def _draw_qr(painter: QPainter, text: str, box: QRectF) -> None:
    qr = segno.make(text, error="m", micro=False)
    matrix = qr.matrix
    count = len(matrix) + 4  # two modules of quiet zone each side
    module = box.width() / count
    painter.fillRect(box, Qt.GlobalColor.white)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                painter.fillRect(
                    QRectF(
                        box.left() + (column + 2) * module,
                        box.top() + (row + 2) * module,
                        module + 0.5,  # overlap a hair so no white seams show in a PDF viewer
                        module + 0.5,
                    ),
                    Qt.GlobalColor.black,
                )


def draw_paper(painter: QPainter, paper: Paper, page_mm: QSizeF, *, preview: bool) -> None:
    """Paint `paper` on a page of `page_mm`; the painter's viewport must be the page."""
    family = cjk_font_family()
    width, height = page_mm.width() * 10, page_mm.height() * 10
    painter.setWindow(0, 0, round(width), round(height))
    margin = MARGIN_MM * 10
    inner = width - 2 * margin
    painter.setPen(Qt.GlobalColor.black)

    y = margin
    painter.setFont(_font(family, 7.5, bold=True))
    painter.drawText(QRectF(margin, y, inner, 100), Qt.AlignmentFlag.AlignHCenter, paper.title)
    y += 115
    painter.setFont(_font(family, 3.2))
    row = QRectF(margin, y, inner, 45)
    painter.drawText(row, Qt.AlignmentFlag.AlignLeft, paper.checkpoint)
    painter.drawText(row, Qt.AlignmentFlag.AlignRight, f"编号：{paper.serial}")
    y += 60
    painter.drawLine(round(margin), round(y), round(margin + inner), round(y))
    y += 35
    if paper.headline:
        # The transfer code: read aloud over a phone and typed at the site, so large.
        painter.setFont(_font(family, 8.0, bold=True))
        painter.drawText(
            QRectF(margin, y, inner, 110), Qt.AlignmentFlag.AlignHCenter, paper.headline
        )
        y += 130

    body = _font(family, 4.0)
    painter.setFont(body)
    flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
    for index, paragraph in enumerate(paper.paragraphs):
        # Chinese paragraphs open with two full-width spaces; the salutation does not.
        text = paragraph if index == 0 and paragraph.endswith("：") else "\u3000\u3000" + paragraph
        rect = painter.boundingRect(QRectF(margin, y, inner, 2000), flags, text)
        painter.drawText(QRectF(margin, y, inner, rect.height()), flags, text)
        y += rect.height() + 18
    y += 20

    qr_size = 380.0
    fields_width = inner - qr_size - 40
    qr_top = y
    label_font, value_font = _font(family, 3.4, bold=True), _font(family, 3.4)
    label_width = 240.0
    for label, value in paper.fields:
        painter.setFont(label_font)
        painter.drawText(QRectF(margin, y, label_width, 50), Qt.AlignmentFlag.AlignLeft, label)
        painter.setFont(value_font)
        painter.drawText(
            QRectF(margin + label_width, y, fields_width - label_width, 50),
            Qt.AlignmentFlag.AlignLeft,
            value,
        )
        y += 52
    qr_box = QRectF(margin + inner - qr_size, qr_top, qr_size, qr_size)
    _draw_qr(painter, paper.code, qr_box)
    painter.setFont(_font(family, 3.0, bold=not paper.signed))
    if not paper.signed:
        painter.setPen(QColor("#c62828"))
    painter.drawText(
        QRectF(qr_box.left(), qr_box.bottom() + 5, qr_size, 45),
        Qt.AlignmentFlag.AlignHCenter,
        "扫码核验" if paper.signed else "未签名",
    )
    painter.setPen(Qt.GlobalColor.black)

    bottom = height - margin
    if paper.stub is not None:
        stub_lines = (
            f"编号：{paper.stub.serial}",
            f"姓名：{paper.stub.masked_name}",
            f"日期：{paper.stub.date}",
            *(f"{label}：{value}" for label, value in paper.stub.lines),
        )
        stub_top = bottom - 170 - 55 * len(stub_lines)
        footer_rect = QRectF(margin, stub_top - 100, inner, 80)
        pen = QPen(Qt.GlobalColor.black)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(3)
        painter.setPen(pen)
        painter.drawLine(round(margin), round(stub_top), round(margin + inner), round(stub_top))
        painter.setPen(Qt.GlobalColor.black)
        painter.setFont(_font(family, 2.8))
        painter.drawText(
            QRectF(margin, stub_top + 5, inner, 40), Qt.AlignmentFlag.AlignHCenter, "沿此线撕下"
        )
        painter.setFont(_font(family, 4.0, bold=True))
        painter.drawText(QRectF(margin, stub_top + 60, inner, 60), 0, paper.stub.title)
        painter.setFont(_font(family, 3.6))
        for offset, line in enumerate(stub_lines):
            painter.drawText(QRectF(margin, stub_top + 140 + offset * 55, inner, 50), 0, line)
    else:
        footer_rect = QRectF(margin, bottom - 80, inner, 80)
    painter.setFont(_font(family, 3.0))
    painter.drawLine(
        round(margin), round(footer_rect.top()), round(margin + inner), round(footer_rect.top())
    )
    painter.drawText(footer_rect.adjusted(0, 15, 0, 0), Qt.AlignmentFlag.AlignHCenter, paper.footer)

    if preview:
        painter.save()
        painter.setPen(QColor(200, 0, 0, 90))
        painter.setFont(_font(family, 18, bold=True))
        painter.translate(width / 2, height / 2)
        painter.rotate(-30)
        painter.drawText(
            QRectF(-width, -150, 2 * width, 300), Qt.AlignmentFlag.AlignCenter, "预览 不作凭证"
        )
        painter.restore()


def _set_page(device: QPagedPaintDevice, size: str) -> QSizeF:
    page = QPageSize(PAGE_SIZES.get(size, QPageSize.PageSizeId.A5))
    device.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    return page.size(QPageSize.Unit.Millimeter)


def paint_on(device: QPagedPaintDevice, paper: Paper, *, preview: bool) -> None:
    """Paint `paper` on one page of `device` (a QPrinter or a QPdfWriter, its page set)."""
    page_mm = device.pageLayout().fullRect(QPageLayout.Unit.Millimeter).size()
    painter = QPainter()
    if not painter.begin(device):
        raise PrinterUnavailable("打印机无法使用：请检查打印机或改存为 PDF")
    try:
        draw_paper(painter, paper, page_mm, preview=preview)
    finally:
        painter.end()


def write_pdf(paper: Paper, path: Path, size: str) -> None:
    """Save `paper` as a one-page PDF of `size` ("A4" or "A5") at `path`."""
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(f"{paper.title} {paper.serial}")
    writer.setCreator("卡点通")
    _set_page(writer, size)
    paint_on(writer, paper, preview=False)


class ReceiptPrinterDialog(QDialog):
    """The receipt printer's address and paper width; `settings()` is the result."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("小票打印机"))
        self._settings = settings
        layout = QFormLayout(self)
        self.addressEdit = QLineEdit(settings.receipt_printer, self)
        self.addressEdit.setPlaceholderText(self.tr("usb:0416:5011 或 192.168.1.50:9100"))
        layout.addRow(self.tr("地址(&A)："), self.addressEdit)
        self.widthCombo = QComboBox(self)
        self.widthCombo.addItem(self.tr("58 毫米"), 58)
        self.widthCombo.addItem(self.tr("80 毫米"), 80)
        self.widthCombo.setCurrentIndex(1 if settings.receipt_paper_mm == 80 else 0)
        layout.addRow(self.tr("纸宽(&W)："), self.widthCombo)
        self.problemLabel = QLabel(self)
        self.problemLabel.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.problemLabel.setStyleSheet("color: #c62828;")
        layout.addRow(self.problemLabel)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def accept(self) -> None:
        try:
            parse_receipt_printer(self.addressEdit.text())
        except ValueError as exc:
            self.problemLabel.setText(str(exc))
            return
        super().accept()

    def settings(self) -> Settings:
        return replace(
            self._settings,
            receipt_printer=self.addressEdit.text().strip(),
            receipt_paper_mm=int(self.widthCombo.currentData()),
        )


class PaperDialog(QDialog):
    """打印告知书: choose the paper and the printer; preview, print or save as PDF.

    `paper_printed(serial)` after a paper was issued and delivered; `settings_changed`
    when the worker chose another printer or page size (the window saves it, audited).
    """

    paper_printed = Signal(str)
    settings_changed = Signal(object)  # Settings

    def __init__(
        self,
        *,
        kinds: tuple[PaperKind, ...],
        who: str,
        settings: Settings,
        preview: PreviewFn,
        issue: IssueFn,
        issue_on_worker: IssueFn | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`issue_on_worker`, when given, is `issue` safe on a worker thread (a connection
        of its own): receipt printers are printed to through it, off the GUI thread."""
        super().__init__(parent)
        self._issue_on_worker = issue_on_worker
        self._task: Task | None = None
        self.setWindowTitle(self.tr("打印告知书"))
        self._settings = settings
        self._preview = preview
        self._issue = issue
        layout = QVBoxLayout(self)
        form = QFormLayout()
        who_label = QLabel(who, self)
        who_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.tr("旅客："), who_label)
        self.kindCombo = QComboBox(self)
        for kind in kinds:
            self.kindCombo.addItem(kind.label, kind.value)
        form.addRow(self.tr("告知书(&K)："), self.kindCombo)
        self.printerCombo = QComboBox(self)
        self.printerCombo.addItem(self.tr("A5 纸（系统打印机）"), "A5")
        self.printerCombo.addItem(self.tr("A4 纸（系统打印机）"), "A4")
        self.printerCombo.addItem(self.tr("小票打印机"), RECEIPT)
        chosen = RECEIPT if settings.receipt_printer else settings.paper_size
        self.printerCombo.setCurrentIndex(max(0, self.printerCombo.findData(chosen)))
        form.addRow(self.tr("打印到(&P)："), self.printerCombo)
        layout.addLayout(form)
        self.messageLabel = QLabel(self)
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.messageLabel)
        buttons = QDialogButtonBox(self)
        self.previewButton = QPushButton(self.tr("预览(&V)…"), self)
        self.printButton = QPushButton(self.tr("打印(&R)"), self)
        self.printButton.setDefault(True)
        self.pdfButton = QPushButton(self.tr("保存为 PDF(&S)…"), self)
        self.receiptButton = QPushButton(self.tr("小票打印机设置…"), self)
        for button in (self.previewButton, self.pdfButton, self.receiptButton):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.printButton, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.previewButton.clicked.connect(self.open_preview)
        self.printButton.clicked.connect(self.print_paper)
        self.pdfButton.clicked.connect(self.choose_pdf)
        self.receiptButton.clicked.connect(self.choose_receipt_printer)
        self.printerCombo.currentIndexChanged.connect(lambda _i: self._page_size_chosen())
        if not kinds:
            self._show(self.tr("这种处置没有要打印的告知书"), error=True)
            for button in (self.previewButton, self.printButton, self.pdfButton):
                button.setEnabled(False)

    # ----- what is chosen ------------------------------------------------------------
    @property
    def kind(self) -> PaperKind:
        return PaperKind(self.kindCombo.currentData())

    @property
    def page_size(self) -> str:
        """ "A4" or "A5" for the system printer and PDFs (a receipt choice previews as A5)."""
        data = self.printerCombo.currentData()
        return data if data in PAGE_SIZES else self._settings.paper_size

    def _page_size_chosen(self) -> None:
        data = self.printerCombo.currentData()
        if data in PAGE_SIZES and data != self._settings.paper_size:
            self._settings = replace(self._settings, paper_size=data)
            self.settings_changed.emit(self._settings)

    def _show(self, text: str, *, error: bool = False) -> None:
        self.messageLabel.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")
        self.messageLabel.setText(text)

    def _printed(self, paper: Paper) -> None:
        self._show(
            self.tr("已打印 %1，编号 %2").replace("%1", paper.title).replace("%2", paper.serial)
        )
        self.paper_printed.emit(paper.serial)

    def _issue_onto(self, deliver: Callable[[Paper], None]) -> Paper | None:
        """Issue the chosen paper through `deliver`; a refusal shows here and returns None."""
        try:
            paper = self._issue(self.kind, deliver)
        except (PrinterUnavailable, PaperRefused) as exc:
            self._show(exc.message, error=True)
            return None
        except OSError as exc:
            self._show(self.tr("文件无法写入：") + (exc.strerror or str(exc)), error=True)
            return None
        self._printed(paper)
        return paper

    # ----- actions ---------------------------------------------------------------------
    def save_pdf(self, path: Path) -> Paper | None:
        """Issue the paper as a PDF at `path` (the page size chosen)."""
        return self._issue_onto(lambda paper: write_pdf(paper, path, self.page_size))

    def choose_pdf(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("保存为 PDF"), f"{self.kind.label}.pdf", self.tr("PDF 文件 (*.pdf)")
        )
        if name:
            self.save_pdf(Path(name))

    def print_to(self, printer: QPrinter) -> Paper | None:
        """Issue the paper onto `printer` (already chosen in a print dialog)."""
        return self._issue_onto(lambda paper: paint_on(printer, paper, preview=False))

    def print_on_receipt_printer(self) -> Paper | None:
        """Issue the paper on the receipt printer of the settings."""
        try:
            target = parse_receipt_printer(self._settings.receipt_printer)
        except ValueError as exc:
            self._show(str(exc), error=True)
            return None
        if target is None:
            return None
        width = self._settings.receipt_paper_mm

        def deliver(paper: Paper) -> None:
            send_to_receipt_printer(target, receipt_bytes(paper, paper_mm=width))

        if self._issue_on_worker is None:
            return self._issue_onto(deliver)
        self._print_on_worker(self._issue_on_worker, deliver)
        return None

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _print_on_worker(self, issue: IssueFn, deliver: Callable[[Paper], None]) -> None:
        kind = self.kind
        buttons = (self.previewButton, self.printButton, self.pdfButton, self.receiptButton)
        for button in buttons:
            button.setEnabled(False)
        self._show(self.tr("正在发送到小票打印机…"))

        def finished() -> None:
            self._task = None
            for button in buttons:
                button.setEnabled(True)

        def done(paper: Paper) -> None:
            finished()
            self._printed(paper)

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, PrinterUnavailable | PaperRefused):
                self._show(exc.message, error=True)
            else:
                reraise(exc)

        self._task = run_in_background(
            lambda **_: issue(kind, deliver), on_done=done, on_error=failed
        )

    def reject(self) -> None:
        # Closing while a paper is on its way would hide the answer; the worker ends within
        # the printer's time-out.
        if not self.busy:
            super().reject()

    def print_paper(self) -> None:
        if self.printerCombo.currentData() == RECEIPT:
            if self._settings.receipt_printer:
                self.print_on_receipt_printer()
                return
            # No receipt printer set up: the system printer takes the paper instead.
            self._show(self.tr("未设置小票打印机，改用系统打印机"), error=True)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        _set_page(printer, self.page_size)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def open_preview(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        _set_page(printer, self.page_size)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印预览"))
        dialog.paintRequested.connect(self._paint_requested)
        dialog.exec()

    def _paint_requested(self, printer: QPrinter) -> None:
        # The preview paints into a picture engine; only a real printer or PDF gets a number.
        if printer.paintEngine().type() == QPaintEngine.Type.Picture:
            try:
                paper = self._preview(self.kind)
            except PaperRefused as exc:
                self._show(exc.message, error=True)
                return
            paint_on(printer, paper, preview=True)
        else:
            self.print_to(printer)

    def choose_receipt_printer(self) -> None:
        dialog = ReceiptPrinterDialog(self._settings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._settings = dialog.settings()
            self.settings_changed.emit(self._settings)
            if self._settings.receipt_printer:
                self.printerCombo.setCurrentIndex(self.printerCombo.findData(RECEIPT))
