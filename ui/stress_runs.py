"""Running the stress tests from the window: which plan, which shocks, one run at a time.

The plan stressed is the one shown, while it answers the requirements; edits to the
scenario's own shocks alone do not make it stale for this purpose (they change what is
tested, not the plan). A report is kept with the plan it was run for, so the exports add
it only to that plan.
"""

from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QObject, QThreadPool

from catalog.domain import Catalog
from planner.analysis.report import StressReport
from planner.analysis.stress import StressContext, shocks_for
from planner.optimise.planning import PlanOutcome
from planner.scenario.document import ScenarioDocument
from planner.scenario.model import Scenario
from ui.actions import make_action
from ui.requirements_view import RequirementsView
from ui.stress_view import StressView
from ui.stress_worker import StressWorker


class StressHost(Protocol):
    """What a run needs from the window."""

    catalog: Catalog
    pool: QThreadPool
    stress: StressView
    requirements: RequirementsView

    @property
    def last_outcome(self) -> PlanOutcome | None: ...

    @property
    def solved_scenario(self) -> Scenario | None: ...

    def show_status(self, text: str) -> None: ...

    def inform(self, title: str, text: str) -> None: ...

    def update_actions(self) -> None: ...


class StressRuns(QObject):
    def __init__(self, host: StressHost) -> None:
        super().__init__()
        self._host = host
        self.action = make_action(
            self,
            "Run s&tress tests",
            self.run,
            "Ctrl+T",
            "What each lease change does to the plan shown, and the cheapest recovery",
        )
        host.stress.run_requested.connect(self.run)
        host.stress.cancel_requested.connect(self.cancel)
        self.worker: StressWorker | None = None
        self._report: StressReport | None = None
        self._for: PlanOutcome | None = None
        """The outcome whose plan `_report` stressed."""

    def context(self) -> StressContext | None:
        """The plan shown with the current shocks, or None when there is none to stress."""
        host = self._host
        outcome, solved, now = host.last_outcome, host.solved_scenario, host.requirements.scenario
        if outcome is None or outcome.plan is None or solved is None or now is None:
            return None
        if replace(now, shocks=()) != replace(solved, shocks=()):
            return None  # the requirements changed since the solve: solve again first
        return StressContext(replace(solved, shocks=now.shocks), host.catalog, outcome.plan)

    def update_actions(self, solving: bool) -> bool:
        """Enable the run where a plan can be stressed and none is running; whether one is."""
        running = self.worker is not None
        ready = not solving and self.context() is not None
        self.action.setEnabled(ready and not running)
        self._host.stress.set_ready(ready, running)
        return running

    def current(self) -> StressReport | None:
        """The last report, if it was run for the outcome shown."""
        return self._report if self._for is self._host.last_outcome else None

    def run(self) -> None:
        context = self.context()
        if context is None or self.worker is not None:
            return
        shocks = shocks_for(context)
        worker = StressWorker(context, shocks, 0)
        worker.signals.progress.connect(self._host.stress.report_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        self.worker, self._for = worker, self._host.last_outcome
        self._host.stress.start(len(shocks))
        self._host.show_status("Running the stress tests…")
        self._host.update_actions()
        self._host.pool.start(worker)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def clear(self, doc: ScenarioDocument | None = None) -> None:
        """Forget the last report; with a document, show its shocks."""
        self._report = self._for = None
        self._host.stress.clear()
        if doc is not None:
            self._host.stress.set_document(doc)

    def refresh_shocks(self) -> None:
        """After an edit: the shocks table with its problems, and what can run now."""
        requirements = self._host.requirements
        self._host.stress.refresh_shocks(requirements.problems, requirements.currency())
        self._host.update_actions()

    def _on_finished(self, report: StressReport, _revision: int) -> None:
        self.worker = None
        self._report = report
        self._host.stress.show_report(report, stale=self._for is not self._host.last_outcome)
        self._host.show_status("Stress tests done" if report.complete else "Stress tests cancelled")
        self._host.update_actions()

    def _on_failed(self, message: str) -> None:
        self.worker = None
        self._host.stress.clear()
        self._host.update_actions()
        self._host.inform("The stress tests failed", message)
