"""A county server that does NOT deduplicate, so the fault tests can show that they bite.

    python -m tests.reliability.naive_county serve --port N --db URL --data-dir D

It is the real `checkpoint-county serve` (same FastAPI app, same request signatures, same
replay guard on the sequence number, same signed answers) with one change: the store's
online ingest inserts every record it receives into `naive_records`, a table without a
(uuid, version) key, and answers "accepted". A resend after a lost reply therefore
becomes a second row — exactly the bug the real county's (uuid, version) key prevents.
Nothing in checkpoint_app/county is edited: the store class is swapped in the app module
before the app is built.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, select

from checkpoint_app.county import app as county_app
from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.store import CountyStore, RecordOutcome
from checkpoint_app.sync.protocol import ACCEPTED, WireRecord

naive_metadata = MetaData()
naive_records = Table(
    "naive_records",
    naive_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uuid", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
)


class NaiveCountyStore(CountyStore):
    """The real store, except that online records are appended blindly."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        naive_metadata.create_all(self.engine)

    def ingest_online(
        self, device_id: str, sequence: int, batch: Sequence[WireRecord], **_extra: object
    ) -> list[RecordOutcome]:
        # `_extra` takes what newer versions of the real method accept (e.g. the device's
        # waiting count for the dashboard); the naive county has no use for it.
        with self.engine.begin() as conn:
            # The replay guard stays: only deduplication by (uuid, version) is missing.
            self._claim_sequence(conn, device_id, sequence)
            if batch:
                conn.execute(
                    naive_records.insert(),
                    [
                        {
                            "uuid": w.record.uuid,
                            "version": w.record.version,
                            "content_hash": w.content_hash,
                            "device_id": device_id,
                        }
                        for w in batch
                    ],
                )
        return [
            RecordOutcome(w.record.uuid, w.record.version, ACCEPTED, w.content_hash) for w in batch
        ]


def naive_counts(engine: Engine, device_id: str) -> Counter[tuple[str, int]]:
    """How many rows the naive county holds per (uuid, version) for one device."""
    naive_metadata.create_all(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            select(naive_records.c.uuid, naive_records.c.version).where(
                naive_records.c.device_id == device_id
            )
        ).all()
    return Counter((r.uuid, r.version) for r in rows)


def main(argv: list[str]) -> int:
    county_app.CountyStore = NaiveCountyStore  # type: ignore[attr-defined]
    return county_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
