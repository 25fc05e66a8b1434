"""Generate checkpoint_app/gui/forms/*.py from ui/*.ui with pyside6-uic.

Run after editing a form: `python tools/build_forms.py`. The generated modules are
committed; tests/gui/test_forms_current.py fails when one is out of date.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "checkpoint_app" / "gui" / "forms"


def uic_command() -> list[str]:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent))
    if exe is None:
        exe = shutil.which("pyside6-uic")
    if exe is None:
        raise SystemExit("pyside6-uic not found: install PySide6 in this environment")
    return [exe]


def generate(ui_file: Path) -> str:
    """The module pyside6-uic makes from one form, minus the line naming the uic version."""
    out = subprocess.run(
        [*uic_command(), str(ui_file)], check=True, capture_output=True, text=True
    ).stdout
    return "".join(
        line for line in out.splitlines(keepends=True) if not line.startswith("## Created by")
    )


def target_for(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def main() -> int:
    FORMS_DIR.mkdir(parents=True, exist_ok=True)
    (FORMS_DIR / "__init__.py").write_text(
        '"""Generated from ../../../ui by tools/build_forms.py."""\n'
    )
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        target_for(ui_file).write_text(generate(ui_file), encoding="utf-8")
        print(f"{ui_file.relative_to(ROOT)} -> {target_for(ui_file).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
