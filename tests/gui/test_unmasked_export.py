"""The handover dialog's unmasked township Excel: leads and admins with a typed reason
(audited), never registrars: the option is not shown, and the store refuses it as well."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from checkpoint_app.gui.handover import HandoverDialog
from checkpoint_app.storage.records import RecordFlags, RecordRepository
from checkpoint_app.storage.timefmt import utc_now
from tests.factories import make_record

ID_NUMBER = "411623199004151234"
PHONE = "13812345678"


def _type(edit: QLineEdit, text: str) -> None:
    """Key events carrying the text, as an input method commits Chinese (keyClicks cannot)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                edit, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def _registered(workstation) -> None:
    record = make_record(
        checked_at=utc_now(),
        name="张三",
        document_number=ID_NUMBER,
        phone=PHONE,
        shift_id=workstation.shift.id,
        staff_id=workstation.registrar.id,
    )
    RecordRepository(workstation.db).save(record, flags=RecordFlags(False, False))


def _dialog(qtbot, workstation, staff) -> HandoverDialog:
    dialog = HandoverDialog(
        workstation.db, shift=workstation.shift, staff=staff, checkpoint=workstation.checkpoint
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _cells(path: Path) -> list[str]:
    sheet = load_workbook(path).active
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]


def _audit(db, action: str) -> list[tuple[int, str, dict]]:
    return [
        (r[0], r[1], json.loads(r[2] or "{}"))
        for r in db.execute(
            "SELECT staff_id, subject, details FROM audit_log WHERE action = ? ORDER BY id",
            [action],
        )
    ]


def test_a_lead_exports_whole_numbers_after_typing_a_reason(
    qtbot, workstation, tmp_path, monkeypatch
):
    _registered(workstation)
    target = tmp_path / "full.xlsx"
    asked: list[str] = []

    def choose(*args, **kwargs):
        asked.append(args[2])  # the suggested file name
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    dialog = _dialog(qtbot, workstation, workstation.lead)
    ui = dialog.ui
    assert ui.unmaskBox.isVisible()

    ui.exportUnmaskedButton.click()  # no reason yet: nothing is asked, nothing written
    assert ui.messageLabel.text() == "导出完整个人信息需要填写原因"
    assert asked == [] and not target.exists()
    assert dialog.focusWidget() is ui.unmaskReasonEdit

    _type(ui.unmaskReasonEdit, "乡镇流调核对")
    with qtbot.waitSignal(dialog.excel_exported):
        qtbot.keyClick(ui.unmaskReasonEdit, Qt.Key.Key_Return)
    assert asked and asked[0].startswith("登记记录（完整）")
    cells = _cells(target)
    assert ID_NUMBER in cells and PHONE in cells
    assert ui.messageLabel.text() == "已导出 1 条记录（含完整个人信息，请妥善保管）"
    assert ui.unmaskReasonEdit.text() == ""  # the next export needs its own reason
    [(staff_id, subject, details)] = _audit(workstation.db, "export.excel")
    assert (staff_id, subject) == (workstation.lead.id, "full.xlsx")
    assert details["masked"] is False and details["reason"] == "乡镇流调核对"
    assert details["role"] == "lead"
    assert ID_NUMBER not in json.dumps(details, ensure_ascii=False)
    # Enter in the reason field exported and went no further (no sign-off with no PIN).
    assert _audit(workstation.db, "signin.failed") == []


def test_a_registrar_never_sees_the_option_and_is_refused_anyway(qtbot, workstation, tmp_path):
    _registered(workstation)
    dialog = _dialog(qtbot, workstation, workstation.registrar)
    assert not dialog.ui.unmaskBox.isVisible()
    assert dialog.ui.exportExcelButton.isVisible()  # the masked export stays

    target = tmp_path / "full.xlsx"
    with qtbot.waitSignal(dialog.excel_refused):
        assert dialog.export_excel(target, unmask=True, reason="我想看")
    assert not target.exists()
    assert "登记员无权导出完整个人信息" in dialog.ui.messageLabel.text()
    assert [(s, subj) for s, subj, _ in _audit(workstation.db, "export.unmask_refused")] == [
        (workstation.registrar.id, "full.xlsx")
    ]
    assert _audit(workstation.db, "export.excel") == []

    masked = tmp_path / "masked.xlsx"
    with qtbot.waitSignal(dialog.excel_exported):
        dialog.export_excel(masked)
    assert "已导出 1 条" in dialog.ui.messageLabel.text()
    assert ID_NUMBER not in _cells(masked) and PHONE not in _cells(masked)
