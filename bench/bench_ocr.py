"""OCR benchmark: fields per screenshot vs full-page OCR, peak memory, the scan CLI.

    .venv/bin/python bench/bench_ocr.py [--n 16] [--cli-images 100] [--seed 11] [--ocr-only]

Table 1: seconds per 1080×2340 screenshot to get the text fields (read_text: detection
on a 960 px copy, recognition of the useful boxes only, each at its own width) against
rapidocr's own full-page pipeline on the same images in the same run (the baseline),
interleaved so both see the same machine load; the share of ground-truth fields each
reads right; and where read_text's time goes (detection, recognition, field rules).
Goals (issue #13): median ≤ 0.8 s and ≤ 0.4× the full-page median of the same run.

Table 2: peak RSS of a fresh process that reads codes and text of 14 screenshots (goal
≤ 400 MB), and of one running the full-page baseline.

Table 3: `scan --json` (python -m checkpoint_app.scanning.scan_cli) over generated
images, as a separate process: wall time, and the per-stage sums from its JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import _common
import cv2
import numpy as np

from checkpoint_app.scanning.ocr import full_page_lines, warm_up
from checkpoint_app.scanning.page_text import extract_fields
from checkpoint_app.scanning.screenshot import read_codes, read_text
from tests.scanning.corpus import Sample, generate_corpus

RSS_SCRIPT = """
import sys
from pathlib import Path
mode, files = sys.argv[1], sys.argv[2:]
if mode == "fields":
    from checkpoint_app.scanning.screenshot import read_codes, read_text
    for f in files:
        read_text(read_codes(Path(f)))
else:
    import cv2
    from checkpoint_app.scanning.ocr import full_page_lines
    for f in files:
        full_page_lines(cv2.imread(f))
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(int(status["VmHWM"].split()[0]) // 1024)
"""


def bmp(image: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".bmp", image)
    assert ok
    return encoded.tobytes()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fields_right(sample: Sample, got: dict[str, str]) -> tuple[int, int]:
    return sum(got.get(k) == v for k, v in sample.fields.items()), len(sample.fields)


def ocr_table(samples: list[Sample]) -> None:
    ours: list[float] = []
    baseline: list[float] = []
    stages: dict[str, list[float]] = defaultdict(list)
    right = {"ours": [0, 0], "baseline": [0, 0]}
    for sample in samples:
        codes = read_codes(bmp(sample.image))
        started = time.perf_counter()
        text = read_text(codes)
        ours.append(time.perf_counter() - started)
        for stage, ms in text.timings_ms.items():
            stages[stage].append(ms)
        started = time.perf_counter()
        lines = full_page_lines(codes.image.bgr)
        baseline.append(time.perf_counter() - started)
        readings, _ = extract_fields(lines)
        for name, got in (
            ("ours", {k: f.value for k, f in text.fields.items()}),
            ("baseline", {k: r.value for k, r in readings.items()}),
        ):
            ok, total = fields_right(sample, got)
            right[name][0] += ok
            right[name][1] += total

    print(f"### OCR fields per screenshot ({len(samples)} screenshots, clean + WeChat JPEG)\n")
    print("| method | median s | p95 s | fields right | vs baseline (median) |")
    print("|---|---|---|---|---|")
    base_median = statistics.median(baseline)
    for name, times in (("read_text (regions)", ours), ("full-page rapidocr", baseline)):
        key = "ours" if name.startswith("read_text") else "baseline"
        ok, total = right[key]
        print(
            f"| {name} | {statistics.median(times):.2f} | {percentile(times, 0.95):.2f} "
            f"| {ok}/{total} ({ok / total:.1%}) "
            f"| {statistics.median(times) / base_median:.2f}× |"
        )
    ratio = statistics.median(ours) / base_median
    verdict = "met" if statistics.median(ours) <= 0.8 and ratio <= 0.4 else "NOT met"
    print(f"\nGoal (median ≤ 0.8 s and ≤ 0.4× full page): {verdict}")
    print(
        "read_text stages, median ms: "
        + ", ".join(f"{stage} {statistics.median(ms):.0f}" for stage, ms in stages.items())
    )
    print()


def rss_table(folder: Path) -> None:
    files = sorted(str(p) for p in folder.glob("*"))[:14]
    print("### Peak RSS (fresh process, 14 screenshots)\n")
    print("| process | peak RSS MB |")
    print("|---|---|")
    for mode, label in (("fields", "read_codes + read_text"), ("full", "full-page rapidocr")):
        result = subprocess.run(
            [sys.executable, "-c", RSS_SCRIPT, mode, *files],
            capture_output=True,
            text=True,
            cwd=_common.ROOT,
            check=True,
        )
        print(f"| {label} | {result.stdout.strip().splitlines()[-1]} |")
    print()


def cli_table(folder: Path, count: int) -> None:
    files = sorted(str(p) for p in folder.glob("*"))[:count]
    print(f"### `scan --json` over {len(files)} generated images (one process)\n")
    print("| run | wall s | per image s | stage sums (s): mean ms per image |")
    print("|---|---|---|---|")
    for extra in ([], ["--no-ocr"]):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "checkpoint_app.scanning.scan_cli", "--json", *extra, *files],
            capture_output=True,
            text=True,
            cwd=_common.ROOT,
            check=False,
        )
        wall = time.perf_counter() - started
        stages: dict[str, float] = defaultdict(float)
        reports = [json.loads(line) for line in result.stdout.splitlines()]
        for report in reports:
            for stage, ms in report.get("timings_ms", {}).items():
                stages[stage] += ms
        breakdown = ", ".join(
            f"{stage} {total / 1000:.1f}: {total / len(reports):.0f}"
            for stage, total in stages.items()
        )
        label = "scan --json" + (" --no-ocr" if extra else "")
        print(f"| {label} | {wall:.1f} | {wall / len(files):.2f} | {breakdown} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=16, help="screenshots for the OCR table")
    parser.add_argument("--cli-images", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--ocr-only", action="store_true", help="table 1 only (no RSS, no scan CLI run)"
    )
    args = parser.parse_args()

    load = os.getloadavg()[0]
    print(
        f"{platform.python_version()} on {os.cpu_count()} cores, load average {load:.1f} at start\n"
    )
    started = time.perf_counter()
    warm_up()
    print(f"OCR models loaded and warmed up in {time.perf_counter() - started:.2f} s\n")

    half = max(1, args.n // 2)
    ocr_table(generate_corpus(half, args.seed, variants=("clean", "wechat")))
    if args.ocr_only:
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        per_variant = -(-args.cli_images // 3)
        for sample in generate_corpus(
            per_variant, args.seed + 1, variants=("clean", "wechat", "small")
        ):
            if sample.variant == "clean":
                cv2.imwrite(str(folder / f"{sample.name}.png"), sample.image)
            else:
                cv2.imwrite(
                    str(folder / f"{sample.name}.jpg"), sample.image, [cv2.IMWRITE_JPEG_QUALITY, 95]
                )
        rss_table(folder)
        cli_table(folder, args.cli_images)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
