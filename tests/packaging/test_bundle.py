"""The frozen workstation (PyInstaller bundle) works: self-test, and a screenshot scan with OCR.

Builds nothing: point CHECKPOINT_TEST_BUNDLE at a bundle made by tools/build_bundle.sh,

    CHECKPOINT_TEST_BUNDLE=dist/checkpoint-app .venv/bin/python -m pytest tests/packaging

(a one-folder bundle's folder, or a one-file build's executable). Without it every test
here skips, saying so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import pytest

from checkpoint_app.scanning.decode import ZBAR_MISSING_NOTICE
from tests.scanning.corpus import make_sample
from tests.scanning.test_perceptual_hash import CORPUS_HASHES

ROOT = Path(__file__).resolve().parents[2]
BUNDLE_ENV = "CHECKPOINT_TEST_BUNDLE"
# The folder measured 439 MiB on Linux (see docs/BUILDING.md): this catches a dependency
# that drags in another fifty megabytes, long before anyone notices it in an installer.
SIZE_LIMIT_MIB = 490
SELF_TEST_CHECKS = (
    "CJK font",
    "English translation",
    "divisions data",
    "health-code issuers",
    "sound ok.wav",
    "sound attention.wav",
    "store opens",
    "main window builds",
    "shift export (Excel)",
    "papers (PDF, receipt)",
)


@pytest.fixture(scope="module")
def bundle() -> Path:
    value = os.environ.get(BUNDLE_ENV)
    if not value:
        pytest.skip(f"{BUNDLE_ENV} is not set: build with tools/build_bundle.sh first")
    path = Path(value)
    if not path.is_absolute():
        path = ROOT / path
    if not path.exists():
        pytest.fail(f"{BUNDLE_ENV}={value} does not exist")
    return path


@pytest.fixture(scope="module")
def executable(bundle: Path) -> Path:
    if bundle.is_file():
        return bundle  # a one-file build
    # On Windows the console launcher: the windowed one has no stdout to read.
    for name in ("checkpoint-app-cli.exe", "checkpoint-app"):
        if (bundle / name).is_file():
            return bundle / name
    pytest.fail(f"no checkpoint-app executable in {bundle}")


def run_frozen(
    executable: Path, *args: str, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    # The environment of a user, not of this venv: the frozen app must not lean on it.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "LD_LIBRARY_PATH", "QT_"))
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=executable.parent,
        timeout=timeout,
        check=False,
    )


def test_frozen_self_test_passes_every_check(executable: Path) -> None:
    result = run_frozen(executable, "--self-test")

    assert result.returncode == 0, result.stdout + result.stderr
    for check in SELF_TEST_CHECKS:
        assert f"[ok] {check}" in result.stdout, result.stdout
    assert "0 failed" in result.stdout


def test_frozen_scan_reads_code_colour_and_text_of_a_screenshot(
    executable: Path, tmp_path: Path
) -> None:
    sample = make_sample("health", "clean", 0, 2022)
    image = tmp_path / "health.png"
    cv2.imwrite(str(image), sample.image)

    result = run_frozen(executable, "scan", "--json", str(image))

    assert result.returncode == 0, result.stdout + result.stderr
    reports: list[dict[str, Any]] = [
        json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")
    ]
    assert len(reports) == 1, result.stdout + result.stderr
    report = reports[0]
    # OpenCV loaded and prepared the image, a decoder (zxing-cpp first) read the code ...
    assert [code["text"] for code in report["codes"]] == list(sample.payloads)
    assert report["colour"] == sample.codes[0].colour.value
    assert report["page_kind"] == "health_code"
    # ... pyzbar found the bundled libzbar (else this notice says the step was skipped) ...
    assert ZBAR_MISSING_NOTICE not in report["notices"]
    # ... and rapidocr ran its bundled models on onnxruntime.
    assert report["ocr"] is True
    # The frozen perceptual hash (OpenCV's DCT, no SciPy) is the one ImageHash made.
    fingerprint = next(f for k, v, _, f in CORPUS_HASHES if (k, v) == ("health", "clean"))
    assert report["image"]["fingerprint"] == fingerprint
    assert report["fields"]["nat_result"]["value"] == "negative"
    assert report["timings_ms"]["ocr_recognise"] > 0


def test_frozen_bundle_leaves_out_the_county_server_and_unused_qt(bundle: Path) -> None:
    if bundle.is_file():
        pytest.skip("a one-file build cannot be listed")
    names = {path.name for path in bundle.rglob("*")}
    for absent in (
        *("fastapi", "uvicorn", "sqlalchemy", "starlette", "psycopg", "tkinter"),
        *("scipy", "scipy.libs", "pywt", "imagehash"),
    ):
        assert absent not in names
    assert not [name for name in names if "WebEngine" in name or "Qt6Quick" in name]
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size / 2**20 < SIZE_LIMIT_MIB


def test_pyzbar_loads_the_bundled_libzbar_not_the_systems(
    executable: Path, bundle: Path, tmp_path: Path
) -> None:
    if sys.platform != "linux" or bundle.is_file():
        pytest.skip("the runtime hook is for Linux one-folder bundles")
    assert sorted(bundle.rglob("libzbar.so*")), "libzbar is not in the bundle"
    image = tmp_path / "health.png"
    cv2.imwrite(str(image), make_sample("health", "clean", 0, 2022).image)
    # LD_DEBUG=libs names every library the dynamic loader initialises, with its path.
    env = dict(os.environ, LD_DEBUG="libs", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [str(executable), "scan", "--json", "--no-ocr", str(image)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    initialised = [
        line for line in result.stderr.splitlines() if "calling init" in line and "libzbar" in line
    ]
    assert initialised, result.stderr[-2000:]
    assert all(str(bundle) in line for line in initialised), initialised
