"""Before the first pack arrives the workstation decides exactly as it always did."""

from __future__ import annotations

from hypothesis import given, settings

from checkpoint_app.policy.evaluate import evaluate
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.assessment import Thresholds, assess
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import TravellerRecord
from tests.policy.strategies import travellers


@settings(max_examples=300, deadline=None)
@given(travellers())
def test_default_policy_suggests_what_the_built_in_rules_suggest(record: TravellerRecord) -> None:
    decision = evaluate(record, default_policy(), load_divisions())
    built_in = assess(record, Thresholds())
    assert decision.suggested is built_in.suggested
    assert (decision.fever, decision.nat_expired, decision.nat_text) == (
        built_in.fever,
        built_in.nat_expired,
        built_in.nat_text,
    )
    # The deciding reason is one the built-in rules gave too (fever's wording is the policy's).
    if not decision.fever and built_in.reasons:
        assert decision.reasons[0] in built_in.reasons
