"""How long the window stalls while a PIN unlocks the encrypted store, and what the PIN's
key-derivation cost means for someone guessing PINs offline.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_sign_in.py [--runs N] [--markdown]

The guessing rows: an attacker holding the data folder *and* the device secret tries PINs
against one key-file entry, one wrong PIN after another, using both cores as the KDF does.
Baseline: the cost before (LEGACY_PIN_KDF); the app's cost now: PIN_KDF.

A 10 ms QTimer ticks while the sign-in runs (real Argon2id key derivation and PIN hash).
Baseline: the same `check_sign_in` called on the GUI thread, as sign-in used to be; then
through `run_in_background`, as the sign-in dialog does now. The figure that matters is the
longest gap between two ticks: what a person would see as a frozen window.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _table import print_table  # noqa: E402
from cryptography.exceptions import InvalidTag  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from checkpoint_app.gui.background import run_in_background  # noqa: E402
from checkpoint_app.records.model import CheckpointKind  # noqa: E402
from checkpoint_app.storage.staff import set_up_checkpoint  # noqa: E402
from checkpoint_app.storage.unlock import (  # noqa: E402
    check_sign_in,
    create_encrypted_store,
    ensure_pin_wrapped,
    lock_store,
)

PIN = "246813"


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    value: str
    goal: str
    verdict: str


def _store(folder: Path) -> Path:
    device = folder / "device-secret"
    db = create_encrypted_store(folder, "BENCH-SIGN-IN-SECRET")
    set_up_checkpoint(
        db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin=PIN,
    )
    ensure_pin_wrapped(folder, "赵志刚", PIN, device_secret_path=device)
    db.close()
    lock_store(folder)
    return device


def _measure(folder: Path, device: Path, *, background: bool) -> tuple[float, float]:
    """(whole sign-in in ms, longest gap between 10 ms ticks in ms)."""
    ticks: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start()
    loop = QEventLoop()
    QTimer.singleShot(50, loop.quit)  # the timer settles
    loop.exec()
    started = time.perf_counter()

    def sign_in(**_: object) -> object:
        return check_sign_in(folder, "赵志刚", PIN, device_secret_path=device)

    if background:
        done = QEventLoop()
        run_in_background(sign_in, on_done=lambda _r: done.quit(), on_error=lambda e: done.quit())
        done.exec()
    else:
        sign_in()
    elapsed = (time.perf_counter() - started) * 1000
    QTimer.singleShot(30, loop.quit)  # the tick that follows a stall
    loop.exec()
    timer.stop()
    lock_store(folder)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return elapsed, float(max(gaps))


def _guesses_per_second(kdf: object, tries: int) -> float:
    from checkpoint_app.storage import keyfile
    from checkpoint_app.storage.encryption import new_data_key

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / keyfile.KEYFILE_NAME
        device = keyfile.device_secret(Path(tmp) / "device-secret")
        data_key = new_data_key()
        keyfile.create_key_file(path, data_key, "BENCH-GUESSING-SECRET")
        saved = keyfile.PIN_KDF
        keyfile.PIN_KDF = kdf  # type: ignore[assignment]
        try:
            keyfile.set_staff_pin(path, data_key, "赵志刚", PIN, device_secret=device)
        finally:
            keyfile.PIN_KDF = saved
        entry = keyfile.load_key_file(path).wrap_for("赵志刚")  # type: ignore[union-attr]
        assert entry is not None
        started = time.perf_counter()
        for guess in range(tries):
            with contextlib.suppress(InvalidTag):  # a wrong guess
                keyfile._unwrap(  # what a guesser runs: derive, then try AES-GCM
                    entry.wrapped,
                    keyfile._pin_secret(f"{guess:06d}", device),
                    keyfile._aad("staff", entry.name),
                )
        return tries / (time.perf_counter() - started)


def _days(count: float, rate: float) -> str:
    seconds = count / rate
    return f"{seconds / 86400:.1f} days" if seconds > 86400 else f"{seconds / 60:.0f} min"


def _guessing_rows(runs: int) -> list[Row]:
    from checkpoint_app.storage import keyfile

    legacy = _guesses_per_second(keyfile.LEGACY_PIN_KDF, max(10, runs * 4))
    now = _guesses_per_second(keyfile.PIN_KDF, max(4, runs))
    return [
        Row("offline guesses/s, old cost (64 MiB, t=2), baseline", f"{legacy:.1f}", "-", "-"),
        Row("offline guesses/s, PIN_KDF (256 MiB, t=4)", f"{now:.2f}", "-", "-"),
        Row(
            "guessing cost ratio now / old",
            f"{legacy / now:.1f}×",
            "≥ 5×",
            "ok" if legacy / now >= 5 else "LOW",
        ),
        Row("all 4-digit PINs, old cost", _days(1e4, legacy), "-", "-"),
        Row("all 4-digit PINs, now (PINs set before 6 digits)", _days(1e4, now), "-", "-"),
        Row(
            "all 6-digit PINs, now (every new PIN)",
            _days(1e6, now),
            "> 3 days",
            "ok" if 1e6 / now > 3 * 86400 else "LOW",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        device = _store(folder)
        results = {
            mode: [_measure(folder, device, background=mode) for _ in range(args.runs)]
            for mode in (False, True)
        }
    gui_stall = statistics.median(s for _, s in results[False])
    worker_stall = statistics.median(s for _, s in results[True])
    rows = [
        Row(
            "sign-in on the GUI thread (baseline), ms",
            f"{statistics.median(e for e, _ in results[False]):.0f}",
            "-",
            "-",
        ),
        Row(
            "sign-in on a worker, ms",
            f"{statistics.median(e for e, _ in results[True]):.0f}",
            "-",
            "-",
        ),
        Row("longest window stall, baseline, ms", f"{gui_stall:.0f}", "-", "-"),
        Row(
            "longest window stall, worker, ms",
            f"{worker_stall:.0f}",
            "< 100",
            "ok" if worker_stall < 100 else "SLOW",
        ),
        Row(
            "stall ratio worker / baseline",
            f"{worker_stall / gui_stall:.3f}",
            "< 0.2",
            "ok" if worker_stall / gui_stall < 0.2 else "SLOW",
        ),
    ]
    rows += _guessing_rows(args.runs)
    print(f"median of {args.runs} runs each")
    print_table(rows, markdown=args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
