"""Bar charts of a plan's cost and scores, drawn from what planner/ computed.

Each function returns a `BarChartView`: a QChartView that explains the bar under the mouse
in a tooltip (QBarSet.hovered) and can list its bar sets and tooltips for tests. Charts are
sized for a 2×2 grid at 1280×800: legends only where there are two sets, each bar labelled
with its value, categories named as a reader names them (objectives by name, providers in
full).

The tooltip stays while the pointer rests on a bar: the graphics scene answers Qt's own
tooltip event (about 0.7 s after the pointer stops) by hiding any tooltip, since no item of
the chart has one, which took the bar's explanation away a second after it appeared. The view
answers that event itself with the bar's tooltip.
"""

from collections.abc import Sequence
from html import escape

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QLocale, QMargins, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QHelpEvent, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from planner.evaluation.scoring import POINTS_SCALE
from planner.results.plan_document import Category, PlanResult, Score

TOP_PROVIDERS = 8
"""Providers shown by name in the cost-by-provider chart; the rest are one "other" bar."""
LABEL_CHARS = 26
"""Axis labels longer than this are cut with an ellipsis; the tooltip has the full name."""
MIN_CHART_HEIGHT_PX = 220
TOOLTIP_SHOW_MS = 60_000
"""How long a bar's tooltip may stay while the pointer rests on the bar: long enough to read
the longest explanation (Qt's default is 10 s plus 40 ms a character)."""
NO_COST = 0.5
"""A provider whose annual cost rounds to zero in the scenario currency gets no bar."""
BAR_WIDTH = 0.7
LABEL_PRECISION = 12
"""Significant digits of a bar's value label: enough that the value, rounded to the chart's
decimals before it is drawn, shows in full (`14,454`, `12.5`)."""
LABEL_HEADROOM = 1.18
"""The value axis reaches this far beyond the longest bar, so its label fits beside it."""
FULL_WIDTH_BARS = 4
"""With fewer categories than this, bars get narrower so one provider is not a slab."""
CATEGORY_LABEL_SCALE = 0.85
"""Category labels of a horizontal chart are drawn at this share of the chart's font size.
At full size the eight objectives did not fit the ~220 px charts of a 1280 × 800 window: Qt
drew every other label or only "…" (docs/walkthrough.md, step 3)."""

COST_COLOUR = QColor("#3b6ea8")
POINTS_COLOUR = QColor("#2e8b57")
MAXIMUM_COLOUR = QColor("#c9d6cf")
LOCK_IN_COLOUR = QColor("#c0504d")

CATEGORY_MEANING: dict[Category, str] = {
    Category.CAPEX: "server price plus networking, recovered as an annuity over the useful "
    "life (never beyond the horizon)",
    Category.ENERGY: "power of owned servers × PUE × 8,760 h × the site's price per kWh",
    Category.HOSTING: "colocation: power of owned servers × price per kW-month × 12",
    Category.OPERATIONS: "support contracts, spares and staff time as a share of server capex",
    Category.CLOUD: "rented instances × price per instance-hour × 8,760 h; a commitment "
    "is paid in full",
    Category.API: "input and output tokens × the API's price per million tokens",
    Category.EGRESS: "data leaving a provider × its egress price per GB",
}
"""One sentence per cost category, from docs/scoring.md."""

INDEPENDENCE_MEANING = (
    "the plan's SEAL level (0–4) on this objective averages its venues weighted by annual "
    "spend; points = weight × level / 4 × 100"
)
"""From docs/scoring.md, "Independence"."""

LOCK_IN_SHORT: dict[str, str] = {
    "provider_hhi": "provider groups",
    "jurisdiction_hhi": "jurisdictions",
    "accelerator_vendor_hhi": "accelerator vendors",
    "model_vendor_hhi": "model vendors",
    "closed_models": "closed models",
    "commitments": "commitments",
    "exit_cost": "exit cost",
}
LOCK_IN_MEANING: dict[str, str] = {
    "provider_hhi": "HHI of third-party spend by legal group ÷ 10,000 × third-party share of spend",
    "jurisdiction_hhi": "the same concentration over the providers' parent jurisdictions",
    "accelerator_vendor_hhi": "the same concentration over owned and rented hardware by "
    "accelerator vendor",
    "model_vendor_hhi": "the same concentration over spend by model developer",
    "closed_models": "share of spend on closed-model APIs",
    "commitments": "committed spend × term / 3 years ÷ total spend",
    "exit_cost": "exit cost (egress, re-platforming, commitments still owed) ÷ annual spend, "
    "at most 1",
}
"""The value of each lock-in component, from the table in docs/scoring.md."""


def short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tip(title: str, body: str) -> str:
    """Rich text, so Qt wraps long explanations instead of drawing one wide line."""
    return f"<qt><b>{escape(title)}</b>: {escape(body)}</qt>"


class BarChartView(QChartView):
    """A bar chart whose bars explain themselves on hover."""

    def __init__(
        self, chart: QChart, categories: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(MIN_CHART_HEIGHT_PX)
        self._sets: list[QBarSet] = []
        self._tips: list[list[str]] = []
        self._categories = list(categories)
        self._hovered_tip = ""
        self.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt's tooltip event over a hovered bar shows the bar's tooltip (module docstring)."""
        if event.type() == QEvent.Type.ToolTip and watched is self.viewport():
            if self._hovered_tip and isinstance(event, QHelpEvent):
                self._show_tip(event.globalPos())
            return True  # the scene would only hide the tooltip
        return super().eventFilter(watched, event)

    def _show_tip(self, where: QPoint) -> None:
        QToolTip.showText(where, self._hovered_tip, self.viewport(), QRect(), TOOLTIP_SHOW_MS)

    def add_bar_set(self, bar_set: QBarSet, tooltips: Sequence[str]) -> None:
        index = len(self._sets)
        self._sets.append(bar_set)
        self._tips.append(list(tooltips))
        bar_set.hovered.connect(lambda on, bar: self._hovered(index, on, bar))

    def bar_sets(self) -> list[QBarSet]:
        return list(self._sets)

    def categories(self) -> list[str]:
        return list(self._categories)

    def tooltip(self, set_index: int, bar: int) -> str:
        return self._tips[set_index][bar]

    def _hovered(self, set_index: int, on: bool, bar: int) -> None:
        if on and 0 <= bar < len(self._tips[set_index]):
            self._hovered_tip = self._tips[set_index][bar]
            self._show_tip(QCursor.pos())
        else:
            self._hovered_tip = ""
            QToolTip.hideText()


def new_chart(title: str, *, legend: bool = True) -> QChart:
    """A chart with the app's title font, margins and number format (English thousands)."""
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setLocalizeNumbers(True)
    chart.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    chart.legend().setVisible(legend)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _value_axis(maximum: float, title: str) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0.0, maximum if maximum > 0 else 1.0)
    axis.setLabelFormat("%.0f")
    axis.setTitleText(title)
    axis.setTitleVisible(bool(title))  # a chart with the unit in its title gives the space
    axis.applyNiceNumbers()
    return axis


def category_labels_that_fit(axis: QBarCategoryAxis) -> None:
    """A horizontal chart's category names, smaller and never cut to "…" (the labels are
    short already: `short`)."""
    font = QFont(axis.labelsFont())
    font.setPointSizeF(font.pointSizeF() * CATEGORY_LABEL_SCALE)
    axis.setLabelsFont(font)
    axis.setTruncateLabels(False)


def _bar_view(
    title: str,
    categories: Sequence[str],
    sets: Sequence[tuple[str, QColor, Sequence[float], Sequence[str]]],
    *,
    horizontal: bool,
    maximum: float,
    value_title: str,
    decimals: int,
) -> BarChartView:
    """One chart: `sets` are (name, colour, values, tooltips), each value a bar per category;
    the first set's bars are labelled with their value to `decimals` places.

    Horizontal charts list categories top-down, so their order is reversed for Qt, which
    draws the first category at the bottom.
    """
    chart = new_chart(title, legend=len(sets) > 1)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    order = list(reversed(range(len(categories)))) if horizontal else list(range(len(categories)))
    view = BarChartView(chart, categories)
    for position, (name, colour, values, tips) in enumerate(sets):
        bar_set = QBarSet(name)
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        # The first set carries the value labels, rounded as shown; a second (the maximum)
        # is a backdrop without labels.
        labelled = position == 0
        bar_set.append([round(float(values[i]), decimals) if labelled else float(values[i])
                        for i in order])  # fmt: skip
        bar_set.setLabelColor(
            QColor(Qt.GlobalColor.black if labelled else Qt.GlobalColor.transparent)
        )
        series.append(bar_set)
        view.add_bar_set(bar_set, [tips[i] for i in order])
    series.setBarWidth(BAR_WIDTH * min(1.0, len(categories) / FULL_WIDTH_BARS))
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(LABEL_PRECISION)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    category_axis = QBarCategoryAxis()
    category_axis.append([categories[i] for i in order])
    if horizontal:
        category_labels_that_fit(category_axis)
    value_axis = _value_axis(maximum * LABEL_HEADROOM, value_title)
    chart.addAxis(
        category_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    )
    chart.addAxis(
        value_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    )
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    return view


def _share(amount: float, total: float) -> str:
    return f"{amount / total:.0%} of the total" if total > 0 else "no spend"


def cost_by_category_chart(result: PlanResult, currency: str) -> BarChartView:
    """Annual cost per category (capex, energy, …, egress), every category shown."""
    totals = [(c.category, c.annual_cost) for c in result.cost_by_category]
    total, c = result.annual_cost, currency
    categories = [category.value for category, _ in totals]
    tips = [
        _tip(
            category.value,
            f"{c} {amount:,.0f} a year, {_share(amount, total)}; "
            f"{CATEGORY_MEANING.get(category, '')}.",
        )
        for category, amount in totals
    ]
    values = [amount for _, amount in totals]
    return _bar_view(
        "Annual cost by category",
        categories,
        [("cost", COST_COLOUR, values, tips)],
        horizontal=True,
        maximum=max(values, default=0.0),
        value_title=c,
        decimals=0,
    )


def cost_by_provider_chart(result: PlanResult, currency: str) -> BarChartView:
    """Annual cost of the `TOP_PROVIDERS` largest providers, the rest summed as "other",
    each named as its line items name it."""
    names = result.provider_names()
    ranked = [
        (p.provider_id, p.annual_cost) for p in result.cost_by_provider if p.annual_cost >= NO_COST
    ]
    shown, rest = ranked[:TOP_PROVIDERS], ranked[TOP_PROVIDERS:]
    total, c = result.annual_cost, currency
    labels = [names.get(p, p) for p, _ in shown]
    values = [amount for _, amount in shown]
    tips = [
        _tip(label, f"{c} {amount:,.0f} a year, {_share(amount, total)}.")
        for label, amount in zip(labels, values, strict=True)
    ]
    if rest:
        other = sum(amount for _, amount in rest)
        labels.append("other")
        values.append(other)
        others = ", ".join(names.get(p, p) for p, _ in rest)
        tips.append(
            _tip(
                f"{len(rest)} other providers",
                f"{c} {other:,.0f} a year together, {_share(other, total)}: {others}.",
            )
        )
    return _bar_view(
        "Annual cost by provider",
        labels,
        [("cost", COST_COLOUR, values, tips)],
        horizontal=True,
        maximum=max(values, default=0.0),
        value_title=c,
        decimals=0,
    )


def independence_chart(score: Score) -> BarChartView:
    """Points per sovereignty objective (SOV-1 … SOV-8) against the most each can give."""
    components = score.components
    maxima = [c.weight * POINTS_SCALE for c in components]
    tips = [
        _tip(
            f"{c.key} {c.label}",
            f"{c.points:.1f} of {most:.0f} points; {c.explanation} ({INDEPENDENCE_MEANING}).",
        )
        for c, most in zip(components, maxima, strict=True)
    ]
    return _bar_view(
        f"Independence {score.total:.1f}/100 by objective, points (higher is better)",
        [c.label for c in components],
        [
            ("points", POINTS_COLOUR, [c.points for c in components], tips),
            ("maximum", MAXIMUM_COLOUR, maxima, tips),
        ],
        horizontal=True,
        maximum=max(maxima, default=0.0),
        value_title="",  # in the title: the space goes to the labels
        decimals=1,
    )


def lock_in_chart(score: Score) -> BarChartView:
    """Points per lock-in component (lower is better); the axis ends at the heaviest weight."""
    components = score.components
    tips = [
        _tip(
            c.label,
            f"{c.points:.1f} of {c.weight * POINTS_SCALE:.0f} points, {c.value:.0%} of the "
            f"worst case; value = {LOCK_IN_MEANING.get(c.key, c.label)}.",
        )
        for c in components
    ]
    return _bar_view(
        f"Lock-in {score.total:.1f}/100 by component, points (lower is better)",
        [short(LOCK_IN_SHORT.get(c.key, c.label)) for c in components],
        [("points", LOCK_IN_COLOUR, [c.points for c in components], tips)],
        horizontal=True,
        maximum=max((c.weight * POINTS_SCALE for c in components), default=0.0),
        value_title="",  # in the title: the space goes to the labels
        decimals=1,
    )
