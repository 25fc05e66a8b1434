"""Retention: records past the county's retention period leave the workstation for good.

A record goes only when it is older than the cutoff *and* every version of it reached the
county (acknowledged by online sync, or carried by a "since last export" USB bundle). An
old record the county has not got is never purged: it is counted so the lead can send it.

The purge takes the record's versions, outbox rows, scan artefacts, sync conflicts and kept
screenshots with it; the audit log stays (it never holds a whole number). The connection
has secure_delete on (storage.database), so freed pages are zeroed, and a TRUNCATE
checkpoint afterwards moves everything into the main file and empties the WAL, so the
deleted rows are not left behind in it either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.database import write_transaction
from checkpoint_app.storage.kept_images import IMAGES_FOLDER
from checkpoint_app.storage.timefmt import from_db_time, to_db_time

DEFAULT_RETENTION_DAYS = 30
_BATCH = 400  # uuids per statement: well under SQLite's 999 bound parameters


@dataclass(frozen=True, slots=True)
class UnsentOldRecords:
    """Records past the cutoff that the county has not got (kept; the lead must send them)."""

    count: int
    oldest: datetime | None


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What one purge did. Counts only: no personal data."""

    retention_days: int
    cutoff: datetime
    records_purged: int
    versions_purged: int
    artefacts_purged: int
    outbox_rows_purged: int
    images_purged: int
    unsent: UnsentOldRecords
    cancelled: bool = False


def retention_days_in_force(policy_days: int | None, setting_days: int) -> int:
    """The county's period from its policy pack when one arrived, else this workstation's
    setting; 0 or less in the setting means "no purge" until the county says otherwise."""
    if policy_days is not None and policy_days > 0:
        return policy_days
    return max(0, setting_days)


def _has_table(db: Database, name: str) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
        ).fetchone()
        is not None
    )


def _undelivered_versions_sql(db: Database) -> str:
    """SQL true for an outbox row `o` the county has neither acknowledged nor been carried."""
    condition = "o.synced_at IS NULL"
    if _has_table(db, "bundle_exports"):
        # Only "since last export" bundles count: they carry every row up to their last id.
        # A shift bundle's coverage cannot be told exactly from here, so it is not trusted.
        condition += (
            " AND NOT EXISTS (SELECT 1 FROM bundle_exports b WHERE b.kind = 'since_last'"
            " AND b.last_outbox_id IS NOT NULL AND o.id <= b.last_outbox_id)"
        )
    if _has_table(db, "sync_conflicts"):
        condition = (
            f"({condition}) OR EXISTS (SELECT 1 FROM sync_conflicts c WHERE"
            " c.resolved_at IS NULL AND c.record_uuid = o.record_uuid"
            " AND c.record_version = o.record_version)"
        )
    return condition


def _old_uuids(db: Database, cutoff: datetime, *, delivered: bool) -> list[tuple[str, str]]:
    """(uuid, checked_at) of current records checked before `cutoff`, delivered or not."""
    undelivered = _undelivered_versions_sql(db)
    exists = "NOT EXISTS" if delivered else "EXISTS"
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT r.uuid, r.checked_at FROM records r WHERE r.is_current = 1"
            f" AND r.checked_at < ? AND {exists} (SELECT 1 FROM outbox o"
            f" WHERE o.record_uuid = r.uuid AND ({undelivered}))"
            " ORDER BY r.checked_at",
            [to_db_time(cutoff)],
        )
    ]


def find_unsent_old_records(
    db: Database, *, retention_days: int, now: datetime
) -> UnsentOldRecords:
    """Records past the retention period that never reached the county (never purged)."""
    if retention_days <= 0:
        return UnsentOldRecords(0, None)
    rows = _old_uuids(db, now - timedelta(days=retention_days), delivered=False)
    return UnsentOldRecords(len(rows), from_db_time(rows[0][1]) if rows else None)


def purge_expired_records(
    db: Database,
    *,
    retention_days: int,
    now: datetime,
    data_dir: Path | None = None,
    staff_id: int | None = None,
    is_cancelled: Callable[[], bool] = lambda: False,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> RetentionReport:
    """Delete delivered records checked more than `retention_days` before `now`.

    Works in batches, each its own transaction, so a cancel or a crash leaves whole records
    either kept or gone. Audited once with the counts and the cutoff. `data_dir` is where
    kept screenshots live (their files go with their records). Runs on any thread with
    that thread's own connection.
    """
    cutoff = now - timedelta(days=retention_days)
    unsent = find_unsent_old_records(db, retention_days=retention_days, now=now)
    if retention_days <= 0:
        return RetentionReport(retention_days, cutoff, 0, 0, 0, 0, 0, unsent)
    uuids = [u for u, _ in _old_uuids(db, cutoff, delivered=True)]
    totals = [0, 0, 0, 0]  # records, versions, artefacts, outbox rows
    image_hashes: set[str] = set()
    cancelled = False
    for start in range(0, len(uuids), _BATCH):
        if is_cancelled():
            cancelled = True
            break
        batch = uuids[start : start + _BATCH]
        counts, hashes = _purge_batch(db, batch)
        for i, n in enumerate(counts):
            totals[i] += n
        image_hashes |= hashes
        on_progress(min(start + _BATCH, len(uuids)), len(uuids))
    images = _delete_kept_images(data_dir, image_hashes) if data_dir is not None else 0
    report = RetentionReport(
        retention_days,
        cutoff,
        records_purged=totals[0],
        versions_purged=totals[1],
        artefacts_purged=totals[2],
        outbox_rows_purged=totals[3],
        images_purged=images,
        unsent=unsent,
        cancelled=cancelled,
    )
    with write_transaction(db):
        append_audit(
            db,
            "retention.purged",
            staff_id=staff_id,
            subject=to_db_time(cutoff),
            details={
                "retention_days": retention_days,
                "records": report.records_purged,
                "versions": report.versions_purged,
                "artefacts": report.artefacts_purged,
                "outbox_rows": report.outbox_rows_purged,
                "images": report.images_purged,
                "unsent_kept": unsent.count,
                "cancelled": cancelled,
            },
        )
    checkpoint_wal(db)
    return report


def _purge_batch(db: Database, uuids: Sequence[str]) -> tuple[tuple[int, int, int, int], set[str]]:
    marks = ", ".join("?" for _ in uuids)
    params = list(uuids)
    with write_transaction(db):
        hashes = {
            r[0]
            for r in db.execute(
                f"SELECT image_sha256 FROM scan_artefacts WHERE record_uuid IN ({marks})"
                " AND image_sha256 != ''",
                params,
            )
        }
        artefacts = db.execute(
            f"DELETE FROM scan_artefacts WHERE record_uuid IN ({marks})", params
        ).rowcount
        outbox = db.execute(f"DELETE FROM outbox WHERE record_uuid IN ({marks})", params).rowcount
        # What hangs off a record goes with it: conflicts, the transfer (plate, escort and
        # phone are personal data) and the pre-registration code's use.
        for table in ("sync_conflicts", "transfers", "preregistration_uses"):
            if _has_table(db, table):
                db.execute(f"DELETE FROM {table} WHERE record_uuid IN ({marks})", params)
        vehicles = [
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT vehicle_id FROM records WHERE uuid IN ({marks})"
                " AND vehicle_id IS NOT NULL",
                params,
            )
        ]
        versions = db.execute(f"DELETE FROM records WHERE uuid IN ({marks})", params).rowcount
        records = len(uuids)
        for vehicle in vehicles:
            # A car goes with the last of its people; its plate is personal data too.
            db.execute(
                "DELETE FROM vehicles WHERE id = ?"
                " AND NOT EXISTS (SELECT 1 FROM records WHERE vehicle_id = ?)",
                [vehicle, vehicle],
            )
        # A hash another kept record still uses stays on disk.
        still_used = {
            r[0]
            for r in db.execute(
                "SELECT DISTINCT image_sha256 FROM scan_artefacts WHERE image_sha256 != ''"
            )
        }
    return (records, versions, artefacts, outbox), hashes - still_used


def _delete_kept_images(data_dir: Path, hashes: set[str]) -> int:
    root = data_dir / IMAGES_FOLDER
    if not hashes or not root.is_dir():
        return 0
    removed = 0
    for path in root.glob("*/*"):
        if path.is_file() and path.stem in hashes:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def checkpoint_wal(db: Database) -> None:
    """Move everything into the main file and empty the WAL (deleted rows leave it too)."""
    with db.ensure_autocommit_on():
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
