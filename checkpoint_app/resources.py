"""Paths to bundled resources, in the source tree or inside a frozen (PyInstaller) bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The `resources/` folder: beside the package in a checkout, under `_MEIPASS` when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file under `resources/`, e.g. ``resource_path("data", "divisions.json")``."""
    return resources_root().joinpath(*parts)
