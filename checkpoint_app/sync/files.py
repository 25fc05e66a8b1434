"""Reading a file a person chose (a USB stick, a download, a path on the command line).

Such a path can name anything: a FIFO that blocks the reader forever, /dev/zero or
/dev/urandom that never end, a directory, a symlink to any of these, or a sparse file of
a terabyte. `read_chosen_file` looks before it reads (stat: a regular file within the
cap), opens without blocking, checks the opened file again (the path may have been
swapped in between) and reads at most cap + 1 bytes, so nothing larger ever reaches
memory. Each kind of file has one cap, named here or beside its format.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: A signed policy pack or the county's unsigned policy content: a few hundred kilobytes
#: at the editor's largest (2,000 risk-area rows); eight megabytes leaves room to grow.
MAX_POLICY_FILE_BYTES = 8 * 1024 * 1024
#: A PEM certificate (chain) for the county server's TLS.
MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024


class FileRefused(Exception):
    """A chosen file that was not read; `message` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} 字节"


def _check_kind(mode: int, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise FileRefused(f"{what}是一个文件夹，请选择文件")
    if not stat.S_ISREG(mode):
        # FIFOs, sockets and devices (/dev/zero) may never end or never answer.
        raise FileRefused(f"{what}不是普通文件（可能是设备或管道），未读取")


def _check_size(size: int, limit: int, what: str) -> None:
    if size > limit:
        raise FileRefused(f"{what}过大（{_size_text(size)}，最多 {_size_text(limit)}），未读取")


def read_chosen_file(path: Path, *, limit: int, what: str) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    `what` names the file in the Chinese message ("策略包文件"). Symlinks are followed to
    a regular file only. Raises `FileRefused` for a missing or unreadable file, a
    directory, a device, a FIFO or socket, or a file over `limit` bytes — checked before
    any byte is read, and again by the bounded read should the file grow meanwhile.
    """
    try:
        before = path.stat()
    except FileNotFoundError:
        raise FileRefused(f"{what}不存在：{path.name}") from None
    except OSError as exc:
        raise FileRefused(f"无法读取{what}（{exc.strerror or exc}）") from None
    _check_kind(before.st_mode, what)
    _check_size(before.st_size, limit, what)
    # O_NONBLOCK: should the path have become a FIFO since stat(), opening it returns at
    # once instead of waiting for a writer; fstat() below then refuses it.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"无法读取{what}（{exc.strerror or exc}）") from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        _check_kind(opened.st_mode, what)
        _check_size(opened.st_size, limit, what)
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise FileRefused(f"无法读取{what}（{exc.strerror or exc}）") from None
    _check_size(len(data), limit, what)
    return data
