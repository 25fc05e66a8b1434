"""Editing and publishing the policy pack at the county: one publish path, drafts, previews.

`publish_policy_content` is what both `checkpoint-county policy publish` and the
dashboard's editor call: validate with the workstation's own parser, sign as the next
version, store, audit (who, when, version) in one go.

A draft comes from the editor's plain HTML form. Its errors are Chinese and name the
field ("风险地区第 3 行：代码 310199 不是已知的行政区划"); the rules are edited as JSON
and their errors point into it ("rules[2].suggest …", or the line and column of a JSON
syntax error).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from checkpoint_app.county.roles import audit
from checkpoint_app.county.store import CountyError, CountyStore, StoredPolicy
from checkpoint_app.policy.evaluate import Decision, evaluate
from checkpoint_app.policy.schema import (
    DEFAULT_PLEDGE,
    FollowUpDays,
    Policy,
    PolicyError,
    RiskLevel,
    default_policy,
    parse_policy,
)
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import CodeColour, Disposition, NatResult, TravellerRecord

BLANK_RISK_ROWS = 5
MAX_RISK_ROWS = 2000
MAX_PLEDGE_ROWS = 20


def publish_policy_content(
    store: CountyStore,
    signing_key: Ed25519PrivateKey,
    content: dict[str, Any],
    *,
    by: str,
    expected_version: int | None = None,
) -> StoredPolicy:
    """Validate, sign as the next version, store and audit; CountyError (Chinese) if refused.

    `expected_version` (the version the editor started from) refuses a publish that would
    silently replace a version somebody else published meanwhile.
    """
    try:
        parse_policy(content)  # the county signs only rules the workstations can apply
    except PolicyError as exc:
        raise CountyError(f"策略内容有误，未发布：{exc.message}") from exc
    if expected_version is not None:
        latest = store.latest_policy()
        current = latest.version if latest else 0
        if current != expected_version:
            raise CountyError(
                f"编辑期间已有人发布了第 {current} 版，未发布；请重新打开编辑页，在新版本上修改"
            )
    stored = store.publish_policy(signing_key, content)
    audit(
        store,
        by,
        "policy.publish",
        f"v{stored.version}",
        {"version": stored.version, "title": str(content.get("title", ""))},
    )
    return stored


def current_content(store: CountyStore) -> tuple[int, dict[str, Any]]:
    """The newest published version and its content (0 and the built-in rules before any)."""
    latest = store.latest_policy()
    if latest is None:
        return 0, default_policy().to_content()
    envelope = json.loads(latest.envelope)
    return latest.version, dict(envelope["pack"]["content"])


# ---------------------------------------------------------------------------- the form


@dataclass(frozen=True, slots=True)
class RiskRow:
    code: str
    name: str
    level: str
    since: str


@dataclass(frozen=True, slots=True)
class PledgeRow:
    """One pledge text in the editor; `version` is the one it had when the page was made
    (0: the built-in text, or a row added in the editor)."""

    version: int
    title: str
    text: str
    dispositions: frozenset[str] = frozenset()


_BLANK_PLEDGE = PledgeRow(0, "", "")
DISPOSITION_CHOICES = tuple(Disposition)


@dataclass(frozen=True, slots=True)
class Draft:
    """The editor's fields as typed (shown again as typed when something is wrong)."""

    base_version: int
    title: str
    thresholds: Mapping[str, str]
    follow_up: Mapping[str, str]
    risk_rows: tuple[RiskRow, ...]
    townships: str
    rules_json: str
    otherwise_json: str
    # None when the submitted form had no pledge fields: the section is carried over.
    pledge_rows: tuple[PledgeRow, ...] | None = None
    pledge_required: frozenset[str] = frozenset()

    @property
    def pledge_form_rows(self) -> tuple[PledgeRow, ...]:
        """The texts as shown, and an empty one for a new text."""
        return (*(self.pledge_rows or ()), _BLANK_PLEDGE)

    @property
    def disposition_choices(self) -> tuple[Disposition, ...]:
        return DISPOSITION_CHOICES


_THRESHOLD_FIELDS = (
    ("fever_celsius", "发热线（°C）", float),
    ("nat_valid_hours", "核酸有效小时数", int),
    ("screenshot_max_age_minutes", "截图最长时效（分钟）", int),
    ("retention_days", "记录保留天数", int),
)
_FOLLOW_UP_FIELDS = (
    ("home_quarantine_days", "居家隔离天数"),
    ("home_monitoring_days", "居家健康监测天数"),
    ("arrival_test_days", "落地检完成期限（天）"),
)
THRESHOLD_FIELDS = tuple((key, label) for key, label, _kind in _THRESHOLD_FIELDS)
FOLLOW_UP_FIELDS = _FOLLOW_UP_FIELDS
RISK_LEVELS = (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)


def draft_from_content(version: int, content: Mapping[str, Any]) -> Draft:
    """The form's fields for a published (or built-in) pack."""
    thresholds = content.get("thresholds", {})
    follow_up = {**_follow_up_defaults(), **content.get("follow_up", {})}
    rows = tuple(
        RiskRow(str(a["code"]), str(a["name"]), str(a["level"]), str(a["since"]))
        for a in content.get("risk_areas", [])
    )
    return Draft(
        base_version=version,
        title=str(content.get("title", "")),
        thresholds={key: _number_text(thresholds.get(key)) for key, _l, _k in _THRESHOLD_FIELDS},
        follow_up={key: str(follow_up[key]) for key, _label in _FOLLOW_UP_FIELDS},
        risk_rows=rows,
        townships="\n".join(content.get("townships", [])),
        rules_json=json.dumps(content.get("rules", []), ensure_ascii=False, indent=2),
        otherwise_json=json.dumps(content.get("otherwise", {}), ensure_ascii=False, indent=2),
        pledge_rows=_pledge_rows(content),
        pledge_required=frozenset(content.get("pledges", {}).get("required_for", [])),
    )


def _builtin_pledge() -> dict[str, Any]:
    return {"version": 0, "title": DEFAULT_PLEDGE.title, "text": DEFAULT_PLEDGE.text}


def _pledge_texts(content: Mapping[str, Any]) -> list[dict[str, Any]]:
    texts = content.get("pledges", {}).get("texts")
    return list(texts) if texts else [_builtin_pledge()]


def _pledge_rows(content: Mapping[str, Any]) -> tuple[PledgeRow, ...]:
    return tuple(
        PledgeRow(
            int(t["version"]),
            str(t["title"]),
            str(t["text"]),
            frozenset(t.get("dispositions", [])),
        )
        for t in _pledge_texts(content)
    )


def _follow_up_defaults() -> dict[str, int]:
    days = FollowUpDays()
    return {key: getattr(days, key) for key, _label in _FOLLOW_UP_FIELDS}


def _number_text(value: object) -> str:
    return "" if value is None else str(value)


def draft_from_form(form: Mapping[str, str]) -> Draft:
    """The fields of a submitted editor form (no checking yet)."""

    def text(key: str) -> str:
        return str(form.get(key, "")).strip()

    rows = []
    for index in range(MAX_RISK_ROWS):
        if f"risk_code_{index}" not in form:
            break
        rows.append(
            RiskRow(
                text(f"risk_code_{index}"),
                "",
                text(f"risk_level_{index}"),
                text(f"risk_since_{index}"),
            )
        )
    try:
        base_version = int(text("base_version") or "0")
    except ValueError:
        base_version = -1
    pledge_rows: tuple[PledgeRow, ...] | None = None
    if "pledge_rows" in form:
        try:
            count = min(int(text("pledge_rows")), MAX_PLEDGE_ROWS)
        except ValueError:
            count = 0
        rows_read = []
        for index in range(count):
            try:
                version = int(text(f"pledge_version_{index}") or "0")
            except ValueError:
                version = 0
            rows_read.append(
                PledgeRow(
                    version,
                    text(f"pledge_title_{index}"),
                    # Browsers send CRLF from a textarea; the pack keeps one line per paragraph.
                    str(form.get(f"pledge_text_{index}", "")).replace("\r\n", "\n").strip(),
                    frozenset(
                        d.value for d in Disposition if form.get(f"pledge_disp_{index}_{d.value}")
                    ),
                )
            )
        pledge_rows = tuple(rows_read)
    return Draft(
        base_version=base_version,
        title=text("title"),
        thresholds={key: text(key) for key, _l, _k in _THRESHOLD_FIELDS},
        follow_up={key: text(key) for key, _label in _FOLLOW_UP_FIELDS},
        risk_rows=tuple(rows),
        townships=str(form.get("townships", "")),
        rules_json=str(form.get("rules_json", "")),
        otherwise_json=str(form.get("otherwise_json", "")),
        pledge_rows=pledge_rows,
        pledge_required=frozenset(
            d.value for d in Disposition if form.get(f"pledge_required_{d.value}")
        ),
    )


def _pledges_from_draft(draft: Draft, base: Mapping[str, Any], errors: list[str]) -> dict[str, Any]:
    """The pack's pledges section for the draft; a text whose words, title or dispositions
    changed takes a new version number (higher than any before), so a record's version
    always names the words the traveller was shown."""
    if draft.pledge_rows is None:
        return dict(base.get("pledges", {}))
    earlier = {int(t["version"]): t for t in _pledge_texts(base)}
    kept: list[tuple[PledgeRow, bool]] = []  # (row, unchanged)
    for number, row in enumerate(draft.pledge_rows, start=1):
        if not row.title and not row.text:
            continue  # an emptied text is a removed one
        where = f"承诺书第 {number} 个"
        if not row.title:
            errors.append(f"{where}：请填写标题")
        if not row.text:
            errors.append(f"{where}：请填写正文")
        before = earlier.get(row.version)
        unchanged = before is not None and (
            before["title"],
            before["text"],
            frozenset(before.get("dispositions", [])),
        ) == (row.title, row.text, row.dispositions)
        kept.append((row, unchanged))
    section: dict[str, Any] = {}
    if not (len(kept) == 1 and kept[0][0].version == 0 and kept[0][1]) and kept:
        next_version = max([0, *earlier, *(r.version for r in draft.pledge_rows)]) + 1
        texts = []
        for row, unchanged in kept:
            version = row.version
            if not unchanged or version == 0:
                version, next_version = next_version, next_version + 1
            item: dict[str, Any] = {"version": version, "title": row.title, "text": row.text}
            if row.dispositions:
                item["dispositions"] = sorted(row.dispositions)
            texts.append(item)
        section["texts"] = texts
    if draft.pledge_required:
        section["required_for"] = sorted(draft.pledge_required)
    return section


#: Rules nest a few levels (a list of conditions of objects); far deeper input can only be
#: an attack, and would exhaust the stack in the parser or in the checks that follow.
MAX_JSON_DEPTH = 32
MAX_JSON_FIELD_CHARS = 256 * 1024


def _json_depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings (without parsing, without recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _json_field(text: str, label: str, errors: list[str]) -> Any:
    if len(text) > MAX_JSON_FIELD_CHARS:
        errors.append(f"{label}：内容过长（最多 {MAX_JSON_FIELD_CHARS // 1024} KB）")
        return None
    if _json_depth(text) > MAX_JSON_DEPTH:
        errors.append(f"{label}：JSON 嵌套过深（最多 {MAX_JSON_DEPTH} 层）")
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        errors.append(f"{label}：JSON 第 {exc.lineno} 行第 {exc.colno} 列有语法错误（{exc.msg}）")
        return None
    except (RecursionError, ValueError):
        errors.append(f"{label}：不是有效的 JSON")
        return None


def content_from_draft(
    draft: Draft, base: Mapping[str, Any], *, today: date
) -> tuple[dict[str, Any] | None, list[str], tuple[RiskRow, ...]]:
    """The pack content a draft describes, the errors (Chinese, naming the field) and the
    risk rows with their looked-up names. Content is None when there are errors.

    Checkpoints and health-code issuer rules are not edited here and are carried over
    from `base` (the version the editor started from).
    """
    errors: list[str] = []
    thresholds: dict[str, Any] = {}
    for key, label, kind in _THRESHOLD_FIELDS:
        value = draft.thresholds.get(key, "")
        try:
            thresholds[key] = kind(value)
        except ValueError:
            errors.append(
                f"{label}（thresholds.{key}）：「{value}」不是{'数字' if kind is float else '整数'}"
            )
    follow_up: dict[str, int] = {}
    for key, label in _FOLLOW_UP_FIELDS:
        value = draft.follow_up.get(key, "")
        try:
            follow_up[key] = int(value)
        except ValueError:
            errors.append(f"{label}（follow_up.{key}）：「{value}」不是整数")
    divisions = load_divisions()
    areas = []
    shown_rows = []
    seen: set[str] = set()
    for number, row in enumerate(draft.risk_rows, start=1):
        if not row.code:
            continue  # an emptied row is a removed area
        where = f"风险地区第 {number} 行"
        division = divisions.get(row.code) if len(row.code) == 6 and row.code.isdigit() else None
        shown_rows.append(
            RiskRow(row.code, division.full_name if division else "", row.level, row.since)
        )
        if division is None:
            errors.append(f"{where}：代码「{row.code}」不是已知的行政区划（6 位 GB/T 2260 代码）")
            continue
        if row.code in seen:
            errors.append(f"{where}：{division.full_name}（{row.code}）重复")
        seen.add(row.code)
        if row.level not in {level.value for level in RISK_LEVELS}:
            errors.append(f"{where}：请选择风险等级")
        since = row.since or today.isoformat()
        try:
            date.fromisoformat(since)
        except ValueError:
            errors.append(f"{where}：日期「{row.since}」格式不对（应为 2022-04-10）")
        areas.append(
            {"code": row.code, "name": division.full_name, "level": row.level, "since": since}
        )
    rules = _json_field(draft.rules_json, "处置规则（rules）", errors)
    otherwise = _json_field(draft.otherwise_json, "无规则适用时（otherwise）", errors)
    townships = [line.strip() for line in draft.townships.splitlines() if line.strip()]
    pledges = _pledges_from_draft(draft, base, errors)
    if errors:
        return None, errors, tuple(shown_rows)
    content: dict[str, Any] = {"schema_version": base.get("schema_version", 1)}
    if draft.title:
        content["title"] = draft.title
    content.update(
        thresholds=thresholds,
        risk_areas=areas,
        rules=rules,
        otherwise=otherwise,
        checkpoints=base.get("checkpoints", []),
        townships=townships,
        code_issuers=base.get("code_issuers", []),
    )
    if follow_up != _follow_up_defaults():
        content["follow_up"] = follow_up
    # Not edited on this page: the papers' texts and contacts stay as published.
    if "papers" in base:
        content["papers"] = base["papers"]
    if pledges:
        content["pledges"] = pledges
    try:
        parse_policy(content)
    except PolicyError as exc:
        return None, [exc.message], tuple(shown_rows)
    return content, [], tuple(shown_rows)


# ---------------------------------------------------------------------------- preview


@dataclass(frozen=True, slots=True)
class SampleResult:
    description: str
    decision: Decision


def sample_travellers(policy: Policy, now: datetime) -> list[tuple[str, TravellerRecord]]:
    """Travellers that show what a draft does: from its riskiest area, yellow code, fever,
    a starred travel card, and one with everything in order."""
    negative = {
        "nat_result": NatResult.NEGATIVE,
        "nat_sampled_at": now - timedelta(hours=20),
        "temperature": 36.5,
        "health_colour": CodeColour.GREEN,
        "travel_colour": CodeColour.GREEN,
    }
    areas = sorted(policy.risk_areas, key=lambda a: -a.level.rank)
    samples: list[tuple[str, dict[str, Any]]] = []
    if areas:
        area = areas[0]
        samples.append(
            (
                f"来自 {area.name}（{area.level.label}）",
                {"origin_code": area.code, "origin_name": area.name},
            )
        )
    else:
        samples.append(("来自上海市浦东新区（草稿中没有风险地区）", {"origin_code": "310115"}))
    samples += [
        ("黄码", {"health_colour": CodeColour.YELLOW}),
        ("发热 38.2°C", {"temperature": 38.2}),
        ("行程卡含带 * 城市", {"travel_cities": ("上海市*",)}),
        ("无核酸证明", {"nat_result": NatResult.NONE, "nat_sampled_at": None}),
        ("各项正常（郑州市来）", {"origin_code": "410100", "origin_name": "河南省郑州市"}),
    ]
    return [
        (
            description,
            TravellerRecord(
                uuid=f"sample-{index}",
                checked_at=now,
                disposition=Disposition.RELEASE,
                **{**negative, **changes},
            ),
        )
        for index, (description, changes) in enumerate(samples)
    ]


def preview(content: Mapping[str, Any], now: datetime | None = None) -> list[SampleResult]:
    """The real evaluate() of a valid draft over the sample travellers."""
    policy = parse_policy(content)
    moment = now or datetime.now(UTC)
    return [
        SampleResult(description, evaluate(record, policy, load_divisions()))
        for description, record in sample_travellers(policy, moment)
    ]
