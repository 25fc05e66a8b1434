"""The form as real input reaches it: every traveller starts clean, nothing is assumed
checked, a refused save is loud, and a scan during a dialog is kept for the form."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from checkpoint_app.records.model import CodeColour, FieldSource, NatResult
from checkpoint_app.scanning.screenshot import PageKind, ScreenshotText, TextField
from checkpoint_app.storage.records import RecordFilter, RecordRepository

ID_1 = "411623199004151232"
ID_2 = "41072219560619060X"  # ends in X, as one ID in eleven does


def saved(workstation):
    return [i.record for i in RecordRepository(workstation.db).list_items(RecordFilter())]


def test_a_new_card_scanned_over_an_unsaved_traveller_starts_a_clean_one(
    main_window, keyboard, qtbot
):
    form = main_window.form
    keyboard.scan(ID_1)
    form.ui.nameEdit.setFocus()
    keyboard.type("li", gap_ms=150)
    form.ui.temperatureEdit.setFocus()
    keyboard.type("36.4")
    first = form.record_uuid
    keyboard.now_ms += 2_000  # the next traveller steps up
    keyboard.scan(ID_2)
    assert form.record_uuid != first
    assert form.ui.nameEdit.text() == ""
    assert form.values().document_number == ID_2
    assert "未保存" in form.ui.scanStatusLabel.text()
    # The temperature box is empty and focused: typing replaces, never appends.
    assert QApplication.focusWidget() is form.ui.temperatureEdit
    keyboard.type("36")
    assert form.ui.temperatureEdit.text() == "36"


def test_the_same_card_scanned_again_keeps_what_was_typed(main_window, keyboard):
    form = main_window.form
    keyboard.scan(ID_1)
    form.ui.nameEdit.setFocus()
    keyboard.type("wang", gap_ms=150)
    keyboard.now_ms += 1_000
    keyboard.scan(ID_1)
    assert form.ui.nameEdit.text() == "wang"


def test_a_fresh_form_claims_no_check_and_refuses_to_save_loudly(
    main_window, keyboard, qtbot, workstation
):
    form = main_window.form
    assert form.values().health_colour is CodeColour.UNKNOWN
    assert form.values().travel_colour is CodeColour.UNKNOWN
    assert form.values().nat_result is NatResult.UNCHECKED
    assert form.ui.natResultCombo.currentText() == "未查验"
    keyboard.scan(ID_1)
    keyboard.type("36.5")
    with qtbot.waitSignal(main_window.save_failed):
        keyboard.enter()
    assert saved(workstation) == []
    assert "未查验" in form.ui.problemLabel.text()
    assert "未保存" in main_window.ui.resultBanner.text()
    assert "#c62828" in main_window.ui.resultBanner.styleSheet()
    assert QApplication.focusWidget() is form.ui.overrideReasonEdit


def test_f12_records_the_common_check_as_seen_on_the_phone(
    main_window, keyboard, qtbot, workstation
):
    keyboard.scan(ID_2)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    (record,) = saved(workstation)
    assert record.document_number == ID_2
    assert (record.health_colour, record.travel_colour) == (CodeColour.GREEN, CodeColour.GREEN)
    assert record.nat_result is NatResult.NEGATIVE
    assert record.sources["health_colour"] is FieldSource.VIEWED
    assert record.sources["nat_result"] is FieldSource.VIEWED


def test_f12_leaves_a_colour_someone_chose(main_window, keyboard):
    form = main_window.form
    keyboard.scan(ID_1)
    keyboard.press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # yellow code
    keyboard.press(Qt.Key.Key_F12)
    assert form.values().health_colour is CodeColour.YELLOW
    assert form.values().travel_colour is CodeColour.GREEN


def test_a_plate_without_its_province_takes_the_default(main_window, keyboard, qtbot, workstation):
    form = main_window.form
    keyboard.scan("P12345")
    assert form.ui.plateEdit.text() == "豫P12345"
    form.ui.plateEdit.setFocus()
    form.ui.plateEdit.clear()
    keyboard.type("A88888", gap_ms=150)
    form.ui.plateProvinceCombo.setCurrentIndex(form.ui.plateProvinceCombo.findData("鄂"))
    form.ui.plateProvinceCombo.activated.emit(form.ui.plateProvinceCombo.currentIndex())
    assert form.ui.plateEdit.text() == "鄂A88888"


def test_page_words_naming_another_colour_leave_the_code_unchecked(main_window):
    form = main_window.form
    form.set_health_colour(CodeColour.GREEN, FieldSource.SCREENSHOT)
    form.apply_screenshot_text(
        ScreenshotText(
            page_kind=PageKind.HEALTH_CODE,
            fields={"colour_text": TextField("red", 0.99)},
            travel_cities=(),
            lines=("豫康码", "红码"),
            timings_ms={},
        )
    )
    assert form.values().health_colour is CodeColour.UNKNOWN
    warning = form.ui.warningsLabel.text()
    assert "绿码" in warning and "红码" in warning
    assert not form.ui.warningsLabel.isHidden()


def test_a_scan_while_a_dialog_is_open_fills_the_form_when_it_closes(main_window, keyboard, qtbot):
    box = QMessageBox(QMessageBox.Icon.Information, "提示", "对话框", parent=main_window)

    def scan_then_close() -> None:
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is box)
        main_window.scanner.scan_received.emit(ID_2)
        box.accept()

    QTimer.singleShot(0, scan_then_close)
    box.exec()
    qtbot.waitUntil(lambda: main_window.form.values().document_number == ID_2, timeout=3000)


def test_the_mouse_wheel_over_an_unfocused_spin_box_changes_nothing(main_window, qtbot):
    spin = main_window.form.ui.vaccineSpin
    main_window.form.ui.scanEdit.setFocus()
    before = spin.value()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(spin.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(spin, wheel)
    assert spin.value() == before
    assert QApplication.focusWidget() is main_window.form.ui.scanEdit


def test_an_id_card_fills_name_and_number_exactly_marked_as_from_the_card(
    main_window, keyboard, qtbot, workstation
):
    from datetime import date

    from checkpoint_app.scanning.idcard.model import IdCard

    card = IdCard(
        name="欧阳娜娜",
        sex="女",
        ethnicity="汉",
        birth_date=date(1956, 6, 19),
        document_number=ID_2,
        valid_from=date(2016, 3, 1),
        valid_until=None,
    )
    form = main_window.form
    main_window.form.apply_id_card(card)
    assert form.ui.nameEdit.text() == "欧阳娜娜"
    assert "来自身份证" in form.ui.scanStatusLabel.text()
    assert QApplication.focusWidget() is form.ui.temperatureEdit
    keyboard.type("36.6")
    keyboard.press(Qt.Key.Key_F12)
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    (record,) = saved(workstation)
    assert (record.name, record.document_number) == ("欧阳娜娜", ID_2)
    assert record.sources["name"] is FieldSource.ID_CARD
    assert record.sources["document_number"] is FieldSource.ID_CARD


def test_an_expired_id_card_is_a_warning_not_a_refusal(main_window):
    from datetime import date

    from checkpoint_app.scanning.idcard.model import IdCard

    card = IdCard("李四", "男", "回", date(1990, 4, 15), ID_1, date(2005, 1, 1), date(2015, 1, 1))
    main_window.form.apply_id_card(card)
    status = main_window.form.ui.scanStatusLabel.text()
    assert "已过有效期" in status
    assert main_window.form.values().document_number == ID_1


def test_a_card_on_the_reader_fills_the_main_windows_form(make_main_window, qtbot, workstation):
    from checkpoint_app.settings import Settings
    from tests.scanning.idcard_emulator import MA_YAN, ReaderEmulator

    with ReaderEmulator() as emulator:
        window = make_main_window(
            settings=Settings(idcard_driver="serial", idcard_port=emulator.url)
        )
        emulator.put(MA_YAN)  # the traveller hands over the card
        try:
            qtbot.waitUntil(lambda: window.form.ui.nameEdit.text() == "马䶮", timeout=8000)
            assert window.form.values().sources["name"] is FieldSource.ID_CARD
            assert QApplication.focusWidget() is window.form.ui.temperatureEdit
        finally:
            window.close()
