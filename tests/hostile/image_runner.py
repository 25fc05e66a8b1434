"""Load hostile image files in a child process, one at a time, with a wall-clock guard.

The parent (``run_image_files``) starts ``python -m tests.hostile.image_runner FOLDER
NAME…`` and reads one JSON line per file. A file that takes longer than the guard is a
hang: the child is killed and a new one carries on with the next file. A child that dies
(a segfault in a codec) is a crash, and the same. Memory is measured inside the child,
from /proc: the resident size after each file against the size after warm-up (growth
the process keeps) and the peak resident size while that file loaded (VmHWM, reset per
file through /proc/self/clear_refs).
"""

from __future__ import annotations

import gc
import json
import os
import selectors
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class FileResult:
    name: str
    #: "loaded", the ImageRejected reason, "hang" or "crash".
    outcome: str
    message: str = ""
    seconds: float = 0.0
    #: Resident memory after this file, against after warm-up (KiB).
    kept_growth_kib: int = 0
    #: Peak resident memory while this file loaded, against after warm-up (KiB).
    peak_growth_kib: int = 0


# ----------------------------------------------------------------------------- child


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _reset_peak() -> None:
    # "5" resets VmHWM to the current resident size (Linux 4.0+).
    with Path("/proc/self/clear_refs").open("w") as handle:
        handle.write("5")


def _child(folder: Path, names: list[str]) -> None:
    from PIL import Image

    from checkpoint_app.scanning.images import ImageRejected, load_image
    from tests.scanning.test_images import encode, screenshot

    for fmt in ("PNG", "JPEG", "WEBP", "BMP"):  # codecs and their first buffers in place
        load_image(encode(screenshot(300, 600), fmt))
    load_image(encode(Image.new("CMYK", (64, 64)), "JPEG"))
    gc.collect()
    baseline = _status_kib("VmRSS")
    print(json.dumps({"event": "ready"}), flush=True)
    for name in names:
        print(json.dumps({"event": "start", "name": name}), flush=True)
        _reset_peak()
        started = time.perf_counter()
        outcome, message = "loaded", ""
        try:
            load_image(folder / name)
        except ImageRejected as refused:
            outcome, message = refused.reason, refused.message
        seconds = time.perf_counter() - started
        peak = _status_kib("VmHWM")
        gc.collect()
        result = {
            "event": "done",
            "name": name,
            "outcome": outcome,
            "message": message,
            "seconds": seconds,
            "kept_growth_kib": _status_kib("VmRSS") - baseline,
            "peak_growth_kib": peak - baseline,
        }
        print(json.dumps(result, ensure_ascii=False), flush=True)


# ---------------------------------------------------------------------------- parent


def run_image_files(
    folder: Path, names: list[str], *, guard_seconds: float = 5.0, start_seconds: float = 120.0
) -> list[FileResult]:
    """Load each file of ``folder`` named in ``names`` in a child process; one result each.

    A file still loading after ``guard_seconds`` is reported as a hang, a child that died
    as a crash; either way the remaining files go to a fresh child.
    """
    results: list[FileResult] = []
    remaining = list(names)
    while remaining:
        results.extend(_run_child(folder, remaining, guard_seconds, start_seconds))
        done = {r.name for r in results}
        remaining = [n for n in remaining if n not in done]
    return results


def _run_child(
    folder: Path, names: list[str], guard_seconds: float, start_seconds: float
) -> list[FileResult]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.hostile.image_runner", str(folder), *names],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    results: list[FileResult] = []
    current: str | None = None
    started = time.monotonic()
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        while True:
            limit = guard_seconds if current is not None else start_seconds
            left = limit - (time.monotonic() - started)
            if left <= 0 or not selector.select(timeout=left):
                child.kill()
                child.wait()
                if current is None:
                    raise RuntimeError("the image child did not start in time")
                results.append(FileResult(current, "hang", seconds=time.monotonic() - started))
                return results
            chunk = os.read(child.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                event = json.loads(line)
                if event["event"] == "start":
                    current, started = event["name"], time.monotonic()
                elif event["event"] == "done":
                    del event["event"]
                    results.append(FileResult(**event))
                    current, started = None, time.monotonic()
    code = child.wait()
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if current is not None:
        results.append(FileResult(current, "crash", f"exit {code}: {stderr[-300:]}"))
    elif code != 0 and len(results) < len(names):
        raise RuntimeError(f"the image child failed before any file (exit {code}): {stderr}")
    return results


if __name__ == "__main__":
    _child(Path(sys.argv[1]), sys.argv[2:])
