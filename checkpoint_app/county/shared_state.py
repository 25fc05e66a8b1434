"""State every county process must share: dashboard sessions and rate counters.

Kept in the county database, not in one process's memory, so that a county served by
several worker processes behind a proxy throttles, limits and signs out the same way
as one process does. Both are small tables written on sign-in, sign-out and the public
form only, never on the sync path.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, case, delete, or_, select, update

from checkpoint_app.county.store import (
    CountyStore,
    dashboard_sessions,
    rate_counters,
    storage_errors,
)
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.sync.protocol import format_time


def _sid_hash(session_id: str) -> str:
    # Only a hash is stored: a copy of the database does not yield live cookies.
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------- sessions


def open_session(store: CountyStore, session_id: str, username: str, lifetime: timedelta) -> None:
    now = utc_now()
    with storage_errors(), store.engine.begin() as conn:
        conn.execute(delete(dashboard_sessions).where(dashboard_sessions.c.expires_at < _t(now)))
        conn.execute(
            dashboard_sessions.insert().values(
                sid_hash=_sid_hash(session_id),
                username=username,
                created_at=_t(now),
                expires_at=_t(now + lifetime),
            )
        )


def session_is_open(store: CountyStore, session_id: str, username: str) -> bool:
    with store.engine.connect() as conn:
        row = conn.execute(
            select(dashboard_sessions.c.username, dashboard_sessions.c.expires_at).where(
                dashboard_sessions.c.sid_hash == _sid_hash(session_id)
            )
        ).first()
    return row is not None and row.username == username and row.expires_at > _t(utc_now())


def close_session(store: CountyStore, session_id: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            delete(dashboard_sessions).where(dashboard_sessions.c.sid_hash == _sid_hash(session_id))
        )


def close_user_sessions(conn: Connection, username: str) -> None:
    """End every session of `username` inside the caller's transaction."""
    conn.execute(delete(dashboard_sessions).where(dashboard_sessions.c.username == username))


def open_session_count(store: CountyStore, username: str) -> int:
    with store.engine.connect() as conn:
        return len(
            conn.execute(
                select(dashboard_sessions.c.sid_hash).where(
                    dashboard_sessions.c.username == username,
                    dashboard_sessions.c.expires_at > _t(utc_now()),
                )
            ).all()
        )


# ---------------------------------------------------------------------------- counters


def _t(moment: datetime) -> str:
    return format_time(moment)


@dataclass(frozen=True, slots=True)
class Count:
    count: int  # events in the current window, this one included
    resets_in: float  # seconds until the window starts over


def _upsert(store: CountyStore) -> Any:
    if store.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(rate_counters)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(rate_counters)


def hit(store: CountyStore, key: str, window: timedelta, *, now: datetime | None = None) -> Count:
    """Count one event under `key` in a fixed window; atomic across processes.

    One INSERT … ON CONFLICT DO UPDATE: concurrent hits serialise on the row (PostgreSQL)
    or on the write lock (SQLite), so a burst of parallel requests is counted exactly.
    """
    moment = now or utc_now()
    started_text, cutoff = _t(moment), _t(moment - window)
    stale = rate_counters.c.window_started < cutoff
    stmt = _upsert(store).values(key=key[:200], window_started=started_text, count=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[rate_counters.c.key],
        set_={
            "count": case((stale, 1), else_=rate_counters.c.count + 1),
            "window_started": case((stale, started_text), else_=rate_counters.c.window_started),
            "next_at": case((stale, None), else_=rate_counters.c.next_at),
        },
    ).returning(rate_counters.c.count, rate_counters.c.window_started)
    with storage_errors(), store.engine.begin() as conn:
        row = conn.execute(stmt).one()
        if secrets.randbelow(200) == 0:
            # Now and then, forget counters idle for a day: one row per address or name
            # tried would otherwise stay for good.
            conn.execute(
                delete(rate_counters).where(
                    rate_counters.c.window_started < _t(moment - timedelta(days=1))
                )
            )
    # Row.count is the tuple method: the column is read by position.
    count, window_started = int(row[0]), str(row[1])
    resets = datetime.fromisoformat(window_started) + window - moment
    return Count(count, max(0.0, resets.total_seconds()))


def peek(store: CountyStore, key: str, window: timedelta, *, now: datetime | None = None) -> int:
    """Events under `key` in its current window, without counting one."""
    moment = now or utc_now()
    with store.engine.connect() as conn:
        row = conn.execute(
            select(rate_counters.c.count).where(
                rate_counters.c.key == key[:200],
                rate_counters.c.window_started >= _t(moment - window),
            )
        ).first()
    return 0 if row is None else int(row[0])


def forget(store: CountyStore, key: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(delete(rate_counters).where(rate_counters.c.key == key[:200]))


def claim_slot(
    store: CountyStore, key: str, spacing: timedelta, *, now: datetime | None = None
) -> float:
    """Take the next turn under `key` if `spacing` has passed since the last; 0 when
    taken, else the seconds to wait. The counter row must exist (see `hit`)."""
    moment = now or utc_now()
    with storage_errors(), store.engine.begin() as conn:
        taken = conn.execute(
            update(rate_counters)
            .where(
                rate_counters.c.key == key[:200],
                or_(rate_counters.c.next_at.is_(None), rate_counters.c.next_at <= _t(moment)),
            )
            .values(next_at=_t(moment + spacing))
            .returning(rate_counters.c.key)
        ).first()
        if taken is not None:
            return 0.0
        next_at = conn.execute(
            select(rate_counters.c.next_at).where(rate_counters.c.key == key[:200])
        ).scalar()
    if next_at is None:
        return 0.0
    return max(0.1, (datetime.fromisoformat(next_at) - moment).total_seconds())


# ---------------------------------------------------------------------------- sign-in


@dataclass(frozen=True, slots=True)
class LoginVerdict:
    """Whether a sign-in attempt may have its password checked now."""

    wait_seconds: float = 0.0
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.wait_seconds <= 0


class LoginLimits:
    """Sign-in throttling that strangers cannot turn against a known user.

    Each attempt is counted BEFORE its password is verified (so a burst of parallel posts
    gets no more verifications than the limit): per client address (20 in 15 minutes) and
    per name from that address (5 in 15 minutes). Failures for a name from anywhere do
    not lock its owner out; past 10 in the window they only space that name's attempts
    5 seconds apart, which slows a spread-out guesser to 12 a minute while the real user
    waits seconds at most.
    """

    def __init__(
        self,
        store: CountyStore,
        *,
        per_address: int = 20,
        per_name_and_address: int = 5,
        name_failures_before_slow: int = 10,
        window: timedelta = timedelta(minutes=15),
        slow_spacing: timedelta = timedelta(seconds=5),
    ) -> None:
        self.store = store
        self.per_address = per_address
        self.per_name_and_address = per_name_and_address
        self.name_failures_before_slow = name_failures_before_slow
        self.window = window
        self.slow_spacing = slow_spacing

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str, str]:
        name = username.casefold()[:64]
        return (
            f"login-addr:{address[:64]}",
            f"login-pair:{name}|{address[:64]}",
            f"login-name:{name}",
        )

    def attempt(self, username: str, address: str) -> LoginVerdict:
        """Count one attempt; whether its password may be checked now."""
        by_address, by_pair, by_name = self._keys(username, address)
        # The slow path first: an attempt sent back to wait its turn is not verified, so it
        # does not count against the caller's own limits (the owner retrying is not locked).
        if peek(self.store, by_name, self.window) >= self.name_failures_before_slow:
            wait = claim_slot(self.store, by_name, self.slow_spacing)
            if wait > 0:
                seconds = max(1, int(-(-wait // 1)))
                return LoginVerdict(wait, f"该用户近期登录失败较多，请 {seconds} 秒后再试")
        for key, limit in ((by_address, self.per_address), (by_pair, self.per_name_and_address)):
            counted = hit(self.store, key, self.window)
            if counted.count > limit:
                minutes = max(1, int(-(-counted.resets_in // 60)))
                return LoginVerdict(counted.resets_in, f"登录失败次数过多，请 {minutes} 分钟后再试")
        return LoginVerdict()

    def failed(self, username: str, address: str) -> None:
        hit(self.store, self._keys(username, address)[2], self.window)

    def succeeded(self, username: str, address: str) -> None:
        # The address's own count stays: one machine's guesses at other names still count.
        forget(self.store, self._keys(username, address)[1])
