"""The application-wide wedge filter on real widgets: Shift inside a scan, buttons and text
fields, a dialog's default button that a scan's Return must never press."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QVBoxLayout
from pytestqt.qtbot import QtBot

from checkpoint_app.gui.scanner_input import WedgeScannerFilter
from checkpoint_app.scanning.wedge import WedgeConfig

ID = "41072219560619060X"


class Scanner:
    """Key events as X delivers a wedge scanner's: Shift pressed around capitals."""

    def __init__(self) -> None:
        self.now = 5_000_000

    def _send(self, key: int, text: str, mods: Qt.KeyboardModifier, gap: int) -> None:
        self.now += gap
        target = QApplication.focusWidget()
        assert target is not None
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, mods, text)
            event.setTimestamp(self.now)
            QApplication.sendEvent(target, event)

    def keys(self, text: str, gap: int = 3, first_gap: int = 3) -> None:
        for i, char in enumerate(text):
            step = first_gap if i == 0 else gap
            if char.isupper():
                self._send(Qt.Key.Key_Shift, "", Qt.KeyboardModifier.ShiftModifier, step)
                self._send(ord(char), char, Qt.KeyboardModifier.ShiftModifier, 1)
            else:
                self._send(ord(char.upper()), char, Qt.KeyboardModifier.NoModifier, step)

    def enter(self, gap: int = 4) -> None:
        self._send(Qt.Key.Key_Return, "\r", Qt.KeyboardModifier.NoModifier, gap)


@pytest.fixture
def dialog(qtbot: QtBot) -> Iterator[tuple[QDialog, QLineEdit, QPushButton, WedgeScannerFilter]]:
    scanner = WedgeScannerFilter(WedgeConfig())
    QApplication.instance().installEventFilter(scanner)
    box = QDialog()
    layout = QVBoxLayout(box)
    edit = QLineEdit("li")
    other = QPushButton("其他")
    ok = QPushButton("确定")
    ok.setDefault(True)
    ok.clicked.connect(box.accept)
    for widget in (edit, other, ok):
        layout.addWidget(widget)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    yield box, edit, other, scanner
    QApplication.instance().removeEventFilter(scanner)


def test_a_shifted_scan_in_a_text_field_is_one_scan_and_the_field_is_as_before(
    dialog: tuple[QDialog, QLineEdit, QPushButton, WedgeScannerFilter], qtbot: QtBot
) -> None:
    box, edit, _other, scanner = dialog
    edit.setFocus()
    edit.setCursorPosition(2)
    scans: list[str] = []
    scanner.scan_received.connect(scans.append)
    keyboard = Scanner()
    keyboard.keys("https://jkm.henan.gov.cn/Code?id=AbC123xyz")
    keyboard.enter()
    assert scans == ["https://jkm.henan.gov.cn/Code?id=AbC123xyz"]
    assert edit.text() == "li" and edit.cursorPosition() == 2
    assert box.result() == 0 and box.isVisible()


def test_a_shifted_scan_on_a_button_is_one_scan_and_presses_nothing(
    dialog: tuple[QDialog, QLineEdit, QPushButton, WedgeScannerFilter],
) -> None:
    box, _edit, other, scanner = dialog
    other.setFocus()
    scans: list[str] = []
    scanner.scan_received.connect(scans.append)
    keyboard = Scanner()
    keyboard.keys(ID)
    keyboard.enter()
    assert scans == [ID]
    assert box.isVisible() and box.result() == 0


def test_a_fast_run_too_short_to_be_a_scan_is_refused_and_its_return_swallowed(
    dialog: tuple[QDialog, QLineEdit, QPushButton, WedgeScannerFilter],
) -> None:
    box, _edit, other, scanner = dialog
    other.setFocus()
    refused: list[str] = []
    scanner.scan_refused.connect(refused.append)
    keyboard = Scanner()
    keyboard.keys("4107")
    keyboard.enter()
    assert refused and "重新扫码" in refused[0]
    assert box.isVisible()  # the default button was not pressed


def test_a_scan_cut_by_a_stall_in_a_text_field_is_refused_and_taken_out(
    dialog: tuple[QDialog, QLineEdit, QPushButton, WedgeScannerFilter],
) -> None:
    box, edit, _other, scanner = dialog
    edit.setFocus()
    edit.setCursorPosition(2)
    refused: list[str] = []
    scans: list[str] = []
    scanner.scan_refused.connect(refused.append)
    scanner.scan_received.connect(scans.append)
    keyboard = Scanner()
    keyboard.keys(ID[:10])
    keyboard.keys(ID[10:], first_gap=900)
    keyboard.enter()
    assert scans == [] and refused
    assert edit.text() == "li"
    assert box.isVisible()
