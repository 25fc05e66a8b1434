"""The content of the county's policy pack, as typed values, and its JSON Schema.

The pack's signed envelope (``sync.protocol.PolicyPack``) carries a JSON object; this
module says what that object must hold and turns it into a :class:`Policy`. Anything
else is refused whole with a :class:`PolicyError` whose ``.message`` is Chinese for
county IT and for the worker ("防控策略包内容有误：rules[2].suggest …"), so a half-
understood pack can never be put in force.

``POLICY_SCHEMA`` (draft 2020-12) is the published contract, shipped as
``resources/data/policy-pack.schema.json``. ``parse_policy`` checks everything the
schema says and a few things a schema cannot: unique rule ids, regular expressions that
compile, reason templates that only name known fields, and that a pack has a fever rule
and a rule for travellers from high-risk areas (see docs/POLICY.md).

The schema is hand-written rather than derived from a library because the workstation
must read it offline, county IT reads it with its Chinese descriptions, and no JSON
Schema validator is among the workstation's dependencies; tests check the two agree.
"""

from __future__ import annotations

import functools
import json
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from checkpoint_app.records.model import CheckpointKind, CodeColour, Disposition
from checkpoint_app.records.pledge import MAX_PLEDGE_VERSION
from checkpoint_app.records.validation import MAX_VACCINE_DOSES
from checkpoint_app.resources import resource_path

SCHEMA_VERSION = 1
SCHEMA_ID = "https://checkpoint-app.example/policy-pack.schema.json"


class PolicyError(ValueError):
    """Pack content that must not be put in force; `.message` is the Chinese text to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RiskLevel(StrEnum):
    """Risk level of an area. NONE is "not on the list" and never appears in a list entry."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return _RISK_LABELS[self]

    @property
    def rank(self) -> int:
        return _RISK_RANKS[self]


_RISK_LABELS = {
    RiskLevel.NONE: "非风险地区",
    RiskLevel.LOW: "低风险",
    RiskLevel.MEDIUM: "中风险",
    RiskLevel.HIGH: "高风险",
}
_RISK_RANKS = {RiskLevel.NONE: 0, RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}
_LISTED_LEVELS = (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)


class NatState(StrEnum):
    """The nucleic-acid proof at the moment of the check, as a rule sees it."""

    VALID = "valid"  # negative, sampled within the validity hours
    EXPIRED = "expired"  # negative but too old, or a sampling time in the future
    MISSING = "missing"  # no proof shown
    POSITIVE = "positive"


class PledgeState(StrEnum):
    """The pledge (承诺书) at the moment of the check, as a rule sees it."""

    SIGNED = "signed"  # on screen or on a numbered paper slip
    REFUSED = "refused"
    UNSIGNED = "unsigned"  # nothing recorded yet


# Fields a rule's reason template may name, e.g. "来自 {origin}({origin_level})".
# evaluate.py fills every one of them for every traveller.
REASON_FIELDS: Mapping[str, str] = {
    "temperature": "体温，一位小数，如 38.1",
    "fever_threshold": "发热线，如 37.3",
    "health_colour": "健康码颜色，如 黄码",
    "travel_colour": "行程卡颜色，如 黄码",
    "origin": "来源地全称，如 上海市浦东新区",
    "origin_level": "来源地风险等级，如 高风险",
    "starred_cities": "行程卡上带 * 的城市，如 上海市*",
    "risk_cities": "行程卡上位于风险地区的城市及等级，如 上海市(高风险)",
    "nat": "核酸情况，如 无核酸证明、已超过 48 小时、核酸阳性",
    "nat_valid_hours": "核酸有效小时数，如 48",
    "vaccine": "疫苗接种情况，如 已接种 2 剂、疫苗未查验",
    "pledge": "承诺书情况：已签承诺书、拒签承诺书或未签承诺书",
}

# Papers handed to the traveller, by the kind code used in the pack's papers.texts.
PAPER_KINDS: Mapping[str, str] = {
    "turn_back": "劝返告知书",
    "home_quarantine": "居家隔离告知书",
    "home_monitoring": "居家健康监测告知书",
    "arrival_test": "落地检告知书",
    "health_card": "健康服务卡",
}
# Placeholders a paper's text may name; reports/papers.py fills every one of them for
# every paper (tests/reports/test_papers.py checks that the two lists agree).
PAPER_FIELDS: Mapping[str, str] = {
    "name": "旅客姓名",
    "checkpoint": "卡点名称",
    "township": "目的地乡镇（未填时为卡点所在乡镇）",
    "township_contact": "该乡镇的联系电话（未配置时为县热线）",
    "hotline": "县疫情防控热线",
    "days": "居家隔离或健康监测天数（来自 follow_up）",
    "hours": "落地检时限小时数",
    "deadline": "期满或须完成检测的时间，如 4月24日",
    "date": "发放日期，如 2022年4月10日",
    "origin": "来源地，未填时为「出发地」",
    "reason": "劝返原因",
    "test_place": "落地检地点",
}
DEFAULT_HOTLINE = "12345"
DEFAULT_ARRIVAL_TEST_HOURS = 24

_CONDITION_KEYS = (
    "fever",
    "health_colour",
    "travel_colour",
    "travel_star",
    "origin_risk",
    "travel_risk",
    "nat",
    "vaccine_doses_below",
    "pledge",
)
_DISPOSITIONS = [d.value for d in Disposition]
_COLOURS = [c.value for c in CodeColour]
_RISKS = [r.value for r in RiskLevel]
_NAT_STATES = [n.value for n in NatState]
_PLEDGE_STATES = [p.value for p in PledgeState]
_DIVISION_CODE = "^[0-9]{6}$"
_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _set_of(values: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "description": description,
        "items": {"enum": values},
        "minItems": 1,
        "uniqueItems": True,
    }


POLICY_SCHEMA: Mapping[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "卡点通 防控策略包内容",
    "description": "县疫情防控指挥部发布、签名的防控策略："
    "阈值、中高风险地区、处置规则、卡点与乡镇、健康码识别规则。",
    "type": "object",
    "required": [
        "schema_version",
        "thresholds",
        "risk_areas",
        "rules",
        "otherwise",
        "checkpoints",
        "townships",
        "code_issuers",
    ],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION, "description": "内容格式版本"},
        "title": {"type": "string", "description": "策略名称，显示给工作人员"},
        "thresholds": {
            "type": "object",
            "required": [
                "fever_celsius",
                "nat_valid_hours",
                "screenshot_max_age_minutes",
                "retention_days",
            ],
            "additionalProperties": False,
            "properties": {
                "fever_celsius": {
                    "type": "number",
                    "minimum": 36.0,
                    "maximum": 40.0,
                    "description": "发热线（°C），体温达到即为发热",
                },
                "nat_valid_hours": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 720,
                    "description": "核酸阴性证明有效小时数（自采样时间起）",
                },
                "screenshot_max_age_minutes": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 1440,
                    "description": "截图上的时间最多早于现在多少分钟",
                },
                "retention_days": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 3650,
                    "description": "登记记录在卡点电脑上保留的天数",
                },
            },
        },
        "risk_areas": {
            "type": "array",
            "description": "中高风险地区；省、市级代码包含其下所有区县",
            "items": {"$ref": "#/$defs/risk_area"},
        },
        "rules": {
            "type": "array",
            "description": "处置规则；发热规则优先，其余取建议处置最严重的一条，"
            "同等时取列表中靠前的一条",
            "minItems": 1,
            "items": {"$ref": "#/$defs/rule"},
        },
        "otherwise": {
            "type": "object",
            "description": "没有规则适用时的建议",
            "required": ["suggest", "allow", "reason"],
            "additionalProperties": False,
            "properties": {
                "suggest": {"$ref": "#/$defs/disposition"},
                "allow": {"$ref": "#/$defs/dispositions"},
                "reason": {"type": "string", "minLength": 1},
            },
        },
        "checkpoints": {"type": "array", "items": {"$ref": "#/$defs/checkpoint"}},
        "townships": {
            "type": "array",
            "description": "本县乡镇、街道（目的地选项）",
            "items": {"type": "string", "minLength": 1},
            "uniqueItems": True,
        },
        "code_issuers": {
            "type": "array",
            "description": "健康码识别规则，格式同 resources/data/code_issuers.json 的 issuers",
            "items": {"$ref": "#/$defs/code_issuer"},
        },
        "follow_up": {
            "type": "object",
            "description": "跟进期限（天，自到达日起算）；可省略，省略时为 14、7、3 天。"
            "旧版卡点通不认识此项，与默认值相同时请省略",
            "additionalProperties": False,
            "properties": {
                "home_quarantine_days": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 60,
                    "description": "居家隔离天数",
                },
                "home_monitoring_days": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 60,
                    "description": "居家健康监测天数",
                },
                "arrival_test_days": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 60,
                    "description": "落地检须在几天内完成",
                },
            },
        },
        "papers": {
            "type": "object",
            "description": "发给旅客的告知书与健康服务卡；可省略，省略时用卡点通内置的文字。"
            "旧版卡点通不认识此项，与默认值相同时请省略",
            "additionalProperties": False,
            "properties": {
                "hotline": {
                    "type": "string",
                    "description": "县疫情防控热线，印在每张告知书上；省略时为 " + DEFAULT_HOTLINE,
                },
                "township_contacts": {
                    "type": "object",
                    "description": '乡镇联系电话，键为乡镇名，如 {"谭庄镇": "0394-5xxxxxx"}',
                    "additionalProperties": {"type": "string", "minLength": 1},
                },
                "arrival_test_hours": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 72,
                    "description": "落地检须在到达后几小时内完成（印在落地检告知书上），"
                    "省略时为 24",
                },
                "arrival_test_place": {
                    "type": "string",
                    "description": "落地检地点，省略时为「目的地乡镇卫生院或就近核酸采样点」",
                },
                "texts": {
                    "type": "object",
                    "description": "正文模板，每行一段；可用 {"
                    + "} {".join(PAPER_FIELDS)
                    + "}，其他花括号内容会被拒绝",
                    "additionalProperties": False,
                    "properties": {
                        kind: {"type": "string", "minLength": 1, "description": label}
                        for kind, label in PAPER_KINDS.items()
                    },
                },
            },
        },
        "pledges": {
            "type": "object",
            "description": "旅客签的承诺书；可省略，省略时用卡点通内置的承诺书、不强制签署。"
            "旧版卡点通不认识此项，与默认值相同时请省略",
            "additionalProperties": False,
            "properties": {
                "required_for": {
                    "$ref": "#/$defs/dispositions",
                    "description": "这些处置必须记录承诺书（已签或拒签）才能保存",
                },
                "texts": {
                    "type": "array",
                    "description": "承诺书文本；版本号在包内唯一，改动文本须换新版本号。"
                    "可按处置分别给出，未列处置的文本适用于其余处置",
                    "minItems": 1,
                    "items": {"$ref": "#/$defs/pledge_text"},
                },
            },
        },
    },
    "patternProperties": {"^_": {"description": "注释，不参与处理"}},
    "additionalProperties": False,
    "$defs": {
        "pledge_text": {
            "type": "object",
            "required": ["version", "title", "text"],
            "additionalProperties": False,
            "properties": {
                "version": {"type": "integer", "minimum": 1, "maximum": MAX_PLEDGE_VERSION},
                "title": {"type": "string", "minLength": 1, "description": "标题，如 承诺书"},
                "text": {"type": "string", "minLength": 1, "description": "正文，每行一段"},
                "dispositions": {
                    "$ref": "#/$defs/dispositions",
                    "minItems": 1,
                    "description": "适用的处置；省略时适用于其余所有处置",
                },
            },
        },
        "disposition": {
            "enum": _DISPOSITIONS,
            "description": "release 放行, release_test 放行+落地检, turn_back 劝返, "
            "central_quarantine 集中隔离, home_quarantine 居家隔离, "
            "home_monitoring 居家健康监测, fever_clinic 转运发热门诊",
        },
        "dispositions": {
            "type": "array",
            "items": {"$ref": "#/$defs/disposition"},
            "uniqueItems": True,
        },
        "risk_area": {
            "type": "object",
            "required": ["code", "name", "level", "since"],
            "additionalProperties": False,
            "properties": {
                "code": {
                    "type": "string",
                    "pattern": _DIVISION_CODE,
                    "description": "GB/T 2260 代码",
                },
                "name": {"type": "string", "minLength": 1},
                "level": {"enum": [level.value for level in _LISTED_LEVELS]},
                "since": {"type": "string", "pattern": _DATE, "description": "列为风险地区的日期"},
            },
        },
        "rule": {
            "type": "object",
            "required": ["id", "when", "suggest", "allow", "reason"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                "when": {
                    "type": "object",
                    "description": "全部条件都满足时适用；列表表示其中任一",
                    "minProperties": 1,
                    "additionalProperties": False,
                    "properties": {
                        "fever": {"type": "boolean"},
                        "health_colour": _set_of(_COLOURS, "健康码颜色"),
                        "travel_colour": _set_of(_COLOURS, "行程卡颜色"),
                        "travel_star": {"type": "boolean", "description": "行程卡有带 * 的城市"},
                        "origin_risk": _set_of(_RISKS, "来源地风险等级"),
                        "travel_risk": _set_of(_RISKS, "行程卡城市的最高风险等级"),
                        "nat": _set_of(_NAT_STATES, "核酸情况"),
                        "vaccine_doses_below": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_VACCINE_DOSES,
                            "description": "疫苗剂次少于此数（未查验的也算）",
                        },
                        "pledge": {
                            "description": "承诺书：signed 已签（屏幕或纸质）、refused 拒签、"
                            "unsigned 未签；一个取值或取值列表",
                            "anyOf": [
                                {"enum": _PLEDGE_STATES},
                                _set_of(_PLEDGE_STATES, "承诺书情况"),
                            ],
                        },
                    },
                },
                "suggest": {"$ref": "#/$defs/disposition"},
                "allow": {"$ref": "#/$defs/dispositions"},
                "reason": {
                    "type": "string",
                    "minLength": 1,
                    "description": "说明模板，可用 {" + "} {".join(REASON_FIELDS) + "}",
                },
                "report": {"type": "boolean", "description": "须报告县指挥部"},
            },
        },
        "checkpoint": {
            "type": "object",
            "required": ["name", "kind", "township"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "kind": {"enum": [k.value for k in CheckpointKind]},
                "township": {"type": "string"},
            },
        },
        "code_issuer": {
            "type": "object",
            "required": ["issuer", "province", "patterns"],
            "additionalProperties": False,
            "properties": {
                "issuer": {"type": "string", "minLength": 1},
                "province": {"type": "string"},
                "patterns": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "minLength": 1},
                },
            },
        },
    },
}


# ------------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Thresholds:
    fever_celsius: float
    nat_valid_hours: int
    screenshot_max_age_minutes: int
    retention_days: int


@dataclass(frozen=True, slots=True)
class FollowUpDays:
    """How long the township follows up each disposition, in days from the arrival date."""

    home_quarantine_days: int = 14
    home_monitoring_days: int = 7
    arrival_test_days: int = 3

    def days_for(self, disposition: Disposition) -> int | None:
        """The follow-up period of `disposition`, None when it needs no follow-up."""
        return {
            Disposition.HOME_QUARANTINE: self.home_quarantine_days,
            Disposition.HOME_MONITORING: self.home_monitoring_days,
            Disposition.RELEASE_TEST: self.arrival_test_days,
        }.get(disposition)


_FOLLOW_UP_KEYS = ("home_quarantine_days", "home_monitoring_days", "arrival_test_days")


@dataclass(frozen=True, slots=True)
class PaperSettings:
    """What the pack says about the papers; empty texts fall back to the built-in ones.

    Pairs rather than dicts so that a Policy stays hashable like its other values.
    """

    hotline: str = DEFAULT_HOTLINE
    township_contacts: tuple[tuple[str, str], ...] = ()
    arrival_test_hours: int = DEFAULT_ARRIVAL_TEST_HOURS
    arrival_test_place: str = ""
    texts: tuple[tuple[str, str], ...] = ()  # (kind, template) in PAPER_KINDS order

    def contact_for(self, township: str) -> str:
        """The township's phone from the pack, "" when it has none."""
        return dict(self.township_contacts).get(township, "")

    def text_for(self, kind: str) -> str:
        """The pack's template for `kind`, "" when the built-in text applies."""
        return dict(self.texts).get(kind, "")


DEFAULT_PLEDGE_TITLE = "承诺书"
DEFAULT_PLEDGE_TEXT = (
    "本人承诺：\n"
    "一、所填信息真实、准确、完整；\n"
    "二、如实申报本人14天内的行程和接触情况；\n"
    "三、遵守居家隔离、居家健康监测、落地检等疫情防控要求，出现发热、咳嗽等症状及时报告；\n"
    "四、如有隐瞒、虚报或不遵守防控要求，愿承担相应的法律责任。"
)


@dataclass(frozen=True, slots=True)
class PledgeText:
    """One pledge text; `version` 0 is the built-in text, a pack's texts have 1 and up."""

    version: int
    title: str
    text: str
    dispositions: frozenset[Disposition] | None = None  # None: every other disposition


DEFAULT_PLEDGE = PledgeText(0, DEFAULT_PLEDGE_TITLE, DEFAULT_PLEDGE_TEXT)


@dataclass(frozen=True, slots=True)
class PledgeSettings:
    """The pack's pledge texts and the dispositions that cannot be saved without one."""

    texts: tuple[PledgeText, ...] = (DEFAULT_PLEDGE,)
    required_for: frozenset[Disposition] = frozenset()

    def text_for(self, disposition: Disposition) -> PledgeText:
        """The text shown to a traveller given `disposition`: theirs, else the general one."""
        for text in self.texts:
            if text.dispositions is not None and disposition in text.dispositions:
                return text
        return next((t for t in self.texts if t.dispositions is None), DEFAULT_PLEDGE)

    def text_of_version(self, version: int) -> PledgeText | None:
        """The text with `version` (0: the built-in one), None when this pack has none."""
        if version == 0:
            return DEFAULT_PLEDGE
        return next((t for t in self.texts if t.version == version), None)

    def required(self, disposition: Disposition) -> bool:
        return disposition in self.required_for


@dataclass(frozen=True, slots=True)
class RiskArea:
    """A listed area. A province (xx0000) or city (xxyy00) code covers its descendants."""

    code: str
    name: str
    level: RiskLevel
    since: date

    def covers(self, code: str) -> bool:
        """True when `code` is this area or lies inside it (by GB/T 2260 code structure)."""
        if self.code.endswith("0000"):
            return code[:2] == self.code[:2]
        if self.code.endswith("00"):
            return code[:4] == self.code[:4]
        return code == self.code


@dataclass(frozen=True, slots=True)
class Conditions:
    """What a rule asks of a traveller; None means "any". Sets mean "one of these"."""

    fever: bool | None = None
    health_colour: frozenset[CodeColour] | None = None
    travel_colour: frozenset[CodeColour] | None = None
    travel_star: bool | None = None
    origin_risk: frozenset[RiskLevel] | None = None
    travel_risk: frozenset[RiskLevel] | None = None
    nat: frozenset[NatState] | None = None
    # Fewer recorded doses than this; doses nobody recorded count as fewer, as a NAT
    # proof nobody looked at counts as missing: the rule errs on the careful side.
    vaccine_doses_below: int | None = None
    pledge: frozenset[PledgeState] | None = None

    def is_only(self, name: str) -> bool:
        """True when `name` is the one condition set."""
        return all((getattr(self, key) is None) is (key != name) for key in _CONDITION_KEYS)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: Conditions
    suggest: Disposition
    allow: frozenset[Disposition]  # always includes `suggest`
    reason: str  # template, see REASON_FIELDS
    report: bool = False


@dataclass(frozen=True, slots=True)
class Otherwise:
    suggest: Disposition
    allow: frozenset[Disposition]  # always includes `suggest`
    reason: str


@dataclass(frozen=True, slots=True)
class PolicyCheckpoint:
    name: str
    kind: CheckpointKind
    township: str


@dataclass(frozen=True, slots=True)
class CodeIssuerRule:
    """A health-code issuer and the regular expressions its QR content matches."""

    issuer: str
    province: str
    patterns: tuple[str, ...]

    def compiled(self) -> tuple[re.Pattern[str], ...]:
        """The patterns as scanning uses them (re.search, case-insensitive)."""
        return tuple(re.compile(p, re.IGNORECASE) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Policy:
    """The rules in force. `pack_version` is the signed pack's version, None for the default."""

    thresholds: Thresholds
    risk_areas: tuple[RiskArea, ...]
    rules: tuple[Rule, ...]
    otherwise: Otherwise
    checkpoints: tuple[PolicyCheckpoint, ...] = ()
    townships: tuple[str, ...] = ()
    code_issuers: tuple[CodeIssuerRule, ...] = ()
    title: str = ""
    schema_version: int = SCHEMA_VERSION
    pack_version: int | None = None
    follow_up: FollowUpDays = FollowUpDays()
    papers: PaperSettings = PaperSettings()
    pledges: PledgeSettings = PledgeSettings()

    @property
    def fever_rule(self) -> Rule:
        """The first rule whose only condition is fever; it wins whenever a traveller has fever."""
        return next(r for r in self.rules if r.when.is_only("fever") and r.when.fever)

    def risk_level(self, code: str) -> tuple[RiskLevel, RiskArea | None]:
        """The highest listed level covering division `code`, and the entry that says so."""
        best: RiskArea | None = None
        for area in self.risk_areas:
            if area.covers(code) and (best is None or area.level.rank > best.level.rank):
                best = area
        return (RiskLevel.NONE, None) if best is None else (best.level, best)

    def to_content(self) -> dict[str, Any]:
        """The pack content of this policy: parse_policy(p.to_content()) == p (bar pack_version)."""
        content: dict[str, Any] = {"schema_version": self.schema_version}
        if self.title:
            content["title"] = self.title
        content["thresholds"] = {
            "fever_celsius": self.thresholds.fever_celsius,
            "nat_valid_hours": self.thresholds.nat_valid_hours,
            "screenshot_max_age_minutes": self.thresholds.screenshot_max_age_minutes,
            "retention_days": self.thresholds.retention_days,
        }
        content["risk_areas"] = [
            {"code": a.code, "name": a.name, "level": a.level.value, "since": a.since.isoformat()}
            for a in self.risk_areas
        ]
        content["rules"] = [_rule_content(r) for r in self.rules]
        content["otherwise"] = {
            "suggest": self.otherwise.suggest.value,
            "allow": _sorted_values(self.otherwise.allow),
            "reason": self.otherwise.reason,
        }
        content["checkpoints"] = [
            {"name": c.name, "kind": c.kind.value, "township": c.township} for c in self.checkpoints
        ]
        content["townships"] = list(self.townships)
        content["code_issuers"] = [
            {"issuer": i.issuer, "province": i.province, "patterns": list(i.patterns)}
            for i in self.code_issuers
        ]
        # Written only when it differs from the defaults: workstations older than the
        # section refuse a pack that has it.
        if self.follow_up != FollowUpDays():
            content["follow_up"] = {k: getattr(self.follow_up, k) for k in _FOLLOW_UP_KEYS}
        if self.papers != PaperSettings():
            content["papers"] = _papers_content(self.papers)
        if self.pledges != PledgeSettings():
            content["pledges"] = _pledges_content(self.pledges)
        return content


def _pledges_content(pledges: PledgeSettings) -> dict[str, Any]:
    content: dict[str, Any] = {}
    if pledges.required_for:
        content["required_for"] = _sorted_values(pledges.required_for)
    if pledges.texts != (DEFAULT_PLEDGE,):
        texts: list[dict[str, Any]] = []
        for text in pledges.texts:
            item: dict[str, Any] = {"version": text.version, "title": text.title, "text": text.text}
            if text.dispositions is not None:
                item["dispositions"] = _sorted_values(text.dispositions)
            texts.append(item)
        content["texts"] = texts
    return content


def _papers_content(papers: PaperSettings) -> dict[str, Any]:
    content: dict[str, Any] = {}
    if papers.hotline != DEFAULT_HOTLINE:
        content["hotline"] = papers.hotline
    if papers.township_contacts:
        content["township_contacts"] = dict(papers.township_contacts)
    if papers.arrival_test_hours != DEFAULT_ARRIVAL_TEST_HOURS:
        content["arrival_test_hours"] = papers.arrival_test_hours
    if papers.arrival_test_place:
        content["arrival_test_place"] = papers.arrival_test_place
    if papers.texts:
        content["texts"] = dict(papers.texts)
    return content


def _sorted_values(values: frozenset[Any]) -> list[str]:
    return sorted(str(v.value) for v in values)


def _rule_content(rule: Rule) -> dict[str, Any]:
    when: dict[str, Any] = {}
    for key in _CONDITION_KEYS:
        value = getattr(rule.when, key)
        if isinstance(value, bool | int):
            when[key] = value
        elif value is not None:
            when[key] = _sorted_values(value)
    content: dict[str, Any] = {
        "id": rule.id,
        "when": when,
        "suggest": rule.suggest.value,
        "allow": _sorted_values(rule.allow),
        "reason": rule.reason,
    }
    if rule.report:
        content["report"] = True
    return content


# ------------------------------------------------------------------------------- parsing


_E = TypeVar("_E", bound=StrEnum)


class _Reader:
    """Typed access to one JSON value with its path, for messages such as "rules[2].suggest"."""

    __slots__ = ("path", "value")

    def __init__(self, value: object, path: str) -> None:
        self.value = value
        self.path = path

    def fail(self, problem: str) -> PolicyError:
        where = f"{self.path} " if self.path else ""
        return PolicyError(f"防控策略包内容有误：{where}{problem}")

    def obj(self, required: Sequence[str], optional: Sequence[str] = ()) -> dict[str, _Reader]:
        if not isinstance(self.value, Mapping):
            raise self.fail("应为对象")
        known = set(required) | set(optional)
        for key in self.value:
            if not isinstance(key, str) or (key not in known and not key.startswith("_")):
                raise self.fail(f"有不认识的项「{key}」")
        for key in required:
            if key not in self.value:
                raise self.fail(f"缺少「{key}」")
        return {
            key: _Reader(self.value[key], f"{self.path}.{key}" if self.path else key)
            for key in known
            if key in self.value
        }

    def array(self, *, min_items: int = 0) -> list[_Reader]:
        if not isinstance(self.value, list):
            raise self.fail("应为列表")
        if len(self.value) < min_items:
            raise self.fail(f"至少应有 {min_items} 项")
        return [_Reader(item, f"{self.path}[{i}]") for i, item in enumerate(self.value)]

    def text(self, *, non_empty: bool = True, pattern: str | None = None) -> str:
        if not isinstance(self.value, str):
            raise self.fail("应为文字")
        if non_empty and not self.value:
            raise self.fail("不能为空")
        # fullmatch: JSON Schema's "$" does not match before a trailing newline, Python's does.
        bare = None if pattern is None else pattern.removeprefix("^").removesuffix("$")
        if bare is not None and re.fullmatch(bare, self.value) is None:
            raise self.fail(f"格式不对：「{self.value}」")
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail("应为 true 或 false")
        return self.value

    def integer(self, low: int, high: int) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.fail("应为整数")
        if not low <= self.value <= high:
            raise self.fail(f"应在 {low} 到 {high} 之间")
        return self.value

    def number(self, low: float, high: float) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise self.fail("应为数字")
        if not low <= self.value <= high:
            raise self.fail(f"应在 {low} 到 {high} 之间")
        return float(self.value)

    def choice(self, enum: type[_E], allowed: Sequence[_E] | None = None) -> _E:
        options = list(enum) if allowed is None else list(allowed)
        if isinstance(self.value, str):
            for option in options:
                if option.value == self.value:
                    return option
        shown = "、".join(o.value for o in options)
        raise self.fail(f"取值「{self.value}」不认识，应为 {shown} 之一")

    def choices(self, enum: type[_E], *, min_items: int = 0) -> frozenset[_E]:
        items = self.array(min_items=min_items)
        values = [item.choice(enum) for item in items]
        if len(set(values)) != len(values):
            raise self.fail("有重复的取值")
        return frozenset(values)


def parse_policy(content: Mapping[str, Any], *, pack_version: int | None = None) -> Policy:
    """The policy that pack `content` describes; PolicyError (Chinese) if anything is wrong."""
    top = _Reader(content, "").obj(
        required=POLICY_SCHEMA["required"],
        optional=("title", "follow_up", "papers", "pledges"),
    )
    version = top["schema_version"].value
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise top["schema_version"].fail(
            f"为 {version}，本机只认识第 {SCHEMA_VERSION} 版格式，请升级卡点通"
        )
    top["schema_version"].integer(SCHEMA_VERSION, SCHEMA_VERSION)
    title = top["title"].text(non_empty=False) if "title" in top else ""

    t = top["thresholds"].obj(required=POLICY_SCHEMA["properties"]["thresholds"]["required"])
    thresholds = Thresholds(
        fever_celsius=t["fever_celsius"].number(36.0, 40.0),
        nat_valid_hours=t["nat_valid_hours"].integer(1, 720),
        screenshot_max_age_minutes=t["screenshot_max_age_minutes"].integer(1, 1440),
        retention_days=t["retention_days"].integer(1, 3650),
    )

    risk_areas = tuple(_parse_risk_area(item) for item in top["risk_areas"].array())
    rules = tuple(_parse_rule(item) for item in top["rules"].array(min_items=1))
    _check_rules(top["rules"], rules)

    o = top["otherwise"].obj(required=("suggest", "allow", "reason"))
    suggest = o["suggest"].choice(Disposition)
    otherwise = Otherwise(
        suggest,
        o["allow"].choices(Disposition) | {suggest},
        _parse_template(o["reason"]),
    )

    checkpoints = tuple(_parse_checkpoint(item) for item in top["checkpoints"].array())
    township_items = top["townships"].array()
    townships = tuple(item.text() for item in township_items)
    if len(set(townships)) != len(townships):
        raise top["townships"].fail("有重复的乡镇")
    issuers = tuple(_parse_issuer(item) for item in top["code_issuers"].array())
    follow_up = FollowUpDays()
    if "follow_up" in top:
        f = top["follow_up"].obj(required=(), optional=_FOLLOW_UP_KEYS)
        follow_up = FollowUpDays(
            **{key: f[key].integer(1, 60) for key in _FOLLOW_UP_KEYS if key in f}
        )
    papers = _parse_papers(top["papers"]) if "papers" in top else PaperSettings()
    pledges = _parse_pledges(top["pledges"]) if "pledges" in top else PledgeSettings()
    return Policy(
        thresholds=thresholds,
        risk_areas=risk_areas,
        rules=rules,
        otherwise=otherwise,
        checkpoints=checkpoints,
        townships=townships,
        code_issuers=issuers,
        title=title,
        pack_version=pack_version,
        follow_up=follow_up,
        papers=papers,
        pledges=pledges,
    )


def _parse_pledges(item: _Reader) -> PledgeSettings:
    f = item.obj(required=(), optional=("required_for", "texts"))
    required_for = f["required_for"].choices(Disposition) if "required_for" in f else frozenset()
    if "texts" not in f:
        return PledgeSettings(required_for=required_for)
    texts: list[PledgeText] = []
    general = False
    covered: set[Disposition] = set()
    versions: set[int] = set()
    for entry in f["texts"].array(min_items=1):
        t = entry.obj(required=("version", "title", "text"), optional=("dispositions",))
        version = t["version"].integer(1, MAX_PLEDGE_VERSION)
        if version in versions:
            raise t["version"].fail(f"承诺书版本 {version} 重复，每个文本应有自己的版本号")
        versions.add(version)
        dispositions = (
            t["dispositions"].choices(Disposition, min_items=1) if "dispositions" in t else None
        )
        if dispositions is None:
            if general:
                raise entry.fail("只能有一个不限处置的承诺书文本")
            general = True
        else:
            twice = covered & dispositions
            if twice:
                shown = "、".join(d.label for d in sorted(twice))
                raise t["dispositions"].fail(f"「{shown}」已有承诺书文本")
            covered |= dispositions
        texts.append(PledgeText(version, t["title"].text(), t["text"].text(), dispositions))
    return PledgeSettings(texts=tuple(texts), required_for=required_for)


def _parse_papers(item: _Reader) -> PaperSettings:
    f = item.obj(
        required=(),
        optional=(
            "hotline",
            "township_contacts",
            "arrival_test_hours",
            "arrival_test_place",
            "texts",
        ),
    )
    contacts: list[tuple[str, str]] = []
    if "township_contacts" in f:
        c = f["township_contacts"]
        if not isinstance(c.value, Mapping):
            raise c.fail("应为对象")
        for township in c.value:
            contacts.append((township, _Reader(c.value[township], f"{c.path}.{township}").text()))
    texts: list[tuple[str, str]] = []
    if "texts" in f:
        t = f["texts"].obj(required=(), optional=tuple(PAPER_KINDS))
        texts = [(kind, _parse_paper_text(t[kind])) for kind in PAPER_KINDS if kind in t]
    return PaperSettings(
        hotline=f["hotline"].text(non_empty=False) if "hotline" in f else DEFAULT_HOTLINE,
        township_contacts=tuple(contacts),
        arrival_test_hours=(
            f["arrival_test_hours"].integer(1, 72)
            if "arrival_test_hours" in f
            else DEFAULT_ARRIVAL_TEST_HOURS
        ),
        arrival_test_place=(
            f["arrival_test_place"].text(non_empty=False) if "arrival_test_place" in f else ""
        ),
        texts=tuple(texts),
    )


def _parse_paper_text(item: _Reader) -> str:
    template = item.text()
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        raise item.fail(f"告知书模板的花括号不成对：「{template}」") from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PAPER_FIELDS or spec or conversion:
            known = "、".join("{" + k + "}" for k in PAPER_FIELDS)
            raise item.fail(f"告知书模板中的「{{{name}}}」不认识，可用：{known}")
    return template


def _parse_risk_area(item: _Reader) -> RiskArea:
    f = item.obj(required=("code", "name", "level", "since"))
    since_text = f["since"].text(pattern=_DATE)
    try:
        since = date.fromisoformat(since_text)
    except ValueError:
        raise f["since"].fail(f"不是有效日期：「{since_text}」") from None
    return RiskArea(
        code=f["code"].text(pattern=_DIVISION_CODE),
        name=f["name"].text(),
        level=f["level"].choice(RiskLevel, _LISTED_LEVELS),
        since=since,
    )


def _parse_rule(item: _Reader) -> Rule:
    f = item.obj(required=("id", "when", "suggest", "allow", "reason"), optional=("report",))
    w = f["when"].obj(required=(), optional=_CONDITION_KEYS)
    if not w:
        raise f["when"].fail("至少应有一个条件")
    when = Conditions(
        fever=w["fever"].boolean() if "fever" in w else None,
        health_colour=_optional_set(w, "health_colour", CodeColour),
        travel_colour=_optional_set(w, "travel_colour", CodeColour),
        travel_star=w["travel_star"].boolean() if "travel_star" in w else None,
        origin_risk=_optional_set(w, "origin_risk", RiskLevel),
        travel_risk=_optional_set(w, "travel_risk", RiskLevel),
        nat=_optional_set(w, "nat", NatState),
        vaccine_doses_below=(
            w["vaccine_doses_below"].integer(1, MAX_VACCINE_DOSES)
            if "vaccine_doses_below" in w
            else None
        ),
        pledge=_parse_pledge_condition(w["pledge"]) if "pledge" in w else None,
    )
    suggest = f["suggest"].choice(Disposition)
    return Rule(
        id=f["id"].text(pattern="^[a-z0-9_]+$"),
        when=when,
        suggest=suggest,
        allow=f["allow"].choices(Disposition) | {suggest},
        reason=_parse_template(f["reason"]),
        report=f["report"].boolean() if "report" in f else False,
    )


def _parse_pledge_condition(item: _Reader) -> frozenset[PledgeState]:
    # One value ("refused") or a list (["refused", "unsigned"]), as a county writes it.
    if isinstance(item.value, str):
        return frozenset({item.choice(PledgeState)})
    return item.choices(PledgeState, min_items=1)


def _optional_set(fields: Mapping[str, _Reader], key: str, enum: type[_E]) -> frozenset[_E] | None:
    return fields[key].choices(enum, min_items=1) if key in fields else None


def _check_rules(where: _Reader, rules: tuple[Rule, ...]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise where.fail(f"规则编号「{rule.id}」重复")
        seen.add(rule.id)
    # Two promises the workstation keeps whatever the pack says: a traveller with fever
    # and one from a high-risk area are never suggested a release.
    fever_rules = [r for r in rules if r.when.is_only("fever") and r.when.fever]
    if not fever_rules:
        raise where.fail('缺少发热规则（条件只有 "fever": true 的规则）')
    if fever_rules[0].suggest.is_release:
        raise where.fail(f"发热规则「{fever_rules[0].id}」不能建议放行")
    if not any(
        r.when.is_only("origin_risk")
        and r.when.origin_risk is not None
        and RiskLevel.HIGH in r.when.origin_risk
        and not r.suggest.is_release
        for r in rules
    ):
        raise where.fail(
            "缺少对高风险地区来人的规则（条件只有 origin_risk 且包含 high、建议不是放行）"
        )


def _parse_template(item: _Reader) -> str:
    template = item.text()
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        raise item.fail(f"说明模板的花括号不成对：「{template}」") from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in REASON_FIELDS or spec or conversion:
            known = "、".join("{" + k + "}" for k in REASON_FIELDS)
            raise item.fail(f"说明模板中的「{{{name}}}」不认识，可用：{known}")
    return template


def _parse_checkpoint(item: _Reader) -> PolicyCheckpoint:
    f = item.obj(required=("name", "kind", "township"))
    return PolicyCheckpoint(
        name=f["name"].text(),
        kind=f["kind"].choice(CheckpointKind),
        township=f["township"].text(non_empty=False),
    )


def _parse_issuer(item: _Reader) -> CodeIssuerRule:
    f = item.obj(required=("issuer", "province", "patterns"))
    patterns: list[str] = []
    for p in f["patterns"].array(min_items=1):
        text = p.text()
        try:
            re.compile(text, re.IGNORECASE)
        except re.error as exc:
            raise p.fail(f"正则表达式有误（{exc}）") from None
        patterns.append(text)
    return CodeIssuerRule(
        issuer=f["issuer"].text(),
        province=f["province"].text(non_empty=False),
        patterns=tuple(patterns),
    )


# ------------------------------------------------------------------------------- default


@functools.cache
def default_policy() -> Policy:
    """The workstation's built-in rules (records/assessment.py as data), before any pack.

    Read from resources/data/default-policy.json; a broken bundled file is a build error,
    so PolicyError propagates.
    """
    path = resource_path("data", "default-policy.json")
    return parse_policy(json.loads(path.read_text(encoding="utf-8")))


def schema_json() -> str:
    """POLICY_SCHEMA as the text of resources/data/policy-pack.schema.json."""
    return json.dumps(POLICY_SCHEMA, ensure_ascii=False, indent=2) + "\n"
