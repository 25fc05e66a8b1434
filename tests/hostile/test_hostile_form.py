"""The registration form refuses a pasted name that hides a bidi override, and saves nothing.

A real signed-in MainWindow (the fixtures of tests/gui/conftest.py) and a real SQLite file.
Text goes in with setText, as a paste does: typing Chinese through QTest aborts offscreen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import Keyboard

ID_NUMBER = "11010519491231002X"


def saved_names(workstation) -> list[str]:
    return [row[0] for row in workstation.db.execute("SELECT name FROM records").fetchall()]


def fill_person(window, keyboard: Keyboard) -> None:
    keyboard.scan(ID_NUMBER)
    assert QApplication.focusWidget() is window.form.ui.temperatureEdit
    keyboard.type("36.5")


@pytest.mark.parametrize(
    ("pasted", "words"),
    [
        ("张\u202e伟", "第2个字符是看不见的文字方向控制符（U+202E）"),
        ("\u2066张伟\u2069", "第1个字符是看不见的文字方向控制符（U+2066）"),
        ("张\u200b伟", "第2个字符是看不见的零宽字符（U+200B）"),
        ("张伟\t", "第3个字符是制表符"),
        ("张伟\n李娜", "第3个字符是换行符"),
    ],
)
def test_a_pasted_name_with_a_hidden_character_is_refused_and_nothing_is_saved(
    main_window, keyboard, qtbot, workstation, pasted, words
):
    form = main_window.form.ui
    fill_person(main_window, keyboard)
    form.nameEdit.setText(pasted)
    form.temperatureEdit.setFocus()
    with qtbot.assertNotEmitted(main_window.record_saved, wait=0):
        keyboard.enter()
    assert form.problemLabel.text().startswith("姓名" + words)
    assert QApplication.focusWidget() is form.nameEdit
    assert saved_names(workstation) == []
    # Nothing the worker entered is lost: with the name retyped, the same form saves.
    assert form.temperatureEdit.text() == "36.5"
    form.nameEdit.setText(" 张伟　")
    form.temperatureEdit.setFocus()
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    assert saved_names(workstation) == ["张伟"]


def test_hidden_characters_in_notes_and_override_reason_name_each_field(
    main_window, keyboard, qtbot, workstation
):
    form = main_window.form.ui
    fill_person(main_window, keyboard)
    form.notesEdit.setText("复测\u202d正常")
    form.overrideReasonEdit.setText("领导\u2060同意")
    form.temperatureEdit.setFocus()
    with qtbot.assertNotEmitted(main_window.record_saved, wait=0):
        keyboard.enter()
    problems = form.problemLabel.text()
    assert "处置原因第3个字符是看不见的零宽字符（U+2060）" in problems
    assert "备注第3个字符是看不见的文字方向控制符（U+202D）" in problems
    assert saved_names(workstation) == []
