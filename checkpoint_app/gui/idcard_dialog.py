"""工具 → 测试读卡器: try the ID-card reader once and see every frame and the masked card."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checkpoint_app.gui.background import run_in_background
from checkpoint_app.scanning.idcard.probe import (
    ProbeResult,
    describe_card,
    list_serial_ports,
    probe,
)
from checkpoint_app.scanning.idcard.protocol import ReaderError


class IdCardTestDialog(QDialog):
    """Port chooser (the serial ports present, or any pyserial URL typed in), one test read.

    The main window's IdCardReader must be stopped while this dialog is open (a
    serial port has one user at a time) and started again when it closes.
    """

    probe_finished = Signal(object)  # ProbeResult, on the GUI thread

    def __init__(
        self,
        *,
        driver: str = "serial",
        port: str = "",
        timeout: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("测试读卡器"))
        self.resize(640, 440)
        self._timeout = timeout
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("把身份证放在读卡器上，选择端口后点「试读」。证件信息部分不显示，号码打星。")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.driver_combo = QComboBox()
        self.driver_combo.addItem(self.tr("串口（COM 口 / USB 转串口）"), "serial")
        self.driver_combo.addItem(self.tr("厂家 DLL（sdtapi.dll，仅 Windows）"), "sdtapi")
        self.driver_combo.setCurrentIndex(max(0, self.driver_combo.findData(driver)))
        driver_label = QLabel(self.tr("驱动(&D)"))
        driver_label.setBuddy(self.driver_combo)
        form.addRow(driver_label, self.driver_combo)

        self.port_combo = QComboBox()
        self.port_combo.setEditable(True)  # free text: socket://host:port, USB1 …
        for info in list_serial_ports():
            label = f"{info.device}  {info.description}".strip()
            self.port_combo.addItem(label, info.device)
        if port:
            # The configured port as the current item: an editable combo puts its
            # current item's text back on Enter, which would replace a typed URL.
            known = self.port_combo.findData(port)
            if known < 0:
                self.port_combo.insertItem(0, port, port)
                known = 0
            self.port_combo.setCurrentIndex(known)
        else:
            self.port_combo.setEditText("")
        self.port_combo.setInsertPolicy(QComboBox.InsertPolicy.InsertAtTop)
        # An editable combo's completer swallows Enter before the dialog's default
        # button sees it; Enter after typing a port is the natural way to try it.
        line_edit = self.port_combo.lineEdit()
        if line_edit is not None:
            line_edit.returnPressed.connect(self.start_probe)
        port_label = QLabel(self.tr("端口(&P)"))
        port_label.setBuddy(self.port_combo)
        form.addRow(port_label, self.port_combo)
        layout.addLayout(form)

        self.frames_view = QPlainTextEdit()
        self.frames_view.setReadOnly(True)
        self.frames_view.setTabChangesFocus(True)
        layout.addWidget(self.frames_view, 1)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.probe_button = QPushButton(self.tr("试读(&R)"))
        buttons.addButton(self.probe_button, QDialogButtonBox.ButtonRole.ActionRole)
        # After addButton: Enter anywhere in the dialog reads, it never closes it.
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.probe_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.probe_button.clicked.connect(self.start_probe)
        layout.addWidget(buttons)
        self.port_combo.setFocus()

    def chosen_port(self) -> str:
        """The device of a listed port, or what was typed."""
        text = self.port_combo.currentText().strip()
        index = self.port_combo.findText(text)
        data = self.port_combo.itemData(index) if index >= 0 else None
        return str(data) if data else text  # typed-in entries carry no device

    def chosen_driver(self) -> str:
        return str(self.driver_combo.currentData())

    def start_probe(self) -> None:
        if not self.probe_button.isEnabled():
            return  # a read is under way
        port, driver = self.chosen_port(), self.chosen_driver()
        if not port and driver == "serial":
            self.result_label.setText(self.tr("请选择或填写读卡器端口"))
            self.port_combo.setFocus()
            return
        self.probe_button.setEnabled(False)
        self.result_label.setText(self.tr("正在读卡…"))
        self.frames_view.clear()
        timeout = self._timeout

        def work(*, is_cancelled: object, on_progress: object) -> ProbeResult:
            # Runs on a pool thread: no widgets here, the result comes back by signal.
            return probe(port, driver=driver, timeout=timeout)

        run_in_background(work, on_done=self._show, on_error=self._failed)

    def _show(self, result: ProbeResult) -> None:
        for event in result.frames:
            self.frames_view.appendPlainText(f"{event.hex_view()}  {event.command.label}")
        lines = [self._summary(result)]
        if result.card is not None:
            lines += describe_card(result.card)
        self.result_label.setText("\n".join(lines))
        self.probe_button.setEnabled(True)
        self.probe_button.setFocus()
        self.probe_finished.emit(result)

    def _summary(self, result: ProbeResult) -> str:
        if result.error is not None:
            return self.tr("读卡失败：") + result.error
        if result.card is None:
            return self.tr("读卡器应答正常，但读卡器上没有证件")
        return self.tr("读卡成功")

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, ReaderError) else str(exc)
        self.result_label.setText(self.tr("读卡失败：") + message)
        self.probe_button.setEnabled(True)
