"""Paths that name something other than a small regular file, for the file-import tests.

A chosen path may name a FIFO (opening it waits for a writer forever), /dev/zero (never
ends), a directory, a symlink to one of these, or a sparse file far over a cap.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HUGE_SPARSE = 1 << 40  # a terabyte that costs no disk

NOT_FILE_KINDS = [
    "fifo",
    "dev-zero",
    "folder",
    "over-cap-by-one",
    "terabyte",
    "symlink-to-fifo",
    "symlink-to-dev-zero",
    "symlink-to-folder",
]


@contextmanager
def released_fifo(path: Path, after_s: float = 20) -> Iterator[Path]:
    """A FIFO at `path`; should a reader block on it anyway, a writer lets it go later."""
    os.mkfifo(path)

    def release() -> None:
        with contextlib.suppress(OSError):  # ENXIO: nobody is blocked reading
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(after_s, release)
    timer.start()
    try:
        yield path
    finally:
        timer.cancel()


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def not_files(tmp_path: Path, fifo: Path, cap: int) -> dict[str, Path]:
    """Every kind of path an entry point must refuse unread, by name (NOT_FILE_KINDS)."""
    folder = tmp_path / "folder.kdtb"
    folder.mkdir()
    links = {}
    for name, target in (("fifo", fifo), ("dev-zero", Path("/dev/zero")), ("folder", folder)):
        links[name] = tmp_path / f"link-to-{name}"
        links[name].symlink_to(target)
    return {
        "fifo": fifo,
        "dev-zero": Path("/dev/zero"),
        "folder": folder,
        "over-cap-by-one": sparse(tmp_path / "over-cap.bin", cap + 1),
        "terabyte": sparse(tmp_path / "terabyte.bin", HUGE_SPARSE),
        **{f"symlink-to-{name}": link for name, link in links.items()},
    }
