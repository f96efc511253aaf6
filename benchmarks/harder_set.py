"""The harder set of benchmarks/solve_scaling.py: which backend proves optimality soonest.

    python benchmarks/solve_scaling.py --hard [--kinds power-bound,demand,large,front]
                                              [--json results.json] [--markdown]

Instances (tests/synthetic.py `harder_instances`): "power-bound" — the bank grown ×1000,
and its national version ×100, with the site's 120 kW as shipped, so power binds;
"demand" — eu-bank and small-nation, as shipped and at national size (50 workloads, 5,000
offers), with demand ×100 and ×1000 (budgets and power grown alike); "large" — 200
workloads on 20,000 cloud offers; "front" — a 20-point cost × independence sweep of the
bank: minimum cost under a floor on the (linear) independence score stepped from the
cheapest plan's independence to the most independent feasible plan's.

Every instance is compiled once by the planner ("pruned": what `sovplan plan` solves
today) and, where that stays tractable (the four-workload examples), also with every
eligible option ("all options"): a safe pruning keeps more than the one and fewer than the
other. HiGHS and SCIP (through MathOpt, solver.solve) and CBC (through PuLP,
benchmarks/pulp_model.py) each solve it with a 10 s limit and, unless that proved
optimality, again with 60 s, each `--repeats` times (the median run counts): the table
gives the time to a proven optimum (relative gap 1e-4) and the gap at 10 s and at 60 s.
One thread, seed 7, cost objective, wall clock around build and solve (CPU time too, the
solver processes' included, in the JSON). For the front, times are summed over its points
and gaps are the worst point's; "excess" is the worst point's cost above the best any
backend found there.
"""

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace

import numpy as np

import planner.optimise.options as option_compiler
from benchmarks.solve_scaling import RELATIVE_GAP, SEED, _catalog, _machine, pulp
from catalog.domain import Catalog
from planner.optimise.compile import to_problem
from planner.optimise.options import compile_options
from solver.problem import Backend, ObjectiveKind, Problem, Solution, SolveParams
from solver.solve import solve
from tests.synthetic import Instance, harder_instances, instances

CHECKPOINTS_S = (10.0, 60.0)
"""The gap is read at these limits; a solve not optimal at the first gets the second."""
FRONT_POINTS = 20
FRONT_BISECTION_STEPS = 14
"""Halvings of the independence range when finding the most independent feasible floor."""
EXHAUSTIVE_MAX_WORKLOADS = 4
"""Instances with more workloads are not compiled with every option: from about 15 the
unpruned model is intractable (64,541 options for eu-bank×15; HiGHS 56 % gap at 60 s)."""
KINDS = ("power-bound", "demand", "large", "front")
BACKENDS = ("HiGHS", "SCIP", "CBC")


@dataclass(frozen=True)
class Attempt:
    """One solve at one time limit."""

    status: str
    objective: float | None
    gap: float | None
    wall_s: float
    cpu_s: float
    site_power_kw: tuple[float, ...] | None = None


Runner = Callable[[Problem, float], Attempt]


def _cpu_s() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _site_power(problem: Problem, solution: Solution | None) -> tuple[float, ...] | None:
    if solution is None:
        return None
    drawn = solution.units * problem.unit_power_kw
    return tuple(
        float(drawn[problem.resource_site == s].sum())
        for s in range(len(problem.site_power_limit_kw))
    )


def _mathopt(backend: Backend) -> Runner:
    def run(problem: Problem, limit_s: float) -> Attempt:
        params = SolveParams(
            time_limit_s=limit_s,
            relative_gap=RELATIVE_GAP,
            threads=1,
            random_seed=SEED,
            backend=backend,
        )
        wall, cpu = time.perf_counter(), _cpu_s()
        result = solve(problem, params)
        return Attempt(
            result.status.value,
            result.objective,
            result.gap,
            time.perf_counter() - wall,
            _cpu_s() - cpu,
            _site_power(problem, result.solution),
        )

    return run


def _cbc(problem: Problem, limit_s: float) -> Attempt:
    from benchmarks.pulp_model import solve_pulp

    wall, cpu = time.perf_counter(), _cpu_s()
    result = solve_pulp(problem, time_limit_s=limit_s, relative_gap=RELATIVE_GAP)
    return Attempt(
        result.status,
        result.objective,
        result.gap,
        time.perf_counter() - wall,
        _cpu_s() - cpu,
    )


def runners() -> dict[str, Runner]:
    found = {"HiGHS": _mathopt(Backend.HIGHS), "SCIP": _mathopt(Backend.SCIP)}
    if pulp is not None:
        found["CBC"] = _cbc
    return found


@dataclass(frozen=True)
class Outcome:
    """One problem (or front) solved by one backend: at the first checkpoint and the last."""

    kind: str
    instance: str
    variant: str
    options: int
    backend: str
    first: list[Attempt]
    last: list[Attempt]
    """Per point (one, but FRONT_POINTS for a front); the same attempt when it was optimal."""

    @property
    def time_to_optimal_s(self) -> float | None:
        if any(a.status != "optimal" for a in self.last):
            return None
        return sum(a.wall_s for a in self.last)

    @property
    def censored_s(self) -> float:
        """Time to optimal, counting a point never proven as the last limit."""
        return sum(a.wall_s if a.status == "optimal" else CHECKPOINTS_S[-1] for a in self.last)

    @property
    def cpu_s(self) -> float:
        return sum(a.cpu_s for a in self.last)

    def worst_gap(self, attempts: list[Attempt]) -> float | None:
        gaps = [a.gap if a.status != "optimal" else 0.0 for a in attempts]
        return None if any(g is None for g in gaps) else max(g for g in gaps if g is not None)

    def as_dict(self) -> dict[str, object]:
        return {
            **{k: v for k, v in asdict(self).items() if k not in ("first", "last")},
            "time_to_optimal_s": self.time_to_optimal_s,
            "censored_s": self.censored_s,
            "cpu_s": self.cpu_s,
            "gap_at_10s": self.worst_gap(self.first),
            "gap_at_60s": self.worst_gap(self.last),
            "first": [asdict(a) for a in self.first],
            "last": [asdict(a) for a in self.last],
        }


def _median(run: Runner, problem: Problem, limit_s: float, repeats: int) -> Attempt:
    attempts = sorted((run(problem, limit_s) for _ in range(repeats)), key=lambda a: a.wall_s)
    return attempts[len(attempts) // 2]


def attempt_both(run: Runner, problem: Problem, repeats: int) -> tuple[Attempt, Attempt]:
    """The median run at the first limit and, unless that one was optimal, at the last."""
    first = _median(run, problem, CHECKPOINTS_S[0], repeats)
    if first.status == "optimal":
        return first, first
    return first, _median(run, problem, CHECKPOINTS_S[-1], repeats)


@contextmanager
def every_option() -> Iterator[None]:
    """Compile without pruning: every eligible option of every workload.

    Raises the planner's count of options kept per (supplier, term) above any bucket's size;
    that count also bounds the models built per accelerator, so nothing is pruned. (When the
    planner gets its own switch, `sovplan plan --prune none`, use that instead.)
    """
    name = "OPTIONS_KEPT_PER_SUPPLIER"
    if not hasattr(option_compiler, name):
        raise SystemExit(f"planner/optimise/options.py has no {name}: update every_option()")
    saved = getattr(option_compiler, name)
    setattr(option_compiler, name, sys.maxsize)
    try:
        yield
    finally:
        setattr(option_compiler, name, saved)


def _problem(inst: Instance, exhaustive: bool) -> Problem:
    if exhaustive:
        with every_option():
            compiled = compile_options(inst.scenario, inst.catalog)
    else:
        compiled = compile_options(inst.scenario, inst.catalog)
    problem = to_problem(inst.scenario, compiled).problem
    return replace(problem, objective=ObjectiveKind.COST)


def _variants(inst: Instance) -> list[tuple[str, Problem, float]]:
    found = []
    for variant, exhaustive in (("pruned", False), ("all options", True)):
        if exhaustive and len(inst.scenario.workloads) > EXHAUSTIVE_MAX_WORKLOADS:
            continue
        started = time.perf_counter()
        problem = _problem(inst, exhaustive)
        found.append((variant, problem, time.perf_counter() - started))
    return found


def independence_of(problem: Problem, solution: Solution) -> float:
    """The spend-weighted independence the model's min-independence floor constrains."""
    resource_spend = solution.units * problem.unit_cost
    option_spend = solution.served * problem.option_usage_cost
    total = resource_spend.sum() + option_spend.sum()
    weighted = resource_spend @ problem.resource_independence
    weighted += option_spend @ problem.option_independence
    return float(weighted / total)


def front_floors(problem: Problem) -> list[float]:
    """FRONT_POINTS floors from the cheapest plan's independence to the highest feasible."""
    params = SolveParams(
        time_limit_s=CHECKPOINTS_S[-1], relative_gap=RELATIVE_GAP, backend=Backend.HIGHS
    )
    cheapest = solve(replace(problem, min_independence=None), params)
    assert cheapest.solution is not None, "the front's base problem has a plan"
    low = feasible = independence_of(problem, cheapest.solution)
    high = 100.0
    for _ in range(FRONT_BISECTION_STEPS):
        middle = (feasible + high) / 2
        if solve(replace(problem, min_independence=middle), params).solution is not None:
            feasible = middle
        else:
            high = middle
    return [float(f) for f in np.linspace(low, feasible, FRONT_POINTS)]


def _measure(
    kind: str,
    name: str,
    variant: str,
    problems: list[Problem],
    run_by: dict[str, Runner],
    repeats: int,
) -> list[Outcome]:
    outcomes = []
    for backend, run in run_by.items():
        pairs = [attempt_both(run, p, repeats) for p in problems]
        outcomes.append(
            Outcome(
                kind,
                name,
                variant,
                problems[0].n_options,
                backend,
                [first for first, _ in pairs],
                [last for _, last in pairs],
            )
        )
        last = outcomes[-1]
        proven = last.time_to_optimal_s
        print(f"  {backend:<6} optimal after {proven if proven is None else round(proven, 2)} s; "
              f"gap at 10 s {last.worst_gap(last.first)}, at 60 s {last.worst_gap(last.last)}",
              flush=True)  # fmt: skip
    return outcomes


def _front_instance(catalog: Catalog) -> Instance:
    return next(i for i in instances("examples", catalog) if i.name == "eu-bank")


def run_harder(catalog: Catalog, kinds: list[str], repeats: int) -> list[Outcome]:
    """Solve the harder set's instances of `kinds` by every backend; print as it goes."""
    run_by = runners()
    if pulp is None:
        print("PuLP is not installed: the CBC column is skipped (pip install pulp).")
    cases = harder_instances(catalog)
    outcomes: list[Outcome] = []
    for kind in kinds:
        found = [_front_instance(catalog)] if kind == "front" else cases[kind]
        for inst in found:
            for variant, problem, compile_s in _variants(inst):
                print(
                    f"\n{kind}: {inst.name} [{variant}] compiled in {compile_s:.1f} s: "
                    f"{problem.n_options:,} options, {problem.n_resources} resources, "
                    f"{problem.n_workloads} workloads",
                    flush=True,
                )
                if kind == "front":
                    floors = front_floors(problem)
                    print(f"  independence floors {floors[0]:.2f} … {floors[-1]:.2f}")
                    problems = [replace(problem, min_independence=f) for f in floors]
                else:
                    problems = [problem]
                outcomes += _measure(kind, inst.name, variant, problems, run_by, repeats)
                limits = problem.site_power_limit_kw
                drawn = outcomes[-len(run_by)].last[0].site_power_kw
                if kind == "power-bound" and drawn is not None:
                    print(f"  site power drawn {drawn} kW of {tuple(limits.tolist())} kW")
    return outcomes


def main_harder(args: argparse.Namespace) -> int:
    """`solve_scaling.py --hard`: run the kinds asked for, print, and write the JSON."""
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if unknown := [k for k in kinds if k not in KINDS]:
        raise SystemExit(f"unknown kind(s) {unknown}; choose from {list(KINDS)}")
    machine = _machine()
    print(f"Machine: {machine}")
    outcomes = run_harder(_catalog(), kinds, args.repeats)
    from benchmarks.harder_report import print_tables

    summary = print_tables(outcomes, args.markdown)
    if args.json:
        rows = [o.as_dict() for o in outcomes]
        document = {"machine": machine, "rows": rows, "summary": summary}
        args.json.write_text(json.dumps(document, indent=2))
        print(f"\nWrote {args.json}")
    return 0
