"""What control costs: the Pareto front of annual cost against independence (or lock-in).

The epsilon-constraint method on the planner's own model (planner/analysis/sweep.py):
1. the cheapest plan the requirements allow — one end;
2. the most independent (least locked-in) plan they allow — the other end, found by
   bisection on the floor (ceiling): each feasible solve lifts the lower end to the score its
   plan reached, each infeasible one lowers the upper end, until they are SCORE_RESOLUTION
   apart;
3. the floors (ceilings) in between, evenly spaced, each solved for the cheapest plan that
   meets it — independent solves, run on `Workers` (executor.py) a batch of one per worker
   at a time, lowest floors first. A floor needs no solve when a plan already found was
   solved at a lower floor and reaches it: that plan is the cheapest there too (exact for
   independence, whose floor the model holds exactly; not taken for lock-in's stand-in);
4. one plan per floor (a covering plan, or the one solved there) and the two ends are the
   candidates: plans that repeat one another are merged, and a point another beats on both
   cost and score is removed: what is left is the front, cost rising with the score, with
   no more points than asked for.
The marginal cost of a point of score between neighbours, the knee (the point furthest above
the straight line between the ends, in units of each axis's range) and a sentence a board
reads come with it (frontier_text.py).
"""

import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass

import numpy as np

from planner.analysis.executor import Workers
from planner.analysis.sweep import Against, Sweep, solve_at
from planner.optimise.planning import PlanOutcome
from planner.scenario.model import Scenario
from solver.problem import CancelToken

DEFAULT_POINTS = 20
"""Floors stepped by default, ends included: enough for a smooth curve, and a sweep the
shipped examples finish in seconds (docs/performance.md)."""
MIN_POINTS = 2
"""The two ends."""
MAX_POINTS = 200
"""More floors than a chart can show apart."""
SCORE_RESOLUTION = 0.1
"""Points of score: the bisection for the far end stops when it knows the best score the
requirements allow to within this (a tenth of a point is below what the scores resolve)."""
MAX_BISECTION_STEPS = 12
"""Enough to narrow 100 points to SCORE_RESOLUTION (2^10 > 1000) with steps to spare."""
SAME_SCORE = 1e-3
"""Points of score: two plans this close score the same."""
SAME_COST_SHARE = 1e-6
"""Relative: two annual costs this close are the same cost (the solver's tolerance)."""
CANCEL_POLL_S = 0.1
"""How often a waiting sweep looks at its cancel token."""

Progress = Callable[[int, int], None]
"""Called as each solve finishes: (solves done, solves expected)."""


@dataclass(frozen=True)
class FrontPoint:
    """One plan on the front: the bound it was solved under and the full outcome."""

    tightness: float | None
    """The floor on independence (100 minus the ceiling on lock-in) solved under; None for
    the cheapest plan (the requirements' own bounds only)."""
    scenario: Scenario
    """The scenario with that bound and cost as the objective: re-planning it gives this
    plan; saving it keeps the point."""
    outcome: PlanOutcome
    goodness: float
    """Independence, or 100 minus lock-in: higher is more control."""

    @property
    def annual_cost(self) -> float:
        assert self.outcome.report is not None
        return self.outcome.report.costs.total

    @property
    def independence(self) -> float:
        assert self.outcome.report is not None
        return self.outcome.report.independence.total

    @property
    def lock_in(self) -> float:
        assert self.outcome.report is not None
        return self.outcome.report.lock_in.total


@dataclass(frozen=True)
class Frontier:
    """The front, cheapest first (score rising), with the sweep's bookkeeping."""

    against: Against
    scenario: Scenario
    points: tuple[FrontPoint, ...]
    """Empty when the requirements allow no plan at all (see `infeasible`)."""
    infeasible: PlanOutcome | None
    """The cheapest solve's outcome when it found no plan: why there is no front."""
    solves: int
    seconds: float
    complete: bool = True
    """False when the sweep was cancelled: the points found so far."""
    unsolved: int = 0
    """Floors whose solve found no plan within its time limit (left off the front)."""

    @property
    def currency(self) -> str:
        return self.scenario.assumptions.currency

    def score(self, point: FrontPoint) -> float:
        """The score on the front's axis, as the user reads it (lock-in, not 100 − it)."""
        return point.independence if self.against is Against.INDEPENDENCE else point.lock_in

    def marginal_costs(self) -> tuple[float | None, ...]:
        """Per point, the annual cost of each point of score gained since the previous
        point (None for the first)."""
        found: list[float | None] = [None]
        for before, after in zip(self.points, self.points[1:], strict=False):
            gained = after.goodness - before.goodness
            found.append((after.annual_cost - before.annual_cost) / gained if gained else None)
        return tuple(found)

    @property
    def knee(self) -> int | None:
        """The index of the interior point furthest above the straight line between the
        ends (each axis scaled to its range): where further control starts to cost more
        per point than it did; None without one."""
        if len(self.points) < 3:
            return None
        first, last = self.points[0], self.points[-1]
        span_score = last.goodness - first.goodness
        span_cost = last.annual_cost - first.annual_cost
        if span_score <= 0 or span_cost <= 0:
            return None
        lead = [
            (p.goodness - first.goodness) / span_score
            - (p.annual_cost - first.annual_cost) / span_cost
            for p in self.points[1:-1]
        ]
        best = int(np.argmax(lead))
        return best + 1 if lead[best] > SAME_SCORE / span_score else None


def _same(a: FrontPoint, b: FrontPoint) -> bool:
    tolerance = SAME_COST_SHARE * max(abs(a.annual_cost), abs(b.annual_cost), 1.0)
    return (
        abs(a.annual_cost - b.annual_cost) <= tolerance
        and abs(a.goodness - b.goodness) <= SAME_SCORE
    )


def _dominates(a: FrontPoint, b: FrontPoint) -> bool:
    """`a` costs no more and scores no less than `b`, and is better on one of the two."""
    tolerance = SAME_COST_SHARE * max(abs(a.annual_cost), abs(b.annual_cost), 1.0)
    no_worse = a.annual_cost <= b.annual_cost + tolerance and a.goodness >= b.goodness - SAME_SCORE
    better = a.annual_cost < b.annual_cost - tolerance or a.goodness > b.goodness + SAME_SCORE
    return no_worse and better


def pareto(points: Sequence[FrontPoint]) -> tuple[FrontPoint, ...]:
    """The points no other point dominates, repeats merged (the first kept), score rising."""
    kept: list[FrontPoint] = []
    for p in points:
        if any(_dominates(q, p) for q in points) or any(_same(q, p) for q in kept):
            continue
        kept.append(p)
    return tuple(sorted(kept, key=lambda p: (p.goodness, p.annual_cost)))


def point_at(sweep: Sweep, tightness: float | None) -> FrontPoint | None:
    """The cheapest plan at one floor, as a point; None when the solve found no plan."""
    scenario, outcome = solve_at(sweep, tightness)
    if outcome.plan is None or outcome.report is None:
        return None
    return FrontPoint(tightness, scenario, outcome, sweep.goodness(outcome))


def _upper_goodness(sweep: Sweep) -> float:
    """No plan scores above this: the most independent option's score (independence is a
    spend-weighted average), or lock-in 0."""
    if sweep.against is Against.LOCK_IN:
        return 100.0
    problem = sweep.indexed.problem
    return float(
        max(problem.resource_independence.max(initial=0.0), problem.option_independence.max())
    )


def far_end(
    sweep: Sweep, cheapest: FrontPoint, cancel: CancelToken | None = None
) -> tuple[list[FrontPoint], int]:
    """The plans the bisection for the most independent (least locked-in) plan found, that
    plan last; and the solves it took. A cancel ends it with the best plan found so far."""
    found = [cheapest]
    low, high = cheapest.goodness, _upper_goodness(sweep)
    solves = 0
    while high - low > SCORE_RESOLUTION and solves < MAX_BISECTION_STEPS:
        if cancel is not None and cancel.cancelled:
            break
        middle = (low + high) / 2
        solves += 1
        point = point_at(sweep, middle)
        if point is None:
            high = middle
        else:
            found.append(point)
            low = max(middle, point.goodness)
    return found, solves


def covering(sweep: Sweep, floor: float, points: Sequence[FrontPoint]) -> FrontPoint | None:
    """A solved point that is the cheapest plan at `floor` too: solved at a lower floor, its
    independence reaches `floor` (the model's floor is exact for independence; lock-in's
    stand-in is not, so no point covers a ceiling); None when there is none."""
    if sweep.against is not Against.INDEPENDENCE:
        return None
    below = (p for p in points if p.tightness is None or p.tightness <= floor)
    return next((p for p in below if p.goodness >= floor), None)


def floors_between(low: float, high: float, points: int) -> list[float]:
    """The interior floors of a front of `points` points from `low` to `high`."""
    return [float(f) for f in np.linspace(low, high, points)[1:-1]]


def run_frontier(
    sweep: Sweep,
    workers: Workers[Sweep],
    *,
    points: int = DEFAULT_POINTS,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Frontier:
    """The front of `sweep` with up to `points` points; the ends are solved here, the floors
    between on `workers`. A cancel returns the points found so far (`complete` False)."""
    started = time.monotonic()
    expected = 1 + MAX_BISECTION_STEPS + max(points - 2, 0)
    _, outcome = solve_at(sweep, None)
    if outcome.plan is None or outcome.report is None:
        return Frontier(sweep.against, sweep.scenario, (), outcome, 1, time.monotonic() - started)
    cheapest = FrontPoint(None, sweep.scenario_at(None), outcome, sweep.goodness(outcome))
    found, solves = far_end(sweep, cheapest, cancel)
    solves += 1
    best = found[-1]
    if cancel is not None and cancel.cancelled:
        seconds = time.monotonic() - started
        return Frontier(sweep.against, sweep.scenario, pareto(found), None, solves, seconds, False)
    if progress is not None:
        progress(solves, expected)
    floors = floors_between(cheapest.goodness, best.goodness, points)
    if best.goodness - cheapest.goodness <= SAME_SCORE:
        floors = []
    chosen = [cheapest, best]
    """One plan per floor: the front shows no more points than asked for (the bisection's
    other plans serve only to spare solves)."""
    unsolved, complete = 0, True
    while floors and complete:
        covers = {f: covering(sweep, f, found) for f in floors}
        chosen += [p for p in covers.values() if p is not None]
        floors = [f for f, p in covers.items() if p is None]
        expected = solves + len(floors)
        batch, floors = floors[: workers.workers], floors[workers.workers :]
        pending: dict[Future[FrontPoint | None], float] = {
            workers.submit(point_at, f): f for f in batch
        }
        while pending:
            if cancel is not None and cancel.cancelled:
                workers.cancel()
                complete = False
                break
            finished, _ = wait(list(pending), timeout=CANCEL_POLL_S, return_when=FIRST_COMPLETED)
            for future in finished:
                del pending[future]
                solves += 1
                point = future.result()
                if point is None:
                    unsolved += 1
                else:
                    found.append(point)
                    chosen.append(point)
                if progress is not None:
                    progress(solves, expected)
    return Frontier(
        sweep.against,
        sweep.scenario,
        pareto(chosen),
        None,
        solves,
        time.monotonic() - started,
        complete=complete,
        unsolved=unsolved,
    )
