"""The roadmap solved off the GUI thread, in a child process (ui/roadmap_child.py): cancel
ends the process at once, and every failure reaches the window as a signal."""

import multiprocessing
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from PySide6.QtCore import QObject, QRunnable, Signal

from catalog.domain import Catalog
from planner.optimise.solving import CancelToken, SolveParams, warm_up
from planner.scenario.model import Scenario
from ui.roadmap_child import solve_roadmap

POLL_S = 0.05
"""How often the waiting worker looks at the cancel token (as solver/child.py does)."""
TERMINATE_GRACE_S = 0.5
"""After SIGTERM, how long to wait for the child before killing it outright."""
NO_ANSWER = "the roadmap's solver process ended without an answer (exit code {code})"


class RoadmapSignals(QObject):
    finished = Signal(object)
    """The RoadmapOutcome, or None when the solve was cancelled."""
    failed = Signal(str)


def _context() -> BaseContext:
    """The solver's fork server where the platform has one (warmed, so the child starts
    with OR-Tools imported and the GUI's process is never forked); else a spawned child."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        warm_up()
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _stop(process: BaseProcess) -> None:
    if process.is_alive():
        process.terminate()
        process.join(TERMINATE_GRACE_S)
    if process.is_alive():
        process.kill()
    process.join()


class RoadmapWorker(QRunnable):
    def __init__(self, scenario: Scenario, catalog: Catalog, params: SolveParams) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until it reports
        self.signals = RoadmapSignals()
        self._scenario, self._catalog, self._params = scenario, catalog, params
        self._cancel = CancelToken()

    def cancel(self) -> None:
        self._cancel.cancel()

    def run(self) -> None:
        try:
            context = _context()
            receive, send = context.Pipe(duplex=False)
            process = context.Process(  # type: ignore[attr-defined]
                target=solve_roadmap,
                args=(send, self._scenario, self._catalog, self._params),
                daemon=True,
            )
            process.start()
            send.close()
            try:
                self._wait(receive, process)
            finally:
                receive.close()
                _stop(process)
        except Exception as exc:  # every failure reaches the GUI thread as a signal
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")

    def _wait(self, receive: Connection, process: BaseProcess) -> None:
        while not self._cancel.cancelled:
            if receive.poll(POLL_S):
                try:
                    kind, payload = receive.recv()
                except EOFError:  # the child died before it answered
                    break
                if kind == "done":
                    self.signals.finished.emit(payload)
                else:
                    self.signals.failed.emit(str(payload))
                return
            if not process.is_alive() and not receive.poll():
                break
        if self._cancel.cancelled:
            self.signals.finished.emit(None)
        else:
            self.signals.failed.emit(NO_ANSWER.format(code=process.exitcode))
