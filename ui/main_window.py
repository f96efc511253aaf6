"""The main window: requirements, catalog and results, with solve, undo and files.

It wires views to planner/ services and holds no business rule: the scenario document
validates itself, the worker plans, the views show what planner/ computed.
"""

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import Workspace
from planner.analysis.report import StressReport
from planner.exports.control_cost import ControlCost
from planner.optimise.planning import PlanOutcome
from planner.results.plan_document import PlanDocument
from planner.scenario.document import ScenarioDocument
from planner.scenario.model import Scenario
from ui import settings as app_settings
from ui.actions import Shortcut, make_action
from ui.catalog_view import CatalogView
from ui.conflict_actions import ConflictActions
from ui.keyboard import tab_leaves_tables
from ui.plan_choice import OpenedPlan
from ui.planning import Planning
from ui.requirements_view import RequirementsView
from ui.results_view import ResultsView
from ui.roadmap_runs import RoadmapRuns
from ui.roadmap_view import RoadmapView
from ui.scenario_files import ScenarioFiles
from ui.stress_runs import StressRuns
from ui.stress_view import StressView
from ui.tradeoff_runs import TradeoffRuns
from ui.tradeoff_view import TradeoffView
from ui.undo import toolbar_undo_actions
from ui.workspace_scenarios import WorkspaceScenarios

MIN_WIDTH_PX, MIN_HEIGHT_PX = 1024, 700
DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX = 1280, 800
SAVE_TIP = "Write the requirements to their TOML scenario file (an example asks where)"
SAVE_AS_TIP = "Write the requirements to a new TOML scenario file"
TAB_REQUIREMENTS, TAB_CATALOG, TAB_RESULTS, TAB_STRESS, TAB_TRADEOFFS, TAB_ROADMAP = range(6)


@dataclass
class AppContext:
    """What the window needs, passed in explicitly (tests build their own)."""

    workspace: Workspace
    settings: QSettings
    examples_dir: Path
    confirm_discard: Callable[[str], bool] | None = None
    """Asked before unsaved changes are lost; None shows a dialog."""
    inform: Callable[[str, str], None] | None = None
    """Tells the user why something could not be done (title, text); None shows a dialog."""


def freeze_long_lived_objects() -> None:
    """Keep the catalog and the app's own objects out of the garbage collector's full passes.

    A full collection walks every tracked object while holding the GIL; with a national
    catalog that froze the event loop for over 100 ms while a plan was compiled in the
    background. Frozen objects are skipped (measured: longest stall 37 ms instead of 126 ms,
    benchmarks/gui_responsiveness.py).
    """
    gc.collect()
    gc.freeze()


class MainWindow(QMainWindow):
    solve_finished = Signal()
    """A solve ended (with a plan, conflicts, a cancel or a failure)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        with ctx.workspace.sessions() as session:
            self.catalog: Catalog = load_catalog(session)
        freeze_long_lived_objects()
        self.undo_stack = QUndoStack(self)
        self.doc: ScenarioDocument | None = None
        self.pool = QThreadPool(self)

        self.requirements = RequirementsView(self.catalog, self.undo_stack)
        self.catalog_view = CatalogView(ctx.workspace)
        self.results = ResultsView()
        self.planning = Planning(self, self.pool, ctx.settings)
        self.live = self.planning.live
        self.stress = StressView(self.catalog, self.undo_stack)
        self.stress_runs = StressRuns(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.requirements, "Requirements")
        self.tabs.addTab(self.catalog_view, "Catalog")
        self.tabs.addTab(self.results, "Results")
        self.tabs.addTab(self.stress, "Stress")
        self.tradeoffs = TradeoffView()
        self.tabs.addTab(self.tradeoffs, "Trade-offs")
        self.tradeoff_runs = TradeoffRuns(self)
        self.roadmap = RoadmapView()
        self.tabs.addTab(self.roadmap, "Roadmap")
        self.roadmap_runs = RoadmapRuns(self)
        self.setCentralWidget(self.tabs)
        self.status = QLabel("Open a scenario or an example to start.")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.live.indicator)

        self._title: str | None = None
        self.files = ScenarioFiles(self, self, ctx.settings, ctx.examples_dir, ctx.confirm_discard)
        self.commands: dict[str, QAction] = {}
        self._build_actions()
        self.requirements.validated.connect(self._on_validated)
        self.results.conflict_activated.connect(self.show_field)
        self.planning.solve_finished.connect(self.solve_finished)
        self.conflict_actions = ConflictActions(self.results.conflict_list, self)
        self.results.add_below_conflicts(self.conflict_actions)
        self.catalog_view.catalog_changed.connect(self._catalog_changed)
        # Bound methods, not lambdas: Qt drops them with the window, so a late signal from a
        # child never reaches a deleted window.
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.undo_stack.indexChanged.connect(self._on_undo_index)
        self.setMinimumSize(MIN_WIDTH_PX, MIN_HEIGHT_PX)
        self.resize(DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX)
        geometry = app_settings.read(ctx.settings, "window/geometry")
        if geometry:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        self.set_title()
        self.update_actions()
        self.workspace_scenarios = self._add_workspace_scenarios()
        tab_leaves_tables(self)

    def _add_workspace_scenarios(self) -> WorkspaceScenarios:
        """Saved scenarios, comparison and export: their actions above Quit, their tab last."""
        scenarios = WorkspaceScenarios(self, self.ctx.workspace, self,
                                       confirm_discard=self.ctx.confirm_discard)  # fmt: skip
        quit_action = self.commands["quit"]
        for key, action in scenarios.menu_actions.items():
            self.commands[key] = action
            self.file_menu.insertAction(quit_action, action)
        self.file_menu.insertSeparator(quit_action)
        self.tabs.addTab(scenarios.comparison, "Comparison")
        scenarios.comparison_shown.connect(self._show_comparison)
        return scenarios

    def _show_comparison(self) -> None:
        self.tabs.setCurrentWidget(self.workspace_scenarios.comparison)

    # Actions -------------------------------------------------------------------------

    def _action(self, key: str, text: str, slot: Callable[[], object],
                shortcut: Shortcut | None = None, tip: str = "") -> QAction:  # fmt: skip
        action = self.commands[key] = make_action(self, text, slot, shortcut, tip)
        return action

    def _build_actions(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(
            self._action("open", "&Open scenario…", self.open_dialog, QKeySequence.StandardKey.Open)
        )
        examples = file_menu.addMenu("Open e&xample")
        for path in sorted(self.ctx.examples_dir.glob("*.toml")):
            examples.addAction(self._action(f"example:{path.stem}", path.stem, self._opener(path)))
        file_menu.addMenu(self.files.recent_menu)
        file_menu.addAction(self._action("save", "&Save scenario file", self.save,
                                         QKeySequence.StandardKey.Save, SAVE_TIP))  # fmt: skip
        file_menu.addAction(self._action("save_as", "Save scenario file &as…", self.save_as,
                                         QKeySequence.StandardKey.SaveAs, SAVE_AS_TIP))  # fmt: skip
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("quit", "&Quit", self.close, QKeySequence.StandardKey.Quit)
        )
        edit = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.commands["undo"], self.commands["redo"] = undo, redo
        edit.addActions([undo, redo])
        plan = self.menuBar().addMenu("&Plan")
        plan.addAction(
            self._action(
                "solve", "&Solve", self.solve, "F5", "Find the best plan for the requirements (F5)"
            )
        )
        plan.addAction(
            self._action(
                "cancel",
                "&Cancel solve",
                self.cancel_solve,
                "Esc",
                "Stop the search (the best plan so far is kept), the stress tests, a trade-off "
                "sweep or the roadmap",
            )
        )
        plan.addAction(self.commands.setdefault("live", self.live.action))
        plan.addAction(self.commands.setdefault("stress", self.stress_runs.action))
        plan.addAction(self.commands.setdefault("roadmap", self.roadmap_runs.action))
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.addActions([self.commands["open"], self.commands["save"]])
        toolbar.addActions(list(toolbar_undo_actions(self.undo_stack, toolbar)))
        for key in ("solve", "cancel", "live"):
            toolbar.addAction(self.commands[key])

    def _on_validated(self, _scenario: object, _problems: object) -> None:
        self.update_actions()

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_undo_index(self, _index: int) -> None:
        self.planning.show()  # the plan shown is stale now
        self.stress_runs.refresh_shocks()
        self.roadmap_runs.refresh()
        self.live.edited()

    def _opener(self, path: Path) -> Callable[[], object]:
        return lambda: self.open_scenario(path)

    def update_actions(self) -> None:
        """Enable what makes sense now; Solve for a valid scenario and no F5 solve running."""
        solving = self.planning.runs.running
        has_doc = self.doc is not None
        self.commands["solve"].setEnabled(self.planning.can_solve())
        sweeping = self.tradeoff_runs.update_actions() | self.roadmap_runs.update_actions()
        self.commands["cancel"].setEnabled(
            self.stress_runs.update_actions(solving) or solving or sweeping
        )
        self.commands["save"].setEnabled(has_doc)
        self.commands["save_as"].setEnabled(has_doc)

    # Files (ui/scenario_files.py) ----------------------------------------------------

    def open_dialog(self) -> None:
        self.files.open_dialog()

    def open_scenario(self, path: Path) -> bool:
        return self.files.open_scenario(path)

    def load_document(self, doc: ScenarioDocument, *, title: str | None = None) -> None:
        """Show a scenario document (from a file or the workspace) as the requirements."""
        self.doc = doc
        self.undo_stack.clear()
        self._title, self.files.copy_of = None, None
        self.requirements.set_document(doc)
        self.planning.reset()  # after the edits of the document before are cleared
        self.stress_runs.clear(doc)
        self.roadmap_runs.clear()
        self.results.clear()
        self.tabs.setCurrentIndex(TAB_REQUIREMENTS)
        self.set_title(title)
        self.update_actions()

    def save(self) -> bool:
        return self.files.save()

    def save_as(self) -> bool:
        return self.files.save_as()

    def current_scenario(self) -> Scenario | None:
        """The requirements shown, when they are valid."""
        return self.requirements.scenario

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def inform(self, title: str, text: str) -> None:
        """Tell the user why something could not be done (a dialog, or the context's hook)."""
        if self.ctx.inform is not None:
            self.ctx.inform(title, text)
        else:
            QMessageBox.warning(self, title, text)

    def maybe_discard(self) -> bool:
        """True when there are no unsaved edits, or the user saved them or agreed to lose them."""
        return self.files.maybe_discard()

    def set_title(self, title: str | None = None) -> None:
        """The window's title: the file's name, or `title` for a copy or a saved scenario."""
        if title is not None:
            self._title = title
        elif self.doc is not None and self.doc.path is not None:
            self._title = self.doc.path.name
        name = self._title or "no scenario"
        self.setWindowTitle(f"{name}[*] — Sovereign-AI planner")

    # Solving: the current plan lives in ui/planning.py ---------------------------------

    def solve(self) -> None:
        self.planning.solve()

    def cancel_solve(self) -> None:
        self.planning.cancel()
        self.stress_runs.cancel()
        self.tradeoff_runs.cancel()
        self.roadmap_runs.cancel()

    @property
    def last_outcome(self) -> PlanOutcome | None:
        return self.planning.last_outcome

    @property
    def last_plan(self) -> PlanDocument | None:
        return self.planning.last_plan

    @property
    def solved_scenario(self) -> Scenario | None:
        return self.planning.solved_scenario

    def result_is_stale(self) -> bool:
        return self.planning.result_is_stale()

    def shown_plan(self) -> PlanDocument | None:
        return self.planning.shown_plan()

    def shown_scenario_toml(self) -> str | None:
        return self.planning.shown_scenario_toml()

    def shown_stress(self) -> StressReport | None:
        """The stress tests of the plan on screen, when they were run for it (they are run
        for the solved plan, not one opened from the front)."""
        if self.shown_plan() is None or self.planning.opened is not None:
            return None
        return self.stress_runs.current()

    def shown_control(self) -> ControlCost | None:
        """What control costs, from the front computed for the requirements shown."""
        return self.tradeoff_runs.control()

    def open_plan(self, opened: OpenedPlan) -> None:
        self.planning.open_plan(opened)

    def show_field(self, path: str) -> None:
        self.tabs.setCurrentIndex(TAB_REQUIREMENTS)
        self.requirements.focus_field(path)

    def use_suggestion(self, path: str, value: float) -> None:
        """Set a requirement to the value a conflict's diagnosis computed (undoable)."""
        self.requirements.set_value(path, value)
        self.show_field(path)
        self.status.setText("Requirement changed as suggested: solve again (F5).")

    def _catalog_changed(self) -> None:
        with self.ctx.workspace.sessions() as session:
            self.catalog = load_catalog(session)
        freeze_long_lived_objects()
        self.requirements.set_catalog(self.catalog)
        self.stress.set_catalog(self.catalog)
        self.planning.catalog_changed()
        self.roadmap_runs.refresh()

    # Shutdown ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_discard():
            event.ignore()
            return
        self.cancel_solve()
        self.planning.runs.supersede()
        self.pool.waitForDone()
        app_settings.write(self.ctx.settings, "window/geometry", self.saveGeometry())
        event.accept()
