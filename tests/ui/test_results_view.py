"""The results view shows a real plan of the bank example, and why an impossible one fails."""

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QLabel, QTableView, QToolTip, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.evaluation.line_items import STANDBY_TERM
from planner.results.plan_document import OptionScope, PlanDocument, PlanResult, Resilience
from planner.results.stale_figures import stale_figure_line, stale_figures_note
from tests.solved import SolvedBank
from ui.charts import NO_COST, TOP_PROVIDERS
from ui.plan_table_models import SORT_ROLE
from ui.results_view import PROGRESS_TICK_MS, STALE_TEXT, ResultsView

pytestmark = [pytest.mark.gui, pytest.mark.solver, pytest.mark.slow]

SCREEN_W, SCREEN_H = 1280, 800


def double_click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    """A real double-click: QTest's mouseDClick alone sends no first press in Qt 6."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


@dataclasses.dataclass(frozen=True)
class Planned:
    plan: PlanDocument
    infeasible: PlanDocument

    @property
    def result(self) -> PlanResult:
        assert self.plan.result is not None
        return self.plan.result


@pytest.fixture(scope="module")
def planned(solved_bank: SolvedBank) -> Planned:
    """The bank example's plan and its impossible-budget twin, solved once per session."""
    assert solved_bank.plan.result is not None
    assert solved_bank.infeasible_plan.result is None
    return Planned(solved_bank.plan, solved_bank.infeasible_plan)


@pytest.fixture
def view(qtbot: QtBot, planned: Planned) -> ResultsView:
    widget = ResultsView()
    qtbot.addWidget(widget)
    widget.resize(SCREEN_W, SCREEN_H)
    widget.show()
    widget.show_plan(planned.plan)
    return widget


def test_annual_cost_card_uses_the_cli_format(view: ResultsView, planned: Planned) -> None:
    total = planned.result.annual_cost
    currency = planned.plan.header.currency
    value = view.findChild(QLabel, "card-annual-cost-value")
    assert value is not None
    assert value.text() == f"{currency} {total:,.0f}"  # as `sovplan plan` prints it


def test_the_annual_cost_card_says_how_much_of_the_annual_budget_it_uses(
    view: ResultsView, planned: Planned
) -> None:
    result = planned.result
    assert result.annual_budget  # the bank sets one
    detail = view.cards["card-annual-cost"].detail_label.text()
    share = result.annual_cost / result.annual_budget
    assert detail == f"a year · {share:.1%} of the EUR {result.annual_budget:,.0f} annual budget"


def test_cards_show_scores_and_status(view: ResultsView, planned: Planned) -> None:
    scores = planned.result.scores
    assert view.cards["card-independence"].value_label.text() == (
        f"{scores.independence.total:.1f} /100"
    )
    assert view.cards["card-lock-in"].value_label.text() == f"{scores.lock_in.total:.1f} /100"
    assert "effective third-party providers" in view.cards["card-lock-in"].detail_label.text()
    assert view.cards["card-status"].value_label.text() == planned.plan.header.status_text
    assert planned.plan.header.status_text == "optimal"  # proven over every eligible option
    assert "over all" in view.cards["card-status"].detail_label.text()


def test_a_plan_proven_over_a_pruned_set_says_so_on_the_status_card(
    view: ResultsView, planned: Planned
) -> None:
    header = dataclasses.replace(
        planned.plan.header, proven_over=OptionScope.PRUNED, options_eligible=2_000_000
    )
    view.show_plan(dataclasses.replace(planned.plan, header=header))
    card = view.cards["card-status"]
    assert card.value_label.text() == "optimal over a pruned set of options"
    assert "of 2,000,000 eligible" in card.detail_label.text()
    assert "not proven over every eligible option" in card.detail_label.text()


def test_a_standby_line_is_explained_under_the_line_items(
    view: ResultsView, planned: Planned
) -> None:
    view.tabs.setCurrentIndex(1)  # Line items
    standby = [i for i in planned.result.line_items if i.term == STANDBY_TERM]
    assert standby, "the bank keeps an API on standby"
    assert view.standby_note.isVisible() and "costs nothing" in view.standby_note.text()
    others = [i for i in planned.result.line_items if i.term != STANDBY_TERM]
    without = dataclasses.replace(planned.result, line_items=tuple(others))
    view.show_plan(dataclasses.replace(planned.plan, result=without))
    assert not view.standby_note.isVisible()


def test_line_items_table_has_one_row_per_line_item(view: ResultsView, planned: Planned) -> None:
    items = planned.result.line_items
    model = view.line_items_model
    assert model.rowCount() == len(items) + 1 > 1  # and the total row
    assert model.columnCount() == 11
    last = model.index(0, model.columnCount() - 1)
    assert model.data(last) == f"{items[0].annual_cost:,.0f}"
    assert model.data(last, SORT_ROLE) == pytest.approx(items[0].annual_cost)
    assert model.data(last, Qt.ItemDataRole.ToolTipRole).endswith(".")
    assert model.data(last, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_allocations_table_shows_standby_and_sorts_numbers(
    view: ResultsView, planned: Planned
) -> None:
    allocations = planned.result.allocations
    model = view.allocations_model
    assert model.rowCount() == len(allocations)
    share = [model.data(model.index(r, 4)) for r in range(model.rowCount())]
    assert share == ["standby" if a.share == 0 else f"{a.share:.0%}" for a in allocations]
    table = view.findChild(QTableView, "allocations-table")
    assert table is not None
    table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # tokens/s, as numbers not text
    proxy = table.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    column = [proxy.data(proxy.index(r, 5), SORT_ROLE) for r in range(proxy.rowCount())]
    assert column == sorted(column, reverse=True)


def test_allocations_table_shows_the_replica_behind_each_allocation(
    view: ResultsView, planned: Planned
) -> None:
    model = view.allocations_model
    horizontal = Qt.Orientation.Horizontal
    headers = [model.headerData(c, horizontal) for c in range(model.columnCount())]
    precision, tp, basis = (headers.index(h) for h in ("precision", "TP", "basis"))
    tpot = headers.index("TPOT ms / target")
    served = 0
    for row, allocation in enumerate(planned.result.allocations):
        trail = allocation.serving
        assert model.data(model.index(row, precision)) == (allocation.precision or "")
        if trail is None:
            assert model.data(model.index(row, tp)) == ""
            continue
        served += 1
        assert model.data(model.index(row, tp)) == str(trail.tensor_parallel)
        assert model.data(model.index(row, basis)) == "estimate"
        target = "" if trail.tpot_target_ms is None else f" / {trail.tpot_target_ms:,.0f}"
        assert model.data(model.index(row, tpot)) == f"{trail.tpot_ms:,.0f}{target}"
        tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        assert f"{trail.tensor_parallel} accelerator(s) of one machine" in tip
    assert served > 0


def test_spot_capacity_says_interruptible_in_both_tables(
    view: ResultsView, planned: Planned
) -> None:
    items, model = planned.result.line_items, view.line_items_model
    terms = [model.data(model.index(r, 4)) for r in range(model.items)]
    assert any(i.term == "spot" for i in items)
    assert ["interruptible" in t for t in terms] == [i.term == "spot" for i in items]
    tips = [model.data(model.index(r, 4), Qt.ItemDataRole.ToolTipRole) for r in range(len(items))]
    assert all(
        "interruptible" in tip for tip, i in zip(tips, items, strict=True) if i.term == "spot"
    )
    allocations = view.allocations_model
    horizontal = Qt.Orientation.Horizontal
    headers = [allocations.headerData(c, horizontal) for c in range(allocations.columnCount())]
    column = headers.index("venue")
    venues = [allocations.data(allocations.index(r, column)) for r in range(allocations.rowCount())]
    spot = {i.venue_key for i in items if i.term == "spot"}
    assert ["interruptible" in v for v in venues] == [
        a.venue_key in spot for a in planned.result.allocations
    ]


def test_models_pass_qt_model_tester(view: ResultsView, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(view.line_items_model)
    qtmodeltester.check(view.allocations_model)


def test_models_stay_valid_across_resets(
    view: ResultsView, planned: Planned, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(view.line_items_model)  # the tester watches the resets that follow
    view.clear()
    assert view.line_items_model.rowCount() == 0
    view.show_plan(planned.plan)
    assert view.line_items_model.rowCount() > 0


def test_stale_banner_shows_only_for_a_stale_result(view: ResultsView, planned: Planned) -> None:
    banner = view.findChild(QLabel, "stale-banner")
    assert banner is not None and banner.text() == STALE_TEXT
    assert not banner.isVisible()
    charts = dict(view.charts)
    view.show_plan(planned.plan, stale=True)
    assert banner.isVisible()
    assert view.charts == charts  # the same result is not rebuilt, only marked
    view.show_plan(planned.plan, stale=False)
    assert not banner.isVisible()


def _aged_on(plan: PlanDocument, checked_on: str) -> PlanDocument:
    """`plan` as if made on `checked_on`, when its figures were aged."""
    assert plan.result is not None
    sources = dataclasses.replace(plan.result.sources, ages_checked_on=checked_on)
    return dataclasses.replace(plan, result=dataclasses.replace(plan.result, sources=sources))


def test_figures_older_than_a_year_are_named_under_the_cards(
    view: ResultsView, planned: Planned
) -> None:
    warning = view.findChild(QLabel, "figures-warning")
    assert warning is not None
    old = _aged_on(planned.plan, "2040-01-01")
    assert old.result is not None
    stale = old.result.sources.stale_figures()
    view.show_plan(old)
    assert warning.isVisible()
    assert warning.text() == f"Stale figures: {stale_figures_note(old.result.sources)}"
    assert warning.toolTip().splitlines() == [stale_figure_line(s) for s in stale]
    young = _aged_on(planned.plan, min(f.as_of for f in old.result.sources.catalog_figures))
    view.show_plan(young)
    assert not warning.isVisible()
    view.show_plan(old)
    view.show_plan(planned.infeasible)  # no plan, no figures to warn about
    assert not warning.isVisible()


def test_progress_shows_best_cost_bound_and_time(view: ResultsView) -> None:
    view.clear()
    view.show_progress(123_456.7, 120_000.0, 3.25)
    label = view.findChild(QLabel, "solve-progress")
    assert label is not None and label.isVisible()
    assert "EUR 123,457" in label.text() and "EUR 120,000" in label.text()
    assert "3.2 s" in label.text()
    view.show_progress(None, None, 0.5)
    assert "none yet" in label.text()


def test_while_solving_the_progress_clock_runs_until_a_result(
    view: ResultsView, planned: Planned, qtbot: QtBot
) -> None:
    """The line shows at once and its time moves between the solver's reports (HiGHS sends
    a line of its log only now and then), and it stops with the result."""
    label = view.findChild(QLabel, "solve-progress")
    assert label is not None
    view.clear()
    view.start_progress()
    assert label.isVisible() and "none yet" in label.text() and "0.0 s" in label.text()
    qtbot.waitUntil(lambda: "0.0 s" not in label.text(), timeout=1000)
    view.report_progress(None, 120_000.0)  # a bound before any plan, as HiGHS's log gives
    assert "none yet" in label.text() and "EUR 120,000" in label.text()
    view.report_progress(123_456.7, 120_000.0)
    assert "EUR 123,457" in label.text()
    view.show_plan(planned.plan)
    assert not label.isVisible()
    shown = label.text()
    qtbot.wait(3 * PROGRESS_TICK_MS)
    assert label.text() == shown  # the clock stopped with the result


def test_charts_have_one_bar_per_objective_and_component(
    view: ResultsView, planned: Planned
) -> None:
    scores = planned.result.scores
    assert set(view.charts) == {
        "chart-cost-by-category",
        "chart-cost-by-provider",
        "chart-independence",
        "chart-lock-in",
    }
    independence = view.charts["chart-independence"]
    points, maximum = independence.bar_sets()
    assert points.count() == maximum.count() == 8
    assert independence.categories() == [c.label for c in scores.independence.components]
    weights = [c.weight * 100 for c in scores.independence.components]
    assert sorted(maximum.at(i) for i in range(8)) == pytest.approx(sorted(weights))
    assert "SOV-1" in independence.tooltip(0, 0) or "SOV-8" in independence.tooltip(0, 0)
    (lock_in,) = view.charts["chart-lock-in"].bar_sets()
    assert lock_in.count() == len(scores.lock_in.components) == 7
    (providers,) = view.charts["chart-cost-by-provider"].bar_sets()
    paid = [p for p in planned.result.cost_by_provider if p.annual_cost >= NO_COST]
    assert providers.count() == min(len(paid), TOP_PROVIDERS + 1)


def test_hovering_a_bar_explains_it(view: ResultsView, planned: Planned) -> None:
    chart = view.charts["chart-lock-in"]
    (bar_set,) = chart.bar_sets()
    top = bar_set.count() - 1  # horizontal bars: the first component is drawn on top
    bar_set.hovered.emit(True, top)
    first = planned.result.scores.lock_in.components[0]
    assert first.label in QToolTip.text()
    assert f"{first.points:.1f} of {first.weight * 100:.0f} points" in QToolTip.text()
    bar_set.hovered.emit(False, top)


def test_an_infeasible_outcome_lists_its_conflicts_and_opens_their_field(
    qtbot: QtBot, view: ResultsView, planned: Planned
) -> None:
    view.show_plan(planned.infeasible)
    conflicts = view.conflict_list
    assert conflicts.isVisible()
    assert conflicts.count() == len(planned.infeasible.conflicts) >= 1
    item = conflicts.item(0)
    assert "Annual budget" in item.text() and "Short by EUR" in item.text()
    assert "Organisation, Annual budget" in item.toolTip()  # by label, not by path
    assert not view.cards["card-annual-cost"].isVisible()
    rect = conflicts.visualItemRect(item)
    with qtbot.waitSignal(view.conflict_activated, timeout=1000) as blocker:
        double_click(qtbot, conflicts.viewport(), rect.center())
    assert blocker.args == ["organisation.annual_budget"]


def test_a_double_click_emits_once_and_return_again(
    qtbot: QtBot, view: ResultsView, planned: Planned
) -> None:
    view.show_plan(planned.infeasible)
    emitted: list[str] = []
    view.conflict_activated.connect(emitted.append)
    center: QPoint = view.conflict_list.visualItemRect(view.conflict_list.item(0)).center()
    double_click(qtbot, view.conflict_list.viewport(), center)
    assert emitted == ["organisation.annual_budget"]
    qtbot.keyClick(view.conflict_list, Qt.Key.Key_Return)  # the keyboard opens it too
    assert emitted == ["organisation.annual_budget"] * 2


def test_clear_returns_to_the_empty_state(view: ResultsView) -> None:
    view.clear()
    assert not view.cards_box.isVisible()
    assert view.charts == {}
    assert view.allocations_model.rowCount() == 0


def test_renders_at_1280_by_800(view: ResultsView, tmp_path: Path) -> None:
    path = tmp_path / "results_view.png"
    assert view.grab().save(str(path))
    assert path.stat().st_size > 0


def test_a_robust_plan_shows_its_price_of_resilience_on_the_cost_card(
    view: ResultsView, planned: Planned
) -> None:
    cost = planned.result.annual_cost
    resilience = Resilience(
        must_survive=("provider-exit:*",),
        shocks=("provider-exit:a", "provider-exit:b"),
        annual_cost=cost,
        plain_annual_cost=cost / 1.25,
    )
    view.show_plan(dataclasses.replace(planned.plan, resilience=resilience))
    card = view.cards["card-annual-cost"]
    assert card.detail_label.text() == "a year; +25.0% to survive 2 shocks"
    assert "robust to 2 shocks (provider-exit:*)" in card.toolTip()
