"""The board report as PDF (reportlab platypus, charts from reportlab.graphics).

A4 landscape: the title and headline figures, the stale figures (market figures more than a
year old, when there are any), bar charts of cost by category, cost by provider,
independence by objective and lock-in by component (points against each one's maximum),
the line items, allocation, serving (when anything is self-hosted) and workloads, and an
appendix with cost assumptions, exchange
rates and every catalog figure with its source; with the plan's stress report, a section of
stress tests and exit strategies before the appendix. Without a plan the report gives the status
and the conflicts. The standard Helvetica font covers Latin-1 (and €, —); other characters
may show as boxes.
"""

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from planner.analysis.report import StressReport
from planner.exports.common import (
    Table,
    currency_of,
    money,
    xml_safe,
)
from planner.exports.dependency_tables import (
    CHAINS_TITLE,
    MATRIX_TITLE,
    SECTION_TITLE,
    chains_table,
    exposure_matrix,
)
from planner.exports.serving_table import SERVING_NOTE, serving_table
from planner.exports.stress_tables import (
    STRESS_NOTE,
    STRESS_TITLE,
    exit_strategy_table,
    stress_table,
)
from planner.exports.tables import (
    all_line_items,
    allocation_table,
    category_costs,
    conflicts_table,
    cost_assumptions_table,
    fx_table,
    provider_costs,
    score_bars,
    sources_table,
    stale_figures_table,
    summary_table,
    weakest_link_table,
    workload_links_table,
    workloads_table,
)
from planner.results.plan_document import PlanDocument
from planner.results.stale_figures import stale_figures_note

PAGE = landscape(A4)
MARGIN = 15 * mm
WIDTH = PAGE[0] - 2 * MARGIN
HEADER_BG = colors.HexColor("#DDE4EE")
BAR_COLOURS = (colors.HexColor("#2F5D8A"), colors.HexColor("#C9D3E0"))
LABEL_CHARS = 42
CHART_WIDTH, LABEL_WIDTH = WIDTH / 2 - 10, 175
CHAR_WIDTH, PADDING = 4.2, 14
"""Rough width of one 7-point bold character, and a cell's padding, in points."""

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("ReportTitle", parent=_styles["Title"], alignment=0, fontSize=20)
H2 = ParagraphStyle("H2", parent=_styles["Heading2"], spaceBefore=10, spaceAfter=4)
TITLE_STYLE_H2 = ParagraphStyle("H1", parent=_styles["Heading1"], spaceBefore=4, spaceAfter=4)
BODY = ParagraphStyle("Body", parent=_styles["BodyText"], fontSize=9, leading=12)
CELL = ParagraphStyle("Cell", parent=_styles["BodyText"], fontSize=7, leading=8.5)
CELL_RIGHT = ParagraphStyle("CellRight", parent=CELL, alignment=TA_RIGHT)
CELL_BOLD = ParagraphStyle("CellBold", parent=CELL, fontName="Helvetica-Bold")
CELL_BOLD_RIGHT = ParagraphStyle("CellBoldRight", parent=CELL_BOLD, alignment=TA_RIGHT)


def _escape(text: str) -> str:
    return escape(xml_safe(text))


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(_escape(text), style)


def _widths(table: Table, texts: Sequence[Sequence[str]], width: float) -> list[float]:
    """Each column at least as wide as its longest word, the rest shared in proportion
    to the (capped) length of its longest text."""
    rows = [table.headers, *texts]
    floors = [
        min(max(len(word) for row in rows for word in (row[c].split() or [""])), 24) * CHAR_WIDTH
        + PADDING
        for c in range(len(table.headers))
    ]
    weights = [max(min(len(row[c]), 48) for row in rows) + 2 for c in range(len(table.headers))]
    spare = width - sum(floors)
    if spare <= 0:
        return [width * f / sum(floors) for f in floors]
    return [f + spare * w / sum(weights) for f, w in zip(floors, weights, strict=True)]


def pdf_table(table: Table, currency: str, width: float = WIDTH) -> PdfTable:
    """A report table: wrapped cells, bold header and total, numbers right-aligned."""
    texts = table.text_rows(currency)
    right = [k != "text" for k in table.kinds]
    data: list[list[Paragraph]] = [
        [Paragraph(_escape(h), CELL_BOLD_RIGHT if right[c] else CELL_BOLD)
         for c, h in enumerate(table.headers)]
    ]  # fmt: skip
    total_row = table.total is not None
    for r, row in enumerate(texts):
        bold = total_row and r == len(texts) - 1
        data.append([
            Paragraph(_escape(t), (CELL_BOLD_RIGHT if right[c] else CELL_BOLD) if bold
                      else (CELL_RIGHT if right[c] else CELL))
            for c, t in enumerate(row)
        ])  # fmt: skip
    if not texts:
        data.append([Paragraph("none", CELL)] + [Paragraph("", CELL)] * (len(table.headers) - 1))
    result = PdfTable(data, colWidths=_widths(table, texts, width), repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F5F7FA")]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.grey))
    result.setStyle(TableStyle(style))
    return result


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
    drawing.add(String(0, height - 12, title, fontName="Helvetica-Bold", fontSize=10))
    if not labels:
        drawing.add(String(0, height - 30, "nothing to show", fontName="Helvetica", fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = LABEL_WIDTH, 18 + legend_height
    chart.width, chart.height = CHART_WIDTH - LABEL_WIDTH - 45, height - 40 - legend_height
    chart.data = [list(reversed(s)) for s in series]
    chart.categoryAxis.categoryNames = [_cut(label) for label in reversed(labels)]
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
        legend = Legend()
        legend.x, legend.y = LABEL_WIDTH, 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontSize = 7
        legend.boxAnchor = "w"
        legend.dx = legend.dy = 6
        legend.colorNamePairs = list(zip(BAR_COLOURS, names, strict=False))
        drawing.add(legend)
    return drawing


def _charts(plan: PlanDocument) -> PdfTable:
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
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return grid


def _section(
    title: str, table: Table, currency: str, note: str = "", *, width: float = WIDTH
) -> list[Any]:
    head: list[Any] = [_p(title, H2)]
    if note:
        head.append(_p(note))
    body = pdf_table(table, currency, width)
    body.hAlign = "LEFT"
    return [KeepTogether([*head, body])] if len(table.rows) < 25 else [*head, body]


def _weakest(level: int | None) -> str:
    return "" if level is None else f", weakest link SEAL {level}"


def _story(
    plan: PlanDocument, horizon_years: float, stress: StressReport | None = None
) -> list[Any]:
    currency = currency_of(plan)
    story: list[Any] = [_p(f"Procurement plan: {plan.header.scenario_name}", TITLE)]
    result = plan.result
    if result is not None:
        scores, annual = result.scores, result.annual_cost
        story.append(_p(
            f"Annual cost {money(annual, currency)} "
            f"({money(annual * horizon_years, currency)} over "
            f"{horizon_years:g} years). Independence {scores.independence.total:.1f} of "
            f"100 (higher is better){_weakest(scores.weakest_seal)}; lock-in "
            f"{scores.lock_in.total:.1f} of 100 (lower is better); "
            f"{scores.effective_providers:.1f} effective providers."
        ))  # fmt: skip
    else:
        story.append(_p(f"No plan: the solver reports {plan.header.status_text}."))
    story.append(Spacer(1, 4))
    summary = pdf_table(summary_table(plan, horizon_years), currency, WIDTH * 0.5)
    summary.hAlign = "LEFT"
    story.append(summary)
    if plan.conflicts or result is None:
        story += _section("Conflicts", conflicts_table(plan), currency,
                          "The requirements that cannot all hold, and by how much.")  # fmt: skip
    if result is None:
        return story
    note = stale_figures_note(result.sources)
    if note is not None:
        story += _section("Stale figures", stale_figures_table(plan), currency, note)
    story += [_p("Cost and scores", H2), _charts(plan), PageBreak()]
    story += _section("Line items", all_line_items(plan, horizon_years), currency,
                      f"Unit price and annual cost in {currency} a year; the total over the "
                      f"horizon is the annual cost times {horizon_years:g} years.")  # fmt: skip
    story += _section("Allocation", allocation_table(plan), currency)
    serving = serving_table(plan)
    if serving.rows:
        story += _section("Serving", serving, currency, SERVING_NOTE)
    story += _section("Workloads", workloads_table(plan), currency)
    story += _section(
        "Independence: average and weakest link", weakest_link_table(plan), currency,
        "The framework holds a service to its weakest link: per objective, the lowest SEAL of "
        "any venue (standby included) beside the spend-weighted average.",
    )  # fmt: skip
    story += _section("Weakest link per workload", workload_links_table(plan), currency)
    story += [PageBreak(), _p(SECTION_TITLE, TITLE_STYLE_H2)]
    story += _section(
        MATRIX_TITLE, exposure_matrix(plan), currency,
        "Each actor alone could stop this share of each workload's capacity: a company "
        "directly, a government through its law, a hardware vendor through supply. Plan and "
        "critical shares weigh each workload by its tokens a year.",
    )  # fmt: skip
    story += _section(CHAINS_TITLE, chains_table(plan), currency)
    if stress is not None:
        story += [PageBreak(), _p("Stress tests", TITLE_STYLE_H2)]
        story += _section(STRESS_TITLE, stress_table(stress), currency, STRESS_NOTE)
        story += _section("Exit strategies", exit_strategy_table(stress), currency)
    story += [PageBreak(), _p("Appendix: assumptions and sources", TITLE)]
    for table in (cost_assumptions_table(plan), fx_table(plan)):
        story += _section(table.title, table, currency, width=WIDTH * 0.5)
    story += _section("Catalog figures and sources", sources_table(plan), currency)
    return story


def plan_to_pdf(
    plan: PlanDocument, horizon_years: float, stress: StressReport | None = None
) -> bytes:
    """The report as PDF bytes."""
    scenario = plan.header.scenario_name
    made = datetime.now(UTC).strftime("%Y-%m-%d")
    footer = f"{scenario} — catalog revision {plan.header.catalog_revision} — {made}"

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, 8 * mm, footer)
        canvas.drawRightString(PAGE[0] - MARGIN, 8 * mm, f"page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Procurement plan: {scenario}",
        author="sovplan",
        subject="Board report",
    )
    doc.build(_story(plan, horizon_years, stress), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
