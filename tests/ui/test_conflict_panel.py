"""Two conflicts on the results view read as one does: the headline counts them, each item
names its requirement by label with its amount, and nothing speaks the solver's language."""

import pytest
from pytestqt.qtbot import QtBot

from catalog.domain import Catalog
from planner.results.plan_builder import plan_document
from tests.planner.two_conflicts import two_conflicts
from ui.results_view import ResultsView

pytestmark = [pytest.mark.gui, pytest.mark.solver]


def test_two_conflicts_are_listed_under_a_headline_that_counts_them(
    qtbot: QtBot, shipped_catalog: Catalog
) -> None:
    scenario, outcome = two_conflicts(shipped_catalog)
    view = ResultsView()
    qtbot.addWidget(view)
    view.show()
    view.show_plan(plan_document(outcome, scenario, shipped_catalog))
    assert view.no_plan_headline.text() == (
        "No plan meets every requirement: 2 requirements conflict, each with how far it is "
        "off and what would do:"
    )
    items = [view.conflict_list.item(i) for i in range(view.conflict_list.count())]
    assert len(items) == 2
    seal, budget = (item.text() for item in items)
    assert seal.startswith("Workload 'internal-chat' has no eligible option")
    assert "Annual budget: EUR 500 is EUR " in budget
    assert "\nShort by EUR " in budget  # the amount again, on its own line
    for item in items:
        assert "Slack" not in item.text() and "e+" not in item.text()
        assert "together with the other changes listed" in item.text()
    assert items[1].toolTip() == "Double-click to edit: Organisation, Annual budget"
