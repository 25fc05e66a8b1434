"""Scanner input: keyboard-wedge bursts caught application-wide, and serial-port scanners."""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtSerialPort import QSerialPort, QSerialPortInfo
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from checkpoint_app.scanning.wedge import (
    BurstTracker,
    BurstVerdict,
    HeldKey,
    WedgeConfig,
    WedgeDetector,
    WedgeStep,
)

_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
# Keys that only modify others: a scanner presses Shift for capitals (and X sends the
# Shift press as a key event of its own), so they never end a burst.
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
)


def _is_text_key(event: QKeyEvent) -> bool:
    text = event.text()
    if not text or not text.isprintable():
        return False
    mods = event.modifiers() & ~(
        Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
    )
    return mods == Qt.KeyboardModifier.NoModifier


@dataclass(frozen=True, slots=True)
class _FieldState:
    """A text field as it was before a possible scan began: put back if it was one."""

    editor: QWidget
    text: str
    cursor: int


def _editor_of(widget: QWidget) -> QWidget | None:
    """The text editor behind the focus widget (a spin box's or an editable combo's line
    edit), or None when the focus is not on text (buttons, plain combo boxes)."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return None if widget.isReadOnly() else widget
    if isinstance(widget, QComboBox):
        return widget.lineEdit() if widget.isEditable() else None
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def _snapshot(editor: QWidget) -> _FieldState:
    if isinstance(editor, QLineEdit):
        return _FieldState(editor, editor.text(), editor.cursorPosition())
    assert isinstance(editor, (QPlainTextEdit, QTextEdit))
    return _FieldState(editor, editor.toPlainText(), editor.textCursor().position())


def _restore(state: _FieldState) -> None:
    editor = state.editor
    if isinstance(editor, QLineEdit):
        editor.setText(state.text)
        editor.setCursorPosition(state.cursor)
        return
    assert isinstance(editor, (QPlainTextEdit, QTextEdit))
    editor.setPlainText(state.text)
    cursor = editor.textCursor()
    cursor.setPosition(min(state.cursor, len(state.text)))
    editor.setTextCursor(cursor)


class WedgeScannerFilter(QObject):
    """Application-wide event filter that turns fast key bursts into `scan_received(payload)`.

    In a text field the keys go in as typed and a recognised scan is taken out again
    (the field restored as it was before the scan); its terminator never reaches the
    form. Elsewhere keys are held back for at most twice the configured gap and replayed
    to the widget they were meant for when they turn out to be typed. A scan cut by a
    long stall, or too short to be one, is refused with `scan_refused(message)`.
    """

    scan_received = Signal(str)
    scan_refused = Signal(str)
    keys_observed = Signal(str, int)  # text, gap in ms since the previous key (scanner test)

    def __init__(self, config: WedgeConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._detector: WedgeDetector[tuple[QWidget, QKeyEvent]] = WedgeDetector(
            config, refuse_cut_bursts=True
        )
        self._tracker: BurstTracker[_FieldState] = BurstTracker(config)
        self._replaying = False
        self._last_ts: int | None = None
        self._clock_start = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._held_timeout)
        self._held_at = 0.0  # monotonic time the last held key was handled
        self._keys_seen = 0
        self.set_config(config)

    def set_config(self, config: WedgeConfig) -> None:
        self._timer.stop()
        self._release_held()
        self._detector.config = config
        self._tracker.config = config
        self._tracker.on_other_key()
        self._timer.setInterval(max(10, config.max_gap_ms * 2))

    @property
    def holding(self) -> bool:
        """Keys are held back while deciding whether they are a scan."""
        return self._detector.holding

    @property
    def config(self) -> WedgeConfig:
        return self._detector.config

    def _timestamp(self, event: QKeyEvent) -> int:
        # Real key events carry the window system's timestamp; synthesised ones may not.
        stamp = int(event.timestamp())
        if stamp:
            return stamp
        return int((time.monotonic() - self._clock_start) * 1000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() not in _MODIFIER_KEYS
            and not _is_text_key(event)
            and event.key() not in _TERMINATORS
        ):
            # F1–F12 and Ctrl shortcuts never reach KeyPress: a person pressed a key.
            self._tracker.on_other_key()
            return False
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(event, QKeyEvent) or event.isAutoRepeat():
            return False
        # A key event visits the window, then the focus widget, then its parents: decide
        # once, when it reaches the focus widget — or the completer popup, which takes the
        # keys first and hands them to its line edit behind every event filter.
        target = QApplication.focusWidget()
        popup = QApplication.activePopupWidget()
        if target is None or (watched is not target and (popup is None or watched is not popup)):
            return False
        if event.key() in _MODIFIER_KEYS:
            return False
        self._keys_seen += 1
        ts = self._timestamp(event)
        gap = -1 if self._last_ts is None else ts - self._last_ts
        self._last_ts = ts
        is_terminator = (
            event.key() in _TERMINATORS
            and (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            == Qt.KeyboardModifier.NoModifier
        )
        if _is_text_key(event):
            self.keys_observed.emit(event.text(), gap)
        editor = _editor_of(target)
        if editor is not None and not self._detector.holding:
            return self._text_field_key(event, editor, ts, is_terminator=is_terminator)
        return self._held_key(event, target, ts, is_terminator=is_terminator)

    def _text_field_key(
        self, event: QKeyEvent, editor: QWidget, ts: int, *, is_terminator: bool
    ) -> bool:
        if _is_text_key(event):
            self._tracker.on_text_key(event.text(), ts, lambda: _snapshot(editor))
            return False  # the key goes into the field as typed
        if not is_terminator:
            self._tracker.on_other_key()
            return False
        end = self._tracker.on_terminator(ts)
        if end.verdict is BurstVerdict.TYPED:
            return False
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.hide()  # a completer list must not take the scan's characters
        if end.snapshot is not None:
            _restore(end.snapshot)
        if popup is not None:
            QTimer.singleShot(0, popup.hide)  # restoring the text may reopen it
        if end.verdict is BurstVerdict.SCAN:
            self.scan_received.emit(end.payload)
        else:
            self.scan_refused.emit(end.message)
        return True

    def _held_key(self, event: QKeyEvent, target: QWidget, ts: int, *, is_terminator: bool) -> bool:
        if is_terminator:
            step = self._detector.on_terminator(ts)
        elif _is_text_key(event):
            copy = QKeyEvent(
                event.type(),
                event.key(),
                event.modifiers(),
                event.nativeScanCode(),
                event.nativeVirtualKey(),
                event.nativeModifiers(),
                event.text(),
                event.isAutoRepeat(),
                event.count(),
            )
            step = self._detector.on_text_key(event.text(), ts, (target, copy))
        else:
            step = self._detector.on_other_key()
        self._replay(step.replay)
        if self._detector.holding:
            self._held_at = time.monotonic()
            self._timer.start()
        else:
            self._timer.stop()
        self._emit(step)
        return step.consume

    def _emit(self, step: WedgeStep[tuple[QWidget, QKeyEvent]]) -> None:
        if step.scan is not None:
            self.scan_received.emit(step.scan)
        if step.refused is not None:
            self.scan_refused.emit(step.refused)

    def _held_timeout(self) -> None:
        """No key for a while by the wall clock. The clock says nothing about keys still
        queued behind a busy event loop, so first handle the input that has arrived; only
        if none came is the run judged (a burst keeps waiting for its terminator)."""
        seen = self._keys_seen
        QApplication.processEvents()
        if seen != self._keys_seen or not self._detector.holding:
            return  # a key came and re-armed the timer, or ended the run
        waited = int((time.monotonic() - self._held_at) * 1000)
        step = self._detector.release_held(waited)
        self._replay(step.replay)
        if self._detector.holding:
            self._timer.start()
        self._emit(step)

    def _release_held(self) -> None:
        self._replay(self._detector.release_held().replay)

    def _replay(self, keys: tuple[HeldKey[tuple[QWidget, QKeyEvent]], ...]) -> None:
        if not keys:
            return
        self._replaying = True
        try:
            for key in keys:
                widget, event = key.event
                QApplication.sendEvent(widget, event)
                release = QKeyEvent(
                    QEvent.Type.KeyRelease, event.key(), event.modifiers(), event.text()
                )
                QApplication.sendEvent(widget, release)
        finally:
            self._replaying = False


class SerialScanner(QObject):
    """A scanner in serial (USB CDC / COM port) mode: one payload per CR/LF-terminated line."""

    scan_received = Signal(str)
    error_occurred = Signal(str)
    MAX_LINE = 4096

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._port = QSerialPort(self)
        self._port.readyRead.connect(self._read)
        self._buffer = QByteArray()

    def open(self, port_name: str, baud: int = 9600) -> bool:
        self.close()
        self._port.setPortName(port_name)
        self._port.setBaudRate(baud)
        if not self._port.open(QSerialPort.OpenModeFlag.ReadOnly):
            self.error_occurred.emit(f"无法打开串口 {port_name}：{self._port.errorString()}")
            return False
        return True

    def close(self) -> None:
        if self._port.isOpen():
            self._port.close()
        self._buffer.clear()

    @property
    def is_open(self) -> bool:
        return bool(self._port.isOpen())

    def _read(self) -> None:
        self._buffer.append(self._port.readAll())
        data = bytes(self._buffer.data())
        *lines, rest = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        if len(rest) > self.MAX_LINE:
            self.error_occurred.emit("串口收到的内容过长，已丢弃")
            rest = b""
        self._buffer = QByteArray(rest)
        for line in lines:
            if line:
                self.scan_received.emit(line.decode("utf-8", errors="replace"))


def available_serial_ports() -> list[tuple[str, str]]:
    """(port name, description) of the serial ports present now."""
    return [(p.portName(), p.description()) for p in QSerialPortInfo.availablePorts()]
