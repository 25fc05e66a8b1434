"""The shared real screenshots (../shared/realshots) with what each field should read.

The expected values come from LABELS.csv, which was made by eye: the page kind, the
page's own clock (登记时间 on a 粤康码 pass, 更新于 on a travel card), the phone's
status-bar time (statusbar_clock=…, 上午/下午 turned into 24 hours), the colour the
page's words name, the NAT result, the travel card's cities and colour. A field the
label does not give is not judged.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

REALSHOTS: Final = Path(__file__).resolve().parents[2].parent / "shared" / "realshots"
# The fields judged, in the order the tables show them.
JUDGED: Final = (
    "page_kind",
    "shown_at",
    "colour_text",
    "nat_result",
    "travel_cities",
    "travel_colour",
)


@dataclass(frozen=True, slots=True)
class RealShot:
    path: Path
    kind: str
    expected: Mapping[str, str]


def require_realshots() -> Path:
    """The folder, or skip (fail when CHECKPOINT_REQUIRE_SHARED=1) when it is absent."""
    if not (REALSHOTS / "LABELS.csv").is_file():
        reason = f"shared real screenshots not found at {REALSHOTS}"
        if os.environ.get("CHECKPOINT_REQUIRE_SHARED") == "1":
            pytest.fail(f"{reason} (CHECKPOINT_REQUIRE_SHARED=1)")
        pytest.skip(reason)
    return REALSHOTS


def _iso(text: str) -> str:
    match = re.search(r"(20\d\d)[-.](\d\d)[-.](\d\d) (\d\d):(\d\d):(\d\d)", text)
    if match is None:
        return ""
    y, mo, d, h, mi, s = match.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}"


def load_realshots(folder: Path = REALSHOTS) -> list[RealShot]:
    shots = []
    with (folder / "LABELS.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = row["text_read_by_eye"]
            kind = "not_a_code" if row["kind"] == "other" else row["kind"]
            expected = {"page_kind": kind}
            clock = re.search(r"(?:登记时间|更新于)[=:：]\s*([^;]+)", text)
            if clock and _iso(clock.group(1)):
                expected["shown_at"] = _iso(clock.group(1))
            status = re.search(r"statusbar_clock=(上午|下午)?(\d{1,2}):(\d\d)", text)
            if status:
                half, hour, minute = status.group(1), int(status.group(2)), status.group(3)
                if half:
                    hour = hour % 12 + (12 if half == "下午" else 0)
                # As the reader gives it: 24-hour when the page says so (上午/下午, a leading
                # zero, past 12), else the hour as shown.
                shown = status.group(2)
                padded = bool(half) or shown.startswith("0") or hour > 12
                expected["status_bar_time"] = (
                    f"{hour:02d}:{minute}" if padded else f"{hour}:{minute}"
                )
            if kind == "health_code":
                colour = re.search(r"([绿黄红灰])码", text)
                if colour:
                    expected["colour_text"] = {"绿": "green", "黄": "yellow", "红": "red"}.get(
                        colour.group(1), "grey"
                    )
                if "阳性" in text or "阴性" in text:
                    expected["nat_result"] = "positive" if "阳性" in text else "negative"
            if kind == "travel_card":
                cities = re.search(r"到达或途经:\s*([^;]+)", text)
                if cities:
                    expected["travel_cities"] = cities.group(1).strip()
                expected["travel_colour"] = row["code_colour"]
            shots.append(RealShot(folder / row["file"], kind, expected))
    return shots
