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


def stale_forms() -> list[Path]:
    """Forms whose generated module differs from what pyside6-uic makes of the .ui now."""
    return [
        ui_file
        for ui_file in sorted(UI_DIR.glob("*.ui"))
        if not target_for(ui_file).exists()
        or target_for(ui_file).read_text(encoding="utf-8") != generate(ui_file)
    ]


def main() -> int:
    if "--check" in sys.argv[1:]:
        stale = stale_forms()
        for ui_file in stale:
            print(
                f"out of date: {target_for(ui_file).relative_to(ROOT)} (run tools/build_forms.py)"
            )
        return 1 if stale else 0
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
