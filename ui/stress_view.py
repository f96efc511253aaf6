"""The Stress tab: the scenario's own shocks (edited like the requirements), a run of every
shock against the plan shown, and the table and charts of what each does, most harmful first.

Every figure comes from planner/analysis (the report `sovplan stress` prints and the
exports write); the tab lays it out. The shocks table edits the scenario document through
undo commands, with each invalid cell marked by the scenario reader's problem.
"""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from catalog.domain import Catalog
from planner.analysis.report import StressReport
from planner.analysis.table import StressRow, stress_rows, weeks_text
from planner.money import change_text, money_text
from planner.scenario.document import ScenarioDocument
from planner.scenario.field_table import SHOCKS, fields_of
from planner.scenario.labels import label_of
from planner.scenario.problems import FieldPath, Problem
from planner.scenario.schema import Field
from ui.charts import BarChartView
from ui.document_table_model import DocumentTableModel
from ui.field_delegate import FieldDelegate
from ui.plan_table_models import Column, RowsModel, sortable_table
from ui.stress_charts import cost_chart, lost_chart
from ui.undo import InsertItem, RemoveItem, SetField

NEW_SHOCK = {
    "name": "my-shock",
    "kind": "price_shock",
    "apis": True,
    "change": 0.3,
    "description": "Every model API costs 30 % more.",
}
SHOCK_ROWS_SHOWN = 2
"""The shocks table shows about two rows; it scrolls beyond."""
EMPTY_TEXT = "No stress test yet: solve the requirements (F5), then run the stress tests."
STALE_TEXT = "Stress tests of an earlier plan: run them again for the plan shown."
HINT = (
    "<b>Your shocks</b> — this scenario's own lease changes (docs/stress.md); the shipped "
    "library always runs with them"
)
TABLE_SHARE, CHARTS_SHARE = 2, 3
CHART_HEIGHT_PX = 260
"""Below this, Qt has no room for five shocks' names beside the bars and elides them."""


def _percent(share: float) -> str:
    return "0%" if share <= 0 else ("<1%" if share < 0.005 else f"{share:.0%}")


def _amount(amount: float | None, sign: bool = False) -> str:
    if amount is None:
        return "—"
    return change_text(amount) if sign else f"{amount:,.0f}"


class StressRowsModel(RowsModel[StressRow]):
    """One row per shock: what it takes, what the recovery costs and when it is done."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._currency = ""

    def set_rows(self, rows: Sequence[StressRow], currency: str) -> None:
        self._currency = currency
        self._reset(rows)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def clear(self) -> None:
        self._reset([])

    def _columns(self) -> Sequence[Column[StressRow]]:
        c = self._currency
        outage = weeks_text
        return (
            Column("shock", lambda r: r.shock, lambda r: r.shock),
            Column("lost", lambda r: r.capacity_lost, lambda r: _percent(r.capacity_lost), True),
            Column(
                "critical lost",
                lambda r: r.critical_lost,
                lambda r: _percent(r.critical_lost),
                True,
            ),
            Column(
                "critical outage",
                lambda r: r.critical_outage_weeks or 0.0,
                lambda r: outage(r.critical_outage_weeks),
                True,
            ),
            Column(
                f"recovery {c}/yr",
                lambda r: r.recovery_annual_cost or 0.0,
                lambda r: _amount(r.recovery_annual_cost),
                True,
            ),
            Column(
                "change",
                lambda r: r.recovery_change or 0.0,
                lambda r: _amount(r.recovery_change, sign=True),
                True,
            ),
            Column(
                f"one-off {c}",
                lambda r: r.one_off_cost or 0.0,
                lambda r: _amount(r.one_off_cost),
                True,
            ),
            Column(f"capital {c}", lambda r: r.capex or 0.0, lambda r: _amount(r.capex), True),
            Column(
                "recovered in",
                lambda r: r.time_to_recover_weeks,
                lambda r: weeks_text(r.time_to_recover_weeks, none_text="at once"),
                True,
            ),
            Column(
                "floors met",
                lambda r: "yes" if r.floors_met else "no",
                lambda r: "yes" if r.floors_met else "no: " + ", ".join(r.unmet),
            ),
        )

    def _tooltip(self, row: StressRow) -> str:
        c = self._currency
        recovery = (
            "no recovery plan was found"
            if row.recovery_annual_cost is None
            else "the cheapest recovery that keeps what was bought costs "
            f"{money_text(row.recovery_annual_cost, c)} a year "
            f"({_amount(row.recovery_change, True)}), "
            f"{money_text(row.one_off_cost or 0.0, c)} once and "
            f"{money_text(row.capex or 0.0, c)} in new servers"
        )
        unmet = "meets every floor" if row.floors_met else "misses: " + ", ".join(row.unmet)
        return f"{row.shock} — {row.description}\nIf nothing is done: " + (
            f"{_amount(row.nothing_done_change, True)} {c} a year. "
            f"{recovery.capitalize()}; it {unmet}."
        )


class StressView(QWidget):
    """Emits `run_requested` and `cancel_requested`; the window owns the worker."""

    run_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, catalog: Catalog, undo_stack: QUndoStack) -> None:
        super().__init__()
        self._catalog, self._stack = catalog, undo_stack
        self._doc: ScenarioDocument | None = None
        self.shocks = DocumentTableModel(SHOCKS, list(fields_of(SHOCKS)), self._apply)
        self.shocks_view = self._shocks_table()
        self.rows = StressRowsModel(self)
        self.table = sortable_table("stress-table", self.rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.run_button = QPushButton("Run stress tests")
        self.run_button.setObjectName("run-stress")
        self.run_button.clicked.connect(self.run_requested)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel(EMPTY_TEXT)
        self.status.setObjectName("stress-status")
        self.status.setWordWrap(True)
        self.charts = QWidget()
        self._charts_layout = QHBoxLayout(self.charts)
        self._charts_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_views: list[BarChartView] = []
        self.report: StressReport | None = None

        controls = QHBoxLayout()
        controls.addWidget(self.run_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.progress)
        controls.addWidget(self.status, stretch=1)
        results = QSplitter(Qt.Orientation.Vertical)
        results.setObjectName("stress-splitter")
        results.addWidget(self.table)
        results.addWidget(self.charts)
        results.setStretchFactor(0, TABLE_SHARE)
        results.setStretchFactor(1, CHARTS_SHARE)
        results.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self._shocks_box())
        layout.addWidget(results, stretch=1)

    # The scenario's own shocks -------------------------------------------------------

    def _shocks_table(self) -> QTableView:
        view = QTableView()
        view.setObjectName("shocks-table")
        view.setModel(self.shocks)
        view.setItemDelegate(FieldDelegate(lambda: self._catalog, view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        row = view.verticalHeader().defaultSectionSize()
        scroll = view.horizontalScrollBar().sizeHint().height()
        height = view.horizontalHeader().sizeHint().height() + SHOCK_ROWS_SHOWN * row + scroll
        view.setFixedHeight(height + 2)
        return view

    def _shocks_box(self) -> QGroupBox:
        box = QGroupBox()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 4, 6, 4)
        header = QHBoxLayout()
        header.addWidget(QLabel(HINT), stretch=1)
        for text, slot in (("Add shock", self.add_shock), ("Remove", self.remove_shock)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            header.addWidget(button)
        layout.addLayout(header)
        layout.addWidget(self.shocks_view)
        return box

    def set_document(self, doc: ScenarioDocument | None) -> None:
        self._doc = doc
        self.shocks.set_document(doc)

    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def refresh_shocks(self, problems: Sequence[Problem], currency: str) -> None:
        by_path: dict[FieldPath, list[Problem]] = {}
        for problem in problems:
            by_path.setdefault(problem.path, []).append(problem)
        self.shocks.refresh(by_path, currency)

    def _apply(self, path: FieldPath, value: Any, _field: Field) -> None:
        if self._doc is None or self._doc.get(path) == value:
            return
        self._stack.push(SetField(self._doc, path, value, label_of(path, self._doc.data)))

    def add_shock(self) -> None:
        if self._doc is not None:
            index = len(self._doc.get(SHOCKS.key) or [])
            self._stack.push(InsertItem(self._doc, SHOCKS.key, index, dict(NEW_SHOCK), "Add shock"))
            self.shocks_view.selectRow(index)

    def remove_shock(self) -> None:
        rows = self.shocks_view.selectionModel().selectedRows()
        if self._doc is not None and rows:
            row = rows[0].row()
            self._stack.push(RemoveItem(self._doc, SHOCKS.key, row, f"Remove shock {row + 1}"))

    # Runs and results ----------------------------------------------------------------

    def set_ready(self, ready: bool, running: bool) -> None:
        self.run_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)

    def start(self, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(f"Running {total} shock(s) on a local process pool (Esc cancels)…")

    def report_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setValue(done)
        self.status.setText(f"{done} of {total} shocks done (last: {name})")

    def clear(self) -> None:
        self.report = None
        self.rows.clear()
        self._set_charts([])
        self.progress.setVisible(False)
        self.status.setText(EMPTY_TEXT)

    def show_report(self, report: StressReport, *, stale: bool = False) -> None:
        self.report = report
        self.progress.setVisible(False)
        rows = stress_rows(report)
        self.rows.set_rows(rows, report.currency)
        self._set_charts(rows, report.currency)
        harmed = sum(1 for r in rows if r.critical_lost > 0 or not r.floors_met)
        text = (
            f"{len(rows)} shock(s) on a plan costing "
            f"{money_text(report.base_annual_cost, report.currency)} a year; {harmed} take "
            "critical capacity or break a floor. Hover a row for its recovery."
        )
        if not report.complete:
            text = "Cancelled: the shocks finished so far. " + text
        self.status.setText(f"<b>{STALE_TEXT}</b> {text}" if stale else text)

    def _set_charts(self, rows: Sequence[StressRow], currency: str = "") -> None:
        for view in self.chart_views:
            self._charts_layout.removeWidget(view)
            view.deleteLater()
        self.chart_views = [lost_chart(rows), cost_chart(rows, currency)] if rows else []
        for view in self.chart_views:
            view.setMinimumHeight(CHART_HEIGHT_PX)
            self._charts_layout.addWidget(view)
