"""The comparison view formats what planner.results.compare computed; the saved-scenarios
dialog only emits what the user asked for.

The comparison is built by hand as `planner.results.compare` types it: three scenarios of a
bank, the third infeasible (its figures are None), and one warning.
"""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.results.compare import (
    Change,
    Comparison,
    Headline,
    InputDifference,
    LineItemComparison,
    LineItemFigures,
)
from planner.results.plan_document import Resilience, SolveStatus
from planner.results.saved import SavedSummary
from ui.comparison_rows import CHANGE_TINTS, DIFFERS_TINT, HEADLINE_FIGURES
from ui.comparison_view import ComparisonView
from ui.saved_scenarios_dialog import SavedScenariosDialog

pytestmark = pytest.mark.gui

SCREEN_W, SCREEN_H = 1280, 800
SCREENSHOT = Path("/tmp/comparison_view.png")
NAMES = ("Owned GPUs", "Cloud burst", "EU APIs only")
WARNING = (
    "“EU APIs only” was solved against catalog revision 11; the others against revision 12. "
    "Re-solve it before trusting the difference."
)
INDEPENDENCE = {
    "SOV-1": (15.0, 11.25, None),
    "SOV-2": (10.0, 7.5, None),
    "SOV-3": (7.5, 5.0, None),
    "SOV-4": (11.25, 7.5, None),
    "SOV-5": (10.0, 10.0, None),
    "SOV-6": (11.25, 7.5, None),
    "SOV-7": (5.0, 7.5, None),
    "SOV-8": (1.25, 1.75, None),
}
LOCK_IN = {
    "provider_hhi": (6.1, 12.8, None),
    "jurisdiction_hhi": (1.2, 4.4, None),
    "accelerator_vendor_hhi": (9.5, 8.0, None),
    "model_vendor_hhi": (0.0, 2.5, None),
    "closed_models": (0.0, 3.0, None),
    "commitments": (1.6, 2.46, None),
    "exit_cost": (0.0, 1.5, None),
}


def headline(
    position: int, status: SolveStatus, revision: int, figures: tuple[float, ...] | None
) -> Headline:
    """One scenario's headline; `figures` are annual cost, cost per million tokens,
    independence, lock-in, HHI and effective providers, None without a plan."""
    cost, per_mtok, independence, lock_in, hhi, effective = figures or (None,) * 6
    return Headline(
        name=NAMES[position],
        status=status,
        status_text=status.value.replace("_", " "),
        currency="EUR",
        annual_cost=cost,
        cost_per_mtok=per_mtok,
        independence=independence,
        independence_points={
            k: v[position] for k, v in INDEPENDENCE.items() if v[position] is not None
        },
        lock_in=lock_in,
        lock_in_points={k: v[position] for k, v in LOCK_IN.items() if v[position] is not None},
        provider_hhi=hhi,
        effective_providers=effective,
        catalog_revision=revision,
    )


def comparison() -> Comparison:
    return Comparison(
        scenarios=NAMES,
        currency="EUR",
        inputs=(
            InputDifference("annual_budget", (2_500_000, 2_500_000, 400_000)),
            InputDifference("workloads[id=staff-assistant].peak_factor", (3, 6, 3)),
            InputDifference("organisation.trusted_jurisdictions", (["EU"], ["EU", "US"], None)),
        ),
        headline=(
            headline(0, SolveStatus.OPTIMAL, 12, (1_834_212.4, 4.2871, 71.25, 18.4, 5123.0, 1.952)),
            headline(
                1, SolveStatus.FEASIBLE, 12, (2_301_870.0, 1.3504, 58.0, 34.66, 6400.0, 1.5625)
            ),
            headline(2, SolveStatus.INFEASIBLE, 11, None),
        ),
        independence_by_objective=INDEPENDENCE,
        lock_in_by_component=LOCK_IN,
        labels={},
        line_items=(
            LineItemComparison(
                venue_key="owned:fra-dc1",
                item="8× H200 server",
                provider_name="Own data centre",
                term="purchase",
                unit="server",
                per_scenario=(
                    LineItemFigures(4.0, 1_210_000.0),
                    LineItemFigures(2.0, 605_000.0),
                    None,
                ),
                change=(Change.BASELINE, Change.CHANGED, Change.REMOVED),
            ),
            LineItemComparison(
                venue_key="cloud:ovh-gra",
                item="H100 instance (on demand)",
                provider_name="OVHcloud",
                term="on_demand",
                unit="instance-year",
                per_scenario=(None, LineItemFigures(6.5, 1_450_000.0), None),
                change=(Change.BASELINE, Change.ADDED, Change.SAME),
            ),
            LineItemComparison(
                venue_key="owned:fra-dc1",
                item="energy",
                provider_name="Own data centre",
                term="purchase",
                unit="kWh",
                per_scenario=(
                    LineItemFigures(310_000.0, 62_000.0),
                    LineItemFigures(310_000.0, 62_000.0),
                    None,
                ),
                change=(Change.BASELINE, Change.SAME, Change.REMOVED),
            ),
        ),
        warnings=(WARNING,),
    )


@pytest.fixture
def view(qtbot: QtBot) -> ComparisonView:
    widget = ComparisonView()
    qtbot.addWidget(widget)
    widget.resize(SCREEN_W, SCREEN_H)
    widget.show()
    widget.show_comparison(comparison())
    return widget


def table(view: ComparisonView, name: str) -> QTableView:
    found = view.findChild(QTableView, name)
    assert found is not None, name
    return found


def texts(model: QAbstractItemModel) -> list[list[str]]:
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def headline_row(view: ComparisonView, key: str) -> list[str]:
    """The figure's value per scenario (the difference columns left out)."""
    return headline_cells(view, key)[: len(NAMES)]


def headline_cells(view: ComparisonView, key: str) -> list[str]:
    """Every cell of the figure's row after its name: values, then differences."""
    keys = [figure.key for figure in HEADLINE_FIGURES]
    return texts(table(view, "comparison-headline").model())[keys.index(key)][1:]


def test_headline_formats_each_scenario_and_dashes_missing_figures(view: ComparisonView) -> None:
    headers = table(view, "comparison-headline").model()
    assert [headers.headerData(c, Qt.Orientation.Horizontal) for c in (1, 2, 3)] == list(NAMES)
    assert headline_row(view, "status") == ["optimal", "feasible", "infeasible"]
    assert headline_row(view, "annual_cost") == ["EUR 1,834,212", "EUR 2,301,870", "—"]
    assert headline_row(view, "cost_per_mtok") == ["EUR 4.287", "EUR 1.350", "—"]
    assert headline_row(view, "independence") == ["71.2 /100", "58.0 /100", "—"]
    assert headline_row(view, "lock_in") == ["18.4 /100", "34.7 /100", "—"]
    assert headline_row(view, "effective_providers") == ["2.0", "1.6", "—"]
    assert headline_row(view, "provider_hhi") == ["5,123", "6,400", "—"]
    assert headline_row(view, "catalog_revision") == ["12", "12", "11"]


def test_each_variant_has_a_difference_column_in_money_points_and_per_cent(
    view: ComparisonView,
) -> None:
    model = table(view, "comparison-headline").model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[4:] == ["Cloud burst\nvs baseline", "EU APIs only\nvs baseline"]
    assert headline_cells(view, "annual_cost")[3:] == ["+EUR 467,658 (+25.5%)", ""]
    assert headline_cells(view, "cost_per_mtok")[3:] == ["-EUR 2.937 (-68.5%)", ""]
    # Of the scores as shown (one decimal), as a reader would work it out.
    assert headline_cells(view, "independence")[3:] == ["-13.2 points (-18.5%)", ""]
    assert headline_cells(view, "status")[3:] == ["", ""]  # no difference for a word

    def tint(key: str, column: int) -> QColor | None:
        row = [figure.key for figure in HEADLINE_FIGURES].index(key)
        brush = model.index(row, column).data(Qt.ItemDataRole.BackgroundRole)
        return None if brush is None else brush.color()

    assert tint("annual_cost", 2) == DIFFERS_TINT  # the legend's promise holds here too
    assert tint("annual_cost", 1) is None  # the baseline itself
    assert tint("catalog_revision", 2) is None  # the same revision as the baseline


def test_inputs_table_has_a_row_per_differing_path(view: ComparisonView) -> None:
    model = table(view, "comparison-inputs").model()
    rows = texts(model)
    assert [row[0] for row in rows] == [
        "annual_budget",  # not a declared field: the path as written
        "Workload staff-assistant, Peak factor",
        "Organisation, Trusted jurisdictions",
    ]
    tip = model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "organisation.trusted_jurisdictions" in tip  # the path, for the file
    assert rows[0][1:] == ["2,500,000", "2,500,000", "400,000"]
    assert rows[2][1:] == ["EU", "EU, US", "—"]
    tint = model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole)
    assert tint is not None and tint.color() == DIFFERS_TINT
    assert model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is None  # same as baseline


def test_line_items_pair_quantity_and_cost_per_scenario_tinted_by_change(
    view: ComparisonView,
) -> None:
    model = table(view, "comparison-line-items").model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:6] == [
        "item",
        "provider",
        "term",
        "venue",
        "Owned GPUs\nquantity",
        "Owned GPUs\nannual EUR",
    ]
    assert headers[-2:] == ["Cloud burst\nvs baseline", "EU APIs only\nvs baseline"]
    assert len(headers) == 4 + 2 * len(NAMES) + len(NAMES) - 1
    rows = texts(model)
    assert rows[0][2] == "purchase"
    assert rows[0][4:] == ["4.00", "1,210,000", "2.00", "605,000", "—", "—",
                           "-605,000 (-50.0%)", "-1,210,000 (-100.0%)"]  # fmt: skip
    assert rows[1][-2:] == ["+1,450,000", ""]  # added: no per cent of nothing

    def tint(row: int, column: int) -> QColor | None:
        brush = model.index(row, column).data(Qt.ItemDataRole.BackgroundRole)
        return None if brush is None else brush.color()

    assert tint(0, 4) is None and tint(0, 5) is None  # the baseline itself
    assert tint(0, 6) == tint(0, 7) == CHANGE_TINTS[Change.CHANGED]
    assert tint(0, 8) == tint(0, 9) == CHANGE_TINTS[Change.REMOVED]
    assert tint(1, 6) == CHANGE_TINTS[Change.ADDED]
    assert tint(2, 6) is None  # same
    assert "added against the baseline" in model.index(1, 6).data(Qt.ItemDataRole.ToolTipRole)


def test_a_removed_and_an_added_row_of_one_item_tell_their_terms_apart(qtbot: QtBot) -> None:
    """The same instance from the same provider, on demand in the baseline and committed in
    the variant: the term column and the difference column set the two rows apart."""
    c = comparison()
    on_demand, committed = (
        LineItemComparison(
            venue_key=f"cloud:nebius-h100-{term}",
            item="H100 80GB × 8",
            provider_name="Nebius AI Cloud",
            term=term,
            unit="instance",
            per_scenario=per,
            change=change,
        )
        for term, per, change in (
            ("on-demand", (LineItemFigures(2.0, 400_000.0), None, None),
             (Change.BASELINE, Change.REMOVED, Change.REMOVED)),
            ("1-year commitment", (None, LineItemFigures(2.0, 300_000.0), None),
             (Change.BASELINE, Change.ADDED, Change.SAME)),
        )
    )  # fmt: skip
    widget = ComparisonView()
    qtbot.addWidget(widget)
    widget.show_comparison(replace(c, line_items=(on_demand, committed)))
    removed, added = texts(table(widget, "comparison-line-items").model())
    assert removed[:2] == added[:2]  # item and provider alike …
    assert (removed[2], added[2]) == ("on-demand", "1-year commitment")  # … but not the term
    assert (removed[-2], added[-2]) == ("-400,000 (-100.0%)", "+300,000")


def test_charts_have_a_bar_set_per_scenario(view: ComparisonView) -> None:
    cost = view.charts["chart-compare-cost"]
    independence = view.charts["chart-compare-independence"]
    lock_in = view.charts["chart-compare-lock-in"]
    for name, chart in view.charts.items():
        assert chart.objectName() == name
        assert [s.label() for s in chart.bar_sets()] == list(NAMES)
    assert independence.categories()[:2] == ["strategic", "legal & jurisdictional"]
    assert len(lock_in.categories()) == 7
    assert cost.categories() == list(NAMES)
    legend = view.findChild(QLabel, "comparison-legend")
    assert legend is not None and "EU APIs only: no plan (infeasible)" in legend.text()
    assert [cost.bar_sets()[i].at(i) for i in range(3)] == [1_834_212, 2_301_870, 0.0]
    assert cost.bar_sets()[0].at(1) == 0.0  # each scenario's set fills its own bar only
    assert "EUR 1,834,212 a year" in cost.tooltip(0, 0)
    assert "no plan (infeasible)" in cost.tooltip(2, 2)
    assert "15.0 points" in independence.tooltip(0, 7)  # SOV-1 of the baseline, drawn on top
    assert independence.bar_sets()[1].at(0) == 1.75  # environmental, drawn first from below


def test_warning_banner_is_visible_and_clear_empties_the_view(view: ComparisonView) -> None:
    banner = view.findChild(QLabel, "comparison-warnings")
    assert banner is not None
    assert banner.isVisible()
    assert WARNING in banner.text()
    view.clear()
    assert not banner.isVisible()
    assert view.charts == {}
    assert table(view, "comparison-headline").model().rowCount() == 0
    view.show_comparison(replace(comparison(), warnings=()))
    assert not banner.isVisible()
    assert len(view.charts) == 3


def test_models_pass_the_model_tester(view: ComparisonView, qtmodeltester: ModelTester) -> None:
    for model in (view.headline_model, view.inputs_model, view.line_items_model):
        qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_render_at_1280_by_800(view: ComparisonView, qtbot: QtBot) -> None:
    qtbot.wait(50)
    assert view.grab().save(str(SCREENSHOT))
    view.tabs.setCurrentIndex(view.TAB_LINE_ITEMS)
    qtbot.wait(50)
    assert view.grab().save(str(SCREENSHOT.with_name("comparison_view_line_items.png")))


# -- saved scenarios dialog ----------------------------------------------------------------


def saved(
    name: str, status: SolveStatus, cost: float | None, revision: int, updated_at: str
) -> SavedSummary:
    return SavedSummary(
        name=name,
        status=status,
        status_text=status.value.replace("_", " "),
        annual_cost=cost,
        currency="EUR",
        catalog_revision=revision,
        current_catalog_revision=12,
        created_at=datetime.fromisoformat(updated_at),
        updated_at=datetime.fromisoformat(updated_at),
    )


SAVED = [
    saved("Owned GPUs", SolveStatus.OPTIMAL, 1_834_212.4, 12, "2026-11-20T14:03:11+00:00"),
    saved("Cloud burst", SolveStatus.FEASIBLE, 2_301_870.0, 12, "2026-11-21T09:30:00+00:00"),
    saved("EU APIs only", SolveStatus.INFEASIBLE, None, 11, "2026-11-02T17:45:00"),
]


@pytest.fixture
def dialog(qtbot: QtBot) -> SavedScenariosDialog:
    widget = SavedScenariosDialog(SAVED, confirm=lambda _question: True)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def select(dialog: SavedScenariosDialog, *rows: int) -> None:
    model, selection = dialog.table.model(), dialog.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(model.index(row, 0), flags)


def test_selecting_two_rows_enables_compare_and_emits_both(
    dialog: SavedScenariosDialog, qtbot: QtBot
) -> None:
    compare = dialog.buttons["compare"]
    select(dialog, 0)
    assert not compare.isEnabled()
    assert dialog.buttons["open"].isEnabled()
    select(dialog, 0, 1)
    assert compare.isEnabled()
    assert not dialog.buttons["open"].isEnabled()
    with qtbot.waitSignal(dialog.compare_requested, timeout=1000) as blocker:
        compare.click()
    assert blocker.args == [["Owned GPUs", "Cloud burst"]]


def test_delete_confirmed_emits_delete_requested(
    dialog: SavedScenariosDialog, qtbot: QtBot
) -> None:
    select(dialog, 2)
    with qtbot.waitSignal(dialog.delete_requested, timeout=1000) as blocker:
        dialog.buttons["delete"].click()
    assert blocker.args == ["EU APIs only"]


def test_delete_declined_emits_nothing(qtbot: QtBot) -> None:
    questions: list[str] = []

    def decline(question: str) -> bool:
        questions.append(question)
        return False

    dialog = SavedScenariosDialog(SAVED, confirm=decline)
    qtbot.addWidget(dialog)
    select(dialog, 0)
    with qtbot.assertNotEmitted(dialog.delete_requested):
        dialog.request_delete()
    assert questions == ["Delete the saved scenario “Owned GPUs”? This cannot be undone."]


def test_rename_and_duplicate_emit_old_and_new_names(
    dialog: SavedScenariosDialog, qtbot: QtBot
) -> None:
    select(dialog, 1)
    with qtbot.waitSignal(dialog.rename_requested, timeout=1000) as blocker:
        dialog.request_rename("Cloud burst 2027")
    assert blocker.args == ["Cloud burst", "Cloud burst 2027"]
    with qtbot.waitSignal(dialog.duplicate_requested, timeout=1000) as blocker:
        dialog.request_duplicate("Cloud burst copy")
    assert blocker.args == ["Cloud burst", "Cloud burst copy"]
    with qtbot.waitSignal(dialog.open_requested, timeout=1000) as blocker:
        dialog.request_open()
    assert blocker.args == ["Cloud burst"]
    with qtbot.assertNotEmitted(dialog.rename_requested):
        dialog.request_rename("Cloud burst")  # unchanged


def test_outdated_rows_say_re_solve(dialog: SavedScenariosDialog) -> None:
    rows = texts(dialog.table.model())
    assert rows[2][-1] == "re-solve: solved against catalog revision 11"
    assert rows[0][-1] == ""
    assert rows[2][2] == "—"
    assert rows[0][2] == "EUR 1,834,212"
    assert rows[0][4] == "2026-11-20 14:03"


def test_set_rows_refreshes_and_keeps_the_selection(dialog: SavedScenariosDialog) -> None:
    select(dialog, 0, 1)
    dialog.set_rows([replace(SAVED[1], name="Cloud burst"), SAVED[2]])
    assert dialog.names() == ["Cloud burst", "EU APIs only"]
    assert dialog.selected_names() == ["Cloud burst"]
    assert not dialog.buttons["compare"].isEnabled()


def test_dialog_model_passes_the_model_tester(
    dialog: SavedScenariosDialog, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(dialog.model)  # type: ignore[no-untyped-call]


def test_the_price_of_resilience_shows_beside_plain_plans(qtbot: QtBot) -> None:
    c = comparison()
    robust = replace(
        c.headline[1],
        resilience=Resilience(
            must_survive=("provider-exit:*",),
            shocks=("provider-exit:a", "provider-exit:b", "legal-reach:US"),
            annual_cost=2_301_870.0,
            plain_annual_cost=2_092_609.09,
        ),
    )
    widget = ComparisonView()
    qtbot.addWidget(widget)
    widget.show_comparison(replace(c, headline=(c.headline[0], robust, c.headline[2])))
    assert headline_row(widget, "resilience") == [
        "not asked to survive shocks",
        "+10.0% (3 shocks)",
        "—",
    ]
