"""The "Who can switch you off" tab: actors × workloads with the planner's shares, coloured by
share, the chain on hover; a plan stored before the map says to solve again."""

from dataclasses import replace

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.results.plan_document import DependencyMap, PlanResult
from tests.solved import SolvedBank
from ui.dependency_view import EMPTY_TEXT, FIRST_WORKLOAD_COLUMN, share_colour
from ui.plan_table_models import SORT_ROLE
from ui.results_view import TAB_DEPENDENCIES, ResultsView

pytestmark = [pytest.mark.gui, pytest.mark.solver]


@pytest.fixture
def view(qtbot: QtBot, solved_bank: SolvedBank) -> ResultsView:
    widget = ResultsView()
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.show_plan(solved_bank.plan)
    widget.tabs.setCurrentIndex(TAB_DEPENDENCIES)
    return widget


def _result(solved_bank: SolvedBank) -> tuple[PlanResult, DependencyMap]:
    result = solved_bank.plan.result
    assert result is not None and result.dependencies is not None
    return result, result.dependencies


def _cell(model: QAbstractItemModel, row: int, column: int, role: int) -> object:
    return model.index(row, column).data(role)


def test_every_cell_is_the_planners_share(
    view: ResultsView, solved_bank: SolvedBank, qtmodeltester: ModelTester
) -> None:
    _, m = _result(solved_bank)
    model = view.dependency_view.model
    qtmodeltester.check(model)
    assert model.rowCount() == len(m.actors)
    workloads = m.workload_ids()
    headers = [
        model.headerData(FIRST_WORKLOAD_COLUMN + n, Qt.Orientation.Horizontal)
        for n in range(len(workloads))
    ]
    assert [h.removesuffix(" *") for h in headers] == list(workloads)
    for row, actor in enumerate(m.actors):
        assert _cell(model, row, 0, Qt.ItemDataRole.DisplayRole) == actor.name
        for n, w in enumerate(workloads):
            found = m.exposure(actor.id, w)
            index = model.index(row, FIRST_WORKLOAD_COLUMN + n)
            assert index.data(SORT_ROLE) == (-1.0 if found is None else found.share)
            shown = index.data(Qt.ItemDataRole.DisplayRole)
            assert (shown == "") is (found is None) and (found is None or "%" in shown)


def test_a_larger_share_is_a_stronger_colour(view: ResultsView, solved_bank: SolvedBank) -> None:
    assert share_colour(1.0).saturationF() > share_colour(0.3).saturationF() > 0
    _, m = _result(solved_bank)
    model = view.dependency_view.model
    background, first = Qt.ItemDataRole.BackgroundRole, m.workload_ids()[0]
    shades = [
        (m.share(a.id, first), _cell(model, r, FIRST_WORKLOAD_COLUMN, background))
        for r, a in enumerate(m.actors)
    ]
    coloured = [(share, brush) for share, brush in shades if share > 0]
    assert coloured and all(brush == share_colour(share) for share, brush in coloured)
    assert all(brush is None for share, brush in shades if share == 0)


def test_hovering_a_cell_shows_the_chain_behind_it(
    view: ResultsView, solved_bank: SolvedBank
) -> None:
    _, m = _result(solved_bank)
    model = view.dependency_view.model
    workload = m.workload_ids()[0]
    tip = str(_cell(model, 0, FIRST_WORKLOAD_COLUMN, Qt.ItemDataRole.ToolTipRole))
    chains = m.chains_of(m.actors[0].id, workload)
    assert chains and all(c.venue_name in tip for c in chains)
    assert "model:" in tip and "compute:" in tip and "hardware:" in tip


def test_a_plan_stored_before_the_map_says_to_solve_again(
    view: ResultsView, solved_bank: SolvedBank
) -> None:
    result, _ = _result(solved_bank)
    old = replace(solved_bank.plan, result=replace(result, dependencies=None))
    view.show_plan(old)
    assert view.dependency_view.model.rowCount() == 0
    assert view.dependency_view.caption.text() == EMPTY_TEXT
