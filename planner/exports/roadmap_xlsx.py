"""The build-out roadmap's sheets: in its own workbook (`sovplan roadmap --export FILE.xlsx`)
and in the plan's (`sovplan plan --export FILE.xlsx` of a scenario with a roadmap).

Roadmap: per year its first day, cost, present value, the capital for its deliveries,
independence and lock-in, the net present value under them, the headline as the title.
Procurement calendar: each delivery, what, how many, order by, deliver by (a server) or
contract start and end (rented capacity), under the day year 1 starts. The roadmap's own
workbook adds Workloads by year (each workload's demand and who serves it). Dates are
stored as dates; every number has a display format (planner/exports/xlsx_sheets.py).
"""

import io
from dataclasses import replace
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

from planner.exports.common import xml_safe
from planner.exports.roadmap_tables import (
    CALENDAR_TITLE,
    ROADMAP_TITLE,
    WORKLOADS_TITLE,
    YEARS_TITLE,
    RoadmapReport,
)
from planner.exports.xlsx_sheets import add_sheet


def add_roadmap_sheets(wb: Any, report: RoadmapReport, *, workloads: bool = False) -> None:
    """The Roadmap and Procurement calendar sheets (and Workloads by year) into `wb`."""
    currency = report.currency
    years = replace(report.years, title=report.headline)
    calendar = replace(report.calendar, title=f"{CALENDAR_TITLE}. {report.start_note}")
    add_sheet(wb, YEARS_TITLE, [years], currency, titles=True)
    add_sheet(wb, CALENDAR_TITLE, [calendar], currency, titles=True)
    if workloads:
        add_sheet(wb, WORKLOADS_TITLE, [report.workloads], currency, titles=False)


def roadmap_to_xlsx(report: RoadmapReport) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    add_roadmap_sheets(wb, report, workloads=True)
    wb.properties.title = xml_safe(f"{ROADMAP_TITLE}: {report.name}")
    wb.properties.creator = "sovplan"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
