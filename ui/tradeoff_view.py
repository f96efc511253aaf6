"""The Trade-offs tab: what control costs (the front; a click opens a point's plan in
Results), near-optimal alternatives with mini-bars, and the tornado of the sensitivity
analysis. Every figure comes from planner/analysis; the tab lays it out.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalog.domain import Catalog
from planner.analysis.alternatives import Alternatives
from planner.analysis.frontier import DEFAULT_POINTS, MAX_POINTS, MIN_POINTS, Frontier
from planner.analysis.frontier_text import headline
from planner.analysis.sensitivity import Sensitivity
from planner.analysis.sweep import Against
from ui.charts import BarChartView
from ui.tradeoff_charts import FrontChartView, tornado_chart

EMPTY_TEXT = (
    "What control costs: compute the front of annual cost against independence (or lock-in) "
    "for the requirements shown; click a point to open its plan in Results."
)
PERCENT = 100
ALTERNATIVE_COLUMNS = ("plan", "cost", "dearer", "differs", "description")
COST_BAR = 1
BODY_SIZES_PX = (620, 640)
"""The front beside the alternatives and the tornado, at the default 1280 px width."""
SIDE_SIZES_PX = (190, 420)
"""A few alternatives above; the tornado below has room for seven groups' names."""
"""The column whose cell is a mini-bar of the plan's cost against the dearest shown."""


class TradeoffView(QWidget):
    front_requested = Signal(object)
    """The score (an `Against`) to trade cost against."""
    sensitivity_requested = Signal()
    cancel_requested = Signal()
    point_opened = Signal(int)
    alternative_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.against = QComboBox()
        for a in Against:
            self.against.addItem(f"cost against {a.value}", a)
        self.points = QSpinBox()
        self.points.setRange(MIN_POINTS, MAX_POINTS)
        self.points.setValue(DEFAULT_POINTS)
        self.points.setPrefix("points: ")
        self.front_button = QPushButton("Compute the front")
        self.sensitivity_button = QPushButton("Run sensitivity")
        self.cancel_button = QPushButton("Cancel")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.headline = QLabel(EMPTY_TEXT)
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.front_chart = FrontChartView()
        self.alternatives = QTableWidget(0, len(ALTERNATIVE_COLUMNS))
        self.alternatives.setHorizontalHeaderLabels(list(ALTERNATIVE_COLUMNS))
        self.alternatives.horizontalHeader().setStretchLastSection(True)
        self.alternatives.verticalHeader().setVisible(False)
        self.alternatives.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.alternatives.cellDoubleClicked.connect(self._alternative_clicked)
        self.tornado_box = QGroupBox("How sure the answer is")
        self._tornado_layout = QVBoxLayout(self.tornado_box)
        self.tornado: BarChartView | None = None
        self._layout()
        self.front_button.clicked.connect(self._front_clicked)
        self.sensitivity_button.clicked.connect(self.sensitivity_requested.emit)
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        self.front_chart.point_clicked.connect(self.point_opened.emit)
        self.set_ready(False, False)

    def _layout(self) -> None:
        controls = QHBoxLayout()
        for w in (self.against, self.points, self.front_button, self.sensitivity_button,
                  self.cancel_button, self.progress):  # fmt: skip
            controls.addWidget(w)
        controls.addStretch(1)
        side = QSplitter(Qt.Orientation.Vertical)
        box = QGroupBox("Near-optimal alternatives (within 5 %; double-click to open)")
        QVBoxLayout(box).addWidget(self.alternatives)
        side.addWidget(box)
        side.addWidget(self.tornado_box)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.front_chart)
        body.addWidget(side)
        body.setSizes(list(BODY_SIZES_PX))
        side.setSizes(list(SIDE_SIZES_PX))
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.headline)
        layout.addWidget(body, 1)

    def _front_clicked(self) -> None:
        self.front_requested.emit(Against(self.against.currentData()))

    def _alternative_clicked(self, row: int, _column: int) -> None:
        self.alternative_opened.emit(row)

    def set_ready(self, ready: bool, running: bool) -> None:
        """Runs need valid requirements and no sweep running."""
        self.front_button.setEnabled(ready and not running)
        self.sensitivity_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)

    def start(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)

    def report_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def stop(self) -> None:
        self.progress.setVisible(False)

    def show_front(self, front: Frontier, catalog: Catalog) -> None:
        self.stop()
        text = headline(front)
        partial = not front.complete and len(front.points) > 1  # one point says it itself
        self.headline.setText(f"{text} (cancelled: the points so far)" if partial else text)
        if front.points:
            self.front_chart.show_front(front, catalog)

    def show_alternatives(self, found: Alternatives) -> None:
        table = self.alternatives
        table.setRowCount(len(found.plans))
        dearest = max((p.annual_cost for p in found.plans), default=1.0) or 1.0
        for row, plan in enumerate(found.plans):
            cells = (str(row), f"{plan.annual_cost:,.0f}", f"{found.extra_share(plan):+.1%}",
                     "-" if row == 0 else f"{plan.difference:.0%}", plan.description)  # fmt: skip
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
            bar = QProgressBar()
            bar.setRange(0, PERCENT)
            bar.setValue(round(PERCENT * plan.annual_cost / dearest))
            bar.setFormat(f"{plan.annual_cost:,.0f}")
            table.setCellWidget(row, COST_BAR, bar)
        table.resizeColumnsToContents()

    def show_sensitivity(self, found: Sensitivity) -> None:
        self.stop()
        if self.tornado is not None:
            self._tornado_layout.removeWidget(self.tornado)
            self.tornado.deleteLater()
        self.tornado = tornado_chart(found)
        self._tornado_layout.addWidget(self.tornado)

    def clear(self) -> None:
        self.stop()
        self.headline.setText(EMPTY_TEXT)
        self.front_chart.chart().removeAllSeries()
        self.alternatives.setRowCount(0)
