"""Stress tests off the GUI thread: progress per shock, cancel, every failure a signal.

The shocks run on a local process pool (planner/analysis/executor.py); cancel stops the
waiting at once and keeps the shocks already finished.
"""

from PySide6.QtCore import QObject, QRunnable, Signal

from planner.analysis.executor import open_workers
from planner.analysis.stress import StressContext, run_stress
from planner.optimise.solving import CancelToken
from planner.scenario.shocks import Shock


class StressSignals(QObject):
    progress = Signal(int, int, str)
    """Shocks done, shocks in all, the name of the one just finished."""
    finished = Signal(object, int)
    """The StressReport and the document revision the run started from."""
    failed = Signal(str)


class StressWorker(QRunnable):
    def __init__(
        self,
        context: StressContext,
        shocks: tuple[Shock, ...],
        revision: int,
        workers: int | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until it reports
        self.signals = StressSignals()
        self._context, self._shocks, self._workers = context, shocks, workers
        self.revision = revision
        self._cancel = CancelToken()

    def cancel(self) -> None:
        self._cancel.cancel()

    def _report(self, done: int, total: int, name: str) -> None:
        self.signals.progress.emit(done, total, name)

    def run(self) -> None:
        try:
            with open_workers(
                self._context, workers=self._workers, tasks=len(self._shocks)
            ) as workers:
                report = run_stress(
                    self._context, self._shocks, workers, progress=self._report, cancel=self._cancel
                )
            self.signals.finished.emit(report, self.revision)
        except Exception as exc:  # every failure reaches the GUI thread as a signal
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
