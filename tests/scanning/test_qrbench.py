"""The cascade on zxing's public black-box photos must do at least as well as zxing's
own test suite requires of itself at 0° (../shared/qrbench/README.md)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from checkpoint_app.scanning.decode import decode_codes

QRBENCH = Path(__file__).resolve().parents[2].parent / "shared" / "qrbench"
# zxing's QRCodeBlackBox{1..6}TestCase minimum pass counts at rotation 0°.
MUST_DECODE = {
    "qrcode-1": 17,
    "qrcode-2": 32,
    "qrcode-3": 38,
    "qrcode-4": 36,
    "qrcode-5": 19,
    "qrcode-6": 15,
}


@pytest.fixture(scope="module")
def qrbench() -> Path:
    if not QRBENCH.is_dir():
        reason = f"shared QR benchmark not found at {QRBENCH}"
        if os.environ.get("CHECKPOINT_REQUIRE_SHARED") == "1":
            pytest.fail(f"{reason} (CHECKPOINT_REQUIRE_SHARED=1)")
        pytest.skip(reason)
    return QRBENCH


def cases(folder: Path) -> list[tuple[Path, str]]:
    """(image, expected text) pairs; .txt files without an image and metadata are skipped."""
    found = []
    for truth in sorted(folder.glob("*.txt")):
        if truth.name.endswith(".metadata.txt"):
            continue
        images = sorted(
            p for p in folder.glob(f"{truth.stem}.*") if p.suffix in {".png", ".jpg", ".gif"}
        )
        if images:
            # Bytes decoded as-is: read_text() would turn the \r\n some payloads contain into \n.
            found.append((images[0], truth.read_bytes().decode("utf-8")))
    return found


def load_bgr(path: Path) -> np.ndarray:
    # Pillow rather than load_image: qrbench has GIFs, which the app itself refuses.
    with Image.open(path) as image:
        rgb = np.asarray(image.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


@pytest.mark.parametrize("folder", sorted(MUST_DECODE))
def test_cascade_decodes_at_least_zxings_own_minimum_in_each_folder(
    qrbench: Path, folder: str
) -> None:
    pairs = cases(qrbench / folder)
    assert pairs, f"no images in {folder}"

    misses = [
        path.name for path, expected in pairs if expected not in decode_codes(load_bgr(path)).texts
    ]

    decoded = len(pairs) - len(misses)
    assert decoded >= MUST_DECODE[folder], f"{folder}: {decoded}/{len(pairs)}, missed {misses}"
