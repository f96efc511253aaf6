"""Files and the keyboard as an analyst meets them: an example is never overwritten, the
"Unsaved changes" prompt defaults to Cancel, Tab leaves every table, no menu repeats a
mnemonic, new rows come into view, exports get the extension of the format chosen."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from catalog.workspace import Workspace
from planner.scenario.examples import examples_dir
from ui import scenario_files, workspace_scenarios
from ui.main_window import AppContext, MainWindow
from ui.scenario_files import unsaved_changes_box

pytestmark = pytest.mark.gui
EXAMPLES = examples_dir()
SMALLEST_WINDOW = (1024, 700)
ROWS_SHOWN_AT_SMALLEST = 5


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    messages: list[tuple[str, str]] = []
    ctx = AppContext(workspace, settings, EXAMPLES, confirm_discard=lambda _q: True,
                     inform=lambda title, text: messages.append((title, text)))  # fmt: skip
    win = MainWindow(ctx)
    win.messages = messages  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.show()
    yield win
    win.pool.waitForDone()


def _edit_peak_factor(win: MainWindow) -> None:
    model = win.requirements.workloads
    column = next(i for i, f in enumerate(model.columns) if f.key == "peak_factor")
    model.setData(model.index(0, column), "4", Qt.ItemDataRole.EditRole)


def test_ctrl_s_on_the_cold_start_example_asks_where_and_never_writes_the_example(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = EXAMPLES / "eu-bank.toml"
    before = example.read_bytes()
    asked: list[str] = []

    def cancel_dialog(*args: object) -> tuple[str, str]:
        asked.append(str(args[1]))
        start = Path(str(args[2]))
        assert start.name == "eu-bank.toml" and start.parent != EXAMPLES, "a copy, elsewhere"
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancel_dialog)
    window.open_scenario(example)
    assert "example" in window.windowTitle() and "untitled copy" in window.status.text()
    _edit_peak_factor(window)
    window.activateWindow()
    window.requirements.workloads_view.setFocus()
    qtbot.keyClick(window.requirements.workloads_view, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    assert asked == ["Save scenario file as"], "Ctrl+S asks where to save the copy"
    assert window.isWindowModified()
    assert example.read_bytes() == before


def test_saving_into_the_examples_folder_is_refused_and_a_name_gets_toml(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    example = EXAMPLES / "midsize-firm.toml"
    before = example.read_bytes()
    answers = [str(example), str(tmp_path / "my-firm")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (answers.pop(0), ""))
    window.open_scenario(example)
    _edit_peak_factor(window)
    assert not window.save()
    assert window.messages[-1][0] == "Cannot save the scenario"  # type: ignore[attr-defined]
    assert "never overwritten" in window.messages[-1][1]  # type: ignore[attr-defined]
    assert example.read_bytes() == before
    assert window.save()
    saved = tmp_path / "my-firm.toml"
    assert saved.is_file() and window.doc is not None and window.doc.path == saved
    assert window.windowTitle().startswith("my-firm.toml")
    assert example.read_bytes() == before


def test_the_unsaved_changes_prompt_defaults_to_cancel() -> None:
    box = unsaved_changes_box(None)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.deleteLater()


def test_tab_leaves_every_table(window: MainWindow, qtbot: QtBot) -> None:
    window.open_scenario(EXAMPLES / "eu-bank.toml")
    views = window.findChildren(QAbstractItemView)
    assert views and all(not v.tabKeyNavigation() for v in views)
    table = window.requirements.workloads_view
    window.activateWindow()
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table


def _mnemonic(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return None if at < 0 else text.replace("&&", "")[at + 1].lower()


def _walk(menu: QMenu) -> Iterator[QMenu]:
    yield menu
    for action in menu.actions():
        if action.menu() is not None:
            yield from _walk(action.menu())  # type: ignore[arg-type]


def test_no_menu_repeats_a_mnemonic(window: MainWindow) -> None:
    window.open_scenario(EXAMPLES / "eu-bank.toml")
    bar = [a.text() for a in window.menuBar().actions()]
    menus = [m for a in window.menuBar().actions() if a.menu() for m in _walk(a.menu())]  # type: ignore[arg-type]
    for texts in [bar, *([a.text() for a in m.actions()] for m in menus)]:
        keys = [k for k in map(_mnemonic, texts) if k is not None]
        assert len(keys) == len(set(keys)), texts
    assert sum(1 for m in menus for a in m.actions() if _mnemonic(a.text())) > len(bar)


def test_the_two_saves_are_named_apart(window: MainWindow) -> None:
    save, keep = window.commands["save"].text(), window.commands["save_to_workspace"].text()
    assert "scenario file" in save and "workspace" in keep and "file" not in keep


def test_a_new_workload_is_in_view_with_focus_and_five_rows_fit_the_smallest_window(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(*SMALLEST_WINDOW)
    window.open_scenario(EXAMPLES / "eu-bank.toml")
    window.activateWindow()
    view = window.requirements.workloads_view
    for _ in range(6):
        window.requirements.add_workload()
    qtbot.waitUntil(lambda: view.hasFocus())
    last = view.model().rowCount() - 1
    assert view.currentIndex().row() == last
    assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))
    row_px = view.verticalHeader().defaultSectionSize()
    assert view.viewport().height() >= ROWS_SHOWN_AT_SMALLEST * row_px


def test_an_export_gets_the_extension_of_the_chosen_format(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chosen: list[Path] = []
    pdf = next(f for f in workspace_scenarios.EXPORT_FILTERS if "PDF" in f)
    dora = next(f for f in workspace_scenarios.EXPORT_FILTERS if "DORA" in f and "CSV" in f)
    answers = [(str(tmp_path / "board"), pdf), (str(tmp_path / "register.dora.csv"), dora),
               (str(tmp_path / "plan.xlsx"), pdf)]  # fmt: skip
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: answers.pop(0))
    scenarios = window.workspace_scenarios
    monkeypatch.setattr(scenarios, "export_to", chosen.append)
    for _ in range(3):
        scenarios.ask_export()
    assert chosen == [tmp_path / "board.pdf", tmp_path / "register.dora.csv",
                      tmp_path / "plan.xlsx"]  # fmt: skip


def test_with_suffix_adds_only_what_is_missing() -> None:
    assert scenario_files.with_suffix("/a/b", ".toml") == Path("/a/b.toml")
    assert scenario_files.with_suffix("/a/b.TOML", ".toml") == Path("/a/b.TOML")
