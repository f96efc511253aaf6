"""From a scenario to a plan: compile options, solve, rebuild the plan, cost and score it.

When no plan exists the outcome says which requirements conflict and by how much, using
the solver's elastic mode (a slack on each relaxable constraint family) and, for budgets,
the cost of the cheapest plan that meets everything else.
"""

from dataclasses import dataclass, field, replace

from catalog.domain import Catalog
from planner.evaluation.plan import Plan, VenueKind
from planner.evaluation.scoring import PlanContext, PlanReport, evaluate_plan
from planner.money import money_text
from planner.optimise.compile import Indexed, to_plan, to_problem
from planner.optimise.options import Compiled, NoEligibleOptionError, compile_options
from planner.scenario.model import Scenario
from solver.model import RELAXABLE
from solver.problem import SolveParams, SolveResult, SolveStatus
from solver.solve import CancelToken, ProgressCallback, solve

INF = float("inf")


@dataclass(frozen=True, slots=True)
class Conflict:
    """One requirement that cannot hold with the others, in plain words with the amount."""

    family: str
    """Constraint family, as named in solver/model.py (budget-annual, site-power, …)."""
    message: str
    fields: tuple[str, ...]
    """Scenario fields the conflict concerns, for the GUI to mark."""
    amount: float | None = None


@dataclass(frozen=True)
class PlanOutcome:
    status: SolveStatus
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float
    plan: Plan | None
    report: PlanReport | None
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
        compiled = compile_options(scenario, catalog)
    except NoEligibleOptionError as exc:
        return PlanOutcome(
            SolveStatus.INFEASIBLE,
            None,
            None,
            None,
            0.0,
            None,
            None,
            (Conflict("eligibility", str(exc), ("workloads",)),),
        )
    indexed = to_problem(scenario, compiled)
    alternatives = _alternatives(compiled, catalog)
    result = solve(indexed.problem, params, progress=progress, cancel=cancel)
    if result.solution is None:
        conflicts = (
            _diagnose(scenario, catalog, indexed, params)
            if result.status is SolveStatus.INFEASIBLE
            else ()
        )
        return PlanOutcome(
            result.status,
            None,
            result.bound,
            None,
            result.solve_seconds,
            None,
            None,
            conflicts,
            len(compiled.options),
            alternatives,
        )
    plan = to_plan(indexed, result.solution, scenario, catalog)
    ctx = replace(context_of(scenario), data_gb_by_venue=_data_by_venue(scenario, plan))
    return PlanOutcome(
        result.status,
        result.objective,
        result.bound,
        result.gap,
        result.solve_seconds,
        plan,
        evaluate_plan(plan, catalog, ctx),
        (),
        len(compiled.options),
        alternatives,
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


def _money(amount: float, currency: str) -> str:
    if abs(amount) >= 1e6:
        return f"{currency} {amount / 1e6:,.2f} M"
    return money_text(amount, currency)


def _cheapest(indexed: Indexed, params: SolveParams, **relax: object) -> SolveResult:
    problem = replace(indexed.problem, **relax)  # type: ignore[arg-type]
    return solve(problem, params)


def _diagnose(
    scenario: Scenario, catalog: Catalog, indexed: Indexed, params: SolveParams
) -> tuple[Conflict, ...]:
    """Which requirement families must give, and by how much (elastic solve)."""
    problem = indexed.problem
    reference = problem.annual_budget if problem.annual_budget < INF else 1e6
    # A family whose relaxation alone restores a plan is a conflict on its own; only when no
    # single family suffices are they relaxed together.
    slacks: dict[str, list[tuple[str, float]]] = {}
    for family in RELAXABLE:
        alone = solve(problem, params, elastic=frozenset({family}), reference_spend=reference)
        if alone.solution is not None:
            slacks.update(alone.slacks)
    if not slacks:
        slacks = solve(problem, params, elastic=True, reference_spend=reference).slacks
    currency = scenario.assumptions.currency
    conflicts: list[Conflict] = []
    for family, entries in sorted(slacks.items()):
        if family == "budget-annual":
            conflicts.append(_budget_conflict(scenario, catalog, indexed, params))
            continue
        for label, amount in entries:
            conflicts.append(_describe(family, label, amount, scenario, indexed, currency))
    if not conflicts:
        conflicts.append(
            Conflict(
                "unknown",
                "the requirements cannot all hold, but no single "
                "family could be relaxed to say which",
                (),
            )
        )
    return tuple(conflicts)


def _budget_conflict(
    scenario: Scenario, catalog: Catalog, indexed: Indexed, params: SolveParams
) -> Conflict:
    currency = scenario.assumptions.currency
    budget = indexed.problem.annual_budget
    without = _cheapest(indexed, params, annual_budget=INF)
    if without.solution is None or without.objective is None:
        return Conflict(
            "budget-annual",
            f"the annual budget of {_money(budget, currency)} "
            "conflicts with other requirements that cannot hold either",
            ("organisation.annual_budget",),
        )
    cheapest = float(without.objective)
    message = (
        f"the annual budget of {_money(budget, currency)} is "
        f"{_money(cheapest - budget, currency)} short of the cheapest plan that meets "
        f"the other requirements ({_money(cheapest, currency)} a year)"
    )
    if any(w.seal_floors for w in scenario.workloads):
        relaxed = replace(
            scenario,
            workloads=tuple(
                replace(w, data_class=type(w.data_class)("public"), min_seal={})
                for w in scenario.workloads
            ),
        )
        try:
            loose = to_problem(relaxed, compile_options(relaxed, catalog)).problem
            floorless = solve(replace(loose, annual_budget=INF), params)
            if floorless.objective is not None:
                message += (
                    f"; without the SEAL floors {_money(float(floorless.objective), currency)}"
                    " would suffice"
                )
        except NoEligibleOptionError:
            pass
    return Conflict("budget-annual", message, ("organisation.annual_budget",), cheapest - budget)


def _describe(
    family: str, label: str, amount: float, scenario: Scenario, indexed: Indexed, currency: str
) -> Conflict:
    problem = indexed.problem
    if family == "budget-capex":
        return Conflict(
            family,
            f"the capital budget of {_money(problem.capex_budget, currency)} "
            f"is {_money(amount, currency)} short",
            ("organisation.capex_budget",),
            amount,
        )
    if family == "site-power":
        site_index = int(label.split()[-1])
        site = indexed.site_ids[site_index]
        return Conflict(
            family,
            f"site {site}: the power limit of "
            f"{problem.site_power_limit_kw[site_index]:g} kW is {amount:,.1f} kW short",
            (f"sites[{site_index}].power_limit_kw",),
            amount,
        )
    if family == "provider-share":
        group = indexed.groups[int(label.split()[-1])]
        return Conflict(
            family,
            f"no plan keeps {group} within {problem.max_group_share:.0%} of "
            f"spend: it needs {_money(amount, currency)} a year more",
            ("policy.max_provider_share",),
            amount,
        )
    if family == "survive-provider-loss":
        _, w, _, _, g = label.split()
        workload = indexed.workload_ids[int(w)]
        group = indexed.groups[int(g)]
        return Conflict(
            family,
            f"workload {workload} cannot keep a backup outside {group}: without the survival "
            f"rule, its capacity outside {group} would cover only {1 - amount:.0%} of demand",
            ("policy.survive_provider_loss", f"workloads[{indexed.workload_ids.index(workload)}]"),
            amount,
        )
    if family == "min-independence":
        return Conflict(
            family,
            f"the minimum independence of {problem.min_independence:g} "
            "cannot be reached with the eligible venues",
            ("policy.min_independence",),
            amount,
        )
    return Conflict(
        family,
        f"the maximum lock-in of {problem.max_lock_in:g} cannot hold "
        "(linear stand-in, see docs/scoring.md)",
        ("policy.max_lock_in",),
        amount,
    )
