"""Why no plan exists: a headline, then each conflicting requirement in plain words with its
amount in the requirement's own unit; double-click (or Enter) opens the requirement.

The words come from planner/ (planner/optimise/diagnosis.py, conflict_words.py), so the CLI,
the exports and this panel say the same; the panel adds the amount on a line of its own and
names the fields a conflict concerns by their labels.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from planner.money import money_text
from planner.optimise.diagnosis import headline as conflicts_headline
from planner.optimise.solving import ConstraintFamily
from planner.results.plan_document import Conflict, PlanDocument, SolveStatus
from planner.scenario.labels import label_of
from planner.scenario.problems import FieldPath

FIELDS_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""Conflict list items keep the conflict's scenario fields under this role."""
HINT = "Double-click a conflict to edit the requirement it names."

NO_PLAN_HEADLINE: dict[SolveStatus, str] = {  # infeasible: the diagnosis's own headline
    SolveStatus.TIMED_OUT: "The time limit passed before any plan was found",
    SolveStatus.CANCELLED: "The solve was cancelled with no plan to keep",
    SolveStatus.ERROR: "The solver failed",
}
MONEY_FAMILIES = frozenset(
    {ConstraintFamily.BUDGET_ANNUAL, ConstraintFamily.BUDGET_CAPEX, ConstraintFamily.PROVIDER_SHARE}
)
"""Conflict families whose amount is money a year in the scenario currency."""
SURVIVAL_FAMILIES = frozenset(
    {
        ConstraintFamily.SURVIVE_PROVIDER_LOSS,
        ConstraintFamily.SURVIVE_SERVER_LOSS,
        ConstraintFamily.SURVIVE_SITE_LOSS,
    }
)
"""Conflict families whose amount is a share of a workload's demand left uncovered."""
SCORE_FAMILIES = frozenset({ConstraintFamily.MIN_INDEPENDENCE, ConstraintFamily.MAX_LOCK_IN})
"""Conflict families whose amount is score points (of 100) between the limit and the closest
plan."""

STYLE_SHEET = """
QLabel#no-plan-headline { font-size: 12pt; font-weight: 600; }
QListWidget#conflict-list::item { padding: 6px; border-bottom: 1px solid palette(midlight); }
"""


def conflict_text(conflict: Conflict, currency: str) -> str:
    """A conflict in plain words: its message, then its amount in the family's unit."""
    text = conflict.message[:1].upper() + conflict.message[1:] + "."
    if conflict.amount is None:
        return text
    if conflict.family in MONEY_FAMILIES:
        return f"{text}\nShort by {money_text(conflict.amount, currency)} a year."
    if conflict.family is ConstraintFamily.SITE_POWER:
        return f"{text}\nShort by {conflict.amount:,.1f} kW."
    if conflict.family in SURVIVAL_FAMILIES:
        return f"{text}\nUncovered: {conflict.amount:.0%} of demand."
    if conflict.family in SCORE_FAMILIES:
        return f"{text}\nOff by {conflict.amount:,.1f} points."
    return text  # no unit to show the amount in: the message says all there is


def fields_tip(fields: tuple[str, ...]) -> str:
    """The requirements a conflict concerns, by label ("Organisation, Annual budget")."""
    if not fields:
        return "No single requirement could be named."
    return "Double-click to edit: " + "; ".join(label_of(FieldPath.parse(f), {}) for f in fields)


class ConflictPanel(QWidget):
    """The page the results view shows when a solve ends without a plan."""

    conflict_activated = Signal(str)
    """The first scenario field path of the conflict the user double-clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE_SHEET)
        self.headline = QLabel("")
        self.headline.setObjectName("no-plan-headline")
        self.headline.setWordWrap(True)
        self.conflict_list = QListWidget()
        self.conflict_list.setObjectName("conflict-list")
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setSpacing(4)
        self.conflict_list.itemActivated.connect(self._activated)
        hint = QLabel(HINT)
        hint.setObjectName("conflict-hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(hint)
        layout.addWidget(self.conflict_list, 1)

    def clear(self) -> None:
        self.headline.setText("")
        self.conflict_list.clear()

    def show_conflicts(self, plan: PlanDocument, currency: str) -> None:
        headline = NO_PLAN_HEADLINE.get(plan.header.status, "No plan was found")
        if plan.header.status is SolveStatus.INFEASIBLE:
            headline = conflicts_headline(plan.conflicts)
        self.headline.setText(headline + (":" if plan.conflicts else "."))
        self.conflict_list.clear()
        for conflict in plan.conflicts:
            item = QListWidgetItem(conflict_text(conflict, currency))
            item.setData(FIELDS_ROLE, list(conflict.fields))
            item.setToolTip(fields_tip(conflict.fields))
            self.conflict_list.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        fields = item.data(FIELDS_ROLE)
        if fields:
            self.conflict_activated.emit(str(fields[0]))
