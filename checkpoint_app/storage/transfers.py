"""Transfers and the receiving-site list in the local store (tables of migration 0006).

Plain rows in and out; the use case (workstation/transfers.py) validates and wraps a
write in the transaction that also appends its audit row. The site list is stored here
only after the sync layer verified the county's signature and parsed its content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from checkpoint_app.records.transfers import ReceiptOutcome, Site, SiteKind
from checkpoint_app.storage.timefmt import from_db_time, to_db_time, utc_now


@dataclass(frozen=True, slots=True)
class StoredTransfer:
    code: str
    record_uuid: str
    site_id: int
    site_name: str
    plate: str
    escort_name: str
    escort_phone: str
    departed_at: datetime
    staff_id: int | None
    pushed: bool
    received_at: datetime | None
    receipt_outcome: ReceiptOutcome | None
    receipt_note: str

    @property
    def arrived(self) -> bool:
        return self.receipt_outcome == ReceiptOutcome.RECEIVED


_COLUMNS = (
    "code, record_uuid, site_id, site_name, plate, escort_name, escort_phone, departed_at,"
    " staff_id, pushed_at, received_at, receipt_outcome, receipt_note"
)


def _transfer(row: tuple[Any, ...]) -> StoredTransfer:
    departed = from_db_time(row[7])
    assert departed is not None
    return StoredTransfer(
        code=row[0],
        record_uuid=row[1],
        site_id=int(row[2]),
        site_name=row[3],
        plate=row[4],
        escort_name=row[5],
        escort_phone=row[6],
        departed_at=departed,
        staff_id=row[8],
        pushed=row[9] is not None,
        received_at=from_db_time(row[10]),
        receipt_outcome=ReceiptOutcome(row[11]) if row[11] else None,
        receipt_note=row[12],
    )


def insert_transfer(db: Database, transfer: StoredTransfer) -> bool:
    """Add a transfer; False when its code is taken already (the caller draws another).

    Run inside the caller's transaction."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO transfers (code, record_uuid, site_id, site_name, plate,"
        " escort_name, escort_phone, departed_at, staff_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            transfer.code,
            transfer.record_uuid,
            transfer.site_id,
            transfer.site_name,
            transfer.plate,
            transfer.escort_name,
            transfer.escort_phone,
            to_db_time(transfer.departed_at),
            transfer.staff_id,
            to_db_time(utc_now()),
        ],
    )
    return bool(cursor.rowcount == 1)


def get_transfer(db: Database, code: str) -> StoredTransfer | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM transfers WHERE code = ?", [code]).fetchone()
    return None if row is None else _transfer(row)


def transfers_for_record(db: Database, record_uuid: str) -> list[StoredTransfer]:
    """The record's transfers, the first one first (a second one: the first car broke down)."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM transfers WHERE record_uuid = ? ORDER BY departed_at, code",
        [record_uuid],
    ).fetchall()
    return [_transfer(r) for r in rows]


def latest_transfers(db: Database, record_uuids: Iterable[str]) -> dict[str, StoredTransfer]:
    """Each record's newest transfer (a second one replaces a car that broke down), for
    the records of `record_uuids` that have one."""
    wanted = sorted(set(record_uuids))
    latest: dict[str, StoredTransfer] = {}
    for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM transfers WHERE record_uuid IN ({marks})"
            " ORDER BY departed_at, code",
            chunk,
        ).fetchall():
            transfer = _transfer(row)
            latest[transfer.record_uuid] = transfer
    return latest


def recent_transfers(db: Database, *, since: datetime) -> list[StoredTransfer]:
    """Transfers that left at or after `since`, the newest first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM transfers WHERE departed_at >= ? ORDER BY departed_at DESC",
        [to_db_time(since)],
    ).fetchall()
    return [_transfer(r) for r in rows]


def unpushed_transfers(db: Database, *, limit: int = 500) -> list[StoredTransfer]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM transfers WHERE pushed_at IS NULL ORDER BY departed_at LIMIT ?",
        [limit],
    ).fetchall()
    return [_transfer(r) for r in rows]


def unpushed_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM transfers WHERE pushed_at IS NULL").fetchone()[0])


def awaiting_receipt_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM transfers WHERE received_at IS NULL").fetchone()[0])


def mark_pushed(db: Database, codes: Iterable[str]) -> None:
    now = to_db_time(utc_now())
    for code in codes:
        db.execute(
            "UPDATE transfers SET pushed_at = ?, push_error = '' WHERE code = ?", [now, code]
        )


def note_push_error(db: Database, codes: Iterable[str], message: str) -> None:
    for code in codes:
        db.execute("UPDATE transfers SET push_error = ? WHERE code = ?", [message[:200], code])


def apply_receipt(
    db: Database, code: str, *, received_at: datetime, outcome: ReceiptOutcome, note: str
) -> bool:
    """Note the site's receipt on our transfer; True when it is new or changed here."""
    cursor = db.execute(
        "UPDATE transfers SET received_at = ?, receipt_outcome = ?, receipt_note = ?,"
        " receipt_seen_at = ? WHERE code = ? AND (received_at IS NULL OR received_at != ?"
        " OR receipt_outcome IS NOT ? OR receipt_note != ?)",
        [
            to_db_time(received_at),
            outcome.value,
            note,
            to_db_time(utc_now()),
            code,
            to_db_time(received_at),
            outcome.value,
            note,
        ],
    )
    return bool(cursor.rowcount == 1)


# ---------------------------------------------------------------------------- site list


@dataclass(frozen=True, slots=True)
class StoredSiteList:
    version: int
    published_at: datetime
    etag: str
    sites: tuple[Site, ...]
    #: Hours after which the county calls a transfer not yet received overdue (超时); a
    #: list from a county that does not say has None.
    overdue_hours: float | None = None


def _sites(content: Mapping[str, Any]) -> tuple[Site, ...]:
    return tuple(
        Site(
            int(s["id"]),
            str(s["name"]),
            SiteKind(s["kind"]),
            str(s["township"]),
            int(s["capacity"]),
        )
        for s in content["sites"]
    )


def current_site_list(db: Database) -> StoredSiteList | None:
    """The verified site list in use, or None before the first arrived. Reads only."""
    row = db.execute(
        "SELECT version, published_at, etag, content FROM site_list ORDER BY version DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    published = from_db_time(row[1])
    assert published is not None
    try:
        content = json.loads(row[3])
        sites = _sites(content)
    except (KeyError, TypeError, ValueError):
        return None  # stored only after parsing; a damaged row means "no list"
    hours = content.get("overdue_hours")
    limit = float(hours) if isinstance(hours, int | float) and 0 < hours <= 72 else None
    return StoredSiteList(int(row[0]), published, str(row[2]), sites, limit)


def store_site_list(
    db: Database,
    *,
    version: int,
    published_at: datetime,
    content: Mapping[str, Any],
    envelope: bytes,
    etag: str,
) -> bool:
    """Put a verified, parsed list in use if newer than the one held; True when it did.

    One transaction: the new list in, the older ones out."""
    with db.atomic():
        current = db.execute("SELECT max(version) FROM site_list").fetchone()[0]
        if current is not None and version <= current:
            if version == current and etag:
                db.execute("UPDATE site_list SET etag = ? WHERE version = ?", [etag, current])
            return False
        db.execute("DELETE FROM site_list")
        db.execute(
            "INSERT INTO site_list (version, published_at, received_at, etag, content, envelope)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                version,
                to_db_time(published_at),
                to_db_time(utc_now()),
                etag,
                json.dumps(dict(content), ensure_ascii=False, sort_keys=True),
                envelope.decode("utf-8"),
            ],
        )
    return True


def site_list_etag(db: Database) -> str:
    row = db.execute("SELECT etag FROM site_list ORDER BY version DESC LIMIT 1").fetchone()
    return "" if row is None else str(row[0])
