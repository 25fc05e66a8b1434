"""The GUI fixtures (a signed-in main window, the Keyboard) for the workstation-side tests."""

from tests.gui.conftest import keyboard, main_window, make_main_window, settings

__all__ = ["keyboard", "main_window", "make_main_window", "settings"]
