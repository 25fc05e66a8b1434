"""PyInstaller runtime hook: let pyzbar load the libzbar bundled with the app (Linux, macOS).

pyzbar asks ``ctypes.util.find_library("zbar")``, which searches the system's linker cache
and never the bundle, so a machine without the libzbar0 package would fail to decode with
zbar even though the library ships inside the bundle. Runtime hooks run before any app
module, so pyzbar binds this wrapper when it does ``from ctypes.util import find_library``.
On Windows pyzbar already looks beside its own module, where the spec puts its DLLs.
"""

from __future__ import annotations

import ctypes.util
import sys
from pathlib import Path

_bundle = Path(getattr(sys, "_MEIPASS", ""))
_bundled_zbar = next(
    iter(sorted(_bundle.glob("libzbar.so*")) + sorted(_bundle.glob("libzbar*.dylib"))), None
)

if _bundled_zbar is not None:
    _system_find_library = ctypes.util.find_library

    def _find_library_bundle_first(name: str) -> str | None:
        if name == "zbar":
            return str(_bundled_zbar)
        return _system_find_library(name)

    ctypes.util.find_library = _find_library_bundle_first
