"""The window's current plan: solving it (F5 or live re-plan) and which plan is shown.

The solved plan answers the requirements of one document revision; a plan opened from the
Trade-offs tab (ui/plan_choice.py) takes its place until the user goes back or a new solve
replaces it. Either goes stale when the requirements or the catalog change. Saving,
exporting and stress tests ask this object for the plan, never the results view.
"""

from typing import Protocol

from PySide6.QtCore import QObject, QSettings, QThreadPool, Signal
from PySide6.QtWidgets import QTabWidget

from catalog.domain import Catalog
from planner.optimise.planning import PlanOutcome
from planner.optimise.solving import Progress, SolveParams
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.scenario.document import ScenarioDocument
from planner.scenario.model import Scenario
from ui import settings as app_settings
from ui.live_replan import LiveReplan
from ui.plan_choice import OpenedPlan, PlanChoiceBar
from ui.requirements_view import RequirementsView
from ui.results_view import ResultsView
from ui.solve_runs import SolveRuns


class PlanningHost(Protocol):
    catalog: Catalog
    requirements: RequirementsView
    results: ResultsView
    tabs: QTabWidget

    @property
    def doc(self) -> ScenarioDocument | None: ...

    def show_status(self, text: str) -> None: ...

    def inform(self, title: str, text: str) -> None: ...

    def update_actions(self) -> None: ...


class Planning(QObject):
    solve_finished = Signal()
    """A solve ended (with a plan, conflicts, a cancel or a failure)."""

    def __init__(self, host: PlanningHost, pool: QThreadPool, settings: QSettings) -> None:
        super().__init__()
        self._host, self._settings = host, settings
        self.runs = SolveRuns(pool, self)
        self.live = LiveReplan(self.runs, settings, self._live_solve, self)
        self.bar = PlanChoiceBar()
        self.bar.attach_above(host.results)
        self.last_outcome: PlanOutcome | None = None
        self.last_plan: PlanDocument | None = None
        """The last outcome as the results view, the exports and a saved scenario read it."""
        self.outcome_revision: int | None = None
        self.solved_scenario: Scenario | None = None
        self.opened: OpenedPlan | None = None
        """A plan of the front the user opened: the current plan instead of the solved one."""
        self.bar.back_requested.connect(self.back_to_solved)
        self.runs.progress.connect(self._on_progress)
        self.runs.finished.connect(self._on_finished)
        self.runs.failed.connect(self._on_failed)
        self.runs.superseded.connect(self._on_superseded)

    def reset(self) -> None:
        """Another document: no plan, and a solve of the one before reports nothing."""
        self.last_outcome = self.last_plan = self.opened = None
        self.runs.supersede()
        self.live.reset()
        self.bar.show_choice(None, solved=False)

    def can_solve(self) -> bool:
        """Valid requirements and no solve running but a live re-plan (F5 supersedes it)."""
        valid = self._host.doc is not None and self._host.requirements.scenario is not None
        return valid and (not self.runs.running or self.runs.live)

    def solve(self, *, live: bool = False) -> None:
        """Solve the requirements shown (F5, or `live` after an edit)."""
        doc, scenario = self._host.doc, self._host.requirements.scenario
        if doc is None or scenario is None or not self.can_solve():
            return
        time_limit = float(app_settings.read(self._settings, "solver/time_limit_s"))  # type: ignore[arg-type]
        self.runs.start(scenario, self._host.catalog, SolveParams(time_limit_s=time_limit),
                        doc.revision, live=live)  # fmt: skip
        self.live.debounce.stop()
        self._host.show_status("Re-planning…" if live else "Solving…")
        if not live:
            self._host.results.clear()
            self._host.results.start_progress(scenario.assumptions.currency)
            self._host.tabs.setCurrentWidget(self._host.results)
        self._host.update_actions()

    def _live_solve(self) -> None:
        stale = (
            self.result_is_stale() if self.opened is None else self._opened_is_stale(self.opened)
        )
        if stale:
            self.solve(live=True)

    def _on_superseded(self, live: bool) -> None:
        if not live:  # F5's progress line goes; the plan before it comes back, stale
            self._host.results.clear()
            self.show()
        self._host.update_actions()

    def cancel(self) -> None:
        if self.runs.running:
            self.runs.cancel()
            self._host.show_status("Cancelling: keeping the best plan found so far…")
        self.live.stop()

    def _on_progress(self, progress: Progress) -> None:
        if not self.runs.live:
            self._host.results.report_progress(progress.objective, progress.bound)

    def _on_finished(self, outcome: PlanOutcome, scenario: Scenario, revision: int) -> None:
        self.last_outcome, self.outcome_revision = outcome, revision
        self.solved_scenario, self.opened = scenario, None
        self.last_plan = plan_document(outcome, scenario, self._host.catalog)
        self.show()
        took = (f" in {self.runs.last_wall_s:.1f} s (live re-plan)" if self.runs.last_live
                else f" in {outcome.solve_seconds:.1f} s")  # fmt: skip
        self._host.show_status(self.last_plan.header.status_text + took)
        self._ended()

    def _on_failed(self, message: str) -> None:
        self._host.results.clear()  # no progress line ticking on behind the message
        self._host.show_status("The solve failed.")
        self._ended()
        self._host.inform("The solve failed", message)

    def _ended(self) -> None:
        self.live.solve_ended()
        self._host.update_actions()
        self.solve_finished.emit()

    # Which plan ----------------------------------------------------------------------

    def result_is_stale(self) -> bool:
        """The solved result was for other requirements (or an older catalog)."""
        doc = self._host.doc
        return doc is None or doc.revision != self.outcome_revision

    def _opened_is_stale(self, opened: OpenedPlan) -> bool:
        doc = self._host.doc
        return (doc is None or opened.revision != doc.revision
                or opened.catalog is not self._host.catalog)  # fmt: skip

    def shown_plan(self) -> PlanDocument | None:
        """The current plan (solved, or opened), while it answers the requirements shown."""
        if self.opened is not None:
            return None if self._opened_is_stale(self.opened) else self.opened.document
        return None if self.result_is_stale() else self.last_plan

    def shown_scenario_toml(self) -> str | None:
        """The requirements whose plan is current, as saved with it."""
        if self.opened is not None:
            return self.opened.scenario_toml
        doc = self._host.doc
        return None if doc is None else doc.to_toml()

    def open_plan(self, opened: OpenedPlan) -> None:
        """Make a plan of the front (or an alternative) the current plan."""
        self.opened = opened
        self.show()
        self._host.tabs.setCurrentWidget(self._host.results)

    def back_to_solved(self) -> None:
        self.opened = None
        self.show()

    def show(self) -> None:
        """Show the current plan, with the banner saying whether it is stale."""
        self.bar.show_choice(self.opened, solved=self.last_plan is not None)
        if self.opened is not None:
            self._host.results.show_plan(self.opened.document,
                                         stale=self._opened_is_stale(self.opened))  # fmt: skip
        elif self.last_plan is not None:
            self._host.results.show_plan(self.last_plan, stale=self.result_is_stale())

    def catalog_changed(self) -> None:
        if self.last_outcome is not None:
            self.outcome_revision = -1  # solved against an older catalog
        self.show()
        self.live.edited()
