"""From a scenario to its build-out roadmap: the options compiled once, each year's demand
and prices, and the solver's multi-period model (solver/periods.py) over them.

The options are compiled for the scenario's own demand (year 1 of a workload that grows);
a year's demand scales each option's units and usage cost, a workload's options leave the
years before it starts. Prices follow the roadmap's trends (planner/scenario/roadmap.py): a
server's purchase price and the operations priced on it fall with hardware prices and stay
at its delivery year's price for its life; its energy follows the energy trend year by
year; rented capacity follows the cloud trend (a commitment at the price of its first
year), API tokens the API trend.
"""

from dataclasses import dataclass, replace
from math import ceil

import numpy as np

from catalog.domain import Catalog
from planner.evaluation.cost import (
    COMMITMENT_YEARS,
    Category,
    committed_annual_factor,
    cost_plan,
)
from planner.evaluation.plan import OwnedLine, Plan, VenueKind
from planner.optimise.compile import Indexed, to_problem
from planner.optimise.options import Compiled, Option, PruneMode, compile_options, widen
from planner.optimise.proving import PROOF_OPTION_LIMIT
from planner.optimise.venues import Resource
from planner.scenario.model import Scenario, Workload, WorkloadKind, demands
from solver.periods import PeriodsProblem
from solver.problem import FloatArray, IntArray

INF = float("inf")


@dataclass(frozen=True)
class Year:
    """One year of the roadmap: its scenario (demand grown, workloads not yet started left
    out) and the options of the compile that serve it, by index."""

    scenario: Scenario
    options: IntArray
    indexed: Indexed


@dataclass(frozen=True)
class RoadmapProblem:
    problem: PeriodsProblem
    years: tuple[Year, ...]
    compiled: Compiled
    resources: tuple[Resource, ...]


def demand_factor(workload: Workload, scenario: Scenario, year: int) -> float:
    """Year `year`'s (1-based) demand over the scenario's own; 0 before the workload starts."""
    if year < workload.start_year:
        return 0.0
    growth = workload.growth_per_year
    if growth is None:
        growth = scenario.roadmap.demand_growth_per_year
    return float((1.0 + growth) ** (year - workload.start_year))


def grown(workload: Workload, factor: float) -> Workload:
    if workload.kind is WorkloadKind.FINE_TUNING:
        return replace(workload, runs_per_year=workload.runs_per_year * factor)
    return replace(workload, tokens_per_day=workload.tokens_per_day * factor)


def _trend(change_per_year: float, year: int) -> float:
    return float((1.0 + change_per_year) ** (year - 1))


def _owned_split(
    resource: Resource, catalog: Catalog, scenario: Scenario
) -> tuple[float, float, float]:
    """(hardware, energy, hosting) parts of an owned server's annual cost, its capital
    recovered over its whole useful life: the roadmap keeps it that long, whatever the
    scenario's horizon_years (which caps a single-year plan's recovery period)."""
    venue = resource.venue
    life = catalog.server_skus[venue.id].useful_life_years
    assumptions = replace(scenario.assumptions, horizon_years=life)
    line = OwnedLine(venue.id, str(venue.site_id), 1)
    categories = cost_plan(Plan(owned=(line,)), catalog, assumptions).by_category()
    return (
        categories[Category.CAPEX] + categories[Category.OPERATIONS],
        categories[Category.ENERGY],
        categories[Category.HOSTING],
    )


def _resource_years(
    resources: tuple[Resource, ...], catalog: Catalog, scenario: Scenario, periods: int
) -> tuple[IntArray, IntArray, FloatArray, FloatArray, FloatArray]:
    """(f_r, ℓ_r, c_{r,t}, L_{r,t}, k_{r,t}) of solver/periods.py."""
    roadmap, horizon_years = scenario.roadmap, scenario.assumptions.horizon_years
    first = np.zeros(len(resources), dtype=np.int64)
    life = np.ones(len(resources), dtype=np.int64)
    cost = np.zeros((periods, len(resources)))
    locked = np.zeros((periods, len(resources)))
    capex = np.zeros((periods, len(resources)))
    for r, resource in enumerate(resources):
        years = range(1, periods + 1)
        if resource.venue.kind is VenueKind.OWNED:
            sku = catalog.server_skus[resource.venue.id]
            first[r] = roadmap.first_year(sku.lead_time_weeks) - 1
            life[r] = ceil(sku.useful_life_years)
            hardware, energy, hosting = _owned_split(resource, catalog, scenario)
            for t, year in enumerate(years):
                h = _trend(roadmap.hardware_price_change_per_year, year)
                locked[t, r] = hardware * h
                cost[t, r] = (
                    locked[t, r]
                    + hosting
                    + energy * _trend(roadmap.energy_price_change_per_year, year)
                )
                capex[t, r] = resource.unit_capex * h
        else:
            term = resource.pricing_term or ""
            life[r] = ceil(COMMITMENT_YEARS.get(term, 1.0))
            # a year of the term: the roadmap pays every year of it, not the whole term
            # spread over a shorter horizon_years as a single-year plan does
            yearly = resource.unit_cost / committed_annual_factor(term, horizon_years)
            for t, year in enumerate(years):
                cost[t, r] = locked[t, r] = yearly * _trend(
                    roadmap.cloud_price_change_per_year, year
                )
    return first, life, cost, locked, capex


def _usage_trend(compiled: Compiled, scenario: Scenario, year: int) -> FloatArray:
    """Per option, the price trend of its pay-per-use cost (API tokens, rented hours)."""
    roadmap = scenario.roadmap
    return np.array(
        [
            _trend(roadmap.api_price_change_per_year, year)
            if o.venue.kind is VenueKind.API
            else _trend(roadmap.cloud_price_change_per_year, year)
            for o in compiled.options
        ]
    )


def _year(
    scenario: Scenario,
    compiled: Compiled,
    base: Indexed,
    year: int,
    prices: tuple[FloatArray, FloatArray],
) -> Year:
    """Year `year`'s scenario (demand grown, the independence path's floor), options and
    problem."""
    factors = {w.id: demand_factor(w, scenario, year) for w in scenario.workloads}
    p = base.problem
    floor = scenario.roadmap.min_independence(year, p.min_independence)
    year_scenario = replace(
        scenario,
        workloads=tuple(grown(w, factors[w.id]) for w in scenario.workloads if factors[w.id]),
        policy=replace(scenario.policy, min_independence=floor),
    )
    rows = [d.parent.id for d in demands(scenario.workloads)]
    option_factor = np.array([factors[rows[w]] for w in p.option_workload])
    keep = np.flatnonzero(option_factor > 0)
    unit_cost, unit_capex = prices
    usage = p.option_usage_cost * option_factor * _usage_trend(compiled, scenario, year)
    attributed = np.where(
        p.option_resource >= 0,
        p.option_units * option_factor * unit_cost[np.maximum(p.option_resource, 0)],
        usage,
    )
    capex_budget = scenario.roadmap.capex_budget_per_year or scenario.capex_budget
    problem = replace(
        p,
        unit_cost=unit_cost,
        unit_capex=unit_capex,
        capex_budget=INF if capex_budget is None else capex_budget,
        min_independence=floor,
        option_workload=p.option_workload[keep],
        option_resource=p.option_resource[keep],
        option_units=(p.option_units * option_factor)[keep],
        option_usage_cost=usage[keep],
        option_group=p.option_group[keep],
        option_independence=p.option_independence[keep],
        option_lockin_per_spend=p.option_lockin_per_spend[keep],
        option_attributed_cost=attributed[keep],
        option_lockin_fixed=None if p.option_lockin_fixed is None else p.option_lockin_fixed[keep],
        option_venue=None if p.option_venue is None else p.option_venue[keep],
        option_suppliers={axis: labels[keep] for axis, labels in p.option_suppliers.items()},
    )
    options = [_grown_option(compiled.options[o], float(option_factor[o])) for o in keep]
    indexed = replace(base, problem=problem, compiled=replace(compiled, options=options))
    return Year(year_scenario, keep, indexed)


def _grown_option(option: Option, factor: float) -> Option:
    """The option for a year whose demand is `factor` times the compiled one's: the same
    share of it takes that many times the units, accelerators and usage."""
    return replace(
        option,
        units_per_share=option.units_per_share * factor,
        usage_cost_per_share=option.usage_cost_per_share * factor,
        accelerators_per_share=option.accelerators_per_share * factor,
    )


def exact_compile(scenario: Scenario, catalog: Catalog) -> Compiled:
    """Every eligible option where the pruned set could miss one and the exact set is small
    enough to build (as a plan's proof does), else the pruned set (its scope says so)."""
    compiled = compile_options(scenario, catalog, prune=PruneMode.AUTO)
    widening = compiled.widening
    if widening is not None and widening.count <= PROOF_OPTION_LIMIT:
        return widen(compiled)
    return compiled


def roadmap_problem(
    scenario: Scenario, catalog: Catalog, periods: int | None = None
) -> RoadmapProblem:
    """The roadmap's model over `periods` years (the scenario's own number by default).
    Raises NoEligibleOptionError as a plan does."""
    n = periods or scenario.roadmap.periods
    compiled = exact_compile(scenario, catalog)
    base = to_problem(scenario, compiled)
    resources = tuple(compiled.resources[key] for key in base.resource_keys)
    first, life, cost, locked, capex = _resource_years(resources, catalog, scenario, n)
    years = tuple(_year(scenario, compiled, base, t + 1, (cost[t], capex[t])) for t in range(n))
    rate = scenario.assumptions.discount_rate
    problem = PeriodsProblem(
        periods=tuple(y.indexed.problem for y in years),
        first_period=first,
        life_periods=life,
        locked_cost=locked,
        discount=np.array([(1.0 + rate) ** -t for t in range(n)]),
    )
    return RoadmapProblem(problem, years, compiled, resources)
