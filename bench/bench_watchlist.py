"""The watch list: what a pull and a lookup cost the workstation, and a pull the county.

    .venv/bin/python bench/bench_watchlist.py [--entries N] [--records N] [--markdown]

- workstation: verify + parse + store a list of N entries (what sync does once per new
  version), load it from SQLite (each policy refresh), and one lookup as the form makes it
  when a valid number is complete; the lookup's baseline is the one HMAC it cannot avoid.
- county (embedded SQLite): the first pull after records arrived (query + hash + sign a
  new version) against a pull that finds nothing changed (query + re-hash + compare).

No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _table import print_table  # noqa: E402  (bench/ is on sys.path when a bench runs)


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    value: str
    goal: str
    verdict: str


def _ms(seconds: float) -> float:
    return seconds * 1000


def _median(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--records", type=int, default=2_000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from checkpoint_app.county.watchlist import current_watch_list
    from checkpoint_app.records.model import CodeColour, Disposition
    from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
    from checkpoint_app.sync.protocol import sign_watch_list, verify_watch_list
    from checkpoint_app.watchlist.model import (
        WatchEntry,
        WatchReason,
        hash_document_number,
        match_watch_list,
        watch_list_content,
    )
    from checkpoint_app.watchlist.store import current_watch_list as load_list
    from checkpoint_app.watchlist.store import store_watch_list
    from tests.county_fixtures import CLEAR, seed_checkpoint, traveller

    rows: list[Row] = []
    key = Ed25519PrivateKey.generate()
    now = datetime.now(UTC)
    salt = bytes(16)
    numbers = [f"41162319900415{i:04d}" for i in range(args.entries)]
    entries = [
        WatchEntry(
            hash_document_number(salt, n),
            WatchReason.TURNED_BACK,
            "今日已在 谭庄站 劝返",
            now + timedelta(hours=6),
        )
        for n in numbers
    ]
    envelope = sign_watch_list(
        key, version=1, published_at=now, content=watch_list_content(salt, entries)
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / DATABASE_FILENAME)
        version = iter(range(1, 10_000))

        def apply() -> None:
            pack = verify_watch_list(key.public_key(), envelope)
            store_watch_list(
                db, pack.__class__(next(version), pack.published_at, pack.content, pack.envelope)
            )

        apply_s = _median(apply, 5)
        load_s = _median(lambda: load_list(db), 5)
        held = load_list(db)
        lookup_s = _median(lambda: match_watch_list(held, numbers[-1], now=now), 200)
        hmac_s = _median(lambda: hash_document_number(salt, numbers[-1]), 200)
        db.close()
    size_kb = len(envelope) / 1024
    rows.append(
        Row(
            f"verify + parse + store, {args.entries:,} entries ({size_kb:,.0f} KB)",
            f"{_ms(apply_s):.0f} ms",
            "≤ 2000 ms (worker thread)",
            "ok" if _ms(apply_s) <= 2000 else "over",
        )
    )
    rows.append(
        Row(
            "load the list in use (GUI thread, after a sync)",
            f"{_ms(load_s):.0f} ms",
            "≤ 300 ms",
            "ok" if _ms(load_s) <= 300 else "over",
        )
    )
    ratio = lookup_s / hmac_s
    rows.append(
        Row(
            "one lookup (GUI thread, per complete number)",
            f"{_ms(lookup_s):.2f} ms vs {_ms(hmac_s) * 1000:.1f} µs HMAC alone (×{ratio:.0f})",
            "< 16 ms (one frame)",
            "ok" if _ms(lookup_s) < 16 else "over",
        )
    )

    from checkpoint_app.county.store import CountyStore

    with tempfile.TemporaryDirectory() as tmp:
        store = CountyStore(f"sqlite:///{Path(tmp) / 'county.db'}")
        half = args.records // 2
        seed_checkpoint(
            store,
            "宁洛高速谭庄站",
            [
                (
                    traveller(
                        checked_at=now - timedelta(minutes=i),
                        disposition=Disposition.TURN_BACK,
                        document_number=f"41162319900415{i:04d}",
                    ),
                    CLEAR,
                )
                for i in range(half)
            ]
            + [
                (
                    traveller(
                        checked_at=now - timedelta(hours=i % 100),
                        health_colour=CodeColour.RED,
                        document_number=f"41162319850101{i:04d}",
                    ),
                    CLEAR,
                )
                for i in range(half)
            ],
        )
        start = time.perf_counter()
        first = current_watch_list(store, key, now=now)
        first_s = time.perf_counter() - start
        same_s = _median(lambda: current_watch_list(store, key, now=now), 5)
        assert (
            first is not None and current_watch_list(store, key, now=now).version == first.version
        )
        store.close()
    rows.append(
        Row(
            f"county: pull with a new version ({args.records:,} listed records)",
            f"{_ms(first_s):.0f} ms",
            "info",
            "",
        )
    )
    rows.append(
        Row(
            "county: pull, nothing changed (answered 304)",
            f"{_ms(same_s):.0f} ms (×{same_s / first_s:.2f} of a new version)",
            "≤ 500 ms",
            "ok" if _ms(same_s) <= 500 else "over",
        )
    )
    print_table(rows, markdown=args.markdown)


if __name__ == "__main__":
    main()
