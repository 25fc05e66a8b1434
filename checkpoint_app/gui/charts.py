"""统计图表: arrivals per hour, code-colour mix and disposition mix, for the shift or the day.

Counts only, never a traveller's data. The figures come from reports/charts.py; this module
only draws them with Qt Charts, in the CJK font so the labels never show as boxes.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from checkpoint_app.gui.fonts import cjk_font_family
from checkpoint_app.gui.labels import COLOUR_HEX, label
from checkpoint_app.records.model import CodeColour
from checkpoint_app.reports.charts import ChartData, day_chart_data, shift_chart_data
from checkpoint_app.storage.staff import Shift


def _font(points: int, *, bold: bool = False) -> QFont:
    family = cjk_font_family()
    font = QFont(family) if family else QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(12, bold=True))
    chart.legend().setFont(_font(10))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _count_axis(top: int) -> QValueAxis:
    """An axis of people counted, with room above the highest bar for its label."""
    axis = QValueAxis()
    axis.setRange(0, max(4, top + 1 + top // 5))
    axis.applyNiceNumbers()
    axis.setLabelFormat("%d")
    axis.setLabelsFont(_font(9))
    return axis


class ChartsDialog(QDialog):
    """Three charts for the current shift (本班) or today (今天), chosen with Alt+S."""

    SCOPES = ("shift", "today")

    def __init__(
        self,
        db: Database,
        *,
        shift: Shift,
        scope: str = "shift",
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("统计图表"))
        self._db = db
        self._shift = shift
        self._now = now
        self.data: ChartData | None = None

        self.scope_combo = QComboBox(self)
        self.scope_combo.addItem(self.tr("本班"), "shift")
        self.scope_combo.addItem(self.tr("今天（全部班次）"), "today")
        scope_label = QLabel(self.tr("范围(&S)"), self)
        scope_label.setBuddy(self.scope_combo)
        self.total_label = QLabel(self)
        self.total_label.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(scope_label)
        top.addWidget(self.scope_combo)
        top.addSpacing(16)
        top.addWidget(self.total_label, 1)

        self.hours_view = QChartView(self)
        self.colour_view = QChartView(self)
        self.disposition_view = QChartView(self)
        grid = QGridLayout()
        grid.addWidget(self.hours_view, 0, 0, 1, 2)
        grid.addWidget(self.colour_view, 1, 0)
        grid.addWidget(self.disposition_view, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        for view in (self.hours_view, self.colour_view, self.disposition_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(320, 220)
            # Pictures only: Tab goes from the scope straight to 关闭.
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        # Fits a 1366×768 laptop with the taskbar and the title bar.
        self.resize(1180, 660)

        self.scope_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(scope)))
        self.refresh()
        self.scope_combo.setFocus()

    def scope(self) -> str:
        return str(self.scope_combo.currentData())

    def refresh(self) -> None:
        """Read the figures again and redraw (cheap: three GROUP BY queries)."""
        now = self._now or datetime.now().astimezone()
        if self.scope() == "today":
            data = day_chart_data(self._db, now.astimezone().date(), now=now)
            title = self.tr("今天")
        else:
            data = shift_chart_data(self._db, self._shift.id, now=now)
            title = self.tr("本班")
        self.data = data
        self.total_label.setText(
            title
            + " · "
            + data.start.astimezone().strftime("%m-%d %H:%M")
            + " — "
            + data.end.astimezone().strftime("%m-%d %H:%M")
            + " · "
            + self.tr("共 %n 人", "", data.total)
        )
        self.hours_view.setChart(self._hours_chart(data))
        self.colour_view.setChart(self._colour_chart(data))
        self.disposition_view.setChart(self._disposition_chart(data))

    def _hours_chart(self, data: ChartData) -> QChart:
        chart = _chart(self.tr("每小时到达人数"))
        bars = QBarSet(self.tr("到达人数"))
        bars.setColor(QColor("#1565c0"))
        bars.setLabelColor(QColor("#212121"))
        bars.setLabelFont(_font(9))
        categories = []
        for hour in data.arrivals_per_hour:
            bars.append(hour.count)
            categories.append(hour.hour.strftime("%H"))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(categories)
        x_axis.setTitleText(self.tr("时（点）"))
        x_axis.setLabelsFont(_font(9))
        x_axis.setTitleFont(_font(9))
        y_axis = _count_axis(max((h.count for h in data.arrivals_per_hour), default=0))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        chart.legend().hide()
        return chart

    def _colour_chart(self, data: ChartData) -> QChart:
        chart = _chart(self.tr("健康码颜色"))
        series = QPieSeries()
        for colour, count in data.by_colour:
            # Grey and unchecked show only when they happened; the three colours always.
            if count == 0 and colour not in (CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED):
                continue
            pie_slice = series.append(f"{label(colour)} {count}", count)
            pie_slice.setColor(QColor(COLOUR_HEX[colour]))
            pie_slice.setLabelVisible(count > 0)
            pie_slice.setLabelFont(_font(9))
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        return chart

    def _disposition_chart(self, data: ChartData) -> QChart:
        chart = _chart(self.tr("处置结果"))
        bars = QBarSet(self.tr("人数"))
        bars.setColor(QColor("#455a64"))
        bars.setLabelColor(QColor("#212121"))
        bars.setLabelFont(_font(9))
        categories = []
        # Bottom to top in a horizontal chart: reversed so 放行 reads first.
        for disposition, count in reversed(data.by_disposition):
            bars.append(count)
            categories.append(label(disposition))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        y_axis = QBarCategoryAxis()
        y_axis.append(categories)
        y_axis.setLabelsFont(_font(9))
        x_axis = _count_axis(max((n for _, n in data.by_disposition), default=0))
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(y_axis)
        series.attachAxis(x_axis)
        chart.legend().hide()
        return chart

    # ----- for the handover report and tests ------------------------------------------
    def arrivals(self) -> list[tuple[str, int]]:
        """(hour label, count) exactly as the hourly chart holds them."""
        chart = self.hours_view.chart()
        series = chart.series()[0]
        assert isinstance(series, QBarSeries)
        bars = series.barSets()[0]
        axis = chart.axes(Qt.Orientation.Horizontal)[0]
        assert isinstance(axis, QBarCategoryAxis)
        return [(axis.at(i), int(bars.at(i))) for i in range(bars.count())]

    def colour_mix(self) -> dict[str, int]:
        """Slice label → value of the colour pie."""
        series = self.colour_view.chart().series()[0]
        assert isinstance(series, QPieSeries)
        return {s.label(): int(s.value()) for s in series.slices()}

    def disposition_mix(self) -> dict[str, int]:
        """Disposition label → bar value of the disposition chart."""
        chart = self.disposition_view.chart()
        series = chart.series()[0]
        assert isinstance(series, QHorizontalBarSeries)
        bars = series.barSets()[0]
        axis = chart.axes(Qt.Orientation.Vertical)[0]
        assert isinstance(axis, QBarCategoryAxis)
        return {axis.at(i): int(bars.at(i)) for i in range(bars.count())}
