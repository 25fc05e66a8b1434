"""Watch-list hashing, matching and signatures, without a server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checkpoint_app.sync.protocol import (
    WireFormatError,
    canonical_json,
    sign_policy_pack,
    sign_watch_list,
    verify_policy_pack,
    verify_watch_list,
)
from checkpoint_app.watchlist.model import (
    WatchEntry,
    WatchListError,
    WatchReason,
    hash_document_number,
    match_watch_list,
    parse_watch_list,
    watch_list_content,
)

NOW = datetime(2022, 4, 10, 9, 30, tzinfo=UTC)
SALT = bytes(range(16))
KEY = Ed25519PrivateKey.generate()


def _list(*entries: WatchEntry, version: int = 3):
    envelope = sign_watch_list(
        KEY, version=version, published_at=NOW, content=watch_list_content(SALT, entries)
    )
    pack = verify_watch_list(KEY.public_key(), envelope)
    return parse_watch_list(pack.content, version=pack.version, published_at=pack.published_at)


def test_full_width_digits_spaces_and_a_lower_case_x_hash_like_the_printed_number():
    printed = hash_document_number(SALT, "41162319900415101X")
    assert hash_document_number(SALT, "４１１６２３ 1990-0415 101x") == printed
    assert hash_document_number(bytes(16), "41162319900415101X") != printed


def test_only_unexpired_entries_match_and_each_says_why():
    digest = hash_document_number(SALT, "411623199004151013")
    watch = _list(
        WatchEntry(
            digest, WatchReason.TURNED_BACK, "今日已在 谭庄站 劝返", NOW + timedelta(hours=5)
        ),
        WatchEntry(
            digest, WatchReason.RED_CODE, "4月2日在 谭庄站 登记为红码", NOW - timedelta(hours=1)
        ),
    )
    matches = match_watch_list(watch, "411623199004151013", now=NOW)
    assert [(m.reason, m.list_version) for m in matches] == [("今日已在 谭庄站 劝返", 3)]
    assert match_watch_list(watch, "411623199004151021", now=NOW) == ()
    assert match_watch_list(None, "411623199004151013", now=NOW) == ()
    assert match_watch_list(watch, "  ", now=NOW) == ()


def test_a_changed_entry_breaks_the_signature():
    digest = hash_document_number(SALT, "411623199004151013")
    entry = WatchEntry(digest, WatchReason.MANUAL, "协查", NOW + timedelta(days=1))
    envelope = sign_watch_list(
        KEY, version=1, published_at=NOW, content=watch_list_content(SALT, [entry])
    )
    data = json.loads(envelope)
    data["list"]["content"]["entries"][0]["expires_at"] = "2099-01-01T00:00:00.000000+00:00"
    with pytest.raises(WireFormatError, match="签名无效"):
        verify_watch_list(KEY.public_key(), canonical_json(data))


def test_a_policy_pack_signature_never_passes_for_a_watch_list_or_the_reverse():
    pack = sign_policy_pack(KEY, version=1, published_at=NOW, content={"entries": []})
    with pytest.raises(WireFormatError):
        verify_watch_list(KEY.public_key(), pack)
    data = json.loads(pack)
    as_list = {
        "format": 1,
        "kind": "watch_list",
        "list": data["pack"],
        "signature": data["signature"],
    }
    with pytest.raises(WireFormatError, match="签名无效"):
        verify_watch_list(KEY.public_key(), canonical_json(as_list))
    listed = json.loads(sign_watch_list(KEY, version=1, published_at=NOW, content={"x": 1}))
    as_pack = {"format": 1, "pack": listed["list"], "signature": listed["signature"]}
    with pytest.raises(WireFormatError, match="签名无效"):
        verify_policy_pack(KEY.public_key(), canonical_json(as_pack))


def test_a_list_without_a_salt_or_with_a_malformed_hash_is_refused():
    with pytest.raises(WatchListError, match="盐"):
        parse_watch_list({"entries": []}, version=1, published_at=NOW)
    content = watch_list_content(SALT, [])
    content["entries"] = [
        {"hash": "abc", "reason_code": "manual", "reason": "x", "expires_at": NOW.isoformat()}
    ]
    with pytest.raises(WatchListError, match="摘要"):
        parse_watch_list(content, version=1, published_at=NOW)
