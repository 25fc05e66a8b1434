"""The committed form modules are what pyside6-uic makes of ui/*.ui today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_forms_match_their_ui_files():
    spec = importlib.util.spec_from_file_location("build_forms", ROOT / "tools" / "build_forms.py")
    assert spec is not None and spec.loader is not None
    build_forms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_forms)
    assert build_forms.stale_forms() == [], "run: python tools/build_forms.py"
