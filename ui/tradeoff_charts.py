"""The Trade-offs tab's charts: the front (cost against the score, each point clickable, its
plan explained on hover) and the tornado of the sensitivity analysis.

Figures come from planner/analysis; the charts lay them out.
"""

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from catalog.domain import Catalog
from planner.analysis.frontier import Frontier
from planner.analysis.frontier_text import main_suppliers, score_name
from planner.analysis.sensitivity import Sensitivity
from planner.money import money_text
from ui.charts import BAR_WIDTH, MIN_CHART_HEIGHT_PX, BarChartView, new_chart, short

FRONT_COLOUR = QColor("#3b6ea8")
KNEE_COLOUR = QColor("#c0504d")
LOW_COLOUR = QColor("#2e8b57")
HIGH_COLOUR = QColor("#c0504d")
MARKER_PX = 11.0
AXIS_MARGIN = 0.05
"""Share of each axis's span left empty beyond the outermost points."""


def point_tip(front: Frontier, index: int, catalog: Catalog) -> str:
    """What the hover shows: cost, scores and the main suppliers."""
    p = front.points[index]
    knee = " — the knee" if index == front.knee else ""
    return (
        f"<b>Point {index}{knee}</b><br>{money_text(p.annual_cost, front.currency)} a year"
        f"<br>independence {p.independence:.1f}, lock-in {p.lock_in:.1f}"
        f"<br>{', '.join(main_suppliers(p, catalog))}<br><i>click to open its plan</i>"
    )


class FrontChartView(QChartView):
    """Annual cost against the score; clicking a point emits its index."""

    point_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(new_chart("What control costs", legend=False), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(MIN_CHART_HEIGHT_PX)
        self._xy: list[tuple[float, float]] = []
        self._tips: list[str] = []
        self.series: QScatterSeries | None = None

    def show_front(self, front: Frontier, catalog: Catalog) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self._xy = [(front.score(p), p.annual_cost) for p in front.points]
        self._tips = [point_tip(front, i, catalog) for i in range(len(front.points))]
        line, dots, knee = QLineSeries(), QScatterSeries(), QScatterSeries()
        line.setColor(FRONT_COLOUR)
        for series, colour in ((dots, FRONT_COLOUR), (knee, KNEE_COLOUR)):
            series.setMarkerSize(MARKER_PX)
            series.setColor(colour)
            series.setBorderColor(colour)
        for i, (x, y) in enumerate(self._xy):
            line.append(x, y)
            (knee if i == front.knee else dots).append(x, y)
        x_axis, y_axis = QValueAxis(), QValueAxis()
        x_axis.setTitleText(score_name(front.against))
        y_axis.setTitleText(f"{front.currency} a year")
        y_axis.setLabelFormat("%.0f")
        x_axis.setLabelFormat("%.1f")
        self._fit(x_axis, [x for x, _ in self._xy])
        self._fit(y_axis, [y for _, y in self._xy])
        y_axis.applyNiceNumbers()
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        drawn: tuple[QXYSeries, ...] = (line, dots, knee)
        for each in drawn:
            chart.addSeries(each)
            each.attachAxis(x_axis)
            each.attachAxis(y_axis)
        for series in (dots, knee):
            series.clicked.connect(self._clicked)
            series.hovered.connect(self._hovered)
        self.series = dots

    @staticmethod
    def _fit(axis: QValueAxis, values: Sequence[float]) -> None:
        low, high = min(values, default=0.0), max(values, default=1.0)
        span = (high - low) or max(abs(high), 1.0)
        axis.setRange(low - AXIS_MARGIN * span, high + AXIS_MARGIN * span)

    def nearest(self, value: QPointF) -> int:
        """The index of the point nearest `value` (chart coordinates)."""
        return min(
            range(len(self._xy)),
            key=lambda i: (self._xy[i][0] - value.x()) ** 2 + (self._xy[i][1] - value.y()) ** 2,
        )

    def position_of(self, index: int) -> QPointF:
        """Where point `index` is drawn, in the view's coordinates (for a click)."""
        x, y = self._xy[index]
        scene = self.chart().mapToScene(self.chart().mapToPosition(QPointF(x, y)))
        return self.mapFromScene(scene).toPointF()

    def tooltip(self, index: int) -> str:
        return self._tips[index]

    def _clicked(self, value: QPointF) -> None:
        if self._xy:
            self.point_clicked.emit(self.nearest(value))

    def _hovered(self, value: QPointF, on: bool) -> None:
        if on and self._xy:
            QToolTip.showText(QCursor.pos(), self._tips[self.nearest(value)], self)
        else:
            QToolTip.hideText()


def tornado_chart(found: Sensitivity) -> BarChartView:
    """Per group, the change in annual cost at the low and the high end of its range; the
    widest swing on top."""
    base = found.base.annual_cost or 0.0
    groups = list(found.groups)
    order = list(reversed(range(len(groups))))  # Qt draws the first category at the bottom
    categories = [short(f"{g.group.value} ±{g.range:.0%}") for g in groups]
    view = BarChartView(new_chart("Change in annual cost", legend=True), categories)
    series = QHorizontalBarSeries()
    series.setBarWidth(BAR_WIDTH)
    values: list[float] = []
    for name, colour, end in (("low end", LOW_COLOUR, "low"), ("high end", HIGH_COLOUR, "high")):
        bar_set = QBarSet(name)
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        tips = []
        for i in order:
            move = getattr(groups[i], end)
            change = 0.0 if move.annual_cost is None else move.annual_cost - base
            values.append(change)
            bar_set.append(change)
            mix = "the mix changes" if found.changed(move) else "the same mix"
            tips.append(
                f"<b>{groups[i].group.value} {move.change:+.0%}</b><br>"
                f"{change:+,.0f} {found.currency} a year; {mix}"
            )
        series.append(bar_set)
        view.add_bar_set(bar_set, tips)
    chart = view.chart()
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.setTruncateLabels(False)  # Qt elides names to '…' where room is short
    names.append([categories[i] for i in order])
    axis = QValueAxis()
    axis.setRange(min([*values, 0.0]), max([*values, 0.0]) or 1.0)
    axis.setLabelFormat("%.0f")
    axis.setTitleText(f"{found.currency} a year")
    axis.applyNiceNumbers()
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    series.attachAxis(axis)
    return view
