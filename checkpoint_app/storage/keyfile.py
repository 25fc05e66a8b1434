"""The key file beside an encrypted store: its data key, wrapped for the admin and each PIN.

Why a key file outside the database: staff sign in with name + PIN, and the PIN hashes live
in the staff table, inside the encrypted file. So the data key must be reachable before the
store is open. The key file (JSON, mode 0600, `checkpoint.keys.json` beside the store)
holds only wrapped copies of the random 256-bit data key, each AES-256-GCM under a key
derived with Argon2id:

* **admin**: from the administrator's secret (shown once when the checkpoint is created, or
  chosen for `encrypt-store`). It is for recovery and administration: the command line,
  a new laptop, a forgotten PIN.
* **staff**: one entry per staff member, from their PIN *plus this device's secret*. A
  PIN has only 10^6 values (6 digits; older 4-digit ones 10^4), so a key file copied to
  another machine must not be enough: the device secret (32 random bytes in the per-user
  config folder, never in the data folder; on Windows DPAPI-protected for the Windows user,
  storage/dpapi.py; elsewhere a 0600 file) makes an offline search there hopeless. On the
  same machine a thief with the user's login can still try PINs at Argon2id's cost
  (PIN_KDF, about one guess a second on two cores: all 6-digit PINs in ~11 days, an old
  4-digit one within ~3 hours; bench/bench_sign_in.py): that is the limit of PINs, and why
  BitLocker and a locked Windows account are still advised.

Failed PIN attempts are counted in the key file itself (the staff table is not readable
yet); five in a row lock that name for five minutes, as the in-store sign-in does.
Adding or changing a PIN rewraps the same data key: the store is never re-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from checkpoint_app import APP_NAME
from checkpoint_app.storage import dpapi
from checkpoint_app.storage.encryption import DATA_KEY_BYTES
from checkpoint_app.storage.staff import LOCKOUT, MAX_FAILED_SIGN_INS, MIN_PIN_LENGTH, SignInError
from checkpoint_app.storage.timefmt import from_db_time, to_db_time, utc_now

KEYFILE_NAME = "checkpoint.keys.json"
DEVICE_SECRET_NAME = "device-secret"
FORMAT_VERSION = 1
MIN_ADMIN_SECRET_LENGTH = 12
_SALT_BYTES = 16
_NONCE_BYTES = 12
_DEVICE_SECRET_BYTES = 32
_DPAPI_MAGIC = b"KDTDPAPI1\n"


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost; stored with every wrap so later changes never strand an old file."""

    time_cost: int
    memory_kib: int
    parallelism: int


#: Paid once per sign-in, and per guess by anyone guessing. The admin secret is long, so a
#: moderate cost does; a PIN is short, so its cost is what a sign-in tolerates on a worker
#: thread (~0.5 s on a 2-core laptop, 256 MiB for that moment): 7× the earlier 64 MiB/t=2.
#: Measured: bench/bench_sign_in.py --kdf.
ADMIN_KDF = KdfParams(time_cost=3, memory_kib=64 * 1024, parallelism=2)
PIN_KDF = KdfParams(time_cost=4, memory_kib=256 * 1024, parallelism=2)
#: Wraps made at the earlier cost; a sign-in with one rewraps it at PIN_KDF.
LEGACY_PIN_KDF = KdfParams(time_cost=2, memory_kib=64 * 1024, parallelism=2)


@dataclass(frozen=True, slots=True)
class WrappedKey:
    salt: bytes
    nonce: bytes
    ciphertext: bytes  # AES-GCM of the data key, tag included
    kdf: KdfParams


@dataclass(frozen=True, slots=True)
class StaffWrap:
    name: str
    wrapped: WrappedKey
    device: str  # device_tag() of the device secret the PIN was combined with
    failed_attempts: int = 0
    locked_until: datetime | None = None
    #: failures not yet written to the store's audit log (it was locked when they happened)
    unaudited_failures: int = 0


@dataclass(frozen=True, slots=True)
class KeyFile:
    admin: WrappedKey
    staff: tuple[StaffWrap, ...] = ()

    def staff_names(self) -> list[str]:
        """Names that can unlock with a PIN on this device, sorted for the sign-in list."""
        return sorted(entry.name for entry in self.staff)

    def wrap_for(self, name: str) -> StaffWrap | None:
        return next((entry for entry in self.staff if entry.name == name), None)


class UnlockError(SignInError):
    """The key could not be unwrapped; `message` is Chinese and never says which part was wrong.

    A SignInError, so the sign-in dialog shows it like any other refusal.
    """


def key_file_path(store_path: Path) -> Path:
    """Where the key file of the store at `store_path` lives (beside it)."""
    return store_path.with_name(KEYFILE_NAME)


def create_key_file(path: Path, data_key: bytes, admin_secret: str) -> KeyFile:
    """Write a new key file holding `data_key` wrapped under the admin secret."""
    secret = normalize_admin_secret(admin_secret)
    if len(secret) < MIN_ADMIN_SECRET_LENGTH:
        raise UnlockError(f"管理密钥至少 {MIN_ADMIN_SECRET_LENGTH} 个字符")
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    key_file = KeyFile(admin=_wrap(data_key, secret.encode(), ADMIN_KDF, _aad("admin")))
    save_key_file(path, key_file)
    return key_file


def load_key_file(path: Path) -> KeyFile | None:
    """The key file at `path`, or None when there is none (a plain store)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT_VERSION:
            raise UnlockError("密钥文件版本不受支持")
        return KeyFile(
            admin=_wrapped_from_json(data["admin"]),
            staff=tuple(
                StaffWrap(
                    name=entry["name"],
                    wrapped=_wrapped_from_json(entry),
                    device=str(entry.get("device", "")),
                    failed_attempts=int(entry.get("failed_attempts", 0)),
                    locked_until=from_db_time(entry.get("locked_until")),
                    unaudited_failures=int(entry.get("unaudited_failures", 0)),
                )
                for entry in data.get("staff", [])
            ),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise UnlockError("密钥文件已损坏，请用管理密钥恢复") from exc


def save_key_file(path: Path, key_file: KeyFile) -> None:
    """Write the key file atomically (a crash leaves the old or the new one), mode 0600."""
    data = {
        "format": FORMAT_VERSION,
        "cipher": "AES-256-GCM",
        "kdf": "argon2id",
        "admin": _wrapped_to_json(key_file.admin),
        "staff": [
            {
                "name": entry.name,
                "device": entry.device,
                **_wrapped_to_json(entry.wrapped),
                "failed_attempts": entry.failed_attempts,
                "locked_until": to_db_time(entry.locked_until) if entry.locked_until else None,
                "unaudited_failures": entry.unaudited_failures,
            }
            for entry in key_file.staff
        ],
    }
    _write_private(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def unlock_with_admin_secret(path: Path, admin_secret: str) -> bytes:
    """The data key, unwrapped with the administrator's secret."""
    key_file = _require(path)
    secret = normalize_admin_secret(admin_secret).encode()
    try:
        return _unwrap(key_file.admin, secret, _aad("admin"))
    except InvalidTag:
        raise UnlockError("管理密钥不正确") from None


def unlock_with_pin(
    path: Path,
    name: str,
    pin: str,
    *,
    device_secret: bytes,
    now: datetime | None = None,
) -> bytes:
    """The data key, unwrapped with `name`'s PIN on this device.

    Every failure is counted in the key file; MAX_FAILED_SIGN_INS in a row lock the name
    for LOCKOUT. The messages match the in-store sign-in and never say whether the name
    or the PIN was wrong.
    """
    now = now or utc_now()
    key_file = _require(path)
    entry = key_file.wrap_for(name.strip())
    if entry is None:
        raise UnlockError("姓名或 PIN 不正确")
    if entry.locked_until is not None and entry.locked_until > now:
        minutes = max(1, int((entry.locked_until - now).total_seconds() // 60) + 1)
        raise UnlockError(f"连续输错 {MAX_FAILED_SIGN_INS} 次，账号已锁定，请 {minutes} 分钟后再试")
    try:
        data_key = _unwrap(
            entry.wrapped, _pin_secret(pin, device_secret), _aad("staff", entry.name)
        )
    except InvalidTag:
        failed = entry.failed_attempts + 1
        unaudited = entry.unaudited_failures + 1
        if failed >= MAX_FAILED_SIGN_INS:
            changed = replace(
                entry, failed_attempts=0, locked_until=now + LOCKOUT, unaudited_failures=unaudited
            )
        else:
            changed = replace(entry, failed_attempts=failed, unaudited_failures=unaudited)
        save_key_file(path, _with_entry(key_file, changed))
        if failed >= MAX_FAILED_SIGN_INS:
            raise UnlockError(
                f"连续输错 {MAX_FAILED_SIGN_INS} 次，账号已锁定 {LOCKOUT.seconds // 60} 分钟"
            ) from None
        raise UnlockError(
            f"姓名或 PIN 不正确（还可尝试 {MAX_FAILED_SIGN_INS - failed} 次）"
        ) from None
    if entry.wrapped.kdf != PIN_KDF:
        # Made at an earlier, cheaper cost: the PIN is at hand now, so wrap it again at
        # today's cost (the same data key; only this entry changes).
        rewrapped = _wrap(
            data_key, _pin_secret(pin, device_secret), PIN_KDF, _aad("staff", entry.name)
        )
        save_key_file(
            path,
            _with_entry(
                key_file,
                replace(entry, wrapped=rewrapped, failed_attempts=0, locked_until=None),
            ),
        )
    elif entry.failed_attempts or entry.locked_until is not None:
        save_key_file(
            path, _with_entry(key_file, replace(entry, failed_attempts=0, locked_until=None))
        )
    return data_key


def set_staff_pin(
    path: Path, data_key: bytes, name: str, pin: str, *, device_secret: bytes
) -> None:
    """Wrap the data key for `name` under a (new) PIN on this device; replaces any old wrap."""
    if len(pin) < MIN_PIN_LENGTH or not pin.isdigit():
        raise UnlockError(f"PIN 至少 {MIN_PIN_LENGTH} 位数字")
    key_file = _require(path)
    name = name.strip()
    wrapped = _wrap(data_key, _pin_secret(pin, device_secret), PIN_KDF, _aad("staff", name))
    entry = StaffWrap(name, wrapped, device_tag(device_secret))
    save_key_file(path, _with_entry(key_file, entry))


def take_unaudited_failures(path: Path, name: str) -> int:
    """How many wrong PINs `name` typed while the store was locked; resets the count.

    Called once the store is open, so the attempts reach its audit log after all.
    """
    key_file = _require(path)
    entry = key_file.wrap_for(name.strip())
    if entry is None or not entry.unaudited_failures:
        return 0
    save_key_file(path, _with_entry(key_file, replace(entry, unaudited_failures=0)))
    return entry.unaudited_failures


def remove_staff_pin(path: Path, name: str) -> None:
    """Forget `name`'s wrap (a staff member who left can no longer unlock)."""
    key_file = _require(path)
    kept = tuple(entry for entry in key_file.staff if entry.name != name.strip())
    save_key_file(path, replace(key_file, staff=kept))


def device_secret(path: Path | None = None) -> bytes:
    """This device's secret, made on first use (32 random bytes).

    It lives in the per-user config folder, not the data folder, so that a copy of the
    data folder does not carry it. On Windows the file holds it DPAPI-protected for the
    Windows user (storage/dpapi.py; a file from before is protected on first read);
    elsewhere it is a 0600 file.
    """
    path = path or default_device_secret_path()
    try:
        stored = path.read_bytes()
    except FileNotFoundError:
        stored = b""
    if stored.startswith(_DPAPI_MAGIC):
        try:
            secret = dpapi.unprotect(stored[len(_DPAPI_MAGIC) :])
        except dpapi.DpapiError as exc:
            raise UnlockError("本机设备密钥无法解开（换了 Windows 账户或文件已损坏）") from exc
        if len(secret) == _DEVICE_SECRET_BYTES:
            return secret
    elif len(stored) == _DEVICE_SECRET_BYTES:
        if dpapi.available():
            _write_private(path, _DPAPI_MAGIC + dpapi.protect(stored))
        return stored
    secret = secrets.token_bytes(_DEVICE_SECRET_BYTES)
    _write_private(path, _DPAPI_MAGIC + dpapi.protect(secret) if dpapi.available() else secret)
    return secret


def device_tag(device: bytes) -> str:
    """A short public tag of a device secret: tells which wraps were made on this device."""
    return hashlib.sha256(b"checkpoint_app/device-tag|" + device).hexdigest()[:16]


def default_device_secret_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / DEVICE_SECRET_NAME


def new_admin_secret() -> str:
    """A random administrator secret to write down: 6 groups of 4 letters/digits (~120 bits)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: copied by hand
    raw = "".join(secrets.choice(alphabet) for _ in range(24))
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def normalize_admin_secret(secret: str) -> str:
    """Spaces and dashes do not count, nor letter case: the secret is copied by hand."""
    return "".join(secret.split()).replace("-", "").upper()


def _pin_secret(pin: str, device: bytes) -> bytes:
    return device + b"|" + pin.strip().encode()


def _aad(kind: str, name: str = "") -> bytes:
    # Binds each wrap to its slot, so an entry copied under another name does not unwrap.
    return f"checkpoint_app/store-key/{kind}/{name}".encode()


def _derive(secret: bytes, salt: bytes, kdf: KdfParams) -> bytes:
    return hash_secret_raw(
        secret,
        salt,
        time_cost=kdf.time_cost,
        memory_cost=kdf.memory_kib,
        parallelism=kdf.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _wrap(data_key: bytes, secret: bytes, kdf: KdfParams, aad: bytes) -> WrappedKey:
    salt = secrets.token_bytes(_SALT_BYTES)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    ciphertext = AESGCM(_derive(secret, salt, kdf)).encrypt(nonce, data_key, aad)
    return WrappedKey(salt, nonce, ciphertext, kdf)


def _unwrap(wrapped: WrappedKey, secret: bytes, aad: bytes) -> bytes:
    kek = _derive(secret, wrapped.salt, wrapped.kdf)
    return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, aad)


def _with_entry(key_file: KeyFile, entry: StaffWrap) -> KeyFile:
    others = tuple(e for e in key_file.staff if e.name != entry.name)
    return replace(key_file, staff=(*others, entry))


def _require(path: Path) -> KeyFile:
    key_file = load_key_file(path)
    if key_file is None:
        raise UnlockError("找不到密钥文件，数据文件无法解锁")
    return key_file


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _wrapped_to_json(wrapped: WrappedKey) -> dict[str, Any]:
    return {
        "salt": _b64(wrapped.salt),
        "nonce": _b64(wrapped.nonce),
        "wrapped_key": _b64(wrapped.ciphertext),
        "time_cost": wrapped.kdf.time_cost,
        "memory_kib": wrapped.kdf.memory_kib,
        "parallelism": wrapped.kdf.parallelism,
    }


def _wrapped_from_json(data: dict[str, Any]) -> WrappedKey:
    return WrappedKey(
        salt=base64.b64decode(data["salt"]),
        nonce=base64.b64decode(data["nonce"]),
        ciphertext=base64.b64decode(data["wrapped_key"]),
        kdf=KdfParams(int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"])),
    )


def _write_private(path: Path, content: bytes) -> None:
    """Atomic write readable by this user only (0600 from creation, never world-readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file 0600, so the secret is never readable by others, even briefly.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
