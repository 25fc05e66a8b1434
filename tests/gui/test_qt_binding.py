"""The Qt binding itself must survive a whole shift of calls (PySide6 6.12.0 on 3.11 did not)."""

from __future__ import annotations

import subprocess
import sys

CANARY = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(20_000):
    label.setText("36.5")
    label.setFocus()
print(sys.getrefcount(None) - before)
"""


def test_many_void_qt_calls_keep_the_process_alive():
    done = subprocess.run(
        [sys.executable, "-c", CANARY], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert abs(int(done.stdout.strip())) < 100  # no reference leaked or dropped per call
