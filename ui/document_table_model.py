"""A table model over one list of the scenario document (workloads, sites), edited in place.

Its columns are the section's fields from the field table. Edits go through a callback that
pushes an undo command; cells with a problem are tinted and carry it, in the label form, as
their tooltip; cells a row's kind does not use are greyed.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QStyle

from planner.scenario.document import ScenarioDocument
from planner.scenario.problems import FieldPath, Problem
from planner.scenario.schema import Field, Section, ValueType
from ui.field_form import field_tooltip
from ui.number_text import is_percent
from ui.problem_text import problem_text
from ui.value_text import parse_cell, value_to_text

INVALID_BRUSH = QBrush(QColor(255, 205, 205))
UNUSED_BRUSH = QBrush(QColor(236, 236, 236))
"""A cell the row's kind does not use (tokens per run of a chat workload)."""
UNUSED_TEXT = QBrush(QColor(120, 120, 120))
FIELD_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""The cell's declared field, for the delegate that picks its editor."""
Index = QModelIndex | QPersistentModelIndex
Apply = Callable[[FieldPath, Any, Field], None]


class DocumentTableModel(QAbstractTableModel):
    def __init__(self, section: Section, columns: Sequence[Field], apply: Apply) -> None:
        super().__init__()
        self._section, self._columns, self._apply = section, tuple(columns), apply
        self._doc: ScenarioDocument | None = None
        self._problems: Mapping[FieldPath, list[Problem]] = {}
        self._currency = ""

    @property
    def columns(self) -> tuple[Field, ...]:
        return self._columns

    def set_document(self, doc: ScenarioDocument | None) -> None:
        self.beginResetModel()
        self._doc = doc
        self.endResetModel()

    def refresh(self, problems: Mapping[FieldPath, list[Problem]], currency: str) -> None:
        """The document changed (an edit, undo or redo): show its rows and their problems.

        A reset rather than `dataChanged.emit`: PySide6 6.12 drops a reference to `True` on
        every emit made from Python, and this runs on every keystroke. The view restores its
        selection (`RequirementsView.refresh`)."""
        self.beginResetModel()
        self._problems, self._currency = problems, currency
        self.endResetModel()

    def _rows(self) -> list[dict[str, Any]]:
        rows = self._doc.get(self._section.path()) if self._doc else None
        return rows if isinstance(rows, list) else []

    def cell_path(self, row: int, column: int) -> FieldPath:
        return self._columns[column].path(row)

    def column_of(self, field: Field) -> int:
        return self._columns.index(field)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            field = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{field.header} (%)" if is_percent(field) else field.header
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{field.label}: {field_tooltip(field, self._currency)}"
        if orientation is Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def _reasons(self, index: Index) -> list[str]:
        path = self.cell_path(index.row(), index.column())
        data = self._doc.data if self._doc else {}
        return [problem_text(p, data) for p in self._problems.get(path, [])]

    def _unused(self, row: dict[str, Any], field: Field) -> bool:
        return bool(field.kinds) and row.get("kind") not in field.kinds

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows()):
            return None
        field = self._columns[index.column()]
        row = self._rows()[index.row()]
        value = row.get(field.key)
        if role == FIELD_ROLE:
            return field
        if field.value_type is ValueType.FLAG:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role not in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
                return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value_to_text(value, field)
        if role == Qt.ItemDataRole.TextAlignmentRole and field.value_type in (
            ValueType.NUMBER, ValueType.WHOLE
        ):  # fmt: skip
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and self._reasons(index):
            # the tint hides under a selected row's highlight; the icon does not
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self._reasons(index):
                return INVALID_BRUSH
            return UNUSED_BRUSH if self._unused(row, field) else None
        if role == Qt.ItemDataRole.ForegroundRole and self._unused(row, field):
            return UNUSED_TEXT
        if role == Qt.ItemDataRole.ToolTipRole:
            reasons = self._reasons(index)
            if reasons:
                return "\n".join(reasons)
            if self._unused(row, field):
                return f"{field.label}: not used by {row.get('kind')} workloads"
            return f"{field.label}: {field_tooltip(field, self._currency)}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._columns[index.column()].value_type is ValueType.FLAG:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        field = self._columns[index.column()]
        if field.value_type is ValueType.FLAG and role == Qt.ItemDataRole.CheckStateRole:
            parsed: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and field.value_type is not ValueType.FLAG:
            parsed = parse_cell(str(value), field)
        else:
            return False
        self._apply(self.cell_path(index.row(), index.column()), parsed, field)
        return True


class NestedTableModel(DocumentTableModel):
    """The entries of a list inside one entry of another list: the request classes of the
    workload selected in the workloads table (`section.within`)."""

    def __init__(self, section: Section, columns: Sequence[Field], apply: Apply) -> None:
        assert section.within is not None
        super().__init__(section, columns, apply)
        self._owner: int | None = None

    def set_owner(self, owner: int | None) -> None:
        """Show the list of this entry of the outer list (None: of none)."""
        if owner != self._owner:
            self.beginResetModel()
            self._owner = owner
            self.endResetModel()

    def list_path(self) -> FieldPath | None:
        within = self._section.within
        if self._owner is None or within is None:
            return None
        return within.path(self._owner) / self._section.key

    def _rows(self) -> list[dict[str, Any]]:
        path = self.list_path()
        rows = self._doc.get(path) if self._doc and path is not None else None
        return rows if isinstance(rows, list) else []

    def cell_path(self, row: int, column: int) -> FieldPath:
        path = self.list_path()
        assert path is not None
        return path / row / self._columns[column].key
