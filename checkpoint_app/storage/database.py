"""Opening the local store: one SQLite file in the data folder, through sqlite-utils."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from checkpoint_app.storage.encryption import connect_store, remembered_store_key
from checkpoint_app.storage.migrations import MIGRATIONS

DATABASE_FILENAME = "checkpoint.db"
BUSY_TIMEOUT_MS = 5000


def open_database(path: Path, key: bytes | None = None) -> Database:
    """Open (creating and migrating if needed) the store at `path`.

    Each thread must open its own connection: sqlite3 connections are not shared
    across threads here, and WAL lets one writer and many readers overlap.

    `key` is the store's 32-byte data key (SQLCipher); without it the key this process
    remembered at sign-in is used, and a store with neither is plain SQLite. An encrypted
    store opened without its key raises encryption.StoreLockedError (a Chinese message).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if key is None:
        key = remembered_store_key(path)
    conn = connect_store(path, key, timeout=BUSY_TIMEOUT_MS / 1000)
    db = Database(conn)
    configure_connection(db)
    MIGRATIONS.apply(db)
    return db


# Every connection to the store runs these, in this order. One constant so that the
# power-loss harness (tests/reliability/powercut_vfs.py) cuts power under exactly these.
STORE_PRAGMAS: tuple[str, ...] = (
    # WAL with synchronous=FULL: a record shown as saved survives a power cut
    # (NORMAL loses the last commits on power loss, measured in the durability tests).
    "journal_mode=WAL",
    "synchronous=FULL",
    "foreign_keys=ON",
    f"busy_timeout={BUSY_TIMEOUT_MS}",
    # Deleted personal data is overwritten, not left in free pages.
    "secure_delete=ON",
)


def configure_connection(db: Database) -> None:
    """Durability settings every connection to the store must carry (STORE_PRAGMAS)."""
    with db.ensure_autocommit_on():
        for pragma in STORE_PRAGMAS:
            db.execute(f"PRAGMA {pragma}")


def database_folder(db: Database) -> Path:
    """The data folder of an open store (where its keys and exports live beside it)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).parent


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock when it begins (BEGIN IMMEDIATE).

    For work that reads before it writes: in WAL a deferred transaction that read first
    fails at once with "database is locked" when another connection (the GUI, a sync
    worker) committed in between, without waiting; asking for the lock up front lets the
    busy timeout wait instead. Nested inside another transaction it is a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.execute("COMMIT")
