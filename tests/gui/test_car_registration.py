"""A car at the toll station: the driver and passengers registered as one group."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from checkpoint_app.records.model import Disposition

DRIVER = "411623199004151232"
PASSENGER_1 = "411623198512030029"
PASSENGER_2 = "110105197001010011"
PLATE = "豫P12345"


def current_rows(db):
    return [
        dict(r)
        for r in db.query(
            "SELECT r.*, v.driver_uuid FROM records r LEFT JOIN vehicles v ON v.id = r.vehicle_id"
            " WHERE r.is_current = 1 ORDER BY r.checked_at"
        )
    ]


def register_car(main_window, keyboard, qtbot, *, last_key):
    """Plate, then three people with F8 between them; `last_key` saves the last one."""
    keyboard.scan(PLATE[1:])  # a scanner cannot type 豫: the default province
    for number, is_last in ((DRIVER, False), (PASSENGER_1, False), (PASSENGER_2, True)):
        keyboard.scan(number)
        keyboard.type("36.6")
        keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
        with qtbot.waitSignal(main_window.record_saved):
            if is_last:
                last_key()
            else:
                keyboard.press(Qt.Key.Key_F8)


def test_car_of_three_is_registered_as_a_group_with_the_plate_typed_once(
    main_window, keyboard, qtbot, workstation
):
    form = main_window.form
    register_car(main_window, keyboard, qtbot, last_key=keyboard.enter)

    rows = current_rows(workstation.db)
    assert [r["document_number"] for r in rows] == [DRIVER, PASSENGER_1, PASSENGER_2]
    assert {r["plate"] for r in rows} == {PLATE}
    assert len({r["vehicle_id"] for r in rows}) == 1 and rows[0]["vehicle_id"]
    assert {r["driver_uuid"] for r in rows} == {rows[0]["uuid"]}
    # Enter on the last passenger ends the car: the next traveller starts on foot.
    assert form.car is None
    assert form.ui.plateEdit.text() == ""
    assert QApplication.focusWidget() is form.ui.scanEdit
    # The table marks the car: the driver, the passengers and the car's size.
    model = main_window.model
    plates = [model.index(row, 4).data() for row in range(model.rowCount())]
    assert plates == [f"{PLATE} · 同车，共 3 人"] * 2 + [f"{PLATE} · 司机，共 3 人"]
    brushes = [model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) for row in range(3)]
    assert None not in brushes
    assert len({b.color().name() for b in brushes}) == 1


def test_after_f8_the_form_keeps_the_car_and_shows_it(main_window, keyboard, qtbot, workstation):
    form = main_window.form
    keyboard.scan(PLATE[1:])  # a scanner cannot type 豫: the default province
    keyboard.scan(DRIVER)
    keyboard.type("36.6")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.press(Qt.Key.Key_F8)
    assert form.ui.plateEdit.text() == PLATE
    assert form.ui.docNumberEdit.text() == ""
    assert form.ui.temperatureEdit.text() == ""
    assert form.car is not None and form.car.saved == 1
    assert not form.ui.carLabel.isHidden()
    assert PLATE in form.ui.carLabel.text() and "1 人" in form.ui.carLabel.text()
    assert QApplication.focusWidget() is form.ui.scanEdit
    # Esc on an empty passenger form ends the car.
    keyboard.press(Qt.Key.Key_Escape)
    assert form.car is None and form.ui.carLabel.isHidden()


def test_shift_f8_turns_back_the_whole_car(main_window, keyboard, qtbot, workstation):
    def turn_back_all():
        keyboard.press(Qt.Key.Key_F3)  # 劝返, against the suggestion: a reason is needed
        form.ui.overrideReasonEdit.setFocus()
        keyboard.type("car")
        keyboard.press(Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)

    form = main_window.form
    register_car(main_window, keyboard, qtbot, last_key=turn_back_all)

    rows = current_rows(workstation.db)
    assert [r["disposition"] for r in rows] == [Disposition.TURN_BACK.value] * 3
    assert [r["version"] for r in rows] == [2, 2, 1]
    audit = [r[0] for r in workstation.db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert audit[-1] == "vehicle.disposition"
    assert "整车" in main_window.ui.resultBanner.text()
    assert form.car is None


def test_car_registration_needs_a_plate(main_window, keyboard, qtbot, workstation):
    form = main_window.form
    keyboard.scan(DRIVER)
    keyboard.type("36.6")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    keyboard.press(Qt.Key.Key_F8)
    assert "车牌" in form.ui.problemLabel.text()
    assert QApplication.focusWidget() is form.ui.plateEdit
    assert workstation.db.execute("SELECT count(*) FROM records").fetchone()[0] == 0
