"""Near-optimal alternatives: plans as different as possible, each within x % of the cheapest.

Inputs carry error (capacity estimates, prices that move), so plans within a few per cent of
the optimum are equally defensible. Modelling to generate alternatives (MGA): after the
cheapest plan C*, each next plan is the solution of one *direction* — a weighted spend to
minimise — subject to every requirement of the scenario and an annual cost of at most
(1 + x) C*:

- `away`: the spend on the venues the plans so far used, each weighted by the share of their
  cost that went there (the "hop-skip-jump" form; repeated while it finds new plans);
- `owned`, `api`, `rented`, `eu`: the spend outside owned servers, outside model APIs,
  outside rented cloud capacity, outside EU-parented providers and EU sites — the plan with
  the most of that kind the cost allows (each tried once).

A small weight on all spend (TIE_BREAK) makes each the cheapest of equally good plans. A plan
that differs from one before it by less than MIN_DIFFERENCE (planner/analysis/mix.py's
measure) is not shown; the search ends when every direction is spent or `count` plans are
found. The options are compiled once and the solver's model built once; each solve sets only
the budget and the objective's weights on it (compile once, solve many, as the frontier does;
solver/rebound.py).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from catalog.domain import Catalog
from planner.analysis.mix import Mix, describe, difference, in_eu, mix_of
from planner.evaluation.plan import Venue, VenueKind
from planner.optimise.compile import Indexed, to_problem
from planner.optimise.options import PruneMode, compile_options
from planner.optimise.planning import PlanOutcome, substitutes, with_solution
from planner.scenario.model import Scenario
from solver.problem import CancelToken, ObjectiveKind, SolveParams, SolveStatus
from solver.rebound import ModelCache

DEFAULT_WITHIN = 0.05
"""Five per cent: below the ±20 % error of a capacity estimate and the price moves the
catalog records, so such plans are as defensible as the cheapest."""
MAX_WITHIN = 1.0
"""Up to twice the optimal cost: beyond that an alternative is no longer near-optimal."""
DEFAULT_COUNT = 5
"""Plans shown by default, the cheapest included: as many as a board compares side by side."""
MAX_COUNT = 20
MIN_DIFFERENCE = 0.05
"""A plan that moves less than 5 % of its spend from the venues of every plan before it is
the same plan with other figures, not an alternative."""
TIE_BREAK = 0.01
"""Weight of every unit of spend in an alternative's objective, beside the weights on venues
already used: among equally different plans, the cheaper."""
COST_TOLERANCE = 1e-6
"""Relative: the solver's feasibility tolerance on the cost bound."""


class Direction(StrEnum):
    """What an alternative's solve minimises, beside TIE_BREAK × its cost."""

    CHEAPEST = "cheapest"
    AWAY = "away"
    """Spend on the venues earlier plans used, weighted by their share of it."""
    OWNED = "owned"
    API = "api"
    RENTED = "rented"
    EU = "eu"


KIND_OF = {
    Direction.OWNED: VenueKind.OWNED,
    Direction.API: VenueKind.API,
    Direction.RENTED: VenueKind.CLOUD,
}
"""The venue kind each kind-direction favours."""
SCHEDULE = (Direction.AWAY, Direction.OWNED, Direction.API, Direction.RENTED, Direction.EU)
"""Directions in the order tried; AWAY is tried again after each plan it finds."""

Progress = Callable[[int, int], None]
"""Called as each plan is found: (plans so far, plans asked for)."""


@dataclass(frozen=True)
class Alternative:
    outcome: PlanOutcome
    mix: Mix
    description: str
    difference: float
    """From the most similar plan before it (1.0 for the cheapest: none before it)."""
    direction: Direction

    @property
    def annual_cost(self) -> float:
        assert self.outcome.report is not None
        return self.outcome.report.costs.total


@dataclass(frozen=True)
class Alternatives:
    scenario: Scenario
    within: float
    count: int
    """Plans asked for, the cheapest included."""
    plans: tuple[Alternative, ...]
    """The cheapest first; empty when the requirements allow no plan (see `infeasible`)."""
    infeasible: PlanOutcome | None
    seconds: float
    complete: bool = True

    @property
    def optimal_cost(self) -> float:
        return self.plans[0].annual_cost

    def extra_share(self, plan: Alternative) -> float:
        """How much dearer than the cheapest, as a share of it; never below 0 (an alternative
        a hair cheaper than the cheapest is within the solvers' gap, not a saving)."""
        return max(plan.annual_cost / self.optimal_cost - 1.0, 0.0) if self.optimal_cost else 0.0


@dataclass(frozen=True)
class _Compiled:
    scenario: Scenario
    catalog: Catalog
    indexed: Indexed
    base: PlanOutcome
    resource_venues: list[Venue]
    option_venues: list[Venue]
    models: ModelCache


def _compile(scenario: Scenario, catalog: Catalog, prune: PruneMode) -> _Compiled:
    compiled = compile_options(scenario, catalog, prune=prune)
    indexed = to_problem(scenario, compiled)
    base = PlanOutcome(
        status=SolveStatus.INFEASIBLE,
        options_considered=len(compiled.options),
        options_eligible=compiled.eligible,
        scope=compiled.scope,
        alternatives=substitutes(compiled, catalog),
    )
    return _Compiled(
        scenario,
        catalog,
        indexed,
        base,
        [compiled.resources[k].venue for k in indexed.resource_keys],
        [o.venue for o in compiled.options],
        ModelCache(),
    )


def _weight(direction: Direction, venue: Venue, used: dict[str, float], c: _Compiled) -> float:
    if direction is Direction.AWAY:
        away = used.get(venue.key, 0.0)
    elif direction is Direction.EU:
        away = 0.0 if in_eu(venue, c.catalog) else 1.0
    else:
        away = 0.0 if venue.kind is KIND_OF[direction] else 1.0
    return TIE_BREAK + away


def _weights(
    c: _Compiled, direction: Direction, found: list[Alternative]
) -> tuple[np.ndarray, np.ndarray]:
    used: dict[str, float] = {}
    for plan in found:
        for venue, share in plan.mix.by_venue.items():
            used[venue] = used.get(venue, 0.0) + share
    return (
        np.array([_weight(direction, v, used, c) for v in c.resource_venues]),
        np.array([_weight(direction, v, used, c) for v in c.option_venues]),
    )


def _solve(
    c: _Compiled, params: SolveParams, budget: float, weights: tuple[np.ndarray, np.ndarray] | None
) -> PlanOutcome:
    problem = replace(
        c.indexed.problem,
        objective=ObjectiveKind.COST,
        annual_budget=min(c.indexed.problem.annual_budget, budget),
        spend_weights=weights,
    )
    result = c.models.solve(problem, params)
    base = replace(c.base, status=result.status, bound=result.bound,
                   solve_seconds=result.solve_seconds)  # fmt: skip
    if result.solution is None:
        return base
    return with_solution(base, c.indexed, result, c.scenario, c.catalog)


def near_optimal(
    scenario: Scenario,
    catalog: Catalog,
    *,
    within: float = DEFAULT_WITHIN,
    count: int = DEFAULT_COUNT,
    params: SolveParams | None = None,
    prune: PruneMode = PruneMode.AUTO,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Alternatives:
    """Up to `count` plans, the cheapest first, each within `within` of its cost and differing
    from every plan before it by at least MIN_DIFFERENCE."""
    started = time.monotonic()
    params = params or SolveParams()
    c = _compile(scenario, catalog, prune)
    first = _solve(c, params, float("inf"), None)
    if first.plan is None or first.report is None:
        return Alternatives(scenario, within, count, (), first, time.monotonic() - started)
    mix = mix_of(first.report.costs, catalog)
    found = [Alternative(first, mix, describe(mix), 1.0, Direction.CHEAPEST)]
    ceiling = first.report.costs.total * (1 + within)
    queue = list(SCHEDULE)
    complete = True
    while len(found) < count and queue:
        if progress is not None:
            progress(len(found), count)
        if cancel is not None and cancel.cancelled:
            complete = False
            break
        direction = queue.pop(0)
        outcome = _solve(c, params, ceiling, _weights(c, direction, found))
        if outcome.plan is None or outcome.report is None:
            continue
        if outcome.report.costs.total > ceiling * (1 + COST_TOLERANCE):
            continue
        mix = mix_of(outcome.report.costs, catalog)
        apart = min(difference(mix, f.mix) for f in found)
        if apart < MIN_DIFFERENCE:
            continue
        found.append(Alternative(outcome, mix, describe(mix), apart, direction))
        if direction is Direction.AWAY:
            queue.append(Direction.AWAY)
    return Alternatives(
        scenario, within, count, tuple(found), None, time.monotonic() - started, complete
    )
