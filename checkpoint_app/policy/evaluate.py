"""The policy applied to one traveller: a suggested disposition, what is allowed, and why.

How a rule is chosen (docs/POLICY.md says the same for county IT):

1. A rule applies when every condition in its ``when`` holds.
2. If the traveller has fever, the fever rule (the first rule whose only condition is
   ``"fever": true``) wins: a closed-loop transfer comes before anything else.
3. Otherwise the applying rule whose suggestion is most severe wins, in the order of
   :data:`SEVERITY`; between rules with equally severe suggestions, the one listed first
   in the pack wins.
4. If no rule applies, the pack's ``otherwise`` entry gives the suggestion and reason.

The decision's ``allowed`` is the winning rule's; ``reasons`` are the reasons of every
applying rule, the winner's first, so the worker sees everything the policy noticed.

Risk matching: the typed origin (its GB/T 2260 code, or failing that its name matched
tolerantly) is at risk when a listed area is the origin or one of its ancestors. A
travel-card city is at risk when a listed area is the city, an ancestor, or lies inside
it — the card only names cities, and its * means "this city has risk areas".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from checkpoint_app.policy.schema import (
    Conditions,
    NatState,
    PledgeState,
    Policy,
    RiskArea,
    RiskLevel,
)
from checkpoint_app.records.divisions import Division, DivisionIndex
from checkpoint_app.records.model import CodeColour, Disposition, NatResult, TravellerRecord
from checkpoint_app.records.pledge import PledgeMethod
from checkpoint_app.records.validation import is_fever, nat_status

# Most severe first; decides between rules that apply together (see the module docstring).
SEVERITY: tuple[Disposition, ...] = (
    Disposition.FEVER_CLINIC,
    Disposition.CENTRAL_QUARANTINE,
    Disposition.TURN_BACK,
    Disposition.HOME_QUARANTINE,
    Disposition.HOME_MONITORING,
    Disposition.RELEASE_TEST,
    Disposition.RELEASE,
)
_RANK = {disposition: rank for rank, disposition in enumerate(SEVERITY)}

_STAR = re.compile(r"[*＊]")
_CITY_SEPARATORS = re.compile(r"[,，、;；/|\n]+")


@dataclass(frozen=True, slots=True)
class TravelCity:
    """One city from the travel card, as read and as matched."""

    text: str  # as read (OCR or typed)
    starred: bool  # the card marked it with *
    division: Division | None
    level: RiskLevel
    area: RiskArea | None  # the listed area that gives `level`

    @property
    def display(self) -> str:
        """The city's name as the worker reads it, with its star: "上海市*"."""
        name = self.division.full_name if self.division else _STAR.sub("", self.text).strip()
        return name + ("*" if self.starred else "")


@dataclass(frozen=True, slots=True)
class Decision:
    """What the form shows before saving. `reasons` are Chinese, the deciding one first."""

    suggested: Disposition
    allowed: frozenset[Disposition]
    reasons: tuple[str, ...]
    fever: bool
    nat_expired: bool  # no valid negative proof: missing, too old or positive
    nat_text: str
    nat_state: NatState
    origin_risk: RiskLevel
    travel_cities: tuple[TravelCity, ...] = ()
    rule_ids: tuple[str, ...] = ()  # applying rules, the winner first; empty for `otherwise`
    report: bool = False  # an applying rule asks to report to the county command
    policy_version: int | None = None  # pack version, None for the built-in default

    @property
    def explanation(self) -> str:
        """One line for the form: "来自 上海市浦东新区(高风险) · 行程卡含 上海市* → 建议 劝返"."""
        return " · ".join(self.reasons) + " → 建议 " + self.suggested.label

    def override_problem(self, chosen: Disposition, override_reason: str) -> str | None:
        """A Chinese message if `chosen` needs a written reason that is missing, else None.

        Any disposition other than the suggestion needs a reason; the message is sharper
        when the policy does not allow the choice at all.
        """
        if chosen is self.suggested or override_reason.strip():
            return None
        if chosen not in self.allowed:
            allowed = "、".join(d.label for d in SEVERITY if d in self.allowed)
            return f"策略不允许「{chosen.label}」（可选：{allowed}），必须填写原因"
        return f"建议「{self.suggested.label}」，选择「{chosen.label}」必须填写原因"


@dataclass(frozen=True, slots=True)
class _Facts:
    fever: bool
    health_colour: CodeColour
    travel_colour: CodeColour
    travel_star: bool
    origin_risk: RiskLevel
    travel_risk: RiskLevel
    nat: NatState
    vaccine_doses: int | None
    pledge: PledgeState


_PLEDGE_TEXT = {
    PledgeState.SIGNED: "已签承诺书",
    PledgeState.REFUSED: "拒签承诺书",
    PledgeState.UNSIGNED: "未签承诺书",
}


def _pledge_state(method: PledgeMethod) -> PledgeState:
    if method.signed:
        return PledgeState.SIGNED
    return PledgeState.REFUSED if method is PledgeMethod.REFUSED else PledgeState.UNSIGNED


def evaluate(record: TravellerRecord, policy: Policy, divisions: DivisionIndex) -> Decision:
    """The policy's decision for `record` at its own check time (`record.checked_at`)."""
    thresholds = policy.thresholds
    fever = record.temperature is not None and is_fever(
        record.temperature, threshold=thresholds.fever_celsius
    )
    nat_state, nat_text = _nat(record, thresholds.nat_valid_hours)
    origin, origin_level = _origin(record, policy, divisions)
    cities = tuple(_travel_cities(record.travel_cities, policy, divisions))
    levels = [c.level for c in cities]
    travel_risk = max(levels, key=lambda level: level.rank, default=RiskLevel.NONE)
    facts = _Facts(
        fever=fever,
        health_colour=record.health_colour,
        travel_colour=record.travel_colour,
        travel_star=any(c.starred for c in cities),
        origin_risk=origin_level,
        travel_risk=travel_risk,
        nat=nat_state,
        vaccine_doses=record.vaccine_doses,
        pledge=_pledge_state(record.pledge.method),
    )
    fields = {
        "temperature": "—" if record.temperature is None else f"{record.temperature:.1f}",
        "fever_threshold": f"{thresholds.fever_celsius:.1f}",
        "health_colour": record.health_colour.label,
        "travel_colour": record.travel_colour.label,
        "origin": origin,
        "origin_level": origin_level.label,
        "starred_cities": "、".join(c.display for c in cities if c.starred),
        "risk_cities": "、".join(
            f"{c.display}({c.level.label})" for c in cities if c.level is not RiskLevel.NONE
        ),
        "nat": nat_text,
        "nat_valid_hours": str(thresholds.nat_valid_hours),
        "vaccine": (
            "疫苗未查验"
            if record.vaccine_doses is None
            else f"已接种 {record.vaccine_doses} 剂"
            if record.vaccine_doses
            else "未接种疫苗"
        ),
        "pledge": _PLEDGE_TEXT[facts.pledge],
    }

    applying = [(i, r) for i, r in enumerate(policy.rules) if _applies(r.when, facts)]
    applying.sort(key=lambda item: (_RANK[item[1].suggest], item[0]))
    if fever:
        fever_rule = policy.fever_rule
        applying.sort(key=lambda item: item[1] is not fever_rule)  # stable: the rest keep order
    rules = [rule for _index, rule in applying]
    if rules:
        suggested, allowed = rules[0].suggest, rules[0].allow
        reasons = list(dict.fromkeys(r for r in (_fill(x.reason, fields) for x in rules) if r))
    else:
        suggested, allowed = policy.otherwise.suggest, policy.otherwise.allow
        reasons = [_fill(policy.otherwise.reason, fields)]
    return Decision(
        suggested=suggested,
        allowed=allowed,
        reasons=tuple(reasons) or ("各项正常" if not rules else rules[0].id,),
        fever=fever,
        nat_expired=nat_state is not NatState.VALID,
        nat_text=nat_text,
        nat_state=nat_state,
        origin_risk=origin_level,
        travel_cities=cities,
        rule_ids=tuple(rule.id for rule in rules),
        report=any(rule.report for rule in rules),
        policy_version=policy.pack_version,
    )


def _applies(when: Conditions, facts: _Facts) -> bool:
    return (
        (when.fever is None or when.fever == facts.fever)
        and (when.health_colour is None or facts.health_colour in when.health_colour)
        and (when.travel_colour is None or facts.travel_colour in when.travel_colour)
        and (when.travel_star is None or when.travel_star == facts.travel_star)
        and (when.origin_risk is None or facts.origin_risk in when.origin_risk)
        and (when.travel_risk is None or facts.travel_risk in when.travel_risk)
        and (when.nat is None or facts.nat in when.nat)
        and (
            when.vaccine_doses_below is None
            or facts.vaccine_doses is None
            or facts.vaccine_doses < when.vaccine_doses_below
        )
        and (when.pledge is None or facts.pledge in when.pledge)
    )


def _fill(template: str, fields: Mapping[str, str]) -> str:
    # Templates were checked by parse_policy to name only fields we always fill.
    return template.format_map(fields).strip()


def _nat(record: TravellerRecord, valid_hours: int) -> tuple[NatState, str]:
    """As records/assessment.py: the proof at the moment of the check."""
    if record.nat_result is NatResult.POSITIVE:
        return NatState.POSITIVE, "核酸阳性"
    if record.nat_result is NatResult.NONE:
        return NatState.MISSING, "无核酸证明"
    if record.nat_result is NatResult.UNCHECKED:
        # A rule treats "not looked at" like "not shown"; the record keeps the difference.
        return NatState.MISSING, "核酸未查验"
    if record.nat_sampled_at is None:
        return NatState.VALID, f"阴性 · {valid_hours} 小时内（已查验）"
    status = nat_status(record.nat_sampled_at, now=record.checked_at, valid_hours=valid_hours)
    return (NatState.VALID if status.valid else NatState.EXPIRED), status.text


def _origin(
    record: TravellerRecord, policy: Policy, divisions: DivisionIndex
) -> tuple[str, RiskLevel]:
    """The origin's display name and risk level; the code wins over the typed name."""
    code = record.origin_code.strip()
    division = divisions.get(code) if code else None
    if not code and record.origin_name.strip():
        division = divisions.match_place(record.origin_name)
        code = division.code if division else ""
    name = division.full_name if division else (record.origin_name.strip() or code)
    if not code:
        return name, RiskLevel.NONE
    level, _area = policy.risk_level(code)
    return name, level


def _travel_cities(
    texts: tuple[str, ...], policy: Policy, divisions: DivisionIndex
) -> list[TravelCity]:
    cities: list[TravelCity] = []
    for text in texts:
        for part in _CITY_SEPARATORS.split(text):
            if not _STAR.sub("", part).strip():
                continue
            division = divisions.match_place(part)
            level, area = _city_risk(division.code, policy) if division else (RiskLevel.NONE, None)
            cities.append(TravelCity(part.strip(), bool(_STAR.search(part)), division, level, area))
    return cities


def _city_risk(code: str, policy: Policy) -> tuple[RiskLevel, RiskArea | None]:
    """Highest level of a listed area covering the city or lying inside it."""
    city = RiskArea(code, "", RiskLevel.NONE, date.min)  # only for its covers()
    best: RiskArea | None = None
    for area in policy.risk_areas:
        related = area.covers(code) or city.covers(area.code)
        if related and (best is None or area.level.rank > best.level.rank):
            best = area
    return (RiskLevel.NONE, None) if best is None else (best.level, best)
