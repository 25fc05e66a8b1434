"""The readers' own Windows DLL (`sdtapi.dll`, the SDT_* API of the SAM vendors) via ctypes.

Some readers only come with this DLL (USB HID readers with no serial port, for one).
The DLL hands back the same 256 bytes of card text as the serial protocol, so the
text is parsed by protocol.parse_text_block and the photo buffer is dropped unread.

Those DLLs are 32-bit: they load only into a 32-bit Python (and a 32-bit bundle).
In a 64-bit process loading fails, and this driver says so in Chinese instead of
showing Windows' "%1 is not a valid Win32 application". On other systems it only
says it is for Windows; importing this module is safe everywhere.

termb.dll (InitComm/Authenticate/Read_Content) is deliberately not supported: it
writes the card's text and photo to wz.txt/zp.bmp in the working folder, and the
workstation must never keep the address or the photo.
"""

from __future__ import annotations

import ctypes
import re
import sys
from typing import Any

from checkpoint_app.scanning.idcard.model import IdCard
from checkpoint_app.scanning.idcard.protocol import (
    PHOTO_LENGTH,
    STATUS_TEXT,
    TEXT_LENGTH,
    ReaderError,
    Status,
    parse_text_block,
)

DLL_NAME = "sdtapi.dll"
WINDOWS_ONLY = "身份证阅读器 DLL 驱动仅在 Windows 上可用，请改用串口驱动"

_USB_BASE = 1000  # the SDT API numbers USB readers 1001–1016 and serial ports 1–16


def parse_port(text: str) -> int:
    """The SDT port number for "USB", "USB2", "COM3", "1001" or "3"."""
    value = text.strip().upper()
    if value in ("", "USB"):
        return _USB_BASE + 1
    if match := re.fullmatch(r"USB(\d{1,2})", value):
        number = _USB_BASE + int(match[1])
    elif match := re.fullmatch(r"COM(\d{1,2})", value):
        number = int(match[1])
    elif value.isdigit():
        number = int(value)
    else:
        raise ReaderError(f"DLL 驱动的端口「{text}」无法识别：请填 USB、USB1–USB16 或 COM1–COM16")
    if not (1 <= number <= 16 or _USB_BASE + 1 <= number <= _USB_BASE + 16):
        raise ReaderError(f"DLL 驱动的端口「{text}」超出范围：请填 USB1–USB16 或 COM1–COM16")
    return number


def _status_text(code: int) -> str:
    try:
        return STATUS_TEXT[Status(code)]
    except ValueError:
        return f"DLL 返回未知状态 0x{code:02X}"


def _require_windows() -> None:
    # A function rather than an inline check, so type checkers on Linux still look
    # at the Windows code below it.
    if sys.platform != "win32":
        raise ReaderError(WINDOWS_ONLY)


class SdtApiCardReader:
    """A reader driven through sdtapi.dll; same interface as SerialCardReader."""

    _port: int
    _dll: Any
    _open: bool

    def __init__(self, port: str, *, dll_path: str = DLL_NAME) -> None:
        _require_windows()
        self._port = parse_port(port)
        self._dll = self._load(dll_path)
        code = self._dll.SDT_OpenPort(self._port)
        if code != Status.OK:
            raise ReaderError(f"无法打开读卡器（SDT_OpenPort 返回 0x{code:02X}）")
        self._open = True

    @staticmethod
    def _load(dll_path: str) -> Any:
        win_dll = getattr(ctypes, "WinDLL", None)  # stdcall: the SDT API is __stdcall
        if win_dll is None:
            raise ReaderError(WINDOWS_ONLY)
        try:
            return win_dll(dll_path)
        except OSError as exc:
            if ctypes.sizeof(ctypes.c_void_p) == 8:
                raise ReaderError(
                    f"无法加载 {dll_path}：厂家 DLL 是 32 位的，需要 32 位版本的卡点通（{exc}）"
                ) from None
            raise ReaderError(f"无法加载 {dll_path}：请把厂家 DLL 放在程序目录（{exc}）") from None

    def read_card(self) -> IdCard | None:
        manager = ctypes.create_string_buffer(8)
        code = self._dll.SDT_StartFindIDCard(self._port, manager, 0)
        if code == Status.NO_CARD:
            return None
        if code != Status.FOUND:
            raise ReaderError(f"寻卡失败：{_status_text(code)}")
        code = self._dll.SDT_SelectIDCard(self._port, manager, 0)
        if code == Status.SELECT_FAILED:
            return None
        if code != Status.OK:
            raise ReaderError(f"选卡失败：{_status_text(code)}")
        text = ctypes.create_string_buffer(TEXT_LENGTH)
        photo = ctypes.create_string_buffer(PHOTO_LENGTH)
        text_length = ctypes.c_uint(0)
        photo_length = ctypes.c_uint(0)
        code = self._dll.SDT_ReadBaseMsg(
            self._port,
            text,
            ctypes.byref(text_length),
            photo,
            ctypes.byref(photo_length),
            0,
        )
        # The photo is never looked at; overwrite it so it does not linger in memory.
        ctypes.memset(photo, 0, PHOTO_LENGTH)
        if code != Status.OK:
            raise ReaderError(f"读卡失败：{_status_text(code)}")
        try:
            return parse_text_block(text.raw[: text_length.value or TEXT_LENGTH])
        finally:
            ctypes.memset(text, 0, TEXT_LENGTH)

    def close(self) -> None:
        if self._open:
            self._open = False
            self._dll.SDT_ClosePort(self._port)
