"""Who works at the checkpoint: signing in, changing or resetting a PIN, adding staff,
setting up and changing the checkpoint.

Every function takes the data folder and opens (and closes) its own connection, so the
dialogs run them on a worker: PIN hashing and checking is Argon2id, most of a second,
and each writes audit rows. Refusals raise SignInError (or StoreLockedError, ValueError
for the checkpoint's fields) with a Chinese message; then nothing was changed.
"""

from __future__ import annotations

from pathlib import Path

from checkpoint_app.records.model import CheckpointKind, StaffRole
from checkpoint_app.storage.staff import (
    Checkpoint,
    Staff,
    add_staff,
    set_up_checkpoint,
    update_checkpoint,
)
from checkpoint_app.storage.unlock import (
    SignInResult,
    change_own_pin,
    check_sign_in,
    reset_pin,
    set_pin_wrap,
    unlock_with_admin,
)
from checkpoint_app.workstation.handover import connect


def sign_in(data_dir: Path, name: str, pin: str) -> SignInResult:
    """Check `name`'s PIN (unlocking an encrypted store with it); audited by the store."""
    return check_sign_in(data_dir, name, pin)


def unlock_with_admin_secret(data_dir: Path, secret: str) -> None:
    """Unlock a locked store with the admin secret; the key stays remembered, so the
    caller's thread then opens its own connection."""
    unlock_with_admin(data_dir, secret)


def change_pin(data_dir: Path, name: str, old_pin: str, new_pin: str) -> Staff:
    """The signed-in person changes their own PIN (old one checked with the lockout)."""
    return change_own_pin(data_dir, name, old_pin, new_pin)


def reset_staff_pin(data_dir: Path, name: str, new_pin: str, *, by: Staff) -> Staff:
    """An administrator sets another person's PIN (forgotten, or after a lockout)."""
    return reset_pin(data_dir, name, new_pin, by=by)


def add_staff_member(data_dir: Path, name: str, role: StaffRole, pin: str, *, by: Staff) -> Staff:
    """Add a person (audited as "staff.added"); on an encrypted store their PIN also gets
    a key wrap, so they can open the store at the next sign-in."""
    db = connect(data_dir)
    try:
        staff = add_staff(db, name, role, pin, by_staff_id=by.id)
    finally:
        db.close()
    set_pin_wrap(data_dir, staff.name, pin)
    return staff


def create_checkpoint(
    data_dir: Path,
    *,
    name: str,
    kind: CheckpointKind,
    township: str,
    admin_name: str,
    admin_pin: str,
) -> tuple[Checkpoint, Staff]:
    """First run: the checkpoint and its first administrator, in one transaction."""
    db = connect(data_dir)
    try:
        return set_up_checkpoint(
            db,
            name=name,
            kind=kind,
            township=township,
            admin_name=admin_name,
            admin_pin=admin_pin,
        )
    finally:
        db.close()


def change_checkpoint(
    data_dir: Path, *, name: str, kind: CheckpointKind, township: str, by: Staff
) -> Checkpoint:
    """An administrator changes the checkpoint's name, kind or township (audited)."""
    db = connect(data_dir)
    try:
        return update_checkpoint(db, name=name, kind=kind, township=township, by_staff_id=by.id)
    finally:
        db.close()
