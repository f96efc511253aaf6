"""The Roadmap tab: the build-out path over the scenario's years — its net present value,
each year's cost, capital, independence and lock-in, a timeline of what arrives, is rented
and retires, and the charts of spend, scores and capacity against demand per workload.

Every figure is the roadmap outcome's (planner/analysis/roadmap_plan.py, as `sovplan
roadmap` prints it); the tab lays it out, numbers in the user's locale (ui/number_text.py).
"""

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from planner.analysis.roadmap_plan import RoadmapOutcome
from planner.optimise.options import OptionScope
from planner.optimise.solving import SolveStatus
from planner.scenario.roadmap_fields import ROADMAP, ROADMAP_FIELDS
from ui.cards import Card
from ui.number_text import format_amount, format_money
from ui.plan_table_models import sortable_table
from ui.results_view import STYLE_SHEET
from ui.roadmap_charts import capacity_chart, scores_chart, spend_chart
from ui.roadmap_tables import TIMELINE_COLUMNS, YearsModel, fill_timeline

EMPTY_TEXT = (
    "The build-out roadmap: the cheapest path over the scenario's years (net present value) "
    "— servers ordered their lead time ahead and kept for their life, commitments for their "
    "term, demand growing and prices following the roadmap's trends. Plan it (Ctrl+R)."
)
STALE_TEXT = (
    "The requirements changed since this roadmap was planned: it answers the earlier ones. "
    "Plan the roadmap again (Ctrl+R)."
)
CANCELLED_TEXT = "Cancelled: no roadmap was planned."
NO_PATH = (
    "No path meets every year's requirements: servers ordered now arrive only after their "
    "lead time (roadmap.lead_in_weeks), and each year must hold every floor and budget "
    "(roadmap.independence_path among them). Solve (F5) names one year's conflicts."
)
"""Said when the path is infeasible and the solver gave no reason: the roadmap has no elastic
diagnosis of its own (planner/cli/roadmap.py says the same)."""
PERIODS = next(f for f in ROADMAP_FIELDS if f.key == "periods")
PERIODS_PATH = f"{ROADMAP.key}.{PERIODS.key}"
ONE_YEAR_TEXT = (
    f"The scenario plans one year: set <a href='{PERIODS_PATH}'>{PERIODS.label}</a> in the "
    f"Requirements tab's {ROADMAP.title} section to 2 or more for a build-out."
)
YEARS_TEXT = (
    f"Plans {{periods}} years (<a href='{PERIODS_PATH}'>{PERIODS.label}</a> in the "
    "Requirements tab)."
)
MESSAGE_STYLE = "color: #842029;"
CARD_TITLES = (
    ("card-roadmap-npv", "Net present value"),
    ("card-roadmap-status", "Solve"),
    ("card-roadmap-after", "After the last year"),
)
TICK_MS = 1000
"""How often the status line counts the seconds of a solve."""
YEARS_TABLE_MAX_PX = 200
"""About seven years' rows; a longer roadmap's table scrolls, the timeline keeps the rest."""
CHART_HEIGHT_PX = 255
"""Two rows of charts show at once in the default 1280 × 800 window."""
CHART_COLUMNS = 2


class RoadmapView(QWidget):
    plan_requested = Signal()
    cancel_requested = Signal()
    field_requested = Signal(str)
    """A requirement's path to show (the periods, from the hint's link)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan_button = QPushButton("Plan the roadmap")
        self.cancel_button = QPushButton("Cancel")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.periods_hint = QLabel("")
        self.periods_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.periods_hint.linkActivated.connect(self.field_requested.emit)
        self.banner = QLabel(STALE_TEXT)
        self.banner.setObjectName("stale-banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.headline = QLabel(EMPTY_TEXT)
        self.headline.setObjectName("roadmap-headline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cards = {name: Card(name, title) for name, title in CARD_TITLES}
        self.years = YearsModel(self)
        self.years_table = sortable_table("roadmap-years", self.years)
        self.timeline = QTreeWidget()
        self.timeline.setObjectName("roadmap-timeline")
        self.timeline.setHeaderLabels(list(TIMELINE_COLUMNS))
        self.timeline.setAlternatingRowColors(True)
        self.tabs = QTabWidget()
        self._charts_grid = QGridLayout()
        self.charts: list[QWidget] = []
        self._clock = QElapsedTimer()
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self._running_text = ""
        self._layout()
        self.setStyleSheet(STYLE_SHEET)  # the cards and the banner as Results shows them
        self.plan_button.clicked.connect(self.plan_requested.emit)
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        self.set_ready(False, False)

    def _layout(self) -> None:
        controls = QHBoxLayout()
        for w in (self.plan_button, self.cancel_button, self.progress, self.periods_hint):
            controls.addWidget(w)
        controls.addStretch(1)
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card, 1)
        path = QWidget()
        years = QVBoxLayout(path)
        years.addWidget(self.years_table)
        years.addWidget(self.timeline, 1)
        charts = QWidget()
        charts.setLayout(self._charts_grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        self.tabs.addTab(path, "Years and timeline")
        self.tabs.addTab(scroll, "Charts")
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.banner)
        layout.addWidget(self.headline)
        layout.addLayout(cards)
        layout.addWidget(self.tabs, 1)

    # Running ---------------------------------------------------------------------------

    def set_ready(self, ready: bool, running: bool) -> None:
        """A run needs valid requirements and no roadmap being planned."""
        self.plan_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)

    def set_periods(self, periods: int | None) -> None:
        """Say how many years a run plans, and where to change it (None: no valid scenario)."""
        if periods is None:
            self.periods_hint.setText("")
            return
        text = ONE_YEAR_TEXT if periods == 1 else YEARS_TEXT
        self.periods_hint.setText(text.format(periods=periods))

    def start(self, periods: int) -> None:
        self._running_text = f"Planning the roadmap over {periods} years…"
        self.headline.setText(self._running_text)
        self.progress.setVisible(True)
        self._clock.start()
        self._ticker.start()

    def _tick(self) -> None:
        seconds = self._clock.elapsed() // TICK_MS
        self.headline.setText(f"{self._running_text} {seconds} s")

    def stop(self) -> None:
        self._ticker.stop()
        self.progress.setVisible(False)

    def cancelled(self) -> None:
        self.stop()
        self.headline.setText(CANCELLED_TEXT)

    def set_stale(self, stale: bool) -> None:
        self.banner.setVisible(stale)

    # Showing an outcome ----------------------------------------------------------------

    def show_outcome(
        self, name: str, currency: str, found: RoadmapOutcome, named: Callable[[str], str]
    ) -> None:
        """The path (or why there is none); `named` names a venue's key in full."""
        self.stop()
        self.set_stale(False)
        self._clear_results()
        if found.npv is None:
            self._no_path(name, found)
            return
        self.headline.setStyleSheet("")
        self.headline.setText(f"{name}: build-out over {found.horizon} years")
        self._cards(currency, found)
        self.years.set_rows(found.years, currency)
        self.years_table.resizeColumnsToContents()
        self.years_table.resizeRowsToContents()
        self._fit_years()
        fill_timeline(self.timeline, found, currency, named)
        self._charts(found, currency, named)

    def _fit_years(self) -> None:
        """The years table as tall as its rows, up to `YEARS_TABLE_MAX_PX` (it scrolls beyond);
        the timeline takes the rest."""
        table = self.years_table
        rows = sum(table.rowHeight(r) for r in range(self.years.rowCount()))
        wanted = table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()
        table.setFixedHeight(min(wanted, YEARS_TABLE_MAX_PX))

    def _no_path(self, name: str, found: RoadmapOutcome) -> None:
        reason = found.message or (NO_PATH if found.status is SolveStatus.INFEASIBLE else "")
        self.headline.setStyleSheet(MESSAGE_STYLE)
        self.headline.setText(
            f"{name}: no roadmap ({found.status.value})" + (f". {reason}" if reason else "")
        )
        self.cards["card-roadmap-npv"].show_value("no roadmap", "why: see above")
        self.cards["card-roadmap-status"].show_value(
            found.status.value, f"{found.solve_seconds:.2f} s"
        )

    def _cards(self, currency: str, found: RoadmapOutcome) -> None:
        assert found.npv is not None
        self.cards["card-roadmap-npv"].show_value(
            format_money(found.npv, currency),
            f"{found.horizon} years, discounted to today",
            "Σ each year's cost × (1 + discount rate)^−(year − 1): each year counts at its "
            "start, as a plan counts its year (docs/roadmap.md).",
        )
        notes = [] if found.gap is None else [f"gap {format_amount(100 * found.gap, 2)} %"]
        notes.append(f"{format_amount(found.solve_seconds, 1)} s")
        if found.scope is OptionScope.PRUNED:
            notes.append("over the pruned options")
        self.cards["card-roadmap-status"].show_value(found.status.value, " · ".join(notes))
        owed = found.owed_after_horizon
        self.cards["card-roadmap-after"].show_value(
            format_money(owed, currency) if owed else "nothing owed",
            "commitments still owe this after the last year"
            if owed
            else "no commitment runs past the last year",
            "What commitments signed in the roadmap still cost after its last year "
            "(undiscounted, at their locked prices); not in the NPV. Servers' annuities "
            "after the horizon pay for the years they serve.",
        )

    def _charts(self, found: RoadmapOutcome, currency: str, named: Callable[[str], str]) -> None:
        """Spend across the first row (two value labels a year need the width), then the
        scores and each workload's capacity, two to a row."""
        spend = spend_chart(found, currency)
        self._charts_grid.addWidget(spend, 0, 0, 1, CHART_COLUMNS)
        workloads = [w.workload_id for w in found.years[0].workloads] if found.years else []
        rest: list[QWidget] = [scores_chart(found)]
        rest += [capacity_chart(found, w, named) for w in workloads]
        for i, chart in enumerate(rest):
            self._charts_grid.addWidget(chart, 1 + i // CHART_COLUMNS, i % CHART_COLUMNS)
        self.charts = [spend, *rest]
        for chart in self.charts:
            chart.setMinimumHeight(CHART_HEIGHT_PX)

    def _clear_results(self) -> None:
        for chart in self.charts:
            self._charts_grid.removeWidget(chart)
            chart.deleteLater()
        self.charts = []
        self.timeline.clear()
        self.years.set_rows([], "")
        for card in self.cards.values():
            card.show_value("—")

    def clear(self) -> None:
        self.stop()
        self._clear_results()
        self.set_stale(False)
        self.headline.setStyleSheet("")
        self.headline.setText(EMPTY_TEXT)
