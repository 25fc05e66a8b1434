"""GUI fixtures: a real signed-in MainWindow, and a keyboard that types like people and scanners."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from checkpoint_app.gui.main_window import MainWindow
from checkpoint_app.settings import Settings
from tests.county_fixtures import CountyServer, forged_county  # noqa: F401

_NAMED_KEYS = {
    "\r": Qt.Key.Key_Return,
    "\t": Qt.Key.Key_Tab,
    ".": Qt.Key.Key_Period,
    "-": Qt.Key.Key_Minus,
    ":": Qt.Key.Key_Colon,
    " ": Qt.Key.Key_Space,
    "*": Qt.Key.Key_Asterisk,
}


def _key_for(char: str) -> Qt.Key:
    if char in _NAMED_KEYS:
        return _NAMED_KEYS[char]
    if char.isascii() and char.isalnum():
        return Qt.Key(ord(char.upper()))
    return Qt.Key.Key_unknown  # CJK text arrives as the event's text, as from an IME commit


class Keyboard:
    """Sends key events with explicit timestamps, the way the OS delivers them.

    pytest-qt's keyClicks cannot type Chinese offscreen and carries no realistic
    timing; the wedge-scanner filter decides by timestamps, so these events do.
    Shortcut keys (F1, Ctrl+2, Esc) go through `press`, i.e. QTest, which also
    delivers shortcuts.
    """

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.now_ms = 10_000_000

    def _send(self, char: str, gap_ms: int) -> None:
        self.now_ms += gap_ms
        target = QApplication.focusWidget()
        assert target is not None, "no widget has keyboard focus"
        text = "" if char == "\r" else char
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, _key_for(char), Qt.KeyboardModifier.NoModifier, text)
            event.setTimestamp(self.now_ms)
            QApplication.sendEvent(target, event)

    def scan(self, payload: str, *, gap_ms: int = 3, terminator: str = "\r") -> None:
        """A wedge scanner: the whole payload a few ms per key, then Enter.

        A scan begins a moment after whatever the worker typed before (they pick up the
        scanner): keys a few ms after a typed one would be one burst with it."""
        self.now_ms += 800
        for char in payload:
            self._send(char, gap_ms)
        self._send(terminator, gap_ms)

    def type(self, text: str, *, gap_ms: int = 120) -> None:
        """A person typing; returns once every key has reached its widget."""
        for char in text:
            self._send(char, gap_ms)
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        self.qtbot.waitUntil(lambda: not window.scanner.holding, timeout=2000)

    def enter(self, *, gap_ms: int = 150) -> None:
        self._send("\r", gap_ms)

    def press(
        self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        target = QApplication.focusWidget()
        assert target is not None
        self.qtbot.keyClick(target, key, modifiers)


@pytest.fixture
def keyboard(qtbot: QtBot) -> Keyboard:
    return Keyboard(qtbot)


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def make_main_window(qtbot: QtBot, workstation) -> Callable[..., MainWindow]:
    """A signed-in main window for `staff` (the registrar by default), shown and focused."""

    def make(staff=None, settings: Settings | None = None) -> MainWindow:
        window = MainWindow(
            workstation.db,
            settings=settings or Settings(),
            checkpoint=workstation.checkpoint,
            staff=staff or workstation.registrar,
            shift=workstation.shift,
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.form.ui.scanEdit.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.ui.scanEdit)
        return window

    return make


@pytest.fixture
def main_window(make_main_window, settings: Settings) -> Iterator[MainWindow]:
    window = make_main_window(settings=settings)
    yield window
    window.close()


@pytest.fixture(scope="module")
def county_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    """A real county server on SQLite: the window's behaviour does not depend on the
    county's database, which tests/county and tests/sync cover on both backends."""
    server = CountyServer(tmp_path_factory.mktemp("county"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.store.close()
