"""The handover dialog: figures on screen, the A4 PDF, sign-off and acknowledgement."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog

from checkpoint_app.gui.handover import HandoverDialog
from checkpoint_app.storage.audit import recent_audit, verify_audit_chain
from checkpoint_app.storage.staff import current_shift
from tests.reports.shift_data import CANARY_ID, fill_shift

NOTE = "3号车道扫码枪失灵，已报修；集中隔离转运车 14:00 到"


@pytest.fixture
def dialog(qtbot, workstation):
    fill_shift(workstation.db, workstation.shift.id, workstation.registrar.id)
    dlg = HandoverDialog(
        workstation.db,
        shift=workstation.shift,
        staff=workstation.registrar,
        checkpoint=workstation.checkpoint,
    )
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def settled(qtbot, dialog):
    """Wait for the PIN check or the write running on the worker to come back."""
    qtbot.waitUntil(lambda: not dialog.busy)


def table_rows(table):
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def shown_texts(dlg):
    return [dlg.ui.infoLabel.text(), dlg.ui.warningLabel.text(), dlg.ui.messageLabel.text()]


def test_the_dialog_shows_the_shift_counts(dialog):
    rows = table_rows(dialog.ui.summaryTable)
    assert rows["登记总数"] == "7"
    assert rows["放行"] == "2"
    assert rows["劝返"] == "1"
    assert rows["集中隔离"] == "1"
    assert rows["转运发热门诊"] == "1"
    assert rows["绿码"] == "4" and rows["黄码"] == "2" and rows["红码"] == "1"
    assert rows["发热（≥37.3℃）"] == "1"
    assert rows["核酸超过48小时"] == "2"
    assert rows["未同步到县指挥部"] == "6"
    assert "宁洛高速谭庄站" in dialog.ui.infoLabel.text()
    assert "王建国" in dialog.ui.infoLabel.text()
    assert "6 条记录尚未同步" in dialog.ui.warningLabel.text()
    hours = table_rows(dialog.ui.hoursTable)
    assert sum(int(n) for n in hours.values()) == 7


def test_labels_are_plain_text(dialog):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    for widget in dialog.findChildren(QLabel):
        if widget.buddy() is None:
            assert widget.textFormat() == Qt.TextFormat.PlainText, widget.objectName()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_pdf_is_a4_in_chinese_with_the_counts_and_no_id_number(dialog, qtbot, tmp_path):
    dialog.ui.notesEdit.setPlainText(NOTE)
    path = tmp_path / "交班报告.pdf"
    with qtbot.waitSignal(dialog.pdf_saved) as saved:
        dialog.save_pdf(path)
    assert saved.args == [str(path)]
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    # Noto CJK maps some glyphs back to radicals ("⾼" for "高", "⻋" for "车") in the
    # PDF's text layer; NFKC undoes the Kangxi ones, the test avoids the others.
    text = unicodedata.normalize("NFKC", text)
    assert "交班" in text
    assert "宁洛高速谭庄站" in text
    assert "登记总数" in text and "劝返" in text and "集中隔离" in text
    flat = " ".join(text.split())
    assert "登记总数 7" in flat
    assert "扫码枪失灵" in text
    assert CANARY_ID[:-1] not in text and CANARY_ID[-6:] not in text
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "A4" in info


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_the_pdf_renders(dialog, tmp_path):
    path = dialog.save_pdf(tmp_path / "r.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    assert (tmp_path / "p-1.png").stat().st_size > 5000


def test_a_wrong_outgoing_pin_is_refused_and_nothing_is_closed(dialog, workstation, qtbot):
    dialog.ui.outgoingPinEdit.setText("0000")
    dialog.ui.signOffButton.click()
    settled(qtbot, dialog)
    assert "不正确" in dialog.ui.messageLabel.text()
    assert not dialog.ui.incomingBox.isEnabled()
    assert current_shift(workstation.db).id == workstation.shift.id
    assert recent_audit(workstation.db, 1)[0].action == "signin.failed"


def test_a_wrong_incoming_pin_is_refused_and_the_shift_stays_open(dialog, workstation, qtbot):
    dialog.ui.outgoingPinEdit.setText("246813")
    dialog.ui.signOffButton.click()
    settled(qtbot, dialog)
    dialog.ui.incomingNameCombo.setCurrentText("李秀英")
    dialog.ui.incomingPinEdit.setText("135724")
    dialog.ui.acknowledgeButton.click()
    settled(qtbot, dialog)
    assert "不正确" in dialog.ui.messageLabel.text()
    assert current_shift(workstation.db).id == workstation.shift.id
    assert dialog.incoming_staff is None


def test_the_outgoing_person_cannot_acknowledge_their_own_shift(dialog, workstation, qtbot):
    dialog.ui.outgoingPinEdit.setText("246813")
    dialog.ui.signOffButton.click()
    settled(qtbot, dialog)
    dialog.ui.incomingNameCombo.setCurrentText("王建国")
    dialog.ui.incomingPinEdit.setText("246813")
    dialog.ui.acknowledgeButton.click()
    assert "不能是交班人本人" in dialog.ui.messageLabel.text()
    assert current_shift(workstation.db) is not None


def test_with_both_pins_the_shift_is_closed_with_the_note_and_audited(dialog, workstation, qtbot):
    db = workstation.db
    dialog.ui.notesEdit.setPlainText(NOTE)
    dialog.ui.outgoingPinEdit.setText("246813")
    dialog.ui.signOffButton.click()
    settled(qtbot, dialog)
    assert dialog.ui.incomingBox.isEnabled()
    dialog.ui.incomingNameCombo.setCurrentText("李秀英")
    dialog.ui.incomingPinEdit.setText("246813")
    with qtbot.waitSignal(dialog.shift_handed_over) as handed:
        dialog.ui.acknowledgeButton.click()
    assert handed.args == [workstation.shift.id]
    assert dialog.incoming_staff.name == "李秀英"
    assert current_shift(db) is None
    ended, note = db.execute(
        "SELECT ended_at, handover_note FROM shifts WHERE id = ?", [workstation.shift.id]
    ).fetchone()
    assert ended is not None and note == NOTE
    actions = [(e.action, e.staff_id) for e in reversed(recent_audit(db, 8))]
    assert ("handover.signed_off", workstation.registrar.id) in actions
    assert ("shift.closed", workstation.registrar.id) in actions
    assert actions[-1] == ("handover.acknowledged", workstation.lead.id)
    assert verify_audit_chain(db) == []
    audit_text = str(recent_audit(db, 1000))
    assert CANARY_ID[:-1] not in audit_text
    assert "交班完成" in dialog.ui.messageLabel.text()
    assert dialog.ui.notesEdit.isReadOnly()


def test_excel_export_from_the_dialog_is_masked(dialog, qtbot, tmp_path):
    path = tmp_path / "shift.xlsx"
    with qtbot.waitSignal(dialog.excel_exported):
        assert dialog.export_excel(path)
    values = [c.value for row in load_workbook(path).active.iter_rows() for c in row]
    assert not any(isinstance(v, str) and CANARY_ID[:-1] in v for v in values)
    assert "已导出 7 条" in dialog.ui.messageLabel.text()


def test_enter_signs_off_acknowledges_and_then_finishes_the_handover(dialog, workstation, qtbot):
    db = workstation.db
    ui = dialog.ui
    qtbot.keyClicks(ui.outgoingPinEdit, "246813")
    qtbot.keyClick(ui.outgoingPinEdit, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    assert ui.incomingBox.isEnabled()
    # One Enter, one sign-in: no second attempt with the emptied PIN field.
    assert [e.action for e in recent_audit(db, 20)].count("signin.failed") == 0

    ui.incomingNameCombo.setCurrentText("李秀英")
    qtbot.keyClicks(ui.incomingPinEdit, "246813")
    with qtbot.waitSignal(dialog.shift_handed_over):
        qtbot.keyClick(ui.incomingPinEdit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # the worker still reads "交班完成" before leaving

    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_in_the_note_is_a_new_line_and_never_finishes_the_handover(dialog, qtbot):
    ui = dialog.ui
    ui.notesEdit.setPlainText("扫码枪失灵")  # QTest types ASCII only
    ui.notesEdit.moveCursor(QTextCursor.MoveOperation.End)
    ui.notesEdit.setFocus()
    qtbot.keyClick(ui.notesEdit, Qt.Key.Key_Return)
    qtbot.keyClicks(ui.notesEdit, "14:00")
    assert ui.notesEdit.toPlainText() == "扫码枪失灵\n14:00"
    assert dialog.isVisible() and not dialog.busy
    assert ui.outgoingBox.isEnabled() and not ui.incomingBox.isEnabled()


def test_an_export_to_a_removed_stick_says_it_failed_and_the_dialog_carries_on(
    dialog, qtbot, tmp_path
):
    stick = tmp_path / "stick"
    stick.write_bytes(b"")  # a file where the folder was: nothing can be written below it
    with qtbot.waitSignal(dialog.excel_refused) as refused:
        dialog.export_excel(stick / "shift.xlsx")
    assert refused.args[0].startswith("导出失败：")
    assert dialog.ui.messageLabel.text() == refused.args[0]
    assert dialog.ui.exportExcelButton.isEnabled() and not dialog.busy
