"""The county's own keys: Ed25519 to sign answers and policy packs, X25519 to open bundles.

Both live in the county's data folder with mode 0600. Replacing them would orphan every
enrolled workstation (they pinned the public halves), so `init_county_keys` never
overwrites existing keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from checkpoint_app.sync.keys import (
    KeyFileError,
    private_key_pem,
    read_private_key,
    write_atomically,
)
from checkpoint_app.sync.protocol import public_key_bytes

SIGNING_KEY_FILENAME = "county_ed25519.pem"
SEALING_KEY_FILENAME = "county_x25519.pem"


@dataclass(frozen=True, slots=True)
class CountyKeys:
    signing: Ed25519PrivateKey
    sealing: X25519PrivateKey

    @property
    def signing_public_raw(self) -> bytes:
        return public_key_bytes(self.signing)

    @property
    def sealing_public_raw(self) -> bytes:
        return self.sealing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def county_keys_exist(key_dir: Path) -> bool:
    return (key_dir / SIGNING_KEY_FILENAME).exists() and (key_dir / SEALING_KEY_FILENAME).exists()


def init_county_keys(key_dir: Path) -> tuple[CountyKeys, bool]:
    """Create the county's keys if absent; returns the keys and whether they were created."""
    if county_keys_exist(key_dir):
        return load_county_keys(key_dir), False
    if (key_dir / SIGNING_KEY_FILENAME).exists() or (key_dir / SEALING_KEY_FILENAME).exists():
        raise KeyFileError("县指挥部密钥只剩一半，请从备份恢复，不要重新生成")
    keys = CountyKeys(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    write_atomically(key_dir / SIGNING_KEY_FILENAME, private_key_pem(keys.signing))
    write_atomically(key_dir / SEALING_KEY_FILENAME, private_key_pem(keys.sealing))
    return keys, True


def load_county_keys(key_dir: Path) -> CountyKeys:
    signing = read_private_key(key_dir / SIGNING_KEY_FILENAME)
    sealing = read_private_key(key_dir / SEALING_KEY_FILENAME)
    if not isinstance(signing, Ed25519PrivateKey) or not isinstance(sealing, X25519PrivateKey):
        raise KeyFileError("县指挥部密钥文件类型不对")
    return CountyKeys(signing, sealing)
