"""The follow-up work list for township cadres: home quarantine, home monitoring, arrival tests.

Each record with one of those dispositions gets a due date: its arrival day (county time)
plus the days the policy pack in force gives (`follow_up`, defaults 14/7/3). Cadres record
what they did per person (已联系, 已检测 with the result, 已隔离, 结束管控, 不在本地) with
the time and a note; every change is a new row of `follow_up_states` and an audit entry,
so the history stays. A person leaves the list when closed (结束管控 or 不在本地, and for
落地检 also 已检测); one not closed by the due date is overdue and stays on the list, marked,
for OVERDUE_KEPT_DAYS more days.

A follow_up user with a township sees and changes only that township's people; admins and
viewers see the whole county (viewers read only). Names, ID numbers and phones are masked
unless the user's role may see them whole (roles.py). The pages are in decision_pages.py.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from checkpoint_app.county import reports
from checkpoint_app.county.export import safe_cell
from checkpoint_app.county.roles import audit
from checkpoint_app.county.store import (
    CountyError,
    CountyStore,
    checkpoints,
    follow_up_states,
    records,
)
from checkpoint_app.policy.schema import FollowUpDays, PolicyError, parse_policy
from checkpoint_app.records.masking import mask_address, mask_id_number, mask_name, mask_phone
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.validation import find_hidden_character
from checkpoint_app.sync.protocol import format_time

FOLLOW_UP_KINDS = (
    Disposition.HOME_QUARANTINE,
    Disposition.HOME_MONITORING,
    Disposition.RELEASE_TEST,
)
NO_TOWNSHIP = "（未填写目的地）"
#: Days an overdue person stays on the list past the due date before the list lets go.
OVERDUE_KEPT_DAYS = 30
MAX_NOTE_CHARS = 500
NOT_FOLLOWED = "未跟进"


class FollowUpState(StrEnum):
    CONTACTED = "contacted"
    TESTED = "tested"
    ISOLATED = "isolated"
    ENDED = "ended"
    AWAY = "away"

    @property
    def label(self) -> str:
        return {
            "contacted": "已联系",
            "tested": "已检测",
            "isolated": "已隔离",
            "ended": "结束管控",
            "away": "不在本地",
        }[self.value]

    def closes(self, disposition: Disposition) -> bool:
        """Whether this state ends the follow-up of a person with `disposition`."""
        if self in (FollowUpState.ENDED, FollowUpState.AWAY):
            return True
        # 落地检 asks for one test: once tested, nothing is left to do.
        return self is FollowUpState.TESTED and disposition is Disposition.RELEASE_TEST


class TestResult(StrEnum):
    __test__ = False  # not a pytest class, whatever its name

    NEGATIVE = "negative"
    POSITIVE = "positive"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return {"negative": "阴性", "positive": "阳性", "pending": "待出结果"}[self.value]


@dataclass(frozen=True, slots=True)
class StateChange:
    state: FollowUpState
    test_result: TestResult | None
    at: datetime  # county time: when it happened, as the cadre says
    note: str
    recorded_by: str
    recorded_at: datetime  # county time: when it was entered

    @property
    def text(self) -> str:
        """ "已检测（阴性）" — the state as the list shows it."""
        result = f"（{self.test_result.label}）" if self.test_result else ""
        return self.state.label + result


HEADINGS = (
    "目的地乡镇",
    "目的地址",
    "姓名",
    "证件号码",
    "手机号",
    "来源地",
    "到达卡点",
    "到达时间（北京时间）",
    "处置",
    "到期日",
    "剩余天数",
    "跟进状态",
    "状态时间",
    "备注",
    "记录编号",
)


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    township: str
    name: str
    id_number: str
    phone: str
    origin: str
    checkpoint: str
    arrived_at: datetime  # county time
    disposition: Disposition
    due: date
    days_left: int  # negative when overdue
    uuid: str
    history: tuple[StateChange, ...] = ()  # in the order recorded
    address: str = ""  # the village or address given at the check, masked unless unmasked

    @property
    def state(self) -> StateChange | None:
        return self.history[-1] if self.history else None

    @property
    def state_text(self) -> str:
        return self.state.text if self.state else NOT_FOLLOWED

    @property
    def closed(self) -> bool:
        return self.state is not None and self.state.state.closes(self.disposition)

    @property
    def overdue(self) -> bool:
        return not self.closed and self.days_left < 0

    def closed_by(self, moment: datetime) -> bool:
        """Whether the follow-up was closed by what had been entered before `moment`."""
        entered = [c for c in self.history if c.recorded_at < moment]
        return bool(entered) and entered[-1].state.closes(self.disposition)

    def cells(self) -> list[Any]:
        state = self.state
        return [
            self.township,
            self.address,
            self.name,
            self.id_number,
            self.phone,
            self.origin,
            self.checkpoint,
            self.arrived_at.strftime("%Y-%m-%d %H:%M"),
            self.disposition.label,
            self.due.isoformat(),
            self.days_left,
            self.state_text + ("（逾期）" if self.overdue else ""),
            state.at.strftime("%Y-%m-%d %H:%M") if state else "",
            state.note if state else "",
            self.uuid,
        ]


@dataclass(frozen=True, slots=True)
class TownshipGroup:
    township: str
    items: tuple[FollowUpItem, ...]


def follow_up_days(store: CountyStore) -> FollowUpDays:
    """The periods of the newest published pack (the defaults before any, or if it is bad)."""
    latest = store.latest_policy()
    if latest is None:
        return FollowUpDays()
    try:
        content = json.loads(latest.envelope)["pack"]["content"]
        return parse_policy(content).follow_up
    except (PolicyError, KeyError, ValueError):
        return FollowUpDays()


def follow_up_items(
    store: CountyStore,
    *,
    unmask: bool,
    township: str = "",
    now: datetime | None = None,
    include_closed: bool = False,
) -> list[FollowUpItem]:
    """People being followed up at `now`: not yet due, or overdue and not closed (for
    OVERDUE_KEPT_DAYS); with `include_closed` also those whose follow-up was closed.
    Grouped by township, soonest due first."""
    today = reports.county_today(now or datetime.now(UTC))
    items = []
    for person in follow_up_people(
        store,
        unmask=unmask,
        township=township,
        since_due=today - timedelta(days=OVERDUE_KEPT_DAYS),
    ):
        item = replace(person, days_left=(person.due - today).days)
        if include_closed or not item.closed:
            items.append(item)
    items.sort(key=lambda i: (i.township, i.due, i.arrived_at))
    return items


def follow_up_people(
    store: CountyStore,
    *,
    unmask: bool,
    township: str = "",
    since_due: date,
    until_due: date | None = None,
) -> list[FollowUpItem]:
    """Every followed-up person whose due date is in [since_due, until_due], with the
    states recorded for them (days_left is 0 here: the caller counts from its own day)."""
    days = follow_up_days(store)
    longest = max(days.days_for(d) or 0 for d in FOLLOW_UP_KINDS)
    # Arrivals before this day are due before `since_due` whatever their disposition.
    since, _ = reports.day_range(since_due - timedelta(days=longest))
    query = (
        select(records.c.wire, checkpoints.c.name)
        .join(checkpoints, checkpoints.c.id == records.c.checkpoint_id)
        .where(
            reports._newest_versions(),
            records.c.disposition.in_([d.value for d in FOLLOW_UP_KINDS]),
            records.c.checked_at >= since,
        )
        .order_by(records.c.checked_at)
    )
    if until_due is not None:
        _, until = reports.day_range(until_due)
        query = query.where(records.c.checked_at < until)
    if township:
        wanted = "" if township == NO_TOWNSHIP else township
        query = query.where(records.c.destination_township == wanted)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    items = []
    for row in rows:
        wire = json.loads(row.wire)
        disposition = Disposition(wire["disposition"])
        arrived = reports.local_time(wire["checked_at"])
        period = days.days_for(disposition)
        assert arrived is not None and period is not None
        due = arrived.date() + timedelta(days=period)
        if due < since_due or (until_due is not None and due > until_due):
            continue

        def shown(key: str, mask: Any, wire: dict[str, Any] = wire) -> str:
            text = str(wire.get(key, ""))
            return text if unmask else str(mask(text))

        items.append(
            FollowUpItem(
                township=wire["destination_township"] or NO_TOWNSHIP,
                name=shown("name", mask_name),
                id_number=shown("document_number", mask_id_number),
                phone=shown("phone", mask_phone),
                origin=wire["origin_name"],
                checkpoint=row.name,
                arrived_at=arrived,
                disposition=disposition,
                due=due,
                days_left=0,
                uuid=wire["uuid"],
                address=shown("destination_address", mask_address),
            )
        )
    histories = state_histories(store, [i.uuid for i in items])
    return [replace(i, history=histories.get(i.uuid, ())) for i in items]


def state_histories(store: CountyStore, uuids: Iterable[str]) -> dict[str, tuple[StateChange, ...]]:
    """Each record's recorded states in the order they were entered (the last one counts:
    a cadre who corrects a state enters the right one after it)."""
    wanted = sorted(set(uuids))
    found: dict[str, list[StateChange]] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), 500):
            for row in conn.execute(
                select(follow_up_states)
                .where(follow_up_states.c.record_uuid.in_(wanted[start : start + 500]))
                .order_by(follow_up_states.c.id)
            ):
                at = reports.local_time(row.at)
                entered = reports.local_time(row.recorded_at)
                assert at is not None and entered is not None
                found.setdefault(row.record_uuid, []).append(
                    StateChange(
                        FollowUpState(row.state),
                        TestResult(row.test_result) if row.test_result else None,
                        at,
                        row.note,
                        row.recorded_by,
                        entered,
                    )
                )
    return {uuid: tuple(changes) for uuid, changes in found.items()}


def parse_state_time(text: str, now: datetime) -> datetime:
    """The time a cadre typed (county time, "2022-04-10T09:30" from the browser, or empty
    for now) in UTC; CountyError (Chinese) if it is malformed or in the future."""
    text = text.strip()
    if not text:
        return now.astimezone(UTC)
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError as exc:
        raise CountyError(f"时间「{text[:40]}」格式不对，应为 2022-04-10 09:30") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=reports.COUNTY_TZ)
    # A few minutes of slack for a clock that runs a little ahead.
    if moment > now + timedelta(minutes=5):
        raise CountyError("跟进时间不能晚于现在")
    return moment.astimezone(UTC)


def record_state(
    store: CountyStore,
    *,
    uuid: str,
    state: str,
    test_result: str = "",
    at: str = "",
    note: str = "",
    by: str,
    township: str = "",
    now: datetime | None = None,
) -> StateChange:
    """Record one follow-up state for the person of record `uuid` (a new row and an audit
    entry in one transaction). `township` limits the change to that township's people.
    CountyError (Chinese) for anything wrong; nothing is written then."""
    moment = now or datetime.now(UTC)
    try:
        chosen = FollowUpState(state)
    except ValueError:
        raise CountyError("请选择跟进状态") from None
    result: TestResult | None = None
    if chosen is FollowUpState.TESTED:
        try:
            result = TestResult(test_result)
        except ValueError:
            raise CountyError("记录「已检测」时请选择检测结果") from None
    # A note pasted from elsewhere may hold line breaks: one line is kept.
    note = " ".join(note.split())
    if len(note) > MAX_NOTE_CHARS:
        raise CountyError(f"备注最多 {MAX_NOTE_CHARS} 个字")
    if find_hidden_character(note) is not None:
        raise CountyError("备注含有不可见的控制字符，请删除后重试")
    when = parse_state_time(at, moment)
    with store.engine.begin() as conn:
        row = conn.execute(
            select(records.c.disposition, records.c.destination_township, records.c.checked_at)
            .where(records.c.uuid == uuid, reports._newest_versions())
            .limit(1)
        ).first()
        if row is None or row.disposition not in [d.value for d in FOLLOW_UP_KINDS]:
            raise CountyError("找不到这位跟进人员（记录已更正或不需要跟进），请刷新名单")
        if township and (row.destination_township or NO_TOWNSHIP) != township:
            raise CountyError(f"这位人员不属于{township}，不能修改其跟进状态")
        if format_time(when) < row.checked_at:
            raise CountyError("跟进时间不能早于到达卡点的时间")
        conn.execute(
            follow_up_states.insert().values(
                record_uuid=uuid,
                state=chosen.value,
                test_result=result.value if result else None,
                at=format_time(when),
                note=note,
                recorded_by=by,
                recorded_at=format_time(moment),
            )
        )
        # The audit names the record, never the person: no name or number in it.
        details: dict[str, Any] = {"state": chosen.value}
        if result:
            details["test_result"] = result.value
        audit(store, by, "followup.state", uuid, details, conn=conn)
    county = reports.COUNTY_TZ
    return StateChange(chosen, result, when.astimezone(county), note, by, moment.astimezone(county))


def group_by_township(items: Iterable[FollowUpItem]) -> list[TownshipGroup]:
    groups: dict[str, list[FollowUpItem]] = {}
    for item in items:
        groups.setdefault(item.township, []).append(item)
    return [TownshipGroup(name, tuple(group)) for name, group in sorted(groups.items())]


def follow_up_workbook(items: Iterable[FollowUpItem], *, generated: datetime) -> bytes:
    """An .xlsx with one sheet per township, every text cell made formula-safe."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    groups = group_by_township(items)
    if not groups:
        groups = [TownshipGroup("无跟进人员", ())]
    for group in groups:
        # Sheet titles: at most 31 characters and none of []:*?/\ (Excel's rules).
        title = "".join(c for c in group.township if c not in "[]:*?/\\")[:31] or "乡镇"
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A3"
        for index, heading in enumerate(HEADINGS, start=1):
            wide = heading in ("证件号码", "到达时间（北京时间）", "记录编号", "备注")
            sheet.column_dimensions[get_column_letter(index)].width = 22 if wide else 13
        local = generated.astimezone(reports.COUNTY_TZ).strftime("%Y-%m-%d %H:%M")
        sheet.append([safe_cell(f"{group.township} 跟进名单 · 导出于 {local}（北京时间）")])
        sheet.append(list(HEADINGS))
        for item in group.items:
            sheet.append([safe_cell(value) for value in item.cells()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
