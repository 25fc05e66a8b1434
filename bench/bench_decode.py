"""Decode benchmark: speed of QR + colour on screenshots, and success of the cascade
against each decoder alone.

    .venv/bin/python bench/bench_decode.py [--n 42] [--seed 5]

Table 1: per-image milliseconds (decode_codes + classify_code_colour for every code
found) on 1080×2340 screenshots, clean and WeChat-recompressed, all page kinds
including pages with no code (which run the whole default cascade). Goal: median
≤ 60 ms, p95 ≤ 200 ms.

Table 2: share of expected codes decoded, per corpus variant and qrbench folder, by the
cascade and by pyzbar, OpenCV (Aruco and classic detectors) and zxing-cpp alone on the
unprocessed image.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections import defaultdict

import _common
import numpy as np

from checkpoint_app.scanning.colour import classify_code_colour
from checkpoint_app.scanning.decode import DEFAULT_STEPS, decode_codes

# Each decoder "alone": one step, on the image as given (zbar wants greyscale).
CONTENDERS: dict[str, tuple[str, ...]] = {
    "cascade": DEFAULT_STEPS,
    "pyzbar": ("zbar:gray",),
    "opencv-aruco": ("opencv-aruco:bgr",),
    "opencv": ("opencv:bgr",),
    "zxing-cpp": ("zxing:bgr",),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=42, help="corpus samples per variant")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = list(_common.corpus_images(args.n, args.seed))
    qrbench = list(_common.qrbench_images())
    print(
        f"{platform.python_version()} on {os.cpu_count()} cores; "
        f"{len(corpus)} generated images (+{time.perf_counter() - started:.0f} s to render), "
        f"{len(qrbench)} qrbench images\n"
    )

    # ---------------------------------------------------------------- speed
    screenshots = [item for item in corpus if item.group in ("clean", "wechat")]
    decode_codes(screenshots[0].image)  # warm-up: first call loads libraries
    per_image: list[float] = []
    by_group: dict[str, list[float]] = defaultdict(list)
    for item in screenshots:
        for _ in range(2):
            t0 = time.perf_counter()
            result = decode_codes(item.image)
            for code in result.codes:
                classify_code_colour(item.image, code.corners)
            elapsed = (time.perf_counter() - t0) * 1000
        # The second run: the first may pay for page faults of a fresh image.
        per_image.append(elapsed)
        kind = "no code" if not item.payloads else "with code"
        by_group[kind].append(elapsed)
    print("QR + colour per 1080×2340 screenshot (ms)")
    print(f"{'images':<16}{'n':>5}{'median':>9}{'p95':>9}{'max':>9}")
    rows = [("all", per_image), *sorted(by_group.items())]
    for name, values in rows:
        print(
            f"{name:<16}{len(values):>5}{np.median(values):>9.1f}"
            f"{np.percentile(values, 95):>9.1f}{max(values):>9.1f}"
        )

    # -------------------------------------------------------------- success
    items = [item for item in corpus + qrbench if item.payloads]
    groups = list(dict.fromkeys(item.group for item in items))
    hits: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    cost: dict[str, float] = defaultdict(float)
    for item in items:
        totals[item.group] += len(item.payloads)
        for name, steps in CONTENDERS.items():
            t0 = time.perf_counter()
            texts = set(decode_codes(item.image, steps=steps).texts)
            cost[name] += time.perf_counter() - t0
            hits[(name, item.group)] += sum(payload in texts for payload in item.payloads)
    print("\nCodes decoded (share of expected)")
    header = f"{'set':<12}{'codes':>6}" + "".join(f"{name:>14}" for name in CONTENDERS)
    print(header)
    for group in [*groups, "all"]:
        if group == "all":
            total = sum(totals.values())
            line = f"{group:<12}{total:>6}"
            for name in CONTENDERS:
                hit = sum(hits[(name, g)] for g in groups)
                line += f"{hit / total:>14.1%}"
        else:
            total = totals[group]
            line = f"{group:<12}{total:>6}"
            for name in CONTENDERS:
                line += f"{hits[(name, group)] / total:>14.1%}"
        print(line)
    line = f"{'ms/image':<12}{'':>6}"
    for name in CONTENDERS:
        line += f"{cost[name] / len(items) * 1000:>14.1f}"
    print(line)
    print(f"\ntotal run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
