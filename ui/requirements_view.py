"""The requirements editor: every field of the scenario format, laid out from the field table.

Forms for the organisation, cost assumptions, policy and score weights; tables for the sites
and workloads, with the selected workload's SEAL floors below. Every edit is an undo command
on the scenario document; after each one the document is validated by the scenario reader,
and each invalid field is marked with its problem in the label form.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from catalog.domain import Catalog
from planner.scenario.document import ScenarioDocument
from planner.scenario.field_table import (
    ASSUMPTIONS,
    INDEPENDENCE_WEIGHTS,
    LOCK_IN_WEIGHTS,
    ORGANISATION,
    POLICY_SECTION,
    REQUEST_CLASSES,
    SCENARIO,
    SEAL_FLOORS,
    SITES,
    WEIGHTS,
    WORKLOADS,
    fields_of,
)
from planner.scenario.labels import field_at, label_of
from planner.scenario.model import DATA_CLASS_SEAL_FLOORS, DataClass, Scenario
from planner.scenario.problems import FieldPath, Problem
from planner.scenario.roadmap_fields import ROADMAP
from planner.scenario.schema import Field, Section, Subtable
from ui.document_table_model import DocumentTableModel
from ui.field_delegate import FieldDelegate
from ui.field_editors import ChoiceEditor
from ui.field_form import FieldForm
from ui.keyboard import go_to_row
from ui.problem_text import problem_text
from ui.request_classes_box import RequestClassesBox
from ui.requirements_forms import FormsArea
from ui.undo import InsertItem, RemoveItem, SetField

NEW_WORKLOAD = {"id": "new-workload", "kind": "interactive", "tokens_per_day": 10_000_000,
                "peak_factor": 2, "input_tokens": 1000, "output_tokens": 300,
                "data_class": "internal"}  # fmt: skip
SITES_TABLE_HEIGHT_PX = 90
"""The sites table shows about two rows; it scrolls beyond."""
WORKLOAD_ROWS_SHOWN = 5
"""The workloads table never shrinks below this many rows; the forms give way first (at the
smallest window, 1024 × 700, too)."""
VALID_TEXT = "All requirements are valid. Solve with F5."
FORMS_SHARE, TABLES_SHARE = 3, 2
"""How the splitter first divides the height between the forms and the tables."""
SEAL_COLUMNS = 4
ProblemsByPath = dict[FieldPath, list[Problem]]
NO_FLOOR = "–"
"""An empty SEAL floor of a data class that sets none on that objective."""
WORKLOADS_HINT = (
    "<b>Workloads</b> — type in a cell to edit; grey cells are not used by the row's kind; "
    "red cells say why"
)
INVALID_TITLE_STYLE = "QGroupBox#score-weights::title { color: #c62828; }"
"""Marks the weights as a whole (their sum) without tinting the forms inside."""


def _plain(fields: tuple[Field, ...]) -> list[Field]:
    return [f for f in fields if f.subtable is None]


class RequirementsView(QWidget):
    """Emits `validated(scenario or None, problems)` when the document becomes valid or
    invalid (and for each new document); `scenario` and `problems` are always current."""

    validated = Signal(object, object)

    def __init__(self, catalog: Catalog, undo_stack: QUndoStack) -> None:
        super().__init__()
        self._catalog, self._stack = catalog, undo_stack
        self._doc: ScenarioDocument | None = None
        self.problems: tuple[Problem, ...] = ()
        self.scenario: Scenario | None = None
        self._valid: bool | None = None
        self._by_path: ProblemsByPath = {}
        """Whether `validated` last said valid (None: not yet for this document)."""

        self.summary = QLabel()
        self.summary.setObjectName("requirements-summary")
        self.summary.setWordWrap(True)
        organisation = [*fields_of(SCENARIO), *fields_of(ORGANISATION)]
        self.forms = [
            self._form("Scenario and organisation", organisation),
            self._form("Cost assumptions", fields_of(ASSUMPTIONS)),
            self._form("Policy", fields_of(POLICY_SECTION)),
            self._form(INDEPENDENCE_WEIGHTS.title, self._subtable(WEIGHTS, INDEPENDENCE_WEIGHTS)),
            self._form(LOCK_IN_WEIGHTS.title, self._subtable(WEIGHTS, LOCK_IN_WEIGHTS)),
        ]  # fmt: skip
        self.seal_floors = self._form(SEAL_FLOORS.title, self._subtable(WORKLOADS, SEAL_FLOORS),
                                      columns=SEAL_COLUMNS)  # fmt: skip
        self.seal_floors.setEnabled(False)  # until a workload is selected
        self.forms.append(self.seal_floors)
        self.roadmap_form = self._form(ROADMAP.title, fields_of(ROADMAP))
        self.forms.append(self.roadmap_form)
        self.workloads = DocumentTableModel(WORKLOADS, _plain(fields_of(WORKLOADS)), self._apply)
        self.sites = DocumentTableModel(SITES, _plain(fields_of(SITES)), self._apply)
        self.workloads_view = self._table(self.workloads, "workloads-table")
        self.sites_view = self._table(self.sites, "sites-table")
        self.sites_view.setMaximumHeight(SITES_TABLE_HEIGHT_PX)
        self.workloads_view.setMinimumHeight(
            self._rows_height(self.workloads_view, WORKLOAD_ROWS_SHOWN)
        )
        self.workloads_view.selectionModel().selectionChanged.connect(self._on_workload_selected)
        self.request_classes = RequestClassesBox(undo_stack, self._apply, self._table)

        self.forms_area = FormsArea(
            [self.forms[0], self.forms[1], self._sites_box(), self.roadmap_form],
            self.forms[2],
            WEIGHTS.title,
            [self.forms[3], self.forms[4]],
        )
        self.weights_box = self.forms_area.weights_box
        self.weights_box.setObjectName("score-weights")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("requirements-splitter")
        splitter.addWidget(self.forms_area)
        splitter.addWidget(self._workloads_area())
        splitter.setStretchFactor(0, FORMS_SHARE)
        splitter.setStretchFactor(1, TABLES_SHARE)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, stretch=1)
        undo_stack.indexChanged.connect(self._on_undo_index)

    @staticmethod
    def _subtable(section: Section, sub: Subtable) -> list[Field]:
        return [f for f in fields_of(section) if f.subtable == sub]

    def _form(self, title: str, fields: list[Field] | tuple[Field, ...],
              columns: int = 1) -> FieldForm:  # fmt: skip
        return FieldForm(title, fields, self._catalog, self._apply, columns=columns)

    @staticmethod
    def _buttons(*actions: tuple[str, Callable[[], None]]) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in actions:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    def _sites_box(self) -> QGroupBox:
        box = QGroupBox(f"{SITES.title} (where owned servers may go)")
        layout = QVBoxLayout(box)
        layout.addWidget(self.sites_view)
        buttons = self._buttons(("Add site", self.add_site), ("Remove site", self.remove_site))
        buttons.addStretch()
        layout.addLayout(buttons)
        return box

    def _workloads_area(self) -> QWidget:
        header = QHBoxLayout()
        header.addWidget(QLabel(WORKLOADS_HINT), stretch=1)
        header.addLayout(self._buttons(("Add workload", self.add_workload),
                                       ("Duplicate", self.duplicate_workload),
                                       ("Remove", self.remove_workload)))  # fmt: skip
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.workloads_view, stretch=1)
        # the selected workload's details share one place, so the table keeps the height
        self.details = QTabWidget()
        self.details.setObjectName("workload-details")
        self.details.addTab(self.seal_floors, SEAL_FLOORS.title)
        self.details.addTab(self.request_classes, REQUEST_CLASSES.title)
        layout.addWidget(self.details)
        return area

    def _on_undo_index(self, _index: int) -> None:
        self.refresh()

    @staticmethod
    def _rows_height(view: QTableView, rows: int) -> int:
        """Pixels for the header, `rows` rows and the horizontal scroll bar."""
        scroll_bar = view.horizontalScrollBar().sizeHint().height()
        row = view.verticalHeader().defaultSectionSize()
        return view.horizontalHeader().sizeHint().height() + rows * row + scroll_bar + 2

    def _table(self, model: DocumentTableModel, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setItemDelegate(FieldDelegate(lambda: self._catalog, view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)  # fmt: skip
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    # The document -------------------------------------------------------------------

    def set_document(self, doc: ScenarioDocument) -> None:
        self._doc, self._valid = doc, None
        self.workloads.set_document(doc)
        self.sites.set_document(doc)
        self.request_classes.set_document(doc)
        self.refresh()
        if self.workloads.rowCount():
            self.workloads_view.selectRow(0)

    def set_catalog(self, catalog: Catalog) -> None:
        """The catalog changed (an import or edit): validate against the new one."""
        self._catalog = catalog
        self.refresh()

    def _apply(self, path: FieldPath, value: Any, _field: Field) -> None:
        if self._doc is None or self._doc.get(path) == value:
            return
        self._stack.push(SetField(self._doc, path, value, label_of(path, self._doc.data)))

    def set_value(self, path: str, value: Any) -> None:
        """Set one field from outside the forms (a conflict's suggested value), undoably."""
        field = field_at(FieldPath.parse(path))
        if field is not None:
            self._apply(FieldPath.parse(path), value, field)

    def currency(self) -> str:
        """The scenario's currency as typed (the default while it is invalid)."""
        return self._currency()

    def _currency(self) -> str:
        currency = self._doc.get("organisation.currency") if self._doc else None
        default = next(f.default for f in fields_of(ORGANISATION) if f.key == "currency")
        return currency if isinstance(currency, str) else str(default)

    def refresh(self) -> None:
        """Show the document's values and problems (after an edit, undo or redo)."""
        if self._doc is None:
            return
        self.scenario, self.problems = self._doc.validate(self._catalog)
        by_path: ProblemsByPath = defaultdict(list)
        for problem in self.problems:
            by_path[problem.path].append(problem)
        currency = self._currency()
        for form in self.forms:
            if form is not self.seal_floors:
                form.refresh(self._doc.data, self._doc.get, self.problems, currency)
        reasons = [p.reason for p in by_path.get(WEIGHTS.path(), [])]
        title = f"{WEIGHTS.title}: {'; '.join(reasons)}" if reasons else WEIGHTS.title
        if self.weights_box.title() != title:  # set only what changed (see field_editors.py)
            self.weights_box.setTitle(title)
            self.weights_box.setStyleSheet(INVALID_TITLE_STYLE if reasons else "")
        for view, model in ((self.workloads_view, self.workloads), (self.sites_view, self.sites)):
            self._keeping_place(view, model, by_path, currency)
        self._show_seal_floors()
        self._by_path = by_path
        self.request_classes.show_workload(self._selected_row(), by_path, currency)
        self._show_summary()
        if (self.scenario is not None) != self._valid:
            # only on a change: each emit from Python costs a reference to True (PySide6 6.12)
            self._valid = self.scenario is not None
            self.validated.emit(self.scenario, self.problems)

    def _keeping_place(self, view: QTableView, model: DocumentTableModel,
                       problems: ProblemsByPath, currency: str) -> None:  # fmt: skip
        """Refresh a table, keeping its selected row and current cell (for the keyboard)."""
        current, selected = view.currentIndex(), self._selected_row(view)
        model.refresh(problems, currency)
        if selected is not None and selected < model.rowCount():
            view.selectRow(selected)
        if current.isValid() and current.row() < model.rowCount():
            view.selectionModel().setCurrentIndex(
                model.index(current.row(), current.column()),
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )

    def _show_summary(self) -> None:
        data = self._doc.data if self._doc else {}
        text, tooltip = VALID_TEXT, ""
        if self.problems:
            text = (
                f"<span style='color:#c62828'><b>{len(self.problems)} problem(s)</b> — Solve is "
                f"disabled. First: {problem_text(self.problems[0], data)}</span>"
            )
            tooltip = "\n".join(problem_text(p, data) for p in self.problems)
        if self.summary.text() != text:
            self.summary.setText(text)
            self.summary.setToolTip(tooltip)

    def _show_seal_floors(self) -> None:
        """The selected workload's SEAL floors; an empty one says which the data class sets."""
        row = self._selected_row()
        self.seal_floors.set_index(row)
        data = self._doc.data if self._doc else {}
        whose = "select a workload" if row is None else label_of(WORKLOADS.path(row), data)
        title = (
            f"{SEAL_FLOORS.title} of {whose}"
            if row is not None
            else f"{SEAL_FLOORS.title}: {whose}"
        )
        if self.seal_floors.title() != title:
            self.seal_floors.setTitle(title)
        if self._doc is None or row is None:
            return
        data_class = self._doc.get(WORKLOADS.path(row) / "data_class", DataClass.INTERNAL.value)
        known = data_class in {d.value for d in DataClass}
        floors = DATA_CLASS_SEAL_FLOORS[DataClass(data_class)] if known else {}
        for field, editor in self.seal_floors.editors.items():
            if isinstance(editor, ChoiceEditor):
                editor.set_none_text(f"default ({floors.get(field.key, NO_FLOOR)})")
        self.seal_floors.refresh(data, self._doc.get, self.problems, self._currency())

    def _on_workload_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_seal_floors()
        self.request_classes.show_workload(self._selected_row(), self._by_path, self._currency())

    def focus_field(self, text: str) -> None:
        """Bring a field (say, one a conflict names) into view and focus."""
        path = FieldPath.parse(text)
        steps = path.steps
        if steps and steps[0] in (WORKLOADS.key, SITES.key) and len(steps) > 1:
            view = self.workloads_view if steps[0] == WORKLOADS.key else self.sites_view
            model = self.workloads if view is self.workloads_view else self.sites
            row = steps[1] if isinstance(steps[1], int) else 0
            view.selectRow(row)
            field = field_at(path)
            if field is not None and field in model.columns:
                view.setCurrentIndex(model.index(row, model.column_of(field)))
            view.setFocus(Qt.FocusReason.OtherFocusReason)
        for form in self.forms:
            editor = form.editor_at(path)
            if editor is not None:
                if form is self.seal_floors:
                    self.details.setCurrentWidget(self.seal_floors)
                self.forms_area.ensureWidgetVisible(editor)
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # Workload and site list edits ----------------------------------------------------

    def _selected_row(self, view: QTableView | None = None) -> int | None:
        rows = (view or self.workloads_view).selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def add_workload(self) -> None:
        if self._doc is not None:
            index = len(self._doc.get("workloads") or [])
            self._stack.push(
                InsertItem(self._doc, "workloads", index, dict(NEW_WORKLOAD), "Add workload")
            )
            go_to_row(self.workloads_view, index)

    def duplicate_workload(self) -> None:
        row = self._selected_row()
        if self._doc is not None and row is not None:
            copy = dict(self._doc.get(WORKLOADS.path(row)))
            copy["id"] = f"{copy.get('id', 'workload')}-copy"
            self._stack.push(
                InsertItem(self._doc, "workloads", row + 1, copy, f"Duplicate workload {row + 1}")
            )
            go_to_row(self.workloads_view, row + 1)

    def remove_workload(self) -> None:
        row = self._selected_row()
        if self._doc is not None and row is not None:
            self._stack.push(RemoveItem(self._doc, "workloads", row, f"Remove workload {row + 1}"))

    def add_site(self) -> None:
        if self._doc is not None:
            index = len(self._doc.get("sites") or [])
            first = next(iter(self._catalog.sites))
            self._stack.push(InsertItem(self._doc, "sites", index, {"site": first}, "Add site"))
            go_to_row(self.sites_view, index)

    def remove_site(self) -> None:
        row = self._selected_row(self.sites_view)
        if self._doc is not None and row is not None:
            self._stack.push(RemoveItem(self._doc, "sites", row, f"Remove site {row + 1}"))
