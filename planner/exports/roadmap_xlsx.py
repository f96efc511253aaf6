"""The build-out roadmap as an Excel workbook (`sovplan roadmap --export FILE.xlsx`).

Sheets: Roadmap (per year: cost, capital, independence, lock-in; the NPV under it),
Procurement calendar (each delivery: what, how many, by when to order it, the years it
serves, a contract's start and end) and Workloads by year (each workload's demand and who
serves it). Years count from 1, the first year of the roadmap; "order by" is in weeks
before the year of first use starts. Every text cell goes through `set_xlsx_cell`, so
nothing from a scenario runs as a formula.
"""

import io
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

from planner.analysis.roadmap_plan import Delivery, RoadmapOutcome
from planner.exports.common import Kind, Table, Value, set_xlsx_cell, xlsx_number_format
from planner.exports.xlsx import BOLD, HEADER_FILL


def _kind(d: Delivery) -> str:
    if d.venue.startswith("owned:"):
        return "server purchase"
    return "rented for the year" if d.last_year == d.first_year else "commitment"


def roadmap_table(found: RoadmapOutcome) -> Table:
    table = Table(
        "Roadmap",
        ["Year", "Annual cost", "Capital for deliveries", "Independence", "Lock-in"],
        ["integer", "money", "money", "points", "points"],
    )
    for y in found.years:
        table.rows.append([y.year, y.annual_cost, y.capex, y.independence, y.lock_in])
    table.total = ["Net present value", found.npv, None, None, None]
    return table


def calendar_table(found: RoadmapOutcome) -> Table:
    table = Table(
        "Procurement calendar",
        ["First year", "Venue", "Kind", "Units", "Order by (weeks before the year)",
         "Last year", "Capital", "First-year cost"],
        ["integer", "text", "text", "integer", "number", "integer", "money", "money"],
    )  # fmt: skip
    for y in found.years:
        for d in y.delivered:
            table.rows.append([d.first_year, d.venue, _kind(d), d.units, d.order_weeks_before,
                               d.last_year, d.capex, d.annual_cost])  # fmt: skip
    return table


def workloads_table(found: RoadmapOutcome) -> Table:
    table = Table(
        "Workloads by year",
        ["Year", "Workload", "Tokens per year", "Venue", "Share served"],
        ["integer", "text", "number", "text", "percent"],
    )
    for y in found.years:
        for w in y.workloads:
            served: list[tuple[str, float]] = list(w.served.items()) or [("", 0.0)]
            for venue, share in served:
                table.rows.append([y.year, w.workload_id, w.tokens_per_year, venue, share])
    return table


def _put(ws: Any, row: int, column: int, value: Value, kind: Kind, decimals: int = 0) -> Any:
    cell = ws.cell(row=row, column=column)
    set_xlsx_cell(cell, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.number_format = xlsx_number_format(kind, decimals)
    return cell


def roadmap_to_xlsx(found: RoadmapOutcome) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for table in (roadmap_table(found), calendar_table(found), workloads_table(found)):
        ws = wb.create_sheet(table.title)
        for c, header in enumerate(table.headers, start=1):
            cell = _put(ws, 1, c, header, "text")
            cell.font, cell.fill = BOLD, HEADER_FILL
        rows = [*table.rows, *([table.total] if table.total else [])]
        places = table.column_decimals()
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                _put(ws, r, c, value, table.kinds[c - 1], places[c - 1])
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
