"""How long the trade-off sweeps take, before and after the kept model, in one run: the
20-point front on each shipped example and on the national-scale instances, 5 near-optimal
alternatives on the bank, a re-plan after a budget edit, and the bank's sensitivity.

    python benchmarks/tradeoffs.py [--repeats 3] [--sizes examples,national]
                                   [--parts fronts,alternatives,replan,sensitivity]
                                   [--against independence] [--json results.json]

"before" builds the solver's model afresh for every solve (`solver.solve.solve`, the path
before solver/rebound.py); "after" keeps one model per sweep and sets only the bound, budget
or objective on it (`ModelCache`). Both run on the same compile, alternately within each
repeat, so they share the machine's load. The front's "compile" is timed cold (the
process's capacity estimates forgotten, as in a fresh `sovplan frontier`) and warm (as in
the GUI after its first plan); "sweep" is `run_frontier` after it. The re-plan is
`plan_scenario` of the scenario with its annual budget edited: "before" compiles (warm),
"after" takes the options from a `PlanCache`. Medians of `--repeats` (national: one run).
The issue's targets on 2 cores: ≤ 3 s per example front, ≤ 15 s per national front, ≤ 3 s
for 5 alternatives on the bank.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import planner.analysis.alternatives as alternatives_module  # noqa: E402
from catalog.domain import Catalog  # noqa: E402
from catalog.snapshot import load_catalog  # noqa: E402
from catalog.workspace import open_workspace  # noqa: E402
from planner.analysis.alternatives import near_optimal  # noqa: E402
from planner.analysis.executor import in_process  # noqa: E402
from planner.analysis.frontier import DEFAULT_POINTS, run_frontier  # noqa: E402
from planner.analysis.sensitivity import SensitivityContext, run_sensitivity  # noqa: E402
from planner.analysis.sweep import Against, Sweep, compile_sweep  # noqa: E402
from planner.optimise.capacity_table import _estimate  # noqa: E402
from planner.optimise.planning import PlanCache, plan_scenario  # noqa: E402
from solver.problem import Problem, Solution, SolveParams, SolveResult  # noqa: E402
from solver.rebound import ModelCache  # noqa: E402
from solver.solve import ProgressCallback, solve  # noqa: E402
from tests.synthetic import Instance, instances  # noqa: E402

TARGET_S = {"examples": 3.0, "national": 15.0, "alternatives": 3.0}
"""The issue's targets, on 2 cores."""
ALTERNATIVES = 5
EDITED_BUDGET_SHARE = 1.2
"""The re-plan's edit: the annual budget set to 120 % of the plan's cost."""

Row = dict[str, Any]


class FreshModels(ModelCache):
    """The path before the kept model: every solve builds its own."""

    def solve(
        self,
        problem: Problem,
        params: SolveParams | None = None,
        *,
        hint: Solution | None = None,
        progress: ProgressCallback | None = None,
    ) -> SolveResult:
        self.builds += 1
        return solve(problem, params, hint=hint, progress=progress)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """fn's result, wall seconds, CPU seconds (this process: compile and solves run here)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - started, time.process_time() - cpu


def _sweep(sweep: Sweep) -> tuple[Any, float, float]:
    def run() -> Any:
        with in_process(sweep) as workers:
            return run_frontier(sweep, workers, points=DEFAULT_POINTS)

    return _timed(run)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _front(inst: Instance, against: Against, repeats: int, size: str) -> Row:
    runs: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        runs.setdefault(key, []).append(value)

    front = sweep = None
    for _ in range(repeats):
        _estimate.cache_clear()
        sweep, wall, cpu = _timed(lambda: compile_sweep(inst.scenario, inst.catalog, against))
        add("compile_cold_s", wall), add("compile_cold_cpu_s", cpu)
        sweep, wall, cpu = _timed(lambda: compile_sweep(inst.scenario, inst.catalog, against))
        add("compile_warm_s", wall), add("compile_warm_cpu_s", cpu)
        _, wall, cpu = _sweep(replace(sweep, models=FreshModels()))
        add("before_s", wall), add("before_cpu_s", cpu)
        front, wall, cpu = _sweep(sweep)
        add("after_s", wall), add("after_cpu_s", cpu)
    assert front is not None and sweep is not None
    row: Row = {k: _median(v) for k, v in runs.items()}
    row |= {"instance": inst.name, "size": size, "against": against.value,
            "solves": front.solves, "points": len(front.points),
            "options": sweep.indexed.problem.n_options, "target_s": TARGET_S[size],
            "ratio": row["before_cpu_s"] / row["after_cpu_s"], "runs": runs}  # fmt: skip
    row["total_cold_cpu_s"] = row["compile_cold_cpu_s"] + row["after_cpu_s"]
    row["total_warm_cpu_s"] = row["compile_warm_cpu_s"] + row["after_cpu_s"]
    row["total_cold_s"] = row["compile_cold_s"] + row["after_s"]
    print(f"{inst.name:22s} compile cold {row['compile_cold_cpu_s']:5.2f} warm "
          f"{row['compile_warm_cpu_s']:5.2f} CPU-s | sweep before {row['before_cpu_s']:6.2f} "
          f"after {row['after_cpu_s']:6.2f} CPU-s (×{row['ratio']:.2f}; wall "
          f"{row['before_s']:.2f} → {row['after_s']:.2f} s) | front cold "
          f"{row['total_cold_cpu_s']:6.2f} CPU-s, {row['total_cold_s']:6.2f} s wall | "
          f"{row['solves']} solves, {row['points']} points, {row['options']} options | "
          f"target {TARGET_S[size]:g} s", flush=True)  # fmt: skip
    return row


def fronts(catalog: Catalog, size: str, against: Against, repeats: int) -> list[Row]:
    return [_front(inst, against, repeats, size) for inst in instances(size, catalog)]


def _bank(catalog: Catalog) -> Instance:
    return next(i for i in instances("examples", catalog) if i.name == "eu-bank")


def alternatives(catalog: Catalog, repeats: int) -> Row:
    bank = _bank(catalog)
    runs: dict[str, list[float]] = {}
    found = 0
    near_optimal(bank.scenario, bank.catalog, count=ALTERNATIVES)  # capacity estimates warm
    for _ in range(repeats):
        for label, cache in (("before", FreshModels), ("after", ModelCache)):
            alternatives_module.ModelCache = cache  # type: ignore[misc]
            result, wall, cpu = _timed(
                lambda: near_optimal(bank.scenario, bank.catalog, count=ALTERNATIVES)
            )
            runs.setdefault(f"{label}_s", []).append(wall)
            runs.setdefault(f"{label}_cpu_s", []).append(cpu)
            found = len(result.plans)
    alternatives_module.ModelCache = ModelCache  # type: ignore[misc]
    row: Row = {k: _median(v) for k, v in runs.items()}
    row |= {"instance": "eu-bank", "part": "alternatives", "found": found,
            "ratio": row["before_cpu_s"] / row["after_cpu_s"],
            "target_s": TARGET_S["alternatives"], "runs": runs}  # fmt: skip
    print(f"{'eu-bank':22s} {ALTERNATIVES} alternatives (compile included): before "
          f"{row['before_cpu_s']:5.2f} after {row['after_cpu_s']:5.2f} CPU-s (×{row['ratio']:.2f};"
          f" wall {row['before_s']:.2f} → {row['after_s']:.2f} s), {found} found  "
          f"target {TARGET_S['alternatives']:g} s", flush=True)  # fmt: skip
    return row


def replans(catalog: Catalog, repeats: int) -> list[Row]:
    rows = []
    for inst in instances("examples", catalog):
        cache = PlanCache()
        first = plan_scenario(inst.scenario, inst.catalog, cache=cache)
        assert first.report is not None
        edited = replace(
            inst.scenario, annual_budget=first.report.costs.total * EDITED_BUDGET_SHARE
        )
        runs: dict[str, list[float]] = {}
        for _ in range(repeats):
            for label, kept in (("before", None), ("after", cache)):
                replan = partial(plan_scenario, edited, inst.catalog, cache=kept)
                _, wall, cpu = _timed(replan)
                runs.setdefault(f"{label}_s", []).append(wall)
                runs.setdefault(f"{label}_cpu_s", []).append(cpu)
        row: Row = {k: _median(v) for k, v in runs.items()}
        row |= {"instance": inst.name, "part": "replan", "runs": runs,
                "ratio": row["before_cpu_s"] / row["after_cpu_s"]}  # fmt: skip
        print(f"{inst.name:22s} re-plan after a budget edit: before {row['before_cpu_s']:5.2f} "
              f"after {row['after_cpu_s']:5.2f} CPU-s (×{row['ratio']:.2f}; wall "
              f"{row['before_s']:.2f} → {row['after_s']:.2f} s)", flush=True)  # fmt: skip
        rows.append(row)
    return rows


def sensitivity(catalog: Catalog) -> Row:
    bank = _bank(catalog)
    ctx = SensitivityContext(bank.scenario, bank.catalog)

    def run() -> Any:
        with in_process(ctx) as workers:
            return run_sensitivity(ctx, workers)

    result, wall, cpu = _timed(run)
    moves = 1 + sum(2 + len(g.flips_at) for g in result.groups)
    print(f"{'eu-bank':22s} sensitivity, in this process: {cpu:5.2f} CPU-s, {wall:5.2f} s wall, "
          f"{moves} re-plans", flush=True)  # fmt: skip
    return {"instance": "eu-bank", "part": "sensitivity", "s": wall, "cpu_s": cpu, "moves": moves}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="examples,national")
    parser.add_argument("--parts", default="fronts,alternatives,replan,sensitivity")
    parser.add_argument("--against", choices=[a.value for a in Against], default="independence")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        with workspace.sessions() as session:
            catalog = load_catalog(session)
        workspace.close()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    rows: list[Row] = []
    if "fronts" in parts:
        for size in args.sizes.split(","):
            repeats = args.repeats if size == "examples" else 1
            rows += fronts(catalog, size, Against(args.against), repeats)
    if "alternatives" in parts:
        rows.append(alternatives(catalog, args.repeats))
    if "replan" in parts:
        rows += replans(catalog, args.repeats)
    if "sensitivity" in parts:
        rows.append(sensitivity(catalog))
    print(f"load average at the end {os.getloadavg()[0]:.1f}", flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
