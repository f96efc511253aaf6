"""Saved scenarios, comparison and exports in the window: menus wired to planner/ services.

Kept apart from the main window so each stays one responsibility: this module stores and
reopens scenarios in the workspace, compares them in the Comparison tab and exports plans.
"""

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QInputDialog

from catalog.errors import CatalogError
from catalog.revisions import current_revision
from catalog.scenario_store import delete_scenario, duplicate_scenario, rename_scenario
from planner.errors import PlannerError
from planner.exports import EXPORT_FORMATS, export_plan
from planner.results.compare import Comparison, compare
from planner.results.plan_document import PlanDocument
from planner.results.saved import SavedSummary
from planner.results.saved_scenarios import list_saved, load_saved, save_plan
from planner.scenario.document import ScenarioDocument
from ui.comparison_view import ComparisonView
from ui.saved_scenarios_dialog import SavedScenariosDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow

EXPORT_FILTER = ";;".join(f"{label} (*{suffix})" for suffix, label in EXPORT_FORMATS)


class WorkspaceScenarios:
    """Adds File ▸ Save to workspace, Saved scenarios, Export plan and the Comparison tab."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.comparison = ComparisonView()
        self.tab = window.tabs.addTab(self.comparison, "Comparison")
        self.dialog: SavedScenariosDialog | None = None
        menu = window.file_menu
        menu.insertAction(
            window.commands["quit"],
            window._action(
                "save_to_workspace",
                "Save plan to &workspace…",
                self.ask_save,
                "Ctrl+Shift+W",
                "Keep the requirements and their plan in the workspace",
            ),
        )
        menu.insertAction(
            window.commands["quit"],
            window._action(
                "saved_scenarios",
                "Saved &scenarios…",
                self.show_saved,
                "Ctrl+Shift+O",
                "Open, compare, rename or delete saved scenarios",
            ),
        )
        menu.insertAction(
            window.commands["quit"],
            window._action(
                "export",
                "&Export plan…",
                self.ask_export,
                "Ctrl+E",
                "XLSX procurement plan, PDF board report, FOCUS CSV, JSON, Markdown, DORA register",
            ),
        )
        menu.insertSeparator(window.commands["quit"])  # fmt: skip

    def _plan(self) -> PlanDocument | None:
        """The plan shown, unless the requirements or the catalog changed since its solve."""
        w = self.window
        return None if w.result_is_stale() else w.last_plan

    def _warn(self, title: str, text: str) -> None:
        self.window.inform(title, text)

    # Saving and exporting ------------------------------------------------------------

    def ask_save(self) -> None:
        default = self.window.doc.path.stem if self.window.doc and self.window.doc.path else ""
        name, ok = QInputDialog.getText(self.window, "Save to workspace", "Name:", text=default)
        if ok and name:
            self.save(name)

    def save(self, name: str, *, overwrite: bool = False) -> bool:
        """Store the current requirements with their (fresh) plan under `name`."""
        plan = self._plan()
        if plan is None or self.window.doc is None:
            self._warn("Nothing to save", "Solve the current requirements first (F5).")
            return False
        try:
            with self.window.ctx.workspace.sessions.begin() as session:
                save_plan(session, name, self.window.doc.to_toml(), plan, overwrite=overwrite)
        except (PlannerError, CatalogError) as exc:  # a taken or invalid name
            self._warn("Cannot save", str(exc))
            return False
        self.window.status.setText(f"Saved as {name} in the workspace")
        return True

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Export plan", "", EXPORT_FILTER)
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        plan = self._plan()
        if plan is None:
            self._warn("Nothing to export", "Solve the current requirements first (F5).")
            return False
        try:
            export_plan(plan, path)
        except (PlannerError, OSError) as exc:
            self._warn("Cannot export", str(exc))
            return False
        self.window.status.setText(f"Exported {path}")
        return True

    # The saved-scenarios dialog ------------------------------------------------------

    def rows(self) -> list[SavedSummary]:
        with self.window.ctx.workspace.sessions() as session:
            revision = current_revision(session)
            saved = list_saved(session)
        return [s.summary(revision) for s in saved]

    def show_saved(self) -> SavedScenariosDialog:
        dialog = SavedScenariosDialog(self.rows(), self.window,
                                      confirm=self.window.ctx.confirm_discard)  # fmt: skip
        dialog.open_requested.connect(self.open_saved)
        dialog.compare_requested.connect(self.compare_saved)
        dialog.rename_requested.connect(lambda old, new: self._store(rename_scenario, old, new))
        dialog.duplicate_requested.connect(
            lambda name, new: self._store(duplicate_scenario, name, new)
        )
        dialog.delete_requested.connect(lambda name: self._store(delete_scenario, name))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _store(self, action: Any, *names: str) -> None:
        try:
            with self.window.ctx.workspace.sessions.begin() as session:
                action(session, *names)
        except CatalogError as exc:
            self._warn("Saved scenarios", str(exc))
        if self.dialog is not None:
            self.dialog.set_rows(self.rows())

    def open_saved(self, name: str) -> None:
        w = self.window
        with w.ctx.workspace.sessions() as session:
            saved = load_saved(session, name)
            revision = current_revision(session)
        if not w.maybe_discard():
            return
        w.load_document(ScenarioDocument(tomllib.loads(saved.scenario_toml)), title=name)
        note = (f"; it was solved against catalog revision {saved.catalog_revision}, now "
                f"{revision}: solve again (F5)" if saved.is_outdated(revision) else "")  # fmt: skip
        w.status.setText(f"Opened saved scenario {name} ({saved.status}){note}")

    def compare_saved(self, names: list[str]) -> Comparison | None:
        with self.window.ctx.workspace.sessions() as session:
            saved = [load_saved(session, n) for n in names]
        try:
            comparison = compare(saved)
        except PlannerError as exc:
            self._warn("Cannot compare", str(exc))
            return None
        self.comparison.show_comparison(comparison)
        self.window.tabs.setCurrentIndex(self.tab)
        return comparison
