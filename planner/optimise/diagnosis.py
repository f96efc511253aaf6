"""Why no plan exists: which requirements conflict, and by how much.

The solver's elastic mode puts a slack on each relaxable constraint family and says which
constraints gave way (`Relaxation`: the family and the workload, group or site it is
written for); budgets are measured against the cheapest plan that meets everything else.
"""

from dataclasses import dataclass, replace

from catalog.domain import Catalog
from planner.money import money_text
from planner.optimise.compile import Indexed, to_problem
from planner.optimise.options import NoEligibleOptionError, compile_options
from planner.scenario.model import Scenario
from solver.families import RELAXABLE, ConstraintFamily, Relaxation
from solver.problem import CancelToken, SolveParams, SolveResult
from solver.solve import solve

INF = float("inf")


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """One requirement that cannot hold with the others, in plain words with the amount."""

    family: ConstraintFamily
    message: str
    fields: tuple[str, ...]
    """Scenario fields the conflict concerns, for the GUI to mark."""
    amount: float | None = None


CANCELLED = Conflict(
    family=ConstraintFamily.UNKNOWN,
    message="the solve was cancelled before the conflicting requirements were named",
    fields=(),
)
UNNAMED = Conflict(
    family=ConstraintFamily.UNKNOWN,
    message="the requirements cannot all hold, but no single family could be relaxed to say which",
    fields=(),
)


def _money(amount: float, currency: str) -> str:
    if abs(amount) >= 1e6:
        return f"{currency} {amount / 1e6:,.2f} M"
    return money_text(amount, currency)


def _stopped(cancel: CancelToken | None) -> bool:
    return cancel is not None and cancel.cancelled


def diagnose(
    scenario: Scenario,
    catalog: Catalog,
    indexed: Indexed,
    params: SolveParams,
    cancel: CancelToken | None = None,
) -> tuple[Conflict, ...]:
    """Which requirement families must give, and by how much (elastic solves)."""
    problem = indexed.problem
    reference = problem.annual_budget if problem.annual_budget < INF else 1e6
    # A family whose relaxation alone restores a plan is a conflict on its own; only when no
    # single family suffices are they relaxed together.
    relaxed: list[Relaxation] = []
    for family in RELAXABLE:
        alone = solve(
            problem,
            params,
            cancel=cancel,
            elastic=frozenset({family}),
            reference_spend=reference,
        )
        if alone.solution is not None:
            relaxed += alone.slacks
    if not relaxed and not _stopped(cancel):
        together = frozenset(RELAXABLE)
        relaxed += solve(
            problem, params, cancel=cancel, elastic=together, reference_spend=reference
        ).slacks
    if _stopped(cancel):
        return (CANCELLED,)
    currency = scenario.assumptions.currency
    conflicts: list[Conflict] = []
    for relaxation in sorted(relaxed, key=lambda r: r.constraint.family):
        if relaxation.constraint.family is ConstraintFamily.BUDGET_ANNUAL:
            conflicts.append(_budget_conflict(scenario, catalog, indexed, params, cancel))
        else:
            conflicts.append(describe_relaxation(relaxation, indexed, currency))
    if _stopped(cancel):
        return (CANCELLED,)
    return tuple(conflicts) or (UNNAMED,)


def _cheapest(indexed: Indexed, params: SolveParams, cancel: CancelToken | None) -> SolveResult:
    """The cheapest plan that meets every requirement but the annual budget."""
    return solve(replace(indexed.problem, annual_budget=INF), params, cancel=cancel)


def _budget_conflict(
    scenario: Scenario,
    catalog: Catalog,
    indexed: Indexed,
    params: SolveParams,
    cancel: CancelToken | None,
) -> Conflict:
    currency = scenario.assumptions.currency
    budget = indexed.problem.annual_budget
    fields = ("organisation.annual_budget",)
    without = _cheapest(indexed, params, cancel)
    if without.solution is None or without.objective is None:
        return Conflict(
            family=ConstraintFamily.BUDGET_ANNUAL,
            message=f"the annual budget of {_money(budget, currency)} "
            "conflicts with other requirements that cannot hold either",
            fields=fields,
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
            loose = to_problem(relaxed, compile_options(relaxed, catalog, cancel=cancel))
            floorless = _cheapest(loose, params, cancel)
            if floorless.objective is not None:
                message += (
                    f"; without the SEAL floors {_money(float(floorless.objective), currency)}"
                    " would suffice"
                )
        except NoEligibleOptionError:
            pass
    return Conflict(
        family=ConstraintFamily.BUDGET_ANNUAL,
        message=message,
        fields=fields,
        amount=cheapest - budget,
    )


def describe_relaxation(relaxation: Relaxation, indexed: Indexed, currency: str) -> Conflict:
    problem = indexed.problem
    where, amount = relaxation.constraint, relaxation.amount
    family = where.family
    if family is ConstraintFamily.BUDGET_CAPEX:
        return Conflict(
            family=family,
            message=f"the capital budget of {_money(problem.capex_budget, currency)} "
            f"is {_money(amount, currency)} short",
            fields=("organisation.capex_budget",),
            amount=amount,
        )
    if family is ConstraintFamily.SITE_POWER:
        assert where.site is not None
        return Conflict(
            family=family,
            message=f"site {indexed.site_ids[where.site]}: the power limit of "
            f"{problem.site_power_limit_kw[where.site]:g} kW is {amount:,.1f} kW short",
            fields=(f"sites[{where.site}].power_limit_kw",),
            amount=amount,
        )
    if family is ConstraintFamily.PROVIDER_SHARE:
        assert where.group is not None
        return Conflict(
            family=family,
            message=f"no plan keeps {indexed.groups[where.group]} within "
            f"{problem.max_group_share:.0%} of spend: it needs {_money(amount, currency)} "
            "a year more",
            fields=("policy.max_provider_share",),
            amount=amount,
        )
    if family is ConstraintFamily.SURVIVE_PROVIDER_LOSS:
        assert where.workload is not None and where.group is not None
        workload, group = indexed.workload_ids[where.workload], indexed.groups[where.group]
        return Conflict(
            family=family,
            message=f"workload {workload} cannot keep a backup outside {group}: without the "
            f"survival rule, its capacity outside {group} would cover only {1 - amount:.0%} "
            "of demand",
            fields=("policy.survive_provider_loss", f"workloads[{where.workload}]"),
            amount=amount,
        )
    if family is ConstraintFamily.MIN_INDEPENDENCE:
        return Conflict(
            family=family,
            message=f"the minimum independence of {problem.min_independence:g} "
            "cannot be reached with the eligible venues",
            fields=("policy.min_independence",),
            amount=amount,
        )
    return Conflict(
        family=family,
        message=f"the maximum lock-in of {problem.max_lock_in:g} cannot hold "
        "(linear stand-in, see docs/scoring.md)",
        fields=("policy.max_lock_in",),
        amount=amount,
    )
