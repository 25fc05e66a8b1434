"""Size and start-up time of the frozen workstation, as a table.

    .venv/bin/python packaging/measure_bundle.py [dist/checkpoint-app] [--runs 5]

Size is the sum of the bundle's file sizes (what an installer unpacks). Start-up is the
wall time from launching `checkpoint-app --self-test` (offscreen) until it prints that
the main window is visible: the interpreter, Qt, the store, the resources and the main
window, which is what a worker waits for, minus the sign-in dialog. "Cold" first evicts
every file of the bundle from the page cache (posix_fadvise DONTNEED, no root needed),
as after a reboot; the system's own libraries may still be cached. "Warm" is the median
of the following runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

WINDOW_LINE = "main window builds"


def bundle_size(bundle: Path) -> int:
    return sum(
        path.stat().st_size
        for path in bundle.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def evict_from_page_cache(bundle: Path) -> None:
    """Drop the bundle's files from the page cache, so the next start reads the disk."""
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def executable(bundle: Path) -> Path:
    for name in ("checkpoint-app-cli.exe", "checkpoint-app.exe", "checkpoint-app"):
        if (bundle / name).exists():
            return bundle / name
    raise SystemExit(f"no checkpoint-app executable in {bundle}")


def time_to_window(bundle: Path) -> float:
    """Seconds from launch until the self-test reports the main window visible."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(executable(bundle)), "--self-test"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    elapsed: float | None = None
    for line in process.stdout:
        if WINDOW_LINE in line and elapsed is None:
            elapsed = time.perf_counter() - started
    if process.wait() != 0 or elapsed is None:
        raise SystemExit("the frozen self-test failed; run it by hand to see why")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=Path("dist/checkpoint-app"))
    parser.add_argument("--runs", type=int, default=5, help="warm runs (default 5)")
    args = parser.parse_args(argv)
    bundle: Path = args.bundle

    size = bundle_size(bundle)
    if hasattr(os, "posix_fadvise"):
        evict_from_page_cache(bundle)
        cold = f"{time_to_window(bundle):.2f} s"
    else:
        cold = "n/a (no posix_fadvise here)"
    warm = [time_to_window(bundle) for _ in range(args.runs)]

    print("| measure | value | goal |")
    print("|---|---|---|")
    print(f"| bundle size ({bundle}) | {size / 2**20:.0f} MiB | ≤ 300 MiB |")
    print(f"| start to main window, cold | {cold} | ≤ 3 s |")
    print(
        f"| start to main window, warm (median of {args.runs}) | "
        f"{statistics.median(warm):.2f} s | ≤ 3 s |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
