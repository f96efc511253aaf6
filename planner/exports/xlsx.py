"""The procurement plan as an Excel workbook (openpyxl).

Sheets: Summary, Line items, Cloud commitments (cloud lines on a 1- or 3-year commitment),
API contracts (API lines, standby contracts included), Allocation, Workloads, Scores
(independence with its weakest link, and lock-in), Who can switch you off (each actor's
share of each workload's capacity, and each workload's chain), Stress tests (when the plan
was stress tested: each shock's harm and recovery, and each provider's exit strategy), Stale
figures (market figures more than a year old, when there are any, under the warning) and
Assumptions and sources; with the scenario's build-out roadmap, its Roadmap and Procurement
calendar (planner/exports/roadmap_xlsx.py). Unit prices and costs are annual, in the plan's
currency; "Total over horizon" is the annual cost times the horizon in years. Numbers are
stored as numbers with a display format, and every text cell goes through `set_xlsx_cell`
so nothing from a scenario runs as a formula (planner/exports/xlsx_sheets.py).
"""

import io
from dataclasses import replace

from openpyxl import Workbook  # type: ignore[import-untyped]

from planner.analysis.report import StressReport
from planner.exports.common import currency_of, xml_safe
from planner.exports.control_cost import CONTROL_TITLE, ControlCost
from planner.exports.dependency_tables import SECTION_TITLE, chains_table, exposure_matrix
from planner.exports.roadmap_tables import RoadmapReport
from planner.exports.roadmap_xlsx import add_roadmap_sheets
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
from planner.exports.xlsx_sheets import add_sheet
from planner.results.plan_document import PlanDocument
from planner.results.stale_figures import stale_figures_note


def plan_to_xlsx(
    plan: PlanDocument,
    horizon_years: float,
    stress: StressReport | None = None,
    control: ControlCost | None = None,
    roadmap: RoadmapReport | None = None,
) -> bytes:
    """The workbook as bytes; with the plan's stress report, a Stress tests sheet; with a
    front, a What control costs sheet (its headline as the table's title); with a roadmap,
    its Roadmap and Procurement calendar sheets."""
    currency = currency_of(plan)
    wb = Workbook()
    wb.remove(wb.active)
    summary = [summary_table(plan, horizon_years)]
    if plan.conflicts or plan.result is None:
        summary.append(conflicts_table(plan))
    add_sheet(wb, "Summary", summary, currency, titles=len(summary) > 1)
    for name, table in (
        ("Line items", all_line_items(plan, horizon_years)),
        ("Cloud commitments", cloud_commitments(plan, horizon_years)),
        ("API contracts", api_contracts(plan, horizon_years)),
        ("Allocation", allocation_table(plan)),
        ("Serving", serving_table(plan)),
        ("Workloads", workloads_table(plan)),
    ):
        add_sheet(wb, name, [table], currency, titles=False)
    add_sheet(
        wb,
        "Scores",
        [score_table(plan, "independence", "Independence (higher is better)"),
         weakest_link_table(plan), workload_links_table(plan),
         score_table(plan, "lock_in", "Lock-in (lower is better)")],
        currency,
        titles=True,
    )  # fmt: skip
    add_sheet(wb, SECTION_TITLE, [exposure_matrix(plan), chains_table(plan)], currency, titles=True)
    if control is not None:
        front = replace(control.table, title=control.headline)
        add_sheet(wb, CONTROL_TITLE, [front], currency, titles=True)
    if roadmap is not None:
        add_roadmap_sheets(wb, roadmap)
    if stress is not None:
        add_sheet(wb, "Stress tests", [stress_table(stress), exit_strategy_table(stress)], currency,
               titles=True)  # fmt: skip
    note = stale_figures_note(plan.result.sources) if plan.result is not None else None
    if note is not None:
        stale = stale_figures_table(plan)
        stale.title = note
        add_sheet(wb, "Stale figures", [stale], currency, titles=True)
    add_sheet(
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
