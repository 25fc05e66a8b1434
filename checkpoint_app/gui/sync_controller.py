"""Background sync with the county, driven from the GUI: a timer, backoff, connectivity.

Sync itself is `workstation.sync.sync_once`, a plain function; it runs on a pool of one
thread so two syncs never overlap, and opens its own database connection there.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtNetwork import QNetworkInformation
from sqlite_utils import Database

from checkpoint_app.gui.background import Task, run_in_background
from checkpoint_app.storage.database import open_database

if TYPE_CHECKING:  # httpx and cryptography load when sync first runs, not at start-up
    from checkpoint_app.sync.bundle import ExportReport
    from checkpoint_app.sync.client import Enrollment, SyncStatus
    from checkpoint_app.workstation.sync import SyncReport

SYNC_INTERVAL_MS = 60_000  # when all is well: once a minute, and soon after each save
AFTER_SAVE_MS = 5_000


class SyncController(QObject):
    """Owns when to sync; the status bar listens to `status_changed`."""

    status_changed = Signal(object)  # SyncStatus
    sync_started = Signal()
    sync_finished = Signal(object)  # SyncReport
    export_finished = Signal(object)  # ExportReport
    enrollment_finished = Signal(object)  # Enrollment

    def __init__(self, db: Database, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._data_dir = data_dir
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._task: Task | None = None
        self._failures = 0
        self._rng = random.Random()
        self.last_report: SyncReport | None = None
        self.next_delay_ms = 0  # the wait before the next automatic round, once one ran
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._watch_connectivity()

    def _watch_connectivity(self) -> None:
        # Reachability comes from the OS where a backend exists (Windows, NetworkManager);
        # elsewhere the timer alone notices the network coming back.
        if QNetworkInformation.loadDefaultBackend():
            info = QNetworkInformation.instance()
            if info is not None:
                info.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability == QNetworkInformation.Reachability.Online:
            self._failures = 0
            self.schedule(1_000)

    @property
    def running(self) -> bool:
        return self._task is not None

    def status(self) -> SyncStatus:
        from checkpoint_app.sync.client import sync_status

        return sync_status(self._db, self._data_dir)

    def start(self) -> None:
        self.status_changed.emit(self.status())
        if self.status().enrolled:
            self.schedule(2_000)

    def stop(self) -> None:
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()

    def schedule(self, delay_ms: int) -> None:
        if not self.running and (
            not self._timer.isActive() or self._timer.remainingTime() > delay_ms
        ):
            self._timer.start(delay_ms)

    def record_saved(self) -> None:
        self.status_changed.emit(self.status())
        if self._failures == 0 and self.status().enrolled:
            self.schedule(AFTER_SAVE_MS)

    def sync_now(self) -> None:
        """Start one sync now unless one is running (never blocks the GUI)."""
        if self.running:
            return
        from checkpoint_app.workstation.sync import sync_once

        self._timer.stop()
        self.sync_started.emit()
        data_dir = self._data_dir
        self._task = run_in_background(
            lambda is_cancelled, on_progress: sync_once(
                data_dir, is_cancelled=is_cancelled, on_progress=on_progress
            ),
            on_done=self._finished,
            on_error=self._crashed,
            pool=self._pool,
        )

    def _finished(self, report: SyncReport) -> None:
        from checkpoint_app.sync.client import next_delay

        self._task = None
        self.last_report = report
        delivered = report.push is not None and (report.push.accepted or report.push.already_had)
        if report.ok:
            self._failures = 0
            delay = SYNC_INTERVAL_MS
        elif delivered:
            # A flaky link that still moves records is not a dead one: retry soon rather
            # than doubling the wait while the outbox is draining.
            self._failures = 0
            delay = AFTER_SAVE_MS
        else:
            self._failures += 1
            delay = int(next_delay(self._failures, self._rng) * 1000)
        if report.failure is not None and report.failure.retry_after is not None:
            # The county said when it can take us again (a full disk, a restart).
            delay = max(delay, int(report.failure.retry_after * 1000))
        self.next_delay_ms = delay
        self.sync_finished.emit(report)
        self.status_changed.emit(self.status())
        if self.status().enrolled:
            self._timer.start(delay)

    def _crashed(self, _exc: BaseException) -> None:
        # sync_once reports failures as values; an exception here is a bug, not the network.
        from checkpoint_app.sync.client import next_delay

        self._task = None
        self._failures += 1
        self.status_changed.emit(self.status())
        self._timer.start(int(next_delay(self._failures, self._rng) * 1000))

    def describe(self, status: SyncStatus, *, now: datetime) -> str:
        """Status-bar text: connection, records waiting, last success, last error in words."""
        report = self.last_report
        if not status.enrolled:
            return self.tr("未注册到县平台 · 待同步 %n 条（可交班导出）", "", status.pending)
        online = report is None or report.failure is None
        parts = [
            self.tr("县平台在线") if online else self.tr("离线"),
            self.tr("待同步 %n 条", "", status.pending),
        ]
        if status.last_success is not None:
            when = status.last_success.astimezone(now.tzinfo)
            fmt = "%H:%M" if when.date() == now.date() else "%m-%d %H:%M"
            parts.append(self.tr("上次同步 ") + when.strftime(fmt))
        if status.open_conflicts:
            parts.append(self.tr("%n 条冲突待核对", "", status.open_conflicts))
        if not online and report is not None and report.failure is not None:
            parts.append(report.failure.message)
        elif status.last_error:
            parts.append(status.last_error)
        return " · ".join(parts)

    def export_to(self, out_dir: Path, *, shift_id: int | None = None) -> None:
        """Write the sealed end-of-shift bundle on the sync thread (its own connection)."""
        from checkpoint_app.sync.bundle import ExportReport, export_bundle

        data_dir = self._data_dir

        def work(is_cancelled: object, on_progress: object) -> ExportReport:
            db = open_database(data_dir / "checkpoint.db")
            try:
                return export_bundle(
                    db, data_dir, out_dir, shift_id=shift_id, since_last_export=shift_id is None
                )
            finally:
                db.close()

        run_in_background(
            work,
            on_done=self.export_finished.emit,
            on_error=lambda exc: self.export_finished.emit(ExportReport(error=f"导出失败：{exc}")),
            pool=self._pool,
        )

    def enroll(self, server_url: str, code: str) -> None:
        from checkpoint_app.sync.client import enroll

        data_dir = self._data_dir
        run_in_background(
            lambda is_cancelled, on_progress: enroll(data_dir, server_url, code),
            on_done=self._enrolled,
            on_error=lambda exc: self.enrollment_finished.emit(None),
            pool=self._pool,
        )

    def _enrolled(self, result: Enrollment) -> None:
        self.enrollment_finished.emit(result)
        self.status_changed.emit(self.status())
        if result.ok:
            self._failures = 0
            self.schedule(500)
