"""Encryption at rest: the store as a SQLCipher 4 file opened with a raw 256-bit data key.

Why SQLCipher rather than encrypting sensitive columns: every page of the file (records,
indexes, FTS, the WAL and free pages) is AES-256 encrypted with a per-page HMAC, so search by
ID number keeps working through ordinary indexes and nothing leaks through an index or the
WAL. The `sqlcipher3` wheels bundle SQLCipher 4 statically for win_amd64 and
manylinux_2_28 x86_64 (checked with `pip download --only-binary=:all: --platform …`), so
neither the field laptops nor CI need a system library, and sqlite-utils runs unchanged over
their DB-API connection.

The data key is random and never derived from anything a person types; it lives in memory
while the workstation runs and on disk only wrapped in the key file (see keyfile.py). A
store with no key file is a plain SQLite file, as before encryption existed: tests, old
stores until they are migrated (`checkpoint-app encrypt-store`), and tools that want one.

Threads: every thread opens its own connection (see database.open_database). Rather than
thread the key through every worker's signature, the process remembers the unlocked key for
the store's file (`remember_store_key`) from sign-in until sign-out; an explicit `key=`
always wins. The key never leaves process memory.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Any, cast

import sqlcipher3  # type: ignore[import-untyped]

DATA_KEY_BYTES = 32
#: SQLite page cache per encrypted connection (SQLite's default is 2 MiB); it only grows as
#: pages are read, so idle worker connections stay small.
ENCRYPTED_CACHE_KIB = 32 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"

#: Errors from either driver: a plain store runs on sqlite3, an encrypted one on sqlcipher3,
#: and their exception classes are unrelated.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, sqlcipher3.IntegrityError)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.OperationalError,
    sqlcipher3.OperationalError,
)

_keys_lock = threading.Lock()
_unlocked_keys: dict[Path, bytes] = {}
# Whether each store this process has opened is encrypted. Once SQLite holds a file open,
# reading its header with open()/close() would be unsafe: closing any descriptor of a file
# drops every POSIX lock the process holds on it, SQLite's included, and another process
# may then checkpoint and reset a WAL still in use (sqlite.org/howtocorrupt.html, 2.2).
_encrypted_files: dict[Path, bool] = {}


class StoreLockedError(Exception):
    """The store cannot be opened with the key given (or none); `message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: What a worker that opens its own connection may meet: a database error, a locked store
#: (its Chinese message is the exception's text), or a file error.
STORE_OPEN_ERRORS: tuple[type[Exception], ...] = (*DATABASE_ERRORS, StoreLockedError, OSError)


def new_data_key() -> bytes:
    """A fresh random 256-bit data key for a new encrypted store."""
    return secrets.token_bytes(DATA_KEY_BYTES)


def is_encrypted_file(path: Path) -> bool:
    """True when `path` exists, is not empty and is not a plain SQLite file.

    An SQLCipher file starts with its random salt, a plain one with the SQLite header.
    The header is read only until this process opens the store (see `_encrypted_files`);
    from then on the answer remembered at that moment is given.
    """
    canonical = _canonical(path)
    with _keys_lock:
        known = _encrypted_files.get(canonical)
        if known is not None and not path.exists():  # removed since (stat opens nothing)
            del _encrypted_files[canonical]
            return False
    if known is not None:
        return known
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


def _remember_kind(path: Path, *, encrypted: bool) -> None:
    with _keys_lock:
        _encrypted_files[_canonical(path)] = encrypted


def remember_store_key(path: Path, key: bytes) -> None:
    """Keep `key` in memory for connections to the store at `path` (after sign-in)."""
    _check_key(key)
    with _keys_lock:
        _unlocked_keys[_canonical(path)] = key


def forget_store_key(path: Path) -> None:
    """Drop the remembered key (sign-out): later connections need a new unlock."""
    with _keys_lock:
        _unlocked_keys.pop(_canonical(path), None)


def remembered_store_key(path: Path) -> bytes | None:
    """The key remembered for the store at `path`, if it is unlocked in this process."""
    with _keys_lock:
        return _unlocked_keys.get(_canonical(path))


def connect_store(path: Path, key: bytes | None, *, timeout: float) -> sqlite3.Connection:
    """A DB-API connection to the store: sqlcipher3 keyed with `key`, or plain sqlite3.

    Raises StoreLockedError when the file is encrypted and `key` is missing or wrong;
    nothing is written to the file in that case.
    """
    if key is None:
        if is_encrypted_file(path):
            raise StoreLockedError("数据文件已加密，请先登录解锁")
        plain_conn = sqlite3.connect(str(path), timeout=timeout)
        _remember_kind(path, encrypted=False)
        return plain_conn
    _check_key(key)
    if path.exists() and not is_encrypted_file(path) and path.stat().st_size > 0:
        raise StoreLockedError("数据文件尚未加密，请先运行 checkpoint-app encrypt-store")
    leftover = path.with_name(path.name + ".plain-old")
    if leftover.exists():  # an encryption that stopped right after its rename
        secure_remove(leftover)
    conn: Any = sqlcipher3.connect(str(path), timeout=timeout)
    try:
        # SQLCipher would print a line for every page that fails its HMAC on a wrong key.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # The key is only checked when the first page is read.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # Pages in SQLite's own cache are kept decrypted; the OS cache holds ciphertext that
        # costs AES + HMAC per page on every read. A larger cache spares repeated scans that.
        conn.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise StoreLockedError("密钥不正确，无法打开加密的数据文件") from exc
    _remember_kind(path, encrypted=True)
    return cast(sqlite3.Connection, conn)


def encrypt_store(path: Path, key: bytes) -> None:
    """Replace the plain store at `path` with an encrypted copy under `key`.

    Order matters so that nothing saved is lost: the copy is written beside the old file
    (`sqlcipher_export`), flushed and verified (integrity check, the same row count in
    every table, the same schema version); only then does it take the old file's name, and
    the old file is overwritten and removed. A crash before the rename leaves the plain
    store as it was (and a stale copy that the next run removes); a crash after it leaves
    the plain copy as `<name>.plain-old`, overwritten when the store is next opened.
    """
    _check_key(key)
    if is_encrypted_file(path):
        raise StoreLockedError("数据文件已经是加密的")
    if not path.exists():
        raise FileNotFoundError(path)
    new = path.with_name(path.name + ".encrypting")
    old = path.with_name(path.name + ".plain-old")
    secure_remove(new)
    # A stale link from an interrupted run may share the live file's data: unlink, never
    # overwrite it.
    old.unlink(missing_ok=True)
    plain = sqlite3.connect(str(path))
    try:
        # Everything committed must be in the main file before it is copied.
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _table_counts(plain)
        user_version = plain.execute("PRAGMA user_version").fetchone()[0]
    finally:
        plain.close()
    source: Any = sqlcipher3.connect(str(path))
    try:
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", [str(new)])
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    _fsync(new)
    check = connect_store(new, key, timeout=5)
    try:
        problems = check.execute("PRAGMA integrity_check").fetchone()[0]
        if problems != "ok" or _table_counts(check) != counts:
            raise StoreLockedError("加密后的副本校验失败，原数据文件未改动")
        if check.execute("PRAGMA user_version").fetchone()[0] != user_version:
            raise StoreLockedError("加密后的副本校验失败，原数据文件未改动")
    except BaseException:
        check.close()
        secure_remove(new)
        raise
    check.close()
    # A second name for the plain file, then one atomic rename: the store's name never
    # points at nothing, and the plain data stays reachable to be overwritten.
    os.link(path, old)
    new.replace(path)
    _remember_kind(path, encrypted=True)
    _fsync_folder(path.parent)
    for leftover in (old, Path(f"{path}-wal"), Path(f"{path}-shm")):
        secure_remove(leftover)


def secure_remove(path: Path) -> None:
    """Overwrite a file with random bytes, flush, then delete it (if it exists).

    Best effort: on SSDs and journaling file systems old blocks may survive an overwrite,
    which is why new stores are encrypted from their first write (and why BitLocker on the
    laptops is still advised).
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        remaining = size
        while remaining > 0:
            chunk = min(remaining, 1 << 20)
            handle.write(secrets.token_bytes(chunk))
            remaining -= chunk
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def _table_counts(conn: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; its renames are journaled
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_key(key: bytes) -> None:
    if len(key) != DATA_KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")


def _canonical(path: Path) -> Path:
    return path.resolve()
