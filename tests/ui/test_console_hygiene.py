"""Editing a requirements table leaves the console clean: no Qt warning on stderr or in Qt's
log (pytest-qt takes Qt's messages into `qtlog`; without it they go to stderr)."""

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from catalog.domain import Catalog
from planner.scenario.document import ScenarioDocument
from planner.scenario.examples import example_path
from ui.requirements_view import RequirementsView

pytestmark = pytest.mark.gui

EDITED_COLUMNS = 3
"""Cells edited one after another in the first workload row: each commit resets the model,
and the warning came when the focus left the editor the reset had released."""


def test_editing_workload_cells_with_enter_prints_no_qt_warning(
    qtbot: QtBot,
    qtlog: Any,  # pytest-qt exports no public type for it
    capfd: pytest.CaptureFixture[str],
    shipped_catalog: Catalog,
) -> None:
    stack = QUndoStack()
    view = RequirementsView(shipped_catalog, stack)
    stack.setParent(view)  # deleted with the view, so it never signals a deleted one
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitActive(view)
    view.set_document(ScenarioDocument.load(example_path("eu-bank")))
    table, model = view.workloads_view, view.workloads
    numbers = [
        model.column_of(f) for f in model.columns if f.key in ("peak_factor", "tpot_ms", "ttft_ms")
    ]
    assert len(numbers) == EDITED_COLUMNS
    for column in numbers:
        table.setFocus()
        index = model.index(0, column)
        table.setCurrentIndex(index)
        table.edit(index)
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        editor.selectAll()
        qtbot.keyClicks(editor, "7")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        QApplication.processEvents()  # the commit Enter queued: it resets the model
        table.setFocus()  # the focus leaves the released editor
        QApplication.processEvents()
    assert [model.index(0, c).data(Qt.ItemDataRole.DisplayRole) for c in numbers] == ["7"] * 3
    warnings = [r.message for r in qtlog.records if "commitData" in r.message]
    assert warnings == []
    out, err = capfd.readouterr()
    assert "commitData" not in err + out
