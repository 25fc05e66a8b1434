"""A closed main window never locks the screen later (its idle time-out must die with it)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


def _screen_locks(db) -> int:
    return db.execute("SELECT count(*) FROM audit_log WHERE action = 'screen.locked'").fetchone()[0]


def test_a_closed_window_does_not_lock_when_its_idle_time_runs_out(main_window, qtbot, workstation):
    # Should a sign-in dialog open anyway, close it so the test fails instead of hanging.
    def reject_modal() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    guard = QTimer()
    guard.timeout.connect(reject_modal)
    guard.start(50)
    main_window.close()
    main_window.idle.idle_timed_out.emit()
    qtbot.wait(100)
    guard.stop()
    assert not main_window.locked
    assert _screen_locks(workstation.db) == 0
