"""Screenshots are kept only when asked, only for the configured number of days."""

from __future__ import annotations

import stat
from datetime import date, datetime

from checkpoint_app.storage.kept_images import keep_image, purge_kept_images

NOW = datetime(2022, 4, 10, 9, 0).astimezone()


def test_kept_image_is_private_and_stored_once(tmp_path):
    first = keep_image(tmp_path, "ab" * 32, b"png-bytes", today=date(2022, 4, 10), suffix=".png")
    again = keep_image(tmp_path, "ab" * 32, b"png-bytes", today=date(2022, 4, 10), suffix=".png")
    assert first == again and first.read_bytes() == b"png-bytes"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_images_older_than_the_retention_are_purged(tmp_path):
    for day in (date(2022, 4, 6), date(2022, 4, 8), date(2022, 4, 10)):
        keep_image(tmp_path, day.isoformat().replace("-", "") * 4, b"x", today=day, suffix=".jpg")
    assert purge_kept_images(tmp_path, keep_days=3, now=NOW) == 1  # 04-06 goes, 04-08 stays
    assert sorted(p.name for p in (tmp_path / "images").iterdir()) == ["2022-04-08", "2022-04-10"]
    assert purge_kept_images(tmp_path, keep_days=0, now=NOW) == 2  # retention off: none kept
    assert list((tmp_path / "images").iterdir()) == []
