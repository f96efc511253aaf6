"""A table model over one list of the scenario document (workloads, sites), edited in place.

Edits go through a callback that pushes an undo command; cells with a validation problem
are tinted and carry the reason as their tooltip.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from planner.scenario.document import ScenarioDocument
from ui.value_text import parse_cell, value_to_text

INVALID_BRUSH = QBrush(QColor(255, 205, 205))
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    kind: str
    """'text', 'number', 'bool' or 'choice' — how a typed cell becomes a value."""
    tooltip: str = ""
    choices: tuple[str, ...] = ()


class DocumentTableModel(QAbstractTableModel):
    def __init__(self, list_path: str, columns: Sequence[Column],
                 apply: Callable[[str, Any, str], None]) -> None:  # fmt: skip
        super().__init__()
        self._path, self._columns, self._apply = list_path, tuple(columns), apply
        self._doc: ScenarioDocument | None = None
        self._problems: dict[str, list[str]] = {}

    def set_document(self, doc: ScenarioDocument | None) -> None:
        self.beginResetModel()
        self._doc = doc
        self.endResetModel()

    def refresh(self, problems: dict[str, list[str]]) -> None:
        """The document changed (an edit, undo or redo): show its rows and their problems."""
        self.beginResetModel()
        self._problems = problems
        self.endResetModel()

    def _rows(self) -> list[dict[str, Any]]:
        rows = self._doc.get(self._path) if self._doc else None
        return rows if isinstance(rows, list) else []

    def cell_path(self, row: int, column: int) -> str:
        return f"{self._path}[{row}].{self._columns[column].key}"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._columns[section].tooltip or None
        if orientation is Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def _reasons(self, index: Index) -> list[str]:
        path = self.cell_path(index.row(), index.column())
        found = list(self._problems.get(path, []))
        if self._columns[index.column()].key == "tokens_per_day":
            found += self._problems.get(f"{self._path}[{index.row()}].requests_per_second_peak", [])
        return found

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows()):
            return None
        column = self._columns[index.column()]
        value = self._rows()[index.row()].get(column.key)
        if column.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value_to_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._reasons(index):
            return INVALID_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            reasons = self._reasons(index)
            return "; ".join(reasons) if reasons else column.tooltip or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._columns[index.column()].kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self._columns[index.column()]
        if column.kind == "bool" and role == Qt.ItemDataRole.CheckStateRole:
            parsed: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole:
            parsed = parse_cell(str(value), column.kind)
        else:
            return False
        self._apply(self.cell_path(index.row(), index.column()), parsed,
                    f"{column.header} of row {index.row() + 1}")  # fmt: skip
        return True
