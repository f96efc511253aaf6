"""Which plan the window holds: the one solved for the requirements, or one the user opened.

Opening a point of the front or a near-optimal alternative (Trade-offs tab) makes that plan
the current one: Results shows it, and saving and exporting use it, until the user goes back
to the solved plan or a new solve replaces it. The bar above the results says which it is.
"""

import copy
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from catalog.domain import Catalog
from planner.results.plan_document import PlanDocument
from planner.scenario.document import ScenarioDocument
from planner.scenario.model import Scenario

BACK_TEXT = "Back to the solved plan"
NO_SOLVED_TIP = "No plan was solved for these requirements yet (F5)."
STYLE_SHEET = """
QWidget#plan-choice { background: #e8f0fa; border-radius: 4px; }
QLabel#plan-choice-title { color: #1d3b5e; font-weight: 600; }
"""


@dataclass(frozen=True)
class OpenedPlan:
    document: PlanDocument
    title: str
    """Which plan, in the words of the tab it came from: "Front point 3 of 5"."""
    detail: str
    """What it is: "the cheapest plan with independence ≥ 62.0"."""
    scenario_toml: str
    """The requirements whose plan it is, saved with it."""
    revision: int
    """The document revision it answers; an edit makes it stale, as a solved plan."""
    catalog: Catalog
    """The catalog it was costed with; a catalog edit makes it stale."""


def requirements_toml(doc: ScenarioDocument, scenario: Scenario) -> str:
    """The document with the policy bounds and objective of `scenario` (a point of the
    front: the requirements with a floor on independence or a ceiling on lock-in), so a
    saved point re-solves to its own plan."""
    data: dict[str, Any] = copy.deepcopy(doc.data)
    bounded = ScenarioDocument(data)
    policy = scenario.policy
    bounded.set("policy.objective", policy.objective.value)
    bounded.set("policy.min_independence", policy.min_independence)
    bounded.set("policy.max_lock_in", policy.max_lock_in)
    return bounded.to_toml()


class PlanChoiceBar(QWidget):
    """ "Front point 3 of 5: the cheapest plan with …  [Back to the solved plan]", hidden
    while the solved plan is shown."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan-choice")
        self.setStyleSheet(STYLE_SHEET)
        self.title = QLabel()
        self.title.setObjectName("plan-choice-title")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.back = QPushButton(BACK_TEXT)
        self.back.clicked.connect(self.back_requested.emit)
        layout = QHBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.back)
        self.setVisible(False)

    def attach_above(self, results: QWidget) -> None:
        """Put the bar at the top of the results view's own layout, above its cards."""
        layout = results.layout()
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(0, self)

    def show_choice(self, opened: OpenedPlan | None, *, solved: bool) -> None:
        """`solved`: a solved plan exists to go back to."""
        self.setVisible(opened is not None)
        if opened is None:
            return
        self.title.setText(f"{opened.title}:")
        self.detail.setText(opened.detail)
        self.back.setEnabled(solved)
        self.back.setToolTip("" if solved else NO_SOLVED_TIP)
