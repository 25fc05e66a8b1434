"""Read-only reports over the county's records: the dashboard, `stats --json` and `export`.

Every figure counts a traveller check once: only the newest stored version of each record
UUID is counted (a correction replaces what it corrects; the history stays in the table).

"Today" and the hours of the chart are in the county's time (China Standard Time), while
the database holds UTC text; a day is turned into a UTC range before it reaches SQL.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, Select, and_, cast, exists, func, or_, select
from sqlalchemy.orm import aliased

from checkpoint_app.county.clock import COUNTY_TZ as COUNTY_TZ  # noqa: PLC0414 (re-exported)
from checkpoint_app.county.clock import county_today as county_today  # noqa: PLC0414 (re-exported)
from checkpoint_app.county.store import (
    CountyStore,
    checkpoints,
    device_reports,
    devices,
    record_conflicts,
    records,
)
from checkpoint_app.records.masking import mask_id_number, mask_name, mask_phone
from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.sync.protocol import format_time

# Dispositions the county must act on: the person did not simply go home.
FOLLOW_UP_DISPOSITIONS = (
    Disposition.TURN_BACK,
    Disposition.CENTRAL_QUARANTINE,
    Disposition.HOME_QUARANTINE,
    Disposition.FEVER_CLINIC,
)
FLAGGED_COLOURS = (CodeColour.RED, CodeColour.YELLOW)
FOLLOW_UP_LIMIT = 500


def day_range(day: date) -> tuple[str, str]:
    """A county day as [start, end) in the database's UTC text."""
    start = datetime.combine(day, time(0), COUNTY_TZ)
    return format_time(start), format_time(start + timedelta(days=1))


def parse_since(text: str) -> datetime:
    """`--since` as people type it: a date or an ISO time; without a zone it is county time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"无法识别的时间：{text}（应为 2022-04-10 或 2022-04-10T08:00）") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=COUNTY_TZ)
    return moment


def local_time(iso_utc: str | None) -> datetime | None:
    """A stored UTC time in county time (None stays None)."""
    if not iso_utc:
        return None
    return datetime.fromisoformat(iso_utc).astimezone(COUNTY_TZ)


def _newest_versions() -> Any:
    """The condition that keeps only the newest stored version of each record."""
    newer = aliased(records)
    return ~exists().where(newer.c.uuid == records.c.uuid, newer.c.version > records.c.version)


def _window(query: Select[Any], since: str | None, until: str | None) -> Select[Any]:
    if since is not None:
        query = query.where(records.c.checked_at >= since)
    if until is not None:
        query = query.where(records.c.checked_at < until)
    return query


# ---------------------------------------------------------------------------- totals


@dataclass(frozen=True, slots=True)
class CheckpointTotals:
    checkpoint: str
    township: str
    total: int
    by_disposition: dict[str, int]
    by_colour: dict[str, int]
    fever: int
    nat_expired: int


def totals(store: CountyStore, since: str | None, until: str | None) -> list[CheckpointTotals]:
    """Counts per checkpoint, split by disposition and by health-code colour.

    Every checkpoint appears, with zeros when it registered nobody in the window: a
    checkpoint that reports nothing is itself news for the command.
    """
    query = _window(
        select(
            records.c.checkpoint_id,
            records.c.disposition,
            records.c.health_colour,
            func.count().label("n"),
            func.sum(cast(records.c.fever, Integer)).label("fever"),
            func.sum(cast(records.c.nat_expired, Integer)).label("nat_expired"),
        )
        .where(_newest_versions())
        .group_by(records.c.checkpoint_id, records.c.disposition, records.c.health_colour),
        since,
        until,
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        cps = conn.execute(select(checkpoints).order_by(checkpoints.c.name)).all()
    by_cp: dict[int, list[Any]] = {}
    for row in rows:
        by_cp.setdefault(row.checkpoint_id, []).append(row)
    result = []
    for cp in cps:
        dispositions: Counter[str] = Counter()
        colours: Counter[str] = Counter()
        fever = nat = 0
        for row in by_cp.get(cp.id, []):
            dispositions[row.disposition] += row.n
            colours[row.health_colour] += row.n
            fever += int(row.fever or 0)
            nat += int(row.nat_expired or 0)
        result.append(
            CheckpointTotals(
                cp.name,
                cp.township,
                sum(dispositions.values()),
                {d.value: dispositions.get(d.value, 0) for d in Disposition},
                {c.value: colours.get(c.value, 0) for c in CodeColour},
                fever,
                nat,
            )
        )
    return result


def stats_json(store: CountyStore, since: str | None = None, until: str | None = None) -> Any:
    """The JSON of `checkpoint-county stats --json`: totals per checkpoint, disposition, colour."""
    per_cp = totals(store, since, until)
    overall_disp: Counter[str] = Counter()
    overall_colour: Counter[str] = Counter()
    for t in per_cp:
        overall_disp.update(t.by_disposition)
        overall_colour.update(t.by_colour)
    return {
        "generated_at": format_time(datetime.now(UTC)),
        "since": since,
        "until": until,
        "total": sum(t.total for t in per_cp),
        "fever": sum(t.fever for t in per_cp),
        "nat_expired": sum(t.nat_expired for t in per_cp),
        "by_disposition": {d.value: overall_disp.get(d.value, 0) for d in Disposition},
        "by_colour": {c.value: overall_colour.get(c.value, 0) for c in CodeColour},
        "checkpoints": [
            {
                "name": t.checkpoint,
                "township": t.township,
                "total": t.total,
                "fever": t.fever,
                "nat_expired": t.nat_expired,
                "by_disposition": t.by_disposition,
                "by_colour": t.by_colour,
            }
            for t in per_cp
        ],
    }


# ---------------------------------------------------------------------------- hours


def arrivals_per_hour(store: CountyStore, day: date) -> list[tuple[int, int]]:
    """(released, not released) for each of the 24 county hours of `day`."""
    since, until = day_range(day)
    query = _window(
        select(records.c.checked_at, records.c.disposition).where(_newest_versions()),
        since,
        until,
    )
    hours = [[0, 0] for _ in range(24)]
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            moment = local_time(row.checked_at)
            assert moment is not None
            released = Disposition(row.disposition).is_release
            hours[moment.hour][0 if released else 1] += 1
    return [(a, b) for a, b in hours]


# ---------------------------------------------------------------------------- follow-up


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One person the county must follow up, with personal data already masked."""

    checked_at: datetime
    checkpoint: str
    name: str
    id_number: str
    phone: str
    origin: str
    destination: str
    temperature: float | None
    disposition: str
    reasons: tuple[str, ...]
    uuid: str


def _canonical_fragment(key: str, value: str) -> str:
    # The stored wire text is canonical JSON (sorted keys, no spaces), so a field's value
    # has exactly one spelling and a LIKE on it is exact. The travel-card colour has no
    # column of its own.
    return f'%"{key}":"{value}"%'


def follow_up_condition() -> Any:
    """The SQL condition for "needs follow-up"."""
    return or_(
        records.c.health_colour.in_([c.value for c in FLAGGED_COLOURS]),
        *[records.c.wire.like(_canonical_fragment("travel_colour", c)) for c in FLAGGED_COLOURS],
        records.c.fever.is_(True),
        records.c.nat_expired.is_(True),
        records.c.disposition.in_([d.value for d in FOLLOW_UP_DISPOSITIONS]),
    )


def follow_up_reasons(wire: dict[str, Any], fever: bool, nat_expired: bool) -> tuple[str, ...]:
    """Why a record needs follow-up, in the words staff use."""
    reasons = []
    for key, label in (("health_colour", "健康码"), ("travel_colour", "行程码")):
        colour = wire.get(key)
        if colour in FLAGGED_COLOURS:
            reasons.append(f"{label}{CodeColour(colour).label[:1]}")
    if fever:
        reasons.append("发热")
    if nat_expired:
        reasons.append("核酸超时")
    disposition = Disposition(wire["disposition"])
    if disposition in FOLLOW_UP_DISPOSITIONS:
        reasons.append(disposition.label)
    return tuple(reasons)


def follow_ups(
    store: CountyStore, since: str | None, until: str | None, *, limit: int = FOLLOW_UP_LIMIT
) -> tuple[list[FollowUp], int]:
    """People needing follow-up in the window, newest first (at most `limit`), and how many."""
    return _people(store, and_(_newest_versions(), follow_up_condition()), since, until, limit)


def reported(
    store: CountyStore, since: str | None, until: str | None, *, limit: int = FOLLOW_UP_LIMIT
) -> tuple[list[FollowUp], int]:
    """Travellers a rule of the policy asked to report to the command (须报告指挥部)."""
    return _people(store, and_(_newest_versions(), records.c.report.is_(True)), since, until, limit)


def _people(
    store: CountyStore, condition: Any, since: str | None, until: str | None, limit: int
) -> tuple[list[FollowUp], int]:
    base = _window(select(func.count()).select_from(records).where(condition), since, until)
    query = _window(
        select(records.c.wire, records.c.fever, records.c.nat_expired, checkpoints.c.name)
        .join(checkpoints, checkpoints.c.id == records.c.checkpoint_id)
        .where(condition)
        .order_by(records.c.checked_at.desc(), records.c.uuid)
        .limit(limit),
        since,
        until,
    )
    with store.engine.connect() as conn:
        count = int(conn.execute(base).scalar_one())
        rows = conn.execute(query).all()
    people = []
    for row in rows:
        wire = json.loads(row.wire)
        moment = local_time(wire["checked_at"])
        assert moment is not None
        people.append(
            FollowUp(
                checked_at=moment,
                checkpoint=row.name,
                name=mask_name(wire["name"]),
                id_number=mask_id_number(wire["document_number"]),
                phone=mask_phone(wire["phone"]),
                origin=wire["origin_name"],
                destination=wire["destination_township"],
                temperature=wire["temperature"],
                disposition=Disposition(wire["disposition"]).label,
                reasons=follow_up_reasons(wire, bool(row.fever), bool(row.nat_expired)),
                uuid=wire["uuid"],
            )
        )
    return people, count


# ---------------------------------------------------------------------------- sync state


@dataclass(frozen=True, slots=True)
class CheckpointSync:
    checkpoint: str
    township: str
    devices: int
    last_sync: datetime | None
    waiting: int | None
    reported_at: datetime | None


def checkpoint_sync(store: CountyStore) -> list[CheckpointSync]:
    """Each checkpoint's newest contact and the records its devices last said were waiting."""
    query = (
        select(
            checkpoints.c.name,
            checkpoints.c.township,
            devices.c.device_id,
            devices.c.last_seen_at,
            devices.c.revoked,
            device_reports.c.waiting,
            device_reports.c.reported_at,
        )
        .select_from(checkpoints)
        .outerjoin(devices, devices.c.checkpoint_id == checkpoints.c.id)
        .outerjoin(device_reports, device_reports.c.device_id == devices.c.device_id)
        .order_by(checkpoints.c.name)
    )
    grouped: dict[str, list[Any]] = {}
    townships: dict[str, str] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            townships[row.name] = row.township
            rows = grouped.setdefault(row.name, [])
            if row.device_id is not None and not row.revoked:
                rows.append(row)
    result = []
    for name, rows in grouped.items():
        seen = [r.last_seen_at for r in rows if r.last_seen_at]
        reports = [r for r in rows if r.reported_at]
        result.append(
            CheckpointSync(
                name,
                townships[name],
                len(rows),
                local_time(max(seen)) if seen else None,
                sum(int(r.waiting) for r in reports) if reports else None,
                local_time(max(r.reported_at for r in reports)) if reports else None,
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class OpenConflict:
    uuid: str
    version: int
    checkpoint: str
    source: str
    received_at: datetime | None


def open_conflicts(store: CountyStore) -> list[OpenConflict]:
    """Conflicts nobody has settled yet, oldest first."""
    query = (
        select(
            record_conflicts.c.uuid,
            record_conflicts.c.version,
            record_conflicts.c.source,
            record_conflicts.c.received_at,
            checkpoints.c.name,
        )
        .select_from(record_conflicts)
        .outerjoin(devices, devices.c.device_id == record_conflicts.c.device_id)
        .outerjoin(checkpoints, checkpoints.c.id == devices.c.checkpoint_id)
        .where(record_conflicts.c.resolved_at.is_(None))
        .order_by(record_conflicts.c.id)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        OpenConflict(r.uuid, r.version, r.name or "未知设备", r.source, local_time(r.received_at))
        for r in rows
    ]


# ---------------------------------------------------------------------------- export rows


@dataclass(frozen=True, slots=True)
class ExportRow:
    """The newest version of one record with its checkpoint, as the export writes it."""

    wire: dict[str, Any]
    checkpoint: str
    township: str
    source: str
    received_at: str


def export_rows(
    store: CountyStore, since: str | None, until: str | None = None, *, batch: int = 2000
) -> Iterator[ExportRow]:
    """Newest versions in check-time order, streamed so a large export stays small in memory."""
    query = _window(
        select(
            records.c.wire,
            records.c.source,
            records.c.received_at,
            checkpoints.c.name,
            checkpoints.c.township,
        )
        .join(checkpoints, checkpoints.c.id == records.c.checkpoint_id)
        .where(_newest_versions())
        .order_by(records.c.checked_at, records.c.uuid),
        since,
        until,
    )
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=batch).execute(query)
        for row in result:
            yield ExportRow(
                json.loads(row.wire), row.name, row.township, row.source, row.received_at
            )
