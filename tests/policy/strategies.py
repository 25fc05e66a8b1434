"""Hypothesis strategies: travellers as they reach the form, and valid policy packs."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

from checkpoint_app.policy.schema import (
    REASON_FIELDS,
    CodeIssuerRule,
    Conditions,
    NatState,
    Otherwise,
    Policy,
    PolicyCheckpoint,
    RiskArea,
    RiskLevel,
    Rule,
    Thresholds,
)
from checkpoint_app.records.divisions import Division, load_divisions, short_name
from checkpoint_app.records.model import (
    CheckpointKind,
    CodeColour,
    Disposition,
    NatResult,
    TravellerRecord,
)

CHINA = timezone(timedelta(hours=8))


@functools.cache
def all_divisions() -> tuple[Division, ...]:
    return tuple(load_divisions())


@functools.cache
def cities() -> tuple[Division, ...]:
    """What a travel card lists: prefecture-level cities and the four municipalities."""
    index = load_divisions()
    return tuple(
        d
        for d in index
        if d.level == 2 or (d.level == 1 and index.children(d.code) and d.name.endswith("市"))
    )


divisions_st = st.sampled_from(all_divisions())


@st.composite
def city_text(draw: st.DrawFn) -> str:
    """A travel-card city as OCR reads it: "上海市*", "上海 *", "河南省郑州市", "郑州＊"…"""
    city = draw(st.sampled_from(cities()))
    name = draw(st.sampled_from([city.name, city.full_name, short_name(city.name)]))
    star = draw(st.sampled_from(["", "", "*", " *", "＊", "* "]))
    return name + star


@st.composite
def travellers(draw: st.DrawFn, origin: st.SearchStrategy[str] | None = None) -> TravellerRecord:
    checked_at = draw(
        st.datetimes(datetime(2022, 3, 1), datetime(2022, 6, 30), timezones=st.just(CHINA))
    )
    nat_result = draw(st.sampled_from(NatResult))
    sampled_at = None
    if nat_result is NatResult.NEGATIVE and draw(st.booleans()):
        sampled_at = checked_at - timedelta(minutes=draw(st.integers(-600, 100 * 60)))
    temperature = draw(st.none() | st.integers(340, 430).map(lambda t: t / 10))
    return TravellerRecord(
        uuid="00000000-0000-4000-8000-000000000000",
        checked_at=checked_at.astimezone(UTC) if draw(st.booleans()) else checked_at,
        disposition=Disposition.RELEASE,
        origin_code=draw(
            origin if origin is not None else st.just("") | divisions_st.map(lambda d: d.code)
        ),
        temperature=temperature,
        health_colour=draw(st.sampled_from(CodeColour)),
        travel_colour=draw(st.sampled_from(CodeColour)),
        travel_cities=tuple(draw(st.lists(city_text(), max_size=4))),
        nat_result=nat_result,
        nat_sampled_at=sampled_at,
        vaccine_doses=draw(st.none() | st.integers(0, 4)),
    )


# ---------------------------------------------------------------------------- packs

_TEMPLATES = ["{" + name + "}" for name in REASON_FIELDS] + [
    "来自 {origin}({origin_level})",
    "行程卡含 {starred_cities}",
    "体温 {temperature} °C ≥ {fever_threshold}",
    "黄码",
    "核酸：{nat}",
]
dispositions = st.sampled_from(Disposition)
non_release = st.sampled_from([d for d in Disposition if not d.is_release])
disposition_sets = st.frozensets(dispositions)


def _opt_set(elements: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | st.frozensets(elements, min_size=1)


conditions = st.builds(
    Conditions,
    fever=st.none() | st.booleans(),
    health_colour=_opt_set(st.sampled_from(CodeColour)),
    travel_colour=_opt_set(st.sampled_from(CodeColour)),
    travel_star=st.none() | st.booleans(),
    origin_risk=_opt_set(st.sampled_from(RiskLevel)),
    travel_risk=_opt_set(st.sampled_from(RiskLevel)),
    nat=_opt_set(st.sampled_from(NatState)),
    vaccine_doses_below=st.none() | st.integers(1, 10),
).filter(
    # A second fever-only rule listed first would become the fever rule; keep it unambiguous.
    lambda c: (
        any(getattr(c, f) is not None for f in Conditions.__slots__) and not c.is_only("fever")
    )
)


def _rule(
    rule_id: str,
    when: Conditions,
    suggest: Disposition,
    allow: frozenset[Disposition],
    reason: str,
    report: bool,
) -> Rule:
    return Rule(rule_id, when, suggest, allow | {suggest}, reason, report)


def rules_st(
    rule_id: str,
    when: st.SearchStrategy[Conditions],
    suggest: st.SearchStrategy[Disposition] = dispositions,
) -> st.SearchStrategy[Rule]:
    return st.builds(
        _rule,
        st.just(rule_id),
        when,
        suggest,
        disposition_sets,
        st.sampled_from(_TEMPLATES),
        st.booleans(),
    )


@st.composite
def risk_areas(draw: st.DrawFn) -> tuple[RiskArea, ...]:
    chosen = draw(st.lists(divisions_st, max_size=8, unique=True))
    return tuple(
        RiskArea(
            d.code,
            d.full_name,
            draw(st.sampled_from([RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW])),
            draw(st.dates(datetime(2022, 1, 1).date(), datetime(2022, 6, 1).date())),
        )
        for d in chosen
    )


@st.composite
def policies(
    draw: st.DrawFn, areas: st.SearchStrategy[tuple[RiskArea, ...]] | None = None
) -> Policy:
    """A valid policy: random rules, plus the fever and high-risk rules every pack must have."""
    others = [draw(rules_st(f"rule_{i}", conditions)) for i in range(draw(st.integers(0, 6)))]
    fever = draw(rules_st("fever", st.just(Conditions(fever=True)), non_release))
    high = draw(
        rules_st(
            "high_risk",
            st.frozensets(st.sampled_from(RiskLevel)).map(
                lambda s: Conditions(origin_risk=s | {RiskLevel.HIGH})
            ),
            non_release,
        )
    )
    rules = draw(st.permutations([*others, fever, high]))
    otherwise_suggest = draw(dispositions)
    return Policy(
        thresholds=Thresholds(
            fever_celsius=draw(st.integers(365, 390).map(lambda t: t / 10)),
            nat_valid_hours=draw(st.integers(1, 168)),
            screenshot_max_age_minutes=draw(st.integers(1, 1440)),
            retention_days=draw(st.integers(1, 3650)),
        ),
        risk_areas=draw(areas if areas is not None else risk_areas()),
        rules=tuple(rules),
        otherwise=Otherwise(
            otherwise_suggest,
            draw(disposition_sets) | {otherwise_suggest},
            draw(st.sampled_from(["各项正常", "无异常情况"])),
        ),
        checkpoints=tuple(
            draw(
                st.lists(
                    st.builds(
                        PolicyCheckpoint,
                        st.sampled_from(["宁洛高速谭庄站", "周南高速商水收费站", "张明乡卡点"]),
                        st.sampled_from(CheckpointKind),
                        st.sampled_from(["谭庄镇", "张明乡", ""]),
                    ),
                    max_size=3,
                )
            )
        ),
        townships=tuple(
            draw(st.lists(st.sampled_from(["谭庄镇", "张明乡", "郝岗镇", "城关乡"]), unique=True))
        ),
        code_issuers=(CodeIssuerRule("豫康码", "河南", ("^YKM[:_-]?[0-9A-Z]{16,64}$",)),),
        title=draw(st.sampled_from(["", "商水县卡点防控策略"])),
    )
