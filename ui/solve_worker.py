"""Solving off the GUI thread: progress, cancel, and every failure delivered as a signal."""

import time

from PySide6.QtCore import QObject, QRunnable, Signal

from catalog.domain import Catalog
from planner.optimise.planning import PlanCache, plan_scenario
from planner.optimise.solving import CancelToken, Progress, SolveParams, warm_up
from planner.scenario.model import Scenario


class SolveSignals(QObject):
    progress = Signal(object)
    """A Progress (planner/optimise/solving.py): best objective, bound, seconds elapsed."""
    finished = Signal(object, int)
    """The PlanOutcome and the document revision the solve started from."""
    failed = Signal(str)


class SolveWorker(QRunnable):
    def __init__(self, scenario: Scenario, catalog: Catalog, params: SolveParams,
                 revision: int, cache: PlanCache | None = None) -> None:  # fmt: skip
        super().__init__()
        self._cache = cache
        self.setAutoDelete(False)  # the window keeps it until it reports
        self.signals = SolveSignals()
        self._scenario, self._catalog, self._params = scenario, catalog, params
        self.revision = revision
        self._cancel = CancelToken()
        self.started: float | None = None
        """When planning began (time.monotonic), once the solver's fork server was up."""
        self.wall_s: float | None = None
        """How long planning took: the instance's size as live re-plan measures it, without
        the wait for a thread or the fork server's one-off start."""

    def cancel(self) -> None:
        self._cancel.cancel()

    def _report(self, progress: Progress) -> None:
        self.signals.progress.emit(progress)

    def run(self) -> None:
        try:
            warm_up()
            self.started = time.monotonic()
            outcome = plan_scenario(self._scenario, self._catalog, self._params,
                                    progress=self._report, cancel=self._cancel,
                                    cache=self._cache)  # fmt: skip
            self.wall_s = time.monotonic() - self.started
            self.signals.finished.emit(outcome, self.revision)
        except Exception as exc:  # every failure reaches the GUI thread as a signal
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
