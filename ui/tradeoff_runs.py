"""Running the trade-off sweeps from the window: one at a time, on the requirements shown.

A front comes with its near-optimal alternatives; a sensitivity analysis fills the tornado.
Clicking a point of the front (double-clicking an alternative) opens its plan in Results,
as any plan is shown there; the status bar says which plan it is, since it answers the
requirements with the point's floor, not the requirements alone.
"""

from typing import Protocol

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QTabWidget

from catalog.domain import Catalog
from planner.analysis.frontier_text import score_name
from planner.analysis.sensitivity import Sensitivity
from planner.analysis.sweep import Against
from planner.results.alternatives_json import alternative_document
from planner.results.frontier_json import point_document
from planner.results.plan_document import PlanDocument
from planner.scenario.model import Scenario
from ui.results_view import ResultsView
from ui.tradeoff_view import TradeoffView
from ui.tradeoff_worker import FrontResult, TradeoffWorker


class TradeoffHost(Protocol):
    catalog: Catalog
    pool: QThreadPool
    results: ResultsView
    tabs: QTabWidget
    tradeoffs: TradeoffView

    def current_scenario(self) -> Scenario | None: ...

    def show_status(self, text: str) -> None: ...

    def inform(self, title: str, text: str) -> None: ...

    def update_actions(self) -> None: ...


class TradeoffRuns(QObject):
    def __init__(self, host: TradeoffHost) -> None:
        super().__init__()
        self._host = host
        view = host.tradeoffs
        view.front_requested.connect(self.run_front)
        view.sensitivity_requested.connect(self.run_sensitivity)
        view.cancel_requested.connect(self.cancel)
        view.point_opened.connect(self.open_point)
        view.alternative_opened.connect(self.open_alternative)
        self.worker: TradeoffWorker | None = None
        self.front: FrontResult | None = None

    def update_actions(self) -> bool:
        """Enable the runs for valid requirements and no sweep running; whether one runs."""
        running = self.worker is not None
        self._host.tradeoffs.set_ready(self._host.current_scenario() is not None, running)
        return running

    def run_front(self, against: Against) -> None:
        self._start(against, "Computing what control costs…")

    def run_sensitivity(self) -> None:
        self._start(None, "Re-planning with each group of inputs moved…")

    def _start(self, against: Against | None, status: str) -> None:
        scenario = self._host.current_scenario()
        if scenario is None or self.worker is not None:
            return
        points = self._host.tradeoffs.points.value()
        worker = TradeoffWorker(scenario, self._host.catalog, against=against, points=points)
        worker.signals.progress.connect(self._host.tradeoffs.report_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        self.worker = worker
        self._host.tradeoffs.start()
        self._host.show_status(status)
        self._host.update_actions()
        self._host.pool.start(worker)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _on_finished(self, result: object) -> None:
        self.worker = None
        view = self._host.tradeoffs
        if isinstance(result, FrontResult):
            self.front = result
            view.show_front(result.front, self._host.catalog)
            if result.alternatives is not None:
                view.show_alternatives(result.alternatives)
            self._host.show_status(f"Front: {len(result.front.points)} point(s)")
        elif isinstance(result, Sensitivity):
            view.show_sensitivity(result)
            self._host.show_status("Sensitivity done" if result.complete else "Cancelled")
        self._host.update_actions()

    def _on_failed(self, message: str) -> None:
        self.worker = None
        self._host.tradeoffs.stop()
        self._host.update_actions()
        self._host.inform("The trade-off sweep failed", message)

    def open_point(self, index: int) -> None:
        if self.front is None or not 0 <= index < len(self.front.front.points):
            return
        front = self.front.front
        point = front.points[index]
        self._show(point_document(point, self._host.catalog))
        self._host.show_status(
            f"Front point {index}: the cheapest plan with {score_name(front.against)} "
            f"{front.score(point):.1f} (solve with F5 for the requirements' own plan)"
        )

    def open_alternative(self, index: int) -> None:
        found = None if self.front is None else self.front.alternatives
        if found is None or not 0 <= index < len(found.plans):
            return
        self._show(alternative_document(found, found.plans[index], self._host.catalog))
        self._host.show_status(f"Alternative {index}: {found.plans[index].description}")

    def _show(self, document: PlanDocument) -> None:
        self._host.results.show_plan(document)
        self._host.tabs.setCurrentWidget(self._host.results)
