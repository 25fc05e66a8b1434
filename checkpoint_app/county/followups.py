"""The follow-up list for township cadres: home quarantine, home monitoring, arrival tests.

Each record with one of those dispositions gets a due date: its arrival day (county time)
plus the days the policy pack in force gives (`follow_up`, defaults 14/7/3). The list is
grouped by the destination township the worker recorded, shown on the dashboard and
exported to Excel. Names, ID numbers and phones are masked unless the user's role may
see them whole (roles.py).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from checkpoint_app.county import reports
from checkpoint_app.county.export import safe_cell
from checkpoint_app.county.store import CountyStore, checkpoints, records
from checkpoint_app.policy.schema import FollowUpDays, PolicyError, parse_policy
from checkpoint_app.records.masking import mask_id_number, mask_name, mask_phone
from checkpoint_app.records.model import Disposition

FOLLOW_UP_KINDS = (
    Disposition.HOME_QUARANTINE,
    Disposition.HOME_MONITORING,
    Disposition.RELEASE_TEST,
)
NO_TOWNSHIP = "（未填写目的地）"
HEADINGS = (
    "目的地乡镇",
    "姓名",
    "证件号码",
    "手机号",
    "来源地",
    "到达卡点",
    "到达时间（北京时间）",
    "处置",
    "到期日",
    "剩余天数",
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
    days_left: int
    uuid: str

    def cells(self) -> list[Any]:
        return [
            self.township,
            self.name,
            self.id_number,
            self.phone,
            self.origin,
            self.checkpoint,
            self.arrived_at.strftime("%Y-%m-%d %H:%M"),
            self.disposition.label,
            self.due.isoformat(),
            self.days_left,
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
) -> list[FollowUpItem]:
    """People still being followed up at `now` (due today or later), soonest due first."""
    moment = now or datetime.now(UTC)
    today = reports.county_today(moment)
    days = follow_up_days(store)
    longest = max(days.days_for(d) or 0 for d in FOLLOW_UP_KINDS)
    # Arrivals longer ago than the longest period are all past due.
    since, _ = reports.day_range(today - timedelta(days=longest))
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
        if due < today:
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
                days_left=(due - today).days,
                uuid=wire["uuid"],
            )
        )
    items.sort(key=lambda i: (i.township, i.due, i.arrived_at))
    return items


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
            wide = heading in ("证件号码", "到达时间（北京时间）", "记录编号")
            sheet.column_dimensions[get_column_letter(index)].width = 22 if wide else 13
        local = generated.astimezone(reports.COUNTY_TZ).strftime("%Y-%m-%d %H:%M")
        sheet.append([safe_cell(f"{group.township} 跟进名单 · 导出于 {local}（北京时间）")])
        sheet.append(list(HEADINGS))
        for item in group.items:
            sheet.append([safe_cell(value) for value in item.cells()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
