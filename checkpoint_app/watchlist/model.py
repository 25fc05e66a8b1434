"""Watch-list values, the hash of a document number, and matching a registration against it.

The county never sends a document number: each entry is HMAC-SHA256 under a salt chosen
afresh for every list version, so a list cannot be joined with an earlier one or looked up
in a precomputed table. The salt travels with the list (the workstation must hash with
it), so a determined holder of the list could still try every possible ID number: the list
carries only people already turned back or reported, and expires within days.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from checkpoint_app.sync.protocol import (
    WireFormatError,
    b64decode,
    b64encode,
    format_time,
    parse_time,
)

SALT_BYTES = 16
HASH_HEX_LENGTH = 64
MAX_ENTRIES = 200_000
_SEPARATORS = re.compile(r"[\s\-－_·.]")
_HASH = re.compile(r"^[0-9a-f]{64}$")


class WatchListError(ValueError):
    """A watch list that must not be used; `message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WatchReason(StrEnum):
    """Why someone is on the list; the Chinese text of each entry says the details."""

    TURNED_BACK = "turned_back"  # 劝返 today at a checkpoint of the county
    RED_CODE = "red_code"  # registered with a red health code
    MANUAL = "manual"  # added by the county command

    @property
    def label(self) -> str:
        return {"turned_back": "今日劝返", "red_code": "红码", "manual": "县指挥部通报"}[self.value]


def normalise_document_number(number: str) -> str:
    """The one spelling that is hashed: full-width folded, separators dropped, upper case.

    "4116 2319 9004 15123x" and "411623199004151232X" hash alike; a scanner and a person
    typing must produce the same hash for the same card.
    """
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", number)).upper()


def hash_document_number(salt: bytes, number: str) -> str:
    """HMAC-SHA256(salt, normalised number) as 64 hex digits."""
    message = normalise_document_number(number).encode("utf-8")
    return hmac.new(salt, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class WatchEntry:
    """One listed person: the hash of the document number and why (no name, no number)."""

    hash: str
    reason_code: WatchReason
    reason: str  # Chinese, shown to the worker: "今日已在 宁洛高速谭庄站 劝返"
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class WatchList:
    """A verified list version. Entries past `expires_at` are kept but never match."""

    version: int
    published_at: datetime
    salt: bytes
    entries: tuple[WatchEntry, ...]
    # Entry positions by hash: a lookup is one HMAC and one dict access, not a scan.
    index: Mapping[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    def active_count(self, now: datetime) -> int:
        return sum(e.expires_at > now for e in self.entries)


@dataclass(frozen=True, slots=True)
class WatchMatch:
    """A registration that matched the list, with the reason to show."""

    reason_code: WatchReason
    reason: str
    expires_at: datetime
    list_version: int


def match_watch_list(
    watch_list: WatchList | None, document_number: str, *, now: datetime
) -> tuple[WatchMatch, ...]:
    """Every unexpired entry for `document_number` (empty when none, or with no list)."""
    if watch_list is None or not normalise_document_number(document_number):
        return ()
    digest = hash_document_number(watch_list.salt, document_number)
    if watch_list.index:
        candidates = [watch_list.entries[i] for i in watch_list.index.get(digest, ())]
    else:
        candidates = [e for e in watch_list.entries if hmac.compare_digest(e.hash, digest)]
    return tuple(
        WatchMatch(e.reason_code, e.reason, e.expires_at, watch_list.version)
        for e in candidates
        if e.expires_at > now
    )


def watch_list_content(salt: bytes, entries: Sequence[WatchEntry]) -> dict[str, Any]:
    """The JSON content the county signs (see sync.protocol.sign_watch_list)."""
    return {
        "salt": b64encode(salt),
        "entries": [
            {
                "hash": e.hash,
                "reason_code": e.reason_code.value,
                "reason": e.reason,
                "expires_at": format_time(e.expires_at),
            }
            for e in sorted(entries, key=lambda e: (e.hash, e.reason_code.value, e.reason))
        ],
    }


def parse_watch_list(
    content: Mapping[str, Any], *, version: int, published_at: datetime
) -> WatchList:
    """The list in verified `content`; WatchListError (Chinese) if anything is malformed."""
    try:
        salt = b64decode(str(content.get("salt", "")))
    except WireFormatError:
        salt = b""
    if len(salt) < SALT_BYTES:
        raise WatchListError("重点人员名单缺少盐值")
    raw = content.get("entries")
    if not isinstance(raw, list) or len(raw) > MAX_ENTRIES:
        raise WatchListError("重点人员名单格式不对")
    entries = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise WatchListError(f"重点人员名单第 {index + 1} 项格式不对")
        digest, code, reason = item.get("hash"), item.get("reason_code"), item.get("reason")
        if not isinstance(digest, str) or not _HASH.match(digest):
            raise WatchListError(f"重点人员名单第 {index + 1} 项的摘要格式不对")
        if not isinstance(reason, str) or not reason.strip():
            raise WatchListError(f"重点人员名单第 {index + 1} 项缺少原因")
        try:
            reason_code = WatchReason(str(code))
            expires_at = parse_time(item.get("expires_at"), "expires_at")
        except (ValueError, WireFormatError):
            raise WatchListError(f"重点人员名单第 {index + 1} 项格式不对") from None
        entries.append(WatchEntry(digest, reason_code, reason.strip()[:200], expires_at))
    by_hash: dict[str, tuple[int, ...]] = {}
    for position, entry in enumerate(entries):
        by_hash[entry.hash] = (*by_hash.get(entry.hash, ()), position)
    return WatchList(version, published_at, salt, tuple(entries), by_hash)
