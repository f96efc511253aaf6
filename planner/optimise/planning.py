"""From a scenario to a plan: compile options, solve, rebuild the plan, cost and score it.

When no plan exists the outcome says which requirements conflict and by how much
(planner/optimise/diagnosis.py). A cancel token stops each step within a second: the option
compiler between workloads, the solver by ending its child process (solver/child.py).
"""

from dataclasses import dataclass, field, replace

from catalog.domain import Catalog
from planner.evaluation.plan import Plan, VenueKind
from planner.evaluation.scoring import PlanContext, PlanReport, evaluate_plan
from planner.optimise.compile import to_plan, to_problem
from planner.optimise.diagnosis import Conflict, diagnose
from planner.optimise.options import (
    CompileCancelledError,
    Compiled,
    NoEligibleOptionError,
    compile_options,
)
from planner.scenario.model import Scenario
from solver.families import ConstraintFamily
from solver.problem import CancelToken, SolveParams, SolveStatus
from solver.solve import ProgressCallback, solve

__all__ = ["Conflict", "PlanOutcome", "context_of", "plan_scenario"]


@dataclass(frozen=True, kw_only=True)
class PlanOutcome:
    status: SolveStatus
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    plan: Plan | None = None
    report: PlanReport | None = None
    conflicts: tuple[Conflict, ...] = ()
    options_considered: int = 0
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per workload, every provider (or own site) with an eligible option: who could take
    over the work — the substitutes a DORA register of information asks for."""


def context_of(scenario: Scenario) -> PlanContext:
    """What costing and scoring need from a scenario."""
    return PlanContext(scenario.organisation, scenario.assumptions, scenario.weights)


def _data_by_venue(scenario: Scenario, plan: Plan) -> dict[str, float]:
    workloads = {w.id: w for w in scenario.workloads}
    found: dict[str, float] = {}
    for a in plan.allocations:
        found[a.venue.key] = (
            found.get(a.venue.key, 0.0) + workloads[a.workload_id].data_gb * a.share
        )
    return found


def plan_scenario(
    scenario: Scenario,
    catalog: Catalog,
    params: SolveParams | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> PlanOutcome:
    """The optimal (or best found) plan, or the conflicts that prevent one."""
    params = params or SolveParams()
    try:
        compiled = compile_options(scenario, catalog, cancel=cancel)
    except NoEligibleOptionError as exc:
        conflict = Conflict(
            family=ConstraintFamily.ELIGIBILITY, message=str(exc), fields=("workloads",)
        )
        return PlanOutcome(status=SolveStatus.INFEASIBLE, conflicts=(conflict,))
    except CompileCancelledError:
        return PlanOutcome(status=SolveStatus.CANCELLED)
    indexed = to_problem(scenario, compiled)
    alternatives = _alternatives(compiled, catalog)
    result = solve(indexed.problem, params, progress=progress, cancel=cancel)
    if result.solution is None:
        conflicts = (
            diagnose(scenario, catalog, indexed, params, cancel)
            if result.status is SolveStatus.INFEASIBLE
            else ()
        )
        return PlanOutcome(
            status=result.status,
            bound=result.bound,
            solve_seconds=result.solve_seconds,
            conflicts=conflicts,
            options_considered=len(compiled.options),
            alternatives=alternatives,
        )
    plan = to_plan(indexed, result.solution, scenario, catalog)
    ctx = replace(context_of(scenario), data_gb_by_venue=_data_by_venue(scenario, plan))
    return PlanOutcome(
        status=result.status,
        objective=result.objective,
        bound=result.bound,
        gap=result.gap,
        solve_seconds=result.solve_seconds,
        plan=plan,
        report=evaluate_plan(plan, catalog, ctx),
        options_considered=len(compiled.options),
        alternatives=alternatives,
    )


def _alternatives(compiled: Compiled, catalog: Catalog) -> dict[str, tuple[str, ...]]:
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
