"""A point of the front opened in Results is the window's plan: the header says which, Save
stores it with the requirements that give it, Export writes it with What control costs while
the front answers the requirements, and the solved plan comes back on request."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from planner.analysis.frontier import Frontier
from planner.analysis.frontier_text import headline
from planner.exports.control_cost import CONTROL_TITLE
from planner.optimise.planning import plan_scenario
from planner.results.saved_scenarios import load_saved, scenario_of
from planner.scenario.examples import example_path
from ui.main_window import TAB_RESULTS, MainWindow

pytestmark = pytest.mark.gui
RUN_TIMEOUT_MS = 120_000
POINTS = 3
SAME_COST = 1e-6
"""Relative: a re-solve of the saved point finds its cost again (the solvers' tolerance)."""


def _front(window: MainWindow, qtbot: QtBot) -> Frontier:
    """The firm's front of cost against independence, computed in the Trade-offs tab."""
    view = window.tradeoffs
    view.points.setValue(POINTS)
    qtbot.mouseClick(view.front_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tradeoff_runs.worker is None, timeout=RUN_TIMEOUT_MS)
    result = window.tradeoff_runs.front
    assert result is not None and len(result.front.points) >= 2
    return result.front


def test_an_opened_front_point_is_the_plan_saved_and_exported(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.open_scenario(example_path("midsize-firm"))
    with qtbot.waitSignal(window.solve_finished, timeout=RUN_TIMEOUT_MS):
        window.solve()
    solved = window.shown_plan()
    front = _front(window, qtbot)
    last = len(front.points) - 1
    point = front.points[last]
    window.tradeoffs.front_chart.point_clicked.emit(last)

    assert window.tabs.currentIndex() == TAB_RESULTS
    bar = window.planning.bar
    assert bar.isVisible() and bar.title.text() == f"Front point {last} of {len(front.points)}:"
    plan = window.shown_plan()
    assert plan is not None and plan is not solved and plan.result is not None
    assert plan.result.annual_cost == pytest.approx(point.annual_cost)

    assert window.workspace_scenarios.save("most-independent")
    with window.ctx.workspace.sessions() as session:
        saved = load_saved(session, "most-independent")
    assert saved.annual_cost == pytest.approx(point.annual_cost)
    bounded = scenario_of(saved, window.catalog)
    assert bounded.policy.min_independence == point.scenario.policy.min_independence
    again = plan_scenario(bounded, window.catalog)
    assert again.report is not None, "the saved requirements give the point's plan again"
    assert again.report.costs.total == pytest.approx(point.annual_cost, rel=SAME_COST)

    pdf, xlsx = tmp_path / "point.pdf", tmp_path / "point.xlsx"
    assert window.workspace_scenarios.export_to(pdf)
    assert window.workspace_scenarios.export_to(xlsx)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert CONTROL_TITLE in text and headline(front) in text
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes()))[CONTROL_TITLE]
    costs = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True) if row[3] is not None]
    assert costs == pytest.approx([p.annual_cost for p in front.points])

    qtbot.mouseClick(bar.back, Qt.MouseButton.LeftButton)
    assert not bar.isVisible() and window.shown_plan() is solved
    window.live.action.setChecked(False)  # nothing re-plans: the front goes stale
    model = window.requirements.workloads
    model.setData(model.index(0, 0), "renamed", Qt.ItemDataRole.EditRole)
    assert window.shown_control() is None, "the front answered the requirements before the edit"
