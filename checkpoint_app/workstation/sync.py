"""One sync round of the checkpoint: push the outbox, pull the policy pack, pull the watch
list, then the transfers (receiving sites in, transfers out, receipts in). `sync/` is only
the wire (transport, envelopes, bundles); this is the use case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from checkpoint_app.policy.pull import PolicyReport, pull_policy
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.encryption import STORE_OPEN_ERRORS
from checkpoint_app.storage.timefmt import to_db_time, utc_now
from checkpoint_app.sync import outbox
from checkpoint_app.sync.client import (
    ConnectionInfo,
    FailureKind,
    PushReport,
    SyncFailure,
    ignore_progress,
    load_connection,
    never_cancelled,
    push_pending,
)
from checkpoint_app.sync.keys import KeyFileError
from checkpoint_app.sync.transfers import (
    ReceiptReport,
    SiteListReport,
    TransferPushReport,
    pull_receipts,
    pull_site_list,
    push_transfers,
)
from checkpoint_app.watchlist.pull import WatchListReport, pull_watch_list

# ---------------------------------------------------------------------------- sync once


@dataclass(frozen=True, slots=True)
class SyncReport:
    """One full sync: push then pull. `pending` is what still waits for the county."""

    push: PushReport | None = None
    policy: PolicyReport | None = None
    failure: SyncFailure | None = None
    pending: int = 0
    finished_at: datetime = field(default_factory=utc_now)
    watch_list: WatchListReport | None = None
    site_list: SiteListReport | None = None
    transfers: TransferPushReport | None = None
    receipts: ReceiptReport | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def summary(self) -> str:
        """One line for the status bar or the terminal."""
        parts = []
        if self.push is not None:
            parts.append(f"上传 {self.push.accepted} 条新记录，县里已有 {self.push.already_had} 条")
            if self.push.conflicts:
                parts.append(f"{self.push.conflicts} 条与县里内容冲突，需人工核对")
        if self.transfers is not None and self.transfers.accepted:
            parts.append(f"上报 {self.transfers.accepted} 条闭环转运")
        if self.receipts is not None and (self.receipts.arrived or self.receipts.missing):
            parts.append(f"接收点确认到达 {self.receipts.arrived} 人")
            if self.receipts.missing:
                parts.append(f"{self.receipts.missing} 人接收点报告未到，请核实")
        parts.append(f"剩余 {self.pending} 条待同步")
        if self.failure is not None:
            parts.append(self.failure.message)
        return "；".join(parts)


_STOP_AFTER_PUSH = frozenset(
    {FailureKind.OFFLINE, FailureKind.TIMEOUT, FailureKind.REVOKED, FailureKind.CERTIFICATE}
)


def sync_once(
    data_dir: Path,
    *,
    is_cancelled: Callable[[], bool] = never_cancelled,
    on_progress: Callable[[float], None] = ignore_progress,
) -> SyncReport:
    """Push the outbox, then pull the policy pack; never raises for network or file trouble.

    Opens (and closes) its own database connection, so it is safe on a worker thread; run
    at most one at a time (the GUI's sync pool has a single thread).
    """
    try:
        conn = load_connection(data_dir)
    except KeyFileError as exc:
        return SyncReport(failure=SyncFailure(FailureKind.LOCAL, exc.message))
    try:
        db = open_database(data_dir / DATABASE_FILENAME)
    except STORE_OPEN_ERRORS as exc:
        return SyncReport(failure=SyncFailure(FailureKind.LOCAL, f"无法打开本地数据：{exc}"))
    try:
        outbox.ensure_sync_schema(db)
        if conn is None:
            not_enrolled = SyncFailure(FailureKind.NOT_ENROLLED, "本机尚未向县指挥部注册")
            return SyncReport(failure=not_enrolled, pending=outbox.unsynced_count(db))
        push = push_pending(db, conn, is_cancelled=is_cancelled, on_progress=on_progress)
        policy = None
        failure: SyncFailure | None = push.failure
        if failure is None or failure.kind not in _STOP_AFTER_PUSH:
            policy = pull_policy(db, conn, is_cancelled=is_cancelled)
            failure = failure or (policy.failure)
        watch_list = None
        if failure is None or failure.kind not in _STOP_AFTER_PUSH:
            watch_list = pull_watch_list(db, conn, is_cancelled=is_cancelled)
            # A county server from before watch lists answers 404 (REJECTED): records and
            # policy still synced, so that is no failure of the sync.
            if watch_list.failure and watch_list.failure.kind is not FailureKind.REJECTED:
                failure = failure or watch_list.failure
        site_list = transfers = receipts = None
        if failure is None or failure.kind not in _STOP_AFTER_PUSH:
            site_list, transfers, receipts = _sync_transfers(db, conn, is_cancelled)
            # As for watch lists: a county from before transfers answers 404 (REJECTED).
            for step in (site_list, transfers, receipts):
                if step.failure and step.failure.kind is not FailureKind.REJECTED:
                    failure = failure or step.failure
        report = SyncReport(
            push,
            policy,
            failure,
            outbox.unsynced_count(db),
            watch_list=watch_list,
            site_list=site_list,
            transfers=transfers,
            receipts=receipts,
        )
        with db.atomic():
            if failure is None and not push.cancelled:
                outbox.set_state(db, "last_success", to_db_time(report.finished_at))
                outbox.set_state(db, "last_error", "")
            elif failure is not None:
                outbox.set_state(db, "last_error", failure.message)
        return report
    except STORE_OPEN_ERRORS as exc:
        return SyncReport(failure=SyncFailure(FailureKind.LOCAL, f"本地数据出错：{exc}"))
    finally:
        db.close()


def _sync_transfers(
    db: Database, conn: ConnectionInfo, is_cancelled: Callable[[], bool]
) -> tuple[SiteListReport, TransferPushReport, ReceiptReport]:
    """Pull the receiving sites, push the transfers, pull the receipts (in that order: the
    receipts answer transfers the county has just taken)."""
    site_list = pull_site_list(db, conn, is_cancelled=is_cancelled)
    transfers = push_transfers(db, conn)
    if transfers.failure is not None and transfers.failure.kind in _STOP_AFTER_PUSH:
        return site_list, transfers, ReceiptReport(failure=transfers.failure)
    return site_list, transfers, pull_receipts(db, conn)
