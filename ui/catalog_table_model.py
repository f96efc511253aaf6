"""A table model over one catalog table's rows, with provenance tooltips and validated edits.

The rows are plain dicts from `catalog.listing.list_rows`. An edit goes to
`catalog.edits.edit_row`, which checks it as an import of that one record would be, writes
it and records the catalog revision; this model only turns a refusal into a sentence.
"""

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from catalog.codec import Kind, Value, kind_of
from catalog.edits import edit_row, row_key
from catalog.errors import CatalogError, ImportRejectedError, Problem
from catalog.listing import list_rows
from catalog.pricebooks import list_price_books
from catalog.registry import primary_key_names, table_of
from catalog.transfer import render_value
from catalog.validation import Row
from catalog.workspace import Workspace
from ui.catalog_labels import header_text, is_price, price_decimals

Index = QModelIndex | QPersistentModelIndex

_NUMERIC = (Kind.INTEGER, Kind.NUMBER)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _as_text(value: object) -> str:
    """An edited value as the text a CSV cell would hold."""
    if value is None or isinstance(value, str | int | float | bool):
        return render_value(value)
    return str(value)


def describe_problem(problem: Problem, key: str) -> str:
    where = f"row {problem.row}" + (f" ({key})" if key else "")
    if problem.column:
        where += f", column {problem.column}"
    return f"{where}: {problem.reason}"


class CatalogTableModel(QAbstractTableModel):
    """Rows of one catalog table; stored columns are editable except the primary key.

    Tables whose prices a price book overrides also show the read-only effective-price
    columns that `list_rows` adds.
    """

    edit_rejected = Signal(str)
    """An edit was refused: "row N (key), column X: reason"; nothing was written."""
    edit_saved = Signal(str)
    """An edit was validated and written (and a catalog revision recorded)."""

    def __init__(
        self, workspace: Workspace, table_name: str = "accelerators", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._table_name = table_name
        self._columns: tuple[str, ...] = ()
        self._stored: tuple[str, ...] = ()
        self._kinds: dict[str, Kind] = {}
        self._keys: tuple[str, ...] = ()
        self._rows: list[Row] = []
        self._sources: dict[str, tuple[str, str]] = {}
        self._books: dict[str, str] = {}
        self._decimals: dict[str, int] = {}
        """Per price column, the decimals every row shows (ui/catalog_labels.py)."""
        self.refresh()

    # -- verbs -------------------------------------------------------------------------

    @property
    def table_name(self) -> str:
        return self._table_name

    @property
    def columns(self) -> tuple[str, ...]:
        return self._columns

    def set_table(self, table_name: str) -> None:
        table_of(table_name)  # KeyError naming the valid tables
        self._table_name = table_name
        self.refresh()

    def refresh(self) -> None:
        """Re-read the table's rows, and the sources their tooltips cite."""
        table = table_of(self._table_name)
        with self._workspace.sessions() as session:
            rows = list_rows(session, self._table_name, {})
            sources = list_rows(session, "sources", {})
            books = list_price_books(session) if self._table_name == "price_book_entries" else []
        stored = tuple(c.name for c in table.columns)
        extra = tuple(dict.fromkeys(k for r in rows for k in r if k not in stored))
        self.beginResetModel()
        self._stored = stored
        self._columns = stored + extra
        self._kinds = {c.name: kind_of(c) for c in table.columns}
        self._keys = primary_key_names(table)
        self._rows = rows
        self._decimals = {
            name: price_decimals(r.get(name) for r in rows)
            for name in self._columns
            if is_price(name)
        }
        self._sources = {str(s["id"]): (str(s["title"]), str(s["citation"])) for s in sources}
        self._books = {
            b.id: f"Price book {b.name}" + (f" ({b.reference})" if b.reference else "")
            + f", as of {b.as_of.isoformat()}"
            for b in books
        }  # fmt: skip
        self.endResetModel()

    def value(self, row: int, column: int) -> Value:
        return self._rows[row].get(self._columns[column])

    def text(self, row: int, column: int) -> str:
        """A cell as shown: prices with their column's decimals, the rest as the CSV has it."""
        value, name = self.value(row, column), self._columns[column]
        if name in self._decimals and isinstance(value, int | float):
            return f"{value:,.{self._decimals[name]}f}"
        return render_value(value)

    def row_key(self, row: int) -> str:
        return row_key(self._table_name, self._rows[row])

    def is_editable_column(self, column: int) -> bool:
        name = self._columns[column]
        return name in self._stored and name not in self._keys

    def is_numeric_column(self, column: int) -> bool:
        name = self._columns[column]
        if name in self._kinds:
            return self._kinds[name] in _NUMERIC
        sample = next((r[name] for r in self._rows if r.get(name) is not None), None)
        return isinstance(sample, int | float) and not isinstance(sample, bool)

    def provenance(self, row: int) -> str:
        """Where a row's figures come from: the source's title and citation, and as-of date."""
        record = self._rows[row]
        lines: list[str] = []
        if self._table_name == "sources":
            lines += [f"Source: {record['title']}", str(record["citation"])]
        elif record.get("source_id") is not None:
            source_id = str(record["source_id"])
            title, citation = self._sources.get(source_id, (f"{source_id} (unknown source)", ""))
            lines += [f"Source: {title}", *([citation] if citation else [])]
        if self._table_name == "price_book_entries":
            lines.append(self._books.get(str(record["price_book_id"]), ""))
        if record.get("as_of") is not None:
            lines.append(f"As of {render_value(record['as_of'])}")
        if record.get("price_basis") is not None:
            lines.append(f"Price: {record['price_basis']}")
        return "\n".join(line for line in lines if line)

    # -- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.EditRole:  # as typed in a CSV: no separators
            return render_value(self.value(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.is_numeric_column(column) else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            # A text cell may be cut at the column's edge: its whole text comes first.
            whole = "" if self.is_numeric_column(column) else self.text(row, column)
            return "\n\n".join(part for part in (whole, self.provenance(row)) if part) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self._columns):
            return None
        name = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return header_text(name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(name)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.is_numeric_column(section) else _LEFT
        return None

    def _header_tip(self, name: str) -> str:
        if name not in self._stored:
            return f"{name}: derived (list price or a price book's override); read-only"
        # The file's column name first: what a CSV to import must call it.
        info = table_of(self._table_name).c[name].info
        parts = [name, self._kinds[name].value]
        if "unit" in info:
            parts.append(str(info["unit"]))
        if name in self._keys:
            parts.append("key; read-only")
        if "doc" in info:
            parts.append(str(info["doc"]))
        return " — ".join(parts)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable_column(index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.is_editable_column(index.column()):
            return False
        row = index.row()
        name = self._columns[index.column()]
        key = self.row_key(row)
        try:
            edited = edit_row(self._workspace, self._table_name, self._rows[row], name,
                              _as_text(value), row_number=row + 1)  # fmt: skip
        except ImportRejectedError as exc:
            self.edit_rejected.emit("; ".join(describe_problem(p, key) for p in exc.problems))
            return False
        except CatalogError as exc:
            self.edit_rejected.emit(f"row {row + 1} ({key}), column {name}: {exc}")
            return False
        self._rows[row] = edited.row
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))
        if edited.changed:
            self.edit_saved.emit(
                f"{self._table_name} {key}: {name} = {render_value(edited.row[name])}"
            )
        return True
