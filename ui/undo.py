"""Undoable edits of the scenario document: one QUndoCommand per user action."""

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from planner.scenario.document import PathLike, ScenarioDocument

_SET_FIELD_ID = 1001


class SetField(QUndoCommand):
    """Set one field; successive keystrokes in the same field merge into one undo step."""

    def __init__(self, doc: ScenarioDocument, path: PathLike, value: Any, label: str) -> None:
        super().__init__(f"Set {label}")
        self._doc, self.path, self._new = doc, path, value
        self._old = doc.get(path)

    def redo(self) -> None:
        self._doc.set(self.path, self._new)

    def undo(self) -> None:
        self._doc.set(self.path, self._old)

    def id(self) -> int:
        return _SET_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetField) or other.path != self.path:
            return False
        self._new = other._new
        return True


class InsertItem(QUndoCommand):
    """Add (or duplicate) an entry of a list such as the workloads."""

    def __init__(self, doc: ScenarioDocument, list_path: PathLike, index: int,
                 item: dict[str, Any], label: str) -> None:  # fmt: skip
        super().__init__(label)
        self._doc, self._path, self._index, self._item = doc, list_path, index, item

    def redo(self) -> None:
        self._doc.insert_item(self._path, self._index, self._item)

    def undo(self) -> None:
        self._doc.remove_item(self._path, self._index)


class RemoveItem(QUndoCommand):
    def __init__(self, doc: ScenarioDocument, list_path: PathLike, index: int, label: str) -> None:
        super().__init__(label)
        self._doc, self._path, self._index = doc, list_path, index
        self._item: dict[str, Any] = dict(doc.get(list_path)[index])

    def redo(self) -> None:
        self._doc.remove_item(self._path, self._index)

    def undo(self) -> None:
        self._doc.insert_item(self._path, self._index, self._item)


def toolbar_undo_actions(stack: QUndoStack, parent: QObject) -> tuple[QAction, QAction]:
    """Undo and Redo for the toolbar with short, fixed labels: the menu's actions name each
    edit ("Undo Set Workload 1 (…), Tokens per day"), which on a toolbar moved every button
    after them with every edit; here the edit's name is in the tooltip."""
    undo, redo = QAction("Undo", parent), QAction("Redo", parent)
    undo.triggered.connect(stack.undo)
    redo.triggered.connect(stack.redo)
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.undoTextChanged.connect(lambda text: undo.setToolTip(f"Undo {text}".strip()))
    stack.redoTextChanged.connect(lambda text: redo.setToolTip(f"Redo {text}".strip()))
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())
    return undo, redo
