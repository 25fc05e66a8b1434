"""统计图表: the chart series hold the known shift's and day's counts; labels render in Chinese."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from checkpoint_app.gui.charts import ChartsDialog
from checkpoint_app.reports.charts import day_chart_data, shift_chart_data
from tests.reports.shift_data import BEIJING, NOW, SHIFT_START, fill_shift


@pytest.fixture
def filled(workstation):
    fill_shift(workstation.db, workstation.shift.id, workstation.registrar.id)
    return workstation


@pytest.fixture
def charts(qtbot, filled):
    dialog = ChartsDialog(filled.db, shift=filled.shift, now=NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_shift_figures_count_arrivals_per_hour_colours_and_dispositions(filled):
    data = shift_chart_data(filled.db, filled.shift.id, now=NOW, tz=BEIJING)
    assert [(h.hour.hour, h.count) for h in data.arrivals_per_hour] == [
        (8, 2),
        (9, 2),
        (10, 3),
        (11, 0),
        (12, 0),
    ]
    assert dict(data.by_colour)["green"] == 4 and dict(data.by_colour)["red"] == 1
    assert dict(data.by_disposition)["turn_back"] == 1
    assert data.total == 7


def test_the_day_includes_every_shift_of_that_local_day(filled):
    day = (SHIFT_START + timedelta(hours=1)).astimezone(BEIJING).date()
    data = day_chart_data(filled.db, day, now=NOW, tz=BEIJING)
    # The other shift's record (2022-04-09 11:00 in Shangshui) is the day before.
    assert data.total == 7
    assert len(data.arrivals_per_hour) == 13  # 00:00 to the hour of NOW (12:30)
    previous = day_chart_data(filled.db, day - timedelta(days=1), now=NOW, tz=BEIJING)
    assert previous.total == 1 and dict(previous.by_colour)["red"] == 1
    assert len(previous.arrivals_per_hour) == 24


def test_the_chart_series_hold_the_shifts_counts(charts):
    assert [n for _, n in charts.arrivals()] == [2, 2, 3, 0, 0]
    assert charts.colour_mix() == {"绿码 4": 4, "黄码 2": 2, "红码 1": 1}
    assert charts.disposition_mix() == {
        "放行": 2,
        "放行+落地检": 1,
        "劝返": 1,
        "集中隔离": 1,
        "居家隔离": 1,
        "居家健康监测": 0,
        "转运发热门诊": 1,
    }
    assert "共 7 人" in charts.total_label.text()


def test_choosing_today_on_the_keyboard_redraws_for_the_whole_day(charts, qtbot):
    charts.scope_combo.setFocus()
    qtbot.keyClick(charts.scope_combo, Qt.Key.Key_Down)
    assert charts.scope() == "today"
    assert sum(n for _, n in charts.arrivals()) == 7
    assert len(charts.arrivals()) == NOW.astimezone().hour + 1  # midnight to now, local


def test_chart_labels_are_drawn_in_a_font_that_has_chinese(charts):
    from PySide6.QtGui import QFontMetrics

    chart = charts.disposition_view.chart()
    font = chart.axes(Qt.Orientation.Vertical)[0].labelsFont()
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "放行劝返集中隔离居家健康监测转运发热门诊")
    assert all(QFontMetrics(chart.titleFont()).inFontUcs4(ord(ch)) for ch in "处置结果")
