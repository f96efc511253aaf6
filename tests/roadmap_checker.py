"""An independent checker of a build-out roadmap, year by year.

Each year's demand is re-derived from the scenario's own fields (a workload's growth from
its first year; none before it), and each year's plan is checked by `check_plan` against
that year's scenario for every rule that does not weigh spend. The rules that weigh spend
(budgets, group share, independence floor, lock-in ceiling) hold at the year's trended
prices in the model, while `check_plan` values a plan at the catalog's: they are re-checked
only where every trend is flat, so that the two are one. The capital budget bounds a year's
deliveries, not the fleet, and is checked as such. Beyond one year's rules: no server
serves before its lead time allows, every unit in service was delivered within its life or
term, and a term is kept whole.
"""

from dataclasses import replace
from math import ceil

from catalog.domain import Catalog
from planner.analysis.roadmap_plan import RoadmapOutcome
from planner.evaluation.cost import COMMITMENT_YEARS
from planner.evaluation.plan import VenueKind
from planner.optimise.outcome import evaluated
from planner.scenario.model import Scenario, Workload, WorkloadKind
from solver.families import ConstraintFamily
from tests.checker import Breach, check_plan

WEEKS_PER_YEAR = 52.0
PRICE_WEIGHTED = frozenset({
    ConstraintFamily.BUDGET_ANNUAL,
    ConstraintFamily.BUDGET_CAPEX,
    ConstraintFamily.PROVIDER_SHARE,
    ConstraintFamily.MIN_INDEPENDENCE,
    ConstraintFamily.MAX_LOCK_IN,
})  # fmt: skip
"""Rules checked at the year's own prices by the model only (see the module docstring)."""


def year_workload(w: Workload, scenario: Scenario, year: int) -> Workload | None:
    """Workload `w` in year `year` (1-based), or None before it starts."""
    if year < w.start_year:
        return None
    growth = w.growth_per_year
    if growth is None:
        growth = scenario.roadmap.demand_growth_per_year
    factor = (1 + growth) ** (year - w.start_year)
    if w.kind is WorkloadKind.FINE_TUNING:
        return replace(w, runs_per_year=w.runs_per_year * factor)
    return replace(w, tokens_per_day=w.tokens_per_day * factor)


def year_floor(scenario: Scenario, year: int) -> float | None:
    """The policy's independence floor, raised by the path's targets reached by `year`."""
    floors = [] if scenario.policy.min_independence is None else [scenario.policy.min_independence]
    for part in (scenario.roadmap.independence_path or "").split(","):
        if part.strip():
            from_year, target = part.split(":")
            if int(from_year) <= year:
                floors.append(float(target))
    return max(floors) if floors else None


def year_scenario(scenario: Scenario, year: int) -> Scenario:
    grown = (year_workload(w, scenario, year) for w in scenario.workloads)
    policy = replace(scenario.policy, min_independence=year_floor(scenario, year))
    return replace(scenario, workloads=tuple(w for w in grown if w is not None), policy=policy)


def flat_prices(scenario: Scenario) -> bool:
    r = scenario.roadmap
    trends = (r.hardware_price_change_per_year, r.cloud_price_change_per_year,
              r.api_price_change_per_year, r.energy_price_change_per_year)  # fmt: skip
    return not any(trends)


def _life(venue_key: str, catalog: Catalog) -> tuple[int, float]:
    """(years a unit stays, weeks it takes to arrive) of a venue by its key."""
    kind, _, rest = venue_key.partition(":")
    if kind == VenueKind.OWNED.value:
        sku = catalog.server_skus[rest.split("@")[0]]
        return ceil(sku.useful_life_years), sku.lead_time_weeks
    term = COMMITMENT_YEARS.get(catalog.cloud_offers[rest].pricing_term, 1.0)
    return ceil(term), 0.0


def _capex(venue_key: str, scenario: Scenario, catalog: Catalog, year: int) -> float:
    """A unit's purchase price, networking included, in year `year`'s prices (0: rented)."""
    kind, _, rest = venue_key.partition(":")
    if kind != VenueKind.OWNED.value:
        return 0.0
    sku = catalog.server_skus[rest.split("@")[0]]
    a = scenario.assumptions
    price = catalog.convert(sku.unit_price, sku.currency, a.currency)
    trend = (1 + scenario.roadmap.hardware_price_change_per_year) ** (year - 1)
    return price * (1 + a.networking_capex_share) * trend


def check_roadmap(scenario: Scenario, catalog: Catalog, found: RoadmapOutcome) -> list[str]:
    """Every rule the roadmap breaks, in words; [] if none."""
    problems: list[str] = []
    lead_in = scenario.roadmap.lead_in_weeks
    unchecked = {ConstraintFamily.BUDGET_CAPEX} | (
        set() if flat_prices(scenario) else PRICE_WEIGHTED
    )
    capex_budget = scenario.roadmap.capex_budget_per_year or scenario.capex_budget
    for y in found.years:
        ys = year_scenario(scenario, y.year)
        demand = {w.id: w.tokens_per_year for w in ys.workloads}
        for w in y.workloads:
            if abs(w.tokens_per_year - demand.get(w.workload_id, 0.0)) > 1e-6 * max(
                1.0, w.tokens_per_year
            ):
                problems.append(f"year {y.year}: {w.workload_id} demand {w.tokens_per_year:g}")
        if y.plan.allocations:
            breaches: list[Breach] = check_plan(ys, catalog, y.plan, evaluated(y.plan, ys, catalog))
            problems += [f"year {y.year}: {b}" for b in breaches if b.family not in unchecked]
        capex = sum(_capex(d.venue, scenario, catalog, y.year) * d.units for d in y.delivered)
        if capex_budget is not None and capex > capex_budget * (1 + 1e-9):
            problems.append(f"year {y.year}: deliveries cost {capex:g} of capital")
        for d in y.delivered:
            life, lead_weeks = _life(d.venue, catalog)
            earliest = 1 + ceil(max(0.0, lead_weeks - lead_in) / WEEKS_PER_YEAR)
            if d.first_year < earliest:
                problems.append(f"year {y.year}: {d.venue} arrives before year {earliest}")
            if d.last_year != d.first_year + life - 1:
                problems.append(f"year {y.year}: {d.venue} kept to {d.last_year}, life {life}")
        ever = {d.venue for earlier in found.years for d in earlier.delivered}
        for key in ever | set(y.in_service):
            units = y.in_service.get(key, 0)
            life, _ = _life(key, catalog)
            arrived = sum(
                d.units
                for earlier in found.years
                for d in earlier.delivered
                if d.venue == key and d.first_year <= y.year <= d.first_year + life - 1
            )
            if arrived != units:
                problems.append(f"year {y.year}: {units} of {key} in service, {arrived} live")
    return problems
