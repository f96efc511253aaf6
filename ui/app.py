"""`sovplan-gui [SCENARIO.toml]`: builds the QApplication, opens the workspace, shows the window."""

import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from catalog.errors import CatalogError
from catalog.workspace import open_workspace, resolve_workspace_path
from planner.optimise.solving import warm_up
from planner.scenario.examples import example_names, example_path, examples_dir
from ui.main_window import AppContext, MainWindow

ORGANISATION = "sovplan"
APPLICATION = "Sovereign-AI planner"
DEFAULT_EXAMPLE = "eu-bank"
"""The shipped example shown at a cold start without a scenario argument."""


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    return app  # type: ignore[return-value]


def _show_unexpected(kind: type[BaseException], error: BaseException,
                     tb: TracebackType | None) -> None:  # fmt: skip
    """No silent failures: an unexpected error reaches the user with its traceback.

    A workspace that became busy, read-only or damaged while the window was open is not a
    bug: its message says what to do, and no traceback is shown.
    """
    if isinstance(error, CatalogError):
        QMessageBox.warning(None, APPLICATION, str(error))
        return
    text = "".join(traceback.format_exception(kind, error, tb))
    print(text, file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, APPLICATION, f"Unexpected error: {error}")
    box.setDetailedText(text)
    box.exec()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    app = create_application(argv)
    try:
        workspace = open_workspace(resolve_workspace_path())
    except CatalogError as exc:
        QMessageBox.critical(None, APPLICATION, f"The workspace cannot be opened:\n{exc}")
        return 2
    sys.excepthook = _show_unexpected
    window = MainWindow(AppContext(workspace, QSettings(), examples_dir()))
    window.show()
    scenario = next((Path(a) for a in argv[1:] if a.endswith(".toml")), None)
    if scenario is None and DEFAULT_EXAMPLE in example_names():
        scenario = example_path(DEFAULT_EXAMPLE)
    if scenario is not None:
        window.open_scenario(scenario)
    # Solves run in child processes; their fork server starts now, not on the first solve.
    threading.Thread(target=warm_up, name="solver-warm-up", daemon=True).start()
    try:
        return app.exec()
    finally:
        workspace.close()


if __name__ == "__main__":
    sys.exit(main())
