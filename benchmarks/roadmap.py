"""How long a build-out roadmap takes: five yearly periods on each shipped example, and on
the national-size synthetic instances as the periods grow.

    python benchmarks/roadmap.py [--periods 5] [--national 1,3,5] [--only NAME]
                                 [--time-limit 60] [--json results.json]

Per case: "build" is `roadmap_problem` (the exact option compile, each year's problem),
"solve" the multi-period model (solver/periods.py), both in this process after the catalog
load; the status and gap are the solver's. The issue's targets: five yearly periods of a
shipped example proven optimal within 10 s on 2 cores; national scale, five periods, a gap
of at most 1 % within 60 s. The machine's load average is printed before the run: on the
shared 2-core machine, other work slows every figure.
"""

import argparse
import json
import os
import platform
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
from planner.analysis.roadmap import roadmap_problem  # noqa: E402
from planner.scenario.model import Scenario  # noqa: E402
from solver.periods import solve_periods  # noqa: E402
from solver.problem import SolveParams, relative_gap  # noqa: E402
from tests.synthetic import instances  # noqa: E402


def measure(name: str, scenario: Scenario, catalog: Catalog, periods: int,
            limit_s: float) -> dict[str, object]:  # fmt: skip
    started = time.monotonic()
    rp = roadmap_problem(scenario, catalog, periods)
    built = time.monotonic()
    result = solve_periods(rp.problem, SolveParams(time_limit_s=limit_s))
    solved = time.monotonic()
    gap = relative_gap(result.objective, result.bound)
    row = {
        "case": name,
        "periods": periods,
        "options": len(rp.compiled.options),
        "resources": len(rp.resources),
        "build_s": round(built - started, 2),
        "solve_s": round(solved - built, 2),
        "status": result.status.value,
        "gap": None if gap is None else round(gap, 6),
        "npv": None if result.npv is None else round(result.npv),
    }
    print(f"{name:<24} {periods:>2} years  {row['options']:>6} options  build "
          f"{row['build_s']:>6.2f} s  solve {row['solve_s']:>6.2f} s  {row['status']:<9} "
          f"gap {'—' if gap is None else f'{gap:.2%}'}", flush=True)  # fmt: skip
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--national", default="", help="periods for the national instances")
    parser.add_argument("--only", default="", help="only the cases whose name starts so")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    ws = open_workspace(Path(tempfile.mkdtemp()) / "workspace.sqlite")
    with ws.sessions() as session:
        catalog = load_catalog(session)
    rows = [
        measure(i.name, i.scenario, i.catalog, args.periods, args.time_limit)
        for i in instances("examples", catalog)
        if i.name.startswith(args.only)
    ]
    for periods in (int(p) for p in args.national.split(",") if p):
        rows += [
            measure(i.name, i.scenario, i.catalog, periods, args.time_limit)
            for i in instances("national", catalog)
            if i.name.startswith(args.only)
        ]
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
