"""The checkpoint itself, its staff (Argon2id PINs) and their shifts."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from checkpoint_app.records.model import CheckpointKind, StaffRole
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.timefmt import from_db_time, to_db_time, utc_now

MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=5)
#: PINs set before 6 digits were required still sign in.
MIN_PIN_LENGTH = 4
#: Every PIN set now (first run, a new staff member, a change, an admin's reset) is 6–8
#: digits: with the key file's Argon2id cost, a million PINs take days to try, not an hour.
MIN_NEW_PIN_LENGTH = 6
MAX_PIN_LENGTH = 8

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters


class SignInError(Exception):
    """Sign-in refused; `message` is Chinese and never says which of name or PIN was wrong."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Checkpoint:
    name: str
    kind: CheckpointKind
    township: str
    device_id: str


@dataclass(frozen=True, slots=True)
class Staff:
    id: int
    name: str
    role: StaffRole


@dataclass(frozen=True, slots=True)
class Shift:
    id: int
    staff_id: int
    started_at: datetime
    ended_at: datetime | None


def get_checkpoint(db: Database) -> Checkpoint | None:
    row = db.execute(
        "SELECT name, kind, township, device_id FROM checkpoint WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return Checkpoint(row[0], CheckpointKind(row[1]), row[2], row[3])


def set_up_checkpoint(
    db: Database,
    *,
    name: str,
    kind: CheckpointKind,
    township: str,
    admin_name: str,
    admin_pin: str,
) -> tuple[Checkpoint, Staff]:
    """First run: the checkpoint and its first administrator, in one transaction."""
    check_new_pin(admin_pin)
    with db.atomic():
        db.execute(
            "INSERT INTO checkpoint (id, name, kind, township, device_id, created_at)"
            " VALUES (1, ?, ?, ?, ?, ?)",
            [name.strip(), kind.value, township, str(uuid.uuid4()), to_db_time(utc_now())],
        )
        admin = _insert_staff(db, admin_name, StaffRole.ADMIN, admin_pin)
        append_audit(db, "checkpoint.created", staff_id=admin.id, subject=name.strip())
    checkpoint = get_checkpoint(db)
    assert checkpoint is not None
    return checkpoint, admin


def update_checkpoint(
    db: Database, *, name: str, kind: CheckpointKind, township: str, by_staff_id: int
) -> Checkpoint:
    """Change the checkpoint's name, kind or township (audited, old and new values).

    The device id stays: the county knows this workstation by it, so enrollment holds.
    Records already saved keep the checkpoint they were registered at.
    """
    name = name.strip()
    if not name:
        raise ValueError("请填写卡点名称")
    before = get_checkpoint(db)
    if before is None:
        raise ValueError("卡点尚未设置")
    with db.atomic():
        db.execute(
            "UPDATE checkpoint SET name = ?, kind = ?, township = ? WHERE id = 1",
            [name, kind.value, township],
        )
        append_audit(
            db,
            "checkpoint.changed",
            staff_id=by_staff_id,
            subject=name,
            details={
                "before": [before.name, before.kind.value, before.township],
                "after": [name, kind.value, township],
            },
        )
    checkpoint = get_checkpoint(db)
    assert checkpoint is not None
    return checkpoint


def add_staff(db: Database, name: str, role: StaffRole, pin: str, *, by_staff_id: int) -> Staff:
    check_new_pin(pin)
    with db.atomic():
        staff = _insert_staff(db, name, role, pin)
        append_audit(
            db,
            "staff.added",
            staff_id=by_staff_id,
            subject=staff.name,
            details={"role": role.value},
        )
    return staff


def _check_pin(pin: str) -> None:
    if len(pin) < MIN_PIN_LENGTH or not pin.isdigit():
        raise SignInError(f"PIN 至少 {MIN_PIN_LENGTH} 位数字")


def check_new_pin(pin: str) -> None:
    """Refuse a new PIN (a change or a reset) that is easy to guess; a Chinese SignInError.

    On top of the digits-only rule every PIN follows: 6–8 digits, not one digit repeated
    (000000) and not a run up or down (123456, 987654) — the first PINs anyone tries.
    """
    if (
        not (MIN_NEW_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH)
        or not pin.isascii()
        or not pin.isdigit()
    ):
        raise SignInError(f"PIN 应为 {MIN_NEW_PIN_LENGTH}–{MAX_PIN_LENGTH} 位数字")
    if len(set(pin)) == 1:
        raise SignInError("PIN 不能全是同一个数字")
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps in ({1}, {9}):
        raise SignInError("PIN 不能是连续的数字（如 123456、987654）")


def _insert_staff(db: Database, name: str, role: StaffRole, pin: str) -> Staff:
    name = name.strip()
    if not name:
        raise SignInError("请填写姓名")
    if db.execute("SELECT 1 FROM staff WHERE name = ?", [name]).fetchone():
        raise SignInError(f"已有名为「{name}」的工作人员")
    cursor = db.execute(
        "INSERT INTO staff (name, role, pin_hash, created_at) VALUES (?, ?, ?, ?)",
        [name, role.value, _hasher.hash(pin), to_db_time(utc_now())],
    )
    assert cursor.lastrowid is not None
    return Staff(cursor.lastrowid, name, role)


def list_staff(db: Database) -> list[Staff]:
    return [
        Staff(r[0], r[1], StaffRole(r[2]))
        for r in db.execute("SELECT id, name, role FROM staff WHERE active = 1 ORDER BY name")
    ]


def sign_in(db: Database, name: str, pin: str, *, now: datetime | None = None) -> Staff:
    """Check name + PIN; five failures in a row lock the account for five minutes.

    Every success, failure and lockout is audited (by name, never the PIN).
    """
    return _authenticate(db, name, pin, now=now or utc_now(), success_action="signin")


def verify_pin(db: Database, name: str, pin: str, *, now: datetime | None = None) -> Staff:
    """Check a signed-in person's PIN again (before changing it), with sign-in's lockout.

    Failures count and are audited as at sign-in, so a PIN change is no way around the
    lockout; a success is not audited here (the change that follows is).
    """
    return _authenticate(db, name, pin, now=now or utc_now(), success_action=None)


def pin_matches(db: Database, name: str, pin: str) -> bool:
    """Whether `pin` is `name`'s PIN in the store; counts and audits nothing."""
    row = db.execute(
        "SELECT pin_hash FROM staff WHERE name = ? AND active = 1", [name.strip()]
    ).fetchone()
    if row is None:
        return False
    try:
        return bool(_hasher.verify(row[0], pin))
    except (VerificationError, InvalidHashError):
        return False


def find_staff(db: Database, name: str) -> Staff | None:
    """The active staff member called `name`, if any."""
    row = db.execute(
        "SELECT id, name, role FROM staff WHERE name = ? AND active = 1", [name.strip()]
    ).fetchone()
    return None if row is None else Staff(row[0], row[1], StaffRole(row[2]))


def is_locked_out(db: Database, name: str, *, now: datetime | None = None) -> bool:
    """Whether `name` is inside a lockout after too many wrong PINs."""
    row = db.execute(
        "SELECT locked_until FROM staff WHERE name = ? AND active = 1", [name.strip()]
    ).fetchone()
    locked = from_db_time(row[0]) if row is not None else None
    return locked is not None and locked > (now or utc_now())


def set_pin(
    db: Database,
    staff: Staff,
    new_pin: str,
    *,
    by: Staff,
    action: str = "pin.changed",
    details: dict[str, object] | None = None,
) -> None:
    """Store `staff`'s new PIN hash, clear any lockout, and audit `action` (never the PIN).

    Callers check the PIN rules and, on an encrypted store, write the new key wrap first
    (storage/unlock.py), so that a crash between the two never locks the person out.
    """
    _check_pin(new_pin)
    with db.atomic():
        db.execute(
            "UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?",
            [_hasher.hash(new_pin), staff.id],
        )
        append_audit(
            db,
            action,
            staff_id=by.id,
            subject=staff.name,
            details={"staff_id": staff.id, **(details or {})},
        )


def _authenticate(
    db: Database, name: str, pin: str, *, now: datetime, success_action: str | None
) -> Staff:
    row = db.execute(
        "SELECT id, name, role, pin_hash, failed_attempts, locked_until FROM staff"
        " WHERE name = ? AND active = 1",
        [name.strip()],
    ).fetchone()
    if row is None:
        with db.atomic():
            append_audit(db, "signin.failed", subject=name.strip()[:40])
        raise SignInError("姓名或 PIN 不正确")
    staff_id, staff_name, role, pin_hash, failed, locked_until = row
    locked = from_db_time(locked_until)
    if locked is not None and locked > now:
        with db.atomic():
            append_audit(db, "signin.refused_locked", staff_id=staff_id, subject=staff_name)
        minutes = max(1, int((locked - now).total_seconds() // 60) + 1)
        raise SignInError(f"连续输错 {MAX_FAILED_SIGN_INS} 次，账号已锁定，请 {minutes} 分钟后再试")
    try:
        _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        failed += 1
        with db.atomic():
            if failed >= MAX_FAILED_SIGN_INS:
                db.execute(
                    "UPDATE staff SET failed_attempts = 0, locked_until = ? WHERE id = ?",
                    [to_db_time(now + LOCKOUT), staff_id],
                )
                append_audit(db, "signin.locked", staff_id=staff_id, subject=staff_name)
            else:
                db.execute("UPDATE staff SET failed_attempts = ? WHERE id = ?", [failed, staff_id])
                append_audit(db, "signin.failed", staff_id=staff_id, subject=staff_name)
        if failed >= MAX_FAILED_SIGN_INS:
            raise SignInError(
                f"连续输错 {MAX_FAILED_SIGN_INS} 次，账号已锁定 {LOCKOUT.seconds // 60} 分钟"
            ) from None
        raise SignInError(
            f"姓名或 PIN 不正确（还可尝试 {MAX_FAILED_SIGN_INS - failed} 次）"
        ) from None
    with db.atomic():
        db.execute(
            "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?", [staff_id]
        )
        if success_action is not None:
            append_audit(db, success_action, staff_id=staff_id, subject=staff_name)
    return Staff(staff_id, staff_name, StaffRole(role))


def open_shift(db: Database, staff: Staff) -> Shift:
    """The open shift if there is one (a restart keeps it), else a new shift for `staff`."""
    current = current_shift(db)
    if current is not None:
        return current
    now = utc_now()
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO shifts (staff_id, started_at) VALUES (?, ?)", [staff.id, to_db_time(now)]
        )
        assert cursor.lastrowid is not None
        append_audit(db, "shift.opened", staff_id=staff.id, subject=str(cursor.lastrowid))
    return Shift(cursor.lastrowid, staff.id, now, None)


def current_shift(db: Database) -> Shift | None:
    row = db.execute(
        "SELECT id, staff_id, started_at FROM shifts WHERE ended_at IS NULL"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    started = from_db_time(row[2])
    assert started is not None
    return Shift(row[0], row[1], started, None)


def close_shift(db: Database, shift_id: int, *, staff: Staff, note: str = "") -> None:
    with db.atomic():
        db.execute(
            "UPDATE shifts SET ended_at = ?, handover_note = ? WHERE id = ? AND ended_at IS NULL",
            [to_db_time(utc_now()), note, shift_id],
        )
        append_audit(db, "shift.closed", staff_id=staff.id, subject=str(shift_id))
        append_audit(db, "signout", staff_id=staff.id, subject=staff.name)


def note_screen_locked(db: Database, staff: Staff, *, idle: bool) -> None:
    """Audit a screen lock (by the idle timer or by hand)."""
    with db.atomic():
        append_audit(
            db,
            "screen.locked",
            staff_id=staff.id,
            subject=staff.name,
            details={"idle": idle},
        )


def note_screen_unlocked(db: Database, staff: Staff, *, by: Staff) -> None:
    """Audit an unlock; `by` is whoever typed their PIN (the shift's person or a lead)."""
    with db.atomic():
        append_audit(
            db,
            "screen.unlocked",
            staff_id=by.id,
            subject=staff.name,
            details={"for_staff_id": staff.id},
        )
