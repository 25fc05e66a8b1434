"""The self-test never leaves a store behind that real use would then keep."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from checkpoint_app.storage.database import DATABASE_FILENAME


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "checkpoint_app", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )


def test_self_test_on_a_new_data_folder_creates_no_store(tmp_path: Path) -> None:
    folder = tmp_path / "kadian"
    result = run_app("--data-dir", str(folder), "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "首次启动时创建加密存储" in result.stdout
    assert not (folder / DATABASE_FILENAME).exists()
