"""Real-screenshot benchmark: every judged field right/empty/wrong, the same per layout
of the generated 2022 app pages, the page-kind confusion table over both, and OCR time
for the fields against full-page OCR in the same run.

    .venv/bin/python bench/bench_realshots.py [--repeat 1] [--layouts 2]

Images: ../shared/realshots (eleven real pages with labels made by eye, see its
README.md); the generated app layouts (tests/scanning/layouts.py: 豫康码, 粤康码,
津心通…, 行程卡 7/14 days), ``--layouts`` pages per layout and variant, every variant
(clean, wechat, small, crop, photo); and the generated corpus's page kinds
(tests/scanning/corpus.py) for the confusion table. The two OCR runs are interleaved
image by image so that both see the same machine load; the load average is printed,
since the cores are shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter, defaultdict
from datetime import datetime

import _common  # noqa: F401 - puts the project on sys.path
import cv2
import numpy as np

from checkpoint_app.scanning.ocr import full_page_lines, warm_up
from checkpoint_app.scanning.screenshot import read_codes, read_text
from tests.scanning.corpus import generate_corpus
from tests.scanning.layouts import LAYOUT_JUDGED, VARIANTS, clock_right, generate_layouts
from tests.scanning.layouts import judge as judge_layout
from tests.scanning.realshots import JUDGED, REALSHOTS, load_realshots

KINDS = ("health_code", "travel_card", "nat_report", "not_a_code", "unknown")
GENERATED_KIND = {
    "health": "health_code",
    "health_logo": "health_code",
    "health_overlay": "health_code",
    "travel": "travel_card",
    "nat": "nat_report",
    "payment": "not_a_code",
    "photo": "unknown",
}


def judge(expected: str, got: str | None) -> str:
    if not got or (got == "unknown" and expected != "unknown"):  # unknown: abstained
        return "empty"
    return "right" if got == expected else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="OCR timing rounds per image")
    parser.add_argument("--generated", type=int, default=7, help="generated pages per variant")
    parser.add_argument(
        "--layouts", type=int, default=2, help="app-layout pages per layout and variant"
    )
    args = parser.parse_args()
    if not REALSHOTS.is_dir():
        raise SystemExit(f"{REALSHOTS} not found")
    warm_up()
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")

    tally: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: Counter[tuple[str, str]] = Counter()
    ours: list[float] = []
    full: list[float] = []
    wrong_list = []
    for shot in load_realshots():
        codes = read_codes(shot.path)
        for _ in range(args.repeat):
            started = time.perf_counter()
            text = read_text(codes, now=datetime(2022, 5, 11, 12, 0))
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            full_page_lines(np.asarray(cv2.imread(str(shot.path)), dtype=np.uint8))
            full.append(time.perf_counter() - started)
        got = {key: field.value for key, field in text.fields.items()}
        got["page_kind"] = text.page_kind.value
        for key in JUDGED:
            if key in shot.expected:
                verdict = judge(shot.expected[key], got.get(key))
                tally[key][verdict] += 1
                if verdict == "wrong":
                    wrong_list.append((shot.path.name, key, got.get(key)))
        confusion[(shot.kind, text.page_kind.value)] += 1

    print("\nreal screenshots: field | right | empty | wrong")
    total = Counter[str]()
    for key in JUDGED:
        counts = tally[key]
        total.update(counts)
        print(f"{key:14} | {counts['right']:3} | {counts['empty']:3} | {counts['wrong']:3}")
    n = sum(total.values())
    print(
        f"{'all':14} | {total['right']:3} | {total['empty']:3} | {total['wrong']:3}"
        f"  (wrong {100 * total['wrong'] / n:.1f}% of {n})"
    )
    for item in wrong_list:
        print("  wrong:", *item)

    for sample in generate_corpus(args.generated, 2022, variants=("clean", "wechat")):
        ok, encoded = cv2.imencode(".bmp", sample.image)
        assert ok
        text = read_text(read_codes(encoded.tobytes()))
        confusion[(f"gen:{GENERATED_KIND[sample.kind]}", text.page_kind.value)] += 1

    layout_rows(args.layouts, confusion)

    print("\npage kind confusion (rows: truth, columns: read)")
    print(f"{'':24}" + "".join(f"{k[:11]:>12}" for k in KINDS))
    for truth in sorted({t for t, _ in confusion}):
        print(f"{truth:24}" + "".join(f"{confusion[(truth, k)]:12}" for k in KINDS))

    print(
        f"\nOCR per real screenshot (s): fields median {statistics.median(ours):.2f}"
        f" vs full page {statistics.median(full):.2f}"
        f" (ratio {statistics.median(ours) / statistics.median(full):.2f}),"
        f" n={len(ours)}; load average at end: {os.getloadavg()[0]:.1f}"
    )


def layout_rows(per_variant: int, confusion: Counter[tuple[str, str]]) -> None:
    """Per layout and variant: page kind and clock rates, every field right/empty/wrong."""
    tally: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    kind_right: Counter[tuple[str, str]] = Counter()
    clock: Counter[tuple[str, str]] = Counter()
    pages: Counter[tuple[str, str]] = Counter()
    wrong_list = []
    for sample in generate_layouts(per_variant, 2022):
        ok, encoded = cv2.imencode(".png", sample.image)
        assert ok
        text = read_text(read_codes(encoded.tobytes()), now=sample.now)
        got = {key: field.value for key, field in text.fields.items()}
        got["page_kind"] = text.page_kind.value
        verdicts = judge_layout(sample, got)
        row = (sample.layout, sample.variant)
        pages[row] += 1
        kind_right[row] += verdicts["page_kind"] == "right"
        clock[row] += clock_right(verdicts)
        for key, verdict in verdicts.items():
            tally[row][verdict] += 1
            if verdict == "wrong":
                truth = sample.fields.get(key, sample.kind if key == "page_kind" else "")
                wrong_list.append((sample.name, key, got.get(key), truth))
        confusion[(f"layout:{sample.kind}", text.page_kind.value)] += 1

    print(
        f"\ngenerated app layouts ({per_variant} per layout and variant; fields judged:"
        f" {', '.join(LAYOUT_JUDGED)})"
    )
    print("layout     | variant | pages | kind right | clock right | right | empty | wrong")
    totals: Counter[str] = Counter()
    for layout in dict.fromkeys(layout for layout, _ in pages):
        for variant in VARIANTS:
            row = (layout, variant)
            if not pages[row]:
                continue
            counts = tally[row]
            totals.update(counts)
            print(
                f"{layout:10} | {variant:7} | {pages[row]:5} | {kind_right[row]:10} |"
                f" {clock[row]:11} | {counts['right']:5} | {counts['empty']:5} |"
                f" {counts['wrong']:5}"
            )
    n = sum(totals.values())
    print(
        f"all fields: right {totals['right']}, empty {totals['empty']}, wrong {totals['wrong']}"
        f" (wrong {100 * totals['wrong'] / max(1, n):.1f}% of {n})"
    )
    for item in wrong_list:
        print("  wrong:", *item)


if __name__ == "__main__":
    main()
