"""The county daily report (日报): one county day (Asia/Shanghai), in a fixed layout.

Per checkpoint and in total: travellers checked, by disposition, fevers, by origin risk
level (from the newest policy pack published by the end of that day; 未知 when there was
none or the origin has no division code), closed-loop transfers, follow-ups due that day
and how many of those were closed by the end of it, and by origin province (the first two
digits of the origin code).

Transfers (闭环转运) are those that left a checkpoint during the day, as the site's
receipts stand when the report is made: 已接收 (the site confirmed the arrival), 超时未接收
(the site reported 未到, or no receipt within the county's overdue hours,
CHECKPOINT_TRANSFER_OVERDUE_HOURS, 3 by default) and 在途 (still within those hours), so
转出 = 已接收 + 在途 + 超时未接收. The dashboard shows the same transfers live
(county/transfers.py).

Zero reporting: a checkpoint that registered nobody but synced (any signed request), had
a bundle imported or sent someone on in a closed loop that day shows 0; one with none of
these shows 未报, so the command can tell a quiet road from a silent checkpoint.

The same sections are written as text (`report daily` without --out), Excel and PDF. The
PDF embeds a subset of the bundled Noto Sans SC (resources/fonts/) so Chinese never shows
as empty boxes, whatever fonts the reader has.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from checkpoint_app.county import reports
from checkpoint_app.county.export import safe_cell
from checkpoint_app.county.followups import follow_up_people
from checkpoint_app.county.store import (
    CountyStore,
    checkpoints,
    device_sync_days,
    devices,
    policy_packs,
    records,
    transfers,
)
from checkpoint_app.county.transfers import overdue_hours
from checkpoint_app.policy.schema import Policy, PolicyError, RiskLevel, parse_policy
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.transfers import ReceiptOutcome
from checkpoint_app.resources import resource_path

NOT_REPORTED = "未报"
TOTAL = "合计"
UNKNOWN_RISK = "未知"
NO_ORIGIN = "未填写来源地"
RISK_COLUMNS = (
    RiskLevel.HIGH.label,
    RiskLevel.MEDIUM.label,
    RiskLevel.LOW.label,
    RiskLevel.NONE.label,
    UNKNOWN_RISK,
)
FONT_FILE = ("fonts", "NotoSansSC-Regular-GB2312.otf")
TRANSFER_HEADINGS = ("转运转出", "已接收", "在途", "超时未接收")


@dataclass(frozen=True, slots=True)
class CheckpointDay:
    """One checkpoint's day (or the county's, for the total row)."""

    checkpoint: str
    township: str
    reported: bool  # registered someone, synced or had a bundle imported that day
    checked: int = 0
    fever: int = 0
    by_disposition: dict[str, int] = field(default_factory=dict)  # Disposition value → n
    by_risk: dict[str, int] = field(default_factory=dict)  # RISK_COLUMNS label → n
    by_province: dict[str, int] = field(default_factory=dict)  # province name → n
    follow_ups_due: int = 0
    follow_ups_done: int = 0
    transfers_sent: int = 0
    transfers_received: int = 0
    transfers_in_flight: int = 0
    transfers_not_received: int = 0  # 超时未接收: reported 未到, or overdue


@dataclass(frozen=True, slots=True)
class DailyReport:
    day: date
    generated_at: datetime  # county time
    checkpoints: tuple[CheckpointDay, ...]
    total: CheckpointDay
    provinces: tuple[str, ...]  # every province that appears, most travellers first
    not_reported: tuple[str, ...]  # names of the checkpoints shown as 未报


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]


def _policy_on(store: CountyStore, until: str) -> Policy | None:
    """The newest pack published before `until` (UTC text), parsed; None if none or bad."""
    with store.engine.connect() as conn:
        envelope = conn.execute(
            select(policy_packs.c.envelope)
            .where(policy_packs.c.published_at < until)
            .order_by(policy_packs.c.version.desc())
            .limit(1)
        ).scalar_one_or_none()
    if envelope is None:
        return None
    try:
        return parse_policy(json.loads(envelope)["pack"]["content"])
    except (PolicyError, KeyError, ValueError):
        return None


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _province(code: str) -> str:
    if len(code) < 2 or not code[:2].isdigit():
        return NO_ORIGIN
    division = load_divisions().get(code[:2] + "0000")
    return division.name if division else f"其他（{code[:2]}）"


def build_daily_report(
    store: CountyStore, day: date, *, now: datetime | None = None
) -> DailyReport:
    """The report for county day `day` (runs a few queries; fine on a worker thread)."""
    since, until = reports.day_range(day)
    policy = _policy_on(store, until)
    # The origin code is only in the wire text: a county day is a few thousand records.
    query = reports._window(
        select(
            records.c.checkpoint_id, records.c.disposition, records.c.fever, records.c.wire
        ).where(reports._newest_versions()),
        since,
        until,
    )
    synced = (
        select(devices.c.checkpoint_id)
        .join(device_sync_days, device_sync_days.c.device_id == devices.c.device_id)
        .where(device_sync_days.c.day == day.isoformat())
        .distinct()
    )
    sent = select(
        transfers.c.checkpoint_id, transfers.c.departed_at, transfers.c.receipt_outcome
    ).where(transfers.c.departed_at >= since, transfers.c.departed_at < until)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        reporting = {int(r.checkpoint_id) for r in conn.execute(synced)}
        cps = conn.execute(select(checkpoints).order_by(checkpoints.c.name)).all()
        sent_rows = conn.execute(sent).all()
    moment = (now or datetime.now(UTC)).astimezone(reports.COUNTY_TZ)
    overdue_before = moment - timedelta(hours=overdue_hours())
    transfer_counts: dict[int, Counter[str]] = {}
    for t in sent_rows:
        if t.receipt_outcome == ReceiptOutcome.RECEIVED.value:
            state = "received"
        elif t.receipt_outcome or datetime.fromisoformat(t.departed_at) < overdue_before:
            state = "not_received"
        else:
            state = "in_flight"
        transfer_counts.setdefault(int(t.checkpoint_id), Counter())[state] += 1

    def risk(code: str) -> str:
        if policy is None or not code:
            return UNKNOWN_RISK
        return policy.risk_level(code)[0].label

    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(int(row.checkpoint_id), []).append(row)
    due = follow_up_people(store, unmask=False, since_due=day, until_due=day)
    _, end = reports.day_range(day)
    day_end = datetime.fromisoformat(end)
    due_by_cp: Counter[str] = Counter(i.checkpoint for i in due)
    done_by_cp: Counter[str] = Counter(i.checkpoint for i in due if i.closed_by(day_end))

    days = []
    for cp in cps:
        mine = grouped.get(int(cp.id), [])
        moved = transfer_counts.get(int(cp.id), Counter())
        dispositions: Counter[str] = Counter()
        risks: Counter[str] = Counter()
        provinces: Counter[str] = Counter()
        fever = 0
        for row in mine:
            origin = str(json.loads(row.wire).get("origin_code") or "")
            dispositions[row.disposition] += 1
            risks[risk(origin)] += 1
            provinces[_province(origin)] += 1
            fever += bool(row.fever)
        days.append(
            CheckpointDay(
                checkpoint=cp.name,
                township=cp.township,
                # Transfers that left that day came from a checkpoint at work that day.
                reported=bool(mine) or int(cp.id) in reporting or bool(moved),
                checked=sum(dispositions.values()),
                fever=fever,
                by_disposition={d.value: dispositions.get(d.value, 0) for d in Disposition},
                by_risk={label: risks.get(label, 0) for label in RISK_COLUMNS},
                by_province=dict(provinces),
                follow_ups_due=due_by_cp.get(cp.name, 0),
                follow_ups_done=done_by_cp.get(cp.name, 0),
                transfers_sent=moved.total(),
                transfers_received=moved["received"],
                transfers_in_flight=moved["in_flight"],
                transfers_not_received=moved["not_received"],
            )
        )
    total_provinces: Counter[str] = Counter()
    for d in days:
        total_provinces.update(d.by_province)
    total = CheckpointDay(
        checkpoint=TOTAL,
        township="",
        reported=True,
        checked=sum(d.checked for d in days),
        fever=sum(d.fever for d in days),
        by_disposition={k.value: sum(d.by_disposition[k.value] for d in days) for k in Disposition},
        by_risk={label: sum(d.by_risk[label] for d in days) for label in RISK_COLUMNS},
        by_province=dict(total_provinces),
        # People due whose checkpoint was since removed still count in the total.
        follow_ups_due=len(due),
        follow_ups_done=sum(done_by_cp.values()),
        transfers_sent=sum(d.transfers_sent for d in days),
        transfers_received=sum(d.transfers_received for d in days),
        transfers_in_flight=sum(d.transfers_in_flight for d in days),
        transfers_not_received=sum(d.transfers_not_received for d in days),
    )
    return DailyReport(
        day=day,
        generated_at=moment,
        checkpoints=tuple(days),
        total=total,
        provinces=tuple(p for p, _n in sorted(total_provinces.items(), key=_most_first)),
        not_reported=tuple(d.checkpoint for d in days if not d.reported),
    )


# ---------------------------------------------------------------------------- layout


def _cell(d: CheckpointDay, value: int) -> str | int:
    return value if d.reported else NOT_REPORTED


def sections(report: DailyReport) -> tuple[Section, ...]:
    """The report's fixed tables, in order; the renderers below only draw them."""
    rows = [*report.checkpoints, report.total]
    checked = Section(
        "一、查验与处置",
        ("卡点", "乡镇", "查验人数", "发热", *(d.label for d in Disposition)),
        tuple(
            (
                d.checkpoint,
                d.township,
                _cell(d, d.checked),
                _cell(d, d.fever),
                *(_cell(d, d.by_disposition[k.value]) for k in Disposition),
            )
            for d in rows
        ),
    )
    risk = Section(
        "二、来源地风险等级",
        ("卡点", *(f"来自{label}" for label in RISK_COLUMNS)),
        tuple(
            (d.checkpoint, *(_cell(d, d.by_risk[label]) for label in RISK_COLUMNS)) for d in rows
        ),
    )
    # Follow-ups belong to the township, not to the checkpoint's report: counted even for a
    # checkpoint that is silent today (its people arrived days ago).
    loop = Section(
        "三、闭环转运与跟进",
        ("卡点", *TRANSFER_HEADINGS, "当日到期跟进", "其中已完成"),
        tuple(
            (
                d.checkpoint,
                _cell(d, d.transfers_sent),
                _cell(d, d.transfers_received),
                _cell(d, d.transfers_in_flight),
                _cell(d, d.transfers_not_received),
                d.follow_ups_due,
                d.follow_ups_done,
            )
            for d in rows
        ),
    )
    # Provinces down, checkpoints across: the number of provinces varies, the layout not.
    names = [d.checkpoint for d in report.checkpoints]
    province = Section(
        "四、来源省份",
        ("来源省份", *names, TOTAL),
        tuple(
            (
                p,
                *(_cell(d, d.by_province.get(p, 0)) for d in report.checkpoints),
                report.total.by_province.get(p, 0),
            )
            for p in report.provinces
        ),
    )
    return checked, risk, loop, province


def title(report: DailyReport) -> str:
    return f"卡点查验日报 · {report.day.isoformat()}（北京时间）"


def summary_lines(report: DailyReport) -> list[str]:
    t = report.total
    lines = [
        f"全县各卡点共查验 {t.checked} 人，发热 {t.fever} 人；"
        f"闭环转运 {t.transfers_sent} 人，已接收 {t.transfers_received} 人，"
        f"在途 {t.transfers_in_flight} 人，超时未接收 {t.transfers_not_received} 人；"
        f"当日到期跟进 {t.follow_ups_due} 人，已完成 {t.follow_ups_done} 人。",
    ]
    reported = len(report.checkpoints) - len(report.not_reported)
    lines.append(
        f"{len(report.checkpoints)} 个卡点中 {reported} 个已报"
        + (f"，未报：{'、'.join(report.not_reported)}。" if report.not_reported else "。")
    )
    lines.append(
        f"生成于 {report.generated_at.strftime('%Y-%m-%d %H:%M')}（北京时间）。"
        "“未报”：当天既未同步也未导入交班包；“0”：已同步但无人登记。"
    )
    return lines


def report_text(report: DailyReport) -> str:
    out = [title(report), *summary_lines(report)]
    for section in sections(report):
        out.append("")
        out.append(section.title)
        out.append("\t".join(section.headings))
        out.extend("\t".join(str(v) for v in row) for row in section.rows)
        if not section.rows:
            out.append("（无）")
    return "\n".join(out)


def report_workbook(report: DailyReport) -> bytes:
    """The report as one .xlsx sheet; every text cell made formula-safe."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"日报 {report.day.isoformat()}"
    bold = Font(bold=True)
    sheet.append([safe_cell(title(report))])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=14)
    for line in summary_lines(report):
        sheet.append([safe_cell(line)])
    widest = 0
    for section in sections(report):
        sheet.append([])
        sheet.append([safe_cell(section.title)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([safe_cell(h) for h in section.headings])
        for index in range(1, len(section.headings) + 1):
            sheet.cell(row=sheet.max_row, column=index).font = bold
        for row in section.rows:
            sheet.append([safe_cell(v) for v in row])
            if row[0] == TOTAL:
                for index in range(1, len(row) + 1):
                    sheet.cell(row=sheet.max_row, column=index).font = bold
        if not section.rows:
            sheet.append(["（无）"])
        widest = max(widest, len(section.headings))
    sheet.column_dimensions["A"].width = 24
    for index in range(2, widest + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 13
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pdf_table(pdf: Any, section: Section, width: float) -> None:
    from fpdf.fonts import FontFace

    first = 34.0
    rest = (width - first) / max(1, len(section.headings) - 1)
    with pdf.table(
        col_widths=(first, *([rest] * (len(section.headings) - 1))),
        width=width,
        line_height=5,
        text_align="CENTER",
        first_row_as_headings=True,
        # One weight of the font is bundled: headings are shaded rather than bold.
        headings_style=FontFace(emphasis="", fill_color=(232, 236, 241)),
    ) as table:
        for row in (section.headings, *section.rows):
            cells = table.row()
            for value in row:
                cells.cell(str(value))


def report_pdf(report: DailyReport) -> bytes:
    """The report as an A4 landscape PDF with the Chinese font embedded (subset)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(title(report))
    pdf.set_creator("卡点通 县指挥部")
    pdf.add_font("cjk", fname=str(resource_path(*FONT_FILE)))
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("cjk", size=15)
    pdf.cell(width, 9, title(report), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("cjk", size=9)
    for line in summary_lines(report):
        pdf.multi_cell(width, 5, line, new_x="LMARGIN", new_y="NEXT")
    for section in sections(report):
        pdf.ln(3)
        pdf.set_font("cjk", size=11)
        pdf.cell(width, 7, section.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=8)
        if not section.rows:
            pdf.cell(width, 5, "（无）", new_x="LMARGIN", new_y="NEXT")
            continue
        for part in _column_parts(section):
            _pdf_table(pdf, part, width)
            pdf.ln(2)
    return bytes(pdf.output())


def _column_parts(section: Section, per_part: int = 14) -> list[Section]:
    """A table too wide for the page in parts of at most `per_part` value columns, each
    repeating the first column (the province table grows with the checkpoints)."""
    values = len(section.headings) - 1
    if values <= per_part:
        return [section]
    parts = []
    for start in range(1, values + 1, per_part):
        keep: Sequence[int] = [0, *range(start, min(start + per_part, values + 1))]
        parts.append(
            Section(
                section.title,
                tuple(section.headings[i] for i in keep),
                tuple(tuple(row[i] for i in keep) for row in section.rows),
            )
        )
    return parts
