"""Menu and toolbar actions built one way, whoever owns the menu."""

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

Shortcut = QKeySequence | QKeySequence.StandardKey | str


def make_action(parent: QObject, text: str, slot: Callable[[], object],
                shortcut: Shortcut | None = None, tip: str = "") -> QAction:  # fmt: skip
    """An action whose status tip and tooltip say what it does (the text when no tip)."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip or text)
    action.triggered.connect(lambda _checked=False: slot())
    return action
