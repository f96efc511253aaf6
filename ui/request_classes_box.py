"""The request classes of the selected workload: a small table with add and remove.

Its columns come from the field table (REQUEST_CLASSES), like every editor. Adding the first
class turns the workload's own request lengths into a class holding every request, a further
one takes half the last one's share and a removed one gives its share to a neighbour, so
the scenario stays valid; removing the last class turns it back into the workload's own
lengths. Each action is one undo step.
"""

from collections.abc import Callable, Mapping

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QTableView, QVBoxLayout

from planner.scenario.document import ScenarioDocument
from planner.scenario.field_table import REQUEST_CLASSES, WORKLOADS, fields_of
from planner.scenario.labels import label_of
from planner.scenario.problems import FieldPath, Problem
from ui.document_table_model import Apply, NestedTableModel
from ui.keyboard import go_to_row
from ui.undo import InsertItem, RemoveItem, SetField

TABLE_HEIGHT_PX = 110
"""Room for the header and three classes; more scroll (a histogram file holds the rest)."""
LENGTHS = ("input_tokens", "output_tokens")
"""The workload's own request lengths, which request classes replace."""
DEFAULT_LENGTHS = {f.key: f.default for f in fields_of(WORKLOADS) if f.key in LENGTHS}


class RequestClassesBox(QGroupBox):
    def __init__(self, stack: QUndoStack, apply: Apply,
                 make_view: Callable[[NestedTableModel, str], QTableView]) -> None:  # fmt: skip
        super().__init__(REQUEST_CLASSES.title)
        self._stack = stack
        self._doc: ScenarioDocument | None = None
        self._row: int | None = None
        self.model = NestedTableModel(REQUEST_CLASSES, fields_of(REQUEST_CLASSES), apply)
        self.view = make_view(self.model, "request-classes-table")
        self.view.setMaximumHeight(TABLE_HEIGHT_PX)
        self.add_button = QPushButton("Add class")
        self.remove_button = QPushButton("Remove class")
        self.add_button.clicked.connect(self.add_class)
        self.remove_button.clicked.connect(self.remove_class)
        buttons = QVBoxLayout()  # beside the table: the height goes to the workloads
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.addWidget(self.view, stretch=1)
        layout.addLayout(buttons)
        self.setEnabled(False)

    def set_document(self, doc: ScenarioDocument | None) -> None:
        self._doc = doc
        self.model.set_document(doc)

    def show_workload(
        self, row: int | None, problems: Mapping[FieldPath, list[Problem]], currency: str
    ) -> None:
        """The selected workload's classes, with their problems marked."""
        self._row = row
        self.model.set_owner(row)
        self.model.refresh(problems, currency)
        data = self._doc.data if self._doc else {}
        whose = label_of(WORKLOADS.path(row), data) if row is not None else "select a workload"
        title = f"{REQUEST_CLASSES.title} of {whose} (empty: every request the same size)"
        if self.title() != title:
            self.setTitle(title)
        self.setEnabled(row is not None)

    def _workload(self) -> FieldPath | None:
        return None if self._row is None else WORKLOADS.path(self._row)

    def add_class(self) -> None:
        at = self._workload()
        if self._doc is None or at is None:
            return
        classes = self._doc.get(at / REQUEST_CLASSES.key)
        self._stack.beginMacro(f"Add a request class to {label_of(at, self._doc.data)}")
        if not classes:  # the workload's own lengths become its first class
            first = {k: self._doc.get(at / k, DEFAULT_LENGTHS[k]) for k in LENGTHS}
            item = {**first, "share": 1.0}
            self._stack.push(SetField(self._doc, at / REQUEST_CLASSES.key, [item], "classes"))
            for key in LENGTHS:
                self._stack.push(SetField(self._doc, at / key, None, key))
        else:  # a longer class taking half the last one's share: the shares still add up
            path = at / REQUEST_CLASSES.key
            last = dict(classes[-1])
            half = float(last.get("share", 1.0)) / 2
            new = {**last, "input_tokens": int(last.get("input_tokens", 1)) * 2, "share": half}
            self._stack.push(SetField(self._doc, path / (len(classes) - 1) / "share", half,
                                      "share"))  # fmt: skip
            self._stack.push(InsertItem(self._doc, path, len(classes), new, "Add a class"))
        self._stack.endMacro()
        go_to_row(self.view, self.model.rowCount() - 1)

    def remove_class(self) -> None:
        at = self._workload()
        rows = self.view.selectionModel().selectedRows()
        if self._doc is None or at is None or not rows:
            return
        classes = self._doc.get(at / REQUEST_CLASSES.key) or []
        index = rows[0].row()
        self._stack.beginMacro(f"Remove request class {index + 1}")
        if len(classes) == 1:  # the last: back to one request size
            for key in LENGTHS:
                self._stack.push(SetField(self._doc, at / key, classes[0].get(key), key))
            self._stack.push(SetField(self._doc, at / REQUEST_CLASSES.key, None, "classes"))
        else:  # its share goes to a neighbour: the shares still add up
            path = at / REQUEST_CLASSES.key
            neighbour = index - 1 if index > 0 else 1
            share = float(classes[neighbour].get("share", 0)) + float(
                classes[index].get("share", 0)
            )
            self._stack.push(SetField(self._doc, path / neighbour / "share", share, "share"))
            self._stack.push(RemoveItem(self._doc, path, index, "Remove"))
        self._stack.endMacro()
