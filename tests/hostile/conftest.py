"""Fixtures: a county store on each backend, workstations in their own data folders, and
the GUI's signed-in main window and keyboard (tests/gui/conftest.py) for the form's tests."""

from tests.county_fixtures import county_server, county_store, enrolled, station  # noqa: F401
from tests.gui.conftest import keyboard, main_window, make_main_window, settings  # noqa: F401
