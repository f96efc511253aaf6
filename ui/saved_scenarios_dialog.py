"""The scenarios saved in the workspace: open, compare, rename, duplicate or delete them.

The dialog stores nothing itself. It emits what the user asked for, and the window carries
it out through planner/ and calls `set_rows` with the new list. Each row is a
`SavedSummary` (planner/results/saved.py), the record `sovplan scenario list` prints too.
"""

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.results.saved import SavedSummary
from ui.cells_model import NULL_SORT_KEY, NULL_TEXT, Cell, CellsModel, table_view
from ui.plan_table_models import SORT_ROLE

MIN_COMPARED, MAX_COMPARED = 2, 4
"""How many scenarios one comparison holds."""
OUTDATED_TINT = QColor("#fbe6b8")
"""Rows solved against an older catalog revision."""
NAME_COLUMN, NOTE_COLUMN = 0, 5
HEADERS = ("name", "status", "annual cost", "catalog revision", "saved", "note")
DIALOG_SIZE = (860, 420)

SAVED_FORMAT = "%Y-%m-%d %H:%M"


def resolve_note(row: SavedSummary) -> str:
    """What an outdated row says: solve it again, its figures predate the current catalog."""
    if not row.outdated:
        return ""
    return f"re-solve: solved against catalog revision {row.catalog_revision}"


def scenario_cells(row: SavedSummary) -> list[Cell]:
    name = row.name
    status = row.status_text
    cost, revision = row.annual_cost, row.catalog_revision
    cost_text = NULL_TEXT if cost is None else f"{row.currency or ''} {cost:,.0f}".strip()
    saved = row.updated_at.strftime(SAVED_FORMAT)
    note = resolve_note(row)
    tint = OUTDATED_TINT if note else None
    tip = (
        f"{name}: {status}, {cost_text} a year, solved against catalog "
        f"revision {revision}, saved {saved}."
        + (" The catalog has changed since: solve it again for current figures." if note else "")
    )
    return [
        Cell(name, name, tooltip=tip),
        Cell(status, status, tooltip=tip),
        Cell(cost_text, NULL_SORT_KEY if cost is None else cost, True, tooltip=tip),
        Cell(str(revision), float(revision), True, tint, tip),
        Cell(saved, row.updated_at.isoformat(), tooltip=tip),
        Cell(note, note, tint=tint, tooltip=tip),
    ]


class SavedScenariosDialog(QDialog):
    """Lists the saved scenarios; its buttons emit requests that the window carries out."""

    open_requested = Signal(str)
    compare_requested = Signal(list)
    rename_requested = Signal(str, str)
    """Old name, new name."""
    duplicate_requested = Signal(str, str)
    """Name of the original, name of the copy."""
    delete_requested = Signal(str)

    def __init__(
        self,
        rows: Sequence[SavedSummary],
        parent: QWidget | None = None,
        *,
        confirm: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("saved-scenarios-dialog")
        self.setWindowTitle("Saved scenarios")
        self.resize(*DIALOG_SIZE)
        self._confirm = confirm
        self._names: list[str] = []

        self.model = CellsModel(self)
        self.table = table_view("saved-scenarios-table", self.model, sortable=True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.doubleClicked.connect(lambda _index: self.request_open())
        self.hint_label = QLabel("")
        self.hint_label.setObjectName("saved-scenarios-hint")

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (
            ("open", "Open", self.request_open),
            ("compare", "Compare", self.request_compare),
            ("rename", "Rename…", lambda: self.request_rename()),
            ("duplicate", "Duplicate…", lambda: self.request_duplicate()),
            ("delete", "Delete", self.request_delete),
        ):
            button = QPushButton(text)
            button.setObjectName(f"saved-{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.reject)
        close_button = close_box.button(QDialogButtonBox.StandardButton.Close)
        close_button.setObjectName("saved-close")
        self.buttons["close"] = close_button
        row.addWidget(close_box)
        self.buttons["compare"].setToolTip(
            f"Select {MIN_COMPARED} to {MAX_COMPARED} scenarios (Ctrl+click) to compare them."
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint_label)
        layout.addLayout(row)

        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.set_rows(rows)

    # -- rows and selection ----------------------------------------------------------------

    def set_rows(self, rows: Sequence[SavedSummary]) -> None:
        """Show `rows`, keeping selected whichever selected names are still there."""
        kept = set(self.selected_names())
        self._names = [row.name for row in rows]
        self.model.set_rows(HEADERS, [scenario_cells(row) for row in rows])
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.select_names(sorted(kept & set(self._names)))
        self._update_buttons()

    def names(self) -> list[str]:
        return list(self._names)

    def selected_names(self) -> list[str]:
        """The selected scenarios' names in the order the table shows them."""
        proxy = self.table.model()
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [str(proxy.index(r, NAME_COLUMN).data(SORT_ROLE)) for r in rows]

    def select_names(self, names: Sequence[str]) -> None:
        proxy = self.table.model()
        wanted = set(names)
        selection = QItemSelection()
        for r in range(proxy.rowCount()):
            if proxy.index(r, NAME_COLUMN).data(SORT_ROLE) in wanted:
                last = proxy.columnCount() - 1
                selection.select(proxy.index(r, 0), proxy.index(r, last))
        self.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def _update_buttons(self) -> None:
        count = len(self.selected_names())
        self.buttons["open"].setEnabled(count == 1)
        self.buttons["rename"].setEnabled(count == 1)
        self.buttons["duplicate"].setEnabled(count == 1)
        self.buttons["delete"].setEnabled(count >= 1)
        self.buttons["compare"].setEnabled(MIN_COMPARED <= count <= MAX_COMPARED)
        if not self._names:
            hint = "No saved scenarios yet: save one from the File menu."
        elif count > MAX_COMPARED:
            hint = f"{count} selected: a comparison holds at most {MAX_COMPARED} scenarios."
        else:
            hint = (
                f"{count} selected. Select one to open, rename, duplicate or delete it; "
                f"{MIN_COMPARED}–{MAX_COMPARED} (Ctrl+click) to compare them."
            )
        self.hint_label.setText(hint)

    # -- requests --------------------------------------------------------------------------

    def _single(self) -> str | None:
        names = self.selected_names()
        return names[0] if len(names) == 1 else None

    def request_open(self) -> None:
        name = self._single()
        if name is not None:
            self.open_requested.emit(name)

    def request_compare(self) -> None:
        names = self.selected_names()
        if MIN_COMPARED <= len(names) <= MAX_COMPARED:
            self.compare_requested.emit(names)

    def request_rename(self, new_name: str | None = None) -> None:
        """Rename the selected scenario to `new_name`, asked for in a dialog when None."""
        name = self._single()
        if name is None:
            return
        if new_name is None:
            new_name = self.ask_name("Rename scenario", f"New name for “{name}”:", name)
        if new_name is not None and new_name.strip() and new_name.strip() != name:
            self.rename_requested.emit(name, new_name.strip())

    def request_duplicate(self, new_name: str | None = None) -> None:
        """Copy the selected scenario as `new_name`, asked for in a dialog when None."""
        name = self._single()
        if name is None:
            return
        if new_name is None:
            new_name = self.ask_name(
                "Duplicate scenario", f"Name of the copy of “{name}”:", f"{name} copy"
            )
        if new_name is not None and new_name.strip() and new_name.strip() != name:
            self.duplicate_requested.emit(name, new_name.strip())

    def request_delete(self) -> None:
        names = self.selected_names()
        if not names:
            return
        listed = ", ".join(f"“{n}”" for n in names)
        plural = "s" if len(names) > 1 else ""
        question = f"Delete the saved scenario{plural} {listed}? This cannot be undone."
        if not self.confirm(question):
            return
        for name in names:
            self.delete_requested.emit(name)

    # -- questions (tests bypass these) ----------------------------------------------------

    def ask_name(self, title: str, label: str, default: str) -> str | None:
        """A name typed in a QInputDialog, or None when cancelled."""
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, default)
        return str(text) if ok else None

    def confirm(self, question: str) -> bool:
        if self._confirm is not None:
            return self._confirm(question)
        answer = QMessageBox.question(
            self,
            "Delete saved scenarios",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
