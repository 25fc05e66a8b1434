"""The audit log: append-only and hash-chained, so an edited, deleted or reordered entry shows.

Never put a full ID number or phone in `details`: callers pass masked values.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from checkpoint_app.storage.timefmt import to_db_time, utc_now

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    staff_id: int | None
    action: str
    subject: str
    details: dict[str, Any]


def _entry_hash(
    prev_hash: str, at: str, staff_id: int | None, action: str, subject: str, details_json: str
) -> str:
    canonical = json.dumps(
        [prev_hash, at, staff_id, action, subject, details_json], ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append_audit(
    db: Database,
    action: str,
    *,
    staff_id: int | None = None,
    subject: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Append one entry. Call inside the caller's transaction so the entry and the change agree."""
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else GENESIS_HASH
    at = to_db_time(utc_now())
    details_json = json.dumps(details or {}, ensure_ascii=False, sort_keys=True)
    db.execute(
        "INSERT INTO audit_log (at, staff_id, action, subject, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            at,
            staff_id,
            action,
            subject,
            details_json,
            prev_hash,
            _entry_hash(prev_hash, at, staff_id, action, subject, details_json),
        ],
    )


def verify_audit_chain(db: Database) -> list[str]:
    """Problems found in the chain (empty when intact), in Chinese, one per broken link."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    last_id = 0
    for entry_id, at, staff_id, action, subject, details_json, prev_hash, stored_hash in db.execute(
        "SELECT id, at, staff_id, action, subject, details, prev_hash, hash"
        " FROM audit_log ORDER BY id"
    ):
        if entry_id != last_id + 1:
            problems.append(f"第 {last_id + 1} 条至第 {entry_id - 1} 条审计记录缺失")
        if prev_hash != expected_prev:
            problems.append(f"第 {entry_id} 条审计记录与前一条不衔接（被删除或调换顺序）")
        if _entry_hash(prev_hash, at, staff_id, action, subject, details_json) != stored_hash:
            problems.append(f"第 {entry_id} 条审计记录内容被改动")
        expected_prev = stored_hash
        last_id = entry_id
    return problems


def recent_audit(db: Database, limit: int = 100) -> list[AuditEntry]:
    return [
        AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]))
        for r in db.execute(
            "SELECT id, at, staff_id, action, subject, details FROM audit_log"
            " ORDER BY id DESC LIMIT ?",
            [limit],
        )
    ]
