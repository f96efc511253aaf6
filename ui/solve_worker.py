"""Solving off the GUI thread: progress, cancel, and every failure delivered as a signal."""

from PySide6.QtCore import QObject, QRunnable, Signal

from catalog.domain import Catalog
from planner.optimise.planning import plan_scenario
from planner.optimise.solving import CancelToken, Progress, SolveParams
from planner.scenario.model import Scenario


class SolveSignals(QObject):
    progress = Signal(object)
    """A Progress (planner/optimise/solving.py): best objective, bound, seconds elapsed."""
    finished = Signal(object, int)
    """The PlanOutcome and the document revision the solve started from."""
    failed = Signal(str)


class SolveWorker(QRunnable):
    def __init__(self, scenario: Scenario, catalog: Catalog, params: SolveParams,
                 revision: int) -> None:  # fmt: skip
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until it reports
        self.signals = SolveSignals()
        self._scenario, self._catalog, self._params = scenario, catalog, params
        self.revision = revision
        self._cancel = CancelToken()

    def cancel(self) -> None:
        self._cancel.cancel()

    def _report(self, progress: Progress) -> None:
        self.signals.progress.emit(progress)

    def run(self) -> None:
        try:
            outcome = plan_scenario(self._scenario, self._catalog, self._params,
                                    progress=self._report, cancel=self._cancel)  # fmt: skip
            self.signals.finished.emit(outcome, self.revision)
        except Exception as exc:  # every failure reaches the GUI thread as a signal
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
