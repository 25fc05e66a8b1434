"""One read with every frame shown: for `checkpoint-app idcard probe` and the test dialog.

What a county IT worker needs when a reader "does nothing": did the port open, did the
reader answer at all, with which status, and did the card decode. The answer holding
the card's text is shown only as header, status and check byte (see FrameEvent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checkpoint_app.records.masking import mask_id_number
from checkpoint_app.scanning.idcard.drivers import open_card_source
from checkpoint_app.scanning.idcard.model import IdCard
from checkpoint_app.scanning.idcard.protocol import ReaderError
from checkpoint_app.scanning.idcard.serial_driver import DEFAULT_TIMEOUT, FrameEvent


@dataclass(frozen=True, slots=True)
class SerialPortInfo:
    device: str  # what goes into the port field: COM3, /dev/ttyUSB0
    description: str


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What one probe found: the frames, and either a card, no card, or an error."""

    port: str
    frames: tuple[FrameEvent, ...]
    card: IdCard | None
    error: str | None

    @property
    def summary(self) -> str:
        """One Chinese sentence for the worker."""
        if self.error is not None:
            return f"读卡失败：{self.error}"
        if self.card is None:
            return "读卡器应答正常，但读卡器上没有证件"
        return "读卡成功"


def list_serial_ports() -> list[SerialPortInfo]:
    """The serial ports the operating system knows, USB-serial readers included."""
    from serial.tools import list_ports

    return [
        SerialPortInfo(port.device, port.description or "")
        for port in sorted(list_ports.comports(), key=lambda p: p.device)
    ]


def probe(
    url: str,
    *,
    on_frame: Callable[[FrameEvent], None] | None = None,
    driver: str = "serial",
    timeout: float = DEFAULT_TIMEOUT,
) -> ProbeResult:
    """Open `url`, try one find/select/read, close; never raises for reader trouble."""
    frames: list[FrameEvent] = []

    def record(event: FrameEvent) -> None:
        frames.append(event)
        if on_frame is not None:
            on_frame(event)

    card: IdCard | None = None
    error: str | None = None
    try:
        source = open_card_source(driver, url, timeout=timeout, on_frame=record)
        try:
            card = source.read_card()
        finally:
            source.close()
    except ReaderError as exc:
        error = exc.message
    return ProbeResult(url, tuple(frames), card, error)


def describe_card(card: IdCard) -> list[str]:
    """The card as lines for a terminal or a label, its number masked."""
    until = card.valid_until.isoformat() if card.valid_until else "长期"
    return [
        f"姓名：{card.name}",
        f"性别：{card.sex}",
        f"民族：{card.ethnicity}",
        f"出生：{card.birth_date.isoformat()}",
        f"号码：{mask_id_number(card.document_number)}",
        f"有效期：{card.valid_from.isoformat()} 至 {until}",
    ]
