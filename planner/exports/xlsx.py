"""The procurement plan as an Excel workbook (openpyxl).

Sheets: Summary, Line items, Cloud commitments (cloud lines on a 1- or 3-year commitment),
API contracts (API lines, standby contracts included), Allocation, Workloads, Scores
(independence with its weakest link, and lock-in), Who can switch you off (each actor's
share of each workload's capacity, and each workload's chain), Stress tests (when the plan
was stress tested: each shock's harm and recovery, and each provider's exit strategy), Stale
figures (market figures more than a year old, when there are any, under the warning) and
Assumptions and sources. Unit prices and costs are annual, in the plan's currency; "Total
over horizon" is the annual cost times the horizon in years. Numbers are stored as numbers
with a display format, and every text cell goes through `set_xlsx_cell` so nothing from a
scenario runs as a formula.
"""

import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from planner.analysis.report import StressReport
from planner.exports.common import (
    Kind,
    Table,
    Value,
    currency_of,
    set_xlsx_cell,
    xlsx_number_format,
    xml_safe,
)
from planner.exports.control_cost import CONTROL_TITLE, ControlCost
from planner.exports.dependency_tables import SECTION_TITLE, chains_table, exposure_matrix
from planner.exports.serving_table import serving_table
from planner.exports.stress_tables import exit_strategy_table, stress_table
from planner.exports.tables import (
    all_line_items,
    allocation_table,
    api_contracts,
    cloud_commitments,
    conflicts_table,
    cost_assumptions_table,
    fx_table,
    score_table,
    sources_table,
    stale_figures_table,
    summary_table,
    weakest_link_table,
    workload_links_table,
    workloads_table,
)
from planner.results.plan_document import PlanDocument
from planner.results.stale_figures import stale_figures_note

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MIN_WIDTH, MAX_WIDTH = 8, 60
WRAPPED_WIDTH = 60
"""Columns this wide (explanations, citations) wrap instead of growing."""


def _put(ws: Any, row: int, column: int, value: Value, kind: Kind, decimals: int = 0) -> Any:
    """A cell; a number gets the display format that shows it as the PDF does."""
    cell = ws.cell(row=row, column=column)
    set_xlsx_cell(cell, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.number_format = xlsx_number_format(kind, decimals)
    return cell


def _write_table(ws: Any, table: Table, start_row: int, *, title: bool = False) -> int:
    """Write `table` (optionally under its bold title) from `start_row`; the next free row."""
    row = start_row
    if title:
        _put(ws, row, 1, table.title, "text").font = TITLE
        row += 1
    for c, header in enumerate(table.headers, start=1):
        cell = _put(ws, row, c, header, "text")
        cell.font, cell.fill = BOLD, HEADER_FILL
    row += 1
    places = table.column_decimals()
    for r, values in enumerate(table.rows):
        for c, value in enumerate(values):
            _put(ws, row, c + 1, value, table.kind(r, c), table.decimals(r, c, places))
        row += 1
    if table.total is not None:
        for c, value in enumerate(table.total):
            _put(ws, row, c + 1, value, table.kinds[c], places[c]).font = BOLD
        row += 1
    return row


def _fit_columns(ws: Any, tables: Sequence[Table], currency: str) -> None:
    widths: dict[int, int] = {}
    for table in tables:
        rows = [table.headers, *table.text_rows(currency)]
        for row in rows:
            for c, text in enumerate(row, start=1):
                widths[c] = max(widths.get(c, MIN_WIDTH), min(len(text) + 2, MAX_WIDTH))
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = width
        if width >= WRAPPED_WIDTH:
            for cell in ws[get_column_letter(c)]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _sheet(wb: Any, name: str, tables: Sequence[Table], currency: str, *, titles: bool) -> None:
    ws = wb.create_sheet(name)
    row = 1
    for table in tables:
        row = _write_table(ws, table, row, title=titles) + 1
    ws.freeze_panes = None if titles else "A2"
    _fit_columns(ws, tables, currency)


def plan_to_xlsx(
    plan: PlanDocument,
    horizon_years: float,
    stress: StressReport | None = None,
    control: ControlCost | None = None,
) -> bytes:
    """The workbook as bytes; with the plan's stress report, a Stress tests sheet; with a
    front, a What control costs sheet (its headline as the table's title)."""
    currency = currency_of(plan)
    wb = Workbook()
    wb.remove(wb.active)
    summary = [summary_table(plan, horizon_years)]
    if plan.conflicts or plan.result is None:
        summary.append(conflicts_table(plan))
    _sheet(wb, "Summary", summary, currency, titles=len(summary) > 1)
    for name, table in (
        ("Line items", all_line_items(plan, horizon_years)),
        ("Cloud commitments", cloud_commitments(plan, horizon_years)),
        ("API contracts", api_contracts(plan, horizon_years)),
        ("Allocation", allocation_table(plan)),
        ("Serving", serving_table(plan)),
        ("Workloads", workloads_table(plan)),
    ):
        _sheet(wb, name, [table], currency, titles=False)
    _sheet(
        wb,
        "Scores",
        [score_table(plan, "independence", "Independence (higher is better)"),
         weakest_link_table(plan), workload_links_table(plan),
         score_table(plan, "lock_in", "Lock-in (lower is better)")],
        currency,
        titles=True,
    )  # fmt: skip
    _sheet(wb, SECTION_TITLE, [exposure_matrix(plan), chains_table(plan)], currency, titles=True)
    if control is not None:
        front = replace(control.table, title=control.headline)
        _sheet(wb, CONTROL_TITLE, [front], currency, titles=True)
    if stress is not None:
        _sheet(wb, "Stress tests", [stress_table(stress), exit_strategy_table(stress)], currency,
               titles=True)  # fmt: skip
    note = stale_figures_note(plan.result.sources) if plan.result is not None else None
    if note is not None:
        stale = stale_figures_table(plan)
        stale.title = note
        _sheet(wb, "Stale figures", [stale], currency, titles=True)
    _sheet(
        wb,
        "Assumptions and sources",
        [cost_assumptions_table(plan), fx_table(plan), sources_table(plan)],
        currency,
        titles=True,
    )
    wb.properties.title = xml_safe(f"Procurement plan: {plan.header.scenario_name}")
    wb.properties.creator = "sovplan"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
