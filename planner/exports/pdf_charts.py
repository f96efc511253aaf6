"""The PDF report's charts (reportlab.graphics): cost by category and by provider, the two
scores' components against their maximum, the front of what control costs, and a roadmap's
cost and scores per year; every label in the report's embedded font
(planner/exports/pdf_fonts.py)."""

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle

from planner.exports.common import currency_of
from planner.exports.control_cost import ControlCost
from planner.exports.pdf_fonts import register_fonts
from planner.exports.roadmap_tables import RoadmapReport
from planner.exports.tables import category_costs, provider_costs, score_bars
from planner.results.plan_document import PlanDocument

PAGE = landscape(A4)
MARGIN = 15 * mm
WIDTH = PAGE[0] - 2 * MARGIN
BAR_COLOURS = (colors.HexColor("#2F5D8A"), colors.HexColor("#C9D3E0"))
LABEL_CHARS = 42
CHART_WIDTH, LABEL_WIDTH = WIDTH / 2 - 10, 175
FONT, FONT_BOLD = register_fonts()
STATE_DEFAULTS["fontName"] = FONT
"""reportlab starts every drawing in this font before its labels set theirs: DejaVu too, so
no page of the report names a font it does not embed (Helvetica is reportlab's default)."""


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Sequence[float]],
    names: Sequence[str] = (),
    value_format: str = "{:,.0f}",
) -> Drawing:
    """Horizontal bars, first label on top; with `names`, a legend for several series."""
    bar_space = 11 * len(series) + 6
    legend_height = 14 if names else 0
    height = max(len(labels), 1) * bar_space + 40 + legend_height
    drawing = Drawing(CHART_WIDTH, height)
    drawing.add(String(0, height - 12, title, fontName=FONT_BOLD, fontSize=10))
    if not labels:
        drawing.add(String(0, height - 30, "nothing to show", fontName=FONT, fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = LABEL_WIDTH, 18 + legend_height
    chart.width, chart.height = CHART_WIDTH - LABEL_WIDTH - 45, height - 40 - legend_height
    chart.data = [list(reversed(s)) for s in series]
    chart.categoryAxis.categoryNames = [_cut(label) for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.barLabels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: value_format.format(v)
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelFormat = lambda v: value_format.format(v)
    chart.groupSpacing, chart.barSpacing = 5, 1
    for i, colour in enumerate(BAR_COLOURS[: len(series)]):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    if names:
        _legend(drawing, LABEL_WIDTH, list(zip(BAR_COLOURS, names, strict=False)))
    return drawing


def _legend(drawing: Drawing, x: float, pairs: list[tuple[Any, str]]) -> None:
    """One row of coloured boxes and names at the drawing's foot."""
    legend = Legend()
    legend.x, legend.y = x, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontSize = 7
    legend.fontName = FONT
    legend.boxAnchor = "w"
    legend.dx = legend.dy = 6
    legend.colorNamePairs = pairs
    drawing.add(legend)


def plan_charts(plan: PlanDocument) -> PdfTable:
    currency = currency_of(plan)
    categories = category_costs(plan)
    providers = provider_costs(plan)
    independence = score_bars(plan, "independence")
    lock_in = score_bars(plan, "lock_in")
    drawings = [
        bar_chart(f"Cost by category ({currency} a year)", [c for c, _ in categories],
                  [[v for _, v in categories]]),
        bar_chart(f"Cost by provider ({currency} a year)", [p for p, _ in providers],
                  [[v for _, v in providers]]),
        bar_chart("Independence by objective (points; higher is better)",
                  [label for label, _, _ in independence],
                  [[p for _, p, _ in independence], [m for _, _, m in independence]],
                  ["points", "maximum"], "{:.1f}"),
        bar_chart("Lock-in by component (points; lower is better)",
                  [label for label, _, _ in lock_in],
                  [[p for _, p, _ in lock_in], [m for _, _, m in lock_in]],
                  ["points", "maximum"], "{:.1f}"),
    ]  # fmt: skip
    grid = PdfTable([drawings[:2], drawings[2:]], colWidths=[WIDTH / 2] * 2)
    grid.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), FONT)])
    )
    return grid


CURVE_WIDTH, CURVE_HEIGHT = 480.0, 220.0
"""The curve's drawing in points: half the landscape page's width, a third of its height."""
AXIS_ROOM = 50.0
"""Points left of and below the plot for the axes' labels."""
CURVE_COLOUR = "#2F5D8A"
KNEE_COLOUR = "#C0504D"
MARKER_SIZE = 4


def front_drawing(control: ControlCost) -> Drawing:
    """The curve: annual cost against the score, the knee in red (a second series of one
    point, so both share the axes)."""
    drawing = Drawing(CURVE_WIDTH, CURVE_HEIGHT)
    plot = LinePlot()
    plot.x, plot.y = AXIS_ROOM, AXIS_ROOM / 2
    plot.width, plot.height = CURVE_WIDTH - AXIS_ROOM - 10, CURVE_HEIGHT - AXIS_ROOM
    knee = [] if control.knee is None else [control.curve[control.knee]]
    plot.data = [list(control.curve), knee or [control.curve[0]]]
    plot.lines[0].strokeColor = colors.HexColor(CURVE_COLOUR)
    plot.lines[0].symbol = makeMarker("FilledCircle", size=MARKER_SIZE)
    plot.lines[1].strokeColor = None
    plot.lines[1].symbol = makeMarker("FilledCircle", size=MARKER_SIZE * 2 if knee else 0)
    plot.lines[1].symbol.fillColor = colors.HexColor(KNEE_COLOUR)
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 7
    plot.xValueAxis.labels.fontName = plot.yValueAxis.labels.fontName = FONT
    plot.yValueAxis.labelTextFormat = "{:,.0f}".format
    plot.xValueAxis.labelTextFormat = "{:.1f}".format
    drawing.add(plot)
    drawing.add(String(plot.x, 4, f"{control.score_name} (points)", fontSize=7, fontName=FONT))
    return drawing


YEAR_CHART_HEIGHT = 190.0
"""Each roadmap chart's drawing in points: half the page's width, under a third of its height."""
SCORE_COLOURS = (colors.HexColor(CURVE_COLOUR), colors.HexColor(KNEE_COLOUR))
COST_NAMES = ("annual cost", "capital for deliveries")
SCORE_NAMES = ("independence (higher is better)", "lock-in (lower is better)")
SCORE_MAX = 100.0
"""Both scores run from 0 to 100 (planner/evaluation/scoring.py)."""


def _year_frame(title: str) -> tuple[Drawing, float, float, float, float]:
    """A drawing with its title; the plot's x, y, width and height inside it."""
    drawing = Drawing(CHART_WIDTH, YEAR_CHART_HEIGHT)
    drawing.add(String(0, YEAR_CHART_HEIGHT - 12, title, fontName=FONT_BOLD, fontSize=10))
    return drawing, AXIS_ROOM, AXIS_ROOM - 10, CHART_WIDTH - AXIS_ROOM - 10, YEAR_CHART_HEIGHT - 70


def roadmap_charts(report: RoadmapReport) -> PdfTable:
    """Per year: the annual cost beside the capital paid for its deliveries, and the two
    scores (independence, lock-in) as lines on their 0–100 scale."""
    years = [f"Year {year}" for year, _, _ in report.costs]
    money, x, y, width, height = _year_frame(f"Cost per year ({report.currency})")
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = x, y, width, height
    bars.data = [[cost for _, cost, _ in report.costs], [capex for _, _, capex in report.costs]]
    bars.categoryAxis.categoryNames = years
    bars.valueAxis.valueMin = 0
    bars.valueAxis.rangeRound = "ceiling"
    bars.valueAxis.labelTextFormat = "{:,.0f}".format
    bars.groupSpacing, bars.barSpacing = 8, 1
    for i, colour in enumerate(BAR_COLOURS):
        bars.bars[i].fillColor, bars.bars[i].strokeColor = colour, None
    for labels in (bars.categoryAxis.labels, bars.valueAxis.labels):
        labels.fontName, labels.fontSize = FONT, 7
    money.add(bars)
    _legend(money, AXIS_ROOM, list(zip(BAR_COLOURS, COST_NAMES, strict=True)))
    scores, x, y, width, height = _year_frame("Scores per year (points)")
    lines = HorizontalLineChart()
    lines.x, lines.y, lines.width, lines.height = x, y, width, height
    lines.data = [[i for _, i, _ in report.scores], [k for _, _, k in report.scores]]
    lines.categoryAxis.categoryNames = years
    lines.valueAxis.valueMin, lines.valueAxis.valueMax = 0, SCORE_MAX
    for i, colour in enumerate(SCORE_COLOURS):
        lines.lines[i].strokeColor = colour
        lines.lines[i].symbol = makeMarker("FilledCircle", size=MARKER_SIZE)
        lines.lines[i].symbol.fillColor = colour
    for labels in (lines.categoryAxis.labels, lines.valueAxis.labels):
        labels.fontName, labels.fontSize = FONT, 7
    scores.add(lines)
    _legend(scores, AXIS_ROOM, list(zip(SCORE_COLOURS, SCORE_NAMES, strict=True)))
    grid = PdfTable([[money, scores]], colWidths=[WIDTH / 2] * 2)
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return grid
