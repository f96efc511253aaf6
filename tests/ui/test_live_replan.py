"""Live re-plan: an edit re-plans in the background and the cards follow without F5; the
newest edit wins; above its threshold live re-plan pauses and F5 is needed again."""

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from planner.money import money_text
from planner.scenario.examples import example_path
from ui.live_replan import DEBOUNCE_MS, LIVE_MAX_SOLVE_S
from ui.main_window import TAB_REQUIREMENTS, MainWindow

pytestmark = pytest.mark.gui
SOLVE_TIMEOUT_MS = 60_000
QUIET_MS = 10 * DEBOUNCE_MS
"""Long enough for a debounced re-plan to have started, had one been due."""


def _set_tokens(window: MainWindow, row: int, tokens_per_day: int) -> None:
    """Type a workload's tokens a day into its cell, as the user does."""
    model = window.requirements.workloads
    column = next(i for i in range(model.columnCount())
                  if model.cell_path(row, i).text().endswith("tokens_per_day"))  # fmt: skip
    model.setData(model.index(row, column), str(tokens_per_day), Qt.ItemDataRole.EditRole)


def _card(window: MainWindow) -> str:
    return window.results.cards["card-annual-cost"].value_label.text()


def _fresh(window: MainWindow) -> bool:
    return window.last_outcome is not None and not window.result_is_stale()


def _solve(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.solve_finished, timeout=SOLVE_TIMEOUT_MS):
        window.commands["solve"].trigger()


def test_an_edit_updates_the_cards_without_f5(window: MainWindow, qtbot: QtBot) -> None:
    assert window.open_scenario(example_path("midsize-firm"))
    assert window.live.active and "on" in window.live.indicator.text()
    _solve(window, qtbot)
    before = _card(window)
    window.tabs.setCurrentIndex(TAB_REQUIREMENTS)
    _set_tokens(window, 0, 200_000_000)  # ten times the demand of the first workload
    assert window.result_is_stale()
    qtbot.waitUntil(lambda: _fresh(window), timeout=SOLVE_TIMEOUT_MS)
    plan = window.shown_plan()
    assert plan is not None and plan.result is not None
    assert _card(window) == money_text(plan.result.annual_cost, plan.header.currency) != before
    assert not window.results.stale_banner.isVisibleTo(window.results)
    assert window.tabs.currentIndex() == TAB_REQUIREMENTS, "a live re-plan leaves the tab be"


def test_the_newest_edit_wins_over_a_solve_still_running(window: MainWindow, qtbot: QtBot) -> None:
    assert window.open_scenario(example_path("midsize-firm"))
    reported: list[int] = []
    window.solve_finished.connect(lambda: reported.append(window.planning.outcome_revision or 0))
    _set_tokens(window, 0, 100_000_000)
    qtbot.waitUntil(lambda: window.planning.runs.running, timeout=SOLVE_TIMEOUT_MS)
    _set_tokens(window, 0, 200_000_000)  # while the first re-plan runs (a window's first
    qtbot.waitUntil(lambda: _fresh(window), timeout=SOLVE_TIMEOUT_MS)  # solve takes seconds)
    assert window.doc is not None
    assert reported == [window.doc.revision], "the superseded solve never reported"
    assert window.solved_scenario is not None
    assert window.solved_scenario.workloads[0].tokens_per_day == 200_000_000


def test_above_its_threshold_live_replan_pauses_until_f5(window: MainWindow, qtbot: QtBot) -> None:
    window.live.limit_s = 0.0  # every solve is "too big": what the national instance does
    assert window.open_scenario(example_path("midsize-firm"))
    _solve(window, qtbot)
    assert window.live.active, "a window's first solve pays start-up costs: no measure"
    _solve(window, qtbot)
    assert not window.live.active and "paused" in window.live.indicator.text()
    _set_tokens(window, 0, 200_000_000)
    qtbot.wait(QUIET_MS)
    assert not window.planning.runs.running and window.result_is_stale(), "no solve until F5"
    _solve(window, qtbot)
    assert _fresh(window)

    window.live.limit_s = LIVE_MAX_SOLVE_S
    window.commands["live"].trigger()  # off, by the user
    assert "off" in window.live.indicator.text()
    _set_tokens(window, 0, 100_000_000)
    qtbot.wait(QUIET_MS)
    assert not window.planning.runs.running and window.result_is_stale()
    window.commands["live"].trigger()  # on again: the stale result is brought up to date
    qtbot.waitUntil(lambda: _fresh(window), timeout=SOLVE_TIMEOUT_MS)
    assert window.ctx.settings.value("plan/live_replan") in (True, "true")
