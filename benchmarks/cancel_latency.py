"""How soon a cancel takes effect: wall time from `CancelToken.cancel()` to the call returning.

    python benchmarks/cancel_latency.py [--repeats 5] [--delays 0.25,0.5,0.75] [--json out.json]

Instances: the national eu-bank×50 (tests/synthetic.py, compiled by the planner as
benchmarks/solve_scaling.py does: 50 workloads, 5,000 cloud offers) and the solver tests'
`branching_problem` (no optimum within a minute, a long root node). Each solve is cancelled
`delay` seconds after it starts, from another thread, as the GUI's Cancel is; a solve that
ended by itself before its cancel is counted apart, not as a latency. Rows:

- "child process": `solve(problem, params, cancel=token)` as shipped: the search runs in a
  child process (solver/child.py) that cancel ends; the best plan found so far is kept.
- "in-process interrupt": the mechanism it replaced, for comparison: MathOpt's
  `SolveInterrupter` on the same model in this process (SCIP looks at it between nodes;
  HiGHS through MathOpt ignores it and runs on).
- "plan_scenario": the whole planning call the GUI makes, on the eu-bank×50 scenario,
  cancelled while it compiles options (the first seconds) or solves.

One thread, seed 7, time limit 60 s. Latencies are medians and maxima over all runs of a row.
"""

import argparse
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ortools.math_opt.python import mathopt  # noqa: E402
from ortools.util.python.solve_interrupter import SolveInterrupter  # noqa: E402

from benchmarks.solve_scaling import _catalog, _machine  # noqa: E402
from planner.optimise.compile import to_problem  # noqa: E402
from planner.optimise.options import compile_options  # noqa: E402
from planner.optimise.planning import plan_scenario  # noqa: E402
from solver.child import warm_up  # noqa: E402
from solver.model import build  # noqa: E402
from solver.problem import Backend, CancelToken, Problem, SolveParams  # noqa: E402
from solver.search import SOLVER_TYPES  # noqa: E402
from solver.solve import solve  # noqa: E402
from tests.synthetic import Instance, branching_problem, instances  # noqa: E402

TIME_LIMIT_S = 60.0
IN_PROCESS_TIME_LIMIT_S = 20.0
"""HiGHS ignores the in-process interrupt and runs to its limit: a shorter one bounds the wait."""
SEED = 7
BACKENDS = (Backend.SCIP, Backend.HIGHS)
PLAN_DELAYS_S = (1.0, 3.0)
"""plan_scenario is cancelled while it compiles the national options (5-10 s here)."""


@dataclass
class Row:
    instance: str
    mechanism: str
    backend: str
    latencies: list[float] = field(default_factory=list)
    finished_first: int = 0
    """Solves that ended by themselves before the cancel."""
    kept_plan: int = 0
    """Cancelled solves that returned the best plan found so far."""

    def as_dict(self) -> dict[str, object]:
        return {
            "instance": self.instance,
            "mechanism": self.mechanism,
            "backend": self.backend,
            "latencies_s": self.latencies,
            "median_s": statistics.median(self.latencies) if self.latencies else None,
            "max_s": max(self.latencies) if self.latencies else None,
            "finished_before_cancel": self.finished_first,
            "kept_plan": self.kept_plan,
        }


Schedule = Callable[[Callable[[], None]], None]
"""Given the call that cancels a run, arranges for it to be made `delay` seconds later."""
Run = Callable[[Schedule], None]


def _cancelled_after(delay: float, run: Run) -> float | None:
    """Run `run`, which hands its cancel call to the scheduler; the time from that call to
    `run` returning, or None if the run ended before it."""
    called: list[float] = []
    timers: list[threading.Timer] = []

    def schedule(cancel: Callable[[], None]) -> None:
        def fire() -> None:
            called.append(time.monotonic())
            cancel()

        timers.append(threading.Timer(delay, fire))
        timers[-1].start()

    run(schedule)
    returned = time.monotonic()
    for timer in timers:
        timer.cancel()
    return returned - called[0] if called else None


def _params(backend: Backend) -> SolveParams:
    return SolveParams(time_limit_s=TIME_LIMIT_S, random_seed=SEED, backend=backend)


def _child(problem: Problem, backend: Backend, row: Row) -> Run:
    def run(schedule: Schedule) -> None:
        token = CancelToken()
        schedule(token.cancel)
        result = solve(problem, _params(backend), cancel=token)
        row.kept_plan += result.solution is not None and token.cancelled

    return run


def _in_process(problem: Problem, backend: Backend) -> Run:
    def run(schedule: Schedule) -> None:
        handles = build(problem)
        interrupter = SolveInterrupter()
        schedule(interrupter.interrupt)
        params = mathopt.SolveParameters(
            time_limit=timedelta(seconds=IN_PROCESS_TIME_LIMIT_S),
            random_seed=SEED,
            threads=None if backend is Backend.HIGHS else 1,
        )
        mathopt.solve(handles.model, SOLVER_TYPES[backend], params=params, interrupter=interrupter)

    return run


def _plan(national: Instance, backend: Backend, row: Row) -> Run:
    def run(schedule: Schedule) -> None:
        token = CancelToken()
        schedule(token.cancel)
        params = _params(backend)
        outcome = plan_scenario(national.scenario, national.catalog, params, cancel=token)
        row.kept_plan += outcome.plan is not None and token.cancelled

    return run


def _measure(row: Row, run: Run, delays: list[float], repeats: int) -> Row:
    for delay in delays:
        for _ in range(repeats):
            latency = _cancelled_after(delay, run)
            if latency is None:
                row.finished_first += 1
            else:
                row.latencies.append(latency)
    return row


def _print(rows: list[Row]) -> None:
    header = (
        f"{'instance':<20} {'mechanism':<22} {'backend':<7} {'runs':>5} {'median s':>9} "
        f"{'max s':>7} {'ended first':>11} {'kept plan':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        median = statistics.median(row.latencies) if row.latencies else float("nan")
        worst = max(row.latencies) if row.latencies else float("nan")
        print(
            f"{row.instance:<20} {row.mechanism:<22} {row.backend:<7} {len(row.latencies):>5} "
            f"{median:>9.3f} {worst:>7.3f} {row.finished_first:>11} {row.kept_plan:>9}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per delay")
    parser.add_argument("--delays", default="0.25,0.5,0.75", help="seconds, comma-separated")
    parser.add_argument("--skip-in-process", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",") if d.strip()]
    machine = _machine()
    print(
        f"Machine: {machine['cpus']} CPU(s), {machine['cpu_model']}; Python {machine['python']}; "
        f"OR-Tools {machine['ortools']}. Delays {delays} s × {args.repeats} runs."
    )
    warm_up()  # the GUI starts the fork server at start-up (ui/app.py)
    catalog = _catalog()
    national = next(i for i in instances("national", catalog) if i.name.startswith("eu-bank"))
    problem = to_problem(national.scenario, compile_options(national.scenario, national.catalog))
    problems = {national.name: problem.problem, "branching_problem": branching_problem()}
    rows: list[Row] = []
    for name, instance in problems.items():
        for backend in BACKENDS:
            row = Row(name, "child process", backend.value)
            rows.append(_measure(row, _child(instance, backend, row), delays, args.repeats))
            print(f"measured {name} {backend.value} child process", flush=True)
            if not args.skip_in_process:  # once per run, at the middle delay
                row = Row(name, "in-process interrupt", backend.value)
                middle = [delays[len(delays) // 2]]
                rows.append(_measure(row, _in_process(instance, backend), middle, args.repeats))
                print(f"measured {name} {backend.value} in-process interrupt", flush=True)
    for backend in BACKENDS:
        row = Row(national.name, "plan_scenario", backend.value)
        repeats = max(1, args.repeats // 2)
        rows.append(_measure(row, _plan(national, backend, row), list(PLAN_DELAYS_S), repeats))
        print(f"measured plan_scenario {backend.value}", flush=True)
    print()
    _print(rows)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine,
                    "delays_s": delays,
                    "repeats": args.repeats,
                    "rows": [r.as_dict() for r in rows],
                },
                indent=2,
            )
        )
        print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
