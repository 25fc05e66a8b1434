"""The one helper that runs long work off the GUI thread.

Long work (decoding, OCR, sync) is a plain function taking `is_cancelled` and
`on_progress`; `run_in_background` runs it on a QThreadPool and delivers its result
or exception on the GUI thread through queued signals.

Never touch a widget from the worker function: it runs on a pool thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    progressed = Signal(float)
    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """A running background job; `cancel()` asks the function to stop at its next check."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        super().__init__()
        self._fn = fn
        self._cancelled = threading.Event()
        self.signals = _Signals()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self) -> None:  # runs on a pool thread
        try:
            result = self._fn(
                is_cancelled=self._cancelled.is_set, on_progress=self.signals.progressed.emit
            )
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


_live_tasks: set[Task] = set()


def run_in_background(
    fn: Callable[..., Any],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[float], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Run `fn(is_cancelled=..., on_progress=...)` on `pool`; callbacks run on the GUI thread."""
    task = Task(fn)
    _live_tasks.add(task)  # keep the runnable and its signals alive until delivery

    def finish(result: Any) -> None:
        _live_tasks.discard(task)
        if not task.cancelled:
            on_done(result)

    def fail(exc: BaseException) -> None:
        _live_tasks.discard(task)
        on_error(exc)

    task.signals.finished.connect(finish)
    task.signals.failed.connect(fail)
    if on_progress is not None:
        task.signals.progressed.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
