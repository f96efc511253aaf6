"""The Roadmap tab: planning fills the years, the timeline and the charts with what
`plan_roadmap` finds; an edit marks the roadmap stale; a path that cannot exist says why;
cancel stops the run; numbers follow the user's locale.

Each run plans the mid-size firm over two years (seconds) in the tab's child process."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from planner.analysis.roadmap_plan import plan_roadmap
from planner.evaluation.weakest_link import venue_key_name
from planner.scenario.examples import example_path
from ui.main_window import TAB_ROADMAP, MainWindow
from ui.roadmap_charts import CapacityChart, RoadmapChartView
from ui.roadmap_view import CANCELLED_TEXT, NO_PATH, PERIODS_PATH

pytestmark = [pytest.mark.gui, pytest.mark.solver]
RUN_TIMEOUT_MS = 120_000
YEARS = 2
GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)


def _open(window: MainWindow, example: str = "midsize-firm", years: int = YEARS) -> None:
    window.open_scenario(example_path(example))
    window.requirements.set_value("roadmap.periods", years)
    window.tabs.setCurrentIndex(TAB_ROADMAP)


def _plan(window: MainWindow, qtbot: QtBot) -> None:
    window.commands["roadmap"].trigger()
    assert window.roadmap_runs.worker is not None, "the run starts in the background"
    qtbot.waitUntil(lambda: window.roadmap_runs.worker is None, timeout=RUN_TIMEOUT_MS)


def _card(window: MainWindow, name: str) -> str:
    return window.roadmap.cards[name].value_label.text()


def test_planning_fills_a_row_per_year_and_shows_plan_roadmaps_npv(
    window: MainWindow, qtbot: QtBot
) -> None:
    _open(window)
    scenario = window.current_scenario()
    assert scenario is not None
    _plan(window, qtbot)
    expected = plan_roadmap(scenario, window.catalog)
    assert expected.npv is not None
    assert _card(window, "card-roadmap-npv") == f"EUR {expected.npv:,.0f}"
    view = window.roadmap
    assert view.years.rowCount() == YEARS
    assert [view.years.index(r, 0).data() for r in range(YEARS)] == ["1", "2"]
    assert view.timeline.topLevelItemCount() == YEARS
    first = view.timeline.topLevelItem(0)
    assert first is not None and first.text(0).startswith("Year 1: cost EUR ")
    assert not view.banner.isVisible()
    assert window.roadmap_runs.fresh()


def test_the_charts_have_a_category_per_year_and_a_series_per_venue_serving_a_workload(
    window: MainWindow, qtbot: QtBot
) -> None:
    _open(window)
    _plan(window, qtbot)
    found = window.roadmap_runs.outcome
    assert found is not None and found.npv is not None
    years = [f"year {t + 1}" for t in range(YEARS)]
    spend, scores, *capacity = window.roadmap.charts
    assert isinstance(spend, RoadmapChartView) and isinstance(scores, RoadmapChartView)
    assert spend.categories() == years and scores.categories() == years
    assert [s.label() for s in spend.bar_sets()] == ["cost of the year", "capital paid on delivery"]
    cost = spend.bar_sets()[0]
    assert [cost.at(t) for t in range(cost.count())] == [round(y.annual_cost) for y in found.years]
    assert [line.name() for line in scores.lines()] == ["independence", "lock-in"]
    workloads = [w.workload_id for w in found.years[0].workloads]
    assert len(capacity) == len(workloads)
    for chart, workload in zip(capacity, workloads, strict=True):
        assert isinstance(chart, CapacityChart)
        assert chart.view.categories() == years
        served = {
            venue_key_name(v, window.catalog)
            for y in found.years
            for w in y.workloads
            if w.workload_id == workload
            for v in w.served
        }
        names = [s.label() for s in chart.view.bar_sets()]
        assert set(names) == served and len(names) == len(served)
        for name in names:  # in full in the legend under the chart
            assert name in chart.legend.text()
        demand = chart.view.lines()[0]
        assert demand.name() == "demand" and demand.count() == YEARS


def test_an_edit_marks_the_roadmap_stale(window: MainWindow, qtbot: QtBot) -> None:
    _open(window)
    _plan(window, qtbot)
    assert not window.roadmap.banner.isVisible()
    window.requirements.set_value("organisation.discount_rate", 0.12)
    assert window.roadmap.banner.isVisible()
    assert not window.roadmap_runs.fresh()


def test_a_path_that_cannot_exist_says_why(window: MainWindow, qtbot: QtBot) -> None:
    _open(window)
    window.requirements.set_value("organisation.annual_budget", 1)
    _plan(window, qtbot)
    headline = window.roadmap.headline.text()
    assert "no roadmap (infeasible)" in headline and NO_PATH in headline
    assert _card(window, "card-roadmap-npv") == "no roadmap"
    assert window.roadmap.years.rowCount() == 0 and not window.roadmap.charts


def test_cancel_stops_the_run_and_keeps_no_roadmap(window: MainWindow, qtbot: QtBot) -> None:
    _open(window, "small-nation", 5)
    window.commands["roadmap"].trigger()
    assert window.commands["cancel"].isEnabled() and window.roadmap.cancel_button.isEnabled()
    window.roadmap.cancel_button.click()
    qtbot.waitUntil(lambda: window.roadmap_runs.worker is None, timeout=RUN_TIMEOUT_MS)
    assert window.roadmap.headline.text() == CANCELLED_TEXT
    assert window.roadmap_runs.outcome is None
    assert window.roadmap.plan_button.isEnabled() and not window.roadmap.cancel_button.isEnabled()


@pytest.fixture
def german() -> Iterator[QLocale]:
    before = QLocale()
    QLocale.setDefault(GERMAN)
    yield GERMAN
    QLocale.setDefault(before)


def test_figures_are_in_the_users_locale(window: MainWindow, qtbot: QtBot, german: QLocale) -> None:
    _open(window)
    _plan(window, qtbot)
    found = window.roadmap_runs.outcome
    assert found is not None and found.npv is not None
    german_npv = f"{found.npv:,.0f}".replace(",", ".")
    assert _card(window, "card-roadmap-npv") == f"EUR {german_npv}"
    first = found.years[0]
    assert window.roadmap.years.index(0, 1).data() == f"{first.annual_cost:,.0f}".replace(",", ".")
    assert first.independence is not None
    assert window.roadmap.years.index(0, 3).data() == f"{first.independence:.1f}".replace(".", ",")


def test_one_year_says_what_to_set_and_its_link_shows_the_field(window: MainWindow) -> None:
    _open(window, years=1)
    hint = window.roadmap.periods_hint
    assert "one year" in hint.text() and "Years planned" in hint.text()
    hint.linkActivated.emit(PERIODS_PATH)
    assert window.tabs.currentWidget() is window.requirements


def test_the_roadmap_is_in_the_plan_menu_and_tab_leaves_its_tables(window: MainWindow) -> None:
    action = window.commands["roadmap"]
    assert action.shortcut().toString() == "Ctrl+R" and "&" in action.text()
    plan = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Plan")
    assert isinstance(plan, QMenu) and action in plan.actions()
    assert not window.roadmap.years_table.tabKeyNavigation()
    assert not window.roadmap.timeline.tabKeyNavigation()
