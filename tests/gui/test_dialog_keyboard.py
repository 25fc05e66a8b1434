"""Keyboard walks through the dialogs: Tab follows what the eye sees and never gets stuck."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from checkpoint_app.gui.charts import ChartsDialog
from checkpoint_app.gui.handover import HandoverDialog
from checkpoint_app.gui.record_dialog import RecordDialog
from checkpoint_app.policy.schema import default_policy
from checkpoint_app.storage.records import RecordRepository

ID_NUMBER = "411623199004151232"


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def tab_walk(qtbot, start: QWidget, presses: int) -> list[QWidget | None]:
    """Focus `start`, press Tab `presses` times; the widgets that had focus after each."""
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen: list[QWidget | None] = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def handover(qtbot, workstation, staff):
    return show(
        qtbot,
        HandoverDialog(
            workstation.db,
            shift=workstation.shift,
            staff=staff,
            checkpoint=workstation.checkpoint,
        ),
    )


def test_tab_passes_through_the_handover_tables_and_the_note_without_typing_a_tab(
    qtbot, workstation
):
    dialog = handover(qtbot, workstation, workstation.registrar)
    ui = dialog.ui
    ui.notesEdit.setPlainText("3号车道扫码枪失灵")

    seen = tab_walk(qtbot, ui.closeButton, 4)

    assert seen == [ui.summaryTable, ui.hoursTable, ui.notesEdit, ui.outgoingPinEdit]
    assert ui.notesEdit.toPlainText() == "3号车道扫码枪失灵"


def test_handover_charts_button_is_reached_right_after_the_excel_export(qtbot, workstation):
    dialog = handover(qtbot, workstation, workstation.lead)

    seen = tab_walk(qtbot, dialog.ui.exportExcelButton, 2)

    assert seen == [dialog.charts_button, dialog.ui.closeButton]


def test_charts_dialog_tabs_from_the_scope_straight_to_close(qtbot, workstation):
    dialog = show(qtbot, ChartsDialog(workstation.db, shift=workstation.shift))

    seen = tab_walk(qtbot, dialog.scope_combo, 2)

    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert seen == [close, dialog.scope_combo]


def register_one(main_window, keyboard, qtbot) -> str:
    keyboard.scan(ID_NUMBER)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved) as saved:
        keyboard.enter()
    return str(saved.args[0])


def test_record_dialog_tabs_to_the_reveal_button_before_correct_and_close(
    main_window, keyboard, qtbot, workstation
):
    uuid = register_one(main_window, keyboard, qtbot)
    dialog = show(
        qtbot,
        RecordDialog(
            RecordRepository(workstation.db), uuid, staff=workstation.lead, policy=default_policy()
        ),
    )

    seen = tab_walk(qtbot, dialog.ui.historyList, 4)

    close = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close)
    assert seen[0] is dialog.reveal_button
    assert [w.text() for w in seen[1:3] if w is not None] == ["更正（新版本）", close.text()]
    assert seen[3] is dialog.ui.historyList


def test_record_dialog_fits_a_1366_by_768_laptop(main_window, keyboard, qtbot, workstation):
    uuid = register_one(main_window, keyboard, qtbot)
    dialog = show(
        qtbot,
        RecordDialog(
            RecordRepository(workstation.db), uuid, staff=workstation.lead, policy=default_policy()
        ),
    )

    # 768 less a taskbar and a title bar; the form scrolls inside the dialog instead.
    assert dialog.minimumSizeHint().height() <= 680
    assert dialog.height() <= 680
    assert dialog.width() <= 1366


def test_main_window_form_is_never_clipped_at_1366x768_even_in_english(
    qapp, make_main_window, qtbot
):
    from PySide6.QtCore import QTranslator

    from checkpoint_app.resources import resource_path

    translator = QTranslator()
    assert translator.load(str(resource_path("translations", "checkpoint_app_en.qm")))
    qapp.installTranslator(translator)
    try:
        window = make_main_window()
        window.resize(1366, 740)
        qtbot.wait(50)
        scroll = window.ui.formScroll
        form = window.form
        # English labels make the form wider than the pane the splitter first gives it.
        assert form.minimumSizeHint().width() > 523
        assert scroll.viewport().width() >= form.minimumSizeHint().width()
        grey = form.ui.healthGreyButton  # the right-most button of the form
        right_edge = grey.mapTo(scroll.viewport(), grey.rect().topRight()).x()
        assert right_edge <= scroll.viewport().width()
    finally:
        qapp.removeTranslator(translator)
