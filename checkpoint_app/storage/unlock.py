"""Unlocking the encrypted store: first run, sign-in by PIN, the admin secret, migration.

The pieces (encryption.py: SQLCipher connections; keyfile.py: the wrapped data key) meet
here, in plain functions the GUI and the command line share:

* First run (`create_encrypted_store`) makes a random data key, the key file with the key
  wrapped under the admin secret, and the encrypted store. The GUI shows a generated admin
  secret once, after the checkpoint was created, for the administrator to write down.
* Sign-in on a locked store (`unlock_and_sign_in`): the PIN (+ device secret) unwraps the
  data key, the store opens with it, and the ordinary in-store sign-in then checks the PIN
  against its Argon2id hash, audits it and applies the in-store lockout. The key is then
  remembered in memory for this process (sync and background workers open their own
  connections with it) until sign-out (`lock_store`).
* A staff member who signs in while the store is already unlocked (right after first run,
  after a migration, on the lock screen) and has no wrap yet gets one
  (`ensure_pin_wrapped`): a PIN is only ever known at the moment it is typed.
* Changing a PIN (`change_own_pin`, `reset_pin`) writes the new wrap first and the new
  hash second. A crash in between leaves a wrap for the new PIN and the old hash; the next
  unlock with the new PIN finishes the change (`check_sign_in`), since only someone holding
  the data key can have written that wrap. The person is never locked out.
* The command line unlocks with the admin secret (`unlock_with_admin`).
* A crash restart starts a new process with no key in memory: it asks for the PIN again
  and reopens the same (persisted) shift. The key is never written anywhere to spare that.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from checkpoint_app.records.model import StaffRole
from checkpoint_app.storage import keyfile
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.encryption import (
    encrypt_store,
    forget_store_key,
    is_encrypted_file,
    new_data_key,
    remember_store_key,
    remembered_store_key,
)
from checkpoint_app.storage.staff import (
    SignInError,
    Staff,
    check_new_pin,
    find_staff,
    is_locked_out,
    list_staff,
    pin_matches,
    set_pin,
    sign_in,
    verify_pin,
)

#: The demo's store (`checkpoint-app --demo`) is encrypted like any other, under this
#: published secret: demo data is invented, and the demo must start with no questions.
DEMO_ADMIN_SECRET = "DEMO-KADIAN-2022"

#: Environment variable the command line reads the admin secret from (CI, scripts);
#: otherwise it asks for it without echo.
ADMIN_SECRET_ENV = "CHECKPOINT_ADMIN_SECRET"


def store_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILENAME


def is_store_encrypted(data_dir: Path) -> bool:
    """True when the store in `data_dir` needs a key (a key file or an encrypted file)."""
    path = store_path(data_dir)
    return keyfile.key_file_path(path).exists() or is_encrypted_file(path)


def is_store_unlocked(data_dir: Path) -> bool:
    """True when this process holds the key of the (encrypted) store in `data_dir`."""
    return remembered_store_key(store_path(data_dir)) is not None


def create_encrypted_store(data_dir: Path, admin_secret: str) -> Database:
    """A new, empty encrypted store with its key file; the key stays remembered."""
    path = store_path(data_dir)
    if path.exists():
        raise FileExistsError(path)
    data_key = new_data_key()
    keyfile.create_key_file(keyfile.key_file_path(path), data_key, admin_secret)
    db = open_database(path, data_key)
    remember_store_key(path, data_key)
    return db


def discard_new_store(data_dir: Path, db: Database) -> None:
    """Remove a store created by `create_encrypted_store` that never got a checkpoint."""
    path = store_path(data_dir)
    db.close()
    lock_store(data_dir)
    for leftover in (
        path,
        Path(f"{path}-wal"),
        Path(f"{path}-shm"),
        keyfile.key_file_path(path),
    ):
        leftover.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class SignInResult:
    """A checked sign-in: who signed in, and the key to open the store with (None: plain)."""

    staff: Staff
    data_key: bytes | None


def check_sign_in(
    data_dir: Path, name: str, pin: str, *, device_secret_path: Path | None = None
) -> SignInResult:
    """Check `name`'s PIN on a connection of its own, closed before returning.

    Safe on a worker thread (Argon2id takes most of a second). A locked store is unlocked
    with the PIN (+ device secret) and the key returned, not remembered: the caller opens
    its connection with `open_signed_in_store`. On an open (or plain) store the ordinary
    sign-in runs and a missing PIN wrap is made. Raises SignInError (keyfile.UnlockError is
    one) or encryption.StoreLockedError, each with a Chinese message.
    """
    path = store_path(data_dir)
    key_path = keyfile.key_file_path(path)
    known_key = remembered_store_key(path)
    if known_key is None and is_store_encrypted(data_dir):
        device = keyfile.device_secret(device_secret_path)
        data_key = keyfile.unlock_with_pin(key_path, name, pin, device_secret=device)
        db = open_database(path, data_key)
        try:
            _finish_interrupted_pin_change(db, name, pin)
            staff = sign_in(db, name, pin)
            missed = keyfile.take_unaudited_failures(key_path, name)
            if missed:
                with db.atomic():
                    append_audit(
                        db,
                        "signin.failed",
                        staff_id=staff.id,
                        subject=staff.name,
                        details={"attempts": missed, "while": "store locked"},
                    )
        finally:
            db.close()
        return SignInResult(staff, data_key)
    db = open_database(path, known_key)
    try:
        staff = sign_in(db, name, pin)
    finally:
        db.close()
    ensure_pin_wrapped(data_dir, staff.name, pin, device_secret_path=device_secret_path)
    return SignInResult(staff, known_key)


def open_signed_in_store(data_dir: Path, result: SignInResult) -> Database:
    """The calling thread's connection after `check_sign_in`; the key stays remembered."""
    if result.data_key is not None:
        remember_store_key(store_path(data_dir), result.data_key)
    return open_database(store_path(data_dir), result.data_key)


def unlock_and_sign_in(
    data_dir: Path, name: str, pin: str, *, device_secret_path: Path | None = None
) -> tuple[Database, Staff]:
    """Unlock the store with `name`'s PIN, open it and sign in; the key stays remembered.

    Raises SignInError (keyfile.UnlockError is one) with a Chinese message.
    """
    result = check_sign_in(data_dir, name, pin, device_secret_path=device_secret_path)
    return open_signed_in_store(data_dir, result), result.staff


def _finish_interrupted_pin_change(db: Database, name: str, pin: str) -> None:
    """`pin` just unwrapped the data key for `name`: if the store still holds their old
    hash, a PIN change stopped between its two writes (wrap first, hash second) — finish it.

    Only someone holding the data key can write a wrap, and they could change the hash
    anyway, so trusting the wrap gives nothing away. A lockout still holds.
    """
    staff = find_staff(db, name)
    if staff is None or is_locked_out(db, name) or pin_matches(db, name, pin):
        return
    set_pin(db, staff, pin, by=staff, details={"completed_after_interruption": True})


def change_own_pin(
    data_dir: Path,
    name: str,
    old_pin: str,
    new_pin: str,
    *,
    device_secret_path: Path | None = None,
) -> Staff:
    """A signed-in person changes their own PIN: old PIN checked (with sign-in's lockout),
    the new one against the PIN rules, then the new wrap, then the new hash (audited as
    "pin.changed", never a PIN). Opens and closes its own connection; any thread.

    Raises SignInError with a Chinese message; nothing changes then.
    """
    path = store_path(data_dir)
    db = open_database(path)
    try:
        try:
            staff = verify_pin(db, name, old_pin)
        except SignInError as exc:
            raise SignInError(exc.message.replace("姓名或 PIN 不正确", "原 PIN 不正确")) from None
        check_new_pin(new_pin)
        if new_pin == old_pin:
            raise SignInError("新 PIN 不能与原 PIN 相同")
        wrapped = set_pin_wrap(data_dir, staff.name, new_pin, device_secret_path=device_secret_path)
        set_pin(db, staff, new_pin, by=staff, details={"key_file": wrapped})
    finally:
        db.close()
    return staff


def reset_pin(
    data_dir: Path,
    name: str,
    new_pin: str,
    *,
    by: Staff,
    device_secret_path: Path | None = None,
) -> Staff:
    """An administrator sets another staff member's PIN (forgotten, or after a lockout).

    Same order as `change_own_pin` (wrap, then hash), audited as "pin.reset" by the
    administrator; clears the person's lockout. Any thread; raises SignInError.
    """
    if by.role is not StaffRole.ADMIN:
        raise SignInError("只有管理员可以重置他人的 PIN")
    check_new_pin(new_pin)
    db = open_database(store_path(data_dir))
    try:
        staff = find_staff(db, name)
        if staff is None:
            raise SignInError(f"没有名为「{name.strip()}」的工作人员")
        wrapped = set_pin_wrap(data_dir, staff.name, new_pin, device_secret_path=device_secret_path)
        set_pin(db, staff, new_pin, by=by, action="pin.reset", details={"key_file": wrapped})
    finally:
        db.close()
    return staff


def ensure_pin_wrapped(
    data_dir: Path, name: str, pin: str, *, device_secret_path: Path | None = None
) -> bool:
    """Wrap the data key for `name`'s PIN if the store is unlocked and they have no wrap
    made on this device yet (first sign-in after first run or migration, a new laptop).

    Call only after the PIN was checked against the store. Returns True when a wrap was
    written.
    """
    path = store_path(data_dir)
    data_key = remembered_store_key(path)
    key_path = keyfile.key_file_path(path)
    if data_key is None or not key_path.exists():
        return False
    device = keyfile.device_secret(device_secret_path)
    if not missing_wraps(data_dir, [name], device_secret_path=device_secret_path):
        return False
    keyfile.set_staff_pin(key_path, data_key, name, pin, device_secret=device)
    return True


def missing_wraps(
    data_dir: Path, names: list[str], *, device_secret_path: Path | None = None
) -> list[str]:
    """Those of `names` who cannot unlock the store with their PIN on this device."""
    key_file = keyfile.load_key_file(keyfile.key_file_path(store_path(data_dir)))
    if key_file is None:
        return []
    tag = keyfile.device_tag(keyfile.device_secret(device_secret_path))
    missing = []
    for name in names:
        entry = key_file.wrap_for(name.strip())
        if entry is None or entry.device != tag:
            missing.append(name)
    return missing


def set_pin_wrap(
    data_dir: Path, name: str, pin: str, *, device_secret_path: Path | None = None
) -> bool:
    """Wrap (or rewrap) the data key for `name`'s new PIN; no-op for a plain store.

    For adding staff or changing a PIN while the store is unlocked. Returns True when a
    wrap was written.
    """
    path = store_path(data_dir)
    data_key = remembered_store_key(path)
    if data_key is None or not keyfile.key_file_path(path).exists():
        return False
    device = keyfile.device_secret(device_secret_path)
    keyfile.set_staff_pin(keyfile.key_file_path(path), data_key, name, pin, device_secret=device)
    return True


def unlock_with_admin(data_dir: Path, admin_secret: str) -> bytes:
    """Unlock with the admin secret (command line, recovery); the key stays remembered."""
    path = store_path(data_dir)
    data_key = keyfile.unlock_with_admin_secret(keyfile.key_file_path(path), admin_secret)
    # Fails here, with a Chinese message, if the key file belongs to another store.
    open_database(path, data_key).close()
    remember_store_key(path, data_key)
    return data_key


def lock_store(data_dir: Path) -> None:
    """Forget the key (sign-out): connections already open keep working until closed."""
    forget_store_key(store_path(data_dir))


def migrate_to_encrypted(data_dir: Path, admin_secret: str) -> None:
    """Encrypt an existing plain store in place under a new key file.

    Staff PINs cannot be wrapped here (only their hashes are stored): each staff member's
    wrap is made when they next sign in while the store is unlocked (an administrator
    signs in with the admin secret, or on the lock screen); until then the admin secret
    opens it.
    """
    path = store_path(data_dir)
    key_path = keyfile.key_file_path(path)
    if key_path.exists() or is_encrypted_file(path):
        raise keyfile.UnlockError("数据文件已经是加密的")
    # The schema must be current before it is copied.
    open_database(path).close()
    data_key = new_data_key()
    keyfile.create_key_file(key_path, data_key, admin_secret)
    try:
        encrypt_store(path, data_key)
    except BaseException:
        key_path.unlink(missing_ok=True)
        raise


def encrypt_open_store(data_dir: Path, db: Database) -> tuple[Database, str]:
    """Encrypt the plain store `db` is open on, under a new admin secret.

    Returns the store reopened (unlocked, key remembered) and the secret to show once.
    `db` is closed first (the file is replaced); if the encryption fails the plain store is
    left as it was and the error propagates.
    """
    secret = keyfile.new_admin_secret()
    db.close()
    migrate_to_encrypted(data_dir, secret)
    unlock_with_admin(data_dir, secret)
    return open_database(store_path(data_dir)), secret


def lock_unless_someone_unwrapped(data_dir: Path, db: Database) -> bool:
    """At sign-out: forget the key, unless an active staff member has no wrap on this device.

    Right after first run or a migration (or on a new laptop) only some staff have a wrap;
    keeping the store unlocked until everyone signed in once lets them get one without
    the admin secret. Returns True when the store was locked.
    """
    if missing_wraps(data_dir, [person.name for person in list_staff(db)]):
        return False
    lock_store(data_dir)
    return True
