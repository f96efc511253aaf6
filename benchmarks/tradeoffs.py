"""How long the trade-off sweeps take: the 20-point front on each shipped example and on the
national-scale instances, and 5 near-optimal alternatives on the bank.

    python benchmarks/tradeoffs.py [--repeats 3] [--sizes examples,national]
                                   [--against independence] [--json results.json]

"front" is the wall-clock time of `compile_sweep` + `run_frontier` in this process (the
compile once, the cheapest end, the bisection for the far end and the floors between);
"compile" the compile alone. "alternatives" is `near_optimal(count=5, within=5 %)` on the
bank, its compile included. Medians of `--repeats` runs. The issue's targets on 2 cores:
≤ 3 s per example front, ≤ 15 s per national front, ≤ 3 s for 5 alternatives on the bank.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from catalog.domain import Catalog  # noqa: E402
from catalog.snapshot import load_catalog  # noqa: E402
from catalog.workspace import open_workspace  # noqa: E402
from planner.analysis.alternatives import near_optimal  # noqa: E402
from planner.analysis.executor import in_process  # noqa: E402
from planner.analysis.frontier import DEFAULT_POINTS, run_frontier  # noqa: E402
from planner.analysis.sweep import Against, compile_sweep  # noqa: E402
from tests.synthetic import Instance, instances  # noqa: E402

TARGET_S = {"examples": 3.0, "national": 15.0, "alternatives": 3.0}
"""The issue's targets, on 2 cores."""
ALTERNATIVES = 5


def _front(inst: Instance, against: Against) -> dict[str, object]:
    started, cpu = time.perf_counter(), time.process_time()
    sweep = compile_sweep(inst.scenario, inst.catalog, against)
    compiled = time.perf_counter()
    with in_process(sweep) as workers:
        front = run_frontier(sweep, workers, points=DEFAULT_POINTS)
    done = time.perf_counter()
    return {"total_s": done - started, "cpu_s": time.process_time() - cpu,
            "compile_s": compiled - started, "solves": front.solves,
            "points": len(front.points), "options": sweep.indexed.problem.n_options}  # fmt: skip


def _median(runs: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(r[key]) for r in runs)  # type: ignore[arg-type]


def fronts(catalog: Catalog, size: str, against: Against, repeats: int) -> list[dict[str, object]]:
    rows = []
    for inst in instances(size, catalog):
        runs = [_front(inst, against) for _ in range(repeats)]
        row = {"instance": inst.name, "size": size, "against": against.value,
               "front_s": _median(runs, "total_s"), "cpu_s": _median(runs, "cpu_s"),
               "compile_s": _median(runs, "compile_s"),
               "solves": runs[0]["solves"], "points": runs[0]["points"],
               "options": runs[0]["options"], "target_s": TARGET_S[size],
               "runs_s": [r["total_s"] for r in runs]}  # fmt: skip
        rows.append(row)
        print(f"{inst.name:24s} front {row['front_s']:6.2f} s, {row['cpu_s']:5.2f} CPU-s "
              f"(compile {row['compile_s']:5.2f} s, "
              f"{row['solves']} solves, {row['points']} points, {row['options']} options)  "
              f"target {TARGET_S[size]:g} s", flush=True)  # fmt: skip
    return rows


def alternatives(catalog: Catalog, repeats: int) -> dict[str, object]:
    bank = next(i for i in instances("examples", catalog) if i.name == "eu-bank")
    times, cpus, found = [], [], 0
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        result = near_optimal(bank.scenario, bank.catalog, count=ALTERNATIVES)
        times.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        found = len(result.plans)
    median = statistics.median(times)
    print(f"{'eu-bank':24s} {ALTERNATIVES} alternatives {median:6.2f} s, "
          f"{statistics.median(cpus):5.2f} CPU-s ({found} found)  "
          f"target {TARGET_S['alternatives']:g} s", flush=True)  # fmt: skip
    return {"instance": "eu-bank", "alternatives_s": median, "found": found,
            "cpu_s": statistics.median(cpus),
            "target_s": TARGET_S["alternatives"], "runs_s": times}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="examples,national")
    parser.add_argument("--against", choices=[a.value for a in Against], default="independence")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        with workspace.sessions() as session:
            catalog = load_catalog(session)
        workspace.close()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    rows: list[dict[str, object]] = []
    for size in args.sizes.split(","):
        repeats = args.repeats if size == "examples" else 1
        rows += fronts(catalog, size, Against(args.against), repeats)
    rows.append(alternatives(catalog, args.repeats))
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
