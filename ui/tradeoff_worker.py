"""Trade-off sweeps off the GUI thread: the front with its alternatives, or the sensitivity
analysis; progress, cancel, and every failure as a signal.

The front's floors run on the executor of planner/analysis/executor.py in this worker's
thread (starting processes costs more than the shipped examples' solves); the sensitivity
re-plans, seconds each, on a local process pool.
"""

from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, Signal

from catalog.domain import Catalog
from planner.analysis.alternatives import Alternatives, near_optimal
from planner.analysis.executor import in_process, open_workers
from planner.analysis.frontier import Frontier, run_frontier
from planner.analysis.sensitivity import SensitivityContext, run_sensitivity
from planner.analysis.sweep import Against, compile_sweep
from planner.optimise.solving import CancelToken
from planner.scenario.model import Scenario

ALTERNATIVES_SHOWN = 5
"""Alternatives computed with a front: as many as the list shows."""


@dataclass(frozen=True)
class FrontResult:
    front: Frontier
    alternatives: Alternatives | None
    """None when the front was cancelled before them."""


class TradeoffSignals(QObject):
    progress = Signal(int, int)
    """Solves done, solves expected."""
    finished = Signal(object)
    """A FrontResult, or a Sensitivity."""
    failed = Signal(str)


class TradeoffWorker(QRunnable):
    """One sweep: `front` (with alternatives) or `sensitivity`."""

    def __init__(
        self, scenario: Scenario, catalog: Catalog, *, against: Against | None, points: int
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until it reports
        self.signals = TradeoffSignals()
        self._scenario, self._catalog = scenario, catalog
        self._against, self._points = against, points
        self._cancel = CancelToken()

    def cancel(self) -> None:
        self._cancel.cancel()

    def _report(self, done: int, total: int) -> None:
        self.signals.progress.emit(done, total)

    def _front(self, against: Against) -> FrontResult:
        sweep = compile_sweep(self._scenario, self._catalog, against)
        with in_process(sweep) as workers:
            front = run_frontier(
                sweep, workers, points=self._points, progress=self._report, cancel=self._cancel
            )
        if not front.complete or front.infeasible is not None:
            return FrontResult(front, None)
        found = near_optimal(self._scenario, self._catalog, count=ALTERNATIVES_SHOWN,
                             cancel=self._cancel)  # fmt: skip
        return FrontResult(front, found)

    def run(self) -> None:
        try:
            if self._against is not None:
                self.signals.finished.emit(self._front(self._against))
                return
            ctx = SensitivityContext(self._scenario, self._catalog)
            with open_workers(ctx) as workers:
                result = run_sensitivity(ctx, workers, progress=self._report, cancel=self._cancel)
            self.signals.finished.emit(result)
        except Exception as exc:  # every failure reaches the GUI thread as a signal
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
