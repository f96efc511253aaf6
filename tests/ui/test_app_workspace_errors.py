"""Issue 11, failures 2-4 in the GUI: a workspace that cannot be used is a message, never a
traceback, whether it fails as the window opens or later."""

import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

import catalog.engine
import ui.app
from catalog.errors import WorkspaceBusyError
from catalog.workspace import WORKSPACE_ENV_VAR
from tests.catalog.reliability import read_only, write_lock

pytestmark = pytest.mark.gui


def _bookmarks(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("create table bookmarks (id integer primary key, url text)")
    db.close()


def _damaged(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(4096)  # page 2 onwards: where the tables begin
        handle.write(random.Random(2).randbytes(8 * 4096))


@pytest.mark.parametrize(
    ("state", "said"),
    [
        ("busy", "the workspace is busy with another sovplan process; try again"),
        ("damaged", "the workspace is damaged"),
        ("another program's file", "not a sovplan workspace"),
        ("read-only", "the workspace cannot be written (the file is read-only)"),
    ],
)
def test_a_workspace_that_cannot_be_opened_is_a_message_box(
    state: str,
    said: str,
    qapp: QApplication,
    workspace_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(catalog.engine, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "gui" / "workspace.sqlite"
    path.parent.mkdir()
    monkeypatch.setenv(WORKSPACE_ENV_VAR, str(path))
    if state == "busy":  # a new workspace, while another process holds the lock on the file
        with write_lock(path):
            assert ui.app.main(["sovplan-gui"]) == 2
    elif state == "read-only":
        shutil.copyfile(workspace_path, path)
        with read_only(path):
            assert ui.app.main(["sovplan-gui"]) == 2
    else:
        if state == "damaged":
            shutil.copyfile(workspace_path, path)
            _damaged(path)
        else:
            _bookmarks(path)
        assert ui.app.main(["sovplan-gui"]) == 2
    assert len(shown) == 1 and said in shown[0]


def test_a_workspace_error_while_the_window_is_open_is_a_warning_without_a_traceback(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("a traceback dialog"))
    error = WorkspaceBusyError(tmp_path / "workspace.sqlite")
    ui.app._show_unexpected(WorkspaceBusyError, error, None)
    assert warned == [str(error)]
