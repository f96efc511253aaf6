"""The Stress tab: every shock field has an editor that edits and undoes, a run fills the table
and the charts most harmful first, a cancel stops it, and the exports carry the report."""

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from catalog.domain import Catalog
from planner.analysis.table import stress_rows
from planner.scenario.document import ScenarioDocument
from planner.scenario.examples import examples_dir
from planner.scenario.field_table import SHOCKS, fields_of
from planner.scenario.paths import same_value
from planner.scenario.schema import Field, ValueType
from tests.field_cases import SPARSE, catalog_snapshot, field_id, toml_value, with_shock_for
from tests.planner.stressed import Stressed
from ui.main_window import TAB_STRESS, MainWindow
from ui.stress_view import StressRowsModel, StressView
from ui.value_text import value_to_text

pytestmark = pytest.mark.gui
RUN_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def catalog(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return catalog_snapshot(seeded_template, tmp_path_factory.mktemp("stress-fields"))


@pytest.fixture
def view(qapp: QApplication, catalog: Catalog) -> Iterator[StressView]:
    stack = QUndoStack()
    widget = StressView(catalog, stack)
    widget.undo_stack = stack  # type: ignore[attr-defined]
    widget.show()
    yield widget
    widget.close()
    widget.deleteLater()


def _edit_cell(view: StressView, field: Field, value: Any) -> None:
    model, table = view.shocks, view.shocks_view
    index = model.index(0, model.column_of(field))
    if field.value_type is ValueType.FLAG:
        model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        return
    delegate = table.itemDelegate()
    editor = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findData(value))
    else:
        assert isinstance(editor, QLineEdit)
        editor.setText(value_to_text(value, field))
    delegate.setModelData(editor, model, index)


@pytest.mark.parametrize("field", fields_of(SHOCKS), ids=field_id)
def test_every_shock_field_has_an_editor_that_edits_and_undoes(
    view: StressView, field: Field
) -> None:
    data = copy.deepcopy(with_shock_for(SPARSE, field))
    row = data[SHOCKS.key][0]
    row.pop(field.key, None)  # the cell starts empty (or at the kind a kind field's example is)
    if field.key == "kind":
        row["kind"] = "spot_drought"
    doc = ScenarioDocument(data)
    view.set_document(doc)
    path, value = field.path(0), toml_value(field.example)
    before = copy.deepcopy(doc.get(path))
    assert not same_value(before, value), "the example must be a change"
    _edit_cell(view, field, value)
    assert same_value(doc.get(path), value)
    view.undo_stack.undo()  # type: ignore[attr-defined]
    assert doc.get(path) == before


def test_shocks_are_added_and_removed_with_undo(view: StressView) -> None:
    doc = ScenarioDocument(copy.deepcopy(SPARSE))
    view.set_document(doc)
    view.add_shock()
    assert len(doc.get("shocks")) == 1 and view.shocks.rowCount() == 1
    view.shocks_view.selectRow(0)
    view.remove_shock()
    assert doc.get("shocks") == []
    view.undo_stack.undo()  # type: ignore[attr-defined]
    assert len(doc.get("shocks")) == 1


def test_the_rows_model_shows_the_report_most_harmful_first(
    qtmodeltester: Any, stressed_bank: Stressed, view: StressView
) -> None:
    view.show_report(stressed_bank.report)
    model: StressRowsModel = view.rows
    qtmodeltester.check(model)
    rows = stress_rows(stressed_bank.report)
    assert [model.row_at(i).shock for i in range(model.rowCount())] == [r.shock for r in rows]
    assert len(view.chart_views) == 2
    assert view.chart_views[0].categories()[0] == rows[0].shock
    assert stressed_bank.report.results[0].shock.description in model.data(
        model.index(0, 0),
        3,  # ToolTipRole
    )


def test_a_run_from_the_window_fills_the_tab_and_the_export(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_scenario(examples_dir() / "midsize-firm.toml")
    assert not window.commands["stress"].isEnabled(), "nothing to stress before a solve"
    with qtbot.waitSignal(window.solve_finished, timeout=RUN_TIMEOUT_MS):
        window.solve()
    assert window.commands["stress"].isEnabled()
    window.tabs.setCurrentIndex(TAB_STRESS)
    window.commands["stress"].trigger()
    assert window.commands["cancel"].isEnabled()
    qtbot.waitUntil(lambda: window.stress_runs.worker is None, timeout=RUN_TIMEOUT_MS)
    report = window.shown_stress()
    assert report is not None and report.complete
    assert window.stress.rows.rowCount() == len(report.results) > 0
    path = tmp_path / "plan.xlsx"
    assert window.workspace_scenarios.export_to(path)
    sheet = load_workbook(path)["Stress tests"]
    shocks = {row[0].value for row in sheet.iter_rows(min_row=3)}
    assert {r.shock.name for r in report.results} <= shocks


def test_a_cancelled_run_keeps_what_finished(qtbot: QtBot, window: MainWindow) -> None:
    assert window.open_scenario(examples_dir() / "eu-bank.toml")
    with qtbot.waitSignal(window.solve_finished, timeout=RUN_TIMEOUT_MS):
        window.solve()
    window.commands["stress"].trigger()
    window.cancel_solve()
    qtbot.waitUntil(lambda: window.stress_runs.worker is None, timeout=10_000)
    report = window.stress.report
    assert report is not None and not report.complete
    assert "Cancelled" in window.stress.status.text()
