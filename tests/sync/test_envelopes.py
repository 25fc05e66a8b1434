"""Every county-signed document goes through one envelope type, and what today's
workstations already hold keeps verifying."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checkpoint_app.policy.store import check_pack
from checkpoint_app.sync.protocol import (
    POLICY_PACK,
    WATCH_LIST,
    WireFormatError,
    b64decode,
    canonical_json,
    load_public_key,
    sign_document,
    verify_document,
    verify_policy_pack,
    verify_watch_list,
)
from checkpoint_app.watchlist.model import match_watch_list, parse_watch_list

DATA = Path(__file__).resolve().parents[1] / "data" / "envelopes"
# Made by the release before the envelope type (a fixed test key, public half committed).
COUNTY = load_public_key(b64decode((DATA / "county-public-key.b64").read_text().strip()))
PACK_V1 = (DATA / "policy-pack-v1.json").read_bytes()
LIST_V1 = (DATA / "watch-list-v1.json").read_bytes()
NOW = datetime(2022, 4, 6, 12, 0, tzinfo=UTC)


def test_a_policy_pack_published_by_the_previous_release_still_applies() -> None:
    pack = verify_policy_pack(COUNTY, PACK_V1)
    assert pack.version == 3
    assert check_pack(pack).rules  # the workstation can run its rules


def test_a_watch_list_published_by_the_previous_release_still_matches() -> None:
    held = verify_watch_list(COUNTY, LIST_V1)
    watch_list = parse_watch_list(
        held.content, version=held.version, published_at=held.published_at
    )
    (match,) = match_watch_list(watch_list, "410725199003071234", now=NOW)
    assert "劝返" in match.reason


def test_an_old_policy_pack_relabelled_as_a_watch_list_is_refused() -> None:
    data = json.loads(PACK_V1)
    relabelled = {
        "format": 1,
        "kind": "watch_list",
        "list": data["pack"],
        "signature": data["signature"],
    }
    with pytest.raises(WireFormatError, match="重点人员名单签名无效"):
        verify_watch_list(COUNTY, canonical_json(relabelled))


def test_an_old_watch_list_relabelled_as_a_policy_pack_is_refused() -> None:
    data = json.loads(LIST_V1)
    for relabelled in (
        {"format": 1, "pack": data["list"], "signature": data["signature"]},
        {"format": 1, "kind": "policy_pack", "pack": data["list"], "signature": data["signature"]},
    ):
        with pytest.raises(WireFormatError, match="防控策略包签名无效"):
            verify_policy_pack(COUNTY, canonical_json(relabelled))


def test_a_new_policy_pack_signature_covers_its_kind() -> None:
    key = Ed25519PrivateKey.generate()
    pack = sign_document(key, POLICY_PACK, version=4, published_at=NOW, content={"a": 1})
    assert verify_document(key.public_key(), POLICY_PACK, pack).content == {"a": 1}
    data = json.loads(pack)
    assert data["kind"] == "policy_pack"
    # Dropping the kind does not turn it into an undomained old pack.
    del data["kind"]
    with pytest.raises(WireFormatError, match="签名无效"):
        verify_policy_pack(key.public_key(), canonical_json(data))
    as_list = {**data, "kind": "watch_list", "list": data["pack"]}
    with pytest.raises(WireFormatError, match="签名无效"):
        verify_watch_list(key.public_key(), canonical_json(as_list))


def test_each_kind_signs_under_its_own_domain() -> None:
    assert POLICY_PACK.domain != WATCH_LIST.domain
    # The watch list's domain is the one its old envelopes were signed under.
    assert WATCH_LIST.domain == b"checkpoint-app/1 watch-list\n"


@pytest.mark.parametrize(
    "hostile",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format":1,"kind":"watch_list","list":{"version":NaN},"signature":""}',
        b'{"format":1,"kind":"watch_list","list":{"version":' + b"9" * 30 + b'},"signature":""}',
        b'{"format":1,"kind":"watch_list","list":{"x":"\\ud800"},"signature":""}',
    ],
    ids=["deep", "nan", "huge-int", "lone-surrogate"],
)
def test_hostile_envelopes_are_refused_in_words(hostile: bytes) -> None:
    with pytest.raises(WireFormatError, match="重点人员名单不是有效的 JSON"):
        verify_watch_list(COUNTY, hostile)
