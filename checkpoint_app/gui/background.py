"""The one helper that runs long work off the GUI thread.

Long work (decoding, OCR, sync) is a plain function taking `is_cancelled` and
`on_progress`; `run_in_background` runs it on a QThreadPool and delivers its result
or exception on the GUI thread through queued signals.

Never touch a widget from the worker function: it runs on a pool thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressBar, QWidget


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


def reraise(exc: BaseException) -> None:
    """`on_error` for work that has no refusals: the fault reaches the crash handler."""
    raise exc


class BusyWork:
    """One dialog's background job at a time: its inputs disabled and a busy bar shown
    meanwhile, and `busy` for the dialog's `reject` (closing mid-write leaves nothing
    half-done, so a dialog refuses to close while busy).

    Refusals the worker raises as one of `refusals` go to `on_refused` with their Chinese
    `message`; anything else is a fault and is raised on the GUI thread, where the crash
    handler reports it.
    """

    def __init__(
        self,
        *,
        inputs: Sequence[QWidget],
        bar: QProgressBar,
        message: Callable[[str], None],
        refusals: tuple[type[BaseException], ...],
    ) -> None:
        self._inputs = tuple(inputs)
        self._bar = bar
        self._message = message
        self._refusals = refusals
        self._active = self._inputs
        self._task: Task | None = None
        bar.setRange(0, 0)  # no figure to show: a PIN check takes as long as it takes
        bar.setTextVisible(False)
        bar.hide()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(
        self,
        work: Callable[[], Any],
        *,
        text: str,
        on_done: Callable[[Any], None],
        on_refused: Callable[[str], None],
        inputs: Sequence[QWidget] | None = None,
    ) -> bool:
        """Run `work()` on a pool thread unless a job is running (then False); `inputs`
        replaces the dialog's usual ones for this job (a step of a longer form)."""
        if self._task is not None:
            return False
        self._active = self._inputs if inputs is None else tuple(inputs)

        def run(*, is_cancelled: object, on_progress: object) -> Any:
            return work()

        def done(result: Any) -> None:
            self._finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._finish()
            if not isinstance(exc, self._refusals):
                raise exc
            on_refused(str(getattr(exc, "message", exc)))

        self._show(True)
        self._message(text)
        self._task = run_in_background(run, on_done=done, on_error=failed)
        return True

    def _finish(self) -> None:
        self._task = None
        self._show(False)

    def _show(self, busy: bool) -> None:
        for widget in self._active:
            widget.setEnabled(not busy)
        self._bar.setVisible(busy)
