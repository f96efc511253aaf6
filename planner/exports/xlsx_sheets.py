"""Sheets of the workbooks (the plan's, the roadmap's): tables written one under another,
numbers stored as numbers with the display format the PDF shows them in, dates as dates, and
every text cell through `set_xlsx_cell`, so nothing from a scenario runs as a formula."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from planner.exports.common import Kind, Table, Value, set_xlsx_cell, xlsx_number_format

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MIN_WIDTH, MAX_WIDTH = 8, 60
WRAPPED_WIDTH = 60
"""Columns this wide (explanations, citations) wrap instead of growing."""


def _put(ws: Any, row: int, column: int, value: Value, kind: Kind, decimals: int = 0) -> Any:
    """A cell; a number gets the display format that shows it as the PDF does, a date
    (ISO text in the table) is stored as a date."""
    cell = ws.cell(row=row, column=column)
    if kind == "date" and isinstance(value, str) and value:
        cell.value = date.fromisoformat(value)
        cell.number_format = xlsx_number_format(kind, decimals)
        return cell
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


def add_sheet(wb: Any, name: str, tables: Sequence[Table], currency: str, *, titles: bool) -> None:
    ws = wb.create_sheet(name)
    row = 1
    for table in tables:
        row = _write_table(ws, table, row, title=titles) + 1
    ws.freeze_panes = None if titles else "A2"
    _fit_columns(ws, tables, currency)
