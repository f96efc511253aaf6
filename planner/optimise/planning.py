"""From a scenario to a plan: compile options, solve, rebuild the plan, cost and score it.

"Optimal" means optimal over every eligible option: the solve is proven over all of them
where the compile had to prune (planner/optimise/proving.py), and otherwise the outcome's
`scope` says the proof holds for the pruned set only. When no plan exists the outcome says
which requirements conflict and by how much (planner/optimise/diagnosis.py; a critical
workload with one provider group to choose from is named before any solve). A plan is
returned only if its reported figures meet every limit (planner/optimise/limits.py). A
cancel token stops each step within a second: the option compiler between workloads, the
solver by ending its child process (solver/child.py).
"""

from dataclasses import dataclass, field, replace

from catalog.domain import Catalog
from planner.evaluation.plan import Plan, VenueKind
from planner.evaluation.scoring import PlanContext, PlanReport, evaluate_plan
from planner.optimise.compile import Indexed, to_plan
from planner.optimise.diagnosis import Conflict, diagnose
from planner.optimise.limits import reported_breaches, single_group_conflicts
from planner.optimise.options import (
    CompileCancelledError,
    Compiled,
    NoEligibleOptionError,
    OptionScope,
    PruneMode,
    compile_options,
)
from planner.optimise.proving import solve_options
from planner.scenario.model import Scenario
from solver.families import ConstraintFamily
from solver.problem import CancelToken, SolveParams, SolveResult, SolveStatus
from solver.solve import ProgressCallback

__all__ = [
    "Conflict",
    "OptionScope",
    "PlanOutcome",
    "PruneMode",
    "context_of",
    "plan_scenario",
    "substitutes",
    "with_solution",
]


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
    """Options the solver chose from in the solve that gave the outcome."""
    options_eligible: int = 0
    """Every eligible option, before dominance and pruning."""
    scope: OptionScope = OptionScope.PRUNED
    """The options the status and the bound hold for: all eligible options, or only the
    pruned set the solver searched."""
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
    prune: PruneMode = PruneMode.AUTO,
) -> PlanOutcome:
    """The optimal (or best found) plan, or the conflicts that prevent one."""
    params = params or SolveParams()
    try:
        compiled = compile_options(scenario, catalog, cancel=cancel, prune=prune)
    except NoEligibleOptionError as exc:
        conflict = Conflict(
            family=ConstraintFamily.ELIGIBILITY, message=str(exc), fields=("workloads",)
        )
        return PlanOutcome(
            status=SolveStatus.INFEASIBLE, conflicts=(conflict,), scope=OptionScope.ALL
        )
    except CompileCancelledError:
        return PlanOutcome(status=SolveStatus.CANCELLED)
    base = PlanOutcome(
        status=SolveStatus.INFEASIBLE,
        scope=OptionScope.ALL,
        options_considered=len(compiled.options),
        options_eligible=compiled.eligible,
        alternatives=substitutes(compiled, catalog),
    )
    if conflicts := single_group_conflicts(scenario, compiled):
        return replace(base, conflicts=conflicts)
    solved = solve_options(scenario, compiled, params, progress=progress, cancel=cancel)
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
            return replace(base, conflicts=diagnose(scenario, catalog, indexed, params, cancel))
        if result.status is SolveStatus.ERROR:
            failed = Conflict(
                family=ConstraintFamily.UNKNOWN,
                message=f"the solver failed: {result.message}",
                fields=(),
            )
            return replace(base, conflicts=(failed,))
        return base
    return with_solution(base, indexed, result, scenario, catalog)


def with_solution(
    base: PlanOutcome, indexed: Indexed, result: SolveResult, scenario: Scenario, catalog: Catalog
) -> PlanOutcome:
    """`base` with the plan of `result`'s solution, costed and scored; an ERROR naming the
    limits its reported figures break, if any (the plan is then not returned). Shared by a
    plan and by the sweeps that solve one compile many times (planner/analysis/)."""
    assert result.solution is not None
    plan = to_plan(indexed, result.solution, scenario, catalog)
    ctx = replace(context_of(scenario), data_gb_by_venue=_data_by_venue(scenario, plan))
    report = evaluate_plan(plan, catalog, ctx)
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
