"""Every declared field has an editor on the Requirements tab: using it changes the document at
the field's path, undo restores it, and a bad value is marked with its problem by label."""

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from catalog.domain import Catalog
from planner.scenario.document import ScenarioDocument
from planner.scenario.field_table import FIELDS, POLICY_SECTION, SEAL_FLOORS, SHOCKS, fields_of
from planner.scenario.paths import same_value
from planner.scenario.schema import Field, ValueType
from tests.field_cases import SPARSE, catalog_snapshot, field_id, toml_value, with_class_for
from ui.field_editors import ChoiceEditor, FlagEditor, LineEditor, ListEditor
from ui.requirements_view import RequirementsView
from ui.value_text import value_to_text

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def catalog(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return catalog_snapshot(seeded_template, tmp_path_factory.mktemp("requirements-fields"))


@pytest.fixture(scope="module")
def shared_view(qapp: QApplication, catalog: Catalog) -> Iterator[RequirementsView]:
    """One view for the module (building its 80 editors is most of a case's time)."""
    stack = QUndoStack()
    widget = RequirementsView(catalog, stack)
    widget.undo_stack = stack  # type: ignore[attr-defined]
    widget.resize(1280, 800)
    widget.show()
    yield widget
    widget.close()
    widget.deleteLater()


@pytest.fixture
def view(shared_view: RequirementsView) -> Iterator[RequirementsView]:
    """The shared view on a fresh copy of the sparse scenario, with an empty undo stack."""
    shared_view.undo_stack.clear()  # type: ignore[attr-defined]
    shared_view.resize(1280, 800)
    shared_view.set_document(ScenarioDocument(copy.deepcopy(SPARSE)))
    yield shared_view
    shared_view.undo_stack.clear()  # type: ignore[attr-defined]


def _use_form_editor(qtbot: QtBot, view: RequirementsView, field: Field, value: Any) -> None:
    """Enter `value` as a user does: type it, pick it, or tick the box."""
    target = view.findChild(QWidget, f"field:{field.path(0)}")
    assert target is not None, f"no editor for {field.path(0)}"
    editor = next(e for form in view.forms for f, e in form.editors.items() if f == field)
    if isinstance(editor, FlagEditor):
        editor.setFocus()
        qtbot.keyClick(editor, Qt.Key.Key_Space)
    elif isinstance(editor, ChoiceEditor):
        index = editor.index_of(value)
        assert index >= 0, f"{value!r} is not offered"
        editor.setCurrentIndex(index)
        editor.activated.emit(index)
    else:
        line = editor.line if isinstance(editor, ListEditor) else editor
        assert isinstance(line, LineEditor)
        line.setFocus()
        line.selectAll()
        qtbot.keyClicks(line, value_to_text(value, field))
        line.clearFocus()


def _use_table_cell(view: RequirementsView, field: Field, value: Any) -> None:
    """Edit the cell through the view's own editor (a combo box for a choice)."""
    models = {
        "workloads": (view.workloads, view.workloads_view),
        "sites": (view.sites, view.sites_view),
        "request_classes": (view.request_classes.model, view.request_classes.view),
    }
    model, table = models[field.section.key]
    index = model.index(0, model.column_of(field))
    if field.value_type is ValueType.FLAG:
        model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        return
    delegate = table.itemDelegate()
    editor = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    if isinstance(editor, QComboBox):
        assert field.choices is not None
        editor.setCurrentIndex(editor.findData(value))
    else:
        assert isinstance(editor, QLineEdit)
        editor.setText(value_to_text(value, field))
    delegate.setModelData(editor, model, index)


@pytest.mark.parametrize(
    "field", [f for f in FIELDS if f.section != SHOCKS], ids=field_id
)  # the shocks' editor is on the Stress tab (tests/ui/test_stress_view.py)
def test_every_field_has_an_editor_that_edits_and_undoes(
    qtbot: QtBot, view: RequirementsView, field: Field, tmp_path: Path
) -> None:
    if field.section.within is not None:  # the selected workload's request classes
        view.set_document(ScenarioDocument(with_class_for(copy.deepcopy(SPARSE), field, tmp_path)))
    doc = view._doc
    assert doc is not None
    path, value = field.path(0), toml_value(field.example)
    before = copy.deepcopy(doc.get(path))
    assert not same_value(before, value), "the example must be a change"
    in_table = field.section.repeated and field.subtable is None
    if in_table:
        _use_table_cell(view, field, value)
    else:
        _use_form_editor(qtbot, view, field, value)
    assert same_value(doc.get(path), value)
    view.undo_stack.undo()  # type: ignore[attr-defined]
    assert doc.get(path) == before


def test_a_bad_value_is_marked_with_its_problem_named_by_label(
    qtbot: QtBot, view: RequirementsView
) -> None:
    index = view.workloads.index(0, 2)
    view.workloads.setData(index, "-5", Qt.ItemDataRole.EditRole)
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Workload 1 (assistant), Tokens per day: must be from 1 to")
    assert "Workload 1 (assistant), Tokens per day" in view.summary.text()
    editor = view.findChild(QLineEdit, "field:policy.cost_slack")
    assert editor is not None
    editor.setFocus()
    qtbot.keyClicks(editor, "150")
    assert editor.toolTip() == "Policy, Cost slack: must be from 0 % to 100 % (got 150 %)"


def test_weights_that_do_not_add_up_are_named_on_their_box(view: RequirementsView) -> None:
    [field] = [f for f in FIELDS if f.key == "exit_cost"]
    view._apply(field.path(), 0.9, field)
    # the other lock-in weights keep their defaults, which add up to 0.85
    assert "lock-in weights sum to 1.75, not 1" in view.weights_box.title()


def test_a_list_is_picked_from_the_catalog_by_name(qtbot: QtBot, view: RequirementsView) -> None:
    [field] = [f for f in fields_of(POLICY_SECTION) if f.key == "excluded_models"]
    editor = next(e for form in view.forms for f, e in form.editors.items() if f == field)
    assert isinstance(editor, ListEditor)
    qtbot.mouseClick(editor.pick, Qt.MouseButton.LeftButton)
    dialog = editor.dialog
    assert dialog is not None
    dialog.filter.setText("DeepSeek-R1")
    visible = [dialog.items.item(r) for r in range(dialog.items.count())]
    assert [i.text() for i in visible if not i.isHidden()] == ["DeepSeek-R1 (deepseek-r1)"]
    dialog.set_checked(["deepseek-r1"])
    dialog.accept()
    assert view._doc is not None and view._doc.get(field.path()) == ["deepseek-r1"]


def test_the_seal_floors_follow_the_selected_workload(view: RequirementsView) -> None:
    doc = view._doc
    assert doc is not None
    view.add_workload()
    assert view.workloads_view.selectionModel().selectedRows()[0].row() == 1
    [field] = [f for f in FIELDS if f.subtable == SEAL_FLOORS and f.key == "SOV-1"]
    editor = view.seal_floors.editors[field]
    assert isinstance(editor, ChoiceEditor)
    editor.setCurrentIndex(editor.index_of(4))
    editor.activated.emit(editor.currentIndex())
    assert doc.get("workloads[1].min_seal") == {"SOV-1": 4}
    assert doc.get("workloads[0].min_seal") is None
    assert "Workload 2 (new-workload)" in view.seal_floors.title()


def test_the_forms_use_two_columns_when_narrow(view: RequirementsView, qtbot: QtBot) -> None:
    view.resize(1280, 800)
    qtbot.waitUntil(lambda: view.forms_area.wide is True)
    view.resize(1024, 700)
    qtbot.waitUntil(lambda: view.forms_area.wide is False)


def test_request_classes_are_added_and_removed_keeping_the_scenario_valid(
    view: RequirementsView,
) -> None:
    doc, box = view._doc, view.request_classes
    assert doc is not None and box.isEnabled() and box.model.rowCount() == 0
    before = copy.deepcopy(doc.data)
    box.add_class()
    assert doc.get("workloads[0].request_classes") == [
        {"input_tokens": 1000, "output_tokens": 200, "share": 1.0}
    ]
    assert doc.get("workloads[0].input_tokens") is None and view.scenario is not None
    box.add_class()
    shares = [c["share"] for c in doc.get("workloads[0].request_classes")]
    assert shares == [0.5, 0.5] and box.model.rowCount() == 2
    assert view.scenario is not None, view.problems
    assert len(view.scenario.workloads[0].request_classes) == 2
    box.model.setData(box.model.index(1, 2), "90", Qt.ItemDataRole.EditRole)
    assert "Share of requests" not in view.summary.text()
    expected = "Workload 1 (assistant), Request classes: the shares sum to 1.4 (140 %)"
    assert expected in view.summary.text()
    view.undo_stack.undo()  # type: ignore[attr-defined]
    box.view.selectRow(0)
    box.remove_class()  # its share goes to the other, longer class
    assert doc.get("workloads[0].request_classes") == [
        {"input_tokens": 2000, "output_tokens": 200, "share": 1.0}
    ]
    assert view.scenario is not None
    box.view.selectRow(0)
    box.remove_class()
    assert doc.get("workloads[0].request_classes") is None
    assert doc.get("workloads[0].input_tokens") == 2000 and view.scenario is not None
    while view.undo_stack.canUndo():  # type: ignore[attr-defined]
        view.undo_stack.undo()  # type: ignore[attr-defined]
    assert doc.data == before
