"""Compile once, solve many: one scenario's options, solved again under other bounds.

A sweep (the frontier's points, its bisection for the far end) changes only the bound on
independence or lock-in and sets the objective to cost; the options, their capacities and
prices do not change, so they are compiled once (`compile_sweep`) and each solve only swaps
the bound in the solver's arrays (`dataclasses.replace` on the `Problem`); the solver's model
is built once too, per process, and only the bound's row is set again (solver/rebound.py).
The compile is made as a plan's would be with that bound present: with a spend ratio in the
model, the default pruning keeps the cheapest listing of each class and its status holds for
that pruned set (`OptionScope.PRUNED`, shown on every point), or for every option with
`PruneMode.NONE`.
"""

from dataclasses import dataclass, field, replace
from enum import StrEnum

from catalog.domain import Catalog
from planner.optimise.compile import Indexed, to_problem
from planner.optimise.options import OptionScope, PruneMode, compile_options
from planner.optimise.planning import PlanOutcome, substitutes, with_solution
from planner.scenario.model import Objective, Scenario
from solver.problem import ObjectiveKind, SolveParams
from solver.rebound import ModelCache

SWEEP_TIME_LIMIT_S = 10.0
"""Each solve's time limit: a plan's own default; the shipped examples solve a point in well
under a second (docs/performance.md, "Trade-offs and sweeps")."""
NO_LOCK_IN_CEILING = 100.0
"""A lock-in ceiling that binds nothing: the score's top."""
NO_INDEPENDENCE_FLOOR = 0.0
"""An independence floor that binds nothing: the score's bottom."""


class Against(StrEnum):
    """The score a sweep trades cost against."""

    INDEPENDENCE = "independence"
    LOCK_IN = "lock-in"


@dataclass(frozen=True)
class Sweep:
    """A scenario compiled once, with what every solve of the sweep shares; sent once to
    each worker of a parallel sweep."""

    scenario: Scenario
    catalog: Catalog
    against: Against
    indexed: Indexed
    scope: OptionScope
    eligible: int
    alternatives: dict[str, tuple[str, ...]]
    params: SolveParams = field(default_factory=lambda: SolveParams(SWEEP_TIME_LIMIT_S))
    models: ModelCache = field(default_factory=ModelCache, compare=False, repr=False)
    """The solver's model, built on the first solve in each process and kept for the rest."""

    def requirement(self) -> float | None:
        """The scenario's own floor on independence (ceiling on lock-in), if any."""
        policy = self.scenario.policy
        if self.against is Against.INDEPENDENCE:
            return policy.min_independence
        return policy.max_lock_in

    def goodness(self, outcome: PlanOutcome) -> float:
        """The plan's independence, or 100 minus its lock-in: higher is more control."""
        assert outcome.report is not None
        if self.against is Against.INDEPENDENCE:
            return outcome.report.independence.total
        return 100.0 - outcome.report.lock_in.total

    def scenario_at(self, tightness: float | None) -> Scenario:
        """The scenario whose cheapest plan is the point at `tightness` (a floor on
        independence, or 100 minus a ceiling on lock-in; None: the requirements' own),
        with cost as its objective: the point as a scenario of its own."""
        policy = replace(self.scenario.policy, objective=Objective.COST)
        if tightness is not None:
            if self.against is Against.INDEPENDENCE:
                floor = max(tightness, policy.min_independence or NO_INDEPENDENCE_FLOOR)
                policy = replace(policy, min_independence=floor)
            else:
                ceiling = min(100.0 - tightness, _or(policy.max_lock_in, NO_LOCK_IN_CEILING))
                policy = replace(policy, max_lock_in=ceiling)
        return replace(self.scenario, policy=policy)


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def compile_sweep(
    scenario: Scenario,
    catalog: Catalog,
    against: Against,
    params: SolveParams | None = None,
    *,
    prune: PruneMode = PruneMode.AUTO,
) -> Sweep:
    """Compile `scenario` once for a sweep against `against`; raises NoEligibleOptionError
    (planner/optimise/options.py) when a workload has no option at all."""
    against = Against(against)  # a plain string from a form or a file works too
    policy = scenario.policy
    if against is Against.INDEPENDENCE:
        bounded = replace(
            policy, min_independence=_or(policy.min_independence, NO_INDEPENDENCE_FLOOR)
        )
    else:
        bounded = replace(policy, max_lock_in=_or(policy.max_lock_in, NO_LOCK_IN_CEILING))
    with_bound = replace(scenario, policy=bounded)
    compiled = compile_options(with_bound, catalog, prune=prune)
    indexed = to_problem(with_bound, compiled)
    return Sweep(
        scenario,
        catalog,
        against,
        indexed,
        compiled.scope,
        compiled.eligible,
        substitutes(compiled, catalog),
        params or SolveParams(SWEEP_TIME_LIMIT_S),
    )


def solve_at(sweep: Sweep, tightness: float | None) -> tuple[Scenario, PlanOutcome]:
    """The cheapest plan at `tightness` (see `Sweep.scenario_at`), from the one compile."""
    scenario = sweep.scenario_at(tightness)
    policy = scenario.policy
    problem = replace(
        sweep.indexed.problem,
        min_independence=policy.min_independence,
        max_lock_in=policy.max_lock_in,
        objective=ObjectiveKind.COST,
    )
    result = sweep.models.solve(problem, sweep.params)
    base = PlanOutcome(
        status=result.status,
        bound=result.bound,
        solve_seconds=result.solve_seconds,
        options_considered=problem.n_options,
        options_eligible=sweep.eligible,
        scope=sweep.scope,
        alternatives=sweep.alternatives,
    )
    if result.solution is None:
        return scenario, base
    return scenario, with_solution(base, sweep.indexed, result, scenario, sweep.catalog)
