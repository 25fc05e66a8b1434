"""`checkpoint-county export`: the county's records as a spreadsheet (xlsx) or CSV.

Columns have Chinese headings, times are county time. ID numbers, phones and names are
masked unless the caller asks for the whole values (an unmasked file is sensitive personal
information and is written 0600). Any text a traveller or a worker typed could start with
"=", "+", "-" or "@" and would run as a formula when the file is opened in Excel or WPS
("formula injection"); such cells get a leading apostrophe, so they are shown as text.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from checkpoint_app.county import reports
from checkpoint_app.county.store import CountyStore
from checkpoint_app.records.masking import mask_address, mask_id_number, mask_name, mask_phone
from checkpoint_app.records.model import CodeColour, Disposition, DocumentType, NatResult

# What Excel, LibreOffice and WPS read as the start of a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters that XML (so xlsx) cannot hold; a scanner payload may carry them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


def neutralise(value: str) -> str:
    """Text that no spreadsheet will evaluate: a leading apostrophe before a formula start."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _yes_no(value: object) -> str:
    return "是" if value else "否"


def _time(text: object) -> str:
    moment = reports.local_time(text) if isinstance(text, str) else None
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    value: Callable[[reports.ExportRow, bool], Any]


def _person(key: str, mask: Callable[[str], str]) -> Callable[[reports.ExportRow, bool], str]:
    def value(row: reports.ExportRow, unmask: bool) -> str:
        text = str(row.wire.get(key, ""))
        return text if unmask else mask(text)

    return value


COLUMNS: tuple[Column, ...] = (
    Column("查验时间（北京时间）", lambda r, _u: _time(r.wire["checked_at"])),
    Column("卡点", lambda r, _u: r.checkpoint),
    Column("卡点所在乡镇", lambda r, _u: r.township),
    Column("姓名", _person("name", mask_name)),
    Column("证件类型", lambda r, _u: DocumentType(r.wire["document_type"]).label),
    Column("证件号码", _person("document_number", mask_id_number)),
    Column("手机号", _person("phone", mask_phone)),
    Column("车牌号", lambda r, _u: r.wire["plate"]),
    Column("来源地", lambda r, _u: r.wire["origin_name"]),
    Column("来源地代码", lambda r, _u: r.wire["origin_code"]),
    Column("目的地（乡镇）", lambda r, _u: r.wire["destination_township"]),
    Column("目的地址", _person("destination_address", mask_address)),
    Column("事由", lambda r, _u: r.wire["reason"]),
    Column("体温（℃）", lambda r, _u: r.wire["temperature"]),
    Column("发热", lambda r, _u: _yes_no(r.wire["fever"])),
    Column("健康码", lambda r, _u: CodeColour(r.wire["health_colour"]).label),
    Column("行程码", lambda r, _u: CodeColour(r.wire["travel_colour"]).label),
    Column("14天内途经城市", lambda r, _u: "、".join(r.wire["travel_cities"])),
    Column("核酸结果", lambda r, _u: NatResult(r.wire["nat_result"]).label),
    Column("核酸采样时间", lambda r, _u: _time(r.wire["nat_sampled_at"])),
    Column("核酸超过时限", lambda r, _u: _yes_no(r.wire["nat_expired"])),
    Column("疫苗剂次", lambda r, _u: r.wire["vaccine_doses"]),
    Column("处置", lambda r, _u: Disposition(r.wire["disposition"]).label),
    Column("改判理由", lambda r, _u: r.wire["override_reason"]),
    Column("备注", lambda r, _u: r.wire["notes"]),
    Column("记录编号", lambda r, _u: r.wire["uuid"]),
    Column("版本", lambda r, _u: r.wire["version"]),
    Column("上报方式", lambda r, _u: "在线同步" if r.source == "online" else "交班导出包"),
    Column("县里收到时间", lambda r, _u: _time(r.received_at)),
)
HEADINGS = tuple(c.heading for c in COLUMNS)


def safe_cell(value: Any) -> Any:
    """A value ready for a spreadsheet cell: numbers stay numbers (sortable in Excel), any
    text loses XML-illegal controls and cannot start a formula; None becomes empty."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    # Controls go first: "\x01=cmd" must not turn into a bare "=cmd" afterwards.
    return neutralise(_CONTROL_CHARACTERS.sub("", str(value)))


def _cells(row: reports.ExportRow, unmask: bool) -> list[Any]:
    return [safe_cell(column.value(row, unmask)) for column in COLUMNS]


def _write_private(path: Path, write: Callable[[io.BufferedWriter], None]) -> None:
    """Write via a 0600 temp file in the target folder and rename: no half file, no
    moment in which another user could read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_csv(rows: Iterable[list[Any]], handle: io.BufferedWriter) -> None:
    # UTF-8 with a BOM: without it Excel on Chinese Windows reads the file as GBK.
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    text.flush()
    text.detach()


def _write_xlsx(rows: Iterable[list[Any]], handle: io.BufferedWriter) -> None:
    # openpyxl ships no type information (types-openpyxl is not a dependency).
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    # Write-only mode streams rows to the file instead of holding the sheet in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("卡点登记")
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(HEADINGS, start=1):
        width = 20 if heading in ("查验时间（北京时间）", "证件号码", "核酸采样时间") else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(list(HEADINGS))
    for row in rows:
        sheet.append(row)
    workbook.save(handle)


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int
    unmasked: bool


def export_records(
    store: CountyStore,
    out: Path,
    fmt: ExportFormat,
    *,
    since: str | None = None,
    until: str | None = None,
    unmask: bool = False,
) -> ExportResult:
    """Write the newest version of every record checked in [since, until) to `out`."""
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for row in reports.export_rows(store, since, until):
            count += 1
            yield _cells(row, unmask)

    writer = _write_xlsx if fmt is ExportFormat.XLSX else _write_csv
    _write_private(out, lambda handle: writer(rows(), handle))
    return ExportResult(out, count, unmask)
