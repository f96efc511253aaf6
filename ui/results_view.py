"""The results of a solve: headline cards, line items, allocations and charts, or conflicts.

Every number shown was computed by planner/ and comes from the plan document
(planner/results/plan_document.py) that the CLI prints and the exports write; this view only
formats it, with the CLI's formats (planner/cli/plan.py).
"""

import time
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.evaluation.line_items import STANDBY_TERM
from planner.optimise.solving import relative_gap
from planner.results.plan_document import PlanDocument, PlanResult
from planner.results.stale_figures import stale_figure_line, stale_figures_note
from ui.cards import Card
from ui.charts import (
    BarChartView,
    cost_by_category_chart,
    cost_by_provider_chart,
    independence_chart,
    lock_in_chart,
)
from ui.conflict_panel import ConflictPanel
from ui.dependency_view import DependencyView
from ui.independence_view import IndependenceView
from ui.plan_table_models import AllocationsModel, sortable_table
from ui.results_cards import CARD_TITLES, show_plan_cards, status_text
from ui.results_tables import LineItemsModel, line_items_table

STALE_TEXT = "Result of an earlier version of the requirements — solve again (F5)"
EMPTY_TEXT = "No result yet: solve the requirements (F5) to see a plan."
STANDBY_NOTE = (
    "A line on standby (idle backup) is a model API contract kept ready to take over a "
    "workload if a provider or site it runs on is lost (the policy's survival rules): it "
    "carries no tokens and costs nothing while the others run."
)
"""Under the line items when one is on standby: a zero-cost line looked like noise to the
walk-through's buyer (docs/walkthrough.md)."""
SOLVING_TEXT = "Solving… the plan appears here when the solver finishes (Esc cancels)."
PAGE_EMPTY, PAGE_PLAN, PAGE_NO_PLAN = 0, 1, 2
TAB_CHARTS, TAB_LINE_ITEMS, TAB_ALLOCATIONS, TAB_INDEPENDENCE, TAB_DEPENDENCIES = 0, 1, 2, 3, 4
LINE_ITEMS_STRETCH_COLUMN, ALLOCATIONS_STRETCH_COLUMN = 3, 2
"""The item and venue columns take the spare width, so numbers stay next to their labels."""
CARD_STRETCH, ALONE_STRETCH = 1, 4
"""Each card's share of the row; the space beside a lone status card (no plan)."""
PROGRESS_TICK_MS = 250
"""How often the progress line's clock moves while solving. The solver reports only a new
plan (SCIP) or a line of its log (HiGHS, seconds apart in a long root node), so the line
is kept current between reports, well within the second the GUI promises."""
STYLE_SHEET = """
QFrame[card="true"] { background: palette(base); border: 1px solid palette(mid);
                      border-radius: 6px; }
QLabel[role="card-title"] { color: palette(placeholder-text); font-size: 9pt; }
QLabel[role="card-value"] { font-size: 16pt; font-weight: 600; }
QLabel[role="card-detail"] { color: palette(placeholder-text); font-size: 9pt; }
QLabel#stale-banner { background: #fff3cd; color: #5c4400; border: 1px solid #e0c060;
                      border-radius: 4px; padding: 6px; font-weight: 600; }
QLabel#figures-warning { background: #fdf0e6; color: #6b3400; border: 1px solid #e5b58c;
                         border-radius: 4px; padding: 4px 6px; }
QLabel#solve-progress { background: #e8f0fa; color: #1d3b5e; border-radius: 4px;
                        padding: 6px; }
"""


class ResultsView(QWidget):
    """Shows a `PlanDocument`: cards, tables and charts, or why no plan exists."""

    conflict_activated = Signal(str)
    """The first scenario field path of the conflict the user double-clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results-view")
        self.setStyleSheet(STYLE_SHEET)
        self._currency = ""
        self._plan: PlanDocument | None = None

        self.stale_banner = QLabel(STALE_TEXT)
        self.stale_banner.setObjectName("stale-banner")
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("solve-progress")
        self._solve_started = 0.0
        self._reported: tuple[float | None, float | None] = (None, None)
        self._progress_clock = QTimer(self)
        self._progress_clock.setInterval(PROGRESS_TICK_MS)
        self._progress_clock.timeout.connect(self._tick)

        self.cards: dict[str, Card] = {}
        cards_row = QHBoxLayout()
        cards_row.setSpacing(8)
        for name, title in CARD_TITLES:
            self.cards[name] = Card(name, title)
            cards_row.addWidget(self.cards[name], CARD_STRETCH)
        cards_row.addStretch(0)
        self._cards_row = cards_row
        self.cards_box = QWidget()
        self.cards_box.setObjectName("headline-cards")
        self.cards_box.setLayout(cards_row)
        cards_row.setContentsMargins(0, 0, 0, 0)
        self.figures_warning = QLabel("")
        self.figures_warning.setObjectName("figures-warning")
        self.figures_warning.setWordWrap(True)

        self.line_items_model = LineItemsModel(self)
        self.allocations_model = AllocationsModel(self)
        self.line_items_table = line_items_table("line-items-table", self.line_items_model)
        self.allocations_table = sortable_table("allocations-table", self.allocations_model)
        self.charts_page = QWidget()
        self.charts_page.setObjectName("charts-grid")
        self.charts_grid = QGridLayout(self.charts_page)
        self.charts_grid.setContentsMargins(0, 0, 0, 0)
        self.charts_grid.setSpacing(6)
        self.charts: dict[str, BarChartView] = {}

        self.tabs = QTabWidget()
        self.tabs.setObjectName("results-tabs")
        self.tabs.addTab(self.charts_page, "Charts")
        self.standby_note = QLabel(STANDBY_NOTE)
        self.standby_note.setObjectName("standby-note")
        self.standby_note.setWordWrap(True)
        line_items_page = QWidget()
        line_items_layout = QVBoxLayout(line_items_page)
        line_items_layout.setContentsMargins(0, 0, 0, 0)
        line_items_layout.addWidget(self.line_items_table, 1)
        line_items_layout.addWidget(self.standby_note)
        self.tabs.addTab(line_items_page, "Line items")
        self.tabs.addTab(self.allocations_table, "Allocations")
        self.independence_view = IndependenceView()
        self.tabs.addTab(self.independence_view, "Independence")
        self.dependency_view = DependencyView()
        self.tabs.addTab(self.dependency_view, "Who can switch you off")

        self.conflict_panel = ConflictPanel()
        self.conflict_panel.conflict_activated.connect(self.conflict_activated)
        self.no_plan_headline = self.conflict_panel.headline
        self.conflict_list = self.conflict_panel.conflict_list

        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("results-empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.pages = QStackedWidget()
        self.pages.setObjectName("results-pages")
        self.pages.insertWidget(PAGE_EMPTY, self.empty_label)
        self.pages.insertWidget(PAGE_PLAN, self.tabs)
        self.pages.insertWidget(PAGE_NO_PLAN, self.conflict_panel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.stale_banner)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.cards_box)
        layout.addWidget(self.figures_warning)
        layout.addWidget(self.pages, 1)
        self.clear()

    # -- public API ----------------------------------------------------------------------

    def clear(self) -> None:
        """Back to the empty state: no cards, tables, charts or banners."""
        self._progress_clock.stop()
        self._plan = None
        self.stale_banner.setVisible(False)
        self.progress_label.setVisible(False)
        self.cards_box.setVisible(False)
        self.figures_warning.setVisible(False)
        self.line_items_model.clear()
        self.allocations_model.clear()
        self.independence_view.clear()
        self.dependency_view.clear()
        self._set_charts([])
        self.conflict_panel.clear()
        self.empty_label.setText(EMPTY_TEXT)
        self.pages.setCurrentIndex(PAGE_EMPTY)

    def start_progress(self, currency: str | None = None) -> None:
        """A solve has started: the progress line shows now, its clock moving until a result;
        `currency` is the scenario's, in which the solver's figures are."""
        if currency is not None:
            self._currency = currency
        self._solve_started, self._reported = time.monotonic(), (None, None)
        self._tick()
        self._progress_clock.start()

    def report_progress(self, objective: float | None, bound: float | None) -> None:
        """The solver's latest report: its best plan's cost and its bound, where it has them."""
        self._reported = (objective, bound)
        self._tick()

    def _tick(self) -> None:
        self.show_progress(*self._reported, time.monotonic() - self._solve_started)

    def show_progress(
        self,
        objective: float | None,
        bound: float | None,
        elapsed_s: float,
        *,
        currency: str | None = None,
    ) -> None:
        """While solving: the best cost found so far, the proven bound and the time taken."""
        c = currency if currency is not None else self._currency
        prefix = f"{c} " if c else ""
        best = f"{prefix}{objective:,.0f}" if objective is not None else "none yet"
        proven = f"{prefix}{bound:,.0f}" if bound is not None else "—"
        gap = relative_gap(objective, bound)
        gap_text = f"  ·  gap {gap:.1%}" if gap is not None else ""
        self.progress_label.setText(
            f"Solving…  best cost so far: {best}  ·  bound: {proven}{gap_text}  ·  "
            f"{elapsed_s:.1f} s"
        )
        self.progress_label.setVisible(True)
        self.empty_label.setText(SOLVING_TEXT)

    def show_plan(self, plan: PlanDocument, *, stale: bool = False) -> None:
        """Show a solve's result; `stale` when the requirements changed since it started.

        Showing the plan already shown only updates the banner: an edit marks the result
        stale without rebuilding tables and charts.
        """
        self._progress_clock.stop()
        self.progress_label.setVisible(False)
        self.stale_banner.setVisible(stale)
        if plan is self._plan:
            return
        self._plan = plan
        self._currency = c = plan.header.currency  # the currency the plan was costed in
        result = plan.result
        self._show_figures_warning(result)
        if result is None:
            self._show_no_plan(plan)
            return
        self.line_items_model.set_rows(result.line_items, c)
        self.standby_note.setVisible(any(i.term == STANDBY_TERM for i in result.line_items))
        self.allocations_model.set_rows(
            result.allocations, result.cost_per_mtok_by_workload(), c, result.venue_name
        )
        for table, stretched in (
            (self.line_items_table, LINE_ITEMS_STRETCH_COLUMN),
            (self.allocations_table, ALLOCATIONS_STRETCH_COLUMN),
        ):
            table.resizeColumnsToContents()
            table.horizontalHeader().setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        self.independence_view.show_result(result)
        self.dependency_view.show_result(result)
        for card in self.cards.values():
            card.setVisible(True)
        self._cards_row.setStretch(len(self.cards), 0)
        show_plan_cards(self.cards, plan, result, c)
        self._set_charts(
            [
                ("chart-cost-by-category", cost_by_category_chart(result, c)),
                ("chart-cost-by-provider", cost_by_provider_chart(result, c)),
                ("chart-independence", independence_chart(result.scores.independence)),
                ("chart-lock-in", lock_in_chart(result.scores.lock_in)),
            ]
        )
        self.cards_box.setVisible(True)
        self.pages.setCurrentIndex(PAGE_PLAN)

    # -- parts ---------------------------------------------------------------------------

    def _show_figures_warning(self, result: PlanResult | None) -> None:
        """The market figures the plan relies on that were more than a year old when it
        was made: one line, each figure with its date in the tooltip."""
        note = stale_figures_note(result.sources) if result is not None else None
        self.figures_warning.setVisible(note is not None)
        if result is None or note is None:
            return
        self.figures_warning.setText(f"Stale figures: {note}")
        self.figures_warning.setToolTip(
            "\n".join(stale_figure_line(s) for s in result.sources.stale_figures())
        )

    def _set_charts(self, charts: Sequence[tuple[str, BarChartView]]) -> None:
        for view in self.charts.values():
            self.charts_grid.removeWidget(view)
            view.deleteLater()
        self.charts = {}
        for position, (name, view) in enumerate(charts):
            view.setObjectName(name)
            self.charts[name] = view
            self.charts_grid.addWidget(view, position // 2, position % 2)

    def _show_no_plan(self, plan: PlanDocument) -> None:
        self.cards_box.setVisible(True)
        for name, card in self.cards.items():
            card.setVisible(name == "card-status")
        self._cards_row.setStretch(len(self.cards), ALONE_STRETCH)
        self.cards["card-status"].show_value(*status_text(plan))
        self.line_items_model.clear()
        self.allocations_model.clear()
        self.independence_view.clear()
        self.dependency_view.clear()
        self._set_charts([])
        self.conflict_panel.show_conflicts(plan, self._currency)
        self.pages.setCurrentIndex(PAGE_NO_PLAN)

    def add_below_conflicts(self, widget: QWidget) -> None:
        """Place `widget` under the list of conflicts (the window's actions on them)."""
        layout = self.conflict_panel.layout()
        assert layout is not None
        layout.addWidget(widget)
