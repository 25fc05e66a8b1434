"""Real-screenshot benchmark: every judged field right/empty/wrong, the page-kind
confusion table, and OCR time for the fields against full-page OCR in the same run.

    .venv/bin/python bench/bench_realshots.py [--repeat 1]

Images: ../shared/realshots (eleven real pages with labels made by eye, see its
README.md), plus the generated corpus's page kinds (tests/scanning/corpus.py) for the
confusion table. The two OCR runs are interleaved image by image so that both see the
same machine load; the load average is printed, since the cores are shared.
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

from checkpoint_app.scanning.ocr import full_page_lines, warm_up
from checkpoint_app.scanning.screenshot import read_codes, read_text
from tests.scanning.corpus import generate_corpus
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
    if not got:
        return "empty"
    return "right" if got == expected else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="OCR timing rounds per image")
    parser.add_argument("--generated", type=int, default=7, help="generated pages per variant")
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
            full_page_lines(cv2.imread(str(shot.path)))
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


if __name__ == "__main__":
    main()
