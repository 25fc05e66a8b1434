"""Size and start-up time of the frozen workstation, as a table.

    .venv/bin/python packaging/measure_bundle.py [dist/checkpoint-app] [--runs 5]
        [--baseline OTHER_BUNDLE]

Size is the sum of the bundle's file sizes (what an installer unpacks), in total and by
component (OpenCV, Qt, NumPy, ...: the folders a package puts in the bundle, with its
``.libs`` folder of vendored libraries). With ``--baseline``, an older bundle is measured
in the same run and shown beside it. Start-up is the
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

#: Component name → top-level names in the bundle's _internal/ folder (a prefix match).
COMPONENTS: dict[str, tuple[str, ...]] = {
    "OpenCV": ("cv2", "opencv_python_headless.libs", "opencv_python.libs"),
    "Qt (PySide6)": ("PySide6", "shiboken6"),
    "NumPy": ("numpy", "numpy.libs"),
    "SciPy, PyWavelets": ("scipy", "scipy.libs", "pywt"),
    "onnxruntime": ("onnxruntime",),
    "OCR models (rapidocr)": ("rapidocr_onnxruntime",),
    "Pillow": ("PIL", "pillow.libs"),
    "Shapely, pyclipper": ("shapely", "shapely.libs", "pyclipper"),
    "cryptography": ("cryptography", "_cffi_backend", "cffi"),
    "Python": ("libpython", "python3", "base_library.zip", "lib-dynload"),
}


def bundle_size(bundle: Path) -> int:
    return sum(
        path.stat().st_size
        for path in bundle.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def component_sizes(bundle: Path) -> dict[str, int]:
    """Bytes per component; other libraries in the top folder are "system libraries"."""
    internal = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    sizes: dict[str, int] = {}
    for path in internal.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        top = path.relative_to(internal).parts[0]
        name = next(
            (component for component, prefixes in COMPONENTS.items() if top.startswith(prefixes)),
            None,
        )
        if name is None:
            is_library = len(path.relative_to(internal).parts) == 1 and ".so" in top
            is_library = is_library or top.lower().endswith(".dll")
            name = "system libraries" if is_library else "other"
        sizes[name] = sizes.get(name, 0) + path.stat().st_size
    # The launcher carries the compressed pure-Python modules (PYZ) appended to it.
    launchers = sum(p.stat().st_size for p in bundle.iterdir() if p.is_file())
    sizes["launcher + Python modules"] = launchers
    return sizes


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


def measure(bundle: Path, runs: int) -> dict[str, str]:
    """Size, cold start and warm start of one bundle, formatted."""
    if hasattr(os, "posix_fadvise"):
        evict_from_page_cache(bundle)
        cold = f"{time_to_window(bundle):.2f} s"
    else:
        cold = "n/a (no posix_fadvise here)"
    warm = [time_to_window(bundle) for _ in range(runs)]
    return {
        "size": f"{bundle_size(bundle) / 2**20:.0f} MiB",
        "cold": cold,
        "warm": f"{statistics.median(warm):.2f} s",
    }


def _mib(size: int | None) -> str:
    return "–" if not size else f"{size / 2**20:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=Path("dist/checkpoint-app"))
    parser.add_argument("--runs", type=int, default=5, help="warm runs (default 5)")
    parser.add_argument("--baseline", type=Path, help="an older bundle to show beside it")
    args = parser.parse_args(argv)
    bundle: Path = args.bundle
    baseline: Path | None = args.baseline

    bundles = [baseline, bundle] if baseline is not None else [bundle]
    results = [measure(b, args.runs) for b in bundles]
    heads = " | ".join(str(b) for b in bundles)
    print(f"| measure | {heads} | goal |")
    print("|---|" + "---|" * len(bundles) + "---|")
    rows = (
        ("bundle size", "size", "≤ 300 MiB"),
        ("start to main window, cold", "cold", "≤ 3 s"),
        (f"start to main window, warm (median of {args.runs})", "warm", "≤ 3 s"),
    )
    for label, key, goal in rows:
        print(f"| {label} | " + " | ".join(r[key] for r in results) + f" | {goal} |")

    sizes = [component_sizes(b) for b in bundles]
    names = sorted({n for s in sizes for n in s}, key=lambda n: -max(s.get(n, 0) for s in sizes))
    print()
    print(f"| component (MiB) | {heads} |")
    print("|---|" + "---|" * len(bundles))
    for name in names:
        print(f"| {name} | " + " | ".join(_mib(s.get(name)) for s in sizes) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
