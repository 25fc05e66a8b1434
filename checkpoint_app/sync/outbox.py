"""The sync side of the local store: outbox reads and marks, conflicts, policy packs, exports.

The tables sync owns live in their own sqlite-utils migration set ("checkpoint_app.sync")
in the same database file, so storage's schema steps and these never interleave.
Every function takes the caller's sqlite-utils Database (one connection per thread).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.records import RecordRepository
from checkpoint_app.storage.timefmt import from_db_time, to_db_time, utc_now
from checkpoint_app.sync.protocol import PolicyPack, content_hash, record_to_wire

SYNC_MIGRATIONS = Migrations("checkpoint_app.sync")


@SYNC_MIGRATIONS(name="0001_sync_tables")
def _sync_tables(db: Database) -> None:
    for statement in (
        """CREATE TABLE sync_conflicts (
            id INTEGER PRIMARY KEY,
            record_uuid TEXT NOT NULL,
            record_version INTEGER NOT NULL,
            local_hash TEXT NOT NULL,
            county_hash TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolved_by INTEGER,
            resolution_note TEXT NOT NULL DEFAULT '',
            UNIQUE (record_uuid, record_version, local_hash)
        )""",
        "CREATE INDEX sync_conflicts_open ON sync_conflicts(record_uuid, record_version)"
        " WHERE resolved_at IS NULL",
        """CREATE TABLE sync_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE policy_packs (
            version INTEGER PRIMARY KEY,
            published_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            source TEXT NOT NULL,
            content TEXT NOT NULL,
            envelope TEXT NOT NULL
        )""",
        """CREATE TABLE bundle_exports (
            id INTEGER PRIMARY KEY,
            bundle_id TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            first_outbox_id INTEGER,
            last_outbox_id INTEGER,
            record_count INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            payload_sha256 TEXT NOT NULL
        )""",
    ):
        db.execute(statement)


def ensure_sync_schema(db: Database) -> None:
    """Create or upgrade sync's own tables (cheap when they are current)."""
    SYNC_MIGRATIONS.apply(db)


# ---------------------------------------------------------------------------- outbox


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One record version waiting for the county, in its wire form."""

    outbox_id: int
    uuid: str
    version: int
    wire: dict[str, Any]
    content_hash: str


def load_wire(db: Database, uuid: str, version: int) -> dict[str, Any] | None:
    """The wire form of one stored record version, with the flags the worker was shown."""
    record = RecordRepository(db).get(uuid, version)
    if record is None:
        return None
    row = db.execute(
        "SELECT fever, nat_expired, report FROM records WHERE uuid = ? AND version = ?",
        [uuid, version],
    ).fetchone()
    return record_to_wire(record, fever=bool(row[0]), nat_expired=bool(row[1]), report=bool(row[2]))


def load_pending(db: Database, *, after_id: int = 0, limit: int = 200) -> list[OutboxItem]:
    """Unsynced outbox rows after `after_id`, oldest first, skipping open conflicts.

    A conflicted version waits for a person (never retried silently), so it is left out.
    """
    rows = db.execute(
        "SELECT o.id, o.record_uuid, o.record_version FROM outbox o"
        " WHERE o.synced_at IS NULL AND o.id > ?"
        " AND NOT EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.resolved_at IS NULL"
        "   AND c.record_uuid = o.record_uuid AND c.record_version = o.record_version)"
        " ORDER BY o.id LIMIT ?",
        [after_id, limit],
    ).fetchall()
    items = []
    for outbox_id, uuid, version in rows:
        wire = load_wire(db, uuid, version)
        if wire is not None:  # the foreign key makes this always true; be safe anyway
            items.append(OutboxItem(outbox_id, uuid, version, wire, content_hash(wire)))
    return items


def sendable_count(db: Database) -> int:
    """Unsynced versions that a sync would try to send (open conflicts excluded)."""
    row = db.execute(
        "SELECT count(*) FROM outbox o WHERE o.synced_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.resolved_at IS NULL"
        "   AND c.record_uuid = o.record_uuid AND c.record_version = o.record_version)"
    ).fetchone()
    return int(row[0])


def unsynced_count(db: Database) -> int:
    """Every version the county has not acknowledged, conflicts included."""
    row = db.execute("SELECT count(*) FROM outbox WHERE synced_at IS NULL").fetchone()
    return int(row[0])


def mark_synced(db: Database, outbox_ids: Iterable[int], *, at: datetime | None = None) -> None:
    """Mark rows synced. Call only for versions the county acknowledged (accepted/already had)."""
    stamp = to_db_time(at or utc_now())
    db.conn.executemany(
        "UPDATE outbox SET synced_at = ?, attempts = attempts + 1, last_error = ''"
        " WHERE id = ? AND synced_at IS NULL",
        [(stamp, i) for i in outbox_ids],
    )


def note_attempt(db: Database, outbox_ids: Iterable[int], error: str) -> None:
    """Count a send that brought no acknowledgement for these rows, with the reason in words."""
    db.conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
        [(error, i) for i in outbox_ids],
    )


# ---------------------------------------------------------------------------- conflicts


@dataclass(frozen=True, slots=True)
class SyncConflict:
    """A version the county holds with different content: a person must look at it."""

    id: int
    record_uuid: str
    record_version: int
    local_hash: str
    county_hash: str
    source: str  # "online" or "bundle"
    detected_at: datetime
    resolved_at: datetime | None
    resolution_note: str


def add_conflict(
    db: Database,
    *,
    uuid: str,
    version: int,
    local_hash: str,
    county_hash: str,
    source: str,
) -> None:
    """Record a conflict once (the same local content reported twice stays one row)."""
    db.execute(
        "INSERT INTO sync_conflicts (record_uuid, record_version, local_hash, county_hash,"
        " source, detected_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (record_uuid, record_version, local_hash) DO UPDATE SET"
        " county_hash = excluded.county_hash, resolved_at = NULL",
        [uuid, version, local_hash, county_hash, source, to_db_time(utc_now())],
    )


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[SyncConflict]:
    """Conflicts newest first; open ones only unless `include_resolved`."""
    where = "" if include_resolved else " WHERE resolved_at IS NULL"
    result = []
    for row in db.execute(
        "SELECT id, record_uuid, record_version, local_hash, county_hash, source, detected_at,"
        f" resolved_at, resolution_note FROM sync_conflicts{where} ORDER BY id DESC"
    ):
        detected = from_db_time(row[6])
        assert detected is not None
        result.append(
            SyncConflict(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                detected,
                from_db_time(row[7]),
                row[8],
            )
        )
    return result


def resolve_conflict(db: Database, conflict_id: int, *, note: str, staff_id: int | None) -> None:
    """A person has settled the conflict with the county; the local version counts as delivered.

    The county keeps both contents (its own and this one, stored as a conflict for a person),
    so nothing is lost by no longer sending this version.
    """
    if not note.strip():
        raise ValueError("a resolution needs a note")
    with db.atomic():
        row = db.execute(
            "SELECT record_uuid, record_version FROM sync_conflicts"
            " WHERE id = ? AND resolved_at IS NULL",
            [conflict_id],
        ).fetchone()
        if row is None:
            return
        now = to_db_time(utc_now())
        db.execute(
            "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution_note = ?"
            " WHERE id = ?",
            [now, staff_id, note.strip(), conflict_id],
        )
        db.execute(
            "UPDATE outbox SET synced_at = ? WHERE record_uuid = ? AND record_version = ?"
            " AND synced_at IS NULL",
            [now, row[0], row[1]],
        )
        append_audit(
            db,
            "sync.conflict_resolved",
            staff_id=staff_id,
            subject=row[0],
            details={"version": row[1], "note": note.strip()},
        )


# ---------------------------------------------------------------------------- state


def get_state(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def set_state(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


# ---------------------------------------------------------------------------- policy packs


def current_policy(db: Database) -> PolicyPack | None:
    """The pack in force (the highest version applied), or None before the first one."""
    row = db.execute(
        "SELECT version, published_at, content, envelope FROM policy_packs"
        " ORDER BY version DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    published = from_db_time(row[1])
    assert published is not None
    return PolicyPack(row[0], published, json.loads(row[2]), row[3].encode("utf-8"))


def store_policy(
    db: Database,
    pack: PolicyPack,
    *,
    source: str,
    etag: str = "",
    staff_id: int | None = None,
) -> bool:
    """Put a verified pack in force if it is newer than the current one; True when applied.

    One transaction: the pack, its ETag and the audit entry change together or not at all.
    """
    with db.atomic():
        current = db.execute("SELECT max(version) FROM policy_packs").fetchone()[0]
        if current is not None and pack.version <= current:
            return False
        db.execute(
            "INSERT INTO policy_packs (version, published_at, received_at, source, content,"
            " envelope) VALUES (?, ?, ?, ?, ?, ?)",
            [
                pack.version,
                to_db_time(pack.published_at),
                to_db_time(utc_now()),
                source,
                json.dumps(dict(pack.content), ensure_ascii=False, sort_keys=True),
                pack.envelope.decode("utf-8"),
            ],
        )
        if etag:
            set_state(db, "policy_etag", etag)
        append_audit(
            db,
            "policy.applied",
            staff_id=staff_id,
            subject=str(pack.version),
            details={"source": source, "previous": current},
        )
    return True


# ---------------------------------------------------------------------------- exports


def last_exported_outbox_id(db: Database) -> int:
    """Where the next "since last export" starts (a shift export does not move it)."""
    row = db.execute(
        "SELECT max(last_outbox_id) FROM bundle_exports WHERE kind = 'since_last'"
    ).fetchone()
    return int(row[0] or 0)


def outbox_rows_for_export(
    db: Database, *, after_id: int = 0, shift_id: int | None = None
) -> list[tuple[int, str, int]]:
    """(outbox id, uuid, version) to export: after `after_id`, or every version of a shift."""
    if shift_id is not None:
        return [
            (r[0], r[1], r[2])
            for r in db.execute(
                "SELECT o.id, o.record_uuid, o.record_version FROM outbox o JOIN records r"
                " ON r.uuid = o.record_uuid AND r.version = o.record_version"
                " WHERE r.shift_id = ? ORDER BY o.id",
                [shift_id],
            )
        ]
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            "SELECT id, record_uuid, record_version FROM outbox WHERE id > ? ORDER BY id",
            [after_id],
        )
    ]


def remember_export(
    db: Database,
    *,
    bundle_id: str,
    file_name: str,
    kind: str,
    outbox_ids: Sequence[int],
    sequence: int,
    payload_sha256: str,
) -> None:
    """Note a written bundle so that the next "since last export" starts after it."""
    with db.atomic():
        db.execute(
            "INSERT INTO bundle_exports (bundle_id, created_at, file_name, kind,"
            " first_outbox_id, last_outbox_id, record_count, sequence, payload_sha256)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                bundle_id,
                to_db_time(utc_now()),
                file_name,
                kind,
                min(outbox_ids) if outbox_ids else None,
                max(outbox_ids) if outbox_ids else None,
                len(outbox_ids),
                sequence,
                payload_sha256,
            ],
        )
