"""Choosing a reader driver from the settings (`idcard_driver`, `idcard_port`)."""

from __future__ import annotations

from checkpoint_app.scanning.idcard.protocol import ReaderError
from checkpoint_app.scanning.idcard.serial_driver import (
    DEFAULT_TIMEOUT,
    CardSource,
    FrameCallback,
    SerialCardReader,
)

DRIVERS = ("serial", "sdtapi")


def open_card_source(
    driver: str,
    port: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    on_frame: FrameCallback | None = None,
) -> CardSource:
    """An opened reader: "serial" takes a pyserial URL, "sdtapi" a DLL port (USB1, COM3).

    Raises ReaderError (Chinese) when the driver is unknown or the reader cannot be opened.
    """
    if driver == "serial":
        reader = SerialCardReader(port, timeout=timeout, on_frame=on_frame)
        reader.open()
        return reader
    if driver == "sdtapi":
        from checkpoint_app.scanning.idcard.sdtapi_driver import SdtApiCardReader

        return SdtApiCardReader(port)
    raise ReaderError(f"未知的读卡器驱动「{driver}」：应为 serial 或 sdtapi")
