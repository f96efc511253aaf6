"""Render the main views of the EU bank example to PNG files in docs/ (offscreen).

    QT_QPA_PLATFORM=offscreen python docs/screenshots.py
    QT_QPA_PLATFORM=offscreen python docs/screenshots.py tradeoffs   # that tab alone

Uses a fresh workspace in a temporary folder, so the user's own workspace is never touched.
"""

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from catalog.workspace import open_workspace  # noqa: E402
from planner.scenario.examples import example_path, examples_dir  # noqa: E402
from ui.main_window import TAB_STRESS, TAB_TRADEOFFS, AppContext, MainWindow  # noqa: E402
from ui.results_view import TAB_DEPENDENCIES  # noqa: E402

WIDTH_PX, HEIGHT_PX = 1280, 800
SOLVE_TIMEOUT_MS = 120_000


def _settle(app: QApplication, ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _stress(app: QApplication, window: MainWindow) -> None:
    """Run the stress tests of the plan shown and wait for the table."""
    loop = QEventLoop()

    def poll() -> None:
        if window.stress_runs.worker is None:
            loop.quit()
        else:
            QTimer.singleShot(100, poll)

    window.commands["stress"].trigger()
    QTimer.singleShot(100, poll)
    loop.exec()
    _settle(app, 500)


def _wait_for(app: QApplication, done: Callable[[], bool]) -> None:
    loop = QEventLoop()

    def poll() -> None:
        if done():
            loop.quit()
        else:
            QTimer.singleShot(100, poll)

    QTimer.singleShot(100, poll)
    loop.exec()
    _settle(app, 500)


def tradeoffs() -> int:
    """The Trade-offs tab of the bank: its front with the alternatives, and the tornado."""
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(workspace, settings, examples_dir()))
        window.resize(WIDTH_PX, HEIGHT_PX)
        window.show()
        window.open_scenario(example_path("eu-bank"))
        window.tabs.setCurrentIndex(TAB_TRADEOFFS)
        runs = window.tradeoff_runs
        window.tradeoffs.front_button.click()
        _wait_for(app, lambda: runs.worker is None)
        window.tradeoffs.sensitivity_button.click()
        _wait_for(app, lambda: runs.worker is None)
        window.grab().save(str(ROOT / "docs" / "screenshot-tradeoffs.png"))
        window.close()
        window.pool.waitForDone()
        workspace.close()
    print("wrote docs/screenshot-tradeoffs.png")
    return 0


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(workspace, settings, examples_dir()))
        window.resize(WIDTH_PX, HEIGHT_PX)
        window.show()
        window.open_scenario(example_path("eu-bank"))
        _settle(app)
        window.grab().save(str(ROOT / "docs" / "screenshot-requirements.png"))
        window.tabs.setCurrentIndex(1)
        _settle(app)
        window.grab().save(str(ROOT / "docs" / "screenshot-catalog.png"))
        loop = QEventLoop()
        window.solve_finished.connect(loop.quit)
        QTimer.singleShot(SOLVE_TIMEOUT_MS, loop.quit)
        window.solve()
        loop.exec()
        _settle(app, 500)
        window.grab().save(str(ROOT / "docs" / "screenshot-results.png"))
        window.results.tabs.setCurrentIndex(TAB_DEPENDENCIES)
        _settle(app)
        window.grab().save(str(ROOT / "docs" / "screenshot-dependencies.png"))
        window.tabs.setCurrentIndex(TAB_STRESS)
        _stress(app, window)
        window.grab().save(str(ROOT / "docs" / "screenshot-stress.png"))
        window.results.tabs.setCurrentIndex(0)
        scenarios = window.workspace_scenarios
        scenarios.save("bank: hedged hybrid")
        window.doc.set("policy.max_provider_share", 0.4)  # type: ignore[union-attr]
        window.requirements.refresh()
        loop = QEventLoop()
        window.solve_finished.connect(loop.quit)
        window.solve()
        loop.exec()
        scenarios.save("bank: max 40 % per provider")
        scenarios.compare_saved(["bank: hedged hybrid", "bank: max 40 % per provider"])
        _settle(app, 500)
        window.grab().save(str(ROOT / "docs" / "screenshot-comparison.png"))
        window.undo_stack.clear()
        window.close()
        window.pool.waitForDone()
        workspace.close()
    print("wrote docs/screenshot-{requirements,catalog,results,dependencies,stress,comparison}.png")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["tradeoffs"]:
        sys.exit(tradeoffs())
    sys.exit(main())
