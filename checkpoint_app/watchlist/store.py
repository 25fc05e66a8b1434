"""The watch list on the workstation: the newest verified version, nothing older.

The sync client verifies the county's signature (sync/protocol.py) and the content
(model.parse_watch_list) before `store_watch_list`; a list that fails either is never
stored, so the one before stays in use. Older versions are deleted when a newer one
arrives: they hold hashes of people's document numbers and serve no purpose afterwards.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.timefmt import from_db_time, to_db_time, utc_now
from checkpoint_app.sync.protocol import WatchListPack
from checkpoint_app.watchlist.model import WatchList, WatchListError, WatchMatch, parse_watch_list

WATCHLIST_MIGRATIONS = Migrations("checkpoint_app.watchlist")
ETAG_KEY = "watchlist_etag"


@WATCHLIST_MIGRATIONS(name="0001_watch_list")
def _watch_list_table(db: Database) -> None:
    db.execute(
        """CREATE TABLE watch_list (
            version INTEGER PRIMARY KEY,
            published_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            etag TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL,
            envelope TEXT NOT NULL
        )"""
    )


def ensure_watch_list_schema(db: Database) -> None:
    """Create the watch-list table if needed (cheap when current)."""
    WATCHLIST_MIGRATIONS.apply(db)


def current_watch_list(db: Database) -> WatchList | None:
    """The list in use, or None before the first one arrived. Reads only."""
    if "watch_list" not in db.table_names():
        return None
    row = db.execute(
        "SELECT version, published_at, content FROM watch_list ORDER BY version DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    published = from_db_time(row[1])
    assert published is not None
    try:
        return parse_watch_list(json.loads(row[2]), version=row[0], published_at=published)
    except (WatchListError, ValueError):
        return None  # stored only after parsing; a damaged row means "no list"


def current_etag(db: Database) -> str:
    """The ETag of the stored list ('' when none), for If-None-Match."""
    if "watch_list" not in db.table_names():
        return ""
    row = db.execute("SELECT etag FROM watch_list ORDER BY version DESC LIMIT 1").fetchone()
    return "" if row is None else str(row[0])


def store_watch_list(db: Database, pack: WatchListPack, *, etag: str = "") -> bool:
    """Put a verified list in use if newer than the current one; True when it replaced it.

    Parses the content first (WatchListError if malformed). One transaction: the new list
    in, the older ones out.
    """
    parse_watch_list(pack.content, version=pack.version, published_at=pack.published_at)
    ensure_watch_list_schema(db)
    with db.atomic():
        current = db.execute("SELECT max(version) FROM watch_list").fetchone()[0]
        if current is not None and pack.version <= current:
            if pack.version == current and etag:
                db.execute("UPDATE watch_list SET etag = ? WHERE version = ?", [etag, current])
            return False
        db.execute("DELETE FROM watch_list")
        db.execute(
            "INSERT INTO watch_list (version, published_at, received_at, etag, content, envelope)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                pack.version,
                to_db_time(pack.published_at),
                to_db_time(utc_now()),
                etag,
                json.dumps(dict(pack.content), ensure_ascii=False, sort_keys=True),
                pack.envelope.decode("utf-8"),
            ],
        )
    return True


def audit_watch_match(
    db: Database,
    record_uuid: str,
    matches: tuple[WatchMatch, ...],
    *,
    staff_id: int | None,
    at: datetime | None = None,
) -> None:
    """Note in the audit log that a saved registration matched the list (no number in it)."""
    if not matches:
        return
    with db.atomic():
        append_audit(
            db,
            "watchlist.matched",
            staff_id=staff_id,
            subject=record_uuid,
            details={
                "list_version": matches[0].list_version,
                "reasons": [m.reason_code.value for m in matches],
                "at": to_db_time(at or utc_now()),
            },
        )
