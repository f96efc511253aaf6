"""Keyboard conventions every view keeps, applied once to a whole window.

Tab moves the focus to the next control, also out of a table: a table that used Tab to walk
its cells (Qt's default for QTableView) trapped a keyboard user in the workloads. Inside a
table the arrow keys move between cells.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def tab_leaves_tables(root: QWidget) -> None:
    """Let Tab leave every table and list inside `root` (call it after building the views)."""
    for view in root.findChildren(QAbstractItemView):
        if view.tabKeyNavigation():
            view.setTabKeyNavigation(False)


def go_to_row(view: QTableView, row: int) -> None:
    """A new row: selected, scrolled into view, its first cell current and focused, so
    typing edits it."""
    index = view.model().index(row, 0)
    view.selectRow(row)
    view.setCurrentIndex(index)
    view.scrollTo(index)
    view.setFocus(Qt.FocusReason.OtherFocusReason)
