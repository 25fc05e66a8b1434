"""The device's identity in the data folder: its key pair, the pinned county keys, its sequence.

Layout under `<data dir>/sync/`:

* `device_ed25519.pem` — the device's private key (mode 0600, never leaves the folder);
* `enrollment.json` — the county's public keys pinned at enrollment, the server URL and
  the device id (mode 0600: not secret, but nobody else needs to read it);
* `sequence` — the last request sequence number used; the county refuses any number it
  has already seen, so the counter is written durably BEFORE a request is sent.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

SYNC_DIRNAME = "sync"
DEVICE_KEY_FILENAME = "device_ed25519.pem"
ENROLLMENT_FILENAME = "enrollment.json"
SEQUENCE_FILENAME = "sequence"
CA_FILENAME = "county_ca.pem"


class KeyFileError(Exception):
    """A key file that is missing, unreadable or of the wrong kind; `message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sync_dir(data_dir: Path) -> Path:
    return data_dir / SYNC_DIRNAME


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file.

    The temporary file is created with `mode` from the start (mkstemp makes it 0600), so a
    private key is never readable by others, not even for a moment.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp_name).chmod(mode)
        Path(tmp_name).replace(path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is; Windows has no directory fsync.
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_key_pem(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())


def read_private_key(path: Path) -> Ed25519PrivateKey | X25519PrivateKey:
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        raise KeyFileError(f"找不到密钥文件 {path.name}") from exc
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"密钥文件 {path.name} 已损坏") from exc
    if not isinstance(key, Ed25519PrivateKey | X25519PrivateKey):
        raise KeyFileError(f"密钥文件 {path.name} 类型不对")
    return key


# ---------------------------------------------------------------------------- enrollment


@dataclass(frozen=True, slots=True)
class EnrollmentInfo:
    """What enrollment pinned: where the county is and which keys are the county's."""

    server_url: str
    device_id: str
    checkpoint_name: str
    county_signing_key: str  # base64 of the raw Ed25519 public key
    county_sealing_key: str  # base64 of the raw X25519 public key
    enrolled_at: str
    ca_file: str = ""  # a pinned CA/self-signed certificate for https, relative to sync/


def save_enrollment(data_dir: Path, info: EnrollmentInfo, device_key: Ed25519PrivateKey) -> None:
    """Store the device key and the pinned county keys (key first: it is useless alone).

    A new key starts a new request counter: the county restarts it at enrollment too, so
    a counter lifted under the old key (by a restore, or before replies were checked)
    never follows the device into its new enrollment.
    """
    folder = sync_dir(data_dir)
    write_atomically(folder / DEVICE_KEY_FILENAME, private_key_pem(device_key))
    with _sequence_lock(folder):
        write_atomically(folder / SEQUENCE_FILENAME, b"0\n")
    write_atomically(
        folder / ENROLLMENT_FILENAME,
        json.dumps(asdict(info), ensure_ascii=False, indent=2).encode("utf-8"),
    )


def load_enrollment(data_dir: Path) -> EnrollmentInfo | None:
    """The pinned enrollment, or None when this workstation has not been enrolled."""
    path = sync_dir(data_dir) / ENROLLMENT_FILENAME
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise KeyFileError("注册信息文件已损坏，请重新注册") from exc
    try:
        return EnrollmentInfo(**data)
    except TypeError as exc:
        raise KeyFileError("注册信息文件已损坏，请重新注册") from exc


def load_device_key(data_dir: Path) -> Ed25519PrivateKey:
    key = read_private_key(sync_dir(data_dir) / DEVICE_KEY_FILENAME)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError("设备密钥类型不对，请重新注册")
    return key


# ---------------------------------------------------------------------------- sequence


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def _sequence_lock(folder: Path) -> Iterator[None]:
    # The GUI's sync and a headless `checkpoint-app sync` may run at once; each number
    # must go to exactly one request, so the read-increment-write is locked across processes.
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{SEQUENCE_FILENAME}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _read_sequence(path: Path) -> int:
    try:
        text = path.read_text("ascii").strip()
    except FileNotFoundError:
        return 0
    return int(text) if text.isdigit() else 0


def next_sequence(data_dir: Path, *, at_least: int = 0) -> int:
    """Reserve the next request sequence number; it is on disk before this returns.

    `at_least` lifts the counter when the county reports a higher last-seen number (a data
    folder restored from a backup would otherwise be refused as a replay forever).
    """
    folder = sync_dir(data_dir)
    path = folder / SEQUENCE_FILENAME
    with _sequence_lock(folder):
        number = max(_read_sequence(path), at_least) + 1
        write_atomically(path, f"{number}\n".encode("ascii"))
    return number


def current_sequence(data_dir: Path) -> int:
    """The last sequence number handed out (0 before the first request)."""
    return _read_sequence(sync_dir(data_dir) / SEQUENCE_FILENAME)
