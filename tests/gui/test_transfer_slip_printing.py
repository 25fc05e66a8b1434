"""Printing the 闭环转运单 from the window: 保存并打印 in the transfer dialog records the
transfer and sends its slip to the receipt printer at once; a printer that is not there
is a Chinese message and the transfer stays recorded; 记录 → 打印闭环转运单 prints it
again for an existing transfer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from checkpoint_app.gui.papers import PaperDialog
from checkpoint_app.gui.transfer_dialog import TransferDialog
from checkpoint_app.reports.papers import PaperKind
from checkpoint_app.settings import Settings
from checkpoint_app.storage.audit import recent_audit
from checkpoint_app.storage.transfers import transfers_for_record
from tests.factories import install_site_list
from tests.gui.test_papers import NetworkPrinter
from tests.gui.test_transfer_dialog import save_fever_traveller


def _fill_transfer(qtbot: Any, keyboard: Any) -> TransferDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TransferDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, TransferDialog)
    ui = dialog.ui
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ui.siteCombo)
    keyboard.press(Qt.Key.Key_Tab)
    ui.plateEdit.insert("豫")
    keyboard.type("PJ0931")
    keyboard.press(Qt.Key.Key_Tab)
    ui.escortNameEdit.insert("刘红梅")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("13912345678")
    return dialog


def _slip_dialog(qtbot: Any) -> PaperDialog:
    def found() -> PaperDialog | None:
        return next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, PaperDialog) and w.isVisible()
            ),
            None,
        )

    qtbot.waitUntil(lambda: found() is not None, timeout=2000)
    dialog = found()
    assert dialog is not None
    return dialog


def _printed(db: Any) -> list[dict[str, Any]]:
    return [e.details for e in recent_audit(db) if e.action == "paper.printed"]


def test_save_and_print_records_the_transfer_and_prints_its_slip_on_the_receipt_printer(
    make_main_window: Any, keyboard: Any, qtbot: Any, workstation: Any
) -> None:
    printer = NetworkPrinter()
    try:
        install_site_list(workstation.db)
        window = make_main_window(
            settings=Settings(receipt_printer=f"127.0.0.1:{printer.port}", receipt_paper_mm=58)
        )
        save_fever_traveller(window, keyboard, qtbot)
        dialog = _fill_transfer(qtbot, keyboard)
        keyboard.press(Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # 保存并打印转运单(&R)

        slip = _slip_dialog(qtbot)
        assert slip.kind is PaperKind.TRANSFER_SLIP
        qtbot.waitUntil(lambda: "已打印" in slip.messageLabel.text(), timeout=10_000)
        qtbot.waitUntil(lambda: b"\x1dV" in printer.received, timeout=5_000)
        [stored] = transfers_for_record(workstation.db, window.model.item_at(0).record.uuid)
        shown = f"{stored.code[:4]}-{stored.code[4:]}"
        assert f"转运码 {shown}".encode("gb18030") in printer.received
        assert "商水县人民医院发热门诊".encode("gb18030") in printer.received
        assert "转运码：" + shown in dialog.ui.messageLabel.text()
        assert [r["transfer_code"] for r in _printed(workstation.db)] == [stored.code]
    finally:
        printer.close()


def test_a_missing_printer_says_so_in_chinese_and_the_transfer_stays_recorded(
    make_main_window: Any, keyboard: Any, qtbot: Any, workstation: Any
) -> None:
    install_site_list(workstation.db)
    window = make_main_window(settings=Settings(receipt_printer="127.0.0.1:9"))
    save_fever_traveller(window, keyboard, qtbot)
    dialog = _fill_transfer(qtbot, keyboard)
    dialog.printButton.click()

    slip = _slip_dialog(qtbot)
    qtbot.waitUntil(lambda: not slip.busy, timeout=10_000)
    assert "小票打印机（网络 127.0.0.1:9）未连接或无法访问" in slip.messageLabel.text()
    assert _printed(workstation.db) == []
    [stored] = transfers_for_record(workstation.db, window.model.item_at(0).record.uuid)
    assert stored.site_name == "商水县人民医院发热门诊"
    assert "转运码" in dialog.ui.messageLabel.text()
    slip.close()


def test_the_records_menu_prints_the_slip_of_an_existing_transfer(
    make_main_window: Any, keyboard: Any, qtbot: Any, workstation: Any, tmp_path: Any
) -> None:
    install_site_list(workstation.db)
    window = make_main_window()
    save_fever_traveller(window, keyboard, qtbot)
    _fill_transfer(qtbot, keyboard)
    keyboard.enter()  # 保存: recorded, nothing printed yet
    keyboard.enter()  # closes
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert _printed(workstation.db) == []

    menu_texts = [a.text() for a in window.ui.recordsMenu.actions()]
    assert "打印闭环转运单…" in menu_texts
    opened: list[PaperDialog] = []

    def save_when_open() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PaperDialog):
            opened.append(modal)
            modal.save_pdf(tmp_path / "slip.pdf")
            modal.reject()

    QTimer.singleShot(0, save_when_open)
    window.printSlipAction.trigger()
    assert opened and opened[0].kind is PaperKind.TRANSFER_SLIP
    assert (tmp_path / "slip.pdf").exists()
    assert [r["kind"] for r in _printed(workstation.db)] == ["transfer_slip"]
