"""The checkpoint's pad of numbered paper pledge slips: the next number, per workstation.

Kept in the store's settings table, so it survives a restart and travels with the data
folder; a slip is used in the transaction that saves its traveller, so a failed save
uses no number.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlite_utils import Database

from checkpoint_app.records.pledge import MAX_SLIP_NUMBER

_KEY = "pledge_slip_pad"


def next_slip(db: Database) -> int:
    """The number on the next unused slip of the pad (1 for a new pad)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [_KEY]).fetchone()
    try:
        value = json.loads(row[0])["next"] if row is not None else 1
    except (json.JSONDecodeError, KeyError, TypeError):
        return 1
    return value if isinstance(value, int) and 1 <= value <= MAX_SLIP_NUMBER else 1


def set_next_slip(db: Database, number: int) -> None:
    """A new pad (or a correction): its first unused slip is `number`."""
    if not 1 <= number <= MAX_SLIP_NUMBER:
        raise ValueError(f"slip number out of range: {number}")
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [_KEY, json.dumps({"next": number})],
    )


def note_slip_used(db: Database, number: int) -> None:
    """Slip `number` went with a saved traveller: the pad moves past it (never back).

    Called inside the traveller's write transaction."""
    if number >= next_slip(db):
        set_next_slip(db, min(number + 1, MAX_SLIP_NUMBER))


class StoreSlipPad:
    """The pad as the registration form reads it: `next()` and `set_next(n)` on the store
    that `connection()` returns (the window's connection may change on unlock)."""

    def __init__(self, connection: Callable[[], Database]) -> None:
        self._connection = connection

    def next(self) -> int:
        return next_slip(self._connection())

    def set_next(self, number: int) -> None:
        db = self._connection()
        with db.atomic():
            set_next_slip(db, number)
