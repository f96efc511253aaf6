"""The Trade-offs tab: a front computed in the background fills the chart, the headline and
the alternatives; clicking a point opens its plan in Results; the tornado shows each group."""

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from planner.analysis.executor import in_process
from planner.analysis.frontier_text import headline
from planner.analysis.perturb import InputGroup
from planner.analysis.sensitivity import SensitivityContext, run_sensitivity
from planner.analysis.sweep import Against
from planner.money import money_text
from planner.scenario.examples import examples_dir
from ui.main_window import TAB_TRADEOFFS, MainWindow
from ui.tradeoff_charts import tornado_chart

pytestmark = pytest.mark.gui
RUN_TIMEOUT_MS = 120_000
POINTS = 5


def test_clicking_a_point_of_the_front_opens_its_plan(qtbot: QtBot, window: MainWindow) -> None:
    assert window.open_scenario(examples_dir() / "eu-bank.toml")
    window.tabs.setCurrentIndex(TAB_TRADEOFFS)
    view = window.tradeoffs
    view.points.setValue(POINTS)
    assert view.front_button.isEnabled()
    qtbot.mouseClick(view.front_button, Qt.MouseButton.LeftButton)
    assert window.commands["cancel"].isEnabled(), "a running sweep can be cancelled"
    qtbot.waitUntil(lambda: window.tradeoff_runs.worker is None, timeout=RUN_TIMEOUT_MS)
    result = window.tradeoff_runs.front
    assert result is not None and result.alternatives is not None
    front = result.front
    assert front.against is Against.INDEPENDENCE, "the score chosen (the default)"
    assert view.headline.text() == headline(front)
    assert view.alternatives.rowCount() == len(result.alternatives.plans)
    last = len(front.points) - 1
    assert "click to open its plan" in view.front_chart.tooltip(last)
    qtbot.wait(50)  # the chart lays its points out once shown
    with qtbot.waitSignal(view.front_chart.point_clicked) as clicked:
        qtbot.mouseClick(view.front_chart.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.front_chart.position_of(last).toPoint())  # fmt: skip
    assert clicked.args == [last]
    assert window.tabs.currentWidget() is window.results
    shown = window.results.cards["card-annual-cost"].value_label.text()
    assert shown == money_text(front.points[last].annual_cost, front.currency)


def test_the_tornado_shows_each_group_widest_first(window: MainWindow) -> None:
    assert window.open_scenario(examples_dir() / "midsize-firm.toml")
    scenario = window.requirements.scenario
    assert scenario is not None
    ctx = SensitivityContext(scenario, window.catalog)
    groups = [InputGroup.HARDWARE_PRICES, InputGroup.CLOUD_PRICES]
    with in_process(ctx) as workers:
        found = run_sensitivity(ctx, workers, groups=groups)
    chart = tornado_chart(found)
    assert chart.categories()[0].startswith("cloud prices"), "the firm rents: widest swing"
    low, high = chart.bar_sets()
    assert low.at(len(groups) - 1) < 0 < high.at(len(groups) - 1), "cloud: Qt's last bar is on top"


def test_a_cancelled_front_keeps_what_it_found(qtbot: QtBot, window: MainWindow) -> None:
    assert window.open_scenario(examples_dir() / "eu-bank.toml")
    view = window.tradeoffs
    qtbot.mouseClick(view.front_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tradeoff_runs.worker is None, timeout=RUN_TIMEOUT_MS)
    result = window.tradeoff_runs.front
    assert result is not None and not result.front.complete and result.alternatives is None
    assert "cancelled" in view.headline.text().lower()
    assert view.front_button.isEnabled() and not view.cancel_button.isEnabled()
