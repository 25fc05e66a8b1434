"""The county's watch list pulled over the wire: verified, checked, stored (or refused)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from checkpoint_app.sync.client import (
    ConnectionInfo,
    PullStatus,
    SyncFailure,
    fetch_signed_document,
    never_cancelled,
)
from checkpoint_app.sync.protocol import WATCHLIST_PATH, WireFormatError, verify_watch_list
from checkpoint_app.watchlist.model import WatchListError
from checkpoint_app.watchlist.store import (
    current_etag,
    current_watch_list,
    ensure_watch_list_schema,
    store_watch_list,
)

# ---------------------------------------------------------------------------- watch list


WatchListStatus = PullStatus  # the same outcomes as a policy pull


@dataclass(frozen=True, slots=True)
class WatchListReport:
    """The outcome of a watch-list pull and the version in use afterwards."""

    status: WatchListStatus
    version: int | None = None
    message: str = ""
    failure: SyncFailure | None = None


def pull_watch_list(
    db: Database,
    conn: ConnectionInfo,
    *,
    is_cancelled: Callable[[], bool] = never_cancelled,
) -> WatchListReport:
    """Fetch the county's watch list (ETag), verify its signature and content, store it.

    Worker thread, own connection. An unsigned, tampered, malformed or older list is
    refused and the list in use stays.
    """
    ensure_watch_list_schema(db)

    def in_use(status: WatchListStatus, message: str = "") -> WatchListReport:
        current = current_watch_list(db)
        return WatchListReport(status, current.version if current else None, message)

    if is_cancelled():
        return in_use(WatchListStatus.UNCHANGED)
    result = fetch_signed_document(conn, WATCHLIST_PATH, current_etag(db))
    if isinstance(result, SyncFailure):
        report = in_use(WatchListStatus.FAILED, result.message)
        return WatchListReport(report.status, report.version, report.message, result)
    if result.status is not WatchListStatus.APPLIED:  # 304 or 204
        return in_use(result.status)
    try:
        pack = verify_watch_list(conn.county_signing_key, result.envelope)
        applied = store_watch_list(db, pack, etag=result.etag)
    except WireFormatError as exc:
        return in_use(WatchListStatus.REFUSED, f"{exc.message}，继续使用原名单")
    except WatchListError as exc:
        return in_use(WatchListStatus.REFUSED, f"{exc.message}，继续使用原名单")
    if applied:
        return in_use(WatchListStatus.APPLIED, f"已更新重点人员名单（第 {pack.version} 版）")
    return in_use(WatchListStatus.UNCHANGED)
