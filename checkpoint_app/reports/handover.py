"""What happened in one shift, as the handover sheet (交班报告) shows it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from types import MappingProxyType

from sqlite_utils import Database

from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.storage.staff import get_checkpoint
from checkpoint_app.storage.timefmt import from_db_time, utc_now

MAX_HOURS_LISTED = 72


class ShiftNotFound(LookupError):
    """The shift id names no shift in this store."""


@dataclass(frozen=True, slots=True)
class HourCount:
    """Arrivals checked in one local clock hour (`hour` is its start, in local time)."""

    hour: datetime
    count: int


@dataclass(frozen=True, slots=True)
class ShiftSummary:
    """The figures of one shift. Counts are over current record versions unless said otherwise.

    `unsynced`, `unexported` and `undelivered` count record versions (a correction is a
    version of its own, and each must reach the county).
    """

    shift_id: int
    checkpoint_name: str
    township: str
    started_at: datetime
    ended_at: datetime | None
    staff_name: str
    registrars: tuple[str, ...]
    handover_note: str
    total: int
    by_disposition: Mapping[Disposition, int]
    by_colour: Mapping[CodeColour, int]
    fevers: int
    nat_expired: int
    # Versions of this shift's records the county has not acknowledged by online sync.
    unsynced: int
    # Versions of this shift's records that no USB export bundle has carried.
    unexported: int
    # Versions that reached the county neither way: the next shift must send these.
    undelivered: int
    # Unacknowledged versions in the whole store, whichever shift made them.
    unsynced_total: int
    arrivals_per_hour: tuple[HourCount, ...]

    @property
    def central_quarantine(self) -> int:
        return self.by_disposition[Disposition.CENTRAL_QUARANTINE]

    @property
    def fever_clinic(self) -> int:
        return self.by_disposition[Disposition.FEVER_CLINIC]

    @property
    def turned_back(self) -> int:
        return self.by_disposition[Disposition.TURN_BACK]

    @property
    def released(self) -> int:
        return sum(n for d, n in self.by_disposition.items() if d.is_release)


def summarise_shift(
    db: Database, shift_id: int, *, now: datetime | None = None, tz: tzinfo | None = None
) -> ShiftSummary:
    """Compute the handover figures of `shift_id` from the store.

    `tz` is the zone of the hour buckets (the workstation's local zone when None); `now`
    ends the hour list of a shift still open. Raises ShiftNotFound for an unknown shift.
    """
    row = db.execute(
        "SELECT s.started_at, s.ended_at, s.handover_note, st.name FROM shifts s"
        " LEFT JOIN staff st ON st.id = s.staff_id WHERE s.id = ?",
        [shift_id],
    ).fetchone()
    if row is None:
        raise ShiftNotFound(f"no shift {shift_id}")
    started_at = from_db_time(row[0])
    assert started_at is not None
    ended_at = from_db_time(row[1])
    checkpoint = get_checkpoint(db)

    by_disposition = {d: 0 for d in Disposition}
    for value, n in db.execute(
        "SELECT disposition, count(*) FROM records WHERE shift_id = ? AND is_current = 1"
        " GROUP BY 1",
        [shift_id],
    ):
        by_disposition[Disposition(value)] = n
    by_colour = {c: 0 for c in CodeColour}
    for value, n in db.execute(
        "SELECT health_colour, count(*) FROM records WHERE shift_id = ? AND is_current = 1"
        " GROUP BY 1",
        [shift_id],
    ):
        by_colour[CodeColour(value)] = n
    fevers, nat_expired = db.execute(
        "SELECT coalesce(sum(fever), 0), coalesce(sum(nat_expired), 0) FROM records"
        " WHERE shift_id = ? AND is_current = 1",
        [shift_id],
    ).fetchone()
    registrars = tuple(
        r[0]
        for r in db.execute(
            "SELECT DISTINCT st.name FROM records r JOIN staff st ON st.id = r.staff_id"
            " WHERE r.shift_id = ? AND r.is_current = 1 ORDER BY st.name",
            [shift_id],
        )
    )
    unsynced, unexported, undelivered = _delivery_counts(db, shift_id)
    unsynced_total = int(
        db.execute("SELECT count(*) FROM outbox WHERE synced_at IS NULL").fetchone()[0]
    )
    checked = [
        from_db_time(r[0])
        for r in db.execute(
            "SELECT checked_at FROM records WHERE shift_id = ? AND is_current = 1", [shift_id]
        )
    ]
    hours = _arrivals_per_hour(
        [c for c in checked if c is not None],
        start=started_at,
        end=ended_at or now or utc_now(),
        tz=tz,
    )
    return ShiftSummary(
        shift_id=shift_id,
        checkpoint_name=checkpoint.name if checkpoint else "",
        township=checkpoint.township if checkpoint else "",
        started_at=started_at,
        ended_at=ended_at,
        staff_name=row[3] or "",
        registrars=registrars,
        handover_note=row[2] or "",
        total=sum(by_disposition.values()),
        by_disposition=MappingProxyType(by_disposition),
        by_colour=MappingProxyType(by_colour),
        fevers=int(fevers),
        nat_expired=int(nat_expired),
        unsynced=unsynced,
        unexported=unexported,
        undelivered=undelivered,
        unsynced_total=unsynced_total,
        arrivals_per_hour=hours,
    )


def _table_exists(db: Database, name: str) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
        ).fetchone()
        is not None
    )


def _delivery_counts(db: Database, shift_id: int) -> tuple[int, int, int]:
    """(unsynced, unexported, undelivered) outbox rows of the shift's record versions.

    Read-only over sync's bookkeeping (checkpoint_app.sync.outbox): a "since last export"
    bundle carries every outbox row up to its last id; a shift bundle carries its shift's
    rows between its first and last id. Bundles record no shift id, so a shift bundle is
    taken to cover this shift when its record count equals this shift's rows in its range.
    """
    rows = db.execute(
        "SELECT o.id, o.synced_at IS NOT NULL FROM outbox o JOIN records r"
        " ON r.uuid = o.record_uuid AND r.version = o.record_version WHERE r.shift_id = ?",
        [shift_id],
    ).fetchall()
    covered: list[tuple[int, int]] = []
    if _table_exists(db, "bundle_exports"):
        ids = sorted(r[0] for r in rows)
        for kind, first, last, count in db.execute(
            "SELECT kind, first_outbox_id, last_outbox_id, record_count FROM bundle_exports"
            " WHERE first_outbox_id IS NOT NULL"
        ):
            if kind == "since_last":
                # A full export (since_last_export=False) starts at 0; either way every
                # row up to `last` has been in some bundle of this kind.
                covered.append((0, last))
            elif sum(1 for i in ids if first <= i <= last) == count:
                covered.append((first, last))
    unsynced = unexported = undelivered = 0
    for outbox_id, synced in rows:
        exported = any(lo <= outbox_id <= hi for lo, hi in covered)
        unsynced += not synced
        unexported += not exported
        undelivered += not synced and not exported
    return unsynced, unexported, undelivered


def _arrivals_per_hour(
    checked: list[datetime], *, start: datetime, end: datetime, tz: tzinfo | None
) -> tuple[HourCount, ...]:
    """Counts per local clock hour from the shift's first hour to its last, empty hours too."""

    def hour_of(moment: datetime) -> datetime:
        return moment.astimezone(tz).replace(minute=0, second=0, microsecond=0)

    counts: dict[datetime, int] = {}
    for moment in checked:
        counts[hour_of(moment)] = counts.get(hour_of(moment), 0) + 1
    first = hour_of(start)
    last = hour_of(max([end, *checked]))
    if counts:
        first = min(first, *counts)
    if last - first > timedelta(hours=MAX_HOURS_LISTED):
        # A clock set wrong (or a shift never closed) would otherwise list thousands of
        # empty hours; then only the hours that saw arrivals are listed.
        return tuple(HourCount(h, n) for h, n in sorted(counts.items()))
    result = []
    hour = first
    while hour <= last:
        result.append(HourCount(hour, counts.get(hour, 0)))
        # Step in UTC so a DST change never repeats or skips an hour.
        hour = hour_of(hour + timedelta(hours=1))
    return tuple(result)
