"""Shared helpers for the decode benchmarks: the image sets and how to load them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Run as `.venv/bin/python bench/x.py`: make the package and tests importable.
    sys.path.insert(0, str(ROOT))

QRBENCH = ROOT.parent / "shared" / "qrbench"


@dataclass(frozen=True, slots=True)
class BenchImage:
    name: str
    group: str  # corpus variant ("clean", "photo"…) or qrbench folder
    image: npt.NDArray[np.uint8]
    payloads: tuple[str, ...]
    colours: tuple[str, ...] = ()


def qrbench_images() -> Iterator[BenchImage]:
    """Every qrbench image with its expected text (bytes of N.txt, as UTF-8, unchanged)."""
    if not QRBENCH.is_dir():
        return
    for folder in sorted(p for p in QRBENCH.iterdir() if p.is_dir()):
        for truth in sorted(folder.glob("*.txt")):
            if truth.name.endswith(".metadata.txt"):
                continue
            images = [
                p for p in folder.glob(truth.stem + ".*") if p.suffix in (".png", ".jpg", ".gif")
            ]
            if not images:
                continue
            with Image.open(images[0]) as pil:
                rgb = np.asarray(pil.convert("RGB"))
            bgr = np.ascontiguousarray(rgb[:, :, ::-1])
            expected = truth.read_bytes().decode("utf-8")
            yield BenchImage(f"{folder.name}/{images[0].name}", folder.name, bgr, (expected,))


def corpus_images(n_per_variant: int, seed: int) -> Iterator[BenchImage]:
    from tests.scanning.corpus import generate_corpus

    for sample in generate_corpus(n_per_variant, seed):
        yield BenchImage(
            sample.name,
            sample.variant,
            sample.image,
            sample.payloads,
            tuple(code.colour.value for code in sample.codes),
        )
