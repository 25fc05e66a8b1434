"""Reading ID cards through a SAM module on a serial line, and polling for cards.

pyserial's `serial_for_url` opens `COM3`, `/dev/ttyUSB0` and `socket://host:port`
alike, so one driver serves a USB-serial reader on Windows and Linux and a reader
behind a serial-to-network box (and the test emulator).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

import serial

from checkpoint_app.scanning.idcard.model import IdCard
from checkpoint_app.scanning.idcard.protocol import (
    HEADER_LENGTH,
    Answer,
    Command,
    FrameError,
    ReaderError,
    ReaderTimeout,
    Status,
    command_frame,
    parse_answer,
    parse_base_message,
    read_frame,
)

BAUD_RATE = 115200  # every SAM module we know of ships at 115200 8N1
DEFAULT_TIMEOUT = 1.0  # a full read (1295 bytes at 115200 baud) takes about 0.3 s


class ReaderConnectionError(ReaderError):
    """The port could not be opened, or the line went away (cable pulled, reader off)."""


@dataclass(frozen=True, slots=True)
class FrameEvent:
    """One frame on the line, for the probe and the test dialog.

    The answer to 读基本信息 carries the holder's name, number, address and photo;
    `hex_view()` shows only its header, status and check byte. `frame` itself is
    kept out of the repr for the same reason.
    """

    direction: Literal["sent", "received"]
    command: Command
    frame: bytes = field(repr=False)

    @property
    def carries_personal_data(self) -> bool:
        return self.direction == "received" and self.command is Command.READ_BASE

    def hex_view(self) -> str:
        arrow = "→" if self.direction == "sent" else "←"
        if self.carries_personal_data and len(self.frame) > HEADER_LENGTH + 3 + 1:
            head = self.frame[: HEADER_LENGTH + 3].hex(" ").upper()
            hidden = len(self.frame) - HEADER_LENGTH - 3 - 1
            tail = self.frame[-1:].hex().upper()
            return f"{arrow} {head} …（{hidden} 字节证件信息不显示）… {tail}"
        return f"{arrow} {self.frame.hex(' ').upper()}"


FrameCallback = Callable[[FrameEvent], None]


class CardSource(Protocol):
    """What the poller needs from a driver."""

    def read_card(self) -> IdCard | None:
        """The card on the reader, or None when there is none. Raises ReaderError."""
        ...

    def close(self) -> None: ...


class SerialCardReader:
    """A SAM module behind a pyserial URL. Not thread-safe: one thread uses one reader."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        on_frame: FrameCallback | None = None,
    ) -> None:
        self.url = url
        self._timeout = timeout
        self._on_frame = on_frame
        self._port: serial.SerialBase | None = None

    def open(self) -> None:
        """Open the port now (read_card also opens it on first use)."""
        if self._port is not None:
            return
        if not self.url.strip():
            raise ReaderConnectionError("没有设置读卡器端口")
        try:
            self._port = serial.serial_for_url(
                self.url, baudrate=BAUD_RATE, timeout=self._timeout, write_timeout=self._timeout
            )
        except (serial.SerialException, ValueError, OSError) as exc:
            raise ReaderConnectionError(f"无法打开读卡器端口 {self.url}（{exc}）") from None

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            port.close()

    def __enter__(self) -> SerialCardReader:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def exchange(self, command: Command) -> Answer:
        """Send one command and return its checked answer. Raises ReaderError (Chinese)."""
        self.open()
        port = self._port
        assert port is not None
        frame = command_frame(command)
        try:
            # Late bytes of an earlier broken answer must not be taken for this one's.
            port.reset_input_buffer()
            port.write(frame)
            port.flush()
            self._emit("sent", command, frame)
            raw = read_frame(port.read)
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise ReaderConnectionError(f"读卡器连接中断（{exc}）") from None
        except FrameError:
            # Whatever else is on the line belongs to the broken frame: drop it so
            # the next command's answer starts clean.
            self._discard_input()
            raise
        except ReaderTimeout:
            self._discard_input()
            raise
        self._emit("received", command, raw)
        return parse_answer(raw)

    def read_card(self) -> IdCard | None:
        """Find, select and read: the card on the reader, or None when there is none."""
        found = self.exchange(Command.FIND_CARD)
        if found.status is Status.NO_CARD:
            return None
        if found.status is not Status.FOUND:
            raise ReaderError(f"寻卡失败：{found.status_text()}")
        selected = self.exchange(Command.SELECT_CARD)
        if selected.status is Status.SELECT_FAILED:
            return None  # lifted between the two commands, or only half on the reader
        if selected.status is not Status.OK:
            raise ReaderError(f"选卡失败：{selected.status_text()}")
        answer = self.exchange(Command.READ_BASE)
        if answer.status is not Status.OK:
            raise ReaderError(f"读卡失败：{answer.status_text()}")
        return parse_base_message(answer)

    def _emit(self, direction: Literal["sent", "received"], command: Command, frame: bytes) -> None:
        if self._on_frame is not None:
            self._on_frame(FrameEvent(direction, command, frame))

    def _discard_input(self) -> None:
        if self._port is None:
            return
        try:
            self._port.reset_input_buffer()
        except (serial.SerialException, OSError):
            self.close()


class CardPoller:
    """Polls a reader and reports each card once while it stays on the reader.

    A card left on the reader is not reported again; it is once it has been lifted
    and put back, or when another card takes its place. "Lifted" means `lifted_after`
    polls in a row without a card: a single missed find (a card at the edge of the
    field, a module that needs a moment after a read) must not read it twice.
    An error is reported once until it changes or the reader recovers, so a pulled
    cable gives one message, not one every 300 ms.

    `run()` is meant for a background thread; the callbacks are called on that
    thread, so a GUI must hand them over to its own thread (see gui/idcard.py).
    """

    def __init__(
        self,
        open_source: Callable[[], CardSource],
        *,
        on_card: Callable[[IdCard], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        interval: float = 0.3,
        lifted_after: int = 2,
    ) -> None:
        self._open_source = open_source
        self._on_card = on_card
        self._on_error = on_error
        self.interval = interval
        self._lifted_after = lifted_after
        self._source: CardSource | None = None
        self._present: IdCard | None = None
        self._absent_polls = 0
        self._last_error: str | None = None

    def poll_once(self) -> IdCard | None:
        """One find/select/read round; the card if it has just arrived, else None."""
        try:
            if self._source is None:
                self._source = self._open_source()
            card = self._source.read_card()
        except ReaderError as exc:
            if isinstance(exc, ReaderConnectionError | ReaderTimeout) and self._source:
                # Reopen on the next round: a reader that was unplugged and plugged
                # back in is a new device to the operating system.
                self._source.close()
                self._source = None
            self._error(exc.message)
            return None
        self._last_error = None
        if card is None:
            self._absent_polls += 1
            if self._absent_polls >= self._lifted_after:
                self._present = None
            return None
        self._absent_polls = 0
        if card == self._present:
            return None
        self._present = card
        if self._on_card is not None:
            self._on_card(card)
        return card

    def run(self, stop: threading.Event) -> None:
        """Poll every `interval` seconds until `stop` is set, then close the reader."""
        try:
            while not stop.is_set():
                self.poll_once()
                stop.wait(self.interval)
        finally:
            self.close()

    def close(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            source.close()

    def _error(self, message: str) -> None:
        if message == self._last_error:
            return
        self._last_error = message
        if self._on_error is not None:
            self._on_error(message)
