"""Render every view of the EU bank example to PNG files in docs/ (offscreen), at the default
window size (1280 × 800) and at the smallest the window allows (1024 × 700).

    QT_QPA_PLATFORM=offscreen python docs/screenshots.py                 # both sizes
    QT_QPA_PLATFORM=offscreen python docs/screenshots.py --size 1024x700
    QT_QPA_PLATFORM=offscreen python docs/screenshots.py --only tradeoffs # that tab alone

The Roadmap tab is shown with the small nation's five-year build-out (the bank plans one
steady year's worth of examples; the nation's roadmap is the README's).

At 1280 × 800 the files are `docs/screenshot-<view>.png` (the README shows them); at other
sizes `docs/screenshots/<width>x<height>/screenshot-<view>.png`, looked at to check that
every view is usable in a small window. A fresh workspace in a temporary folder is used, so
the user's own workspace is never touched.
"""

import argparse
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
from ui.main_window import (  # noqa: E402
    TAB_CATALOG,
    TAB_REQUIREMENTS,
    TAB_ROADMAP,
    TAB_STRESS,
    TAB_TRADEOFFS,
    AppContext,
    MainWindow,
)
from ui.results_view import (  # noqa: E402
    TAB_ALLOCATIONS,
    TAB_CHARTS,
    TAB_DEPENDENCIES,
    TAB_INDEPENDENCE,
    TAB_LINE_ITEMS,
)

DEFAULT_SIZE = (1280, 800)
"""The window's default size: these shots are the README's."""
SMALLEST_SIZE = (1024, 700)
"""The window's minimum size (ui/main_window.py)."""
SOLVE_TIMEOUT_MS = 120_000
POLL_MS = 100
IMPOSSIBLE_BUDGET = 1_000
"""An annual budget no plan of the bank meets, to show the conflicts page."""
VIEWS = (
    "requirements", "catalog", "results", "line-items", "allocations", "independence",
    "dependencies", "conflicts", "stress", "tradeoffs", "comparison", "roadmap",
    "roadmap-charts",
)  # fmt: skip
ROADMAP_EXAMPLE = "small-nation"
"""Its five-year build-out: rent first, then its own server (docs/roadmap.md)."""
ROADMAP_CHARTS_TAB = 1
"""The Roadmap tab's Charts page (its first is the years and the timeline)."""


def _settle(app: QApplication, ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _wait_for(app: QApplication, done: Callable[[], bool]) -> None:
    loop = QEventLoop()

    def poll() -> None:
        if done():
            loop.quit()
        else:
            QTimer.singleShot(POLL_MS, poll)

    QTimer.singleShot(POLL_MS, poll)
    loop.exec()
    _settle(app, 500)


def _solve(app: QApplication, window: MainWindow) -> None:
    loop = QEventLoop()
    window.solve_finished.connect(loop.quit)
    QTimer.singleShot(SOLVE_TIMEOUT_MS, loop.quit)
    window.solve()
    loop.exec()
    window.solve_finished.disconnect(loop.quit)
    _settle(app, 500)


class Shots:
    """One window at one size, saving each view as it is reached."""

    def __init__(self, app: QApplication, window: MainWindow, size: tuple[int, int],
                 only: set[str]) -> None:  # fmt: skip
        self.app, self.window, self.only = app, window, only
        width, height = size
        self.folder = ROOT / "docs"
        if size != DEFAULT_SIZE:
            self.folder = self.folder / "screenshots" / f"{width}x{height}"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.written: list[str] = []

    def wanted(self, *views: str) -> bool:
        return not self.only or bool(self.only & set(views))

    def save(self, view: str) -> None:
        if self.wanted(view):
            _settle(self.app)
            path = self.folder / f"screenshot-{view}.png"
            self.window.grab().save(str(path))
            self.written.append(str(path.relative_to(ROOT)))


def _results(shots: Shots) -> None:
    window = shots.window
    _solve(shots.app, window)
    for view, tab in (("results", TAB_CHARTS), ("line-items", TAB_LINE_ITEMS),
                      ("allocations", TAB_ALLOCATIONS), ("independence", TAB_INDEPENDENCE),
                      ("dependencies", TAB_DEPENDENCIES)):  # fmt: skip
        window.results.tabs.setCurrentIndex(tab)
        shots.save(view)
    window.results.tabs.setCurrentIndex(TAB_CHARTS)


def _stress(shots: Shots) -> None:
    window = shots.window
    window.tabs.setCurrentIndex(TAB_STRESS)
    window.commands["stress"].trigger()
    _wait_for(shots.app, lambda: window.stress_runs.worker is None)
    shots.save("stress")


def _tradeoffs(shots: Shots) -> None:
    """The front with the alternatives, and the tornado of the sensitivity analysis."""
    window = shots.window
    window.tabs.setCurrentIndex(TAB_TRADEOFFS)
    runs = window.tradeoff_runs
    window.tradeoffs.front_button.click()
    _wait_for(shots.app, lambda: runs.worker is None)
    window.tradeoffs.sensitivity_button.click()
    _wait_for(shots.app, lambda: runs.worker is None)
    shots.save("tradeoffs")


def _comparison(shots: Shots) -> None:
    window = shots.window
    assert window.doc is not None
    scenarios = window.workspace_scenarios
    scenarios.save("bank: hedged hybrid")
    window.requirements.set_value("policy.max_provider_share", 0.4)
    _solve(shots.app, window)
    scenarios.save("bank: max 40 % per provider")
    scenarios.compare_saved(["bank: hedged hybrid", "bank: max 40 % per provider"])
    shots.save("comparison")
    window.undo_stack.undo()  # the bank as shipped again, for the conflicts shot


def _conflicts(shots: Shots) -> None:
    """The bank with a budget no plan meets: the conflict, with its suggested budget."""
    window = shots.window
    window.requirements.set_value("organisation.annual_budget", IMPOSSIBLE_BUDGET)
    _solve(shots.app, window)
    shots.save("conflicts")


def _roadmap(shots: Shots) -> None:
    """The small nation's build-out: the years and timeline, then the charts."""
    window = shots.window
    window.open_scenario(example_path(ROADMAP_EXAMPLE))
    window.tabs.setCurrentIndex(TAB_ROADMAP)
    window.commands["roadmap"].trigger()
    _wait_for(shots.app, lambda: window.roadmap_runs.worker is None)
    shots.save("roadmap")
    window.roadmap.tabs.setCurrentIndex(ROADMAP_CHARTS_TAB)
    shots.save("roadmap-charts")
    window.roadmap.tabs.setCurrentIndex(0)


def render(size: tuple[int, int], only: set[str]) -> list[str]:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(workspace, settings, examples_dir(),
                                       confirm_discard=lambda _q: True))  # fmt: skip
        window.resize(*size)
        window.show()
        shots = Shots(app, window, size, only)
        window.open_scenario(example_path("eu-bank"))
        window.tabs.setCurrentIndex(TAB_REQUIREMENTS)
        shots.save("requirements")
        window.tabs.setCurrentIndex(TAB_CATALOG)
        shots.save("catalog")
        needs_plan = ("results", "line-items", "allocations", "independence", "dependencies")
        if shots.wanted(*needs_plan, "stress", "tradeoffs", "comparison"):
            _results(shots)
        if shots.wanted("stress"):
            _stress(shots)
        if shots.wanted("tradeoffs"):
            _tradeoffs(shots)
        if shots.wanted("comparison"):
            _comparison(shots)
        if shots.wanted("conflicts"):
            _conflicts(shots)
        if shots.wanted("roadmap", "roadmap-charts"):
            _roadmap(shots)
        window.undo_stack.clear()
        window.close()
        window.pool.waitForDone()
        workspace.close()
    return shots.written


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size",
        type=_size,
        action="append",
        help="WIDTHxHEIGHT (repeatable); default: 1280x800 and 1024x700",
    )
    parser.add_argument("--only", action="append", choices=VIEWS, default=[],
                        help="render only this view (repeatable)")  # fmt: skip
    args = parser.parse_args(argv)
    for size in args.size or [DEFAULT_SIZE, SMALLEST_SIZE]:
        for path in render(size, set(args.only)):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
