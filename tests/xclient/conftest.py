"""Fixtures for the real-client suite: one Xvfb + openbox for the run, the real app per module.

Skips with the missing tools named when the X tools are absent; CI sets
CHECKPOINT_REQUIRE_X=1 so that it fails there instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.xclient.xdrive import (
    APP,
    Keyboard,
    RunningApp,
    StoreReader,
    XServer,
    missing_tools,
)

REQUIRE_X = os.environ.get("CHECKPOINT_REQUIRE_X") == "1"


@pytest.fixture(scope="session")
def xserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[XServer]:
    missing = missing_tools()
    if not APP.exists():
        missing.append(str(APP))
    if missing:
        reason = "real X client tests need: " + ", ".join(missing)
        if REQUIRE_X:
            pytest.fail(reason + " (CHECKPOINT_REQUIRE_X=1)")
        pytest.skip(reason)
    server = XServer(tmp_path_factory.mktemp("xserver")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app(xserver: XServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    folder = tmp_path_factory.mktemp("app")
    running = RunningApp(xserver, folder / "data", folder / "app.log")
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


@pytest.fixture
def keys(xserver: XServer, app: RunningApp) -> Keyboard:
    """The keyboard, with the main window active and a fresh traveller in the form."""
    keyboard = Keyboard(xserver.env())
    if app.proc is not None and app.proc.poll() is not None:
        pytest.fail(f"the app exited with {app.proc.returncode}; see {app.log_path}")
    for _ in range(3):  # close whatever an earlier test left open
        if "宁洛高速谭庄站" in keyboard.active_window_name():
            break
        keyboard.key("Escape")
    keyboard.wait_active("宁洛高速谭庄站")
    keyboard.key("Escape", "F9")
    return keyboard


@pytest.fixture
def store(app: RunningApp) -> Iterator[StoreReader]:
    reader = StoreReader(app.data_dir)
    yield reader
    reader.close()


def shots_dir(tmp_path: Path) -> Path:
    path = tmp_path / "screenshots"
    path.mkdir(exist_ok=True)
    return path
