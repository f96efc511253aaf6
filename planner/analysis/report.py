"""What a stress test found, as typed values every face reads: CLI, GUI, PDF, XLSX, DORA.

Amounts are in `StressReport.currency`, "annual" amounts per year. Shares are fractions of a
workload's demand (0–1). Weeks count from the day the shock is announced; an outage is the
time part of a workload's demand goes unserved, after its notice.
"""

from collections.abc import Callable
from dataclasses import dataclass

from planner.evaluation.plan import Plan
from planner.scenario.shocks import Shock, ShockKind
from solver.families import ConstraintFamily
from solver.problem import SolveStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkloadImpact:
    """What one shock does to one workload, and how its recovery goes."""

    workload_id: str
    critical: bool
    tokens_per_year: float
    served_on_lost: float
    """Share of its demand served on venues the shock takes away from it."""
    capacity_lost: float
    """Share of its demand nothing it already has can carry: its standby and other venues
    take over the rest at once."""
    recovered: bool
    """The recovery serves all of its demand."""
    ready_weeks: float
    """Until the capacity the recovery adds for it is in place (0: none needed)."""
    outage_weeks: float | None
    """How long part of its demand goes unserved (after the notice); None: never recovered."""
    why_not_recovered: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class NewCapacity:
    """A line the recovery adds or grows, and how long that takes."""

    venue_key: str
    description: str
    """What is added, in words: "2 × NVIDIA DGX H100 at de-frankfurt-colo"."""
    provider: str
    """A catalog provider id, or `own:<site>`."""
    weeks: float
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Recovery:
    """The cheapest re-plan that keeps what was bought, with the catalog as the shock left it."""

    status: SolveStatus
    plan: Plan
    annual_cost: float
    """Everything paid a year: the plan at today's prices, held units as paid or signed, and
    commitments still owed on venues that are gone."""
    stranded_annual_cost: float
    """Of which: owed for venues the shock took away (lost commitments)."""
    capex: float
    """Capital outlay for servers the recovery buys."""
    egress_cost: float
    """One-off: moving stored data out of the venues work leaves."""
    replatforming_cost: float
    """One-off: redoing integrations, prompts and evaluations for work that moves."""
    independence: float
    lock_in: float
    added: tuple[NewCapacity, ...]
    broken: tuple[ConstraintFamily, ...] = ()
    """Policy limits even the cheapest recovery breaks (empty: it meets them all)."""

    @property
    def one_off_cost(self) -> float:
        return self.egress_cost + self.replatforming_cost


@dataclass(frozen=True, slots=True, kw_only=True)
class Floors:
    """Whether the recovery still meets the scenario's limits."""

    budget: bool
    """The annual and the capital budget (True where none is set)."""
    seal: bool
    """Every workload served within its SEAL floors: False when some workload can be served
    only on venues below them, so it is left unrecovered."""
    independence: bool | None
    """At least the minimum independence; None when the scenario sets none."""

    @property
    def all_met(self) -> bool:
        return self.budget and self.seal and self.independence is not False


@dataclass(frozen=True, slots=True, kw_only=True)
class ShockResult:
    shock: Shock
    base_annual_cost: float
    nothing_done_annual_cost: float
    """What the plan costs a year after the shock if nothing is done (and work is lost)."""
    workloads: tuple[WorkloadImpact, ...]
    """Critical workloads first, then by capacity lost."""
    recovery: Recovery | None
    """None when no re-plan could be made at all."""
    floors: Floors
    notice_weeks: float
    provider_group: str = ""
    """A provider exit: the legal group that leaves."""
    provider_ids: tuple[str, ...] = ()
    """A provider exit: the group's providers the plan uses."""

    @property
    def cost_change_if_nothing_done(self) -> float:
        return self.nothing_done_annual_cost - self.base_annual_cost

    @property
    def recovery_cost_change(self) -> float | None:
        """The recovery's annual cost against the plan's before the shock."""
        return None if self.recovery is None else self.recovery.annual_cost - self.base_annual_cost

    @property
    def capacity_lost(self) -> float:
        """Share of all demand (weighted by tokens a year) nothing held can carry."""
        return _weighted(list(self.workloads), lambda w: w.capacity_lost)

    @property
    def critical_capacity_lost(self) -> float:
        return _weighted([w for w in self.workloads if w.critical], lambda w: w.capacity_lost)

    @property
    def critical_outage_weeks(self) -> float | None:
        """The longest outage of a critical workload; None if one is never recovered."""
        outages = [w.outage_weeks for w in self.workloads if w.critical]
        if any(o is None for o in outages):
            return None
        return max((o for o in outages if o is not None), default=0.0)

    @property
    def time_to_recover_weeks(self) -> float:
        return max((w.ready_weeks for w in self.workloads if w.recovered), default=0.0)

    @property
    def critical_survive(self) -> bool:
        """Every critical workload is served again, within its floors."""
        return all(w.recovered for w in self.workloads if w.critical)

    @property
    def unrecovered(self) -> tuple[str, ...]:
        return tuple(w.workload_id for w in self.workloads if not w.recovered)

    def harm(self) -> tuple[float, ...]:
        """Sort key, most harmful first: critical work never recovered, the critical outage,
        critical capacity lost, work never recovered, capacity lost, limits broken, then
        what the recovery costs more a year."""
        outage = self.critical_outage_weeks
        return (
            -float(not self.critical_survive),
            -(outage if outage is not None else 0.0),
            -self.critical_capacity_lost,
            -float(len(self.unrecovered)),
            -self.capacity_lost,
            -float(not self.floors.all_met),
            -(self.recovery_cost_change or 0.0),
        )


def _weighted(items: list[WorkloadImpact], value: Callable[[WorkloadImpact], float]) -> float:
    total = sum(w.tokens_per_year for w in items)
    if total <= 0:
        return max((value(w) for w in items), default=0.0)
    return sum(value(w) * w.tokens_per_year for w in items) / total


@dataclass(frozen=True, slots=True, kw_only=True)
class ExitStrategy:
    """A third-party provider group's exit strategy, from its provider-exit stress result:
    what the organisation would do, at what cost, in what time (DORA Art. 28(8))."""

    provider_group: str
    provider_ids: tuple[str, ...]
    result: ShockResult


@dataclass(frozen=True, kw_only=True)
class StressReport:
    scenario_name: str
    currency: str
    base_annual_cost: float
    results: tuple[ShockResult, ...]
    """Most harmful first (`ShockResult.harm`)."""
    complete: bool = True
    """False when the run was cancelled: `results` holds the shocks finished before."""

    def exit_strategies(self) -> tuple[ExitStrategy, ...]:
        """One per provider group whose exit was stressed, in the order of the results."""
        return tuple(
            ExitStrategy(provider_group=r.provider_group, provider_ids=r.provider_ids, result=r)
            for r in self.results
            if r.shock.kind is ShockKind.PROVIDER_EXIT and r.provider_group
        )
