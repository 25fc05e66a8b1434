"""The key file: the data key unwraps with the admin secret or a PIN on this device only;
wrong PINs count and lock; sign-in through the key file opens the encrypted store."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from checkpoint_app.records.model import CheckpointKind, StaffRole
from checkpoint_app.storage import keyfile
from checkpoint_app.storage.audit import verify_audit_chain
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.encryption import StoreLockedError, is_encrypted_file, new_data_key
from checkpoint_app.storage.keyfile import KdfParams, UnlockError
from checkpoint_app.storage.staff import SignInError, add_staff, set_up_checkpoint
from checkpoint_app.storage.unlock import (
    create_encrypted_store,
    ensure_pin_wrapped,
    is_store_encrypted,
    is_store_unlocked,
    lock_store,
    lock_unless_someone_unwrapped,
    migrate_to_encrypted,
    set_pin_wrap,
    unlock_and_sign_in,
    unlock_with_admin,
)
from tests.storage.test_encryption import _fill

SECRET = "ABCD-EFGH-JKLM-NPQR"
CHEAP = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Argon2id at production cost takes ~0.5 s per wrap; these tests make dozens."""
    if not request.node.name.startswith("test_production_cost_"):
        monkeypatch.setattr(keyfile, "PIN_KDF", CHEAP)
        monkeypatch.setattr(keyfile, "ADMIN_KDF", CHEAP)


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / keyfile.KEYFILE_NAME


@pytest.fixture
def device(tmp_path: Path) -> bytes:
    return keyfile.device_secret(tmp_path / "config" / "device-secret")


@pytest.fixture(autouse=True)
def _forget_keys(data_dir: Path):
    yield
    lock_store(data_dir)


def test_admin_secret_unwraps_the_data_key_however_it_is_typed(key_path):
    data_key = new_data_key()
    keyfile.create_key_file(key_path, data_key, SECRET)
    assert keyfile.unlock_with_admin_secret(key_path, " abcd efgh-jklm-npqr ") == data_key
    with pytest.raises(UnlockError, match="管理密钥不正确"):
        keyfile.unlock_with_admin_secret(key_path, "ABCD-EFGH-JKLM-NPQX")


def test_short_admin_secret_is_refused(key_path):
    with pytest.raises(UnlockError, match="至少 12"):
        keyfile.create_key_file(key_path, new_data_key(), "1234-5678")
    assert not key_path.exists()


def test_production_cost_key_file_is_private_and_holds_no_key_secret_or_pin(key_path, device):
    data_key = new_data_key()
    keyfile.create_key_file(key_path, data_key, SECRET)
    keyfile.set_staff_pin(key_path, data_key, "王建国", "135724", device_secret=device)
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    raw = key_path.read_bytes()
    for secret in (data_key, data_key.hex().encode(), b"ABCDEFGH", b"135724", device):
        assert secret not in raw
    data = json.loads(raw)
    assert [entry["name"] for entry in data["staff"]] == ["王建国"]
    assert data["staff"][0]["memory_kib"] == 256 * 1024  # production Argon2id cost recorded
    assert keyfile.unlock_with_pin(key_path, "王建国", "135724", device_secret=device) == data_key


def test_production_cost_a_wrap_made_at_the_old_cost_is_rewrapped_at_sign_in(
    key_path, device, monkeypatch
):
    data_key = new_data_key()
    keyfile.create_key_file(key_path, data_key, SECRET)
    # A key file from the release before: a 4-digit PIN at 64 MiB, t=2.
    monkeypatch.setattr(keyfile, "PIN_KDF", keyfile.LEGACY_PIN_KDF)
    keyfile.set_staff_pin(key_path, data_key, "王建国", "1357", device_secret=device)
    monkeypatch.undo()
    assert json.loads(key_path.read_bytes())["staff"][0]["memory_kib"] == 64 * 1024
    # The old PIN still signs in, and leaves the wrap at today's cost behind.
    assert keyfile.unlock_with_pin(key_path, "王建国", "1357", device_secret=device) == data_key
    entry = json.loads(key_path.read_bytes())["staff"][0]
    assert (entry["memory_kib"], entry["time_cost"]) == (256 * 1024, 4)
    assert keyfile.unlock_with_pin(key_path, "王建国", "1357", device_secret=device) == data_key
    with pytest.raises(UnlockError, match="姓名或 PIN 不正确"):
        keyfile.unlock_with_pin(key_path, "王建国", "1358", device_secret=device)


def test_pin_unwraps_only_together_with_this_devices_secret(key_path, device, tmp_path):
    data_key = new_data_key()
    keyfile.create_key_file(key_path, data_key, SECRET)
    keyfile.set_staff_pin(key_path, data_key, "王建国", "135724", device_secret=device)
    other_device = keyfile.device_secret(tmp_path / "elsewhere" / "device-secret")
    assert other_device != device
    assert keyfile.unlock_with_pin(key_path, "王建国", "135724", device_secret=device) == data_key
    with pytest.raises(UnlockError, match="姓名或 PIN 不正确"):
        keyfile.unlock_with_pin(key_path, "王建国", "135724", device_secret=other_device)


def test_an_entry_copied_under_another_name_does_not_unwrap(key_path, device):
    data_key = new_data_key()
    keyfile.create_key_file(key_path, data_key, SECRET)
    keyfile.set_staff_pin(key_path, data_key, "王建国", "135724", device_secret=device)
    keyfile.set_staff_pin(key_path, data_key, "李秀英", "9999", device_secret=device)
    data = json.loads(key_path.read_text(encoding="utf-8"))
    wang = next(e for e in data["staff"] if e["name"] == "王建国")
    data["staff"] = [dict(wang, name="李秀英")]
    key_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UnlockError):
        keyfile.unlock_with_pin(key_path, "李秀英", "135724", device_secret=device)


def test_five_wrong_pins_lock_the_name_even_for_the_right_pin(key_path, device):
    data_key = new_data_key()
    keyfile.create_key_file(key_path, data_key, SECRET)
    keyfile.set_staff_pin(key_path, data_key, "王建国", "135724", device_secret=device)
    messages = []
    for _ in range(5):
        with pytest.raises(UnlockError) as refused:
            keyfile.unlock_with_pin(key_path, "王建国", "0000", device_secret=device)
        messages.append(refused.value.message)
    assert messages[0] == "姓名或 PIN 不正确（还可尝试 4 次）"
    assert messages[-1] == "连续输错 5 次，账号已锁定 5 分钟"
    with pytest.raises(UnlockError, match="请 5 分钟后再试"):
        keyfile.unlock_with_pin(key_path, "王建国", "135724", device_secret=device)


def test_a_right_pin_resets_the_failure_count(key_path, device):
    data_key = new_data_key()
    keyfile.create_key_file(key_path, data_key, SECRET)
    keyfile.set_staff_pin(key_path, data_key, "王建国", "135724", device_secret=device)
    for _ in range(4):
        with pytest.raises(UnlockError):
            keyfile.unlock_with_pin(key_path, "王建国", "0000", device_secret=device)
    keyfile.unlock_with_pin(key_path, "王建国", "135724", device_secret=device)
    with pytest.raises(UnlockError, match="还可尝试 4 次"):
        keyfile.unlock_with_pin(key_path, "王建国", "0000", device_secret=device)


def test_a_damaged_key_file_is_reported_in_chinese(key_path):
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_text("{not json", encoding="utf-8")
    with pytest.raises(UnlockError, match="密钥文件已损坏"):
        keyfile.load_key_file(key_path)


def _first_run(data_dir: Path):
    """What the GUI's first run does: new encrypted store, checkpoint, admin signs in once."""
    db = create_encrypted_store(data_dir, SECRET)
    _, admin = set_up_checkpoint(
        db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin="246813",
    )
    assert ensure_pin_wrapped(data_dir, "赵志刚", "246813")
    return db, admin


def test_first_run_store_is_encrypted_and_the_admin_pin_unlocks_it_after_restart(data_dir):
    db, _ = _first_run(data_dir)
    db.close()
    lock_store(data_dir)  # as a new process would be
    assert is_store_encrypted(data_dir) and not is_store_unlocked(data_dir)
    assert is_encrypted_file(data_dir / DATABASE_FILENAME)
    with pytest.raises(StoreLockedError):
        open_database(data_dir / DATABASE_FILENAME)

    db, staff = unlock_and_sign_in(data_dir, "赵志刚", "246813")

    assert staff.name == "赵志刚" and is_store_unlocked(data_dir)
    events = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert events[-1] == "signin"
    db.close()


def test_wrong_pin_on_a_locked_store_is_refused_and_leaves_it_locked(data_dir):
    db, _ = _first_run(data_dir)
    db.close()
    lock_store(data_dir)
    with pytest.raises(SignInError, match="姓名或 PIN 不正确"):
        unlock_and_sign_in(data_dir, "赵志刚", "1111")
    assert not is_store_unlocked(data_dir)


def test_added_staff_can_unlock_with_their_own_pin(data_dir):
    db, admin = _first_run(data_dir)
    add_staff(db, "王建国", StaffRole.REGISTRAR, "135724", by_staff_id=admin.id)
    assert set_pin_wrap(data_dir, "王建国", "135724")
    db.close()
    lock_store(data_dir)
    db, staff = unlock_and_sign_in(data_dir, "王建国", "135724")
    assert staff.role is StaffRole.REGISTRAR
    db.close()


def test_sign_out_keeps_the_store_unlocked_until_everyone_has_a_wrap(data_dir):
    db, _ = _first_run(data_dir)
    db.execute(
        "INSERT INTO staff (name, role, pin_hash, created_at) VALUES ('王建国', 'registrar', 'x',"
        " '2022-04-10T00:00:00.000+00:00')"
    )  # a staff member from before the store was encrypted: no wrap yet
    assert not lock_unless_someone_unwrapped(data_dir, db)
    assert is_store_unlocked(data_dir)
    db.execute("DELETE FROM staff WHERE name = '王建国'")
    assert lock_unless_someone_unwrapped(data_dir, db)
    assert not is_store_unlocked(data_dir)
    db.close()


def test_plain_store_migrates_and_opens_with_the_admin_secret(data_dir):
    db = open_database(data_dir / DATABASE_FILENAME)
    _fill(db, travellers=4)
    db.close()

    migrate_to_encrypted(data_dir, SECRET)

    assert is_encrypted_file(data_dir / DATABASE_FILENAME)
    with pytest.raises(UnlockError, match="管理密钥不正确"):
        unlock_with_admin(data_dir, "WRONG-SECRET-XXXX")
    unlock_with_admin(data_dir, SECRET)
    db = open_database(data_dir / DATABASE_FILENAME)  # the remembered key
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 4
    # The registrar signs in while it is unlocked and gets a wrap for next time.
    assert ensure_pin_wrapped(data_dir, "王建国", "135724")
    assert not ensure_pin_wrapped(data_dir, "王建国", "135724")  # once is enough
    db.close()
    lock_store(data_dir)
    db, _ = unlock_and_sign_in(data_dir, "王建国", "135724")
    db.close()


def test_wrong_pins_typed_while_locked_reach_the_audit_log_at_the_next_unlock(data_dir):
    db, _ = _first_run(data_dir)
    db.close()
    lock_store(data_dir)
    for _ in range(2):
        with pytest.raises(SignInError):
            unlock_and_sign_in(data_dir, "赵志刚", "1111")

    db, _ = unlock_and_sign_in(data_dir, "赵志刚", "246813")

    rows = db.execute(
        "SELECT action, details FROM audit_log WHERE action LIKE 'signin%' ORDER BY id"
    ).fetchall()
    assert [action for action, _ in rows][-2:] == ["signin", "signin.failed"]
    assert json.loads(rows[-1][1])["attempts"] == 2
    assert verify_audit_chain(db) == []
    db.close()
    lock_store(data_dir)
    db, _ = unlock_and_sign_in(data_dir, "赵志刚", "246813")  # counted once, not again
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions.count("signin.failed") == 1
    db.close()
