"""`checkpoint-app scan IMAGE... [--json] [--no-ocr]` on real files, as a separate process.

Run as `python -m checkpoint_app.scanning.scan_cli` (what `checkpoint-app scan` calls),
so a traceback or a stray print would show in the output the tests read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import pytest

from tests.scanning.corpus import make_sample

SEED = 2022
ROOT = Path(__file__).resolve().parents[2]


def scan(*args: str | Path) -> tuple[int, list[dict[str, Any]], str]:
    result = subprocess.run(
        [sys.executable, "-m", "checkpoint_app.scanning.scan_cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    objects = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.returncode, objects, result.stdout + result.stderr


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scan")
    paths = {
        "health": folder / "health.png",
        "travel": folder / "travel.jpg",
        "payment": folder / "payment.png",
        "corrupt": folder / "corrupt.png",
        "empty": folder / "empty.jpg",
        "text": folder / "notes.png",
    }
    cv2.imwrite(str(paths["health"]), make_sample("health", "clean", 0, SEED).image)
    travel = make_sample("travel", "wechat", 0, SEED).image
    cv2.imwrite(str(paths["travel"]), travel, [cv2.IMWRITE_JPEG_QUALITY, 60])
    cv2.imwrite(str(paths["payment"]), make_sample("payment", "clean", 0, SEED).image)
    paths["corrupt"].write_bytes(paths["health"].read_bytes()[:5000])
    paths["empty"].write_bytes(b"")
    paths["text"].write_text("姓名,证件号码\n张三,4107\n", encoding="utf-8")
    return paths


def test_each_image_gives_one_json_line_with_codes_colour_fields_and_timings(
    files: dict[str, Path],
) -> None:
    code, objects, output = scan(files["health"], files["travel"], "--json")

    assert code == 0, output
    assert "Traceback" not in output
    health, travel = objects
    assert health["file"] == str(files["health"])
    assert health["page_kind"] == "health_code"
    assert health["colour"] == "green"
    assert 0.5 < health["colour_confidence"] <= 1.0
    (qr,) = health["codes"]
    assert qr["text"].startswith("https://hc.hnjkm.cn/code?c=")
    assert qr["main"] is True
    assert len(qr["corners"]) == 4
    assert all(0 <= x <= 1080 and 0 <= y <= 2340 for x, y in qr["corners"])
    assert {"shown_at", "name_masked", "id_tail", "nat_result"} <= set(health["fields"])
    assert all(0 < f["confidence"] <= 1 for f in health["fields"].values())
    assert {"load", "decode", "colour", "ocr_detect", "ocr_recognise", "total"} <= set(
        health["timings_ms"]
    )
    # The generated pages show April 2022: far older than any limit.
    assert "stale_screenshot" in [w["code"] for w in health["warnings"]]
    assert travel["page_kind"] == "travel_card"
    assert travel["travel_cities"]
    assert travel["image"]["format"] == "JPEG"


def test_corrupt_empty_and_non_image_files_give_an_error_object_and_exit_code_1(
    files: dict[str, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.png"

    code, objects, output = scan(
        files["corrupt"],
        files["empty"],
        files["text"],
        missing,
        files["payment"],
        "--json",
        "--no-ocr",
    )

    assert code == 1
    assert "Traceback" not in output
    assert [o.get("reason") for o in objects[:4]] == ["corrupt", "empty", "format", "unreadable"]
    assert objects[0]["error"] == "图片已损坏或不完整"
    assert objects[1]["error"] == "图片文件是空的"
    assert objects[2]["error"] == "只支持 PNG/JPEG/WebP/BMP 图片"
    # The good file after the bad ones is still read.
    assert objects[4]["page_kind"] == "not_a_code"
    assert objects[4]["codes"][0]["text"].startswith("wxp://")


def test_without_ocr_only_code_stages_run_and_a_payment_code_is_flagged(
    files: dict[str, Path],
) -> None:
    code, (payment,), _ = scan(files["payment"], "--json", "--no-ocr")

    assert code == 0
    assert payment["ocr"] is False
    assert payment["fields"] == {}
    assert "ocr_detect" not in payment["timings_ms"]
    assert [w["code"] for w in payment["warnings"]] == ["not_health_code"]


def test_the_same_screenshot_twice_in_a_batch_is_flagged_the_second_time(
    files: dict[str, Path],
) -> None:
    _, (first, second), _ = scan(files["health"], files["health"], "--json", "--no-ocr")

    assert "reused_image" not in [w["code"] for w in first["warnings"]]
    assert "reused_image" in [w["code"] for w in second["warnings"]]


def test_without_json_a_person_reads_a_summary_per_image(files: dict[str, Path]) -> None:
    code, _, output = scan(files["payment"], files["empty"], "--no-ocr")

    assert code == 1
    assert f"{files['payment']}: not_a_code" in output
    assert f"{files['empty']}: 错误：图片文件是空的" in output


def test_no_image_given_is_a_usage_error() -> None:
    code, objects, output = scan("--json")

    assert code == 2
    assert objects == []
    assert "IMAGE" in output
