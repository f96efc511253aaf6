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
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget

from catalog.atomic import FileWriteError
from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import Workspace
from planner.analysis.report import StressReport
from planner.optimise.planning import PlanOutcome
from planner.optimise.solving import Progress, SolveParams
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.scenario.document import ScenarioDocument
from planner.scenario.model import Scenario
from planner.scenario.reader import ScenarioError
from ui import settings as app_settings
from ui.actions import Shortcut, make_action
from ui.catalog_view import CatalogView
from ui.requirements_view import RequirementsView
from ui.results_view import ResultsView
from ui.solve_worker import SolveWorker
from ui.stress_runs import StressRuns
from ui.stress_view import StressView
from ui.tradeoff_runs import TradeoffRuns
from ui.tradeoff_view import TradeoffView
from ui.workspace_scenarios import WorkspaceScenarios

MIN_WIDTH_PX, MIN_HEIGHT_PX = 1024, 700
DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX = 1280, 800
TAB_REQUIREMENTS, TAB_CATALOG, TAB_RESULTS, TAB_STRESS, TAB_TRADEOFFS = 0, 1, 2, 3, 4
SCENARIO_FILTER = "Scenario files (*.toml)"


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
        self.worker: SolveWorker | None = None
        self.pool = QThreadPool(self)
        self.last_outcome: PlanOutcome | None = None
        self.last_plan: PlanDocument | None = None
        """The last outcome as the results view, the exports and a saved scenario read it."""
        self._outcome_revision: int | None = None
        self.solved_scenario: Scenario | None = None

        self.requirements = RequirementsView(self.catalog, self.undo_stack)
        self.catalog_view = CatalogView(ctx.workspace)
        self.results = ResultsView()
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
        self.setCentralWidget(self.tabs)
        self.status = QLabel("Open a scenario or an example to start.")
        self.statusBar().addWidget(self.status, 1)

        self.commands: dict[str, QAction] = {}
        self._build_actions()
        self.requirements.validated.connect(self._on_validated)
        self.results.conflict_activated.connect(self._show_field)
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
        self._set_title()
        self.update_actions()
        self.workspace_scenarios = self._add_workspace_scenarios()

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
        examples = file_menu.addMenu("Open &example")
        for path in sorted(self.ctx.examples_dir.glob("*.toml")):
            examples.addAction(self._action(f"example:{path.stem}", path.stem, self._opener(path)))
        self.recent_menu = file_menu.addMenu("&Recent")
        self._fill_recent()
        file_menu.addAction(self._action("save", "&Save", self.save, QKeySequence.StandardKey.Save))
        file_menu.addAction(
            self._action("save_as", "Save &as…", self.save_as, QKeySequence.StandardKey.SaveAs)
        )
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
                "Stop the search (the best plan so far is kept) or the stress tests",
            )
        )
        plan.addAction(self.commands.setdefault("stress", self.stress_runs.action))
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        for key in ("open", "save", "undo", "redo", "solve", "cancel"):
            toolbar.addAction(self.commands[key])

    def _on_validated(self, _scenario: object, _problems: object) -> None:
        self.update_actions()

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_undo_index(self, _index: int) -> None:
        self._mark_stale()
        self.stress_runs.refresh_shocks()

    def _opener(self, path: Path) -> Callable[[], object]:
        return lambda: self.open_scenario(path)

    def update_actions(self) -> None:
        """Enable what makes sense now; Solve only for a valid scenario and no running solve."""
        solving = self.worker is not None
        has_doc = self.doc is not None
        self.commands["solve"].setEnabled(
            has_doc and not solving and self.requirements.scenario is not None
        )
        sweeping = self.tradeoff_runs.update_actions()
        self.commands["cancel"].setEnabled(
            self.stress_runs.update_actions(solving) or solving or sweeping
        )
        self.commands["save"].setEnabled(has_doc)
        self.commands["save_as"].setEnabled(has_doc)

    # Files ---------------------------------------------------------------------------

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open scenario", str(self.ctx.examples_dir),
                                              SCENARIO_FILTER)  # fmt: skip
        if path:
            self.open_scenario(Path(path))

    def open_scenario(self, path: Path) -> bool:
        if not self.maybe_discard():
            return False
        try:
            doc = ScenarioDocument.load(path)
        except ScenarioError as exc:
            self.inform("Cannot open the scenario", str(exc))
            return False
        self.load_document(doc)
        app_settings.remember_file(self.ctx.settings, str(path))
        self._fill_recent()
        self.status.setText(f"Opened {path}")
        return True

    def load_document(self, doc: ScenarioDocument, *, title: str | None = None) -> None:
        """Show a scenario document (from a file or the workspace) as the requirements."""
        self.doc = doc
        self.undo_stack.clear()
        self.requirements.set_document(doc)
        self.stress_runs.clear(doc)
        self.results.clear()
        self.last_outcome = self.last_plan = None
        self.tabs.setCurrentIndex(TAB_REQUIREMENTS)
        self._set_title(title)
        self.update_actions()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in app_settings.read(self.ctx.settings, "files/recent"):  # type: ignore[attr-defined]
            action = self.recent_menu.addAction(entry)
            action.triggered.connect(lambda _c=False, p=entry: self.open_scenario(Path(p)))

    def save(self) -> bool:
        if self.doc is None:
            return False
        if self.doc.path is None:
            return self.save_as()
        if not self._write(None):
            return False
        self.undo_stack.setClean()
        self.status.setText(f"Saved {self.doc.path}")
        return True

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self, "Save scenario as", str(self.doc.path or ""),
                                              SCENARIO_FILTER)  # fmt: skip
        if not path or not self._write(Path(path)):
            return False
        self.undo_stack.setClean()
        self._set_title()
        return True

    def _write(self, path: Path | None) -> bool:
        """Save the document (to `path`, else its own); a file that cannot be written is
        told in a message box, and the edits stay unsaved."""
        assert self.doc is not None
        try:
            self.doc.save(path)
        except FileWriteError as exc:
            self.inform("Cannot save the scenario", str(exc))
            return False
        return True

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
        """True when there are no unsaved edits, or the user agrees to lose them."""
        if self.doc is None or self.undo_stack.isClean():
            return True
        question = "The requirements have unsaved changes. Discard them?"
        if self.ctx.confirm_discard is not None:
            return self.ctx.confirm_discard(question)
        answer = QMessageBox.question(
            self, "Unsaved changes", question,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _set_title(self, title: str | None = None) -> None:
        name = title or (self.doc.path.name if self.doc and self.doc.path else "no scenario")
        self.setWindowTitle(f"{name}[*] — Sovereign-AI planner")

    # Solving -------------------------------------------------------------------------

    def solve(self) -> None:
        scenario = self.requirements.scenario
        if self.doc is None or scenario is None or self.worker is not None:
            return
        time_limit = float(app_settings.read(self.ctx.settings, "solver/time_limit_s"))  # type: ignore[arg-type]
        worker = SolveWorker(scenario, self.catalog, SolveParams(time_limit_s=time_limit),
                             self.doc.revision)  # fmt: skip
        worker.signals.progress.connect(self._on_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        self.worker = worker
        self.solved_scenario = scenario
        self.results.clear()
        self.results.start_progress(scenario.assumptions.currency)
        self.status.setText("Solving…")
        self.tabs.setCurrentIndex(TAB_RESULTS)
        self.update_actions()
        self.pool.start(worker)

    def cancel_solve(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText("Cancelling: keeping the best plan found so far…")
        self.stress_runs.cancel()
        self.tradeoff_runs.cancel()

    def _on_progress(self, progress: Progress) -> None:
        self.results.report_progress(progress.objective, progress.bound)

    def _on_finished(self, outcome: PlanOutcome, revision: int) -> None:
        self.worker = None
        self.last_outcome, self._outcome_revision = outcome, revision
        scenario = self.solved_scenario
        self.last_plan = (
            None if scenario is None else plan_document(outcome, scenario, self.catalog)
        )
        self._show_outcome()
        text = (
            outcome.status.value.replace("_", " ")
            if self.last_plan is None
            else self.last_plan.header.status_text
        )
        self.status.setText(f"{text} in {outcome.solve_seconds:.1f} s")
        self.update_actions()
        self.solve_finished.emit()

    def _on_failed(self, message: str) -> None:
        self.worker = None
        self.results.clear()  # no progress line ticking on behind the message
        self.update_actions()
        self.status.setText("The solve failed.")
        self.solve_finished.emit()
        self.inform("The solve failed", message)

    def result_is_stale(self) -> bool:
        """The shown result was solved for other requirements (or an older catalog)."""
        return self.doc is None or self.doc.revision != self._outcome_revision

    def shown_plan(self) -> PlanDocument | None:
        """The plan on screen, while it answers the current requirements."""
        return None if self.result_is_stale() else self.last_plan

    def shown_stress(self) -> StressReport | None:
        """The stress tests of the plan on screen, when they were run for it."""
        return None if self.shown_plan() is None else self.stress_runs.current()

    def _show_outcome(self) -> None:
        if self.last_plan is None:
            return
        self.results.show_plan(self.last_plan, stale=self.result_is_stale())

    def _mark_stale(self) -> None:
        """An edit after a solve: the result no longer answers the requirements shown."""
        if self.last_outcome is not None:
            self._show_outcome()

    def _show_field(self, path: str) -> None:
        self.tabs.setCurrentIndex(TAB_REQUIREMENTS)
        self.requirements.focus_field(path)

    def _catalog_changed(self) -> None:
        with self.ctx.workspace.sessions() as session:
            self.catalog = load_catalog(session)
        freeze_long_lived_objects()
        self.requirements.set_catalog(self.catalog)
        self.stress.set_catalog(self.catalog)
        if self.last_outcome is not None and self.doc is not None:
            self._outcome_revision = -1  # solved against an older catalog
            self._show_outcome()

    # Shutdown ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_discard():
            event.ignore()
            return
        self.cancel_solve()
        self.pool.waitForDone()
        app_settings.write(self.ctx.settings, "window/geometry", self.saveGeometry())
        event.accept()
