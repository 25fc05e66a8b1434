"""The county's clock: its time zone and today's date there (a leaf: the store needs it too)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo


def _county_timezone() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Shanghai")
    except (ImportError, KeyError, OSError):
        # Without a tz database (a bare Windows install) CST is still UTC+8: China has had
        # no daylight saving time since 1991.
        return timezone(timedelta(hours=8), "CST")


COUNTY_TZ = _county_timezone()


def county_today(now: datetime | None = None) -> date:
    """Today's date in the county."""
    return (now or datetime.now(UTC)).astimezone(COUNTY_TZ).date()
