"""How solve time grows with the instance: SCIP and HiGHS through solver.solve, and CBC (PuLP).

    python benchmarks/solve_scaling.py [--time-limit 30] [--repeats 3] [--sizes examples,...]
                                       [--json results.json]
    python benchmarks/solve_scaling.py --hard [--kinds power-bound,demand,large,front]
                                       [--json results.json] [--markdown]

`--hard` runs the harder set instead (benchmarks/harder_set.py): time to a proven optimum
and the gap at 10 s and 60 s per backend, on binding site power, ×100 and ×1000 demand,
200 workloads × 20,000 offers and a 20-point cost × independence front.

Sizes (tests/synthetic.py): "examples" — the three shipped examples as they are; "medium" —
15 workloads, ~1,000 cloud offers, 40 open-weight chat models; "national" — 50 workloads,
5,000 cloud offers, 60 open-weight chat models; medium and national are each made from
the examples eu-bank and small-nation (planner/examples/). Every instance is compiled once by the
planner (compile_options + to_problem, timed), and the same `Problem` is then solved by each
backend `--repeats` times: one thread, seed 7, relative gap 1e-4. All backends solve the cost
objective (the PuLP model has no other); an example whose scenario asks for another objective
also gets a row solved as shipped by the MathOpt backends.

Times are wall-clock medians around the whole call: building the model and solving it (for
CBC also writing the model file and starting the solver process). "build" is the median
model-building time alone (MathOpt's `build`, shared by SCIP and HiGHS; PuLP's model).
Without PuLP installed the CBC column is skipped.
"""

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from catalog.domain import Catalog  # noqa: E402
from catalog.snapshot import load_catalog  # noqa: E402
from catalog.workspace import open_workspace  # noqa: E402
from planner.optimise.compile import to_problem  # noqa: E402
from planner.optimise.options import compile_options  # noqa: E402
from solver.model import build  # noqa: E402
from solver.problem import Backend, ObjectiveKind, Problem, SolveParams  # noqa: E402
from solver.solve import solve  # noqa: E402
from tests.synthetic import SIZES, instances  # noqa: E402

try:
    import pulp

    from benchmarks.pulp_model import build_pulp, solve_pulp
except ImportError:  # the CBC column is optional
    pulp = None

SEED = 7
RELATIVE_GAP = 1e-4
TARGET_EXAMPLES_S = 1.0
TARGET_NATIONAL_S = 10.0
TARGET_NATIONAL_GAP = 0.005
TARGET_SPEEDUP = 3.0


@dataclass
class Row:
    """One instance solved by one backend, `repeats` times."""

    size: str
    instance: str
    backend: str
    objective_kind: str
    times: list[float] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    gaps: list[float | None] = field(default_factory=list)
    objectives: list[float | None] = field(default_factory=list)
    build_times: list[float] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return statistics.median(self.times)

    @property
    def status(self) -> str:
        distinct = sorted(set(self.statuses))
        return distinct[0] if len(distinct) == 1 else "/".join(distinct)

    @property
    def gap(self) -> float | None:
        known = [g for g in self.gaps if g is not None]
        return statistics.median(known) if known else None

    @property
    def objective(self) -> float | None:
        known = [o for o in self.objectives if o is not None]
        return statistics.median(known) if known else None

    def as_dict(self) -> dict[str, object]:
        return {
            "size": self.size,
            "instance": self.instance,
            "backend": self.backend,
            "objective_kind": self.objective_kind,
            "times_s": self.times,
            "median_s": self.median_s,
            "statuses": self.statuses,
            "gap": self.gap,
            "objective": self.objective,
            "objectives": self.objectives,
            "median_build_s": statistics.median(self.build_times) if self.build_times else None,
        }


def _catalog() -> Catalog:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        try:
            with workspace.sessions() as session:
                return load_catalog(session)
        finally:
            workspace.close()


def _timed_build(builder: Callable[[Problem], object], problem: Problem) -> float:
    started = time.perf_counter()
    builder(problem)
    return time.perf_counter() - started


def _mathopt(
    backend: Backend,
) -> Callable[[Problem, float], tuple[str, float | None, float | None]]:
    def run(problem: Problem, time_limit: float) -> tuple[str, float | None, float | None]:
        params = SolveParams(
            time_limit_s=time_limit,
            relative_gap=RELATIVE_GAP,
            threads=1,
            random_seed=SEED,
            backend=backend,
        )
        result = solve(problem, params)
        return result.status.value, result.objective, result.gap

    return run


def _cbc(problem: Problem, time_limit: float) -> tuple[str, float | None, float | None]:
    result = solve_pulp(problem, time_limit_s=time_limit, relative_gap=RELATIVE_GAP)
    return result.status, result.objective, result.gap


def _measure(
    row: Row,
    run: Callable[[Problem, float], tuple[str, float | None, float | None]],
    builder: Callable[[Problem], object],
    problem: Problem,
    time_limit: float,
    repeats: int,
) -> Row:
    for _ in range(repeats):
        started = time.perf_counter()
        status, objective, gap = run(problem, time_limit)
        row.times.append(time.perf_counter() - started)
        row.statuses.append(status)
        row.objectives.append(objective)
        row.gaps.append(gap)
        row.build_times.append(_timed_build(builder, problem))
    return row


def _fmt_gap(gap: float | None) -> str:
    return "—" if gap is None else f"{100 * gap:.3f} %"


def _fmt_obj(objective: float | None) -> str:
    return "—" if objective is None else f"{objective:,.2f}"


def _print_table(size: str, rows: list[Row]) -> None:
    print(f"\n## {size}: median of {len(rows[0].times)} run(s)")
    header = (
        f"{'instance':<34} {'backend':<9} {'median s':>9} {'build s':>8} "
        f"{'status':<17} {'gap':>9} {'objective':>16}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        name = row.instance + ("" if row.objective_kind == "cost" else f" [{row.objective_kind}]")
        build_s = statistics.median(row.build_times) if row.build_times else float("nan")
        print(
            f"{name:<34} {row.backend:<9} {row.median_s:>9.3f} {build_s:>8.3f} "
            f"{row.status:<17} {_fmt_gap(row.gap):>9} {_fmt_obj(row.objective):>16}"
        )
        distinct = {round(o, 2) for o in row.objectives if o is not None}
        if len(distinct) > 1:
            print(f"{'':<34} objectives differ between repeats: {sorted(distinct)}")


def _machine() -> dict[str, object]:
    import os

    import ortools

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "ortools": ortools.__version__,
        "pulp": None if pulp is None else pulp.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per solve")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="examples,medium,national", help="comma-separated")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--hard", action="store_true", help="the harder set instead")
    parser.add_argument("--kinds", default="power-bound,demand,large,front", help="with --hard")
    parser.add_argument("--markdown", action="store_true", help="with --hard: tables as Markdown")
    args = parser.parse_args(argv)
    if args.hard:
        from benchmarks.harder_set import main_harder

        return main_harder(args)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {list(SIZES)}")

    machine = _machine()
    print(
        f"Machine: {machine['cpus']} CPU(s), {machine['cpu_model']}; Python {machine['python']}; "
        f"OR-Tools {machine['ortools']}; PuLP {machine['pulp'] or 'not installed'}"
    )
    print(
        f"Settings: time limit {args.time_limit:g} s, {args.repeats} repeat(s), 1 thread, "
        f"seed {SEED}, relative gap {RELATIVE_GAP:g}"
    )
    backends: list[
        tuple[
            str, Callable[..., tuple[str, float | None, float | None]], Callable[[Problem], object]
        ]
    ]
    backends = [
        ("SCIP", _mathopt(Backend.SCIP), build),
        ("HiGHS", _mathopt(Backend.HIGHS), build),
    ]
    if pulp is None:
        print("PuLP is not installed: the CBC column is skipped (pip install pulp to include it).")
    else:
        backends.append(("CBC", _cbc, build_pulp))

    started = time.perf_counter()
    catalog = _catalog()
    print(f"Catalog loaded in {time.perf_counter() - started:.2f} s")
    all_rows: list[Row] = []
    compiled_info: list[dict[str, object]] = []
    for size in sizes:
        started = time.perf_counter()
        found = instances(size, catalog)
        generated = time.perf_counter() - started
        offers = len(found[0].catalog.cloud_offers)
        models = len(found[0].catalog.ai_models)
        print(
            f"\n# {size}: generated in {generated:.2f} s "
            f"({offers:,} cloud offers, {models} models in the catalog)"
        )
        rows: list[Row] = []
        for inst in found:
            started = time.perf_counter()
            compiled = compile_options(inst.scenario, inst.catalog)
            problem = to_problem(inst.scenario, compiled).problem
            compile_s = time.perf_counter() - started
            info = {
                "size": size,
                "instance": inst.name,
                "compile_s": compile_s,
                "resources": problem.n_resources,
                "options": problem.n_options,
                "workloads": problem.n_workloads,
                "groups": problem.n_groups,
                "cloud_offers": offers,
                "models": models,
            }
            compiled_info.append(info)
            print(
                f"{inst.name}: compiled in {compile_s:.2f} s — {problem.n_resources} resources, "
                f"{problem.n_options} options, {problem.n_workloads} workloads, "
                f"{problem.n_groups} provider groups",
                flush=True,
            )
            cost_problem = replace(problem, objective=ObjectiveKind.COST)
            for name, run, builder in backends:
                rows.append(
                    _measure(
                        Row(size, inst.name, name, "cost"),
                        run,
                        builder,
                        cost_problem,
                        args.time_limit,
                        args.repeats,
                    )
                )
            if problem.objective is not ObjectiveKind.COST:
                for name, run, builder in backends[:2]:
                    rows.append(
                        _measure(
                            Row(size, inst.name, name, problem.objective.value),
                            run,
                            builder,
                            problem,
                            args.time_limit,
                            args.repeats,
                        )
                    )
        _print_table(size, rows)
        all_rows += rows

    summary = _summary(all_rows, args.time_limit)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine,
                    "settings": {
                        "time_limit_s": args.time_limit,
                        "repeats": args.repeats,
                        "threads": 1,
                        "seed": SEED,
                        "relative_gap": RELATIVE_GAP,
                    },
                    "instances": compiled_info,
                    "rows": [r.as_dict() for r in all_rows],
                    "summary": summary,
                },
                indent=2,
            )
        )
        print(f"\nWrote {args.json}")
    return 0


def _summary(rows: list[Row], time_limit: float) -> dict[str, object]:
    out: dict[str, object] = {}
    national = [r for r in rows if r.size == "national" and r.objective_kind == "cost"]
    by = {(r.instance, r.backend): r for r in national}
    if national:
        print("\n## national: CBC / backend median-time ratios (same run)")
        ratios: dict[str, dict[str, float]] = {}
        for inst in sorted({r.instance for r in national}):
            cbc = by.get((inst, "CBC"))
            if cbc is None:
                print(f"{inst}: no CBC column (PuLP not installed)")
                continue
            line = []
            for backend in ("SCIP", "HiGHS"):
                other = by[(inst, backend)]
                ratio = cbc.median_s / other.median_s
                ratios.setdefault(inst, {})[backend] = ratio
                line.append(f"CBC/{backend} = {ratio:.2f}×")
            print(f"{inst}: " + ", ".join(line))
        measured = [i for i in ratios if (i, "CBC") in by]
        if measured:
            cbc_total = sum(by[(i, "CBC")].median_s for i in measured)
            overall = {
                backend: cbc_total / sum(by[(i, backend)].median_s for i in measured)
                for backend in ("SCIP", "HiGHS")
            }
            ratios["all national instances (sum of medians)"] = overall
            print(
                f"sum of medians: CBC/SCIP = {overall['SCIP']:.2f}×, "
                f"CBC/HiGHS = {overall['HiGHS']:.2f}×"
            )
        out["national_ratios"] = ratios

    print("\n## Targets")
    targets: dict[str, dict[str, object]] = {}
    for backend in ("SCIP", "HiGHS"):
        ex = [r for r in rows if r.size == "examples" and r.backend == backend]
        ok_ex = bool(ex) and all(
            r.statuses
            and all(s == "optimal" for s in r.statuses)
            and r.median_s <= TARGET_EXAMPLES_S
            for r in ex
        )
        nat = [r for r in national if r.backend == backend]
        ok_nat = bool(nat) and all(
            all(s in ("optimal", "feasible") for s in r.statuses)
            and r.median_s <= TARGET_NATIONAL_S
            and (r.status == "optimal" or (r.gap is not None and r.gap <= TARGET_NATIONAL_GAP))
            for r in nat
        )
        speed = [
            by[(r.instance, "CBC")].median_s / r.median_s for r in nat if (r.instance, "CBC") in by
        ]
        ok_speed = bool(speed) and min(speed) >= TARGET_SPEEDUP
        targets[backend] = {
            "examples_optimal_within_1s": ok_ex if ex else None,
            "national_within_10s_and_0.5pct": ok_nat if nat else None,
            "national_3x_faster_than_cbc": ok_speed if speed else None,
        }
        print(
            f"{backend}: examples optimal ≤ {TARGET_EXAMPLES_S:g} s: "
            f"{_yes(ok_ex if ex else None)}; "
            f"national optimal or ≤ {100 * TARGET_NATIONAL_GAP:g} % gap in ≤ "
            f"{TARGET_NATIONAL_S:g} s: {_yes(ok_nat if nat else None)}; "
            f"≥ {TARGET_SPEEDUP:g}× faster than CBC at national scale (every instance): "
            f"{_yes(ok_speed if speed else None)}"
        )
    out["targets"] = targets
    out["time_limit_s"] = time_limit
    return out


def _yes(value: bool | None) -> str:
    return "not measured" if value is None else ("MET" if value else "NOT MET")


if __name__ == "__main__":
    sys.exit(main())
