"""The device's identity in the data folder: its key pair, the pinned county keys, its sequence.

Layout under `<data dir>/sync/`:

* `device_ed25519.key` — the device's private key, sealed (AES-256-GCM) under the store's
  data key, so it is released only when someone signs in (or a command is given the admin
  secret): a copied data folder cannot push travellers or pull the watch list. A plain
  store (made before encryption, or by tests) has nothing to seal with and keeps
  `device_ed25519.pem` (mode 0600); a PEM found beside an unlocked encrypted store is sealed
  and overwritten the first time the key is needed;
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

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

SYNC_DIRNAME = "sync"
DEVICE_KEY_FILENAME = "device_ed25519.pem"
SEALED_DEVICE_KEY_FILENAME = "device_ed25519.key"
_SEALED_MAGIC = b"KDTK\x00\x01"
_SEALED_AAD = b"checkpoint_app/device-key/ed25519/v1"
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
    _store_device_key(data_dir, device_key)
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
    """The device's signing key; KeyFileError (Chinese) when missing, damaged or locked."""
    folder = sync_dir(data_dir)
    sealed = folder / SEALED_DEVICE_KEY_FILENAME
    if sealed.exists():
        return _unseal_device_key(sealed, _store_key(data_dir))
    key = read_private_key(folder / DEVICE_KEY_FILENAME)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError("设备密钥类型不对，请重新注册")
    if _store_key(data_dir) is not None:
        # Written by a release that kept it in the clear: seal it now, wipe the PEM.
        _store_device_key(data_dir, key)
    return key


def _store_key(data_dir: Path) -> bytes | None:
    from checkpoint_app.storage.database import DATABASE_FILENAME
    from checkpoint_app.storage.encryption import remembered_store_key

    return remembered_store_key(data_dir / DATABASE_FILENAME)


def _store_is_encrypted(data_dir: Path) -> bool:
    from checkpoint_app.storage.unlock import is_store_encrypted

    return is_store_encrypted(data_dir)


def _store_device_key(data_dir: Path, device_key: Ed25519PrivateKey) -> None:
    """Write the device key sealed under the unlocked store's key (PEM for a plain store)."""
    from checkpoint_app.storage.encryption import secure_remove

    folder = sync_dir(data_dir)
    store_key = _store_key(data_dir)
    if store_key is None:
        if _store_is_encrypted(data_dir):
            raise KeyFileError("本机数据已加密且未解锁：请先登录，再注册到县平台")
        write_atomically(folder / DEVICE_KEY_FILENAME, private_key_pem(device_key))
        return
    nonce = os.urandom(12)
    raw = device_key.private_bytes_raw()
    sealed = _SEALED_MAGIC + nonce + AESGCM(store_key).encrypt(nonce, raw, _SEALED_AAD)
    write_atomically(folder / SEALED_DEVICE_KEY_FILENAME, sealed)
    secure_remove(folder / DEVICE_KEY_FILENAME)


def _unseal_device_key(path: Path, store_key: bytes | None) -> Ed25519PrivateKey:
    if store_key is None:
        raise KeyFileError("同步密钥已锁定：请先登录（或为命令提供管理密钥）")
    data = path.read_bytes()
    magic, nonce, box = data[:6], data[6:18], data[18:]
    if magic != _SEALED_MAGIC or len(nonce) != 12:
        raise KeyFileError("设备密钥文件已损坏，请重新注册")
    try:
        raw = AESGCM(store_key).decrypt(nonce, box, _SEALED_AAD)
    except InvalidTag as exc:
        raise KeyFileError("设备密钥文件与本机数据不符或已损坏，请重新注册") from exc
    return Ed25519PrivateKey.from_private_bytes(raw)


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
