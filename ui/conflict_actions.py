"""Under the list of conflicts: go to the requirement the selected conflict names, or set it
to the value its diagnosis computed ("Use the suggested value: Annual budget EUR 39,840").

Setting the value is an ordinary edit of the requirements (undo takes it back); the user
solves again to see whether other conflicts remain.
"""

from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton, QWidget

from planner.money import money_text
from planner.optimise.suggestion import Suggestion, suggestion_for
from planner.results.plan_document import PlanDocument
from planner.scenario.document import ScenarioDocument
from planner.scenario.labels import label_of
from planner.scenario.model import Scenario
from planner.scenario.problems import FieldPath
from ui.number_text import format_number

EDIT_TEXT = "Edit {label}"
USE_TEXT = "Use the suggested value: {label} {value}"
NOTHING_SELECTED = "Select a conflict to edit the requirement it names"


class ConflictHost(Protocol):
    """The window: the plan whose conflicts are listed, what was solved, what is edited."""

    doc: ScenarioDocument | None

    @property
    def last_plan(self) -> PlanDocument | None:
        """The last solved plan (its conflicts are the ones listed)."""

    @property
    def solved_scenario(self) -> Scenario | None:
        """The requirements it was solved for."""

    def show_field(self, path: str) -> None:
        """Bring the requirement at `path` into view, focused."""

    def use_suggestion(self, path: str, value: float) -> None:
        """Set the requirement at `path` to `value` (an undoable edit)."""


class ConflictActions(QWidget):
    """Two buttons for the conflict selected in `conflicts` (the results view's list)."""

    def __init__(self, conflicts: QListWidget, host: ConflictHost) -> None:
        super().__init__()
        self.setObjectName("conflict-actions")
        self._conflicts, self._host = conflicts, host
        self._path: str | None = None
        self._suggestion: Suggestion | None = None
        self.edit_button = QPushButton(NOTHING_SELECTED)
        self.edit_button.setObjectName("conflict-edit")
        self.edit_button.clicked.connect(self._on_edit)
        self.use_button = QPushButton()
        self.use_button.setObjectName("conflict-use-suggestion")
        self.use_button.clicked.connect(self._on_use)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit_button)
        layout.addWidget(self.use_button)
        layout.addStretch()
        conflicts.currentRowChanged.connect(self._on_row)
        conflicts.model().rowsInserted.connect(self._select_first)
        self._on_row(-1)

    def _select_first(self) -> None:
        """A new list of conflicts: until the user picks one, the buttons act on the first
        (selecting it would hide its text under the list's item style)."""
        self._on_row(max(self._conflicts.currentRow(), 0))

    def _on_row(self, row: int) -> None:
        plan, scenario = self._host.last_plan, self._host.solved_scenario
        conflicts = plan.conflicts if plan is not None else ()
        conflict = conflicts[row] if 0 <= row < len(conflicts) else None
        self._path = conflict.fields[0] if conflict and conflict.fields else None
        self._suggestion = (
            suggestion_for(conflict, scenario) if conflict and scenario is not None else None
        )
        data = self._host.doc.data if self._host.doc is not None else {}
        label = label_of(FieldPath.parse(self._path), data) if self._path else ""
        self.edit_button.setText(EDIT_TEXT.format(label=label) if label else NOTHING_SELECTED)
        self.edit_button.setEnabled(bool(label))
        self.use_button.setVisible(self._suggestion is not None)
        if self._suggestion is not None and scenario is not None:
            value = self._suggestion.value
            shown = (
                money_text(value, scenario.assumptions.currency)
                if self._suggestion.is_money
                else f"{format_number(value)} kW"
            )
            self.use_button.setText(USE_TEXT.format(label=label, value=shown))

    def _on_edit(self) -> None:
        if self._path is not None:
            self._host.show_field(self._path)

    def _on_use(self) -> None:
        if self._suggestion is not None:
            self._host.use_suggestion(self._suggestion.path, self._suggestion.value)
