"""Encryption at rest: the store file and its WAL hold no readable traveller data; only the
right key opens it; a plain store migrates without losing a record."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from checkpoint_app.records.model import CheckpointKind, StaffRole
from checkpoint_app.storage.audit import verify_audit_chain
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.encryption import (
    StoreLockedError,
    encrypt_store,
    forget_store_key,
    is_encrypted_file,
    new_data_key,
    remember_store_key,
)
from checkpoint_app.storage.records import RecordFilter, RecordRepository, StorageError
from checkpoint_app.storage.staff import add_staff, open_shift, set_up_checkpoint
from tests.storage.test_store import CLEAR, traveller

ID_NUMBER = "411623199004151232"
NAME = "张伟"


def _fill(db, *, travellers: int = 3) -> None:
    _, admin = set_up_checkpoint(
        db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin="246813",
    )
    registrar = add_staff(db, "王建国", StaffRole.REGISTRAR, "135724", by_staff_id=admin.id)
    shift = open_shift(db, registrar)
    repo = RecordRepository(db)
    for _ in range(travellers):
        repo.save(
            traveller(shift_id=shift.id, staff_id=registrar.id), flags=CLEAR, staff_id=registrar.id
        )


def _bytes_on_disk(path: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()
    )


def _readable(blob: bytes) -> list[str]:
    needles = {"ID number": ID_NUMBER.encode(), "name": NAME.encode(), "header": b"SQLite format 3"}
    return [what for what, needle in needles.items() if needle in blob]


def test_plain_store_shows_traveller_data_on_disk(data_dir):
    # The control for the next test: the needles are what a plain file would show.
    path = data_dir / DATABASE_FILENAME
    db = open_database(path)
    _fill(db)
    assert _readable(_bytes_on_disk(path)) == ["ID number", "name", "header"]
    db.close()


def test_encrypted_store_and_its_wal_hold_no_readable_traveller_data(data_dir):
    path = data_dir / DATABASE_FILENAME
    db = open_database(path, new_data_key())
    _fill(db)
    wal = Path(f"{path}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the records are (also) in the WAL
    assert _readable(path.read_bytes()) == []
    assert _readable(wal.read_bytes()) == []
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    db.close()
    assert is_encrypted_file(path)


def test_wrong_key_is_refused_in_chinese_and_the_file_is_untouched(data_dir):
    path = data_dir / DATABASE_FILENAME
    key = new_data_key()
    db = open_database(path, key)
    _fill(db)
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreLockedError, match="密钥不正确"):
        open_database(path, new_data_key())
    with pytest.raises(StoreLockedError, match="已加密"):
        open_database(path)
    assert path.read_bytes() == before
    reopened = open_database(path, key)
    assert RecordRepository(reopened).count(RecordFilter()) == 3
    reopened.close()


def test_a_key_is_refused_for_a_plain_store(data_dir):
    path = data_dir / DATABASE_FILENAME
    open_database(path).close()
    with pytest.raises(StoreLockedError, match="尚未加密"):
        open_database(path, new_data_key())


def test_repository_works_over_the_encrypted_store(data_dir):
    db = open_database(data_dir / DATABASE_FILENAME, new_data_key())
    _fill(db, travellers=0)
    shift_id, staff_id = db.execute("SELECT id, staff_id FROM shifts").fetchone()
    repo = RecordRepository(db)
    record = traveller(shift_id=shift_id, staff_id=staff_id)
    repo.save(record, flags=CLEAR, staff_id=staff_id)
    assert repo.get(record.uuid) == record
    assert [item.record.uuid for item in repo.list_items(RecordFilter(text=ID_NUMBER[-4:]))] == [
        record.uuid
    ]
    # sqlcipher3 raises its own exception classes: a duplicate is still told in Chinese.
    with pytest.raises(StorageError, match="重复提交"):
        repo.save(record, flags=CLEAR, staff_id=staff_id)
    assert verify_audit_chain(db) == []
    db.close()


def test_remembered_key_lets_a_worker_thread_open_its_own_connection(data_dir):
    path = data_dir / DATABASE_FILENAME
    key = new_data_key()
    db = open_database(path, key)
    _fill(db)
    counts: list[object] = []

    def worker() -> None:
        try:
            conn = open_database(path)
            counts.append(RecordRepository(conn).count(RecordFilter()))
            conn.close()
        except StoreLockedError as exc:
            counts.append(exc.message)

    remember_store_key(path, key)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    finally:
        forget_store_key(path)
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert counts == [3, "数据文件已加密，请先登录解锁"]
    db.close()


def test_plain_store_is_encrypted_in_place_with_every_row_and_no_plain_copy_left(data_dir):
    path = data_dir / DATABASE_FILENAME
    db = open_database(path)
    _fill(db, travellers=5)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    before = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    db.close()
    key = new_data_key()

    encrypt_store(path, key)

    assert sorted(p.name for p in data_dir.iterdir()) == [DATABASE_FILENAME]
    assert _readable(_bytes_on_disk(path)) == []
    db = open_database(path, key)
    after = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    assert after == before
    assert verify_audit_chain(db) == []
    assert len(RecordRepository(db).list_items(RecordFilter(text=ID_NUMBER[-4:]))) == 5
    db.close()


def test_encrypting_twice_is_refused(data_dir):
    path = data_dir / DATABASE_FILENAME
    key = new_data_key()
    open_database(path, key).close()
    with pytest.raises(StoreLockedError, match="已经是加密的"):
        encrypt_store(path, key)


def test_a_plain_copy_left_by_an_interrupted_encryption_is_wiped_at_the_next_open(data_dir):
    path = data_dir / DATABASE_FILENAME
    key = new_data_key()
    open_database(path, key).close()
    leftover = data_dir / f"{DATABASE_FILENAME}.plain-old"
    leftover.write_bytes(b"SQLite format 3\x00" + ID_NUMBER.encode())  # stopped after rename

    open_database(path, key).close()

    assert not leftover.exists()


def test_a_stale_link_to_the_live_plain_store_is_not_overwritten(data_dir):
    path = data_dir / DATABASE_FILENAME
    db = open_database(path)
    _fill(db, travellers=2)
    db.close()
    # Stopped between linking the plain file and the rename: both names, one file.
    (data_dir / f"{DATABASE_FILENAME}.plain-old").hardlink_to(path)
    key = new_data_key()

    encrypt_store(path, key)

    assert sorted(p.name for p in data_dir.iterdir()) == [DATABASE_FILENAME]
    db = open_database(path, key)
    assert RecordRepository(db).count(RecordFilter()) == 2
    db.close()
