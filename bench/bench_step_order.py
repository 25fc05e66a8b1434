"""Which order of cascade steps gives the full success fastest?

Runs every decoder:view step alone on every image (generated corpus + qrbench), then
builds the order greedily: next comes the step that rescues the most still-unsolved
images per millisecond it costs on them; steps that rescue nothing are dropped. Prints
each step's own success and cost, then the chosen order with cumulative figures.

    .venv/bin/python bench/bench_step_order.py [--n 21] [--seed 11]
"""

from __future__ import annotations

import argparse
import time

import _common
import numpy as np

from checkpoint_app.scanning.decode import available_steps, decode_codes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=21, help="corpus samples per variant")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    images = [*_common.corpus_images(args.n, args.seed), *_common.qrbench_images()]
    # Only images with a code count for success; all count for cost.
    steps = [
        s
        for s in available_steps()
        if s != "zbar:bgr"
        and not s.endswith(":gray")
        and (not s.startswith("opencv") or s.endswith((":bgr", ":crops", ":min")))
    ]
    solved: dict[str, set[int]] = {step: set() for step in steps}
    cost = np.zeros((len(steps), len(images)))
    for j, item in enumerate(images):
        for i, step in enumerate(steps):
            started = time.perf_counter()
            result = decode_codes(item.image, steps=(step,))
            cost[i, j] = (time.perf_counter() - started) * 1000
            if item.payloads and set(item.payloads) <= set(result.texts):
                solved[step].add(j)

    with_code = [j for j, item in enumerate(images) if item.payloads]
    print(f"{len(images)} images, {len(with_code)} with codes\n")
    print(f"{'step':<22}{'solves':>8}{'mean ms':>10}")
    for i, step in enumerate(steps):
        print(f"{step:<22}{len(solved[step]):>8}{cost[i].mean():>10.1f}")

    remaining = set(with_code)
    order: list[str] = []
    while True:
        best, best_gain = None, 0.0
        for i, step in enumerate(steps):
            if step in order:
                continue
            rescued = len(solved[step] & remaining)
            if rescued == 0:
                continue
            # Cost paid on every image still unsolved (incl. those with no code).
            unsolved = [j for j in range(len(images)) if j in remaining or not images[j].payloads]
            gain = rescued / max(cost[i, unsolved].mean(), 0.05)
            if gain > best_gain:
                best, best_gain = step, gain
        if best is None:
            break
        order.append(best)
        remaining -= solved[best]
        total = len(with_code) - len(remaining)
        print(f"+ {best:<22} cumulative {total}/{len(with_code)}")
    print("\nnever solved:", [images[j].name for j in sorted(remaining)])
    print("chosen order:", order)


if __name__ == "__main__":
    main()
