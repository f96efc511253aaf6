"""The build-out roadmap in the exports: one set of tables for the workbook's sheets, the PDF's
roadmap page and the Markdown report, whether the roadmap is exported alone (`sovplan roadmap
--export`) or with the plan of its first year (`sovplan plan --export`).

Built from a solved roadmap, its scenario and the catalog that names the venues, before the
export: the writers get plain tables, numbers and dates. The procurement calendar dates each
delivery from the first day of year 1 (`roadmap.start_date`, or the first 1 January at least
the lead-in after the export's day): a server is ordered its lead time before the year it
first serves and delivered by that year's first day; rented capacity is contracted from that
day to the last day of its term. Dates are ISO text in the tables (YYYY-MM-DD); the workbook
stores them as dates.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from catalog.domain import Catalog
from planner.analysis.roadmap_plan import Delivery, RoadmapOutcome
from planner.errors import PlannerError
from planner.evaluation.weakest_link import venue_key_name
from planner.exports.common import Table
from planner.money import money_text
from planner.optimise.options import OptionScope
from planner.results.roadmap_document import RoadmapDocument
from planner.scenario.model import Scenario
from planner.scenario.roadmap import year_start

ROADMAP_TITLE = "Build-out roadmap"
YEARS_TITLE = "Roadmap"
YEARS_HEADING = "Roadmap year by year"
CALENDAR_TITLE = "Procurement calendar"
WORKLOADS_TITLE = "Workloads by year"
YEARS_NOTE = (
    "Each year's cost at its prices (servers' capital as an annuity over their life), its "
    "present value at the scenario's discount rate (the costs of year t count at its start), "
    "the purchase price of the servers delivered for it, and the planner's scores of its plan."
)
CALENDAR_NOTE = (
    "Order by: a server its lead time before the year it first serves, rented capacity by the "
    "start of its contract. Deliver by: the first day of that year. A commitment runs from "
    "its contract start to its end; capacity rented for the year, for that year."
)
ROADMAP_FORMATS = frozenset({".xlsx", ".pdf", ".md"})
"""The plan's exports (planner/exports/__init__.py) that include the roadmap."""
SERVER, RENTED, COMMITMENT = "server purchase", "rented for the year", "commitment"

SolvedRoadmap = RoadmapOutcome | RoadmapDocument
"""A roadmap as solved, or as a saved scenario keeps it: the tables read the same fields."""


@dataclass(frozen=True)
class RoadmapReport:
    name: str
    """The scenario's name (the report's title when the roadmap is exported alone)."""
    headline: str
    """`Net present value EUR 204,904 over 2 years (optimal, gap 0.00%)`."""
    currency: str
    catalog_revision: int
    first_day: date
    """The first day of year 1."""
    start_note: str
    """When year 1 starts and where that day comes from, a sentence."""
    owed_note: str
    """What commitments still owe after the last year; "" when nothing."""
    years: Table
    calendar: Table
    workloads: Table
    costs: tuple[tuple[int, float, float], ...]
    """Per year: (year, annual cost, capital for its deliveries), for the chart."""
    scores: tuple[tuple[int, float | None, float | None], ...]
    """Per year: (year, independence, lock-in)."""


def status_notes(found: SolvedRoadmap) -> str:
    """`optimal, gap 0.01%`, and whether it holds over the pruned options only."""
    notes = [found.status.value]
    if found.gap is not None:
        notes.append(f"gap {found.gap:.2%}")
    if found.scope is OptionScope.PRUNED:
        notes.append("over the pruned options")
    return ", ".join(notes)


def _kind(d: Delivery) -> str:
    if d.venue.startswith("owned:"):
        return SERVER
    if d.last_year == d.first_year:
        return RENTED
    return f"{COMMITMENT} ({d.last_year - d.first_year + 1} years)"


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def years_table(found: SolvedRoadmap, first_day: date, discount_rate: float) -> Table:
    table = Table(
        YEARS_TITLE,
        ["Year", "Starts", "Annual cost", "Present value", "Capital for deliveries",
         "Independence", "Lock-in"],
        ["integer", "date", "money", "money", "money", "points", "points"],
    )  # fmt: skip
    for y in found.years:  # discounted as the NPV is: year t's cost at its start (docs/roadmap.md)
        present = y.annual_cost / (1.0 + discount_rate) ** (y.year - 1)
        table.rows.append([y.year, _iso(year_start(first_day, y.year)), y.annual_cost, present,
                           y.capex, y.independence, y.lock_in])  # fmt: skip
    table.total = ["Net present value", None, None, found.npv, None, None, None]
    return table


def calendar_table(found: SolvedRoadmap, first_day: date, catalog: Catalog) -> Table:
    table = Table(
        CALENDAR_TITLE,
        ["First year", "Venue", "Kind", "Units", "Order by", "Lead time (weeks)", "Deliver by",
         "Contract start", "Contract end", "Last year", "Capital", "First-year cost"],
        ["integer", "text", "text", "integer", "date", "number", "date", "date", "date",
         "integer", "money", "money"],
    )  # fmt: skip
    for y in found.years:
        for d in y.delivered:
            start = year_start(first_day, d.first_year)
            end = year_start(first_day, d.last_year + 1) - timedelta(days=1)
            kind = _kind(d)
            server = kind == SERVER
            table.rows.append([
                d.first_year, venue_key_name(d.venue, catalog), kind, d.units,
                _iso(start - timedelta(weeks=d.order_weeks_before)), d.order_weeks_before,
                _iso(start if server else None), _iso(None if server else start),
                _iso(None if server else end), d.last_year, d.capex, d.annual_cost,
            ])  # fmt: skip
    return table


def workloads_table(found: SolvedRoadmap, catalog: Catalog) -> Table:
    table = Table(
        WORKLOADS_TITLE,
        ["Year", "Workload", "Tokens per year", "Venue", "Share served"],
        ["integer", "text", "number", "text", "percent"],
    )
    for y in found.years:
        for w in y.workloads:
            served: list[tuple[str, float]] = [
                (venue_key_name(venue, catalog), share) for venue, share in w.served.items()
            ] or [("", 0.0)]
            for venue, share in served:
                table.rows.append([y.year, w.workload_id, w.tokens_per_year, venue, share])
    return table


def roadmap_report(
    found: SolvedRoadmap, scenario: Scenario, catalog: Catalog, today: date | None = None
) -> RoadmapReport:
    """The roadmap's tables; `today` (the export's day by default) dates a roadmap whose
    scenario sets no start date. PlannerError when there is no path to report."""
    if found.npv is None:
        raise PlannerError(f"there is no roadmap to export ({found.status.value})")
    currency = scenario.assumptions.currency
    first_day = scenario.roadmap.start(today or date.today())
    source = (
        "roadmap.start_date"
        if scenario.roadmap.start_date
        else "the first 1 January after the lead-in; set roadmap.start_date to choose the day"
    )
    owed = found.owed_after_horizon
    return RoadmapReport(
        name=scenario.name,
        headline=f"Net present value {money_text(found.npv, currency)} over {found.horizon} "
        f"years ({status_notes(found)})",
        currency=currency,
        catalog_revision=catalog.revision,
        first_day=first_day,
        start_note=f"Year 1 starts {first_day.isoformat()} ({source}).",
        owed_note=f"Commitments signed in the roadmap still owe {money_text(owed, currency)} "
        "after its last year (not in the net present value)."
        if owed
        else "",
        years=years_table(found, first_day, scenario.assumptions.discount_rate),
        calendar=calendar_table(found, first_day, catalog),
        workloads=workloads_table(found, catalog),
        costs=tuple((y.year, y.annual_cost, y.capex) for y in found.years),
        scores=tuple((y.year, y.independence, y.lock_in) for y in found.years),
    )
