"""The stress tab's charts: demand lost and the change in annual cost, shock by shock.

Two charts, each in one unit: shares of demand in one, money in the other, so no axis mixes
units. The most harmful shocks are listed first, top-down, as in the table.
"""

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from planner.analysis.table import StressRow, weeks_text
from ui.charts import BAR_WIDTH, BarChartView, new_chart, short

LOST_COLOUR = QColor("#c0504d")
CRITICAL_COLOUR = QColor("#7f1d1d")
NOTHING_DONE_COLOUR = QColor("#c9d6cf")
RECOVERY_COLOUR = QColor("#3b6ea8")
PERCENT = 100.0
CHART_SHOCKS = 5
"""Shocks a chart shows, most harmful first: with more, Qt has no room for their names at
1024×700 and elides them; the table lists them all."""


def _chart(
    title: str,
    rows: Sequence[StressRow],
    sets: Sequence[tuple[str, QColor, Sequence[float], Sequence[str]]],
    low: float,
    high: float,
    axis_title: str,
) -> BarChartView:
    """Horizontal bars, first row on top; the value axis spans low..high (0 included)."""
    rows = rows[:CHART_SHOCKS]
    sets = [
        (name, colour, values[:CHART_SHOCKS], tips[:CHART_SHOCKS])
        for name, colour, values, tips in sets
    ]
    categories = [short(r.shock) for r in rows]
    order = list(reversed(range(len(rows))))  # Qt draws the first category at the bottom
    view = BarChartView(new_chart(title, legend=True), categories)
    series = QHorizontalBarSeries()
    for name, colour, values, tips in sets:
        bar_set = QBarSet(name)
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        bar_set.append([float(values[i]) for i in order])
        series.append(bar_set)
        view.add_bar_set(bar_set, [tips[i] for i in order])
    series.setBarWidth(BAR_WIDTH)
    chart = view.chart()
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.setTruncateLabels(False)  # Qt elides names to '…' where room is short
    names.append([categories[i] for i in order])
    axis = QValueAxis()
    axis.setRange(min(low, 0.0), max(high, 0.0) or 1.0)
    axis.setLabelFormat("%.0f")
    axis.setTitleText(axis_title)
    axis.applyNiceNumbers()
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    series.attachAxis(axis)
    return view


def lost_chart(rows: Sequence[StressRow]) -> BarChartView:
    """Share of demand nothing the plan holds can carry, all and critical."""
    lost = [r.capacity_lost * PERCENT for r in rows]
    critical = [r.critical_lost * PERCENT for r in rows]
    tips = [
        f"{r.shock}: {r.capacity_lost:.0%} of all demand lost until recovered in "
        f"{weeks_text(r.time_to_recover_weeks, none_text='no time')}"
        for r in rows
    ]
    critical_tips = [
        f"{r.shock}: {r.critical_lost:.0%} of critical demand lost; critical "
        f"outage {weeks_text(r.critical_outage_weeks)}"
        for r in rows
    ]
    return _chart(
        "Demand lost when the shock strikes (most harmful shocks)",
        rows,
        [
            ("all workloads", LOST_COLOUR, lost, tips),
            ("critical", CRITICAL_COLOUR, critical, critical_tips),
        ],
        0.0,
        max([*lost, *critical, 1.0]),
        "% of demand",
    )


def cost_chart(rows: Sequence[StressRow], currency: str) -> BarChartView:
    """The change in annual cost if nothing is done, and with the recovery."""
    nothing = [r.nothing_done_change for r in rows]
    recovery = [r.recovery_change or 0.0 for r in rows]
    tips = [
        f"{r.shock}: {r.nothing_done_change:+,.0f} {currency} a year if nothing is done "
        "(work lost costs nothing)"
        for r in rows
    ]
    rec_tips = [
        f"{r.shock}: the recovery costs {r.recovery_change or 0.0:+,.0f} {currency} a "
        f"year more, {r.one_off_cost or 0.0:,.0f} {currency} once"
        for r in rows
    ]
    every = [*nothing, *recovery]
    return _chart(
        "Change in annual cost (most harmful shocks)",
        rows,
        [
            ("if nothing is done", NOTHING_DONE_COLOUR, nothing, tips),
            ("with the recovery", RECOVERY_COLOUR, recovery, rec_tips),
        ],
        min(every, default=0.0),
        max(every, default=0.0),
        f"{currency} a year",
    )
