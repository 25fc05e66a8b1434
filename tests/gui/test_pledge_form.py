"""The pledge at the checkpoint, as the worker and the traveller use it: one key for a
paper slip, the pledge screen for a signature (mouse, pen or finger), a refusal the
policy acts on, and Escape that never records a signature."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from checkpoint_app.gui.pledge_dialog import PledgeDialog
from checkpoint_app.gui.signature_pad import SignaturePad
from checkpoint_app.policy.schema import default_policy, parse_policy
from checkpoint_app.records.model import Disposition
from checkpoint_app.records.pledge import decode_strokes
from checkpoint_app.storage.pledge_slips import next_slip
from tests.policy.conftest import example_content

ID_1 = "411623199004151232"
ID_2 = "411623198512030029"


def rows(db):
    return [
        dict(r)
        for r in db.conn.execute(
            "SELECT pledge_method, pledge_slip, pledge_version, pledge_at, pledge_strokes,"
            " disposition FROM records ORDER BY checked_at"
        )
    ]


def _dict_rows(db):
    db.conn.row_factory = sqlite3.Row
    try:
        return rows(db)
    finally:
        db.conn.row_factory = None


def press(key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A key on whatever has the focus, as the worker's keyboard sends it."""
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def scan_and_check(keyboard, identity=ID_1):
    keyboard.scan(identity)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)


def test_a_paper_pledge_is_one_key_and_takes_the_next_slip_of_the_pad(
    main_window, keyboard, qtbot, workstation
):
    form = main_window.form.ui
    assert form.pledgeStateLabel.text() == "未签"  # never assumed signed
    scan_and_check(keyboard)
    keyboard.press(Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    assert form.pledgeStateLabel.text() == "纸质签字 · 第 1 号"
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    # The next traveller starts unsigned, the pad one further on.
    assert form.pledgeStateLabel.text() == "未签"
    assert form.pledgeSlipSpin.value() == 2
    scan_and_check(keyboard, ID_2)
    keyboard.press(Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    saved = _dict_rows(workstation.db)
    assert [(r["pledge_method"], r["pledge_slip"], r["pledge_version"]) for r in saved] == [
        ("paper", 1, 0),
        ("paper", 2, 0),
    ]
    assert all(r["pledge_at"] for r in saved)


def test_a_new_pad_number_is_typed_once_and_remembered_by_the_workstation(
    main_window, make_main_window, keyboard, qtbot, workstation
):
    form = main_window.form.ui
    form.pledgeSlipSpin.setFocus()
    form.pledgeSlipSpin.selectAll()
    keyboard.type("500")
    keyboard.press(Qt.Key.Key_Tab)
    assert next_slip(workstation.db) == 500
    form.scanEdit.setFocus()
    scan_and_check(keyboard)
    keyboard.press(Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    assert _dict_rows(workstation.db)[0]["pledge_slip"] == 500
    main_window.close()
    again = make_main_window()
    assert again.form.ui.pledgeSlipSpin.value() == 501
    again.close()


def test_without_a_pledge_key_the_traveller_is_saved_unsigned(
    main_window, keyboard, qtbot, workstation
):
    scan_and_check(keyboard)
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    [row] = _dict_rows(workstation.db)
    assert (row["pledge_method"], row["pledge_slip"], row["pledge_at"]) == ("none", None, None)
    assert next_slip(workstation.db) == 1  # no slip used


def _when_pledge_screen_shows(qtbot, act):
    """Run `act(dialog)` once the modal pledge screen is up (exec() blocks the test)."""
    done = []

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PledgeDialog) and dialog.isVisible():
            dialog.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            try:
                act(dialog)
                done.append(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()  # a failed check must not leave the test waiting
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return done


def _draw_with_mouse(pad: SignaturePad) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(40, 60))
    for step in range(1, 20):
        QTest.mouseMove(pad, QPoint(40 + 12 * step, 60 + (step % 5) * 6))
    QTest.mouseRelease(
        pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(280, 80)
    )


def test_a_signature_drawn_with_the_mouse_is_saved_with_the_traveller(
    main_window, keyboard, qtbot, workstation
):
    scan_and_check(keyboard)

    def sign(dialog):
        assert "如实申报本人14天内" in dialog.body.toPlainText()
        assert not dialog.confirm_button.isEnabled()  # nothing drawn yet
        _draw_with_mouse(dialog.pad)
        assert dialog.confirm_button.isEnabled()
        press(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)

    shown = _when_pledge_screen_shows(qtbot, sign)
    keyboard.press(Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert shown
    # The window takes the keys back once the traveller's screen has closed.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert main_window.form.ui.pledgeStateLabel.text() == "已屏幕签名"
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    [row] = _dict_rows(workstation.db)
    assert row["pledge_method"] == "screen" and row["pledge_slip"] is None
    (stroke,) = decode_strokes(row["pledge_strokes"])
    assert len(stroke) >= 10
    xs = [x for x, _y in stroke]
    assert max(xs) - min(xs) > 150  # a line a third of the pad wide, in canvas units


def test_escape_on_the_pledge_screen_never_records_a_signature(
    main_window, keyboard, qtbot, workstation
):
    scan_and_check(keyboard)

    def draw_then_escape(dialog):
        _draw_with_mouse(dialog.pad)
        press(Qt.Key.Key_Escape)

    shown = _when_pledge_screen_shows(qtbot, draw_then_escape)
    keyboard.press(Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert shown
    # The window takes the keys back once the traveller's screen has closed.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert main_window.form.ui.pledgeStateLabel.text() == "未签"
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    assert _dict_rows(workstation.db)[0]["pledge_method"] == "none"


def _refusal_turns_back():
    content = example_content()
    content["rules"].append(
        {
            "id": "pledge_refused",
            "when": {"pledge": "refused"},
            "suggest": "turn_back",
            "allow": ["turn_back"],
            "reason": "{pledge}",
        }
    )
    return parse_policy(content, pack_version=9)


def test_a_refusal_on_the_pledge_screen_makes_the_county_rule_suggest_turning_back(
    main_window, keyboard, qtbot, workstation
):
    form = main_window.form
    form.set_policy(_refusal_turns_back(), (34.0, 43.0))
    scan_and_check(keyboard)
    assert "放行" in form.ui.suggestionLabel.text()

    shown = _when_pledge_screen_shows(
        qtbot, lambda _d: press(Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    )
    keyboard.press(Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert shown
    # The window takes the keys back once the traveller's screen has closed.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert form.ui.pledgeStateLabel.text() == "拒签"
    assert "拒签承诺书" in form.ui.suggestionLabel.text()
    assert "建议 劝返" in form.ui.suggestionLabel.text()
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    [row] = _dict_rows(workstation.db)
    assert (row["pledge_method"], row["disposition"]) == ("refused", "turn_back")


def test_a_disposition_the_pack_requires_a_pledge_for_is_refused_until_one_is_recorded(
    main_window, keyboard, qtbot, workstation
):
    policy = default_policy()
    strict = replace(
        policy, pledges=replace(policy.pledges, required_for=frozenset({Disposition.RELEASE}))
    )
    main_window.form.set_policy(strict, (34.0, 43.0))
    scan_and_check(keyboard)
    with qtbot.waitSignal(main_window.save_failed) as failed:
        keyboard.enter()
    assert "签承诺书" in failed.args[0] and "Shift+F12" in failed.args[0]
    keyboard.press(Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    assert _dict_rows(workstation.db)[0]["pledge_method"] == "paper"


# ------------------------------------------------------------------ pad input devices


def test_the_pad_takes_a_pen_tablet_and_a_finger_as_well_as_the_mouse(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 200)
    pad.show()
    qtbot.waitExposed(pad)
    pen = QPointingDevice(
        "test pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    for kind, x, pressure in (
        (QTabletEvent.Type.TabletPress, 100, 0.5),
        (QTabletEvent.Type.TabletMove, 200, 0.6),
        (QTabletEvent.Type.TabletMove, 300, 0.6),
        (QTabletEvent.Type.TabletRelease, 300, 0.0),
    ):
        position = QPointF(x, 100)
        event = QTabletEvent(
            kind,
            pen,
            position,
            QPointF(pad.mapToGlobal(position.toPoint())),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton
            if kind != QTabletEvent.Type.TabletRelease
            else Qt.MouseButton.NoButton,
        )
        QApplication.sendEvent(pad, event)
    assert len(pad.strokes()) == 1 and len(pad.strokes()[0]) >= 3

    finger = QTest.createTouchDevice()
    QTest.touchEvent(pad, finger).press(0, QPoint(100, 150)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(250, 120)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(400, 140)).commit()
    QTest.touchEvent(pad, finger).release(0, QPoint(400, 140)).commit()
    assert len(pad.strokes()) == 2 and len(pad.strokes()[1]) >= 3
    (first, second) = decode_strokes(pad.encoded())
    assert first[0][0] < first[-1][0] and second[0][1] > second[1][1]

    pad.clear()
    assert pad.is_empty() and pad.encoded() == ""
