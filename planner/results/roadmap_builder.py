"""The roadmap document of a live solve: the one place a `RoadmapOutcome` becomes a
`RoadmapDocument` (planner/results/roadmap_document.py)."""

from catalog.domain import Catalog
from planner.analysis.roadmap_plan import RoadmapOutcome, RoadmapYear, plan_roadmap
from planner.analysis.roadmap_year_one import first_year_scenario
from planner.optimise.outcome import PlanOutcome, evaluated
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.results.roadmap_document import PathYear, RoadmapDocument
from planner.scenario.model import Scenario
from solver.problem import SolveParams


def _path_year(y: RoadmapYear) -> PathYear:
    return PathYear(
        year=y.year,
        delivered=y.delivered,
        in_service=dict(y.in_service),
        retiring=dict(y.retiring),
        annual_cost=y.annual_cost,
        capex=y.capex,
        independence=y.independence,
        lock_in=y.lock_in,
        workloads=y.workloads,
    )


def _first_year(found: RoadmapOutcome, scenario: Scenario, catalog: Catalog) -> PlanDocument:
    """Year 1's plan as `sovplan plan` would report it for year 1's demand and floors."""
    year_one = first_year_scenario(scenario, catalog)
    plan = found.years[0].plan
    outcome = PlanOutcome(
        status=found.status,
        gap=found.gap,
        solve_seconds=found.solve_seconds,
        plan=plan,
        report=evaluated(plan, year_one, catalog) if plan.allocations else None,
        scope=found.scope,
    )
    return plan_document(outcome, year_one, catalog)


def roadmap_document(
    found: RoadmapOutcome, scenario: Scenario, catalog: Catalog
) -> RoadmapDocument:
    """The outcome of a roadmap of `scenario` against `catalog`, as every reader sees it."""
    return RoadmapDocument(
        scenario_name=scenario.name,
        catalog_revision=catalog.revision,
        currency=scenario.assumptions.currency,
        status=found.status,
        npv=found.npv,
        gap=found.gap,
        solve_seconds=found.solve_seconds,
        scope=found.scope,
        owed_after_horizon=found.owed_after_horizon,
        message=found.message,
        years=tuple(_path_year(y) for y in found.years),
        first_year=_first_year(found, scenario, catalog) if found.years else None,
    )


def solve_roadmap(
    scenario: Scenario,
    catalog: Catalog,
    periods: int | None = None,
    params: SolveParams | None = None,
) -> RoadmapDocument:
    """The cheapest build-out path (planner/analysis/roadmap_plan.py), as its document."""
    return roadmap_document(plan_roadmap(scenario, catalog, periods, params), scenario, catalog)
