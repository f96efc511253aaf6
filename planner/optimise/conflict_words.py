"""One conflicting requirement in plain words: its label, the amount it misses by, in the
requirement's own unit (money, kW, points, a share of demand), and the value that would do.

The same words whether one requirement conflicts or several: a buyer reads every conflict as
"requirement, how far off, what would do" (planner/optimise/diagnosis.py decides which).
"""

from dataclasses import dataclass

from planner.money import money_text
from planner.optimise.compile import Indexed
from solver.families import ConstraintFamily, Relaxation

MILLION = 1e6


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """One requirement that cannot hold with the others, in plain words with the amount."""

    family: ConstraintFamily
    message: str
    fields: tuple[str, ...]
    """Scenario fields the conflict concerns, for the GUI to mark."""
    amount: float | None = None
    """How far off, in the family's unit: money a year for the budgets and provider shares,
    kW for site power, independence or lock-in points, a share of demand for survival."""


def money_words(amount: float, currency: str) -> str:
    """Money in a sentence: whole units, millions as `EUR 1.25 M`."""
    if abs(amount) >= MILLION:
        return f"{currency} {amount / MILLION:,.2f} M"
    return money_text(amount, currency)


def _backup_conflict(family: ConstraintFamily, lost: str, away: str, row: int,
                     indexed: Indexed, short: float) -> Conflict:  # fmt: skip
    """A survival rule no backup meets: the workload cannot hold capacity `away` from what
    it would lose; `short` is the share of its demand the rest leaves uncovered."""
    return Conflict(
        family=family,
        message=f"Survive a {lost} loss: workload {indexed.workload_ids[row]} cannot keep a "
        f"backup {away}; its capacity elsewhere would cover only {1 - short:.0%} of its demand",
        fields=(f"policy.survive_{lost}_loss", f"workloads[{row}]"),
        amount=short,
    )


def describe_relaxation(
    relaxation: Relaxation, indexed: Indexed, currency: str, spend: float | None = None
) -> Conflict:
    """The words for a constraint that gave way; `spend` is the annual spend of the plan
    that relaxed it, which turns the spend-weighted score slacks into points."""
    problem = indexed.problem
    where, amount = relaxation.constraint, relaxation.amount
    family = where.family
    if family is ConstraintFamily.BUDGET_CAPEX:
        budget = problem.capex_budget
        return Conflict(
            family=family,
            message=f"Capital budget: {money_words(budget, currency)} is "
            f"{money_words(amount, currency)} short; "
            f"{money_words(budget + amount, currency)} would do",
            fields=("organisation.capex_budget",),
            amount=amount,
        )
    if family is ConstraintFamily.SITE_POWER:
        assert where.site is not None
        limit = float(problem.site_power_limit_kw[where.site])
        return Conflict(
            family=family,
            message=f"Power limit at site {indexed.site_ids[where.site]}: {limit:,.1f} kW is "
            f"{amount:,.1f} kW short; {limit + amount:,.1f} kW would do",
            fields=(f"sites[{where.site}].power_limit_kw",),
            amount=amount,
        )
    if family is ConstraintFamily.PROVIDER_SHARE:
        assert where.group is not None
        share = problem.max_group_share
        needed = "" if not spend else f"; a share of {share + amount / spend:.1%} would do"
        return Conflict(
            family=family,
            message=f"Max share per provider group: no plan keeps {indexed.groups[where.group]} "
            f"within {share:.0%} of spend; the closest plan spends "
            f"{money_words(amount, currency)} a year more with it than that share allows"
            f"{needed}",
            fields=("policy.max_provider_share",),
            amount=amount,
        )
    if family is ConstraintFamily.SURVIVE_PROVIDER_LOSS:
        assert where.workload is not None and where.group is not None
        group = indexed.groups[where.group]
        return _backup_conflict(family, "provider", f"outside {group}", where.workload,
                                indexed, amount)  # fmt: skip
    if family is ConstraintFamily.SURVIVE_SERVER_LOSS:
        assert where.workload is not None and where.resource is not None
        workload = indexed.workload_ids[where.workload]
        venue = indexed.resource_keys[where.resource].venue.key
        return Conflict(
            family=family,
            message=f"Critical workload {workload} cannot survive the loss of one server at "
            f"{venue} (N+1): with one server fewer, and its capacity elsewhere, it would "
            f"cover only {1 - amount:.0%} of its demand",
            fields=(f"workloads[{where.workload}].critical", f"workloads[{where.workload}]"),
            amount=amount,
        )
    if family is ConstraintFamily.SURVIVE_SITE_LOSS:
        assert where.workload is not None and where.site is not None
        site = indexed.site_ids[where.site]
        return _backup_conflict(family, "site", f"away from site {site}", where.workload,
                                indexed, amount)  # fmt: skip
    if family is ConstraintFamily.MIN_INDEPENDENCE:
        floor = problem.min_independence or 0.0
        short = _points(amount, spend)
        return _score_conflict(
            family,
            "Minimum independence",
            floor,
            None if short is None else -short,
            "policy.min_independence",
        )
    ceiling = problem.max_lock_in or 0.0
    return _score_conflict(
        family, "Maximum lock-in", ceiling, _points(amount, spend), "policy.max_lock_in"
    )


def _points(slack: float, spend: float | None) -> float | None:
    """Score points from a spend-weighted slack (points × annual spend; the lock-in slack is
    in spend, per 100 points)."""
    if spend is None or spend <= 0:
        return None
    return slack / spend


def _score_conflict(
    family: ConstraintFamily, label: str, limit: float, change: float | None, field: str
) -> Conflict:
    """A score limit no plan meets: where the closest plan lands, `change` points away."""
    if family is ConstraintFamily.MAX_LOCK_IN and change is not None:
        change *= 100.0  # the lock-in row is written per 100 points of spend
    if change is None:
        return Conflict(
            family=family,
            message=f"{label}: {limit:g} cannot be met with the eligible venues",
            fields=(field,),
        )
    reached = limit + change
    lock_in = family is ConstraintFamily.MAX_LOCK_IN
    note = " (linear stand-in, see docs/scoring.md)" if lock_in else ""
    return Conflict(
        family=family,
        message=f"{label}: {limit:g} cannot be met; the closest plan reaches {reached:.1f}, "
        f"{abs(change):.1f} points {'over' if lock_in else 'short'}{note}; "
        f"a {'ceiling' if lock_in else 'floor'} of {reached:.1f} would do",
        fields=(field,),
        amount=abs(change),
    )
