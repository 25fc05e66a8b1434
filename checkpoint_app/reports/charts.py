"""The figures behind the charts: arrivals per hour, code-colour mix, disposition mix.

For one shift or one local day, over current record versions. Plain data: the Qt Charts
widgets in gui/charts.py only draw what these functions return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlite_utils import Database

from checkpoint_app.records.model import CodeColour, Disposition
from checkpoint_app.reports.handover import HourCount, summarise_shift
from checkpoint_app.storage.timefmt import from_db_time, to_db_time, utc_now


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the three charts show; the mixes list every colour and disposition, zeros too."""

    start: datetime
    end: datetime
    total: int
    arrivals_per_hour: tuple[HourCount, ...]
    by_colour: tuple[tuple[CodeColour, int], ...]
    by_disposition: tuple[tuple[Disposition, int], ...]


def shift_chart_data(
    db: Database, shift_id: int, *, now: datetime | None = None, tz: tzinfo | None = None
) -> ChartData:
    """The charts of one shift (hours from its start to its end, or to `now` while open)."""
    summary = summarise_shift(db, shift_id, now=now, tz=tz)
    return ChartData(
        start=summary.started_at,
        end=summary.ended_at or now or utc_now(),
        total=summary.total,
        arrivals_per_hour=summary.arrivals_per_hour,
        by_colour=tuple((c, summary.by_colour[c]) for c in CodeColour),
        by_disposition=tuple((d, summary.by_disposition[d]) for d in Disposition),
    )


def day_chart_data(
    db: Database, day: date, *, now: datetime | None = None, tz: tzinfo | None = None
) -> ChartData:
    """The charts of one local day, every shift together; today's hours end at `now`."""
    start = _local_midnight(day, tz)
    end = _local_midnight(day + timedelta(days=1), tz)
    params = [to_db_time(start), to_db_time(end)]
    where = "is_current = 1 AND checked_at >= ? AND checked_at < ?"
    colours = {c: 0 for c in CodeColour}
    for value, n in db.execute(
        f"SELECT health_colour, count(*) FROM records WHERE {where} GROUP BY 1", params
    ):
        colours[CodeColour(value)] = n
    dispositions = {d: 0 for d in Disposition}
    for value, n in db.execute(
        f"SELECT disposition, count(*) FROM records WHERE {where} GROUP BY 1", params
    ):
        dispositions[Disposition(value)] = n
    hours: dict[datetime, int] = {}
    for (checked,) in db.execute(f"SELECT checked_at FROM records WHERE {where}", params):
        moment = from_db_time(checked)
        assert moment is not None
        hour = moment.astimezone(tz).replace(minute=0, second=0, microsecond=0)
        hours[hour] = hours.get(hour, 0) + 1
    now = now or utc_now()
    last = min(end - timedelta(seconds=1), max(now, start))
    buckets = []
    hour = start
    while hour <= last:
        buckets.append(HourCount(hour, hours.get(hour, 0)))
        # Step in UTC so a DST change never repeats or skips an hour.
        hour = (hour + timedelta(hours=1)).astimezone(tz).replace(minute=0, second=0)
    return ChartData(
        start=start,
        end=end,
        total=sum(dispositions.values()),
        arrivals_per_hour=tuple(buckets),
        by_colour=tuple(colours.items()),
        by_disposition=tuple(dispositions.items()),
    )


def _local_midnight(day: date, tz: tzinfo | None) -> datetime:
    if tz is not None:
        return datetime.combine(day, time(), tzinfo=tz)
    return datetime.combine(day, time()).astimezone()  # the workstation's zone
