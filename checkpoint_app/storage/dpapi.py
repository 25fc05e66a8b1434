"""Windows DPAPI (CryptProtectData) for the device secret: bound to the Windows user.

On Windows the device secret file holds a DPAPI blob, not the secret: another Windows
account, or the file copied to another machine, cannot unprotect it, and the user's
password protects it at rest. Elsewhere (Linux, the test machines) `available()` is False
and the caller keeps a 0600 file. Only ctypes and crypt32.dll, which every Windows has.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

_ENTROPY = b"checkpoint_app/device-secret/v1"
CRYPTPROTECT_UI_FORBIDDEN = 0x1


class DpapiError(Exception):
    """DPAPI refused: another user's blob, a damaged file, or a profile without keys."""


def available() -> bool:
    return sys.platform == "win32"


class _Blob(ctypes.Structure):
    _fields_ = (("cbData", ctypes.c_uint32), ("pbData", ctypes.POINTER(ctypes.c_char)))


def _blob(data: bytes) -> tuple[_Blob, Any]:
    buffer = ctypes.create_string_buffer(data, len(data))
    return _Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer


def _call(name: str, data: bytes) -> bytes:
    # Both functions take (data in, description, entropy, reserved, prompt, flags, data out).
    win_dll: Any = getattr(ctypes, "WinDLL")  # noqa: B009 - exists only on Windows
    crypt32 = win_dll("crypt32", use_last_error=True)
    kernel32 = win_dll("kernel32")
    source, _keep = _blob(data)
    entropy, _keep_entropy = _blob(_ENTROPY)
    out = _Blob()
    args = (ctypes.byref(source), None, ctypes.byref(entropy), None, None)
    if not getattr(crypt32, name)(*args, CRYPTPROTECT_UI_FORBIDDEN, ctypes.byref(out)):
        code = getattr(ctypes, "get_last_error", lambda: 0)()
        raise DpapiError(f"{name} failed (error {code})")
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        kernel32.LocalFree(out.pbData)


def protect(secret: bytes) -> bytes:
    """A blob only this Windows user on this machine can turn back into `secret`."""
    return _call("CryptProtectData", secret)


def unprotect(blob: bytes) -> bytes:
    return _call("CryptUnprotectData", blob)
