"""How sure the answer is: the recommendation re-planned with each group of uncertain inputs
moved to either end of its range (planner/analysis/perturb.py).

For each group and end: the change in the optimal annual cost, and whether the mix changes —
the venues (plan lines) that enter or leave. Where the mix changes at an end of the range,
the same group is moved by only FLIP_CHANGE (10 %) that way, to say whether the
recommendation flips under so small a move. The re-plans are independent and run on
`Workers` (executor.py); the groups are listed widest swing first (a tornado).
"""

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field

from catalog.domain import Catalog
from planner.analysis.executor import Workers
from planner.analysis.perturb import FLIP_CHANGE, RANGES, InputGroup, perturbed
from planner.evaluation.plan import Venue
from planner.evaluation.weakest_link import venue_name
from planner.optimise.planning import PlanOutcome, plan_scenario
from planner.scenario.model import Scenario
from solver.problem import CancelToken, SolveParams, SolveStatus

CANCEL_POLL_S = 0.1
"""How often a waiting analysis looks at its cancel token."""
SPEND_NOISE = 0.5
"""A venue with less annual spend than this (in the scenario's currency) is not in the mix:
solver noise, not a decision."""

Progress = Callable[[int, int], None]
"""Called as each re-plan finishes: (done, expected so far)."""
Task = tuple[InputGroup, float]


@dataclass(frozen=True)
class SensitivityContext:
    scenario: Scenario
    catalog: Catalog
    params: SolveParams = field(default_factory=SolveParams)


@dataclass(frozen=True)
class Move:
    """The recommendation re-planned with one group moved by `change`."""

    group: InputGroup
    change: float
    status: SolveStatus
    annual_cost: float | None
    venues: dict[str, str]
    """Venue key → name, of the venues the plan spends on."""


def _mix(outcome: PlanOutcome, catalog: Catalog) -> dict[str, str]:
    if outcome.report is None:
        return {}
    venues: dict[str, Venue] = {line.venue.key: line.venue for line in outcome.report.costs.lines}
    spent = outcome.report.costs.by_venue()
    return {
        key: venue_name(venues[key], catalog) for key in sorted(spent) if spent[key] >= SPEND_NOISE
    }


def move_one(ctx: SensitivityContext, task: Task) -> Move:
    """Runs on a worker: one group moved, the scenario re-planned."""
    group, change = task
    inputs = perturbed(group, change, ctx.scenario, ctx.catalog)
    outcome = plan_scenario(inputs.scenario, inputs.catalog, ctx.params)
    cost = None if outcome.report is None else outcome.report.costs.total
    return Move(group, change, outcome.status, cost, _mix(outcome, inputs.catalog))


@dataclass(frozen=True)
class GroupResult:
    group: InputGroup
    range: float
    low: Move
    high: Move
    flips_at: dict[float, bool]
    """Per small move (±FLIP_CHANGE) tried, whether the mix changed under it."""

    def swing(self, base_cost: float) -> float:
        """The larger change in annual cost of the two ends (0 where neither has a plan)."""
        costs = [m.annual_cost for m in (self.low, self.high) if m.annual_cost is not None]
        return max((abs(c - base_cost) for c in costs), default=0.0)


@dataclass(frozen=True)
class Sensitivity:
    scenario: Scenario
    base: Move
    groups: tuple[GroupResult, ...]
    """Widest swing in annual cost first."""
    complete: bool = True

    @property
    def currency(self) -> str:
        return self.scenario.assumptions.currency

    def entering(self, move: Move) -> list[str]:
        return [name for key, name in move.venues.items() if key not in self.base.venues]

    def leaving(self, move: Move) -> list[str]:
        return [name for key, name in self.base.venues.items() if key not in move.venues]

    def changed(self, move: Move) -> bool:
        return move.annual_cost is None or set(move.venues) != set(self.base.venues)

    def flips(self, result: GroupResult) -> bool:
        """The mix changes under a move of FLIP_CHANGE or less."""
        return any(result.flips_at.values())


def _run(
    ctx: SensitivityContext,
    tasks: Sequence[Task],
    workers: Workers[SensitivityContext],
    progress: Progress | None,
    cancel: CancelToken | None,
    done: list[Move],
    expected: int,
) -> bool:
    """Run `tasks`, adding their moves to `done`; False when cancelled."""
    pending: dict[Future[Move], Task] = {workers.submit(move_one, t): t for t in tasks}
    while pending:
        if cancel is not None and cancel.cancelled:
            workers.cancel()
            return False
        finished, _ = wait(list(pending), timeout=CANCEL_POLL_S, return_when=FIRST_COMPLETED)
        for future in finished:
            del pending[future]
            done.append(future.result())
            if progress is not None:
                progress(len(done), expected)
    return True


def run_sensitivity(
    ctx: SensitivityContext,
    workers: Workers[SensitivityContext],
    *,
    groups: Sequence[InputGroup] = tuple(InputGroup),
    ranges: Mapping[InputGroup, float] = RANGES,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Sensitivity:
    """Every group moved to both ends of its range (`ranges`: the documented RANGES unless
    a caller studies others), and by ±FLIP_CHANGE where the mix changed at an end; the
    recommendation itself re-planned first."""
    base = move_one(ctx, (groups[0], 0.0))
    done: list[Move] = []
    ends = [(g, sign * ranges[g]) for g in groups for sign in (-1.0, 1.0)]
    expected = len(ends)
    complete = _run(ctx, ends, workers, progress, cancel, done, expected)
    by_task = {(m.group, m.change): m for m in done}
    probe = Sensitivity(ctx.scenario, base, ())
    small = [
        (g, change * FLIP_CHANGE / ranges[g])
        for (g, change), m in by_task.items()
        if probe.changed(m) and ranges[g] > FLIP_CHANGE
    ]
    if complete and small:
        complete = _run(ctx, small, workers, progress, cancel, done, expected + len(small))
    by_task = {(m.group, m.change): m for m in done}
    results = []
    for g in groups:
        low, high = by_task.get((g, -ranges[g])), by_task.get((g, ranges[g]))
        if low is None or high is None:
            continue
        flips = {
            change: probe.changed(m)
            for (group, change), m in by_task.items()
            if group is g and abs(change) < ranges[g]
        }
        if ranges[g] <= FLIP_CHANGE:
            flips |= {m.change: probe.changed(m) for m in (low, high)}
        results.append(GroupResult(g, ranges[g], low, high, flips))
    cost = base.annual_cost or 0.0
    ordered = sorted(results, key=lambda r: (-r.swing(cost), r.group.value))
    return Sensitivity(ctx.scenario, base, tuple(ordered), complete)
