"""The vendor-DLL driver: import-safe everywhere, Windows-only in use, ports as staff type them."""

from __future__ import annotations

import sys

import pytest

from checkpoint_app.scanning.idcard.drivers import open_card_source
from checkpoint_app.scanning.idcard.protocol import ReaderError
from checkpoint_app.scanning.idcard.sdtapi_driver import SdtApiCardReader, parse_port


@pytest.mark.skipif(sys.platform == "win32", reason="the message is for other systems")
def test_the_dll_driver_says_it_is_for_windows_only():
    with pytest.raises(ReaderError) as refused:
        open_card_source("sdtapi", "USB1")
    assert "仅在 Windows 上可用" in refused.value.message
    with pytest.raises(ReaderError):
        SdtApiCardReader("USB1")


@pytest.mark.parametrize(
    ("typed", "port"), [("", 1001), ("usb", 1001), ("USB2", 1002), ("COM3", 3), ("1001", 1001)]
)
def test_dll_ports_are_read_as_staff_type_them(typed, port):
    assert parse_port(typed) == port


@pytest.mark.parametrize("typed", ["COM17", "USB0", "/dev/ttyUSB0"])
def test_a_dll_port_out_of_range_is_refused_in_chinese(typed):
    with pytest.raises(ReaderError) as refused:
        parse_port(typed)
    assert "USB1–USB16" in refused.value.message


def test_an_unknown_driver_is_named():
    with pytest.raises(ReaderError) as refused:
        open_card_source("pcsc", "USB1")
    assert refused.value.message == "未知的读卡器驱动「pcsc」：应为 serial 或 sdtapi"
