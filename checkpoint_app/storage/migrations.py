"""Schema of the local store as append-only named steps.

Never edit a step that has shipped: add a new one. tests/storage keeps a database file
of every released schema and checks that it upgrades.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("checkpoint_app")


def _execute_statements(db: Database, script: str) -> None:
    """Run a multi-statement script inside the migration's transaction.

    sqlite3's executescript() would COMMIT first and break the migration's atomicity,
    so statements (triggers included) are split with sqlite3.complete_statement.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending!r}")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    _execute_statements(
        db,
        """
        CREATE TABLE checkpoint (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            township TEXT NOT NULL,
            device_id TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            pin_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE shifts (
            id INTEGER PRIMARY KEY,
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            started_at TEXT NOT NULL,
            ended_at TEXT,
            handover_note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX shifts_open ON shifts(ended_at) WHERE ended_at IS NULL;
        CREATE TABLE vehicles (
            id TEXT PRIMARY KEY,
            plate TEXT NOT NULL,
            shift_id INTEGER REFERENCES shifts(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE records (
            uuid TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            is_current INTEGER NOT NULL DEFAULT 1,
            shift_id INTEGER REFERENCES shifts(id),
            staff_id INTEGER REFERENCES staff(id),
            checked_at TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            document_type TEXT NOT NULL,
            document_number TEXT NOT NULL DEFAULT '',
            document_tail TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            phone_tail TEXT NOT NULL DEFAULT '',
            plate TEXT NOT NULL DEFAULT '',
            vehicle_id TEXT REFERENCES vehicles(id),
            origin_code TEXT NOT NULL DEFAULT '',
            origin_name TEXT NOT NULL DEFAULT '',
            destination_township TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            temperature REAL,
            fever INTEGER NOT NULL DEFAULT 0,
            health_colour TEXT NOT NULL,
            health_payload TEXT NOT NULL DEFAULT '',
            health_issuer TEXT NOT NULL DEFAULT '',
            travel_colour TEXT NOT NULL,
            travel_cities TEXT NOT NULL DEFAULT '[]',
            nat_result TEXT NOT NULL,
            nat_sampled_at TEXT,
            nat_expired INTEGER NOT NULL DEFAULT 0,
            vaccine_doses INTEGER,
            disposition TEXT NOT NULL,
            override_reason TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            sources TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (uuid, version)
        );
        CREATE INDEX records_shift ON records(shift_id, checked_at) WHERE is_current = 1;
        CREATE INDEX records_checked_at ON records(checked_at);
        CREATE INDEX records_document ON records(document_number);
        CREATE INDEX records_document_tail ON records(document_tail);
        CREATE INDEX records_phone ON records(phone);
        CREATE INDEX records_phone_tail ON records(phone_tail);
        CREATE INDEX records_plate ON records(plate);
        CREATE INDEX records_name ON records(name);
        CREATE INDEX records_vehicle ON records(vehicle_id) WHERE vehicle_id IS NOT NULL;
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            record_uuid TEXT NOT NULL,
            record_version INTEGER NOT NULL,
            queued_at TEXT NOT NULL,
            synced_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '',
            UNIQUE (record_uuid, record_version),
            FOREIGN KEY (record_uuid, record_version) REFERENCES records(uuid, version)
        );
        CREATE INDEX outbox_pending ON outbox(id) WHERE synced_at IS NULL;
        CREATE TABLE scan_artefacts (
            id INTEGER PRIMARY KEY,
            record_uuid TEXT NOT NULL,
            record_version INTEGER NOT NULL,
            source TEXT NOT NULL,
            payload_kind TEXT NOT NULL DEFAULT '',
            payload TEXT NOT NULL DEFAULT '',
            issuer TEXT NOT NULL DEFAULT '',
            image_sha256 TEXT NOT NULL DEFAULT '',
            image_phash TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            FOREIGN KEY (record_uuid, record_version) REFERENCES records(uuid, version)
        );
        CREATE INDEX scan_artefacts_record ON scan_artefacts(record_uuid);
        CREATE INDEX scan_artefacts_phash ON scan_artefacts(image_phash) WHERE image_phash != '';
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            staff_id INTEGER,
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        -- The audit log is append-only: SQLite itself refuses edits and deletions.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


@MIGRATIONS(name="0002_vehicle_driver")
def _vehicle_driver(db: Database) -> None:
    # A car is registered as a group: its first record is the driver's.
    db.execute("ALTER TABLE vehicles ADD COLUMN driver_uuid TEXT")


@MIGRATIONS(name="0003_preregistration_uses")
def _preregistration_uses(db: Database) -> None:
    # A pre-registration code is one-use at this checkpoint: the digest of its signature
    # (never its text or details) with the record it was saved on. Kept only here.
    _execute_statements(
        db,
        """
        CREATE TABLE preregistration_uses (
            digest TEXT NOT NULL
                CHECK (length(digest) = 64 AND digest NOT GLOB '*[^0-9a-f]*'),
            record_uuid TEXT NOT NULL,
            used_at TEXT NOT NULL,
            PRIMARY KEY (digest, record_uuid)
        );
        """,
    )


@MIGRATIONS(name="0005_paper_serials")
def _paper_serials(db: Database) -> None:
    # Papers handed to travellers (告知书, 健康服务卡) are numbered per kind at this
    # checkpoint: the last number given out. Who got which paper is in the audit log.
    _execute_statements(
        db,
        """
        CREATE TABLE paper_serials (
            kind TEXT PRIMARY KEY,
            last_number INTEGER NOT NULL CHECK (last_number >= 1)
        );
        """,
    )


@MIGRATIONS(name="0006_transfers")
def _transfers(db: Database) -> None:
    # Closed-loop transfers: one row per person driven to a receiving site, the receipt the
    # site confirmed at the county coming back on a later sync. The newest verified list
    # of receiving sites the county signed is kept beside it (the older ones are dropped).
    _execute_statements(
        db,
        """
        CREATE TABLE transfers (
            code TEXT PRIMARY KEY
                CHECK (length(code) = 8 AND code NOT GLOB '*[^23456789ABCDEFGHJKMNPQRSTUVWXYZ]*'),
            record_uuid TEXT NOT NULL,
            site_id INTEGER NOT NULL,
            site_name TEXT NOT NULL,
            plate TEXT NOT NULL,
            escort_name TEXT NOT NULL,
            escort_phone TEXT NOT NULL,
            departed_at TEXT NOT NULL,
            staff_id INTEGER,
            created_at TEXT NOT NULL,
            pushed_at TEXT,
            push_error TEXT NOT NULL DEFAULT '',
            received_at TEXT,
            receipt_outcome TEXT,
            receipt_note TEXT NOT NULL DEFAULT '',
            receipt_seen_at TEXT
        );
        CREATE INDEX transfers_record ON transfers (record_uuid);
        CREATE INDEX transfers_unpushed ON transfers (pushed_at) WHERE pushed_at IS NULL;
        CREATE TABLE site_list (
            version INTEGER PRIMARY KEY,
            published_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            etag TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL,
            envelope TEXT NOT NULL
        );
        """,
    )


@MIGRATIONS(name="0007_report_flag")
def _report_flag(db: Database) -> None:
    # The policy's 须报告指挥部, as shown at the check; records before it were not flagged.
    db.execute("ALTER TABLE records ADD COLUMN report INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS(name="0008_destination_address")
def _destination_address(db: Database) -> None:
    # The village or address the traveller is going to (optional), for the township that
    # follows them up; records before it had only the township.
    db.execute("ALTER TABLE records ADD COLUMN destination_address TEXT NOT NULL DEFAULT ''")


@MIGRATIONS(name="0009_pledge")
def _pledge(db: Database) -> None:
    # The pledge (承诺书) as recorded at the check; records before it have none (未签).
    for column in (
        "pledge_method TEXT NOT NULL DEFAULT 'none'",
        "pledge_version INTEGER",
        "pledge_at TEXT",
        "pledge_slip INTEGER",
        "pledge_strokes TEXT NOT NULL DEFAULT ''",
    ):
        db.execute(f"ALTER TABLE records ADD COLUMN {column}")
