"""Live re-plan: an edit of the requirements re-plans in the background, without F5.

Each edit (re)starts a short debounce; when it runs out, the window solves the requirements
as they are then, superseding any solve still running (ui/solve_runs.py): the newest edit
wins. The user switches it on or off (Plan ▸ Live re-plan, kept in the settings), and it
pauses itself when the instance is too big to re-plan on every edit: when the last solve
took longer than `limit_s`, or a live solve is still running when that time is up. It
resumes when a solve (F5) is fast again, or another scenario is opened. The status bar
says which of these holds.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QLabel

from ui import settings as app_settings
from ui.actions import make_action
from ui.solve_runs import SolveRuns

DEBOUNCE_MS = 50
"""Edits closer together than this are planned once: a paste, an undo of several fields,
key auto-repeat (about 30 ms a key). Typed keystrokes further apart each start a solve
that the next one supersedes; cancelling it ends a child process in tens of milliseconds
(solver/child.py), cheaper than making every edit wait longer for its plan."""
LIVE_MAX_SOLVE_S = 3.0
"""Above this planning time of a solve (compile, solve, proof; SolveWorker.wall_s), live
re-plan pauses itself: the plan would trail the typing by seconds and each keystroke would
throw away seconds of work. The shipped examples plan in 0.1–1.3 s on 2 busy cores
(benchmarks/live_replan.py); the national-scale bank compiles alone for 12 s
(docs/performance.md) and is left to F5. The first solve of a window never pauses it: it
pays one-off costs (the fork server's first child, the planner's first compile), measured
at 4.8–9.5 s for the mid-size firm on a busy machine, against 0.1–1.3 s after."""
SETTING = "plan/live_replan"


class LiveReplan(QObject):
    def __init__(self, runs: SolveRuns, settings: QSettings, replan: Callable[[], object],
                 parent: QObject | None = None) -> None:  # fmt: skip
        """`replan` starts a live solve of the requirements shown (if they are valid)."""
        super().__init__(parent)
        self._runs, self._settings, self._replan = runs, settings, replan
        self.limit_s = LIVE_MAX_SOLVE_S
        self.paused_because: str | None = None
        """Why live re-plan paused itself (None: it did not)."""
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self._fire)
        self._overrun = QTimer(self)
        self._overrun.setSingleShot(True)
        self._overrun.timeout.connect(self._overran)
        self.action = make_action(
            self, "&Live re-plan", self._toggled, "Ctrl+Shift+L", "Re-plan after each edit"
        )
        self.action.setCheckable(True)
        self.action.setChecked(bool(app_settings.read(settings, SETTING)))
        self.indicator = QLabel()
        self.indicator.setObjectName("live-replan-indicator")
        self._show()

    @property
    def active(self) -> bool:
        """On, and not paused: edits re-plan."""
        return self.action.isChecked() and self.paused_because is None

    def edited(self) -> None:
        """The requirements changed: supersede the solve running, plan after the debounce."""
        if not self.active:
            return
        self._runs.supersede()
        self._overrun.stop()
        self.debounce.start()

    def _fire(self) -> None:
        if self.active:
            self._replan()
            self._watch(self.limit_s)

    def _watch(self, after_s: float) -> None:
        if self._runs.running and self._runs.live:
            self._overrun.start(round(after_s * 1000))

    def solve_ended(self) -> None:
        """Measure the solve that reported: too slow pauses live re-plan, fast resumes it."""
        self._overrun.stop()
        wall_s = self._runs.last_wall_s
        if wall_s is None:
            return
        if wall_s <= self.limit_s:
            self.paused_because = None
        elif self._runs.reported > 1:  # the first solve of a window is no measure
            self.paused_because = f"the last solve took {wall_s:.1f} s (over {self.limit_s:g} s)"
        self._show()

    def _overran(self) -> None:
        """Pause once the live solve has planned for longer than the limit (waiting for a
        thread or the fork server does not count: look again later)."""
        elapsed_s = self._runs.elapsed_s()
        if elapsed_s is None or elapsed_s < self.limit_s:
            self._watch(self.limit_s - (elapsed_s or 0.0))
        elif self._runs.live and self._runs.reported > 0:
            self.paused_because = f"this solve is taking over {self.limit_s:g} s"
            self._show()

    def reset(self) -> None:
        """Another scenario: its size is not known yet, and nothing is pending."""
        self.stop()
        self.paused_because = None
        self._show()

    def stop(self) -> None:
        self.debounce.stop()
        self._overrun.stop()

    def _toggled(self) -> None:
        on = self.action.isChecked()
        app_settings.write(self._settings, SETTING, on)
        if on:
            self.paused_because = None  # the user asks for it: measure again
            self._show()
            self.edited()  # bring a result of older requirements up to date
        else:
            self.stop()
            self._show()

    def _show(self) -> None:
        if not self.action.isChecked():
            text, tip = "Live re-plan: off", "Edits wait for F5 (Plan ▸ Live re-plan turns it on)."
        elif self.paused_because is not None:
            text = "Live re-plan: paused (F5)"
            tip = f"Paused because {self.paused_because}; F5 solves, and live re-plan resumes "
            tip += "after a solve that is fast enough."
        else:
            text, tip = "Live re-plan: on", "Each edit re-plans in the background."
        self.indicator.setText(text)
        self.indicator.setToolTip(tip)
