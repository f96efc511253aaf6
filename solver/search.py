"""One solve in this process: build the model, run MathOpt, read the plan back.

The same input gives the same result: one thread and a fixed seed by default. Each new
incumbent (on backends whose MathOpt interface reports solutions: SCIP, CP-SAT) can be
handed to a callback with the plan it stands for. HiGHS through MathOpt takes no callback,
but its log comes through MathOpt's message callback as it is written, with a line per new
plan and at intervals: its best objective and bound become progress reports, without the
plan. This process cannot stop the search early (SCIP ignores an interrupt for seconds
during its root node), so solver/child.py runs a cancellable solve in a child process and
ends it.
"""

import logging
import math
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import replace
from datetime import timedelta

import numpy as np
from ortools.math_opt.python import callback, mathopt

from solver.families import ConstraintFamily, Relaxation
from solver.handles import Handles
from solver.model import build
from solver.problem import (
    Backend,
    ObjectiveKind,
    Problem,
    Progress,
    Solution,
    SolveParams,
    SolveResult,
    SolveStatus,
)
from solver.quiet import scip_callback_noise_filtered
from solver.survival import survives

log = logging.getLogger(__name__)

SOLVER_TYPES = {
    Backend.SCIP: mathopt.SolverType.GSCIP,
    Backend.HIGHS: mathopt.SolverType.HIGHS,
    Backend.CP_SAT: mathopt.SolverType.CP_SAT,
}
CALLBACK_BACKENDS = frozenset({Backend.SCIP, Backend.CP_SAT})
"""Backends whose MathOpt interface reports solutions (HiGHS through MathOpt reports none)."""
LOG_PROGRESS_BACKENDS = frozenset({Backend.HIGHS})
"""Backends whose progress is read from their log (see `highs_log_progress`)."""
HIGHS_LOG_COLUMNS = 12
"""Columns of a progress line of HiGHS's MIP log, without the source letter."""
PROGRESS_INTERVAL_S = 0.2
"""At most five progress reports a second: the GUI needs no more."""
SERVED_NOISE = 1e-9
"""Shares served below this are solver noise and read as 0. A larger share is kept however
small: the solver may serve a millionth of a workload from a dear API to meet a spend ratio,
and dropping it would break that ratio in the plan."""
FALLBACK_BACKENDS = {
    Backend.SCIP: Backend.HIGHS,
    Backend.HIGHS: Backend.SCIP,
    Backend.CP_SAT: Backend.SCIP,
}
"""The backend tried when one fails on a model (SCIP ends some badly scaled models with
"unresolved numerical troubles in LP"; HiGHS solves them, and the other way round)."""
SLACK_TOLERANCE = 1e-6
"""Elastic slacks below this are solver noise, not a conflict."""

ProgressCallback = Callable[[Progress], None]
IncumbentCallback = Callable[[Progress, Solution], None]
"""Called with each new incumbent: objective, bound and time, and the plan itself."""


def throttled_progress(progress: ProgressCallback) -> ProgressCallback:
    """Pass reports on, at most one per PROGRESS_INTERVAL_S."""
    last = [-math.inf]

    def report(state: Progress) -> None:
        if state.elapsed_s - last[0] >= PROGRESS_INTERVAL_S:
            last[0] = state.elapsed_s
            progress(state)

    return report


def highs_log_progress(line: str) -> tuple[float | None, float | None] | None:
    """(best objective, bound) from a progress line of HiGHS's MIP log; None for other lines.

    The columns (of the HiGHS in OR-Tools 9.15): an optional one-letter source of a new
    plan, then Proc. InQueue Leaves Expl.% BestBound BestSol Gap Cuts InLp Confl. LpIters
    Time; an infinite value (no plan, no bound yet) is written inf or -inf. A line in another layout
    gives None, so a future HiGHS with another log loses the reports, not the solve.
    """
    tokens = line.split()
    if tokens and len(tokens[0]) == 1 and tokens[0].isalpha():
        tokens = tokens[1:]
    if len(tokens) != HIGHS_LOG_COLUMNS or not tokens[3].endswith("%"):
        return None
    if not tokens[-1].endswith("s"):
        return None
    try:
        bound, best = float(tokens[4]), float(tokens[5])
    except ValueError:
        return None
    return (best if math.isfinite(best) else None, bound if math.isfinite(bound) else None)


def _parameters(params: SolveParams, seconds: float) -> mathopt.SolveParameters:
    return mathopt.SolveParameters(
        time_limit=timedelta(seconds=max(seconds, 0.01)),
        relative_gap_tolerance=params.relative_gap,
        # HiGHS takes its thread count from a global setting, not per solve.
        threads=None if params.backend is Backend.HIGHS else params.threads,
        random_seed=params.random_seed,
    )


def _log_reader(
    on_progress: ProgressCallback | None, started: float
) -> Callable[[list[str]], None]:
    """MathOpt's message callback: log each line, and report HiGHS's progress lines."""

    def read(lines: list[str]) -> None:
        for line in lines:
            log.debug("%s", line)
            if on_progress is not None and (found := highs_log_progress(line)) is not None:
                on_progress(Progress(*found, time.monotonic() - started))

    return read


def _hint(h: Handles, hint: Solution) -> mathopt.ModelSolveParameters:
    """A known plan to start the search from: its units, shares served and provisioned."""
    values: dict[mathopt.Variable, float] = {}
    for variables, numbers in (
        (h.units, hint.units),
        (h.served, hint.served),
        (h.provisioned, hint.provisioned),
    ):
        values.update(zip(variables, (float(v) for v in numbers), strict=True))
    return mathopt.ModelSolveParameters(solution_hints=[mathopt.SolutionHint(values)])


def _run(
    h: Handles,
    params: SolveParams,
    seconds: float,
    on_incumbent: IncumbentCallback | None,
    started: float,
    hint: Solution | None = None,
    on_progress: ProgressCallback | None = None,
) -> mathopt.SolveResult:
    kwargs: dict[str, object] = {}
    if hint is not None:
        kwargs["model_params"] = _hint(h, hint)
    if on_incumbent is not None and params.backend in CALLBACK_BACKENDS:
        objective = h.model.objective.as_linear_expression()
        best = [math.inf]

        def on_event(data: callback.CallbackData) -> callback.CallbackResult:
            # SCIP reports every feasible solution it finds (after a restart, old ones
            # again), and its primal bound lags one behind: value each one, keep the better.
            if data.solution is None:
                return callback.CallbackResult()
            value = float(objective.evaluate(data.solution))
            if value < best[0]:
                best[0] = value
                state = Progress(value, data.mip_stats.dual_bound, time.monotonic() - started)
                on_incumbent(state, _extract(h, data.solution.__getitem__))
            return callback.CallbackResult()

        kwargs["callback_reg"] = callback.CallbackRegistration(events={callback.Event.MIP_SOLUTION})
        kwargs["cb"] = on_event
    quiet = (
        scip_callback_noise_filtered()
        if "cb" in kwargs and params.backend is Backend.SCIP
        else nullcontext()
    )
    with quiet:
        return mathopt.solve(
            h.model,
            SOLVER_TYPES[params.backend],
            params=_parameters(params, seconds),
            msg_cb=_log_reader(
                on_progress if params.backend in LOG_PROGRESS_BACKENDS else None, started
            ),
            **kwargs,
        )


def _has_solution(result: mathopt.SolveResult) -> bool:
    return bool(result.has_primal_feasible_solution())


def _status(result: mathopt.SolveResult) -> SolveStatus:
    reason = result.termination.reason
    if reason == mathopt.TerminationReason.OPTIMAL:
        return SolveStatus.OPTIMAL
    if reason in (
        mathopt.TerminationReason.INFEASIBLE,
        mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED,
    ):
        return SolveStatus.INFEASIBLE
    if reason in (mathopt.TerminationReason.FEASIBLE, mathopt.TerminationReason.NO_SOLUTION_FOUND):
        return SolveStatus.FEASIBLE if _has_solution(result) else SolveStatus.TIMED_OUT
    return SolveStatus.ERROR


def _extract(h: Handles, value_of: Callable[[mathopt.Variable], float]) -> Solution:
    units = np.array([round(value_of(v)) for v in h.units], dtype=float)
    served = np.clip([value_of(v) for v in h.served], 0.0, 1.0)
    provisioned = np.clip([value_of(v) for v in h.provisioned], 0.0, 1.0)
    served[served < SERVED_NOISE] = 0.0
    return Solution(units, np.asarray(served, dtype=float), np.asarray(provisioned, dtype=float))


def drop_needless_standby(problem: Problem, solution: Solution) -> Solution:
    """Remove API backups that serve nothing and that no survival rule needs.

    An API backup costs nothing, so the solver may provision more of them than the
    survival rules require; dropping the needless ones, costliest first, keeps
    the plan's standby contracts to those that matter. Backups on a shared venue (servers,
    instances, rented hours) stay: the capacity they hold is part of how the venue's cost is
    split, which the lock-in stand-in bounded with them in place.
    """
    provisioned = solution.provisioned.copy()
    cost = problem.option_attributed_cost
    shared = problem.option_venue if problem.option_venue is not None else problem.option_resource
    for o in sorted(
        np.flatnonzero((solution.served <= 0) & (provisioned > 0) & (shared < 0)),
        key=lambda o: -cost[o],
    ):
        trial = provisioned.copy()
        trial[o] = 0.0
        if survives(problem, solution.units, trial, int(problem.option_workload[o])):
            provisioned = trial
    return Solution(solution.units, solution.served, provisioned)


def _bound(result: mathopt.SolveResult) -> float | None:
    bound = result.termination.objective_bounds.dual_bound
    return float(bound) if math.isfinite(bound) else None


def search(
    problem: Problem,
    params: SolveParams,
    *,
    on_incumbent: IncumbentCallback | None = None,
    on_progress: ProgressCallback | None = None,
    elastic: frozenset[ConstraintFamily] = frozenset(),
    reference_spend: float = 1.0,
    hint: Solution | None = None,
) -> SolveResult:
    """Solve the model of solver/model.py; lexicographic objectives take two stages.

    `on_incumbent` hears of each new plan on CALLBACK_BACKENDS; `on_progress` of what the
    log of LOG_PROGRESS_BACKENDS says (objective and bound, no plan). A `hint` (a plan of
    this problem) gives the search a first incumbent.
    """
    started = time.monotonic()
    h = build(problem, elastic=elastic, reference_spend=reference_spend)
    return search_built(
        h,
        problem,
        params,
        started=started,
        on_incumbent=on_incumbent,
        on_progress=on_progress,
        elastic=bool(elastic),
        hint=hint,
    )


def search_built(
    h: Handles,
    problem: Problem,
    params: SolveParams,
    *,
    started: float,
    on_incumbent: IncumbentCallback | None = None,
    on_progress: ProgressCallback | None = None,
    elastic: bool = False,
    hint: Solution | None = None,
) -> SolveResult:
    """`search` on a model already built (solver/robust.py builds one with a block per
    shock): `h` are the plan's own handles, `problem` the plan's own problem."""
    result, params, note = _solve(
        h, params, params.time_limit_s, on_incumbent, started, hint, on_progress
    )
    if result is None:
        return _failed(note, time.monotonic() - started)
    status = _status(result)
    unfinished = False
    if (
        not elastic
        and problem.objective is ObjectiveKind.LEXICOGRAPHIC
        and status is SolveStatus.OPTIMAL
    ):
        best_spend = float(result.objective_value())
        h.model.add_linear_constraint(
            h.spend <= best_spend * (1 + problem.cost_slack) + 1e-6, name="lexicographic-cost"
        )
        h.model.minimize(h.deficit)
        remaining = params.time_limit_s - (time.monotonic() - started)
        # The log's objective is now the deficit, not the cost: no reports from it.
        second, params, note_two = _solve(h, params, remaining, on_incumbent, started, None)
        note = note or note_two
        if second is not None and _has_solution(second):
            result, status = second, _status(second)
        else:  # the cheapest plan, not proven the most independent within the slack
            status, unfinished = SolveStatus.FEASIBLE, True
    elapsed = time.monotonic() - started
    if not _has_solution(result):
        return SolveResult(
            status=status,
            solution=None,
            objective=None,
            bound=_bound(result),
            solve_seconds=elapsed,
            message=note or str(result.termination.detail),
        )
    slacks = tuple(
        Relaxation(where, value)
        for variable, where, _ in h.slacks
        if (value := float(result.variable_values(variable))) > SLACK_TOLERANCE
    )
    values = result.variable_values()
    return SolveResult(
        status=status,
        solution=drop_needless_standby(problem, _extract(h, values.__getitem__)),
        objective=float(h.deficit.evaluate(values)) if unfinished else result.objective_value(),
        bound=None if unfinished else _bound(result),
        solve_seconds=elapsed,
        message=note,
        slacks=slacks,
    )


def _solve(
    h: Handles,
    params: SolveParams,
    seconds: float,
    on_incumbent: IncumbentCallback | None,
    started: float,
    hint: Solution | None,
    on_progress: ProgressCallback | None = None,
) -> tuple[mathopt.SolveResult | None, SolveParams, str]:
    """Run the backend; if it fails on the model, its fallback in the time left. (result or
    None, the parameters that gave it, what failed)."""
    deadline = time.monotonic() + seconds
    try:
        return _run(h, params, seconds, on_incumbent, started, hint, on_progress), params, ""
    # MathOpt raises StatusNotOk when a solver fails, and in OR-Tools 9.15 an AttributeError
    # while converting it: whatever it raises, the backend failed on this model.
    except Exception as exc:
        failed = f"{params.backend.value} failed on the model ({type(exc).__name__}: {exc})"
    log.warning("%s; trying %s", failed, FALLBACK_BACKENDS[params.backend].value)
    fallback = replace(params, backend=FALLBACK_BACKENDS[params.backend])
    try:
        result = _run(
            h, fallback, deadline - time.monotonic(), on_incumbent, started, hint, on_progress
        )
    except Exception as exc:
        return None, params, f"{failed}; {fallback.backend.value} too ({type(exc).__name__})"
    return result, fallback, f"{failed}; solved with {fallback.backend.value}"


def _failed(message: str, elapsed: float) -> SolveResult:
    return SolveResult(
        status=SolveStatus.ERROR,
        solution=None,
        objective=None,
        bound=None,
        solve_seconds=elapsed,
        message=message,
    )
