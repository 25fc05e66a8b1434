"""Fixtures: a county store and server on each backend, workstations in their own data
folders, the GUI's signed-in main window and keyboard (tests/gui/conftest.py) for the
form's tests, and a FIFO that cannot hang a test for ever."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.county_fixtures import county_server, county_store, enrolled, station  # noqa: F401
from tests.gui.conftest import keyboard, main_window, make_main_window, settings  # noqa: F401
from tests.hostile.special_files import released_fifo


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO; should a reader block on it anyway, a writer lets it go after 20 s."""
    with released_fifo(tmp_path / "named-pipe.kdtb") as path:
        yield path
