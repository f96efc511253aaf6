"""The result charts read as a buyer reads them: objectives by name, every bar labelled with
its value, providers named in full and only where money goes, tooltips that stay while the
pointer rests; the progress line says the currency and how far from proven the plan is."""

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from tests.solved import SolvedBank
from ui.charts import LABEL_CHARS, NO_COST, BarChartView
from ui.results_view import ResultsView

pytestmark = [pytest.mark.gui, pytest.mark.solver]

RESTING_MS = 1500
"""Longer than the ~1 s after which the bar's tooltip used to vanish (Qt's tooltip event
arrives about 0.7 s after the pointer stops)."""


@pytest.fixture
def view(qtbot: QtBot, solved_bank: SolvedBank) -> ResultsView:
    widget = ResultsView()
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.show_plan(solved_bank.plan)
    return widget


def _series(chart: BarChartView) -> QAbstractBarSeries:
    (series,) = chart.chart().series()
    assert isinstance(series, QAbstractBarSeries)
    return series


def test_objectives_are_named_and_every_chart_labels_its_bars(
    view: ResultsView, solved_bank: SolvedBank
) -> None:
    assert solved_bank.plan.result is not None
    components = solved_bank.plan.result.scores.independence.components
    independence = view.charts["chart-independence"]
    assert independence.categories() == [c.label for c in components]
    assert "legal & jurisdictional" in independence.categories()
    assert not any(c.startswith("SOV-") for c in independence.categories())
    for chart in view.charts.values():
        series = _series(chart)
        assert series.isLabelsVisible() and series.labelsFormat() == "@value"
        shown = chart.bar_sets()[0]
        assert shown.labelColor().alpha() > 0


def test_providers_are_named_in_full_and_none_without_cost(
    view: ResultsView, solved_bank: SolvedBank
) -> None:
    result = solved_bank.plan.result
    assert result is not None
    names = result.provider_names()
    paid = [names.get(p.provider_id, p.provider_id) for p in result.cost_by_provider
            if p.annual_cost >= NO_COST]  # fmt: skip
    categories = view.charts["chart-cost-by-provider"].categories()
    assert categories == paid
    assert any(len(name) > LABEL_CHARS for name in categories), "a long name, kept whole"
    (costs,) = view.charts["chart-cost-by-provider"].bar_sets()
    assert all(costs.at(i) >= NO_COST for i in range(costs.count()))


def test_a_bar_tooltip_stays_while_the_pointer_rests(qtbot: QtBot, view: ResultsView) -> None:
    chart = view.charts["chart-lock-in"]
    (bar_set,) = chart.bar_sets()
    top = bar_set.count() - 1
    bar_set.hovered.emit(True, top)
    assert QToolTip.isVisible()
    pos = chart.viewport().rect().center()
    rest = QHelpEvent(QEvent.Type.ToolTip, pos, chart.viewport().mapToGlobal(pos))
    QApplication.sendEvent(chart.viewport(), rest)  # what Qt sends when the pointer rests
    qtbot.wait(RESTING_MS)
    assert QToolTip.isVisible()
    assert QToolTip.text() == chart.tooltip(0, top)
    bar_set.hovered.emit(False, top)  # the pointer leaves the bar
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_the_progress_line_shows_the_currency_and_the_gap_in_per_cent(
    view: ResultsView,
) -> None:
    view.clear()
    view.start_progress("CHF")
    view.report_progress(125_000.0, 120_000.0)
    text = view.progress_label.text()
    assert "CHF 125,000" in text and "CHF 120,000" in text
    assert "gap 4.0%" in text
    view.report_progress(None, 120_000.0)
    assert "gap" not in view.progress_label.text()


def test_every_objective_and_component_has_room_for_its_label(
    view: ResultsView, qtbot: QtBot
) -> None:
    """At 1280 × 800 Qt drew every other objective's name, or "…", in rows too low for them
    (docs/walkthrough.md); each row of a score chart is now as tall as its label."""
    qtbot.waitExposed(view)
    for key in ("chart-independence", "chart-lock-in"):
        chart = view.charts[key].chart()
        (axis,) = chart.axes(Qt.Orientation.Vertical)
        assert isinstance(axis, QBarCategoryAxis) and not axis.truncateLabels()
        row_px = chart.plotArea().height() / axis.count()
        assert row_px >= QFontMetrics(axis.labelsFont()).height(), key
