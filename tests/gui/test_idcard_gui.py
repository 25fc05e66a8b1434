"""The ID-card reader in the GUI, against an emulated reader on a real socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from checkpoint_app.gui.idcard import IdCardReader
from checkpoint_app.gui.idcard_dialog import IdCardTestDialog
from tests.scanning.idcard_emulator import MA_YAN, WANG, Fault, ReaderEmulator


@pytest.fixture
def emulator() -> Iterator[ReaderEmulator]:
    with ReaderEmulator() as reader:
        yield reader


@pytest.fixture
def reader(qtbot) -> Iterator[IdCardReader]:
    made = IdCardReader(interval=0.05)
    yield made
    made.stop()


def test_a_card_put_on_the_reader_arrives_once_on_the_gui_thread(qtbot, emulator, reader):
    cards = []
    reader.card_read.connect(cards.append)
    emulator.put(MA_YAN)
    with qtbot.waitSignal(reader.card_read, timeout=5000):
        reader.start("serial", emulator.url)
    polled = len(emulator.commands)
    # The card stays: let the poller go round several more times, then swap cards.
    qtbot.waitUntil(lambda: len(emulator.commands) >= polled + 9, timeout=5000)
    with qtbot.waitSignal(reader.card_read, timeout=5000):
        emulator.replace(WANG)
    assert [c.name for c in cards] == ["马䶮", "王秀英"]


def test_a_silent_reader_gives_one_chinese_error(qtbot, emulator):
    reader = IdCardReader(interval=0.05)
    errors = []
    reader.reader_error.connect(errors.append)
    emulator.fault = Fault.SILENT
    try:
        with qtbot.waitSignal(reader.reader_error, timeout=5000):
            reader.start("serial", emulator.url)
    finally:
        reader.stop()
    assert errors == ["读卡器没有应答：请检查连接线、端口和读卡器电源"]


def test_nothing_is_delivered_after_stop(qtbot, emulator, reader):
    cards = []
    reader.card_read.connect(cards.append)
    reader.start("serial", emulator.url)
    reader.stop()
    emulator.put(MA_YAN)
    assert not reader.is_running()
    qtbot.wait(300)  # a stopped reader must stay silent: there is no signal to wait for
    assert cards == []


def test_an_empty_port_starts_nothing(reader):
    reader.start("serial", "")
    assert not reader.is_running()


def test_the_test_dialog_shows_frames_and_the_masked_card(qtbot, emulator):
    emulator.put(MA_YAN)
    dialog = IdCardTestDialog(port=emulator.url, timeout=0.5)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.probe_finished, timeout=10000):
        qtbot.keyClick(dialog.probe_button, Qt.Key.Key_Space)
    frames = dialog.frames_view.toPlainText()
    assert "→ AA AA AA 96 69 00 03 20 01 22  寻卡" in frames
    assert "字节证件信息不显示" in frames
    shown = dialog.result_label.text()
    assert "读卡成功" in shown and "姓名：马䶮" in shown
    assert "4116**********111X" in shown
    assert "41162319900415111X" not in shown + frames


def test_the_test_dialog_asks_for_a_port_when_none_is_given(qtbot):
    dialog = IdCardTestDialog(port="")
    qtbot.addWidget(dialog)
    dialog.port_combo.setEditText("")
    dialog.start_probe()
    assert dialog.result_label.text() == "请选择或填写读卡器端口"


def test_a_port_typed_into_the_test_dialog_is_read_on_enter(qtbot, emulator):
    dialog = IdCardTestDialog(port="", timeout=0.5)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.port_combo.setFocus()
    qtbot.waitUntil(lambda: dialog.port_combo.lineEdit().hasFocus())
    qtbot.keyClicks(dialog.port_combo.lineEdit(), emulator.url)
    with qtbot.waitSignal(dialog.probe_finished, timeout=10000):
        qtbot.keyClick(dialog.port_combo.lineEdit(), Qt.Key.Key_Return)
    assert "读卡器应答正常，但读卡器上没有证件" in dialog.result_label.text(), (
        dialog.chosen_port(),
        dialog.frames_view.toPlainText(),
        emulator.commands,
    )
