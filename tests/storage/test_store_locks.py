"""Opening a second connection must never drop the locks SQLite holds on the store.

Closing any descriptor of a file drops every POSIX lock the process holds on it. Reading the
store's header with open()/close() while a connection was open did exactly that, and a
`checkpoint-app sync` killed at random then left a "database disk image is malformed" store
behind (tests/reliability/test_sync_killed.py): another process saw no reader, checkpointed
and reset a WAL still in use. SQLite itself keeps its descriptors open for this reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.encryption import new_data_key
from checkpoint_app.storage.unlock import create_encrypted_store, lock_store

PROC_LOCKS = Path("/proc/locks")
pytestmark = pytest.mark.skipif(not PROC_LOCKS.exists(), reason="needs Linux /proc/locks")


def my_locks_on(path: Path) -> list[str]:
    """This process's POSIX locks on `path`, as /proc/locks lists them."""
    st = path.stat()
    inode = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    pid = str(os.getpid())
    return [
        line
        for line in PROC_LOCKS.read_text().splitlines()
        if "POSIX" in line and line.split()[4] == pid and line.split()[5] == inode
    ]


def _hold_shared_lock(db) -> None:
    # A WAL connection keeps a shared lock on the main file once it has read it.
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_second_connection_keeps_the_first_ones_locks(data_dir, encrypted):
    path = data_dir / DATABASE_FILENAME
    if encrypted:
        first = create_encrypted_store(data_dir, "LOCK-TEST-SECRET")
    else:
        first = open_database(path)
    try:
        _hold_shared_lock(first)
        held = my_locks_on(path)
        assert held, "SQLite holds no lock on the store: the test would prove nothing"
        second = open_database(path)
        _hold_shared_lock(second)
        second.close()
        assert my_locks_on(path) == held
    finally:
        first.close()
        lock_store(data_dir)


def test_a_wrong_key_for_an_open_store_keeps_its_locks(data_dir):
    first = create_encrypted_store(data_dir, "LOCK-TEST-SECRET")
    path = data_dir / DATABASE_FILENAME
    try:
        _hold_shared_lock(first)
        held = my_locks_on(path)
        with pytest.raises(Exception, match="密钥不正确"):
            open_database(path, new_data_key())
        assert my_locks_on(path) == held
    finally:
        first.close()
        lock_store(data_dir)
