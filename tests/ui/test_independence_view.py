"""The results view's Independence tab: the weakest link beside the average, per objective
and per workload, with the same figures as the plan document."""

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.results.plan_document import PlanResult
from tests.solved import SolvedBank
from ui.plan_table_models import SORT_ROLE
from ui.results_view import TAB_INDEPENDENCE, ResultsView

pytestmark = [pytest.mark.gui, pytest.mark.solver]


@pytest.fixture
def shown(qtbot: QtBot, solved_bank: SolvedBank) -> tuple[ResultsView, PlanResult]:
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.show_plan(solved_bank.plan)
    view.tabs.setCurrentIndex(TAB_INDEPENDENCE)
    assert solved_bank.plan.result is not None
    return view, solved_bank.plan.result


def _cells(
    model: QAbstractItemModel, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> list[object]:
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


def test_each_objective_shows_its_average_and_weakest_link(
    shown: tuple[ResultsView, PlanResult], qtmodeltester: ModelTester
) -> None:
    view, result = shown
    model = view.independence_view.objectives_model
    qtmodeltester.check(model)
    links = result.scores.weakest_link
    assert _cells(model, 3) == [f"SEAL {k.level}" for k in links]
    assert _cells(model, 4) == [k.venue_name for k in links]
    averages = [c.value for c in result.scores.independence.components]
    assert _cells(model, 2, SORT_ROLE) == pytest.approx(averages)
    tip = model.index(4, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert links[4].venue_name in tip and links[4].rule in tip


def test_each_workload_shows_its_own_score_and_weakest_link(
    shown: tuple[ResultsView, PlanResult], qtmodeltester: ModelTester
) -> None:
    view, result = shown
    model = view.independence_view.workloads_model
    qtmodeltester.check(model)
    assert _cells(model, 0) == [w.workload_id for w in result.workloads]
    assert _cells(model, 2) == [f"{w.independence:.1f}" for w in result.workloads if w.independence]
    assert _cells(model, 3) == [f"SEAL {w.weakest_seal}" for w in result.workloads]


def test_the_independence_card_names_the_weakest_link(
    shown: tuple[ResultsView, PlanResult],
) -> None:
    view, result = shown
    detail = view.cards["card-independence"].detail_label.text()
    assert detail == f"weakest link: SEAL {result.scores.weakest_seal} of 4"
    assert view.independence_view.isVisible()


def test_a_plan_without_a_result_clears_the_tab(
    shown: tuple[ResultsView, PlanResult], solved_bank: SolvedBank
) -> None:
    view, _ = shown
    view.show_plan(solved_bank.infeasible_plan)
    assert view.independence_view.objectives_model.rowCount() == 0
    assert view.independence_view.workloads_model.rowCount() == 0
