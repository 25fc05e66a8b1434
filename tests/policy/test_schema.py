"""The pack content: what is accepted, what is refused, and that code and schema agree."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from checkpoint_app.policy.schema import (
    POLICY_SCHEMA,
    PolicyError,
    default_policy,
    parse_policy,
    schema_json,
)
from checkpoint_app.resources import resource_path
from tests.policy import schema_check
from tests.policy.conftest import example_content
from tests.policy.strategies import policies

CJK = re.compile(r"[\u4e00-\u9fff]")
# The schema as published (what county IT validates packs with), judged by a real validator.
PUBLISHED = Draft202012Validator(
    json.loads(resource_path("data", "policy-pack.schema.json").read_text(encoding="utf-8")),
    format_checker=Draft202012Validator.FORMAT_CHECKER,
)


def schema_errors(content: Any) -> list[str]:
    return [error.message for error in PUBLISHED.iter_errors(content)]


def _default_content() -> dict[str, Any]:
    content: dict[str, Any] = json.loads(
        resource_path("data", "default-policy.json").read_text(encoding="utf-8")
    )
    return content


def test_shipped_schema_file_is_the_schema_the_code_checks() -> None:
    shipped = resource_path("data", "policy-pack.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_json()


@pytest.mark.parametrize(
    "content", [_default_content(), example_content()], ids=["default", "docs"]
)
def test_default_pack_and_docs_example_follow_the_schema_and_parse(content: dict[str, Any]) -> None:
    assert schema_errors(content) == []
    parse_policy(content)


def test_default_policy_offers_the_bundled_townships_and_code_issuers() -> None:
    townships = json.loads(resource_path("data", "townships.json").read_text(encoding="utf-8"))
    issuers = json.loads(resource_path("data", "code_issuers.json").read_text(encoding="utf-8"))
    policy = default_policy()
    assert list(policy.townships) == townships["townships"]
    assert [i.issuer for i in policy.code_issuers] == [i["issuer"] for i in issuers["issuers"]]
    assert all(i.compiled() for i in policy.code_issuers)
    assert policy.risk_areas == ()
    assert (policy.thresholds.fever_celsius, policy.thresholds.nat_valid_hours) == (37.3, 48)


@settings(max_examples=60, deadline=None)
@given(policies())
def test_a_valid_pack_follows_the_schema_and_survives_a_round_trip(policy: Any) -> None:
    content = policy.to_content()
    assert schema_errors(content) == []
    assert parse_policy(json.loads(json.dumps(content))) == policy


@st.composite
def _broken_contents(draw: st.DrawFn) -> dict[str, Any]:
    base = draw(st.sampled_from(["default", "generated"]))
    content = _default_content() if base == "default" else draw(policies()).to_content()
    points = list(schema_check.mutation_points(POLICY_SCHEMA, content))
    path, action, argument = draw(st.sampled_from(points))
    broken: dict[str, Any] = schema_check.mutate(content, path, action, argument)
    return broken


@settings(max_examples=120, deadline=None)
@given(_broken_contents())
def test_content_the_schema_refuses_is_refused_with_a_chinese_message(broken: Any) -> None:
    """Missing keys, wrong types, unknown dispositions/colours/levels, unknown keys."""
    assert schema_errors(broken) != []
    with pytest.raises(PolicyError) as refused:
        parse_policy(broken)
    assert CJK.search(refused.value.message)


def _rule(content: dict[str, Any], rule_id: str) -> dict[str, Any]:
    rule: dict[str, Any] = next(r for r in content["rules"] if r["id"] == rule_id)
    return rule


def _without_fever_rule(c: dict[str, Any]) -> None:
    c["rules"] = [r for r in c["rules"] if r["id"] != "fever"]


def _without_high_risk_rule(c: dict[str, Any]) -> None:
    c["rules"] = [r for r in c["rules"] if r["id"] != "high_risk_origin"]


SEMANTIC_BREAKS = {
    "no fever rule": (_without_fever_rule, "缺少发热规则"),
    "fever rule releases": (lambda c: _rule(c, "fever").update(suggest="release"), "不能建议放行"),
    "no high-risk rule": (_without_high_risk_rule, "高风险"),
    "high-risk rule releases": (
        lambda c: _rule(c, "high_risk_origin").update(suggest="release_test"),
        "高风险",
    ),
    "duplicate rule id": (lambda c: _rule(c, "red_code").update(id="fever"), "重复"),
    "unknown disposition": (lambda c: _rule(c, "red_code").update(suggest="shoot"), "shoot"),
    "unknown template field": (lambda c: _rule(c, "red_code").update(reason="{name}"), "{name}"),
    "unbalanced brace": (lambda c: _rule(c, "red_code").update(reason="红码{"), "花括号"),
    "bad regex": (lambda c: c["code_issuers"][0].update(patterns=["(unclosed"]), "正则"),
    "impossible date": (
        lambda c: c["risk_areas"].append(
            {"code": "310000", "name": "上海市", "level": "high", "since": "2022-02-30"}
        ),
        "2022-02-30",
    ),
    "five-digit code": (
        lambda c: c["risk_areas"].append(
            {"code": "31000", "name": "上海市", "level": "high", "since": "2022-03-01"}
        ),
        "31000",
    ),
    "code with a newline": (
        lambda c: c["risk_areas"].append(
            {"code": "310000\n", "name": "上海市", "level": "high", "since": "2022-03-01"}
        ),
        "格式不对",
    ),
    "newer format": (lambda c: c.update(schema_version=2), "请升级"),
    "fever as text": (lambda c: c["thresholds"].update(fever_celsius="37.3"), "应为数字"),
    "hours as bool": (lambda c: c["thresholds"].update(nat_valid_hours=True), "应为整数"),
    "misspelt condition": (
        lambda c: _rule(c, "red_code").update(when={"health_color": ["red"]}),
        "health_color",
    ),
    "condition-less rule": (lambda c: _rule(c, "red_code").update(when={}), "至少"),
    "duplicate townships": (lambda c: c["townships"].append(c["townships"][0]), "重复"),
}


@pytest.mark.parametrize("name", SEMANTIC_BREAKS)
def test_a_pack_that_breaks_a_rule_of_the_format_is_refused_saying_why(name: str) -> None:
    breaker, expected = SEMANTIC_BREAKS[name]
    content = copy.deepcopy(_default_content())
    breaker(content)
    with pytest.raises(PolicyError) as refused:
        parse_policy(content)
    assert expected in refused.value.message


def test_the_message_names_where_the_mistake_is() -> None:
    content = _default_content()
    content["rules"][2]["allow"] = ["central_quarantine", "jail"]
    with pytest.raises(PolicyError) as refused:
        parse_policy(content)
    assert refused.value.message.startswith("防控策略包内容有误：rules[2].allow[1] ")
    assert "jail" in refused.value.message


def test_comment_keys_are_ignored_and_the_suggestion_is_always_allowed() -> None:
    content = _default_content()
    content["_note"] = "四月十日版"
    content["rules"][0]["allow"] = []
    policy = parse_policy(content)
    assert policy.rules[0].suggest in policy.rules[0].allow
