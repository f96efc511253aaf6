"""The Roadmap tab's charts, one category per year: spend (the year's cost beside the capital
paid for the servers delivered for it), independence and lock-in, and per workload the
capacity each venue serves against the demand.

Every figure is the roadmap outcome's (planner/analysis/roadmap_plan.py); the charts lay it
out. Numbers follow the user's locale (ui/number_text.py), venues are named in full: a
capacity chart's legend is a wrapped label under it, since Qt's own legend cuts long names.
"""

from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from planner.analysis.roadmap_plan import RoadmapOutcome
from planner.evaluation.scoring import POINTS_SCALE
from ui.charts import BAR_WIDTH, LABEL_HEADROOM, LABEL_PRECISION, BarChartView, new_chart
from ui.number_text import format_amount, format_money

TOKENS_PER_BILLION = 1e9
COST_COLOUR = QColor("#3b6ea8")
CAPEX_COLOUR = QColor("#e09f3e")
INDEPENDENCE_COLOUR = QColor("#2e8b57")
LOCK_IN_COLOUR = QColor("#c0504d")
DEMAND_COLOUR = QColor("#222222")
HELD_COLOUR = QColor("#7f7f7f")
VENUE_COLOURS = tuple(
    QColor(c)
    for c in (
        "#3b6ea8",
        "#e09f3e",
        "#2e8b57",
        "#8e6bbf",
        "#c0504d",
        "#4aa3a3",
        "#b5835a",
        "#d17fb5",
        "#6b8e23",
        "#999999",
    )
)
"""A venue's colour in a capacity chart, in the order the venues first serve the workload."""
LINE_PX = 2.5
TOKENS_DECIMALS = 1
"""Tokens a year are shown in billions to one decimal, as the CLI prints them."""
SCORE_DECIMALS = 1
HELD_EPSILON = 1e-6
"""Capacity held above demand by less than this share is the demand itself (no standby)."""


def year_labels(found: RoadmapOutcome) -> list[str]:
    return [f"year {y.year}" for y in found.years]


def _tip(title: str, body: str) -> str:
    return f"<qt><b>{escape(title)}</b>: {escape(body)}</qt>"


def billions(tokens_per_year: float) -> str:
    """Tokens a year in billions, in the locale's notation: `427.1 billion tokens a year`."""
    shown = format_amount(tokens_per_year / TOKENS_PER_BILLION, TOKENS_DECIMALS)
    return f"{shown} billion tokens a year"


class RoadmapChartView(BarChartView):
    """A bar chart over the years that may carry lines, each point explained on hover."""

    def __init__(self, chart: QChart, categories: Sequence[str]) -> None:
        super().__init__(chart, categories)
        self._lines: list[tuple[QLineSeries, list[str]]] = []

    def add_line(self, series: QLineSeries, tooltips: Sequence[str]) -> None:
        tips = list(tooltips)
        self._lines.append((series, tips))
        series.hovered.connect(lambda point, on: self._line_hovered(tips, point, on))

    def lines(self) -> list[QLineSeries]:
        return [series for series, _ in self._lines]

    def line_tooltip(self, line: int, year_index: int) -> str:
        return self._lines[line][1][year_index]

    def _line_hovered(self, tips: list[str], point: QPointF, on: bool) -> None:
        index = round(point.x())
        if on and 0 <= index < len(tips):
            QToolTip.showText(QCursor.pos(), tips[index], self.viewport())
        else:
            QToolTip.hideText()


def _chart(title: str, legend: bool) -> QChart:
    chart = new_chart(title, legend=legend)
    locale = QLocale()  # the user's notation, as the tables show it, thousands grouped
    locale.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)  # "C" omits groups
    chart.setLocale(locale)
    return chart


def _axes(
    view: RoadmapChartView,
    maximum: float,
    title: str,
    series: QAbstractBarSeries | None,
    lines: Sequence[QLineSeries] = (),
) -> None:
    chart = view.chart()
    years = QBarCategoryAxis()
    years.append(view.categories())
    values = QValueAxis()
    values.setRange(0.0, maximum * LABEL_HEADROOM if maximum > 0 else 1.0)
    values.setLabelFormat("%.0f")
    values.setTitleText(title)
    values.applyNiceNumbers()
    chart.addAxis(years, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    drawn: list[QAbstractBarSeries | QLineSeries] = [] if series is None else [series]
    for each in [*drawn, *lines]:
        each.attachAxis(years)
        each.attachAxis(values)


def _bar_set(name: str, colour: QColor, values: Sequence[float]) -> QBarSet:
    bar_set = QBarSet(name)
    bar_set.setColor(colour)
    bar_set.setBorderColor(colour)
    bar_set.setLabelColor(QColor(Qt.GlobalColor.black))
    bar_set.append([float(v) for v in values])
    return bar_set


def _labelled(series: QAbstractBarSeries, position: QAbstractBarSeries.LabelsPosition) -> None:
    series.setBarWidth(BAR_WIDTH)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(LABEL_PRECISION)
    series.setLabelsPosition(position)


def _line(
    name: str,
    colour: QColor,
    points: Sequence[tuple[int, float]],
    decimals: int,
    dashed: bool = False,
    labelled: bool = True,
) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    pen = QPen(colour, LINE_PX)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    series.setPen(pen)
    series.setPointsVisible(True)
    series.setPointLabelsVisible(labelled)
    series.setPointLabelsColor(colour)
    series.setPointLabelsClipping(False)
    series.setPointLabelsFormat("@yPoint")
    for x, y in points:
        series.append(float(x), round(y, decimals))
    return series


def _tips(view: RoadmapChartView, name: str, bodies: Sequence[str]) -> list[str]:
    """One tooltip per year: the year and the series named, then what its value means."""
    return [
        _tip(f"{year}, {name}", body) for year, body in zip(view.categories(), bodies, strict=True)
    ]


COST_MEANING = (
    "the year's cost at its prices: servers' capital as an annuity over their life, energy, "
    "hosting, operations, cloud and API"
)
CAPEX_MEANING = (
    "purchase price of the servers delivered for the year, networking included; its annuity "
    "is in the year's cost"
)
SCORE_MEANING = "the planner's score of the year's line items at the catalog's prices"
HELD_MEANING = "the demand and the standby held for failover (provider, site or server loss)"


def spend_chart(found: RoadmapOutcome, currency: str) -> RoadmapChartView:
    """Per year its cost (capital as an annuity, as the NPV counts it) beside the capital
    paid for the servers delivered for it (a cash outlay, not added to the cost)."""
    view = RoadmapChartView(_chart(f"Spend per year, {currency}", legend=True), year_labels(found))
    series = QBarSeries()
    cost = [y.annual_cost for y in found.years]
    capex = [y.capex for y in found.years]
    for name, colour, values, meaning in (
        ("cost of the year", COST_COLOUR, cost, COST_MEANING),
        ("capital paid on delivery", CAPEX_COLOUR, capex, CAPEX_MEANING),
    ):
        series.append(bar_set := _bar_set(name, colour, [round(v) for v in values]))
        bodies = [f"{format_money(v, currency)}; {meaning}." for v in values]
        view.add_bar_set(bar_set, _tips(view, name, bodies))
    _labelled(series, QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    view.chart().addSeries(series)
    _axes(view, max([*cost, *capex], default=0.0), currency, series)
    return view


def _score_text(score: float | None, better: str) -> str:
    if score is None:
        return "no plan to score"
    return f"{format_amount(score, SCORE_DECIMALS)} of 100 ({better}); {SCORE_MEANING}"


def scores_chart(found: RoadmapOutcome) -> RoadmapChartView:
    """Independence (higher is better) and lock-in (lower is better) per year, 0–100."""
    title = "Independence and lock-in per year (0–100)"
    view = RoadmapChartView(_chart(title, legend=True), year_labels(found))
    for name, colour, scores, better in (
        ("independence", INDEPENDENCE_COLOUR, [y.independence for y in found.years],
         "higher is better"),
        ("lock-in", LOCK_IN_COLOUR, [y.lock_in for y in found.years], "lower is better"),
    ):  # fmt: skip
        points = [(i, s) for i, s in enumerate(scores) if s is not None]
        series = _line(name, colour, points, SCORE_DECIMALS)
        view.chart().addSeries(series)
        view.add_line(series, _tips(view, name, [_score_text(s, better) for s in scores]))
    _axes(view, float(POINTS_SCALE) / LABEL_HEADROOM, "points", None, view.lines())
    return view


class CapacityChart(QWidget):
    """One workload's capacity-versus-demand chart with its legend, names in full."""

    def __init__(self, view: RoadmapChartView, legend: Sequence[tuple[str, QColor]]) -> None:
        super().__init__()
        self.view = view
        self.legend = QLabel(
            " &nbsp; ".join(
                f'<span style="color:{colour.name()}">&#9632;</span>&nbsp;{escape(name)}'
                for name, colour in legend
            )
        )
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view, 1)
        layout.addWidget(self.legend)


def _in_billions(values: Sequence[float]) -> list[float]:
    return [round(v / TOKENS_PER_BILLION, TOKENS_DECIMALS) for v in values]


def capacity_chart(
    found: RoadmapOutcome, workload_id: str, named: Callable[[str], str]
) -> CapacityChart:
    """Per year the tokens each venue serves, stacked, with the demand and the capacity held
    for it (above the demand: standby for failover) as lines; in billions a year."""
    per_year = [next(w for w in y.workloads if w.workload_id == workload_id) for y in found.years]
    title = f"{workload_id}: capacity and demand"
    view = RoadmapChartView(_chart(title, legend=False), year_labels(found))
    series = QStackedBarSeries()
    legend: list[tuple[str, QColor]] = []
    for i, venue in enumerate(dict.fromkeys(v for w in per_year for v in w.served)):
        colour, name = VENUE_COLOURS[i % len(VENUE_COLOURS)], named(venue)
        shares = [w.served.get(venue, 0.0) for w in per_year]
        tokens = [s * w.tokens_per_year for s, w in zip(shares, per_year, strict=True)]
        series.append(bar_set := _bar_set(name, colour, _in_billions(tokens)))
        bodies = [
            f"serves {billions(t)}, {format_amount(100 * s)} % of {workload_id}'s demand"
            for t, s in zip(tokens, shares, strict=True)
        ]
        view.add_bar_set(bar_set, _tips(view, name, bodies))
        legend.append((name, colour))
    _labelled(series, QAbstractBarSeries.LabelsPosition.LabelsCenter)
    view.chart().addSeries(series)
    demand = [w.tokens_per_year for w in per_year]
    held = [w.provisioned * w.tokens_per_year for w in per_year]
    # The bars add up to the demand and carry the values: only the standby line is labelled.
    drawn = [("demand", DEMAND_COLOUR, demand, [billions(d) for d in demand], False)]
    if any(h > d * (1 + HELD_EPSILON) for h, d in zip(held, demand, strict=True)):
        bodies = [f"{billions(h)}: {HELD_MEANING}" for h in held]
        drawn.append(("capacity held (with standby)", HELD_COLOUR, held, bodies, True))
    for name, colour, values, bodies, dashed in drawn:
        points = list(enumerate(_in_billions(values)))
        line = _line(name, colour, points, TOKENS_DECIMALS, dashed=dashed, labelled=dashed)
        view.chart().addSeries(line)
        view.add_line(line, _tips(view, name, bodies))
        legend.append((name, colour))
    most = max([*demand, *held], default=0.0) / TOKENS_PER_BILLION
    _axes(view, most, "billion tokens a year", series, view.lines())
    return CapacityChart(view, legend)
