"""Browse, search, edit, import and export the catalog's tables, and manage price books.

Every read and write goes through catalog/ (listing, edits, transfer, pricebooks); this module
only arranges widgets. File dialogs sit in small `_ask_*` methods, so tests call the
verbs (`import_from`, `export_to`, `import_book`, `remove_book`) with paths directly.
"""

import html
from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from catalog.edits import import_table
from catalog.errors import CatalogError, ImportRejectedError
from catalog.registry import IMPORTABLE
from catalog.transfer import ImportResult, export_table
from catalog.workspace import Workspace
from ui.catalog_dialogs import ERROR_STYLE, FILE_FILTERS, ImportProblemsDialog, PriceBooksDialog
from ui.catalog_labels import column_label, table_label
from ui.catalog_table_model import CatalogTableModel

ALL_COLUMNS = "All columns"
MAX_COLUMN_WIDTH_PX = 260
MAX_HEADER_WIDTH_PX = 180
DETAIL_LINES = 5
"""Room under the table for a row's key, source title, citation, as-of and price basis."""


FIRST_TABLE = "cloud_offers"
"""The table shown first: what can be rented, at what price, from whom."""


class CatalogSortFilterProxy(QSortFilterProxyModel):
    """Case-insensitive search over all columns or one; numbers and dates sort by value."""

    def __init__(self, model: CatalogTableModel) -> None:
        super().__init__(model)
        self._model = model
        self.setSourceModel(model)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def lessThan(
        self,
        source_left: QModelIndex | QPersistentModelIndex,
        source_right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        left = self._model.value(source_left.row(), source_left.column())
        right = self._model.value(source_right.row(), source_right.column())
        if left is None or right is None:
            return left is None and right is not None  # empty cells first
        if type(left) is not type(right):
            return str(left) < str(right)
        return left < right  # type: ignore[operator]


class CatalogView(QWidget):
    """One catalog table at a time: search, per-row provenance, cell edits, import, export."""

    catalog_changed = Signal()
    """Emitted after any successful write: an edit, an import or a price-book change."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.problems_dialog: ImportProblemsDialog | None = None
        self.price_books_dialog: PriceBooksDialog | None = None

        self.model = CatalogTableModel(workspace, FIRST_TABLE, self)
        self.proxy = CatalogSortFilterProxy(self.model)

        self.table_combo = QComboBox()
        for name in IMPORTABLE:
            self.table_combo.addItem(table_label(name), name)
        self.table_combo.setCurrentIndex(self.table_combo.findData(FIRST_TABLE))
        self.table_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search (case-insensitive)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.column_combo = QComboBox()
        self.column_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.import_button = QPushButton("Import…")
        self.export_button = QPushButton("Export…")
        self.price_books_button = QPushButton("Price books…")
        self.import_button.setToolTip("Import a CSV or JSON file into the shown table")
        self.export_button.setToolTip("Export the shown table as CSV or JSON")
        self.price_books_button.setToolTip("Negotiated prices and discounts over list prices")

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the key order
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        # An id keeps its start (provider, model) and ends in "…"; the tooltip has it whole.
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.horizontalHeader().setStretchLastSection(True)

        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * DETAIL_LINES + 4)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Table"))
        bar.addWidget(self.table_combo)
        bar.addSpacing(12)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(QLabel("in"))
        bar.addWidget(self.column_combo)
        bar.addSpacing(12)
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.price_books_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.count_label)
        layout.addLayout(footer)

        self.table_combo.currentIndexChanged.connect(
            lambda index: self.show_table(str(self.table_combo.itemData(index)))
        )
        self.search_edit.textChanged.connect(self._apply_filter)
        self.column_combo.currentIndexChanged.connect(self._apply_filter)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export)
        self.price_books_button.clicked.connect(self.open_price_books)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.edit_rejected.connect(self._on_edit_rejected)
        self.model.edit_saved.connect(self._on_edit_saved)
        self.model.modelReset.connect(self._on_reset)
        self.proxy.rowsInserted.connect(self._show_count)
        self.proxy.rowsRemoved.connect(self._show_count)
        self.proxy.layoutChanged.connect(self._show_count)
        self._on_reset()

    # -- verbs -------------------------------------------------------------------------

    @property
    def table_name(self) -> str:
        return self.model.table_name

    def show_table(self, table_name: str) -> None:
        """Show a table by its file name (`cloud_offers`); the list shows its label."""
        if table_name != self.table_combo.currentData():
            self.table_combo.setCurrentIndex(self.table_combo.findData(table_name))
            return  # re-entered through the signal
        self.model.set_table(table_name)

    def refresh(self) -> None:
        """Re-read the shown table from the workspace (after a change made elsewhere)."""
        self.model.refresh()

    def visible_row_count(self) -> int:
        return self.proxy.rowCount()

    def import_from(self, path: Path) -> ImportResult | None:
        """Import a CSV/JSON file into the shown table; on any problem nothing is written."""
        try:
            result = import_table(self._workspace, path, self.table_name)
        except ImportRejectedError as exc:
            self._show_status(
                f"{path.name}: {len(exc.problems)} problem(s), nothing imported.", error=True
            )
            self.problems_dialog = ImportProblemsDialog(exc.problems, self)
            self.problems_dialog.open()
            return None
        except CatalogError as exc:
            self._show_status(f"Nothing imported: {exc}", error=True)
            return None
        self.model.refresh()
        self._show_status(f"Imported {path.name}: {result}.")
        if result.added or result.changed:
            self.catalog_changed.emit()
        return result

    def export_to(self, path: Path) -> int | None:
        """Write the shown table (stored columns, by key) to a CSV or JSON file."""
        try:
            with self._workspace.sessions() as session:
                count = export_table(session, self.table_name, path)
        except CatalogError as exc:  # a wrong extension; a file-system error (FileWriteError)
            self._show_status(f"Nothing exported: {exc}", error=True)
            return None
        self._show_status(f"Exported {count} rows of {table_label(self.table_name)} to {path}.")
        return count

    def open_price_books(self) -> PriceBooksDialog:
        if self.price_books_dialog is None:
            self.price_books_dialog = PriceBooksDialog(self._workspace, self)
            self.price_books_dialog.changed.connect(self._on_price_books_changed)
        self.price_books_dialog.refresh()
        self.price_books_dialog.open()
        return self.price_books_dialog

    # -- file dialogs (bypassed by tests) ----------------------------------------------

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, f"Import into {self.table_name}", "", FILE_FILTERS
        )
        if path:
            self.import_from(Path(path))

    def _ask_export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            f"Export {self.table_name}",
            f"{self.table_name}.csv",
            "CSV (*.csv);;JSON (*.json)",
        )
        if path:
            target = Path(path)
            if target.suffix.lower() not in (".csv", ".json"):
                target = target.with_suffix(".json" if "json" in chosen.lower() else ".csv")
            self.export_to(target)

    # -- reactions ---------------------------------------------------------------------

    def _on_reset(self) -> None:
        current = self.column_combo.currentData()
        self.column_combo.blockSignals(True)
        self.column_combo.clear()
        self.column_combo.addItem(ALL_COLUMNS, None)
        for name in self.model.columns:
            self.column_combo.addItem(column_label(name), name)
        self.column_combo.setCurrentIndex(max(self.column_combo.findData(current), 0))
        self.column_combo.blockSignals(False)
        self._apply_filter()
        self._fit_columns()
        self.detail.setText("Select a row to see where its figures come from.")
        self._show_count()

    def _apply_filter(self) -> None:
        self.proxy.setFilterKeyColumn(self.column_combo.currentIndex() - 1)
        self.proxy.setFilterFixedString(self.search_edit.text())
        self._show_count()

    def _fit_columns(self) -> None:
        """Fit columns to their cells; long headers and long text give way to more columns."""
        header = self.view.horizontalHeader()
        for section in range(header.count()):
            content = self.view.sizeHintForColumn(section)
            title = min(header.sectionSizeHint(section), MAX_HEADER_WIDTH_PX)
            header.resizeSection(section, min(max(content, title), MAX_COLUMN_WIDTH_PX))

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{total} rows" if shown == total else f"{shown} of {total} rows")

    def _show_detail(self, current: QModelIndex) -> None:
        if not current.isValid():
            self.detail.setText("")
            return
        row = self.proxy.mapToSource(current).row()
        lines = self.model.provenance(row).splitlines() or ["No source recorded."]
        key = html.escape(self.model.row_key(row))
        body = "<br>".join(html.escape(line) for line in lines)
        self.detail.setText(f"<b>{key}</b><br>{body}")

    def _on_edit_rejected(self, reason: str) -> None:
        self._show_status(f"Edit refused, nothing written: {reason}", error=True)

    def _on_edit_saved(self, description: str) -> None:
        self._show_status(f"Saved {description}.")
        current = self.view.currentIndex()
        if current.isValid():
            self._show_detail(current)
        self.catalog_changed.emit()

    def _on_price_books_changed(self, message: str) -> None:
        self.model.refresh()
        self._show_status(message)
        self.catalog_changed.emit()

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
