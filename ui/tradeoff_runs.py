"""Running the trade-off sweeps from the window: one at a time, on the requirements shown.

A front comes with its near-optimal alternatives; a sensitivity analysis fills the tornado.
Clicking a point of the front (double-clicking an alternative) makes its plan the window's
current plan (ui/plan_choice.py): Results shows it and says which it is, saving and exporting
use it. A front is kept with the requirements and catalog it was computed for, so an export
adds its What control costs page only while it answers the requirements shown.
"""

from typing import Protocol

from PySide6.QtCore import QObject, QThreadPool

from catalog.domain import Catalog
from planner.analysis.frontier_text import score_name
from planner.analysis.sensitivity import Sensitivity
from planner.analysis.sweep import Against
from planner.exports.control_cost import ControlCost, control_cost
from planner.money import money_text
from planner.results.alternatives_json import alternative_document
from planner.results.frontier_json import point_document
from planner.results.plan_document import PlanDocument
from planner.scenario.document import ScenarioDocument
from planner.scenario.model import Scenario
from ui.plan_choice import OpenedPlan, requirements_toml
from ui.tradeoff_view import TradeoffView
from ui.tradeoff_worker import FrontResult, TradeoffWorker


class TradeoffHost(Protocol):
    catalog: Catalog
    pool: QThreadPool
    tradeoffs: TradeoffView

    @property
    def doc(self) -> ScenarioDocument | None: ...

    def current_scenario(self) -> Scenario | None: ...

    def open_plan(self, opened: OpenedPlan) -> None: ...

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
        self._asked: tuple[ScenarioDocument, int, Catalog] | None = None
        """The requirements (document, revision) and catalog of the sweep running."""
        self._front_for: tuple[ScenarioDocument, int, Catalog] | None = None
        """Those `front` was computed for."""

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
        scenario, doc = self._host.current_scenario(), self._host.doc
        if scenario is None or doc is None or self.worker is not None:
            return
        self._asked = (doc, doc.revision, self._host.catalog)
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
            self.front, self._front_for = result, self._asked
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

    def fresh(self) -> bool:
        """Whether the front answers the requirements and catalog shown."""
        if self.front is None or self._front_for is None:
            return False
        doc, revision, catalog = self._front_for
        return doc is self._host.doc and revision == doc.revision and catalog is self._host.catalog

    def control(self) -> ControlCost | None:
        """The What control costs page of the front, while it answers the requirements."""
        if self.front is None or not self.front.front.points or not self.fresh():
            return None
        return control_cost(self.front.front, self._host.catalog)

    def open_point(self, index: int) -> None:
        if self.front is None or self._front_for is None:
            return
        front, catalog = self.front.front, self._front_for[2]
        if not 0 <= index < len(front.points):
            return
        point = front.points[index]
        self._open(
            f"Front point {index} of {len(front.points)}",
            f"the cheapest plan with {score_name(front.against)} {front.score(point):.1f}, "
            f"{money_text(point.annual_cost, front.currency)} a year (points are numbered "
            "from 0, the cheapest, as in the chart)",
            point_document(point, catalog),
            point.scenario,
        )

    def open_alternative(self, index: int) -> None:
        found = None if self.front is None else self.front.alternatives
        if found is None or self._front_for is None or not 0 <= index < len(found.plans):
            return
        plan, catalog = found.plans[index], self._front_for[2]
        self._open(
            f"Alternative {index} of {len(found.plans)}",
            f"{plan.description}, {found.extra_share(plan):+.1%} on the cheapest plan",
            alternative_document(found, plan, catalog),
            None,
        )

    def _open(self, title: str, detail: str, document: PlanDocument,
              bounded: Scenario | None) -> None:  # fmt: skip
        """Make a plan of the front the window's current plan; `bounded`: the requirements
        with the point's bound, saved with it (an alternative answers the requirements)."""
        assert self._front_for is not None  # the front's and the alternatives' requirements
        doc, revision, catalog = self._front_for
        toml = doc.to_toml() if bounded is None else requirements_toml(doc, bounded)
        self._host.open_plan(OpenedPlan(document, title, detail, toml, revision, catalog))
        self._host.show_status(f"{title}: {detail}")
