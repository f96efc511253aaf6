"""Saved scenarios, comparison and exports in the window: menus wired to planner/ services.

Kept apart from the main window so each stays one responsibility: this module stores and
reopens scenarios in the workspace, compares them and exports plans. It sees the window
only through `ScenarioHost` (the requirements shown, the plan that answers them, and a way
to speak to the user); the window places the actions in its menu and the comparison in a
tab, and shows that tab on `comparison_shown`.
"""

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from catalog.errors import CatalogError
from catalog.revisions import current_revision
from catalog.workspace import Workspace
from planner.analysis.report import StressReport
from planner.errors import PlannerError
from planner.exports import EXPORT_FORMATS, export_format, export_plan
from planner.exports.control_cost import CONTROL_TITLE, ControlCost
from planner.results.compare import Comparison, compare
from planner.results.plan_document import PlanDocument
from planner.results.saved import SavedSummary
from planner.results.saved_scenarios import list_saved, load_saved
from planner.results.saved_store import delete_saved, duplicate_saved, rename_saved, store_plan
from planner.scenario.document import ScenarioDocument
from ui.actions import make_action
from ui.comparison_view import ComparisonView
from ui.saved_scenarios_dialog import SavedScenariosDialog
from ui.scenario_files import with_suffix

EXPORT_FILTERS = {f"{label} (*{suffix})": suffix for suffix, label in EXPORT_FORMATS}
EXPORT_FILTER = ";;".join(EXPORT_FILTERS)


def suffix_of(name_filter: str) -> str:
    """The extension of the format picked in the export dialog ("" when none was)."""
    return EXPORT_FILTERS.get(name_filter, "")


class ScenarioHost(Protocol):
    """What saving, reopening and exporting need from the window, and nothing more."""

    @property
    def doc(self) -> ScenarioDocument | None:
        """The requirements being edited (None before a scenario is opened)."""

    def shown_plan(self) -> PlanDocument | None:
        """The plan on screen, or None when there is none or it answers older requirements."""

    def shown_scenario_toml(self) -> str | None:
        """The requirements whose plan is on screen (a front point's carry its bound)."""

    def shown_control(self) -> ControlCost | None:
        """What control costs, when a front answers the requirements shown."""

    def shown_stress(self) -> StressReport | None:
        """The stress tests of the plan on screen, if they were run for it."""

    def load_document(self, doc: ScenarioDocument, *, title: str | None = None) -> None:
        """Show a scenario as the requirements (unsaved edits already dealt with)."""

    def maybe_discard(self) -> bool:
        """True when there are no unsaved edits, or the user agrees to lose them."""

    def inform(self, title: str, text: str) -> None:
        """Tell the user why something could not be done."""

    def show_status(self, text: str) -> None:
        """Say in the status bar what just happened."""


class WorkspaceScenarios(QObject):
    """File ▸ Save to workspace, Saved scenarios and Export plan, and the comparison view."""

    comparison_shown = Signal()
    """A comparison was drawn in `comparison`; the window brings it to the front."""

    def __init__(self, host: ScenarioHost, workspace: Workspace, parent: QWidget, *,
                 confirm_discard: Callable[[str], bool] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._host = host
        self._workspace = workspace
        self._parent = parent
        self._confirm_discard = confirm_discard
        self.comparison = ComparisonView()
        self.dialog: SavedScenariosDialog | None = None
        self._kept: tuple[PlanDocument, str] | None = None
        """The plan last kept in the workspace and its name: the title of its exports."""
        self.menu_actions: dict[str, QAction] = {
            "save_to_workspace": make_action(
                self,
                "Keep requirements and plan in the &workspace…",
                self.ask_save,
                "Ctrl+Shift+W",
                "Store the requirements with their solved plan under a name in the workspace, "
                "to reopen and compare later (the scenario file is not written)",
            ),
            "saved_scenarios": make_action(
                self,
                "Sa&ved scenarios…",
                self.show_saved,
                "Ctrl+Shift+O",
                "Open, compare, rename or delete saved scenarios",
            ),
            "export": make_action(
                self,
                "&Export plan…",
                self.ask_export,
                "Ctrl+E",
                "XLSX procurement plan, PDF board report, FOCUS CSV, JSON, Markdown, DORA register",
            ),
        }
        """In menu order, by command name."""

    def _plan(self) -> PlanDocument | None:
        """The plan shown, unless the requirements or the catalog changed since its solve."""
        return self._host.shown_plan()

    def _warn(self, title: str, text: str) -> None:
        self._host.inform(title, text)

    # Saving and exporting ------------------------------------------------------------

    def ask_save(self) -> None:
        doc = self._host.doc
        named = doc and (doc.path.stem if doc.path else doc.get("name"))  # the file, or the title
        default = str(named or "")
        name, ok = QInputDialog.getText(self._parent, "Keep in the workspace",
                                        "Name of the saved scenario:", text=default)  # fmt: skip
        if ok and name:
            self.save(name)

    def save(self, name: str, *, overwrite: bool = False) -> bool:
        """Store the current plan (solved, or opened from the front) under `name`, with the
        requirements it answers."""
        plan, toml = self._plan(), self._host.shown_scenario_toml()
        if plan is None or toml is None:
            self._warn("Nothing to save", "Solve the current requirements first (F5).")
            return False
        try:
            store_plan(self._workspace, name, toml, plan, overwrite=overwrite)
        except (PlannerError, CatalogError) as exc:  # a taken or invalid name
            self._warn("Cannot save", str(exc))
            return False
        self._kept = (plan, name)
        self._host.show_status(f"Saved as {name} in the workspace")
        return True

    def ask_export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self._parent, "Export plan", "", EXPORT_FILTER)
        if path:
            self.export_to(with_suffix(path, suffix_of(chosen), tuple(EXPORT_FILTERS.values())))

    def export_to(self, path: Path) -> bool:
        plan = self._plan()
        if plan is None:
            self._warn("Nothing to export", "Solve the current requirements first (F5).")
            return False
        control = self._host.shown_control()
        try:
            title = self._kept[1] if self._kept is not None and self._kept[0] is plan else None
            export_plan(plan, path, stress=self._host.shown_stress(), control=control, title=title)
            with_front = control is not None and export_format(path) in (".pdf", ".xlsx")
        except (PlannerError, CatalogError) as exc:  # a wrong extension; a file-system error
            self._warn("Cannot export", str(exc))
            return False
        self._host.show_status(
            f"Exported {path}" + (f" with {CONTROL_TITLE}" if with_front else "")
        )
        return True

    # The saved-scenarios dialog ------------------------------------------------------

    def rows(self) -> list[SavedSummary]:
        with self._workspace.sessions() as session:
            revision = current_revision(session)
            saved = list_saved(session)
        return [s.summary(revision) for s in saved]

    def show_saved(self) -> SavedScenariosDialog:
        dialog = SavedScenariosDialog(self.rows(), self._parent, confirm=self._confirm_discard)
        dialog.open_requested.connect(self.open_saved)
        dialog.compare_requested.connect(self.compare_saved)
        dialog.rename_requested.connect(lambda old, new: self._store(rename_saved, old, new))
        dialog.duplicate_requested.connect(
            lambda name, new: self._store(duplicate_saved, name, new)
        )
        dialog.delete_requested.connect(lambda name: self._store(delete_saved, name))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _store(self, action: Any, *names: str) -> None:
        try:
            action(self._workspace, *names)
        except CatalogError as exc:
            self._warn("Saved scenarios", str(exc))
        if self.dialog is not None:
            self.dialog.set_rows(self.rows())

    def open_saved(self, name: str) -> None:
        with self._workspace.sessions() as session:
            saved = load_saved(session, name)
            revision = current_revision(session)
        if not self._host.maybe_discard():
            return
        self._host.load_document(ScenarioDocument(tomllib.loads(saved.scenario_toml)), title=name)
        note = (f"; it was solved against catalog revision {saved.catalog_revision}, now "
                f"{revision}: solve again (F5)" if saved.is_outdated(revision) else "")  # fmt: skip
        self._host.show_status(f"Opened saved scenario {name} ({saved.status}){note}")

    def compare_saved(self, names: list[str]) -> Comparison | None:
        with self._workspace.sessions() as session:
            saved = [load_saved(session, n) for n in names]
        try:
            comparison = compare(saved)
        except PlannerError as exc:
            self._warn("Cannot compare", str(exc))
            return None
        self.comparison.show_comparison(comparison)
        self.comparison_shown.emit()
        self._host.show_status(f"Comparing {len(names)} saved scenarios: {', '.join(names)}")
        if self.dialog is not None:  # out of the way of the comparison it asked for
            self.dialog.accept()
        return comparison
