"""Two to four saved scenarios side by side: headline figures, what differs, line items, charts.

Every figure shown was computed by planner/ (the `Comparison` of
`planner.results.compare.compare`); this view only lays it out: ui/comparison_rows.py formats
the tables' rows, with the CLI's formats, and ui/comparison_charts.py builds the charts. The
first scenario is the baseline that the line items' change classes ("added", "removed",
"changed", "same") are relative to.
Figures are None for a scenario without a plan (infeasible, timed out); they show as "—".
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.results.compare import Comparison
from ui.cells_model import CellsModel, table_view
from ui.charts import BarChartView
from ui.comparison_charts import (
    cost_chart,
    independence_comparison_chart,
    legend_html,
    lock_in_comparison_chart,
)
from ui.comparison_rows import HEADLINE_FIGURES, headline_rows, input_rows, line_item_rows

EMPTY_TEXT = "No comparison yet: choose two to four saved scenarios and press Compare."

CHART_STRETCH: dict[str, int] = {
    "chart-compare-cost": 3,
    "chart-compare-independence": 4,
    "chart-compare-lock-in": 3,
}
"""Shares of the charts' row: one group of bars needs less room than eight (SOV-1…8)."""
DESCRIPTION_COLUMN_MAX_PX = 220
"""The widest an item, provider, term, venue or requirement column starts; tooltips have the
rest."""
TABLE_SLACK_PX = 4

STYLE_SHEET = """
QLabel#comparison-warnings { background: #fff3cd; color: #5c4400; border: 1px solid #e0c060;
                             border-radius: 4px; padding: 6px; }
QLabel#comparison-title { font-size: 12pt; font-weight: 600; }
QLabel[role="caption"] { font-weight: 600; }
QLabel[role="hint"] { color: palette(placeholder-text); }
"""


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "caption")
    return label


def _fit_height(table: QTableView, rows: int) -> int:
    """The height that shows a header and `rows` rows without a scroll bar."""
    row_height = table.verticalHeader().defaultSectionSize()
    header = table.horizontalHeader().sizeHint().height()
    return header + rows * row_height + 2 * table.frameWidth() + TABLE_SLACK_PX


class ComparisonView(QWidget):
    """Shows the comparison of saved scenarios that `planner.results.compare` computed."""

    PAGE_EMPTY, PAGE_COMPARISON = 0, 1
    TAB_CHARTS, TAB_LINE_ITEMS, TAB_INPUTS = 0, 1, 2
    CHART_NAMES = ("chart-compare-cost", "chart-compare-independence", "chart-compare-lock-in")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparison-view")
        self.setStyleSheet(STYLE_SHEET)
        self._data: Comparison | None = None

        self.warnings_banner = QLabel("")
        self.warnings_banner.setObjectName("comparison-warnings")
        self.warnings_banner.setWordWrap(True)
        self.warnings_banner.setVisible(False)
        self.title_label = QLabel("")
        self.title_label.setObjectName("comparison-title")
        self.legend_label = QLabel(
            "Tinted cells differ from the baseline, the first scenario: "
            "green added, red removed, amber changed; the “vs baseline” columns give the "
            "difference and its per cent."
        )
        self.legend_label.setProperty("role", "hint")

        self.headline_model = CellsModel(self)
        self.headline_table = table_view("comparison-headline", self.headline_model, sortable=False)
        self.inputs_model = CellsModel(self)
        self.inputs_table = table_view("comparison-inputs", self.inputs_model, sortable=True)
        self.line_items_model = CellsModel(self)
        self.line_items_table = table_view(
            "comparison-line-items", self.line_items_model, sortable=True
        )
        self.inputs_caption = _caption("What differs")

        headline_box = QWidget()
        headline_layout = QVBoxLayout(headline_box)
        headline_layout.setContentsMargins(0, 0, 0, 0)
        headline_layout.addWidget(_caption("Headline figures"))
        headline_layout.addWidget(self.headline_table)

        self.charts_page = QWidget()
        self.charts_page.setObjectName("comparison-charts")
        self.chart_legend = QLabel("")
        self.chart_legend.setObjectName("comparison-legend")
        self.chart_legend.setTextFormat(Qt.TextFormat.RichText)
        self.charts_row = QHBoxLayout()
        self.charts_row.setContentsMargins(0, 0, 0, 0)
        self.charts_row.setSpacing(6)
        charts_layout = QVBoxLayout(self.charts_page)
        charts_layout.setContentsMargins(4, 4, 4, 4)
        charts_layout.addWidget(self.chart_legend)
        charts_layout.addLayout(self.charts_row, 1)
        self.charts: dict[str, BarChartView] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("comparison-tabs")
        self.tabs.addTab(self.charts_page, "Charts")
        self.tabs.addTab(self.line_items_table, "Line items")
        inputs_box = QWidget()
        inputs_layout = QVBoxLayout(inputs_box)
        inputs_layout.setContentsMargins(4, 4, 4, 4)
        inputs_layout.addWidget(self.inputs_caption)
        inputs_layout.addWidget(self.inputs_table, 1)
        self.tabs.addTab(inputs_box, "What differs")

        comparison_page = QWidget()
        layout = QVBoxLayout(comparison_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title_label)
        layout.addWidget(self.warnings_banner)
        layout.addWidget(headline_box)
        layout.addWidget(self.legend_label)
        layout.addWidget(self.tabs, 1)

        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("comparison-empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(comparison_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(self.pages)
        self.pages.setCurrentIndex(self.PAGE_EMPTY)
        self.headline_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.headline_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a read-only summary

    @property
    def data(self) -> Comparison | None:
        """The comparison shown."""
        return self._data

    def show_comparison(self, data: Comparison) -> None:
        self._data = data
        names = list(data.scenarios)
        self.title_label.setText(
            f"Comparing {len(names)} scenarios · baseline: {names[0]}" if names else "Comparing"
        )
        self.title_label.setToolTip(", ".join(names))
        warnings = list(data.warnings)
        self.warnings_banner.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings_banner.setVisible(bool(warnings))

        headers, rows = headline_rows(data)
        self.headline_model.set_rows(headers, rows, ["", *names])
        headers, rows = input_rows(data)
        self.inputs_model.set_rows(headers, rows, ["the requirement, as the form names it", *names])
        self.inputs_caption.setText(
            f"{len(rows)} requirement{'s' if len(rows) != 1 else ''} differ"
            f"{'s' if len(rows) == 1 else ''}; tinted values differ from the baseline's"
            if rows
            else "The requirements are the same"
        )
        self.tabs.setTabText(self.TAB_INPUTS, f"What differs ({len(rows)})")
        headers, tips, rows = line_item_rows(data)
        self.line_items_model.set_rows(headers, rows, tips)
        self.tabs.setTabText(self.TAB_LINE_ITEMS, f"Line items ({len(rows)})")
        self._layout_tables()
        self._set_charts(
            [
                (self.CHART_NAMES[0], cost_chart(data)),
                (self.CHART_NAMES[1], independence_comparison_chart(data)),
                (self.CHART_NAMES[2], lock_in_comparison_chart(data)),
            ]
        )
        self.chart_legend.setText(legend_html(data))
        self.pages.setCurrentIndex(self.PAGE_COMPARISON)

    def clear(self) -> None:
        self._data = None
        self.headline_model.clear()
        self.inputs_model.clear()
        self.line_items_model.clear()
        self._set_charts([])
        self.warnings_banner.clear()
        self.warnings_banner.setVisible(False)
        self.title_label.clear()
        self.chart_legend.clear()
        self.pages.setCurrentIndex(self.PAGE_EMPTY)

    # -- parts -----------------------------------------------------------------------------

    def _layout_tables(self) -> None:
        headline = self.headline_table
        headline.setFixedHeight(_fit_height(headline, len(HEADLINE_FIGURES)))
        for table, described, fill in (
            (headline, 1, QHeaderView.ResizeMode.Stretch),
            (self.inputs_table, 1, QHeaderView.ResizeMode.Stretch),
            # Many columns: each as wide as its figures, a scroll bar rather than "1,83…".
            (self.line_items_table, 4, QHeaderView.ResizeMode.ResizeToContents),
        ):
            table.resizeColumnsToContents()
            header = table.horizontalHeader()
            for column in range(described):
                header.resizeSection(
                    column, min(header.sectionSize(column), DESCRIPTION_COLUMN_MAX_PX)
                )
            header.setStretchLastSection(False)
            for column in range(described, table.model().columnCount()):
                header.setSectionResizeMode(column, fill)

    def _set_charts(self, charts: Sequence[tuple[str, BarChartView]]) -> None:
        for view in self.charts.values():
            self.charts_row.removeWidget(view)
            view.deleteLater()
        self.charts = {}
        for name, view in charts:
            view.setObjectName(name)
            self.charts[name] = view
            self.charts_row.addWidget(view, CHART_STRETCH.get(name, 1))
