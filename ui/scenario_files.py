"""Scenario files in the window: open, the recent list, save and save-as, unsaved changes.

A shipped example opens as an untitled copy: Save asks where to keep it, and no save ever
writes into the examples' folder (a user who pressed Ctrl+S on the cold-start example once
overwrote the package's eu-bank.toml). The "Unsaved changes" prompt defaults to Cancel, so
Enter neither overwrites a file nor throws edits away.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QDir, QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from catalog.atomic import FileWriteError
from planner.scenario.document import ScenarioDocument
from planner.scenario.reader import ScenarioError
from ui import settings as app_settings

SCENARIO_SUFFIX = ".toml"
SCENARIO_FILTER = f"Scenario files (*{SCENARIO_SUFFIX})"
UNSAVED_QUESTION = "The requirements have unsaved changes. Discard them?"
"""Asked of the context's hook (tests); the dialog offers Save, Discard and Cancel."""
UNSAVED_TEXT = "The requirements have unsaved changes."
UNSAVED_CHOICES = "Save them to a scenario file, discard them, or cancel (Enter)."
EXAMPLE_STATUS = (
    "Showing the example {name} as an untitled copy: Save asks where to keep it; "
    "File ▸ Open example offers the others."
)
EXAMPLE_TITLE = "{name} (example, unsaved copy)"


class FileHost(Protocol):
    """What the file commands need from the window."""

    doc: ScenarioDocument | None
    undo_stack: QUndoStack

    def load_document(self, doc: ScenarioDocument, *, title: str | None = None) -> None: ...

    def inform(self, title: str, text: str) -> None: ...

    def show_status(self, text: str) -> None: ...

    def set_title(self, title: str | None = None) -> None: ...


def in_folder(path: Path, folder: Path) -> bool:
    """Whether `path` lies inside `folder` (links resolved, so no alias slips through)."""
    return path.resolve().is_relative_to(folder.resolve())


def with_suffix(path: str, suffix: str, known: tuple[str, ...] = ()) -> Path:
    """The chosen file name, with the chosen format's extension added unless the name already
    ends with it or with another `known` one (the user typed "plan.pdf" under Excel)."""
    name = Path(path).name.lower()
    ends = any(name.endswith(s.lower()) and len(name) > len(s) for s in (suffix, *known) if s)
    return Path(path) if ends else Path(f"{path}{suffix}")


def unsaved_changes_box(parent: QWidget | None) -> QMessageBox:
    """Save, Discard or Cancel; Enter and Escape both mean Cancel (nothing is lost)."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes", UNSAVED_TEXT,
                      buttons.Save | buttons.Discard | buttons.Cancel, parent)  # fmt: skip
    box.setInformativeText(UNSAVED_CHOICES)
    box.setDefaultButton(buttons.Cancel)
    box.setEscapeButton(buttons.Cancel)
    return box


class ScenarioFiles:
    """File ▸ Open, Open example, Recent, Save scenario file and Save scenario file as."""

    def __init__(self, host: FileHost, parent: QWidget, settings: QSettings, examples_dir: Path,
                 confirm_discard: Callable[[str], bool] | None) -> None:  # fmt: skip
        self._host, self._parent, self._settings = host, parent, settings
        self.examples_dir = examples_dir
        self._confirm_discard = confirm_discard
        self.copy_of: Path | None = None
        """The shipped example the untitled document was opened from, if it was."""
        self.recent_menu = QMenu("&Recent", parent)
        self.fill_recent()

    def is_example(self, path: Path) -> bool:
        return in_folder(path, self.examples_dir)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._parent, "Open scenario",
                                              str(self.examples_dir), SCENARIO_FILTER)  # fmt: skip
        if path:
            self.open_scenario(Path(path))

    def open_scenario(self, path: Path) -> bool:
        if not self.maybe_discard():
            return False
        try:
            doc = ScenarioDocument.load(path)
        except ScenarioError as exc:
            self._host.inform("Cannot open the scenario", str(exc))
            return False
        title = None
        example = self.is_example(path)
        if example:
            doc.path = None  # an untitled copy: Save asks where
            title = EXAMPLE_TITLE.format(name=path.stem)
        self._host.load_document(doc, title=title)
        self.copy_of = path if example else None
        app_settings.remember_file(self._settings, str(path))
        self.fill_recent()
        self._host.show_status(EXAMPLE_STATUS.format(name=path.stem) if title else f"Opened {path}")
        return True

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in app_settings.read(self._settings, "files/recent"):  # type: ignore[attr-defined]
            action = self.recent_menu.addAction(entry.replace("&", "&&"))  # no mnemonic
            action.triggered.connect(lambda _c=False, p=entry: self.open_scenario(Path(p)))

    def save(self) -> bool:
        doc = self._host.doc
        if doc is None:
            return False
        if doc.path is None:
            return self.save_as()
        if not self._write(None):
            return False
        self._host.undo_stack.setClean()
        self._host.show_status(f"Saved {doc.path}")
        return True

    def save_as(self) -> bool:
        doc = self._host.doc
        if doc is None:
            return False
        start = doc.path or Path(QDir.homePath()) / (self.copy_of.name if self.copy_of else "")
        path, _ = QFileDialog.getSaveFileName(self._parent, "Save scenario file as", str(start),
                                              SCENARIO_FILTER)  # fmt: skip
        if not path or not self._write(with_suffix(path, SCENARIO_SUFFIX)):
            return False
        self._host.undo_stack.setClean()
        self._host.set_title()
        self._host.show_status(f"Saved {doc.path}")
        return True

    def _write(self, path: Path | None) -> bool:
        """Save the document (to `path`, else its own); a file that cannot be written, or
        one among the shipped examples, is told in a message box and the edits stay unsaved."""
        doc = self._host.doc
        assert doc is not None
        target = path or doc.path
        if target is not None and self.is_example(target):
            self._host.inform("Cannot save the scenario",
                              f"{target}: the shipped examples are never overwritten; "
                              "save the scenario in another folder.")  # fmt: skip
            return False
        try:
            doc.save(path)
        except FileWriteError as exc:
            self._host.inform("Cannot save the scenario", str(exc))
            return False
        return True

    def maybe_discard(self) -> bool:
        """True when there are no unsaved edits, or the user saved them or agreed to lose them."""
        if self._host.doc is None or self._host.undo_stack.isClean():
            return True
        if self._confirm_discard is not None:
            return self._confirm_discard(UNSAVED_QUESTION)
        answer = unsaved_changes_box(self._parent).exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
