"""Screenshots kept on purpose: only when the county's setting asks for it, only for N days.

By default no image is kept — only its hashes and the fields read from it. When kept,
images live under `<data dir>/images/<day>/`, readable by this user only, and a whole
day's folder goes once it is older than the retention.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

IMAGES_FOLDER = "images"


def keep_image(data_dir: Path, sha256: str, data: bytes, *, today: date, suffix: str) -> Path:
    """Write one screenshot (named by its hash, so a resend is stored once); mode 0600."""
    folder = data_dir / IMAGES_FOLDER / today.isoformat()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{sha256}{suffix}"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    return path


def purge_kept_images(data_dir: Path, *, keep_days: int, now: datetime) -> int:
    """Delete day folders older than `keep_days` (all of them when 0); returns files removed."""
    root = data_dir / IMAGES_FOLDER
    if not root.is_dir():
        return 0
    oldest_kept = now.date() - timedelta(days=keep_days - 1) if keep_days > 0 else None
    removed = 0
    for folder in root.iterdir():
        try:
            day = date.fromisoformat(folder.name)
        except ValueError:
            continue  # not ours
        if oldest_kept is None or day < oldest_kept:
            removed += sum(1 for p in folder.iterdir() if p.is_file())
            shutil.rmtree(folder, ignore_errors=True)
    return removed
