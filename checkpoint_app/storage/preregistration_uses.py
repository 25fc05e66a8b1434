"""Where this checkpoint already used a pre-registration code.

A code (records/preregistration.py) is valid for 24 hours and is only a picture: a
screenshot can be passed around a car or a village chat group. Each record saved from a
code keeps the code's digest here, in the same transaction as the record; a later scan
of the same code is then told when, and for whom (masked), it was used.

The table holds the digest of the code's signature, a record UUID and a time: nothing
that names or identifies the traveller. It stays on this workstation, never synced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from checkpoint_app.records.masking import mask_name
from checkpoint_app.storage.timefmt import from_db_time, to_db_time

_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class PreregistrationUse:
    """The first record this checkpoint saved from a code, and how many it saved in all.

    `masked_name` is the name on that record's current version, masked ("张*"); empty
    when the record has no name or was purged.
    """

    record_uuid: str
    used_at: datetime
    masked_name: str
    uses: int


def _checked(digest: str) -> str:
    if not _DIGEST.fullmatch(digest):
        raise ValueError("a pre-registration digest is 64 lowercase hex characters")
    return digest


def record_preregistration_use(
    db: Database, digest: str, record_uuid: str, *, at: datetime
) -> None:
    """Note that the record `record_uuid` was saved from the code `digest`.

    Run it inside the record's own write transaction. Saving the same record from the
    same code again (a repeated submission) is one use, not two.
    """
    db.execute(
        "INSERT OR IGNORE INTO preregistration_uses (digest, record_uuid, used_at)"
        " VALUES (?, ?, ?)",
        [_checked(digest), record_uuid, to_db_time(at)],
    )


def earlier_preregistration_use(
    db: Database, digest: str, *, other_than: str | None = None
) -> PreregistrationUse | None:
    """The first use of the code `digest` here on a record other than `other_than`.

    None when the code was never saved at this checkpoint (or only on `other_than`,
    the traveller still on the form).
    """
    rows = db.execute(
        "SELECT u.record_uuid, u.used_at, r.name,"
        " count(*) OVER () AS uses"
        " FROM preregistration_uses AS u"
        " LEFT JOIN records AS r ON r.uuid = u.record_uuid AND r.is_current = 1"
        " WHERE u.digest = ? AND u.record_uuid != ?"
        " ORDER BY u.used_at, u.rowid LIMIT 1",
        [_checked(digest), other_than or ""],
    ).fetchall()
    if not rows:
        return None
    record_uuid, used_at, name, uses = rows[0]
    moment = from_db_time(used_at)
    assert moment is not None
    return PreregistrationUse(record_uuid, moment, mask_name(name or ""), int(uses))


__all__ = ["PreregistrationUse", "earlier_preregistration_use", "record_preregistration_use"]
