"""Render the main window with demo data offscreen and save it as a PNG (used for the README).

python tools/screenshot.py docs/images/main-window.png [--lang en]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from checkpoint_app.demo import seed_demo
from checkpoint_app.gui.application import create_application
from checkpoint_app.gui.main_window import MainWindow
from checkpoint_app.storage.database import open_database
from checkpoint_app.storage.settings_store import load_settings
from checkpoint_app.storage.staff import get_checkpoint, open_shift, sign_in


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--scan", default="", help="a payload to scan before the shot")
    parser.add_argument("--temperature", default="")
    parser.add_argument("--size", type=int, nargs=2, default=(1500, 920), metavar=("W", "H"))
    args = parser.parse_args()
    app = create_application(args.lang)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "checkpoint.db")
        login = seed_demo(db, now=datetime.now().astimezone())
        staff = sign_in(db, login.name, login.pin)
        checkpoint = get_checkpoint(db)
        assert checkpoint is not None
        window = MainWindow(
            db,
            settings=load_settings(db),
            checkpoint=checkpoint,
            staff=staff,
            shift=open_shift(db, staff),
        )
        window.resize(*args.size)
        window.show()
        if args.scan:
            window.form.apply_scan(args.scan)
        if args.temperature:
            window.form.ui.temperatureEdit.setText(args.temperature)
        for _ in range(5):
            app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.out))
        window.close()
        db.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
