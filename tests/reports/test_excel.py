"""The township's Excel sheet: read back with openpyxl as the township would open it."""

from __future__ import annotations

import stat
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from checkpoint_app.records.model import StaffRole
from checkpoint_app.reports.excel import COLUMNS, export_records_xlsx, neutralise
from checkpoint_app.storage.access import AccessDenied
from checkpoint_app.storage.audit import recent_audit
from tests.reports.shift_data import BEIJING, CANARY_ID, INJECTED_NAME, fill_shift


@pytest.fixture
def filled(workstation):
    fill_shift(workstation.db, workstation.shift.id, workstation.registrar.id)
    return workstation


def read_rows(path):
    sheet = load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[2]
    return rows[:2], header, [dict(zip(header, r, strict=True)) for r in rows[3:]]


def test_shift_export_has_chinese_columns_and_one_row_per_current_record(filled, tmp_path):
    path = tmp_path / "out" / "班次.xlsx"
    result = export_records_xlsx(filled.db, path, shift_id=filled.shift.id, tz=BEIJING)
    title, header, rows = read_rows(path)
    assert result.record_count == 7
    assert header == list(COLUMNS)
    assert "宁洛高速谭庄站" in title[0][0] and "谭庄镇" in title[0][0]
    assert [r["序号"] for r in rows] == list(range(1, 8))
    assert rows[0]["登记时间"] == "2022-04-10 08:10"
    assert [r["处置"] for r in rows][:4] == ["放行", "放行+落地检", "劝返", "集中隔离"]
    assert rows[2]["备注"] == "已联系上海返回"  # the corrected version, not the first
    assert rows[4]["发热"] == "是" and rows[4]["体温（℃）"] == 38.1
    assert rows[0]["已上报县指挥部"] == "是" and rows[3]["已上报县指挥部"] == "否"


def test_names_ids_and_phones_are_masked_by_default(filled, tmp_path):
    path = tmp_path / "masked.xlsx"
    export_records_xlsx(filled.db, path, shift_id=filled.shift.id, tz=BEIJING)
    _, _, rows = read_rows(path)
    assert rows[1]["证件号码"] == "4116**********1231"
    assert rows[1]["手机号"] == "138****5671"
    assert rows[1]["姓名"] == "张**"
    with zipfile.ZipFile(path) as archive:
        text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert CANARY_ID[:-1] not in text
    assert "13812345671" not in text
    assert "张伟明" not in text


def test_unmasked_export_holds_the_whole_numbers_as_text_and_is_audited(filled, tmp_path):
    path = tmp_path / "full.xlsx"
    export_records_xlsx(
        filled.db,
        path,
        shift_id=filled.shift.id,
        unmask=True,
        reason="县指挥部核查",
        staff_id=filled.lead.id,
        role=StaffRole.LEAD,
        tz=BEIJING,
    )
    _, _, rows = read_rows(path)
    assert rows[1]["证件号码"] == CANARY_ID[:-1] + "1"  # text: Excel would round a number
    assert rows[1]["手机号"] == "13812345671"
    entry = recent_audit(filled.db, 1)[0]
    assert entry.action == "export.excel" and entry.staff_id == filled.lead.id
    assert entry.details["masked"] is False and entry.details["reason"] == "县指挥部核查"
    assert entry.details["records"] == 7
    assert CANARY_ID[:-1] not in str(entry)


def test_a_formula_in_a_name_is_written_as_text(filled, tmp_path):
    path = tmp_path / "inject.xlsx"
    export_records_xlsx(
        filled.db,
        path,
        shift_id=filled.shift.id,
        unmask=True,
        reason="核查",
        role=StaffRole.ADMIN,
        tz=BEIJING,
    )
    sheet = load_workbook(path).active
    cell = sheet["C4"]
    assert cell.value == "'" + INJECTED_NAME
    assert cell.data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row), (
        "no cell may be a formula"
    )


@pytest.mark.parametrize("value", ["=1+1", "+86138", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_trigger_is_neutralised(value):
    assert neutralise(value) == "'" + value


def test_ordinary_text_is_left_alone():
    assert neutralise("张伟 (返乡)") == "张伟 (返乡)"


def test_the_file_is_readable_by_its_owner_only(filled, tmp_path):
    path = tmp_path / "private.xlsx"
    export_records_xlsx(filled.db, path, shift_id=filled.shift.id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_date_range_takes_local_days_across_shifts(filled, tmp_path):
    path = tmp_path / "days.xlsx"
    # The other shift's record was checked 2022-04-09 11:00 Beijing time.
    result = export_records_xlsx(
        filled.db, path, start=date(2022, 4, 9), end=date(2022, 4, 9), tz=BEIJING
    )
    assert result.record_count == 1
    result = export_records_xlsx(
        filled.db, path, start=date(2022, 4, 9), end=date(2022, 4, 10), tz=BEIJING
    )
    assert result.record_count == 8
    _, _, rows = read_rows(path)
    assert rows[0]["处置"] == "集中隔离"


def test_export_needs_a_shift_or_a_range(fresh_db, tmp_path):
    with pytest.raises(ValueError):
        export_records_xlsx(fresh_db, tmp_path / "x.xlsx")


def test_a_registrar_cannot_export_whole_numbers_and_no_file_is_written(filled, tmp_path):
    path = tmp_path / "full.xlsx"
    with pytest.raises(AccessDenied):
        export_records_xlsx(
            filled.db,
            path,
            shift_id=filled.shift.id,
            unmask=True,
            reason="想看看",
            role=StaffRole.REGISTRAR,
            staff_id=filled.registrar.id,
        )
    assert not path.exists()
    assert recent_audit(filled.db, 1)[0].action != "export.excel"


def test_an_unmasked_export_needs_a_reason_even_for_a_lead(filled, tmp_path):
    with pytest.raises(AccessDenied, match="原因"):
        export_records_xlsx(
            filled.db,
            tmp_path / "full.xlsx",
            shift_id=filled.shift.id,
            unmask=True,
            reason=" ",
            role=StaffRole.LEAD,
        )
