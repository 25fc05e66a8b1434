"""The device's signing key is released only with the store: a copied data folder cannot sync.

The attack: copy a checkpoint laptop's data folder (a USB stick, a backup) and use
`sync/device_ed25519.pem` from it to push forged travellers or pull the watch list. Now, on
an encrypted store, the key lies sealed under the store's data key, which only a sign-in
(or the admin secret) releases; a real county server on 127.0.0.1 judges the result.
"""

from __future__ import annotations

import shutil
import stat

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from checkpoint_app.storage.unlock import lock_store, unlock_with_admin
from checkpoint_app.sync.client import FailureKind, enroll, push_pending
from checkpoint_app.sync.keys import (
    DEVICE_KEY_FILENAME,
    SEALED_DEVICE_KEY_FILENAME,
    KeyFileError,
    load_device_key,
    private_key_pem,
    sync_dir,
)
from checkpoint_app.workstation.sync import sync_once
from tests.county_fixtures import CountyServer, Station, make_station

SECRET = "TEST-KADIAN-SECRET-2022"


@pytest.fixture
def encrypted(tmp_path, county_server: CountyServer):
    station = make_station(tmp_path, admin_secret=SECRET)
    result = enroll(station.data_dir, county_server.url, county_server.enrollment_code())
    assert result.ok, result.failure
    yield station
    station.db.close()
    lock_store(station.data_dir)


def raw_key(station: Station) -> bytes:
    return load_device_key(station.data_dir).private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )


def test_enrolling_an_encrypted_station_leaves_no_device_key_in_the_clear(encrypted):
    folder = sync_dir(encrypted.data_dir)
    assert not (folder / DEVICE_KEY_FILENAME).exists()
    sealed = (folder / SEALED_DEVICE_KEY_FILENAME).read_bytes()
    assert raw_key(encrypted) not in sealed
    assert stat.S_IMODE((folder / SEALED_DEVICE_KEY_FILENAME).stat().st_mode) == 0o600
    for path in encrypted.data_dir.rglob("*"):
        if path.is_file():
            assert b"PRIVATE KEY" not in path.read_bytes(), path


def test_a_copied_data_folder_cannot_sync_until_someone_unlocks_it(
    encrypted, county_server, tmp_path
):
    encrypted.save(2)
    before = county_server.store.record_count()
    copy = tmp_path / "copied"
    shutil.copytree(encrypted.data_dir, copy)
    with pytest.raises(KeyFileError, match="已锁定"):
        load_device_key(copy)
    report = sync_once(copy)
    assert not report.ok and "已锁定" in report.failure.message
    # Nothing reached the county from the copy; the station itself still syncs.
    assert county_server.store.record_count() == before
    assert push_pending(encrypted.db, encrypted.connection()).accepted == 2


def test_after_sign_out_the_key_is_locked_and_the_admin_secret_releases_it(
    encrypted, county_server
):
    before = raw_key(encrypted)
    lock_store(encrypted.data_dir)
    with pytest.raises(KeyFileError, match="已锁定"):
        load_device_key(encrypted.data_dir)
    unlock_with_admin(encrypted.data_dir, SECRET)
    assert raw_key(encrypted) == before
    encrypted.save(1)
    assert push_pending(encrypted.db, encrypted.connection()).accepted == 1


def test_a_key_left_in_the_clear_by_an_older_release_is_sealed_at_first_use(encrypted):
    folder = sync_dir(encrypted.data_dir)
    key = load_device_key(encrypted.data_dir)
    (folder / SEALED_DEVICE_KEY_FILENAME).unlink()
    (folder / DEVICE_KEY_FILENAME).write_bytes(private_key_pem(key))
    assert raw_key(encrypted) == key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    assert not (folder / DEVICE_KEY_FILENAME).exists()
    assert (folder / SEALED_DEVICE_KEY_FILENAME).exists()


def test_a_sealed_key_from_another_station_is_refused_in_words(encrypted, tmp_path, county_server):
    other = make_station(tmp_path / "other", admin_secret=SECRET)
    try:
        assert enroll(other.data_dir, county_server.url, county_server.enrollment_code()).ok
        shutil.copy(
            sync_dir(other.data_dir) / SEALED_DEVICE_KEY_FILENAME,
            sync_dir(encrypted.data_dir) / SEALED_DEVICE_KEY_FILENAME,
        )
        with pytest.raises(KeyFileError, match="不符"):
            load_device_key(encrypted.data_dir)
    finally:
        other.db.close()
        lock_store(other.data_dir)


def test_a_plain_store_keeps_its_key_private_to_the_user(enrolled):
    path = sync_dir(enrolled.data_dir) / DEVICE_KEY_FILENAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not (sync_dir(enrolled.data_dir) / SEALED_DEVICE_KEY_FILENAME).exists()


def test_enrolling_a_locked_encrypted_store_says_to_sign_in_first(tmp_path, county_server):
    station = make_station(tmp_path, admin_secret=SECRET)
    station.db.close()
    lock_store(station.data_dir)
    result = enroll(station.data_dir, county_server.url, county_server.enrollment_code())
    assert not result.ok
    assert result.failure.kind is FailureKind.LOCAL
