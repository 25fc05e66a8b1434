"""The ID-card reader in the GUI: a CardPoller on a background thread, results as signals.

Usage (the main window)::

    self.idcard_reader = IdCardReader(self)
    self.idcard_reader.card_read.connect(self.register_form.apply_id_card)
    self.idcard_reader.reader_error.connect(show_in_status_bar)
    self.idcard_reader.start(settings.idcard_driver, settings.idcard_port)
    ...
    self.idcard_reader.stop()  # on close, on lock, before the test dialog

The poller runs on a plain thread of its own (it lives as long as the window, so it
would only block a pool slot). Never touch a widget from that thread: the worker
emits private signals that are queued to this object on the GUI thread, and only
there are `card_read` and `reader_error` emitted, so any slot, lambdas included,
runs on the GUI thread.
"""

from __future__ import annotations

import threading
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal, Slot

from checkpoint_app.scanning.idcard.drivers import open_card_source
from checkpoint_app.scanning.idcard.serial_driver import CardPoller


class IdCardReader(QObject):
    """Polls the configured reader while started; each card arrives once as `card_read`."""

    card_read = Signal(object)  # IdCard
    reader_error = Signal(str)  # Chinese, for the status bar

    # Emitted on the worker thread with the run's generation; queued to this object.
    _card_from_worker = Signal(int, object)
    _error_from_worker = Signal(int, str)

    def __init__(self, parent: QObject | None = None, *, interval: float = 0.3) -> None:
        super().__init__(parent)
        self._interval = interval
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._generation = 0
        queued = Qt.ConnectionType.QueuedConnection
        self._card_from_worker.connect(self._deliver_card, queued)
        self._error_from_worker.connect(self._deliver_error, queued)

    def start(self, driver: str, port: str) -> None:
        """Start polling `port` with `driver` ("serial" or "sdtapi"); restarts if running.

        An empty port means no reader is configured: nothing starts.
        """
        self.stop()
        if not port.strip() and driver == "serial":
            return
        self._generation += 1
        generation = self._generation
        self._stop = threading.Event()
        poller = CardPoller(
            partial(open_card_source, driver, port),
            on_card=lambda card: self._card_from_worker.emit(generation, card),
            on_error=lambda message: self._error_from_worker.emit(generation, message),
            interval=self._interval,
        )
        self._thread = threading.Thread(
            target=poller.run, args=(self._stop,), name="idcard-reader", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and release the port; a card read before stop() is not delivered."""
        self._generation += 1  # results still queued from the old run are dropped
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            # At most one command's time-out (about a second) while the poller finishes.
            thread.join(timeout=5)

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @Slot(int, object)
    def _deliver_card(self, generation: int, card: object) -> None:
        if generation == self._generation:
            self.card_read.emit(card)

    @Slot(int, str)
    def _deliver_error(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.reader_error.emit(message)
