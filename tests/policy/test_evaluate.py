"""The policy applied to travellers: suggestion, allowed choices, reasons in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint_app.policy.evaluate import SEVERITY, evaluate
from checkpoint_app.policy.schema import (
    Policy,
    PolicyError,
    RiskArea,
    RiskLevel,
    default_policy,
    parse_policy,
)
from checkpoint_app.records.divisions import DivisionIndex, load_divisions
from checkpoint_app.records.model import CodeColour, Disposition, NatResult, TravellerRecord
from tests.factories import make_bare_record
from tests.policy.conftest import example_content
from tests.policy.strategies import CHINA, all_divisions, policies, risk_areas, travellers

NOW = datetime(2022, 4, 10, 15, 30, tzinfo=CHINA)


def _traveller(**fields: Any) -> TravellerRecord:
    base: dict[str, Any] = {"uuid": "00000000-0000-4000-8000-000000000001", "checked_at": NOW}
    return make_bare_record(**(base | fields))


# ------------------------------------------------------------------------- properties


@settings(max_examples=120, deadline=None)
@given(policies(), travellers())
def test_every_suggestion_is_allowed_and_comes_with_a_reason(
    policy: Policy, record: TravellerRecord
) -> None:
    decision = evaluate(record, policy, load_divisions())
    assert decision.suggested in decision.allowed
    assert decision.reasons and all(decision.reasons)
    if not decision.rule_ids:
        assert decision.reasons == (policy.otherwise.reason,)
        assert decision.suggested is policy.otherwise.suggest
    assert decision.explanation.endswith(f" → 建议 {decision.suggested.label}")


@st.composite
def _high_risk_case(draw: st.DrawFn) -> tuple[Policy, TravellerRecord]:
    areas = draw(risk_areas())
    area_division = draw(st.sampled_from(all_divisions()))
    high = RiskArea(area_division.code, area_division.full_name, RiskLevel.HIGH, NOW.date())
    policy = draw(policies(areas=st.just((*areas, high))))
    inside = [d.code for d in all_divisions() if high.covers(d.code)]
    record = draw(travellers(origin=st.sampled_from(inside)))
    return policy, record


@settings(max_examples=80, deadline=None)
@given(_high_risk_case())
def test_a_traveller_from_a_high_risk_area_is_never_suggested_release(
    case: tuple[Policy, TravellerRecord],
) -> None:
    policy, record = case
    decision = evaluate(record, policy, load_divisions())
    assert decision.origin_risk is RiskLevel.HIGH
    assert not decision.suggested.is_release


@settings(max_examples=80, deadline=None)
@given(policies(), travellers(), st.integers(0, 50))
def test_fever_always_gets_the_fever_rules_suggestion(
    policy: Policy, record: TravellerRecord, above: int
) -> None:
    record = replace(record, temperature=round(policy.thresholds.fever_celsius + above / 10, 1))
    decision = evaluate(record, policy, load_divisions())
    assert decision.fever
    assert decision.suggested is policy.fever_rule.suggest
    assert decision.rule_ids[0] == policy.fever_rule.id


# ------------------------------------------------------------------------- risk matching


def _policy_with(*areas: tuple[str, str, str]) -> Policy:
    content = example_content()
    content["risk_areas"] = [
        {"code": code, "name": name, "level": level, "since": "2022-04-01"}
        for code, name, level in areas
    ]
    return parse_policy(content)


@pytest.mark.parametrize(
    ("listed", "origin", "level"),
    [
        ("310000", "310115", RiskLevel.HIGH),  # 上海市 → 浦东新区
        ("411600", "411623", RiskLevel.HIGH),  # 周口市 → 商水县
        ("410000", "419001", RiskLevel.HIGH),  # 河南省 → 济源市 (province-governed county)
        ("220102", "220102", RiskLevel.HIGH),  # the district itself
        ("220102", "220103", RiskLevel.NONE),  # a sibling district is not covered
        ("220102", "220100", RiskLevel.NONE),  # nor the city around it, for a typed origin
        ("411623", "411600", RiskLevel.NONE),
    ],
)
def test_an_origin_matches_a_listed_area_or_any_area_above_it(
    divisions: DivisionIndex, listed: str, origin: str, level: RiskLevel
) -> None:
    policy = _policy_with((listed, "x", "high"))
    assert evaluate(_traveller(origin_code=origin), policy, divisions).origin_risk is level


def test_the_highest_listed_level_wins_for_an_origin(divisions: DivisionIndex) -> None:
    policy = _policy_with(("310000", "上海市", "medium"), ("310115", "上海市浦东新区", "high"))
    decision = evaluate(_traveller(origin_code="310115"), policy, divisions)
    assert decision.origin_risk is RiskLevel.HIGH
    assert decision.reasons[0] == "来自 上海市浦东新区(高风险)"


def test_a_typed_origin_name_without_code_is_matched_by_name(divisions: DivisionIndex) -> None:
    policy = _policy_with(("310000", "上海市", "high"))
    decision = evaluate(_traveller(origin_name="上海 浦东新区"), policy, divisions)
    assert decision.origin_risk is RiskLevel.HIGH
    assert decision.suggested is Disposition.TURN_BACK


@pytest.mark.parametrize(
    "read", ["上海市 *", "上海*", "上海市＊", " 上海 市 * ", "上海市*，河南省郑州市"]
)
def test_ocr_text_of_a_starred_city_matches_the_division_and_keeps_the_star(
    divisions: DivisionIndex, example_policy: Policy, read: str
) -> None:
    decision = evaluate(_traveller(travel_cities=(read,)), example_policy, divisions)
    shanghai = decision.travel_cities[0]
    assert shanghai.division is not None and shanghai.division.code == "310000"
    assert shanghai.starred
    assert "行程卡含 上海市*" in decision.reasons
    assert decision.suggested is Disposition.TURN_BACK


def test_a_travel_card_city_with_a_risk_area_inside_counts(divisions: DivisionIndex) -> None:
    policy = _policy_with(("220102", "吉林省长春市南关区", "medium"))
    decision = evaluate(_traveller(travel_cities=("吉林省长春市",)), policy, divisions)
    assert decision.travel_cities[0].level is RiskLevel.MEDIUM
    assert "行程卡含 吉林省长春市(中风险)" in decision.reasons
    assert decision.suggested is Disposition.HOME_QUARANTINE


# ------------------------------------------------------------------------- the form's words


def test_the_issue_example_reads_as_the_county_wrote_it(
    divisions: DivisionIndex, example_policy: Policy
) -> None:
    record = _traveller(origin_code="310115", travel_cities=("上海市*",))
    decision = evaluate(record, example_policy, divisions)
    assert decision.explanation == "来自 上海市浦东新区(高风险) · 行程卡含 上海市* → 建议 劝返"
    assert decision.allowed == {Disposition.TURN_BACK, Disposition.CENTRAL_QUARANTINE}
    assert decision.rule_ids == ("high_risk_origin", "travel_star")
    assert decision.policy_version == 7


def test_fever_wins_and_reads_with_the_threshold(
    divisions: DivisionIndex, example_policy: Policy
) -> None:
    record = _traveller(temperature=38.1, origin_code="310115", health_colour=CodeColour.RED)
    decision = evaluate(record, example_policy, divisions)
    assert decision.suggested is Disposition.FEVER_CLINIC
    assert decision.reasons[0] == "体温 38.1 °C ≥ 37.3"
    assert "红码" in decision.reasons and decision.report


def test_yellow_code_suggests_release_with_test_and_allows_home_monitoring(
    divisions: DivisionIndex, example_policy: Policy
) -> None:
    decision = evaluate(_traveller(health_colour=CodeColour.YELLOW), example_policy, divisions)
    assert decision.explanation == "黄码 → 建议 放行+落地检"
    assert decision.allowed == {Disposition.RELEASE_TEST, Disposition.HOME_MONITORING}


def test_nothing_to_note_reads_all_normal(divisions: DivisionIndex) -> None:
    decision = evaluate(_traveller(), default_policy(), divisions)
    assert decision.explanation == "各项正常 → 建议 放行"
    assert decision.rule_ids == ()


def test_equally_severe_rules_are_decided_by_their_order_in_the_pack(
    divisions: DivisionIndex,
) -> None:
    content = example_content()
    yellow = next(r for r in content["rules"] if r["id"] == "yellow_code")
    yellow.update(suggest="home_monitoring", allow=["home_quarantine"])
    # travel_card_colour (listed after yellow_code) also suggests home_monitoring.
    record = _traveller(health_colour=CodeColour.YELLOW, travel_colour=CodeColour.YELLOW)
    first = evaluate(record, parse_policy(content), divisions)
    content["rules"].reverse()
    second = evaluate(record, parse_policy(content), divisions)
    assert first.rule_ids[0] == "yellow_code" and second.rule_ids[0] == "travel_card_colour"
    assert Disposition.HOME_QUARANTINE in first.allowed
    assert Disposition.HOME_QUARANTINE not in second.allowed


def test_a_more_severe_rule_wins_wherever_it_is_listed(divisions: DivisionIndex) -> None:
    content = example_content()
    content["rules"].reverse()  # red_code now comes after yellow-ish and nat rules
    record = _traveller(health_colour=CodeColour.RED, nat_result=NatResult.NONE)
    decision = evaluate(record, parse_policy(content), divisions)
    assert decision.suggested is Disposition.CENTRAL_QUARANTINE
    assert decision.reasons == ("红码", "无核酸证明")


def test_severity_order_lists_every_disposition_once() -> None:
    assert sorted(SEVERITY) == sorted(Disposition)


# ------------------------------------------------------------------------- overrides


def test_choosing_the_suggestion_needs_no_reason(
    divisions: DivisionIndex, example_policy: Policy
) -> None:
    decision = evaluate(_traveller(origin_code="310115"), example_policy, divisions)
    assert decision.override_problem(Disposition.TURN_BACK, "") is None


def test_another_allowed_disposition_needs_a_written_reason(
    divisions: DivisionIndex, example_policy: Policy
) -> None:
    decision = evaluate(_traveller(origin_code="310115"), example_policy, divisions)
    problem = decision.override_problem(Disposition.CENTRAL_QUARANTINE, "  ")
    assert problem == "建议「劝返」，选择「集中隔离」必须填写原因"
    assert decision.override_problem(Disposition.CENTRAL_QUARANTINE, "本人要求隔离") is None


def test_a_disposition_the_policy_does_not_allow_needs_a_reason_and_says_so(
    divisions: DivisionIndex, example_policy: Policy
) -> None:
    decision = evaluate(_traveller(origin_code="310115"), example_policy, divisions)
    problem = decision.override_problem(Disposition.RELEASE, "")
    assert problem == "策略不允许「放行」（可选：集中隔离、劝返），必须填写原因"
    assert decision.override_problem(Disposition.RELEASE, "指挥部电话同意，工号 0412") is None


# ------------------------------------------------------------------------- vaccination


def _booster_policy() -> Policy:
    content = example_content()
    content["rules"].append(
        {
            "id": "no_booster",
            "when": {"vaccine_doses_below": 3},
            "suggest": "release_test",
            "allow": ["release_test", "release"],
            "reason": "{vaccine}，未加强免疫",
        }
    )
    return parse_policy(content)


@pytest.mark.parametrize(
    ("doses", "suggested", "reason"),
    [
        (3, Disposition.RELEASE, None),
        (4, Disposition.RELEASE, None),
        (2, Disposition.RELEASE_TEST, "已接种 2 剂，未加强免疫"),
        (0, Disposition.RELEASE_TEST, "未接种疫苗，未加强免疫"),
        # Nobody recorded the doses: the careful side, as for a NAT proof nobody looked at.
        (None, Disposition.RELEASE_TEST, "疫苗未查验，未加强免疫"),
    ],
)
def test_a_county_rule_on_vaccine_doses_tests_the_unboosted_on_arrival(
    divisions: DivisionIndex, doses: int | None, suggested: Disposition, reason: str | None
) -> None:
    record = _traveller(
        health_colour=CodeColour.GREEN,
        travel_colour=CodeColour.GREEN,
        nat_result=NatResult.NEGATIVE,
        nat_sampled_at=NOW.replace(hour=8),
        vaccine_doses=doses,
    )
    decision = evaluate(record, _booster_policy(), divisions)
    assert decision.suggested is suggested
    if reason is None:
        assert "no_booster" not in decision.rule_ids
    else:
        assert decision.rule_ids[0] == "no_booster" and reason in decision.reasons


def test_a_vaccine_condition_survives_the_pack_round_trip() -> None:
    policy = _booster_policy()
    rule = next(r for r in policy.rules if r.id == "no_booster")
    assert rule.when.vaccine_doses_below == 3
    again = parse_policy(policy.to_content())
    assert next(r for r in again.rules if r.id == "no_booster").when == rule.when


@pytest.mark.parametrize("value", [0, 11, "3", True])
def test_a_vaccine_condition_outside_1_to_10_is_refused_with_its_place(value: object) -> None:
    content = example_content()
    content["rules"].append(
        {
            "id": "bad",
            "when": {"vaccine_doses_below": value},
            "suggest": "release_test",
            "allow": [],
            "reason": "x",
        }
    )
    with pytest.raises(PolicyError, match="vaccine_doses_below"):
        parse_policy(content)
