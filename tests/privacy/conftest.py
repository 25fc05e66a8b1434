"""The GUI fixtures (a signed-in window, the keyboard) for the privacy tests."""

from tests.gui.conftest import Keyboard, keyboard, main_window, make_main_window, settings

__all__ = ["Keyboard", "keyboard", "main_window", "make_main_window", "settings"]
