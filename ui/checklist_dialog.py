"""Pick several values from a list (providers, models, vendors, jurisdictions) by ticking them.

Typing in the filter narrows the list; Space ticks the current item; Enter accepts.
Values already chosen that are not in the list stay chosen, so nothing typed is lost.
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.scenario.schema import Choice

VALUE_ROLE = int(Qt.ItemDataRole.UserRole)


class ChecklistDialog(QDialog):
    def __init__(self, title: str, choices: Sequence[Choice], chosen: Sequence[str],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("checklist-dialog")
        known = {c.value for c in choices}
        self._unlisted = [v for v in chosen if v not in known]
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.items = QListWidget()
        for choice in choices:
            item = QListWidgetItem(choice.display)
            item.setData(VALUE_ROLE, choice.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = choice.value in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.items.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tick the {title.lower()}:"))
        layout.addWidget(self.filter)
        layout.addWidget(self.items)
        layout.addWidget(buttons)
        self.filter.setFocus()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.items.count()):
            item = self.items.item(row)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def set_checked(self, values: Sequence[str]) -> None:
        for row in range(self.items.count()):
            item = self.items.item(row)
            on = item.data(VALUE_ROLE) in values
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        """The ticked values in list order, after any chosen values the list does not hold."""
        ticked = [
            self.items.item(row).data(VALUE_ROLE)
            for row in range(self.items.count())
            if self.items.item(row).checkState() == Qt.CheckState.Checked
        ]
        return [*self._unlisted, *ticked]
