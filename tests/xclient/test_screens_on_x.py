"""The main window on a 1366x768 screen, in Chinese and in English, as X shows it.

Screenshots are kept under the test's tmp folder (`import -window root`). The window as
the X server placed it must fit the screen — a form whose minimum size is wider or taller
than 1366x768 makes Qt grow the window past the screen edge, which is how the save button,
the suggestion or the error line would fall off — and a refused save's red banner must
be drawn inside it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.xclient.xdrive import SCREEN, Keyboard, RunningApp, XServer

REFUSED_RED = (0xC6, 0x28, 0x28)  # the banner of a refused save (main_window._save_refused)


@pytest.fixture(scope="module", params=["zh_CN", "en"])
def lang_app(
    request: pytest.FixtureRequest, xserver: XServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    folder = tmp_path_factory.mktemp("app-" + request.param)
    running = RunningApp(
        xserver,
        folder / "data",
        folder / "app.log",
        lang=None if request.param == "zh_CN" else request.param,
    )
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _red_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels of the refused-save red inside `box` (the window)."""
    region = np.asarray(image.convert("RGB").crop(box), dtype=np.int16)
    close = np.abs(region - np.array(REFUSED_RED, dtype=np.int16)).max(axis=2) < 16
    return int(close.sum())


def test_the_window_fits_the_screen_and_a_refused_save_shows_red_inside_it(
    lang_app: RunningApp, xserver: XServer, tmp_path: Path
) -> None:
    keys = Keyboard(xserver.env())
    window = keys.wait_window("宁洛高速谭庄站")
    keys.key("Escape", "F9")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    lang = lang_app.lang or "zh_CN"
    first = keys.screenshot(shots / f"main-{lang}.png")
    x, y, width, height = keys.window_geometry(window)
    assert x >= 0 and y >= 0
    assert x + width <= SCREEN[0] and y + height <= SCREEN[1], (x, y, width, height)
    assert width >= SCREEN[0] - 20  # maximised, not a small window in a corner

    keys.scan("41072219560619060X")
    time.sleep(0.2)
    keys.person("36.5")
    keys.key("Return")  # codes and NAT unchecked, no reason: the save is refused
    time.sleep(0.8)
    refused = keys.screenshot(shots / f"refused-{lang}.png")
    box = (x, y, x + width, y + height)
    with Image.open(first) as before, Image.open(refused) as after:
        assert before.size == after.size == SCREEN
        # The banner (about 500x90 px) turns red; the form's red labels were there before.
        assert _red_pixels(after, box) - _red_pixels(before, box) > 20_000
    keys.key("Escape")
