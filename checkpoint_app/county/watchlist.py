"""The county's watch list: who it holds, and the signed versions workstations pull.

Entries come from the records (people turned back today at any checkpoint, people
registered with a red code in the last days) and from the county command by hand. A new
version, with a new salt, is made only when the set of entries changed (including one
expiring): a pull compares what the list would hold, hashed under the newest version's
salt, with what that version holds. Workstations that already have it get a 304.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import and_, or_, select, update

from checkpoint_app.county import reports
from checkpoint_app.county.roles import audit
from checkpoint_app.county.store import (
    CountyError,
    CountyStore,
    checkpoints,
    records,
    watch_entries,
    watch_lists,
)
from checkpoint_app.records.masking import mask_id_number
from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.sync.protocol import format_time, sha256_hex, sign_watch_list
from checkpoint_app.watchlist.model import (
    SALT_BYTES,
    WatchEntry,
    WatchListError,
    WatchReason,
    hash_document_number,
    normalise_document_number,
    parse_watch_list,
    watch_list_content,
)

RED_CODE_DAYS = 7
MAX_MANUAL_DAYS = 60
MAX_REASON_LENGTH = 100


@dataclass(frozen=True, slots=True)
class Listed:
    """One person the list holds, in clear (county side only)."""

    document_number: str
    reason_code: WatchReason
    reason: str
    expires_at: datetime
    manual_id: int | None = None

    @property
    def masked_number(self) -> str:
        return mask_id_number(self.document_number)


@dataclass(frozen=True, slots=True)
class StoredWatchList:
    version: int
    envelope: bytes
    etag: str


# ---------------------------------------------------------------------------- manual entries


def add_watch_entry(
    store: CountyStore,
    document_number: str,
    reason: str,
    *,
    days: int,
    by: str,
    now: datetime | None = None,
) -> int:
    """Add a person by document number with a Chinese reason for `days` days (audited)."""
    number = normalise_document_number(document_number)
    reason = " ".join(reason.split())
    if not 6 <= len(number) <= 32 or not number.isalnum():
        raise CountyError("证件号码格式不对（6–32 位字母或数字）")
    if not reason:
        raise CountyError("请填写原因（工作人员会看到）")
    if len(reason) > MAX_REASON_LENGTH:
        raise CountyError(f"原因最多 {MAX_REASON_LENGTH} 个字")
    if not 1 <= days <= MAX_MANUAL_DAYS:
        raise CountyError(f"有效天数应为 1–{MAX_MANUAL_DAYS} 天")
    moment = now or utc_now()
    with store.engine.begin() as conn:
        result = conn.execute(
            watch_entries.insert().values(
                document_number=number,
                reason=reason,
                expires_at=format_time(moment + timedelta(days=days)),
                created_by=by,
                created_at=format_time(moment),
            )
        )
        assert result.inserted_primary_key is not None
        entry_id = int(result.inserted_primary_key[0])
        audit(
            store,
            by,
            "watchlist.add",
            str(entry_id),
            {"number": mask_id_number(number), "reason": reason, "days": days},
            conn=conn,
        )
    return entry_id


def remove_watch_entry(store: CountyStore, entry_id: int, *, by: str) -> None:
    """Take a hand-added entry off the list (audited); the row stays for the record."""
    with store.engine.begin() as conn:
        changed = conn.execute(
            update(watch_entries)
            .where(watch_entries.c.id == entry_id, watch_entries.c.removed_at.is_(None))
            .values(removed_at=format_time(utc_now()), removed_by=by)
        ).rowcount
        if changed != 1:
            raise CountyError(f"找不到名单条目 {entry_id}（或已移除）")
        audit(store, by, "watchlist.remove", str(entry_id), conn=conn)


# ---------------------------------------------------------------------------- who is listed


def listed_people(store: CountyStore, now: datetime | None = None) -> list[Listed]:
    """Everyone the list holds at `now`: from today's records and the hand-added entries."""
    moment = now or utc_now()
    today = reports.county_today(moment)
    day_start, day_end = reports.day_range(today)
    red_since = format_time(moment - timedelta(days=RED_CODE_DAYS))
    newest = reports._newest_versions()
    query = (
        select(records.c.wire, records.c.checked_at, checkpoints.c.name)
        .join(checkpoints, checkpoints.c.id == records.c.checkpoint_id)
        .where(
            newest,
            or_(
                and_(
                    records.c.disposition == Disposition.TURN_BACK.value,
                    records.c.checked_at >= day_start,
                    records.c.checked_at < day_end,
                ),
                and_(
                    records.c.health_colour == CodeColour.RED.value,
                    records.c.checked_at >= red_since,
                ),
            ),
        )
        .order_by(records.c.checked_at)
    )
    midnight = datetime.fromisoformat(day_end)
    found: dict[tuple[str, WatchReason], Listed] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        manual = conn.execute(
            select(watch_entries)
            .where(
                watch_entries.c.removed_at.is_(None),
                watch_entries.c.expires_at > format_time(moment),
            )
            .order_by(watch_entries.c.id)
        ).all()
    for row in rows:
        wire = json.loads(row.wire)
        number = normalise_document_number(str(wire.get("document_number", "")))
        if not number:
            continue
        checked = datetime.fromisoformat(row.checked_at)
        # Later rows win: the newest check says where the person was last seen.
        if wire["disposition"] == Disposition.TURN_BACK.value and row.checked_at >= day_start:
            found[(number, WatchReason.TURNED_BACK)] = Listed(
                number, WatchReason.TURNED_BACK, f"今日已在 {row.name} 劝返", midnight
            )
        if wire["health_colour"] == CodeColour.RED.value:
            local = checked.astimezone(reports.COUNTY_TZ)
            expires = checked + timedelta(days=RED_CODE_DAYS)
            if expires > moment:
                found[(number, WatchReason.RED_CODE)] = Listed(
                    number,
                    WatchReason.RED_CODE,
                    f"{local.month}月{local.day}日在 {row.name} 登记为红码",
                    expires,
                )
    people = sorted(found.values(), key=lambda p: (p.expires_at, p.reason))
    for entry in manual:
        expires_at = datetime.fromisoformat(entry.expires_at)
        people.append(
            Listed(entry.document_number, WatchReason.MANUAL, entry.reason, expires_at, entry.id)
        )
    return people


# ---------------------------------------------------------------------------- versions


def _entries(salt: bytes, people: Iterable[Listed]) -> list[WatchEntry]:
    return [
        WatchEntry(
            hash_document_number(salt, p.document_number), p.reason_code, p.reason, p.expires_at
        )
        for p in people
    ]


def _key(entries: Iterable[WatchEntry]) -> set[tuple[str, str, str, str]]:
    return {(e.hash, e.reason_code.value, e.reason, format_time(e.expires_at)) for e in entries}


def latest_watch_list(store: CountyStore) -> StoredWatchList | None:
    with store.engine.connect() as conn:
        row = conn.execute(
            select(watch_lists).order_by(watch_lists.c.version.desc()).limit(1)
        ).first()
    return None if row is None else StoredWatchList(row.version, row.envelope.encode(), row.etag)


def current_watch_list(
    store: CountyStore, signing_key: Ed25519PrivateKey, *, now: datetime | None = None
) -> StoredWatchList | None:
    """The version workstations should hold now, signing a new one if the entries changed.

    None while nothing was ever listed (the API answers 204).
    """
    moment = now or utc_now()
    people = listed_people(store, moment)
    latest = latest_watch_list(store)
    if latest is not None:
        body = json.loads(latest.envelope)["list"]
        try:
            held = parse_watch_list(
                body["content"],
                version=latest.version,
                published_at=datetime.fromisoformat(body["published_at"]),
            )
        except (WatchListError, KeyError, ValueError):
            held = None
        if held is not None and _key(held.entries) == _key(_entries(held.salt, people)):
            return latest
    elif not people:
        return None
    salt = secrets.token_bytes(SALT_BYTES)
    version = (latest.version if latest else 0) + 1
    envelope = sign_watch_list(
        signing_key,
        version=version,
        published_at=moment,
        content=watch_list_content(salt, _entries(salt, people)),
    )
    stored = StoredWatchList(version, envelope, f'"w{version}-{sha256_hex(envelope)[:16]}"')
    if store._insert_ignore_row(
        watch_lists,
        {
            "version": version,
            "published_at": format_time(moment),
            "envelope": envelope.decode("utf-8"),
            "etag": stored.etag,
        },
    ):
        return stored
    # Another request made this version a moment ago: serve that one.
    return latest_watch_list(store)
