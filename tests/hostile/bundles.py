"""Forging end-of-shift bundles: take a genuine one apart and seal it again, changed.

Anyone holding the county's public sealing key (every enrolled workstation has it) can
seal a bundle, so the zip inside is attacker-controlled up to the device signature.
``forge`` keeps everything genuine except the one thing a case changes, re-signing the
manifest with the real device key where needed, so a refusal is due to that change.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checkpoint_app.county.keys import CountyKeys
from checkpoint_app.sync.bundle import (
    MANIFEST_NAME,
    RECORDS_NAME,
    SIGNATURE_NAME,
    seal,
    unseal,
)
from checkpoint_app.sync.protocol import canonical_json


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes
    #: Unix mode of the member (regular file unless a case says otherwise).
    mode: int = stat.S_IFREG | 0o600
    compress: int = zipfile.ZIP_DEFLATED
    #: Header fields to overwrite after writing (e.g. a lying file_size).
    declared_size: int | None = None


def genuine_members(bundle: bytes, keys: CountyKeys) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(unseal(bundle, keys.sealing))) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zip_members(members: Sequence[Member]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=(2022, 4, 10, 9, 30, 0))
            info.external_attr = member.mode << 16
            info.compress_type = member.compress
            if member.name.endswith("/"):
                info.external_attr |= 0x10  # MS-DOS directory bit
            archive.writestr(info, member.data)
    plaintext = buffer.getvalue()
    for member in members:
        if member.declared_size is not None:
            plaintext = _declare_size(plaintext, member.name, member.declared_size)
    return plaintext


def _declare_size(plaintext: bytes, name: str, size: int) -> bytes:
    """Overwrite the uncompressed size of `name` in its local and central headers."""
    data = bytearray(plaintext)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            if data[at + name_at : at + name_at + len(encoded)] == encoded:
                data[at + size_at : at + size_at + 4] = size.to_bytes(4, "little")
            start = at + 4
    return bytes(data)


def signed_manifest(
    manifest: bytes, device_key: Ed25519PrivateKey, **changes: object
) -> tuple[bytes, bytes]:
    """The manifest with `changes` (and the payload hash they imply), and its signature."""
    document = json.loads(manifest)
    document.update(changes)
    body = canonical_json(document)
    return body, device_key.sign(body)


def forge(members: Sequence[Member], keys: CountyKeys) -> bytes:
    return seal(zip_members(members), keys.sealing_public_raw)


def standard(
    genuine: dict[str, bytes],
    device_key: Ed25519PrivateKey,
    *,
    records: bytes | None = None,
    records_member: dict[str, object] | None = None,
) -> list[Member]:
    """The three members, with `records` as the payload and a manifest signed to match."""
    if records is None:
        manifest, signature = genuine[MANIFEST_NAME], genuine[SIGNATURE_NAME]
        payload = genuine[RECORDS_NAME]
    else:
        payload = records
        manifest, signature = signed_manifest(
            genuine[MANIFEST_NAME],
            device_key,
            payload_sha256=hashlib.sha256(records).hexdigest(),
        )
    return [
        Member(MANIFEST_NAME, manifest),
        Member(SIGNATURE_NAME, signature),
        Member(RECORDS_NAME, payload, **(records_member or {})),  # type: ignore[arg-type]
    ]
