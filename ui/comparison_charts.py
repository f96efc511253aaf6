"""The charts of a comparison: annual cost, independence by objective, lock-in by component.

Each builder turns the `Comparison` of `planner.results.compare.compare` into a
`BarChartView` with one bar set per scenario, in the same colour in every chart, and tooltips
that say what each bar is (or that a scenario has no plan). The charts draw no legend of their
own; `legend_html` gives the one legend the view shows above all three.
"""

from collections.abc import Sequence
from html import escape

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from planner.evaluation.independence import OBJECTIVES
from planner.evaluation.lockin import COMPONENT_LABELS
from planner.results.compare import Comparison, Headline
from ui.cells_model import money_or_null, whole
from ui.charts import (
    LABEL_PRECISION,
    LOCK_IN_MEANING,
    LOCK_IN_SHORT,
    BarChartView,
    category_labels_that_fit,
    new_chart,
    short,
)

SCENARIO_COLOURS = (QColor("#3b6ea8"), QColor("#e08a2c"), QColor("#2e8b57"), QColor("#8e5ea2"))
"""One colour per scenario, the same in every chart (a comparison holds at most four)."""

MIN_CHART_WIDTH_PX = 220
COST_BAR_WIDTH = 0.6
WRAP_FROM_CHARS = 8
"""Labels under vertical bars longer than this go on two lines (a scenario's name)."""
GROUP_BAR_WIDTH = 0.8


def _tip(title: str, body: str) -> str:
    return f"<qt><b>{escape(title)}</b>: {escape(body)}</qt>"


def two_lines(text: str) -> str:
    """An axis label (Qt draws them as HTML) broken at the space nearest its middle."""
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if len(text) <= WRAP_FROM_CHARS or not spaces:
        return escape(text)
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return f"{escape(text[:middle])}<br>{escape(text[middle + 1 :])}"


def grouped_bar_chart(
    title: str,
    categories: Sequence[str],
    sets: Sequence[tuple[str, Sequence[float | None], Sequence[str]]],
    *,
    horizontal: bool,
    value_title: str,
    decimals: int,
    bar_width: float = GROUP_BAR_WIDTH,
    stacked: bool = False,
    labelled: bool = False,
) -> BarChartView:
    """One bar set per scenario (name, values, tooltips), a bar per category; null draws 0.

    `stacked` draws the sets on top of each other, for sets that each fill one category of
    their own (a bar per scenario, named on the axis); `labelled` writes each bar's value,
    rounded to `decimals`, on it. The charts draw no legend of their own:
    the colours are the same in every chart, and the view shows them once (`legend_html`).

    Horizontal charts list categories top-down, so their order is reversed for Qt, which
    draws the first category at the bottom; the sets are reversed too, so the baseline's bar
    stays on top of each group as the legend lists it first.
    """
    chart = new_chart(title)
    chart.legend().setVisible(False)  # the view shows one legend for all three charts
    series: QAbstractBarSeries = (
        QStackedBarSeries() if stacked else QHorizontalBarSeries() if horizontal else QBarSeries()
    )
    order = list(reversed(range(len(categories)))) if horizontal else list(range(len(categories)))
    view = BarChartView(chart, categories)
    coloured = [(s, SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]) for i, s in enumerate(sets)]
    bar_sets: list[QBarSet] = []
    for (name, values, tips), colour in coloured:
        bar_set = QBarSet(name)
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        shown = [values[i] or 0.0 for i in order]
        bar_set.append([round(v, decimals) for v in shown] if labelled else shown)
        bar_set.setLabelColor(QColor(Qt.GlobalColor.black))
        bar_sets.append(bar_set)
        view.add_bar_set(bar_set, [tips[i] for i in order])
    for bar_set in reversed(bar_sets) if horizontal else bar_sets:
        series.append(bar_set)
    series.setBarWidth(bar_width)
    if labelled:
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(LABEL_PRECISION)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)
    chart.addSeries(series)
    category_axis = QBarCategoryAxis()
    category_axis.append(
        [escape(categories[i]) if horizontal else two_lines(categories[i]) for i in order]
    )
    if horizontal:
        category_labels_that_fit(category_axis)
    value_axis = QValueAxis()
    maximum = max((v or 0.0 for _, values, _ in sets for v in values), default=0.0)
    value_axis.setRange(0.0, maximum if maximum > 0 else 1.0)
    value_axis.setLabelFormat(f"%.{decimals}f")
    value_axis.setTitleText(value_title)
    value_axis.setTitleVisible(bool(value_title))
    value_axis.applyNiceNumbers()
    chart.addAxis(
        category_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    )
    chart.addAxis(
        value_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    )
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    view.setMinimumWidth(MIN_CHART_WIDTH_PX)
    return view


def legend_html(c: Comparison) -> str:
    """A coloured square and the name of each scenario; "no plan (…)" after those without one."""
    by_name = _by_name(c)
    entries = []
    for position, name in enumerate(c.scenarios):
        colour = SCENARIO_COLOURS[position % len(SCENARIO_COLOURS)].name()
        headline = by_name.get(name)
        planless = headline is None or headline.annual_cost is None
        suffix = f": {_no_plan(_status(headline))}" if planless else ""
        baseline = " (baseline)" if position == 0 else ""
        entries.append(
            f'<span style="color:{colour}; font-size:14pt">■</span>&nbsp;'
            f"{escape(name)}{baseline}{escape(suffix)}"
        )
    return "&nbsp;&nbsp;&nbsp;&nbsp;".join(entries)


def _by_name(c: Comparison) -> dict[str, Headline]:
    return {h.name: h for h in c.headline}


def _status(headline: Headline | None) -> str:
    return headline.status.value if headline is not None else ""


def _no_plan(status: str) -> str:
    return f"no plan ({status.replace('_', ' ') or 'not solved'})"


def cost_chart(c: Comparison) -> BarChartView:
    """Annual cost, one bar per scenario: each its own set, so colours match the other charts."""
    names = list(c.scenarios)
    by_name = _by_name(c)
    sets: list[tuple[str, Sequence[float | None], Sequence[str]]] = []
    categories: list[str] = []
    for position, name in enumerate(names):
        headline = by_name.get(name)
        cost = headline.annual_cost if headline is not None else None
        body = (
            _no_plan(_status(headline))
            if cost is None
            else f"{money_or_null(cost, c.currency, whole)} a year"
        )
        values = [cost if other == position else None for other in range(len(names))]
        sets.append((name, values, [_tip(name, body)] * len(names)))
        categories.append(name)
    return grouped_bar_chart(
        "Annual cost (lower is better)",
        categories,
        sets,
        horizontal=False,
        value_title=c.currency or "",
        decimals=0,
        bar_width=COST_BAR_WIDTH,
        stacked=True,
        labelled=True,
    )


def independence_comparison_chart(c: Comparison) -> BarChartView:
    """Points per sovereignty objective (strategic, legal & jurisdictional, …), one bar set
    per scenario."""
    by_objective = c.independence_by_objective
    objectives = list(by_objective)
    by_name = _by_name(c)
    sets: list[tuple[str, Sequence[float | None], Sequence[str]]] = []
    for position, name in enumerate(c.scenarios):
        values = [_at(by_objective[key], position) for key in objectives]
        tips = [
            _tip(
                f"{name} · {key} {OBJECTIVES.get(key, '')}".rstrip(),
                _no_plan(_status(by_name.get(name))) if v is None else f"{v:.1f} points",
            )
            for key, v in zip(objectives, values, strict=True)
        ]
        sets.append((name, values, tips))
    return grouped_bar_chart(
        "Independence by objective, points (higher is better)",
        [OBJECTIVES.get(key, key) for key in objectives],
        sets,
        horizontal=True,
        value_title="",  # in the title: the space goes to the labels
        decimals=0,
    )


def lock_in_comparison_chart(c: Comparison) -> BarChartView:
    """Points per lock-in component, one bar set per scenario."""
    by_component = c.lock_in_by_component
    components = list(by_component)
    by_name = _by_name(c)
    sets: list[tuple[str, Sequence[float | None], Sequence[str]]] = []
    for position, name in enumerate(c.scenarios):
        values = [_at(by_component[key], position) for key in components]
        tips = [
            _tip(
                f"{name} · {COMPONENT_LABELS.get(key, key)}",
                _no_plan(_status(by_name.get(name)))
                if v is None
                else f"{v:.1f} points; value = {LOCK_IN_MEANING.get(key, key)}",
            )
            for key, v in zip(components, values, strict=True)
        ]
        sets.append((name, values, tips))
    return grouped_bar_chart(
        "Lock-in points (lower is better)",  # the components name the rows; 1024 px fits it
        [short(LOCK_IN_SHORT.get(key, key)) for key in components],
        sets,
        horizontal=True,
        value_title="",  # in the title: the space goes to the labels
        decimals=0,
    )


def _at(values: Sequence[float | None], position: int) -> float | None:
    return values[position] if position < len(values) else None
