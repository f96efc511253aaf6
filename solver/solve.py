"""Solve a Problem: time limit, fixed seed and threads, progress reports and cancellation.

The same input gives the same result: one thread and a fixed seed by default. Progress is
reported on each improving plan (SCIP) or progress line of the log (HiGHS), throttled. A
solve given a `CancelToken` runs in a child process (solver/child.py), so `cancel()` from
any thread (the GUI's) stops it within a second, keeping the best plan found so far (SCIP
only: HiGHS through MathOpt hands over no plan before it ends); a solve without one runs
in this process.
"""

from solver.child import solve_in_child
from solver.families import ConstraintFamily
from solver.problem import CancelToken, Problem, Solution, SolveParams, SolveResult
from solver.search import ProgressCallback, search, throttled_progress

__all__ = ["CancelToken", "ProgressCallback", "solve"]


def solve(
    problem: Problem,
    params: SolveParams | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    elastic: frozenset[ConstraintFamily] = frozenset(),
    reference_spend: float = 1.0,
    hint: Solution | None = None,
) -> SolveResult:
    """Solve the model of solver/model.py; the families in `elastic` may give way, at a cost
    (elastic mode: `SolveResult.slacks` says which constraints gave and by how much). A
    `hint`, a plan of this problem, starts the search from it."""
    params = params or SolveParams()
    if cancel is not None:
        return solve_in_child(
            problem,
            params,
            cancel=cancel,
            progress=progress,
            elastic=elastic,
            reference_spend=reference_spend,
            hint=hint,
        )
    report = None if progress is None else throttled_progress(progress)
    return search(
        problem,
        params,
        on_incumbent=None if report is None else lambda state, _: report(state),
        on_progress=report,
        elastic=elastic,
        reference_spend=reference_spend,
        hint=hint,
    )
