"""The end-of-shift export (交班导出): one sealed file a USB stick can carry to the county.

Layout of a bundle file (all integers fixed-size, everything after the header encrypted):

    magic (8) | county key id (16) | ephemeral X25519 public key (32)
    | key-wrap nonce (12) | wrapped content key (32 + 16 tag) | payload nonce (12)
    | AES-256-GCM( zip{manifest.json, manifest.sig, records.jsonl} ) with the header as AAD

The content key is fresh per bundle and sealed to the county's X25519 key (ephemeral
X25519 + HKDF-SHA256 → key-wrapping key). The manifest is signed with the device's Ed25519
key, so the county knows which workstation wrote it. Everything is built in memory; only
ciphertext is written, to a temporary file in the target folder that is then renamed, so
neither a plaintext temp file nor a half-written bundle ever lies on the stick.

`open_bundle` is the county's side: it checks and decrypts everything before the caller
writes a single row.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import stat
import tempfile
import uuid as uuid_module
import zipfile
import zlib
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlite_utils import Database

from checkpoint_app.storage.staff import current_shift, get_checkpoint
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.sync import outbox
from checkpoint_app.sync.keys import KeyFileError, load_device_key, load_enrollment, next_sequence
from checkpoint_app.sync.protocol import (
    WireFormatError,
    WireRecord,
    b64decode,
    canonical_json,
    format_time,
    parse_time,
    parse_wire_record,
    sha256_hex,
    verify_signature,
)

MAGIC = b"KDTB\x00\x01\r\n"  # "\r\n" shows a text-mode transfer that mangled the file
BUNDLE_SUFFIX = ".kdtb"
_KEY_ID_LEN = 16
_HEADER_LEN = len(MAGIC) + _KEY_ID_LEN + 32 + 12 + 48 + 12
_HKDF_INFO = b"checkpoint-app bundle key wrap v1"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RECORDS_NAME = "records.jsonl"
_MEMBERS = frozenset({MANIFEST_NAME, SIGNATURE_NAME, RECORDS_NAME})
# A shift is thousands of records, not millions; anything far larger is refused unread
# (a "zip bomb" must not exhaust the county server's memory).
MAX_MEMBER_BYTES = 512 * 1024 * 1024
# The manifest and its signature are a few hundred bytes and are read before the device
# signature can be checked: anyone with the county's public sealing key can make them.
_MAX_SMALL_MEMBER_BYTES = 64 * 1024
# Records read for a signed manifest: at most what it declares, each line at most this
# (a wire record within the form's field limits is under 20 KB even all in escapes).
MAX_RECORD_LINE_BYTES = 64 * 1024
MAX_BUNDLE_RECORDS = 1_000_000
BUNDLE_FORMAT = 1


class BundleRejected(Exception):
    """A bundle the county must not import; `message` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sealing_key_id(public_raw: bytes) -> bytes:
    """Which county key a bundle was sealed to (lets the county say "wrong key" precisely)."""
    return hashlib.sha256(b"checkpoint-app county sealing key\n" + public_raw).digest()[
        :_KEY_ID_LEN
    ]


def _x25519_raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _wrapping_key(shared: bytes, ephemeral_raw: bytes, county_raw: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_raw + county_raw, info=_HKDF_INFO
    ).derive(shared)


def seal(plaintext: bytes, county_public_raw: bytes) -> bytes:
    """Encrypt `plaintext` so that only the holder of the county's X25519 key can read it."""
    county_public = X25519PublicKey.from_public_bytes(county_public_raw)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = _x25519_raw(ephemeral.public_key())
    key_id = sealing_key_id(county_public_raw)
    content_key = AESGCM.generate_key(bit_length=256)
    wrap_nonce = secrets.token_bytes(12)
    wrap_aad = MAGIC + key_id + ephemeral_raw
    kek = _wrapping_key(ephemeral.exchange(county_public), ephemeral_raw, county_public_raw)
    wrapped = AESGCM(kek).encrypt(wrap_nonce, content_key, wrap_aad)
    payload_nonce = secrets.token_bytes(12)
    header = wrap_aad + wrap_nonce + wrapped + payload_nonce
    assert len(header) == _HEADER_LEN
    return header + AESGCM(content_key).encrypt(payload_nonce, plaintext, header)


def unseal(data: bytes, county_private: X25519PrivateKey) -> bytes:
    """The plaintext of a sealed bundle; BundleRejected for anything that does not check out."""
    if len(data) < _HEADER_LEN + 16:
        raise BundleRejected("导出包不完整（文件被截断）")
    if not data.startswith(MAGIC):
        raise BundleRejected("不是卡点通导出包，或格式版本不支持")
    county_raw = _x25519_raw(county_private.public_key())
    offset = len(MAGIC)
    key_id = data[offset : offset + _KEY_ID_LEN]
    offset += _KEY_ID_LEN
    if key_id != sealing_key_id(county_raw):
        raise BundleRejected("导出包不是用本县的密钥加密的，无法打开")
    ephemeral_raw = data[offset : offset + 32]
    offset += 32
    wrap_nonce = data[offset : offset + 12]
    offset += 12
    wrapped = data[offset : offset + 48]
    offset += 48
    payload_nonce = data[offset : offset + 12]
    header = data[:_HEADER_LEN]
    try:
        ephemeral = X25519PublicKey.from_public_bytes(ephemeral_raw)
        kek = _wrapping_key(county_private.exchange(ephemeral), ephemeral_raw, county_raw)
        content_key = AESGCM(kek).decrypt(wrap_nonce, wrapped, data[: len(MAGIC) + 48])
        return AESGCM(content_key).decrypt(payload_nonce, data[_HEADER_LEN:], header)
    except (InvalidTag, ValueError) as exc:
        raise BundleRejected("导出包已损坏、被截断或被篡改") from exc


# ---------------------------------------------------------------------------- export


@dataclass(frozen=True, slots=True)
class BundleManifest:
    """What a bundle says about itself (signed by the device that wrote it)."""

    bundle_id: str
    device_id: str
    checkpoint_name: str
    created_at: datetime
    kind: str  # "since_last" or "shift"
    shift_ids: tuple[int, ...]
    first_outbox_id: int | None
    last_outbox_id: int | None
    sequence: int
    record_count: int
    payload_sha256: str


@dataclass(frozen=True, slots=True)
class ExportReport:
    """The written bundle (`path` None when nothing was written; `error` says why)."""

    path: Path | None = None
    bundle_id: str = ""
    record_count: int = 0
    first_outbox_id: int | None = None
    last_outbox_id: int | None = None
    error: str = ""
    #: versions left out because the county would refuse them (see `export_bundle`)
    held_back: int = 0
    held_back_reason: str = ""


def export_bundle(
    db: Database,
    data_dir: Path,
    out_dir: Path,
    *,
    since_last_export: bool = True,
    shift_id: int | None = None,
) -> ExportReport:
    """Write one sealed bundle of records to `out_dir` (e.g. a USB stick) and remember it.

    By default the bundle holds every record version saved since the last export; with
    `shift_id` it holds that shift's records; with `since_last_export=False` and no shift,
    every record in the store. Runs on a worker thread with its own `db`. Returns an
    ExportReport; trouble with keys or the target folder is reported in `error`.
    """
    outbox.ensure_sync_schema(db)
    try:
        info = load_enrollment(data_dir)
        if info is None:
            return ExportReport(error="本机尚未向县指挥部注册，无法加密导出（没有县里的公钥）")
        device_key = load_device_key(data_dir)
        county_sealing = b64decode(info.county_sealing_key)
    except (KeyFileError, WireFormatError) as exc:
        return ExportReport(error=getattr(exc, "message", str(exc)))
    checkpoint = get_checkpoint(db)
    if checkpoint is None:
        return ExportReport(error="请先完成卡点设置")
    if shift_id is not None:
        kind, rows = "shift", outbox.outbox_rows_for_export(db, shift_id=shift_id)
    else:
        after = outbox.last_exported_outbox_id(db) if since_last_export else 0
        kind, rows = "since_last", outbox.outbox_rows_for_export(db, after_id=after)
    if not rows:
        return ExportReport(error="没有需要导出的新记录")

    lines = []
    shift_ids: set[int] = set()
    exported: list[int] = []
    held_back: list[tuple[int, str]] = []
    for outbox_id, uuid, version in rows:
        wire = outbox.load_wire(db, uuid, version)
        assert wire is not None
        try:
            # A version saved before the county's current checks (e.g. a hidden character
            # in a name) would have the county refuse the whole bundle: it stays behind.
            parse_wire_record(wire)
        except WireFormatError as exc:
            held_back.append((outbox_id, exc.message))
            continue
        if wire["shift_id"] is not None:
            shift_ids.add(wire["shift_id"])
        lines.append(canonical_json(wire))
        exported.append(outbox_id)
    if not lines:
        return ExportReport(
            error="没有可导出的记录：" + held_back[0][1],
            held_back=len(held_back),
            held_back_reason=held_back[0][1],
        )
    payload = b"\n".join(lines) + b"\n"
    open_shift = current_shift(db)
    if open_shift is not None and shift_id is None:
        shift_ids.add(open_shift.id)
    bundle_id = str(uuid_module.uuid4())
    outbox_ids = exported
    # "Since last export" must not move past a version left behind, or it would count as
    # carried to the county (and could be purged); what follows it is carried again next time.
    first_held = min((i for i, _ in held_back), default=None)
    covered = [i for i in exported if first_held is None or i < first_held]
    created_at = utc_now()
    # The bundle takes a number from the request sequence, so the county can order a
    # device's bundles and requests on one line.
    sequence = next_sequence(data_dir)
    payload_sha256 = sha256_hex(payload)
    manifest = {
        "format": BUNDLE_FORMAT,
        "bundle_id": bundle_id,
        "device_id": checkpoint.device_id,
        "checkpoint_name": checkpoint.name,
        "created_at": format_time(created_at),
        "kind": kind,
        "shift_ids": sorted(shift_ids),
        "first_outbox_id": min(outbox_ids),
        "last_outbox_id": max(outbox_ids),
        "sequence": sequence,
        "record_count": len(lines),
        "payload_sha256": payload_sha256,
    }
    manifest_bytes = canonical_json(manifest)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, manifest_bytes)
        archive.writestr(SIGNATURE_NAME, device_key.sign(manifest_bytes))
        archive.writestr(RECORDS_NAME, payload)
    sealed = seal(inner.getvalue(), county_sealing)

    stamp = created_at.astimezone().strftime("%Y%m%d-%H%M")
    name = f"交班导出-{checkpoint.device_id[:8]}-{stamp}-{bundle_id[:8]}{BUNDLE_SUFFIX}"
    try:
        path = _write_new_file(out_dir, name, sealed)
    except OSError as exc:
        return ExportReport(error=f"无法写入导出文件：{exc.strerror or exc}")
    outbox.remember_export(
        db,
        bundle_id=bundle_id,
        file_name=name,
        kind=kind,
        outbox_ids=covered,
        sequence=sequence,
        payload_sha256=payload_sha256,
    )
    return ExportReport(
        path,
        bundle_id,
        len(lines),
        min(outbox_ids),
        max(outbox_ids),
        held_back=len(held_back),
        held_back_reason=held_back[0][1] if held_back else "",
    )


def _write_new_file(out_dir: Path, name: str, data: bytes) -> Path:
    # Ciphertext only, to a temporary name in the same folder, then renamed: a stick pulled
    # out mid-write leaves a stray .tmp file, never a half bundle under the real name.
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=".kdtb-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        target = out_dir / name
        Path(tmp_name).replace(target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


# ---------------------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class OpenedBundle:
    """A verified, decrypted bundle: its manifest and its records, ready to import."""

    manifest: BundleManifest
    records: tuple[WireRecord, ...]


_READ_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    zlib.error,
    NotImplementedError,  # a compression method zipfile does not know
    ValueError,  # a header offset before the start of the archive
)
_CHUNK = 1024 * 1024


def _open_archive(plaintext: bytes) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    """The decrypted zip and its three members by name, with nothing decompressed yet."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(plaintext))
    # NotImplementedError: an unknown zip version; ValueError: a name that is not UTF-8.
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError) as exc:
        raise BundleRejected("导出包内容损坏") from exc
    infos = archive.infolist()
    names = [i.filename for i in infos]
    # Exactly the three expected names, each once: a "../" or absolute member name (a
    # zip-slip attempt) or any extra member means the bundle was not made by the app.
    if len(names) != len(_MEMBERS) or set(names) != _MEMBERS:
        archive.close()
        raise BundleRejected("导出包含有不应有的文件，已拒绝")
    for info in infos:
        # A symlink or directory is no file the app writes; an extracting tool would
        # follow the link.
        kind = stat.S_IFMT(info.external_attr >> 16)
        if info.is_dir() or kind not in (0, stat.S_IFREG) or info.flag_bits & 0x1:
            archive.close()
            raise BundleRejected("导出包含有不应有的文件，已拒绝")
    return archive, {info.filename: info for info in infos}


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, decompressed a chunk at a time and never past `limit`.

    The size a zip entry declares is the attacker's word: the cap is counted on what
    actually comes out, so a deflate bomb stops at `limit` + one chunk.
    """
    if info.file_size > limit:
        raise BundleRejected("导出包内容异常（过大），已拒绝")
    out = bytearray()
    try:
        with archive.open(info) as member:
            while chunk := member.read(min(_CHUNK, limit + 1 - len(out))):
                out += chunk
                if len(out) > limit:
                    raise BundleRejected("导出包内容异常（过大），已拒绝")
    except _READ_ERRORS as exc:
        raise BundleRejected("导出包内容损坏") from exc
    return bytes(out)


def _parse_manifest(data: bytes) -> BundleManifest:
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != BUNDLE_FORMAT:
            raise BundleRejected("导出包清单格式不认识")
        return BundleManifest(
            bundle_id=str(raw["bundle_id"]),
            device_id=str(raw["device_id"]),
            checkpoint_name=str(raw["checkpoint_name"]),
            created_at=parse_time(raw["created_at"], "created_at"),
            kind=str(raw["kind"]),
            shift_ids=tuple(int(s) for s in raw["shift_ids"]),
            first_outbox_id=raw["first_outbox_id"],
            last_outbox_id=raw["last_outbox_id"],
            sequence=int(raw["sequence"]),
            record_count=int(raw["record_count"]),
            payload_sha256=str(raw["payload_sha256"]),
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise BundleRejected("导出包清单损坏") from exc


def open_bundle(
    data: bytes,
    county_private_key: X25519PrivateKey,
    known_devices: Mapping[str, Ed25519PublicKey],
    *,
    already_imported: Container[str] = frozenset(),
) -> OpenedBundle:
    """Decrypt and verify a bundle completely; raise BundleRejected (Chinese) otherwise.

    `known_devices` maps the ids of enrolled, unrevoked devices to their public keys;
    `already_imported` holds bundle ids the county has imported (a replay is refused).
    Nothing is written here: the caller imports only what this returns.
    """
    archive, infos = _open_archive(unseal(data, county_private_key))
    with archive:
        # Only the manifest and its signature (a few hundred bytes) are read before the
        # device and its signature are checked; the records, the only large member, are
        # decompressed only for a known device's signed manifest, up to what it declares.
        manifest_bytes = _read_member(archive, infos[MANIFEST_NAME], _MAX_SMALL_MEMBER_BYTES)
        signature = _read_member(archive, infos[SIGNATURE_NAME], _MAX_SMALL_MEMBER_BYTES)
        manifest = _parse_manifest(manifest_bytes)
        device_key = known_devices.get(manifest.device_id)
        if device_key is None:
            raise BundleRejected("导出包来自未登记或已吊销的设备，已拒绝")
        if not verify_signature(device_key, signature, manifest_bytes):
            raise BundleRejected("导出包签名无效（不是该设备生成的，或清单被改动）")
        if manifest.bundle_id in already_imported:
            raise BundleRejected("该导出包已导入过，未重复导入")
        if not 0 <= manifest.record_count <= MAX_BUNDLE_RECORDS:
            raise BundleRejected("导出包记录条数与清单不符")
        limit = min(MAX_MEMBER_BYTES, manifest.record_count * MAX_RECORD_LINE_BYTES)
        payload = _read_member(archive, infos[RECORDS_NAME], limit)
    if sha256_hex(payload) != manifest.payload_sha256:
        raise BundleRejected("导出包记录与清单不符（被改动）")
    records = []
    # One line per record: a payload of more lines than the signed count is refused before
    # any is split off (50 MB of blank lines would cost seconds and a list of 50 M entries).
    if payload.count(b"\n") > manifest.record_count:
        raise BundleRejected("导出包记录条数与清单不符")
    for number, line in enumerate(payload.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append(parse_wire_record(json.loads(line.decode("utf-8"))))
        except WireFormatError as exc:
            raise BundleRejected(f"导出包第 {number} 条记录格式不对：{exc.message}") from exc
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            # ValueError: bad JSON, or a number too long to convert; RecursionError: nesting.
            raise BundleRejected(f"导出包第 {number} 条记录损坏") from exc
    if len(records) != manifest.record_count:
        raise BundleRejected("导出包记录条数与清单不符")
    return OpenedBundle(manifest, tuple(records))
