"""Why no plan exists: which requirements conflict, by how much, and what would do.

The solver's elastic mode puts a slack on each relaxable constraint family and says which
constraints gave way (`Relaxation`: the family and the workload, group or site it is
written for). A family whose relaxation alone restores a plan is a conflict on its own; when
no single family does, all are relaxed together and each conflict says that a plan needs it
with the others. The annual budget is measured against the cheapest plan that meets every
other requirement, or, when others conflict too, the cheapest once they are relaxed as listed.
When a workload has no eligible option at all (a SEAL floor no venue reaches), the rest of
the scenario is diagnosed without the SEAL floors, so a second conflict is not hidden behind
the first. Every conflict is written the same way (planner/optimise/conflict_words.py).
"""

from dataclasses import replace

import numpy as np

from catalog.domain import Catalog
from planner.optimise.compile import Indexed, to_problem
from planner.optimise.conflict_words import Conflict, describe_relaxation, money_words
from planner.optimise.options import NoEligibleOptionError, compile_options
from planner.scenario.model import DataClass, Scenario
from solver.families import RELAXABLE, ConstraintFamily, Relaxation
from solver.problem import (
    CancelToken,
    Problem,
    Solution,
    SolveParams,
    SolveResult,
    SolveStatus,
)
from solver.solve import solve

__all__ = [
    "CANCELLED",
    "UNNAMED",
    "Conflict",
    "describe_relaxation",
    "diagnose",
    "eligibility_conflicts",
    "headline",
]

INF = float("inf")
ALONE = "Changing this alone would allow a plan"
TOGETHER = "A plan needs this together with the other changes listed"
WITH_ITS_KIND = "A plan needs this together with the other rows of the same requirement"
"""What each of several conflicts adds, so that no headline has to say it for all: one
family's relaxation alone allows a plan when it gives way in several constraints at once
(two provider groups over their share), and those must give together."""
ALONE_WITH_FLOORS = "With the SEAL floors relaxed, changing this alone would allow a plan"
WITHOUT_FLOORS = "Even without the SEAL floors: "
"""Prefix of the conflicts found once the SEAL floors that left a workload with no option
are set aside."""

CANCELLED = Conflict(
    family=ConstraintFamily.UNKNOWN,
    message="The solve was cancelled before the conflicting requirements were named",
    fields=(),
)
UNNAMED = Conflict(
    family=ConstraintFamily.UNKNOWN,
    message="The requirements cannot all hold, but no single family could be relaxed to say which",
    fields=(),
)


def headline(conflicts: tuple[Conflict, ...]) -> str:
    """The line above the list, true whether the conflicts act alone or together."""
    if len(conflicts) > 1:
        return (
            f"No plan meets every requirement: {len(conflicts)} requirements conflict, each "
            "with how far it is off and what would do"
        )
    return "No plan meets every requirement"


def _stopped(cancel: CancelToken | None) -> bool:
    return cancel is not None and cancel.cancelled


def spend_of(problem: Problem, solution: Solution) -> float:
    """The annual spend of a plan of `problem` (what the budget row adds up)."""
    return float(
        np.dot(problem.unit_cost, solution.units)
        + np.dot(problem.option_usage_cost, solution.served)
        + problem.sunk_spend
    )


def diagnose(
    scenario: Scenario,
    catalog: Catalog,
    indexed: Indexed,
    params: SolveParams,
    cancel: CancelToken | None = None,
) -> tuple[Conflict, ...]:
    """Which requirement families must give, and by how much (elastic solves); each of
    several conflicts says whether it would do alone or only with the others."""
    conflicts, notes = _conflicts(scenario, catalog, indexed, params, cancel)
    if _stopped(cancel):
        return (CANCELLED,)
    if len(conflicts) < 2:
        return tuple(conflicts) or (UNNAMED,)
    return tuple(_with(c, note) for c, note in zip(conflicts, notes, strict=True))


def _conflicts(
    scenario: Scenario,
    catalog: Catalog,
    indexed: Indexed,
    params: SolveParams,
    cancel: CancelToken | None,
) -> tuple[list[Conflict], list[str]]:
    """The conflicts, and for each what else it needs: nothing (ALONE), the other families
    (TOGETHER), or the other constraints of its family that gave way in the same solve."""
    problem = indexed.problem
    reference = problem.annual_budget if problem.annual_budget < INF else 1e6
    found: list[tuple[Relaxation, SolveResult]] = []
    for family in RELAXABLE:
        alone = solve(
            problem, params, cancel=cancel, elastic=frozenset({family}), reference_spend=reference
        )
        if alone.solution is not None:
            found += [(relaxation, alone) for relaxation in alone.slacks]
    jointly = not found
    if jointly and not _stopped(cancel):
        joint = solve(
            problem, params, cancel=cancel, elastic=frozenset(RELAXABLE), reference_spend=reference
        )
        found = [(relaxation, joint) for relaxation in joint.slacks]
    currency = scenario.assumptions.currency
    families = [r.constraint.family for r, _ in found]
    conflicts: list[Conflict] = []
    notes: list[str] = []
    for relaxation, result in sorted(found, key=lambda pair: pair[0].constraint.family):
        family = relaxation.constraint.family
        if _stopped(cancel):
            break
        if family is ConstraintFamily.BUDGET_ANNUAL:
            others = frozenset(families) - {family} if jointly else frozenset()
            conflict = _budget_conflict(scenario, catalog, indexed, params, cancel, others)
        else:
            assert result.solution is not None
            spend = spend_of(problem, result.solution) - problem.sunk_spend
            conflict = describe_relaxation(relaxation, indexed, currency, spend)
        conflicts.append(conflict)
        notes.append(
            TOGETHER if jointly else WITH_ITS_KIND if families.count(family) > 1 else ALONE
        )
    return conflicts, notes


def _with(conflict: Conflict, note: str) -> Conflict:
    return replace(conflict, message=f"{conflict.message}. {note}")


def _cheapest(
    indexed: Indexed,
    params: SolveParams,
    cancel: CancelToken | None,
    relaxed: frozenset[ConstraintFamily] = frozenset(),
) -> float | None:
    """The annual spend of the cheapest plan that meets every requirement but the annual
    budget and the `relaxed` families (those as little broken as can be), or None."""
    problem = replace(indexed.problem, annual_budget=INF)
    reference = indexed.problem.annual_budget if indexed.problem.annual_budget < INF else 1e6
    result = solve(problem, params, cancel=cancel, elastic=relaxed, reference_spend=reference)
    return None if result.solution is None else spend_of(problem, result.solution)


def _without_floors(scenario: Scenario) -> Scenario:
    """`scenario` with no SEAL floor on any workload (public data, no `min_seal`)."""
    return replace(
        scenario,
        workloads=tuple(
            replace(w, data_class=DataClass.PUBLIC, min_seal={}) for w in scenario.workloads
        ),
    )


def _budget_conflict(
    scenario: Scenario,
    catalog: Catalog,
    indexed: Indexed,
    params: SolveParams,
    cancel: CancelToken | None,
    others: frozenset[ConstraintFamily],
) -> Conflict:
    currency = scenario.assumptions.currency
    budget = indexed.problem.annual_budget
    fields = ("organisation.annual_budget",)
    cheapest = _cheapest(indexed, params, cancel, others)
    if cheapest is None:
        return Conflict(
            family=ConstraintFamily.BUDGET_ANNUAL,
            message=f"Annual budget: {money_words(budget, currency)} conflicts with other "
            "requirements that cannot hold either",
            fields=fields,
        )
    which = "once the others are relaxed as listed" if others else "that meets the others"
    message = (
        f"Annual budget: {money_words(budget, currency)} is "
        f"{money_words(cheapest - budget, currency)} short of the cheapest plan {which}; "
        f"{money_words(cheapest, currency)} a year would do"
    )
    if any(w.seal_floors for w in scenario.workloads):
        loose = _without_floors(scenario)
        try:
            floorless = _cheapest(
                to_problem(loose, compile_options(loose, catalog, cancel=cancel)),
                params,
                cancel,
                others,
            )
            if floorless is not None and round(floorless) < round(cheapest):
                message += f"; without the SEAL floors {money_words(floorless, currency)} would do"
        except NoEligibleOptionError:
            pass
    return Conflict(
        family=ConstraintFamily.BUDGET_ANNUAL,
        message=message,
        fields=fields,
        amount=cheapest - budget,
    )


def eligibility_conflicts(
    scenario: Scenario,
    catalog: Catalog,
    error: NoEligibleOptionError,
    params: SolveParams,
    cancel: CancelToken | None = None,
) -> tuple[Conflict, ...]:
    """A workload with no eligible option, and what else stands in the way: the scenario
    without SEAL floors is solved, and its own conflicts (a budget too low) follow, or what
    the cheapest plan would cost without the floors."""
    first = Conflict(
        family=ConstraintFamily.ELIGIBILITY,
        message=str(error)[:1].upper() + str(error)[1:],
        fields=("workloads",),
    )
    if not any(w.seal_floors for w in scenario.workloads):
        return (first,)
    loose = _without_floors(scenario)
    try:
        indexed = to_problem(loose, compile_options(loose, catalog, cancel=cancel))
    except NoEligibleOptionError:
        return (first,)
    result = solve(indexed.problem, params, cancel=cancel)
    if _stopped(cancel):
        return (first,)
    currency = scenario.assumptions.currency
    if result.solution is not None:
        cost = money_words(spend_of(indexed.problem, result.solution), currency)
        return (_with(first, f"Without the SEAL floors the cheapest plan costs {cost} a year"),)
    if result.status is not SolveStatus.INFEASIBLE:  # out of time: nothing more to say
        return (first,)
    rest, notes = _conflicts(loose, catalog, indexed, params, cancel)
    if not rest or _stopped(cancel):
        return (first,)
    if len(rest) == 1 or ALONE not in notes:
        notes = [TOGETHER] * len(rest)
        first = _with(first, TOGETHER)
    else:  # the floors and one of the rest, which each would do with them
        notes = [ALONE_WITH_FLOORS if n == ALONE else n for n in notes]
        first = _with(first, "A plan needs this and one of the changes listed after it")
    pairs = zip(rest, notes, strict=True)
    return (first, *(_with(replace(c, message=WITHOUT_FLOORS + c.message), n) for c, n in pairs))
