"""From a scenario to a plan: compile options, solve, rebuild the plan, cost and score it.

"Optimal" means optimal over every eligible option: the solve is proven over all of them
where the compile had to prune (planner/optimise/proving.py), and otherwise the outcome's
`scope` says the proof holds for the pruned set only. When no plan exists the outcome says
which requirements conflict and by how much (planner/optimise/diagnosis.py; a critical
workload with one provider group to choose from is named before any solve). A plan is
returned only if its reported figures meet every limit (planner/optimise/limits.py). A
cancel token stops each step within a second: the option compiler between workloads, the
solver by ending its child process (solver/child.py). A `PlanCache` (plan_cache.py) lets a
re-plan after an edit of budgets, floors or the objective skip the compile.
"""

from dataclasses import replace

from catalog.domain import Catalog
from planner.evaluation.plan import VenueKind
from planner.optimise.compile import Indexed, to_plan
from planner.optimise.diagnosis import Conflict, diagnose, eligibility_conflicts
from planner.optimise.limits import reported_breaches, single_group_conflicts
from planner.optimise.options import (
    CompileCancelledError,
    Compiled,
    NoEligibleOptionError,
    OptionScope,
    PruneMode,
    compile_options,
)
from planner.optimise.outcome import PlanOutcome, Resilience, context_of, evaluated
from planner.optimise.plan_cache import PlanCache
from planner.optimise.proving import solve_options
from planner.optimise.robust_plan import plan_robust
from planner.scenario.model import Scenario
from solver.families import ConstraintFamily
from solver.problem import CancelToken, SolveParams, SolveResult, SolveStatus
from solver.solve import ProgressCallback

__all__ = [
    "Conflict",
    "OptionScope",
    "PlanCache",
    "PlanOutcome",
    "PruneMode",
    "Resilience",
    "context_of",
    "plan_scenario",
    "substitutes",
    "with_solution",
]


def plan_scenario(
    scenario: Scenario,
    catalog: Catalog,
    params: SolveParams | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    prune: PruneMode = PruneMode.AUTO,
    cache: PlanCache | None = None,
) -> PlanOutcome:
    """The optimal (or best found) plan, or the conflicts that prevent one; with
    `policy.must_survive`, the cheapest plan that survives those shocks (robust_plan.py).
    With a `cache`, options compiled for an earlier scenario that differs only in budgets,
    bounds or the objective are reused (plan_cache.py)."""
    params = params or SolveParams()
    if not scenario.policy.must_survive:
        return _plain(scenario, catalog, params, progress, cancel, prune, cache)[0]
    plain_scenario = replace(scenario, policy=replace(scenario.policy, must_survive=()))
    plain, compiled = _plain(plain_scenario, catalog, params, progress, cancel, prune, cache)
    if plain.plan is None or compiled is None:
        return plain
    return plan_robust(scenario, catalog, compiled, plain, params, cancel)


def _plain(
    scenario: Scenario,
    catalog: Catalog,
    params: SolveParams,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    prune: PruneMode,
    cache: PlanCache | None = None,
) -> tuple[PlanOutcome, Compiled | None]:
    """The plain plan, and the options compiled for it (None when there are none)."""
    try:
        if cache is None:
            compiled = compile_options(scenario, catalog, cancel=cancel, prune=prune)
        else:
            compiled = cache.compiled(scenario, catalog, cancel=cancel, prune=prune)
    except NoEligibleOptionError as exc:
        conflicts = eligibility_conflicts(scenario, catalog, exc, params, cancel)
        return PlanOutcome(
            status=SolveStatus.INFEASIBLE, conflicts=conflicts, scope=OptionScope.ALL
        ), None
    except CompileCancelledError:
        return PlanOutcome(status=SolveStatus.CANCELLED), None
    base = PlanOutcome(
        status=SolveStatus.INFEASIBLE,
        scope=OptionScope.ALL,
        options_considered=len(compiled.options),
        options_eligible=compiled.eligible,
        alternatives=substitutes(compiled, catalog),
    )
    if conflicts := single_group_conflicts(scenario, compiled):
        return replace(base, conflicts=conflicts), compiled
    models = None if cache is None else cache.models
    solved = solve_options(
        scenario, compiled, params, progress=progress, cancel=cancel, models=models
    )
    result, indexed = solved.result, solved.indexed
    base = replace(
        base,
        status=result.status,
        bound=result.bound,
        solve_seconds=result.solve_seconds,
        options_considered=len(solved.compiled.options),
        scope=solved.scope,
    )
    if result.solution is None:
        if result.status is SolveStatus.INFEASIBLE:
            conflicts = diagnose(scenario, catalog, indexed, params, cancel)
            return replace(base, conflicts=conflicts), compiled
        if result.status is SolveStatus.ERROR:
            failed = Conflict(
                family=ConstraintFamily.UNKNOWN,
                message=f"the solver failed: {result.message}",
                fields=(),
            )
            return replace(base, conflicts=(failed,)), compiled
        return base, compiled
    return with_solution(base, indexed, result, scenario, catalog), compiled


def with_solution(
    base: PlanOutcome, indexed: Indexed, result: SolveResult, scenario: Scenario, catalog: Catalog
) -> PlanOutcome:
    """`base` with the plan of `result`'s solution, costed and scored; an ERROR naming the
    limits its reported figures break, if any (the plan is then not returned). Shared by a
    plan and by the sweeps that solve one compile many times (planner/analysis/)."""
    assert result.solution is not None
    plan = to_plan(indexed, result.solution, scenario, catalog)
    report = evaluated(plan, scenario, catalog)
    if breaches := reported_breaches(scenario, catalog, plan, report):
        return replace(base, status=SolveStatus.ERROR, bound=None, conflicts=breaches)
    return replace(base, objective=result.objective, gap=result.gap, plan=plan, report=report)


def substitutes(compiled: Compiled, catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Per workload, who has an eligible option in `compiled` (`PlanOutcome.alternatives`)."""
    found: dict[str, set[str]] = {}
    for option in compiled.options:
        if option.venue.kind is VenueKind.OWNED:
            who = f"own servers at {option.venue.site_id}"
        elif option.venue.kind is VenueKind.CLOUD:
            who = catalog.providers[catalog.cloud_offers[option.venue.id].provider_id].name
        else:
            who = catalog.providers[catalog.api_offers[option.venue.id].provider_id].name
        found.setdefault(option.workload_id, set()).add(who)
    return {w: tuple(sorted(names)) for w, names in found.items()}
