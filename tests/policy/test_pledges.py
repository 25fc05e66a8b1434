"""The pack's pledge (承诺书) section and the rule condition on a refusal."""

from __future__ import annotations

import json
from base64 import b64decode
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from checkpoint_app.policy.evaluate import evaluate
from checkpoint_app.policy.schema import (
    DEFAULT_PLEDGE,
    POLICY_SCHEMA,
    PledgeState,
    PolicyError,
    default_policy,
    parse_policy,
)
from checkpoint_app.policy.store import check_pack
from checkpoint_app.records.divisions import DivisionIndex
from checkpoint_app.records.model import CodeColour, Disposition, NatResult
from checkpoint_app.sync.protocol import load_public_key, verify_policy_pack
from tests.factories import make_bare_record, make_pledge
from tests.policy.conftest import example_content
from tests.policy.strategies import CHINA

NOW = datetime(2022, 4, 10, 15, 30, tzinfo=CHINA)
ENVELOPES = Path(__file__).resolve().parents[1] / "data" / "envelopes"

TEXTS = [
    {"version": 3, "title": "返乡人员承诺书", "text": "本人承诺如实申报行程。"},
    {
        "version": 4,
        "title": "居家隔离承诺书",
        "text": "本人承诺居家隔离14天，不外出。",
        "dispositions": ["home_quarantine", "home_monitoring"],
    },
]


def _content(pledges: Any) -> dict[str, Any]:
    return example_content() | {"pledges": pledges}


def test_a_county_that_publishes_no_pledge_still_gets_the_built_in_one_never_required():
    policy = default_policy()
    text = policy.pledges.text_for(Disposition.RELEASE)
    assert text == DEFAULT_PLEDGE and text.version == 0
    assert "如实申报本人14天内" in text.text and "法律责任" in text.text
    assert not any(policy.pledges.required(d) for d in Disposition)
    assert "pledges" not in policy.to_content()


def test_a_pack_signed_before_the_pledge_section_still_verifies_and_parses():
    county = load_public_key(b64decode((ENVELOPES / "county-public-key.b64").read_text().strip()))
    pack = verify_policy_pack(county, (ENVELOPES / "policy-pack-v1.json").read_bytes())
    policy = check_pack(pack)
    assert policy.pledges.text_for(Disposition.TURN_BACK) == DEFAULT_PLEDGE


def test_texts_per_disposition_and_the_required_ones_survive_the_round_trip():
    content = _content({"texts": TEXTS, "required_for": ["home_quarantine", "turn_back"]})
    assert list(Draft202012Validator(POLICY_SCHEMA).iter_errors(content)) == []
    policy = parse_policy(content)
    assert policy.pledges.text_for(Disposition.HOME_QUARANTINE).title == "居家隔离承诺书"
    assert policy.pledges.text_for(Disposition.RELEASE).version == 3
    assert policy.pledges.text_of_version(4) is not None
    assert policy.pledges.required(Disposition.TURN_BACK)
    assert not policy.pledges.required(Disposition.RELEASE)
    assert parse_policy(json.loads(json.dumps(policy.to_content()))) == policy


@pytest.mark.parametrize(
    ("pledges", "message"),
    [
        ({"texts": [TEXTS[0], TEXTS[0]]}, "版本 3 重复"),
        ({"texts": [TEXTS[0], TEXTS[0] | {"version": 9}]}, "只能有一个不限处置"),
        ({"texts": [TEXTS[1], TEXTS[1] | {"version": 9}]}, "已有承诺书文本"),
        ({"texts": [TEXTS[0] | {"version": 0}]}, "version 应在 1 到"),
        ({"texts": []}, "至少应有 1 项"),
        ({"texts": [TEXTS[0] | {"text": ""}]}, "text 不能为空"),
        ({"required_for": ["shoot"]}, "shoot"),
        ({"signed_by": "x"}, "不认识的项"),
    ],
)
def test_a_broken_pledge_section_is_refused_with_its_place(pledges, message):
    content = _content(pledges)
    # Unique versions and one text per disposition are beyond what the schema can say.
    beyond_schema = any(word in message for word in ("重复", "不限处置", "已有"))
    assert bool(list(Draft202012Validator(POLICY_SCHEMA).iter_errors(content))) is not beyond_schema
    with pytest.raises(PolicyError, match=message):
        parse_policy(content)


def _refusal_policy(when: Any):
    content = example_content()
    content["rules"].append(
        {
            "id": "pledge_refused",
            "when": {"pledge": when},
            "suggest": "turn_back",
            "allow": ["turn_back"],
            "reason": "{pledge}",
        }
    )
    assert list(Draft202012Validator(POLICY_SCHEMA).iter_errors(content)) == []
    return parse_policy(content)


@pytest.mark.parametrize("when", ["refused", ["refused"]])
@pytest.mark.parametrize(
    ("method", "suggested"),
    [
        ("refused", Disposition.TURN_BACK),
        ("paper", Disposition.RELEASE),
        ("screen", Disposition.RELEASE),
        (None, Disposition.RELEASE),
    ],
)
def test_a_county_rule_turns_back_a_traveller_who_refused_the_pledge(
    divisions: DivisionIndex, when: Any, method: str | None, suggested: Disposition
):
    record = make_bare_record(
        checked_at=NOW,
        health_colour=CodeColour.GREEN,
        travel_colour=CodeColour.GREEN,
        nat_result=NatResult.NEGATIVE,
        nat_sampled_at=NOW.replace(hour=8),
        **({"pledge": make_pledge(method, at=NOW)} if method else {}),
    )
    decision = evaluate(record, _refusal_policy(when), divisions)
    assert decision.suggested is suggested
    if method == "refused":
        assert decision.reasons[0] == "拒签承诺书"


def test_a_refusal_condition_survives_the_round_trip():
    policy = _refusal_policy(["refused", "unsigned"])
    rule = next(r for r in policy.rules if r.id == "pledge_refused")
    assert rule.when.pledge == {PledgeState.REFUSED, PledgeState.UNSIGNED}
    assert parse_policy(policy.to_content()) == policy
