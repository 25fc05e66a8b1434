"""Fixtures: a real county server process per module, enrolled workstations, the GUI's window."""

from tests.county_fixtures import county_server, county_store, enrolled, station  # noqa: F401
from tests.gui.conftest import keyboard, make_main_window, settings  # noqa: F401
