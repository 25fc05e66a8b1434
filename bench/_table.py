"""The result table every benchmark prints (no heavy imports: benches measure start-up)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class TableRow(Protocol):
    metric: str
    value: str
    goal: str
    verdict: str


def print_table(rows: Sequence[TableRow], *, markdown: bool) -> None:
    """Aligned for a terminal (CJK characters counted as two columns), or as Markdown."""
    headers = ("metric", "value", "goal", "verdict")
    cells = [headers, *((r.metric, r.value, r.goal, r.verdict) for r in rows)]
    if markdown:
        for i, line in enumerate(cells):
            print("| " + " | ".join(line) + " |")
            if i == 0:
                print("|" + "---|" * len(headers))
        return

    def width(text: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in text)

    widths = [max(width(line[i]) for line in cells) for i in range(len(headers))]
    for line in cells:
        print("  ".join(c + " " * (w - width(c)) for c, w in zip(line, widths, strict=True)))
