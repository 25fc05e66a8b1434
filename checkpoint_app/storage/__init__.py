"""The local store: one SQLite file through sqlite-utils."""

from __future__ import annotations

import sys


def _import_sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils without its optional numpy column types.

    sqlite-utils imports numpy at import time only to map numpy values to column types;
    the store never inserts numpy values, and numpy costs the workstation ~150 ms of cold
    start. numpy stays importable afterwards (the screenshot reader loads it when needed).
    """
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes its `import numpy` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]


_import_sqlite_utils_without_numpy()
