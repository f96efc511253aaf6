"""The main window as most GUI tests want it: a fresh workspace and settings file, shown,
discarding unsaved edits without asking, messages swallowed. A test file that needs other
answers defines its own `window` fixture, which takes precedence."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from catalog.workspace import Workspace
from planner.scenario.examples import examples_dir
from ui.main_window import AppContext, MainWindow


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(workspace, settings, examples_dir(), confirm_discard=lambda _q: True,
                     inform=lambda _t, _x: None)  # fmt: skip
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.pool.waitForDone()
