"""A cancellable solve: the search runs in a child process, and cancel ends the process.

Why a process: neither way of asking MathOpt to stop is prompt. SCIP honours an interrupter
(or a callback returning "stop") only between nodes, so in its root node (presolve, LP,
cuts) it goes on: 1.3–5 s after the call on the tests' `branching_problem`, up to 1 s on
the national eu-bank×50. HiGHS through MathOpt takes neither a callback nor an interrupter
and runs to its end or time limit. Ending a process works for every backend, in 0.02–0.06 s
(benchmarks/cancel_latency.py, docs/performance.md).

The child sends each new incumbent with the plan it stands for (SCIP), so a cancelled solve
keeps the best plan found so far, and each progress line of the log (HiGHS, without a plan),
so the progress reports of an in-process solve go on as they were. Children are forked from
a fork server that has imported OR-Tools and what the program's main module imports
(spawned where the platform has none): a solve starts within tens of milliseconds, and the
caller's process, with its GUI threads, is never forked. As with any use of
multiprocessing, a script that solves with a cancel token keeps its work under
`if __name__ == "__main__":`.
"""

import functools
import multiprocessing
import sys
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from types import ModuleType

from solver.families import ConstraintFamily
from solver.problem import CancelToken, Problem, Progress, Solution, SolveParams, SolveResult
from solver.problem import SolveStatus as Status
from solver.search import ProgressCallback, drop_needless_standby, search, throttled_progress

CANCEL_POLL_S = 0.05
"""How often the waiting caller looks at the cancel token: a twentieth of the 1 s budget."""
TERMINATE_GRACE_S = 0.5
"""After SIGTERM, how long to wait for the child before killing it outright."""
NOT_HANDED_OVER = (
    "cancelled: the solver had found a plan but hands none over before it ends "
    "(HiGHS through MathOpt); SCIP keeps its best plan on cancel"
)
"""Why a cancelled solve has no plan although its progress reports named one."""
PRELOADED = ["solver.search"]
"""Imported once by the fork server, so each child starts with OR-Tools loaded."""


def _preloaded() -> list[str]:
    """PRELOADED, and the modules the program's main module refers to.

    multiprocessing runs the main module again in each child. The fork server would import
    it once if asked, but Python 3.11 and 3.12 never do (CPython gh-126631); with the main
    module's own imports loaded in the fork server, running it again takes milliseconds
    instead of the second or more that importing Qt for the GUI takes.
    """
    main = sys.modules["__main__"]
    names = {getattr(getattr(main, "__spec__", None), "name", None)}
    for value in vars(main).values():
        names.add(
            value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        )
    return PRELOADED + sorted(
        n
        for n in names
        if isinstance(n, str) and n not in ("__main__", "builtins") and not n.endswith(".__main__")
    )


@functools.cache
def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_preloaded())
        return context
    return multiprocessing.get_context("spawn")


def warm_up() -> None:
    """Start the fork server now (about a second, once), so the first cancellable solve
    starts at once and a cancel right after it is not held up. Safe from any thread."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _child(
    out: Connection,
    problem: Problem,
    params: SolveParams,
    elastic: frozenset[ConstraintFamily],
    reference_spend: float,
    hint: Solution | None,
) -> None:
    """Runs in the child: every incumbent, then the result (or why there is none)."""

    def send_incumbent(state: Progress, solution: Solution) -> None:
        out.send(("incumbent", state, solution))

    def send_progress(state: Progress) -> None:
        out.send(("progress", state))

    try:
        result = search(
            problem,
            params,
            on_incumbent=send_incumbent,
            on_progress=send_progress,
            elastic=elastic,
            reference_spend=reference_spend,
            hint=hint,
        )
        out.send(("done", result))
    except Exception as exc:  # the caller reports it; the child has no one else to tell
        out.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        out.close()


def _stop(process: BaseProcess) -> None:
    if process.is_alive():
        process.terminate()
        process.join(TERMINATE_GRACE_S)
    if process.is_alive():
        process.kill()
    process.join()


def _cancelled(
    problem: Problem,
    best: tuple[Progress, Solution] | None,
    started: float,
    last: Progress | None = None,
) -> SolveResult:
    """The best plan found before the cancel, marked as cancelled (or none). `last` is the
    latest report: from HiGHS's log it may tell of a plan that was never handed over."""
    elapsed = time.monotonic() - started
    if best is None:
        seen = last is not None and last.objective is not None
        return SolveResult(
            status=Status.CANCELLED,
            solution=None,
            objective=None,
            bound=None,
            solve_seconds=elapsed,
            message=NOT_HANDED_OVER if seen else "cancelled before any plan was found",
        )
    state, solution = best
    return SolveResult(
        status=Status.CANCELLED,
        solution=drop_needless_standby(problem, solution),
        objective=state.objective,
        bound=state.bound,
        solve_seconds=elapsed,
        message="cancelled: the best plan found so far",
    )


def _failed(message: str, started: float) -> SolveResult:
    return SolveResult(
        status=Status.ERROR,
        solution=None,
        objective=None,
        bound=None,
        solve_seconds=time.monotonic() - started,
        message=message,
    )


def solve_in_child(
    problem: Problem,
    params: SolveParams,
    *,
    cancel: CancelToken,
    progress: ProgressCallback | None = None,
    elastic: frozenset[ConstraintFamily] = frozenset(),
    reference_spend: float = 1.0,
    hint: Solution | None = None,
) -> SolveResult:
    """`search` in a child process; returns within CANCEL_POLL_S of `cancel.cancel()`,
    plus the time to end the child (milliseconds)."""
    started = time.monotonic()
    if cancel.cancelled:
        return _cancelled(problem, None, started)
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_child,
        args=(sender, problem, params, elastic, reference_spend, hint),
        daemon=True,
        name="sovplan-solve",
    )
    process.start()
    sender.close()  # the child holds the only writer: its end closing means it is gone
    report = throttled_progress(progress) if progress is not None else None
    best: tuple[Progress, Solution] | None = None
    last: Progress | None = None
    try:
        while True:
            if cancel.cancelled:
                return _cancelled(problem, best, started, last)
            if not receiver.poll(CANCEL_POLL_S):
                continue
            try:
                kind, *payload = receiver.recv()
            except EOFError:
                return _failed(
                    f"the solver process ended unexpectedly (exit code {process.exitcode})",
                    started,
                )
            if kind in ("incumbent", "progress"):
                last = payload[0]
                if kind == "incumbent":
                    best = (payload[0], payload[1])
                if report is not None:
                    report(payload[0])
            elif kind == "done":
                result: SolveResult = payload[0]
                return replace(result, solve_seconds=time.monotonic() - started)
            else:
                return _failed(str(payload[0]), started)
    finally:
        _stop(process)
        receiver.close()
