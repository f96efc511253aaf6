"""Solves from the window, one that counts at a time: the newest request wins.

A solve is started by F5 or by a live re-plan (ui/live_replan.py). Starting one while
another runs supersedes it: the older solve is cancelled (its child process ends within
tens of milliseconds, solver/child.py) and whatever it still reports is dropped, so a stale
result never overwrites a newer one. A user's cancel (Esc) is different: the solve stops
and its best plan so far is delivered.
"""

import time

from PySide6.QtCore import QObject, QThreadPool, Signal

from catalog.domain import Catalog
from planner.optimise.planning import PlanCache, PlanOutcome
from planner.optimise.solving import Progress, SolveParams
from planner.scenario.model import Scenario
from ui.solve_worker import SolveWorker


class SolveRuns(QObject):
    progress = Signal(object)
    """A Progress of the solve that counts."""
    finished = Signal(object, object, int)
    """The PlanOutcome, the Scenario solved and the document revision it answers."""
    failed = Signal(str)
    superseded = Signal(bool)
    """A running solve was dropped for a newer one; whether it was a live re-plan."""

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self.worker: SolveWorker | None = None
        self.live = False
        """Whether the solve that counts was started by a live re-plan."""
        self.last_live = False
        """Whether the last solve that reported was a live re-plan."""
        self.last_wall_s: float | None = None
        """How long the last solve that reported took to plan (SolveWorker.wall_s): the size
        live re-plan measures."""
        self.reported = 0
        """Solves that reported; the first pays one-off start-up costs (ui/live_replan.py)."""
        self._scenario: Scenario | None = None
        self._retired: list[SolveWorker] = []
        """Superseded solves still winding down: kept alive until they report, then dropped."""
        self.cache = PlanCache()
        """Options compiled for earlier requirements: an edit of a budget, a floor or the
        objective re-plans without compiling again (planner/optimise/plan_cache.py)."""

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, scenario: Scenario, catalog: Catalog, params: SolveParams, revision: int,
              *, live: bool) -> None:  # fmt: skip
        """Solve `scenario`, superseding the solve running (if any)."""
        self.supersede()
        worker = SolveWorker(scenario, catalog, params, revision, self.cache)
        worker.signals.progress.connect(self._on_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        self.worker, self.live, self._scenario = worker, live, scenario
        self._pool.start(worker)

    def elapsed_s(self) -> float | None:
        """How long the solve that counts has been planning (None: not started yet)."""
        started = None if self.worker is None else self.worker.started
        return None if started is None else time.monotonic() - started

    def supersede(self) -> None:
        """Cancel the running solve and drop what it reports: newer requirements are coming."""
        if self.worker is None:
            return
        self.worker.cancel()
        self._retired.append(self.worker)
        self.worker = None
        self.superseded.emit(self.live)

    def cancel(self) -> None:
        """The user's cancel: the solve stops and reports its best plan so far."""
        if self.worker is not None:
            self.worker.cancel()

    def _current(self) -> bool:
        """Whether the signal being handled comes from the solve that counts; a retired
        solve's last report lets it go."""
        sender = self.sender()
        if self.worker is not None and sender is self.worker.signals:
            return True
        self._retired = [w for w in self._retired if w.signals is not sender]
        return False

    def _on_progress(self, progress: Progress) -> None:
        if self.worker is not None and self.sender() is self.worker.signals:
            self.progress.emit(progress)

    def _ended(self) -> Scenario | None:
        scenario = self._scenario
        self.last_wall_s = None if self.worker is None else self.worker.wall_s
        self.last_live = self.live
        self.reported += 1
        self.worker, self._scenario = None, None
        return scenario

    def _on_finished(self, outcome: PlanOutcome, revision: int) -> None:
        if self._current():
            self.finished.emit(outcome, self._ended(), revision)

    def _on_failed(self, message: str) -> None:
        if self._current():
            self._ended()
            self.failed.emit(message)
