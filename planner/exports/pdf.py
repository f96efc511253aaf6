"""The board report as PDF (reportlab platypus, charts from reportlab.graphics).

A4 landscape: the title and headline figures, the stale figures (market figures more than a
year old, when there are any), bar charts of cost by category, cost by provider,
independence by objective and lock-in by component (points against each one's maximum),
the line items, allocation, serving (when anything is self-hosted) and workloads, and an
appendix with cost assumptions, exchange rates and every catalog figure with its source; with
a front, what control costs; with the scenario's build-out roadmap, its pages (headline,
cost and scores per year, the years and the procurement calendar; `roadmap_to_pdf` gives
them alone); with the plan's stress report, a section of stress tests and exit strategies
before the appendix. Without a plan the report gives the status
and the conflicts. Text is set in DejaVu Sans, embedded (planner/exports/pdf_fonts.py), so
names in Greek, Polish, Czech or Cyrillic print as written. Identifiers too long for their
column break after a hyphen, colon, slash or underscore, never inside a word (`_break_ids`).
"""

import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
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
from planner.exports.control_cost import CONTROL_NOTE, CONTROL_TITLE, ControlCost
from planner.exports.dependency_tables import (
    CHAINS_TITLE,
    MATRIX_TITLE,
    SECTION_TITLE,
    chains_table,
    exposure_matrix,
)
from planner.exports.pdf_charts import (
    MARGIN,
    PAGE,
    WIDTH,
    front_drawing,
    plan_charts,
    roadmap_charts,
)
from planner.exports.pdf_fonts import register_fonts
from planner.exports.roadmap_tables import (
    CALENDAR_NOTE,
    CALENDAR_TITLE,
    ROADMAP_TITLE,
    YEARS_HEADING,
    YEARS_NOTE,
    RoadmapReport,
)
from planner.exports.serving_table import SERVING_NOTE, serving_table
from planner.exports.stress_tables import (
    STRESS_NOTE,
    STRESS_TITLE,
    exit_strategy_table,
    stress_table,
)
from planner.exports.tables import (
    ALLOCATION_NOTE,
    LINE_ITEMS_NOTE,
    all_line_items,
    allocation_table,
    conflicts_table,
    cost_assumptions_table,
    fx_table,
    sources_table,
    stale_figures_table,
    summary_table,
    weakest_link_table,
    workload_links_table,
    workloads_table,
)
from planner.results.plan_document import PlanDocument
from planner.results.stale_figures import stale_figures_note

HEADER_BG = colors.HexColor("#DDE4EE")
CHAR_WIDTH, PADDING = 4.2, 14
"""Rough width of one 7-point bold character, and a cell's padding, in points."""

FONT, FONT_BOLD = register_fonts()
CELL_FONT_SIZE = 7
ID_BREAKS = re.compile(r"(?<=[-:/_])")
"""Where an identifier too long for its column may break: after one of these marks."""

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("ReportTitle", parent=_styles["Title"], alignment=0, fontSize=20,
                       fontName=FONT_BOLD)  # fmt: skip
H2 = ParagraphStyle("H2", parent=_styles["Heading2"], spaceBefore=10, spaceAfter=4,
                    fontName=FONT_BOLD)  # fmt: skip
TITLE_STYLE_H2 = ParagraphStyle("H1", parent=_styles["Heading1"], spaceBefore=4, spaceAfter=4,
                                fontName=FONT_BOLD)  # fmt: skip
BODY = ParagraphStyle("Body", parent=_styles["BodyText"], fontSize=9, leading=12, fontName=FONT)
CELL = ParagraphStyle("Cell", parent=_styles["BodyText"], fontSize=CELL_FONT_SIZE, leading=8.5,
                      fontName=FONT)  # fmt: skip
CELL_RIGHT = ParagraphStyle("CellRight", parent=CELL, alignment=TA_RIGHT)
CELL_BOLD = ParagraphStyle("CellBold", parent=CELL, fontName=FONT_BOLD)
CELL_BOLD_RIGHT = ParagraphStyle("CellBoldRight", parent=CELL_BOLD, alignment=TA_RIGHT)


def _escape(text: str) -> str:
    return escape(xml_safe(text))


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(_escape(text), style)


def _pieces(word: str) -> list[str]:
    """A word cut after each mark an identifier may break at (`ID_BREAKS`)."""
    return [piece for piece in ID_BREAKS.split(word) if piece]


def _break_ids(text: str, width: float, font: str) -> str:
    """`text` as paragraph markup in which a word wider than `width` points breaks only
    after a hyphen, colon, slash or underscore (a line break there): reportlab would
    otherwise cut it anywhere, `datacr|unch`."""
    words = []
    for word in text.split(" "):
        if stringWidth(word, font, CELL_FONT_SIZE) <= width:
            words.append(_escape(word))
            continue
        lines = [""]
        for piece in _pieces(word):
            if lines[-1] and stringWidth(lines[-1] + piece, font, CELL_FONT_SIZE) > width:
                lines.append("")
            lines[-1] += piece
        words.append("<br/>".join(_escape(line) for line in lines))
    return " ".join(words)


def _widths(table: Table, texts: Sequence[Sequence[str]], width: float) -> list[float]:
    """Each column at least as wide as its longest unbreakable piece (a word, or the part
    of an identifier between two marks it may break at; a date whole), the rest shared in
    proportion to the (capped) length of its longest text."""
    rows = [table.headers, *texts]

    def pieces(word: str, c: int) -> list[str]:
        return [word] if table.kinds[c] == "date" else _pieces(word) or [""]

    floors = [
        min(max(len(piece) for row in rows for word in (row[c].split() or [""])
                for piece in pieces(word, c)), 24) * CHAR_WIDTH
        + PADDING
        for c in range(len(table.headers))
    ]  # fmt: skip
    weights = [max(min(len(row[c]), 48) for row in rows) + 2 for c in range(len(table.headers))]
    spare = width - sum(floors)
    if spare <= 0:
        return [width * f / sum(floors) for f in floors]
    return [f + spare * w / sum(weights) for f, w in zip(floors, weights, strict=True)]


def pdf_table(table: Table, currency: str, width: float = WIDTH) -> PdfTable:
    """A report table: wrapped cells, bold header and total, numbers right-aligned."""
    texts = table.text_rows(currency)
    right = [k != "text" for k in table.kinds]
    widths = _widths(table, texts, width)
    room = [w - PADDING for w in widths]

    def cell(text: str, c: int, style: ParagraphStyle) -> Paragraph:
        return Paragraph(_break_ids(xml_safe(text), room[c], style.fontName), style)

    data: list[list[Paragraph]] = [
        [cell(h, c, CELL_BOLD_RIGHT if right[c] else CELL_BOLD)
         for c, h in enumerate(table.headers)]
    ]  # fmt: skip
    total_row = table.total is not None
    for r, row in enumerate(texts):
        bold = total_row and r == len(texts) - 1
        data.append([
            cell(t, c, (CELL_BOLD_RIGHT if right[c] else CELL_BOLD) if bold
                 else (CELL_RIGHT if right[c] else CELL))
            for c, t in enumerate(row)
        ])  # fmt: skip
    if not texts:
        data.append([Paragraph("none", CELL)] + [Paragraph("", CELL)] * (len(table.headers) - 1))
    result = PdfTable(data, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, CELL_FONT_SIZE),
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


def _roadmap_story(report: RoadmapReport, heading: Paragraph) -> list[Any]:
    """The roadmap's pages under `heading`: headline, charts, the years and the procurement
    calendar."""
    currency = report.currency
    story: list[Any] = [heading, _p(report.headline, H2)]
    if report.owed_note:
        story.append(_p(report.owed_note))
    story += [roadmap_charts(report)]
    story += _section(YEARS_HEADING, report.years, currency, YEARS_NOTE, width=WIDTH * 0.75)
    story += _section(CALENDAR_TITLE, report.calendar, currency,
                      f"{report.start_note} {CALENDAR_NOTE}")  # fmt: skip
    return story


def _story(
    plan: PlanDocument,
    horizon_years: float,
    stress: StressReport | None = None,
    control: ControlCost | None = None,
    roadmap: RoadmapReport | None = None,
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
    story += [_p("Cost and scores", H2), plan_charts(plan), PageBreak()]
    story += _section("Line items", all_line_items(plan, horizon_years), currency,
                      f"Amounts in {currency}; the total over the horizon is the annual cost "
                      f"times {horizon_years:g} years. {LINE_ITEMS_NOTE}")  # fmt: skip
    story += _section("Allocation", allocation_table(plan), currency, ALLOCATION_NOTE)
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
    if control is not None:
        story += [PageBreak(), _p(CONTROL_TITLE, TITLE_STYLE_H2), _p(control.headline, H2)]
        story += [front_drawing(control)]
        story += _section("The front, point by point", control.table, currency, CONTROL_NOTE)
    if roadmap is not None:
        story += [PageBreak(), *_roadmap_story(roadmap, _p(ROADMAP_TITLE, TITLE_STYLE_H2))]
    if stress is not None:
        story += [PageBreak(), _p("Stress tests", TITLE_STYLE_H2)]
        story += _section(STRESS_TITLE, stress_table(stress), currency, STRESS_NOTE)
        story += _section("Exit strategies", exit_strategy_table(stress), currency)
    story += [PageBreak(), _p("Appendix: assumptions and sources", TITLE)]
    for table in (cost_assumptions_table(plan), fx_table(plan)):
        story += _section(table.title, table, currency, width=WIDTH * 0.5)
    story += _section("Catalog figures and sources", sources_table(plan), currency)
    return story


def _canvas(*args: Any, **kwargs: Any) -> Canvas:
    """A page canvas that starts in the report's font, so no page names Helvetica."""
    return Canvas(*args, **(kwargs | {"initialFontName": FONT}))


def _pdf(story: list[Any], title: str, footer: str, subject: str) -> bytes:
    """The story set on landscape A4 pages, each with `footer` and its number."""
    footer = f"{footer} — {datetime.now(UTC).strftime('%Y-%m-%d')}"

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
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
        title=title,
        author="sovplan",
        subject=subject,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=_canvas)
    return buffer.getvalue()


def plan_to_pdf(
    plan: PlanDocument,
    horizon_years: float,
    stress: StressReport | None = None,
    control: ControlCost | None = None,
    roadmap: RoadmapReport | None = None,
) -> bytes:
    """The report as PDF bytes; with a roadmap, its pages after the plan's."""
    scenario = plan.header.scenario_name
    return _pdf(
        _story(plan, horizon_years, stress, control, roadmap),
        f"Procurement plan: {scenario}",
        f"{scenario} — catalog revision {plan.header.catalog_revision}",
        "Board report",
    )


def roadmap_to_pdf(report: RoadmapReport) -> bytes:
    """The roadmap's pages alone (`sovplan roadmap --export FILE.pdf`)."""
    title = f"{ROADMAP_TITLE}: {report.name}"
    footer = f"{report.name} — catalog revision {report.catalog_revision}"
    return _pdf(_roadmap_story(report, _p(title, TITLE)), title, footer, ROADMAP_TITLE)
