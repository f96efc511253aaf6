"""The cheapest plan that survives chosen shocks (`policy.must_survive`), or the shock none can.

The plain optimum is planned first (planning.py): if the scenario has no plan at all, its
own conflicts are the answer. Then the names in `must_survive` become concrete shocks,
templates expanded over every supplier the plan could use (robust.py), and the extensive
form (solver/robust.py) chooses one plan whose servers and commitments admit, in each
shock's world, a recovery that serves every workload that world can serve within the
budget and the scenario's other limits — the same re-plan `sovplan stress` makes
(planner/analysis/recover.py). The objective is the plan's own (its annual cost for the
cost objective); the difference to the plain optimum is the price of resilience.

When no plan survives, the conflict names the shock: a critical workload no option serves
in its world, or, shock by shock, the first whose block alone makes the plan infeasible,
with what its recovery would have to break (the block solved in elastic mode).
"""

from dataclasses import replace

from catalog.domain import Catalog
from planner.evaluation.cost import cost_plan
from planner.money import money_text
from planner.optimise.compile import to_plan
from planner.optimise.diagnosis import Conflict, describe_relaxation
from planner.optimise.limits import reported_breaches
from planner.optimise.options import Compiled, OptionScope, widen
from planner.optimise.outcome import PlanOutcome, Resilience, evaluated
from planner.optimise.proving import PROOF_OPTION_LIMIT
from planner.optimise.robust import RobustBuild, ShockBlock, candidate_scope, robust_build
from planner.scenario.model import Scenario
from planner.scenario.must_survive import chosen
from planner.scenario.shock_library import shock_library
from planner.scenario.shocks import Shock
from solver.families import RELAXABLE, ConstraintFamily, Relaxation
from solver.problem import CancelToken, SolveParams, SolveStatus
from solver.robust import RobustProblem, solve_robust

POLICY_FIELD = "policy.must_survive"
"""The scenario field a robust plan's conflicts concern."""


def must_survive_shocks(
    scenario: Scenario, catalog: Catalog, compiled: Compiled
) -> tuple[Shock, ...]:
    """The concrete shocks the policy names, templates over every supplier a plan could use."""
    available = [*shock_library(catalog), *scenario.shocks]
    scope = candidate_scope(compiled, catalog)
    return chosen(scenario.policy.must_survive, available, scope)


def exact_options(compiled: Compiled) -> tuple[Compiled, OptionScope]:
    """Every eligible option where the compile pruned and the exact set is small enough to
    prove a plan over (proving.py's limit), so "optimal" holds over every option as for a
    plain plan; else the pruned set, and the plan says so."""
    widening = compiled.widening
    if widening is None or widening.count > PROOF_OPTION_LIMIT:
        return compiled, compiled.scope
    return widen(compiled), OptionScope.ALL


def _unservable_critical(scenario: Scenario, blocks: tuple[ShockBlock, ...]) -> Conflict | None:
    critical = {w.id for w in scenario.workloads if w.critical}
    for block in blocks:
        for workload, why in block.options.unservable.items():
            if workload in critical:
                return Conflict(
                    family=ConstraintFamily.ELIGIBILITY,
                    message=f"no plan survives shock {block.shock.name!r}: critical workload "
                    f"{workload} has no eligible option in its world ({why})",
                    fields=(POLICY_FIELD,),
                )
    return None


def _shock_conflict(
    scenario: Scenario, block: ShockBlock, relaxations: tuple[Relaxation, ...]
) -> Conflict:
    """What the shock's recovery would have to break, in the words of the plain diagnosis."""
    currency = scenario.assumptions.currency
    indexed = block.held.indexed
    causes = []
    amount = None
    for relaxation in relaxations:
        if relaxation.constraint.family is ConstraintFamily.BUDGET_ANNUAL:
            amount = relaxation.amount
            causes.append(
                f"its recovery needs {money_text(relaxation.amount, currency)} a year more "
                f"than the annual budget of {money_text(indexed.problem.annual_budget, currency)}"
            )
        else:
            causes.append(describe_relaxation(relaxation, indexed, currency).message)
    family = relaxations[0].constraint.family if relaxations else ConstraintFamily.UNKNOWN
    because = "; ".join(causes) or "its recovery cannot meet the scenario's limits"
    return Conflict(
        family=family,
        message=f"no plan survives shock {block.shock.name!r}: {because}",
        fields=(POLICY_FIELD,),
        amount=amount,
    )


def _diagnose(
    scenario: Scenario, build: RobustBuild, params: SolveParams, reference: float
) -> tuple[Conflict, ...]:
    """The first shock whose block alone leaves no plan, and why; else the shocks together."""
    for block in build.blocks:
        alone = RobustProblem(build.nominal.problem, (block.recourse,))
        if solve_robust(alone, params).status is not SolveStatus.INFEASIBLE:
            continue
        elastic = solve_robust(
            alone, params, elastic=frozenset(RELAXABLE), reference_spend=reference
        )
        return (_shock_conflict(scenario, block, elastic.slacks),)
    names = ", ".join(repr(b.shock.name) for b in build.blocks)
    return (
        Conflict(
            family=ConstraintFamily.UNKNOWN,
            message=f"no one plan survives all of {names} together within the limits, "
            "although each alone can be survived",
            fields=(POLICY_FIELD,),
        ),
    )


def plan_robust(
    scenario: Scenario,
    catalog: Catalog,
    compiled: Compiled,
    plain: PlanOutcome,
    params: SolveParams,
    cancel: CancelToken | None = None,
) -> PlanOutcome:
    """The cheapest plan that survives the policy's shocks, against the `plain` optimum
    planned over `compiled`."""
    assert plain.plan is not None
    compiled, scope = exact_options(compiled)
    shocks = must_survive_shocks(scenario, catalog, compiled)
    build = robust_build(scenario, catalog, compiled, shocks, cancel)
    if build is None:
        return PlanOutcome(status=SolveStatus.CANCELLED)
    base = replace(plain, plan=None, report=None, objective=None, gap=None, bound=None)
    base = replace(base, options_considered=len(compiled.options), scope=scope)
    if conflict := _unservable_critical(scenario, build.blocks):
        return replace(base, status=SolveStatus.INFEASIBLE, conflicts=(conflict,))
    result = solve_robust(build.problem, params)
    base = replace(
        base, status=result.status, bound=result.bound, solve_seconds=result.solve_seconds
    )
    if result.solution is None:
        if result.status is SolveStatus.INFEASIBLE:
            reference = scenario.annual_budget or 1e6
            conflicts = _diagnose(scenario, build, params, reference)
            return replace(base, conflicts=conflicts)
        return base
    plan = to_plan(build.nominal, result.solution, scenario, catalog)
    report = evaluated(plan, scenario, catalog)
    if breaches := reported_breaches(scenario, catalog, plan, report):
        return replace(base, status=SolveStatus.ERROR, bound=None, conflicts=breaches)
    assumptions = scenario.assumptions
    resilience = Resilience(
        must_survive=scenario.policy.must_survive,
        shocks=tuple(s.name for s in shocks),
        annual_cost=cost_plan(plan, catalog, assumptions).total,
        plain_annual_cost=cost_plan(plain.plan, catalog, assumptions).total,
    )
    return replace(
        base,
        objective=result.objective,
        gap=result.gap,
        plan=plan,
        report=report,
        resilience=resilience,
    )
