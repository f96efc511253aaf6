"""Planning the roadmap from the window: one run at a time, on the requirements shown.

A roadmap is kept with the requirements (document, revision) and catalog it was planned for;
after an edit the tab says it answers the earlier requirements until it is planned again.
"""

from typing import Protocol

from PySide6.QtCore import QObject, QThreadPool

from catalog.domain import Catalog
from planner.analysis.roadmap_plan import RoadmapOutcome
from planner.cli.roadmap import DEFAULT_TIME_LIMIT_S
from planner.evaluation.weakest_link import venue_key_name
from planner.optimise.solving import SolveParams
from planner.scenario.document import ScenarioDocument
from planner.scenario.model import Scenario
from ui.actions import make_action
from ui.roadmap_view import RoadmapView
from ui.roadmap_worker import RoadmapWorker

ROADMAP_TIP = (
    "The cheapest build-out path over the scenario's years: what to rent, what to order "
    "when, and what the whole path costs"
)


class RoadmapHost(Protocol):
    catalog: Catalog
    pool: QThreadPool
    roadmap: RoadmapView

    @property
    def doc(self) -> ScenarioDocument | None: ...

    def current_scenario(self) -> Scenario | None: ...

    def show_status(self, text: str) -> None: ...

    def show_field(self, path: str) -> None: ...

    def inform(self, title: str, text: str) -> None: ...

    def update_actions(self) -> None: ...


class RoadmapRuns(QObject):
    def __init__(self, host: RoadmapHost, time_limit_s: float = DEFAULT_TIME_LIMIT_S) -> None:
        super().__init__()
        self._host = host
        self._time_limit_s = time_limit_s
        self.action = make_action(self, "Plan the &roadmap", self.run, "Ctrl+R", ROADMAP_TIP)
        view = host.roadmap
        view.plan_requested.connect(self.run)
        view.cancel_requested.connect(self.cancel)
        view.field_requested.connect(host.show_field)
        self.worker: RoadmapWorker | None = None
        self.outcome: RoadmapOutcome | None = None
        self._asked: tuple[ScenarioDocument, int, Catalog, Scenario] | None = None
        """The requirements (document, revision), catalog and scenario of the run going on."""
        self._for: tuple[ScenarioDocument, int, Catalog, Scenario] | None = None
        """Those `outcome` was planned for."""

    def update_actions(self) -> bool:
        """Enable a run for valid requirements and none running; whether one runs."""
        running = self.worker is not None
        scenario = self._host.current_scenario()
        self.action.setEnabled(scenario is not None and not running)
        self._host.roadmap.set_ready(scenario is not None, running)
        self._host.roadmap.set_periods(None if scenario is None else scenario.roadmap.periods)
        return running

    def run(self) -> None:
        scenario, doc = self._host.current_scenario(), self._host.doc
        if scenario is None or doc is None or self.worker is not None:
            return
        self._asked = (doc, doc.revision, self._host.catalog, scenario)
        params = SolveParams(time_limit_s=self._time_limit_s)
        worker = RoadmapWorker(scenario, self._host.catalog, params)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        self.worker = worker
        self._host.roadmap.start(scenario.roadmap.periods)
        self._host.show_status(f"Planning the roadmap over {scenario.roadmap.periods} years…")
        self._host.update_actions()
        self._host.pool.start(worker)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _on_finished(self, outcome: RoadmapOutcome | None) -> None:
        self.worker = None
        view = self._host.roadmap
        asked = self._asked
        if outcome is None or asked is None or asked[0] is not self._host.doc:
            view.cancelled()  # cancelled, or by opening another scenario
            self._host.show_status("Roadmap cancelled")
        else:
            self.outcome, self._for = outcome, asked
            catalog, scenario = asked[2], asked[3]

            def named(key: str) -> str:
                return venue_key_name(key, catalog)

            view.show_outcome(scenario.name, scenario.assumptions.currency, outcome, named)
            view.set_stale(not self.fresh())
            self._host.show_status(f"Roadmap: {outcome.status.value}")
        self._host.update_actions()

    def _on_failed(self, message: str) -> None:
        self.worker = None
        self._host.roadmap.stop()
        self._host.update_actions()
        self._host.inform("Planning the roadmap failed", message)

    def fresh(self) -> bool:
        """Whether the roadmap answers the requirements and catalog shown."""
        if self.outcome is None or self._for is None:
            return False
        doc, revision, catalog, _ = self._for
        return doc is self._host.doc and revision == doc.revision and catalog is self._host.catalog

    def refresh(self) -> None:
        """After an edit or a catalog change: the stale banner, and what can run now."""
        self._host.roadmap.set_stale(self.outcome is not None and not self.fresh())
        self._host.update_actions()

    def clear(self) -> None:
        """A new document: forget the roadmap (a run going on is cancelled)."""
        self.cancel()
        self.outcome = self._for = None
        self._host.roadmap.clear()
