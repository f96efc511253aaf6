"""The build-out roadmap, solved and read back: per year what is delivered, in service and
retired, what each workload needs and gets, what the year costs, and how independent and
locked-in its plan is (docs/roadmap.md).

A year's independence and lock-in are the planner's own scores (planner/evaluation/) of
that year's line items, valued at the catalog's prices: the scores weigh shares of spend,
and a price trend moves every venue of a kind alike.
"""

from dataclasses import dataclass

import numpy as np

from catalog.domain import Catalog
from planner.analysis.roadmap import RoadmapProblem, Year, roadmap_problem
from planner.evaluation.plan import Plan, VenueKind
from planner.optimise.compile import to_plan
from planner.optimise.options import NoEligibleOptionError, OptionScope
from planner.optimise.outcome import evaluated
from planner.scenario.model import Scenario, demands
from solver.periods import PeriodsResult, solve_periods
from solver.problem import SolveParams, SolveStatus, relative_gap


@dataclass(frozen=True, slots=True)
class Delivery:
    """Units of one venue that arrive for a year: servers, or a term of rented capacity."""

    venue: str
    """The venue's key (`owned:<sku>@<site>`, `cloud:<offer>`)."""
    units: int
    """Servers, or units of the offer (instances, or replica-sized bundles of them)."""
    first_year: int
    last_year: int
    """The last year in service: its useful life or term, counted past the horizon."""
    order_weeks_before: float
    """Weeks before the first year starts by which it must be ordered (its lead time)."""
    capex: float
    """Purchase price paid on delivery, networking included (0 for rented capacity)."""
    annual_cost: float
    """What the units cost in their first year."""


@dataclass(frozen=True, slots=True)
class WorkloadYear:
    workload_id: str
    tokens_per_year: float
    """The year's demand (0 before the workload starts)."""
    served: dict[str, float]
    """Share of the demand each venue serves."""
    provisioned: float
    """Capacity held for it over its demand (above 1: standby for failover)."""


@dataclass(frozen=True)
class RoadmapYear:
    year: int
    delivered: tuple[Delivery, ...]
    in_service: dict[str, int]
    """Units of each venue in service this year."""
    retiring: dict[str, int]
    """Servers and commitments whose life or term ends with this year (capacity rented by
    the year is in `delivered` and ends with it)."""
    annual_cost: float
    """E_t: the year's cost at its prices, undiscounted."""
    capex: float
    """Purchase price of the servers delivered for the year."""
    independence: float | None
    lock_in: float | None
    workloads: tuple[WorkloadYear, ...]
    plan: Plan


@dataclass(frozen=True)
class RoadmapOutcome:
    status: SolveStatus
    npv: float | None = None
    """Net present value of the path at the scenario's discount rate."""
    gap: float | None = None
    solve_seconds: float = 0.0
    years: tuple[RoadmapYear, ...] = ()
    owed_after_horizon: float = 0.0
    """What commitments signed in the roadmap still cost after its last year (undiscounted,
    at their locked prices); not in the NPV (docs/roadmap.md, "End of the horizon")."""
    scope: OptionScope = OptionScope.ALL
    message: str = ""

    @property
    def horizon(self) -> int:
        return len(self.years)


def plan_roadmap(
    scenario: Scenario,
    catalog: Catalog,
    periods: int | None = None,
    params: SolveParams | None = None,
) -> RoadmapOutcome:
    """The cheapest build-out path over `periods` years (the scenario's by default)."""
    try:
        rp = roadmap_problem(scenario, catalog, periods)
    except NoEligibleOptionError as exc:
        return RoadmapOutcome(SolveStatus.INFEASIBLE, message=str(exc))
    result = solve_periods(rp.problem, params)
    if result.delivered is None:
        return RoadmapOutcome(
            result.status, solve_seconds=result.solve_seconds, message=result.message
        )
    years = tuple(_year(scenario, rp, result, t, catalog) for t in range(rp.problem.n_periods))
    return RoadmapOutcome(
        status=result.status,
        npv=result.npv,
        gap=relative_gap(result.objective, result.bound),
        solve_seconds=result.solve_seconds,
        years=years,
        owed_after_horizon=_owed_after(rp, result),
        scope=rp.compiled.scope,
        message=result.message,
    )


def _delivery(rp: RoadmapProblem, r: int, t: int, units: int, catalog: Catalog) -> Delivery:
    resource = rp.resources[r]
    lead = 0.0
    if resource.venue.kind is VenueKind.OWNED:
        lead = catalog.server_skus[resource.venue.id].lead_time_weeks
    p = rp.problem.periods[t]
    return Delivery(
        venue=resource.venue.key,
        units=units,
        first_year=t + 1,
        last_year=t + int(rp.problem.life_periods[r]),
        order_weeks_before=lead,
        capex=float(p.unit_capex[r]) * units,
        annual_cost=float(p.unit_cost[r]) * units,
    )


def _year(
    scenario: Scenario, rp: RoadmapProblem, result: PeriodsResult, t: int, catalog: Catalog
) -> RoadmapYear:
    assert result.delivered is not None
    pp, year = rp.problem, rp.years[t]
    solution = result.solutions[t]
    delivered = tuple(
        _delivery(rp, int(r), t, int(result.delivered[t, r]), catalog)
        for r in np.flatnonzero(result.delivered[t])
    )
    in_service: dict[str, int] = {}
    retiring: dict[str, int] = {}
    for r, resource in enumerate(rp.resources):
        if units := int(solution.units[r]):
            in_service[resource.venue.key] = units
        ending = t - int(pp.life_periods[r]) + 1
        if pp.life_periods[r] > 1 and ending >= 0 and (gone := int(result.delivered[ending, r])):
            retiring[resource.venue.key] = gone
    plan = to_plan(year.indexed, solution, year.scenario, catalog)
    report = evaluated(plan, year.scenario, catalog) if plan.allocations else None
    return RoadmapYear(
        year=t + 1,
        delivered=delivered,
        in_service=in_service,
        retiring=retiring,
        annual_cost=result.spend[t],
        capex=sum(d.capex for d in delivered),
        independence=None if report is None else report.independence.total,
        lock_in=None if report is None else report.lock_in.total,
        workloads=_workloads(scenario, year, solution.served, solution.provisioned),
        plan=plan,
    )


def _workloads(
    scenario: Scenario, year: Year, served: np.ndarray, provisioned: np.ndarray
) -> tuple[WorkloadYear, ...]:
    """Every workload of the scenario in this year: its demand and who serves it."""
    demand = {w.id: w.tokens_per_year for w in year.scenario.workloads}
    token_share = {
        (d.parent.id, d.class_label): d.token_share for d in demands(year.scenario.workloads)
    }
    shares: dict[str, dict[str, float]] = {}
    held: dict[str, float] = {}
    for i, option in enumerate(year.indexed.compiled.options):
        part = token_share[(option.workload_id, option.request_class)]
        key = option.venue.key
        if served[i] > 0:
            by_venue = shares.setdefault(option.workload_id, {})
            by_venue[key] = by_venue.get(key, 0.0) + float(served[i]) * part
        held[option.workload_id] = held.get(option.workload_id, 0.0) + float(provisioned[i]) * part
    return tuple(
        WorkloadYear(w.id, demand.get(w.id, 0.0), shares.get(w.id, {}), held.get(w.id, 0.0))
        for w in scenario.workloads
    )


def _owed_after(rp: RoadmapProblem, result: PeriodsResult) -> float:
    """Σ over deliveries whose term runs past the horizon: locked cost × years beyond it."""
    assert result.delivered is not None
    pp = rp.problem
    owed = 0.0
    for t in range(pp.n_periods):
        for r in np.flatnonzero(result.delivered[t]):
            if rp.resources[r].venue.kind is VenueKind.OWNED:
                continue  # a server's annuity after the horizon pays for the years it serves
            beyond = t + int(pp.life_periods[r]) - pp.n_periods
            if beyond > 0:
                owed += beyond * float(pp.locked_cost[t, r]) * float(result.delivered[t, r])
    return owed
