"""The Excel sheet for the township: a shift's or a date range's records, columns in Chinese.

Names, document numbers and phones are masked unless the caller (a role allowed to, with
a reason) asks for them whole. Every text cell that a spreadsheet would read as a formula
is written as text, and the file is readable by its owner only.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlite_utils import Database

from checkpoint_app.records.masking import mask_address, mask_id_number, mask_name, mask_phone
from checkpoint_app.records.model import (
    CodeColour,
    Disposition,
    DocumentType,
    NatResult,
    StaffRole,
)
from checkpoint_app.storage.access import AccessDenied, check_unmask_allowed
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.storage.staff import get_checkpoint
from checkpoint_app.storage.timefmt import from_db_time, to_db_time

# Leading characters that make Excel, WPS or LibreOffice evaluate a cell (OWASP "CSV
# injection"); a leading apostrophe keeps such a cell as plain text.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "序号",
    "登记时间",
    "姓名",
    "证件类型",
    "证件号码",
    "手机号",
    "车牌号",
    "来源地",
    "目的地（乡镇）",
    "目的地址",
    "事由",
    "体温（℃）",
    "发热",
    "健康码",
    "行程码",
    "途经城市",
    "核酸结果",
    "核酸采样时间",
    "核酸超48小时",
    "疫苗剂次",
    "处置",
    "处置说明",
    "备注",
    "登记人",
    "班次",
    "已上报县指挥部",
)

_QUERY = (
    "SELECT r.checked_at, r.name, r.document_type, r.document_number, r.phone, r.plate,"
    " r.origin_name, r.destination_township, r.destination_address, r.reason, r.temperature,"
    " r.fever, r.health_colour, r.travel_colour, r.travel_cities, r.nat_result, r.nat_sampled_at,"
    " r.nat_expired, r.vaccine_doses, r.disposition, r.override_reason, r.notes,"
    " st.name, r.shift_id, o.synced_at IS NOT NULL"
    " FROM records r LEFT JOIN staff st ON st.id = r.staff_id"
    " LEFT JOIN outbox o ON o.record_uuid = r.uuid AND o.record_version = r.version"
)


@dataclass(frozen=True, slots=True)
class ExcelExport:
    """The written workbook and how many records it holds."""

    path: Path
    record_count: int
    masked: bool


def neutralise(value: str) -> str:
    """`value` made safe for a spreadsheet cell: a would-be formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_TRIGGERS) else value


def export_records_xlsx(
    db: Database,
    path: Path,
    *,
    shift_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    unmask: bool = False,
    reason: str = "",
    staff_id: int | None = None,
    role: StaffRole | None = None,
    tz: tzinfo | None = None,
) -> ExcelExport:
    """Write the current records of `shift_id`, or of local days `start`..`end` inclusive.

    Give a shift or a date range (or both, to narrow a shift to days). `unmask=True`
    writes names, document numbers and phones whole; the export is audited either way
    (masked flag, reason, count, file name; never a number). The file is replaced
    atomically and created with mode 0600.

    Only a lead or admin (`role`) with a reason may unmask: anyone else gets AccessDenied
    and no file is written.
    """
    if shift_id is None and start is None and end is None:
        raise ValueError("give a shift or a date range")
    if unmask:
        if role is None:
            raise AccessDenied("导出完整个人信息需要卡点负责人或管理员")
        reason = check_unmask_allowed(role, reason, what="导出完整个人信息")
    clauses = ["r.is_current = 1"]
    params: list[Any] = []
    if shift_id is not None:
        clauses.append("r.shift_id = ?")
        params.append(shift_id)
    if start is not None:
        clauses.append("r.checked_at >= ?")
        params.append(to_db_time(_local_midnight(start, tz)))
    if end is not None:
        clauses.append("r.checked_at < ?")
        params.append(to_db_time(_local_midnight(end + timedelta(days=1), tz)))
    rows = db.execute(
        f"{_QUERY} WHERE {' AND '.join(clauses)} ORDER BY r.checked_at", params
    ).fetchall()

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "登记记录"
    checkpoint = get_checkpoint(db)
    title = "卡点登记记录"
    if checkpoint is not None:
        title = f"{checkpoint.township} {checkpoint.name} {title}"
    scope = _scope_text(shift_id, start, end)
    sheet.append([neutralise(title)])
    sheet.append([neutralise(scope + ("" if not unmask else "（含完整个人信息，注意保密）"))])
    sheet.append(list(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        sheet.append(_cells(number, row, unmask=unmask, tz=tz))
    sheet.freeze_panes = "A4"
    for letter, width in (("B", 18), ("C", 10), ("E", 22), ("F", 14), ("H", 18), ("O", 24)):
        sheet.column_dimensions[letter].width = width

    _save_private(workbook, path)
    with db.atomic():
        append_audit(
            db,
            "export.excel",
            staff_id=staff_id,
            subject=path.name,
            details={
                "records": len(rows),
                "masked": not unmask,
                "reason": reason.strip(),
                "scope": scope,
                "role": role.value if role is not None else "",
            },
        )
    return ExcelExport(path, len(rows), not unmask)


def _local_midnight(day: date, tz: tzinfo | None) -> datetime:
    if tz is not None:
        return datetime.combine(day, time(), tzinfo=tz)
    return datetime.combine(day, time()).astimezone()  # the workstation's zone


def _scope_text(shift_id: int | None, start: date | None, end: date | None) -> str:
    parts = []
    if shift_id is not None:
        parts.append(f"班次 {shift_id}")
    if start is not None or end is not None:
        first = start.isoformat() if start else "…"
        last = end.isoformat() if end else "…"
        parts.append(f"{first} 至 {last}")
    return "范围：" + "，".join(parts)


def _local_text(value: str | None, tz: tzinfo | None) -> str:
    moment = from_db_time(value)
    return "" if moment is None else moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _cells(number: int, row: tuple[Any, ...], *, unmask: bool, tz: tzinfo | None) -> list[Any]:
    (
        checked_at,
        name,
        document_type,
        document_number,
        phone,
        plate,
        origin_name,
        destination,
        address,
        reason,
        temperature,
        fever,
        health_colour,
        travel_colour,
        travel_cities,
        nat_result,
        nat_sampled_at,
        nat_expired,
        vaccine_doses,
        disposition,
        override_reason,
        notes,
        staff_name,
        shift_id,
        synced,
    ) = row
    texts = [
        _local_text(checked_at, tz),
        name if unmask else mask_name(name),
        DocumentType(document_type).label,
        # Numbers go in as text: Excel would round an 18-digit ID to 15 significant digits.
        document_number if unmask else mask_id_number(document_number),
        phone if unmask else mask_phone(phone),
        plate,
        origin_name,
        destination,
        address if unmask else mask_address(address),
        reason,
    ]
    later = [
        CodeColour(health_colour).label,
        CodeColour(travel_colour).label,
        "、".join(json.loads(travel_cities or "[]")),
        NatResult(nat_result).label,
        _local_text(nat_sampled_at, tz),
        "是" if nat_expired else "否",
    ]
    tail = [Disposition(disposition).label, override_reason, notes, staff_name or ""]
    return [
        number,
        *(neutralise(str(t)) for t in texts),
        temperature,
        "是" if fever else "否",
        *(neutralise(t) for t in later),
        vaccine_doses,
        *(neutralise(str(t)) for t in tail),
        shift_id,
        "是" if synced else "否",
    ]


def _save_private(workbook: Workbook, path: Path) -> None:
    """Save to a 0600 temporary file beside `path`, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file with mode 0600 before any byte of personal data is in it.
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".kdt-", suffix=".xlsx.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            workbook.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp_name).replace(path)
        path.chmod(0o600)  # the rename keeps the mode; say it again for odd filesystems
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
