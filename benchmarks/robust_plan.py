"""How long a plan that must survive chosen shocks takes, and what resilience costs.

    python benchmarks/robust_plan.py [--repeats 5] [--cases bank-exits,bank-four,nation]
                                     [--json results.json]

Each case is the shipped example with `policy.must_survive` set (CASES). Each repeat runs in
a fresh process (`--one CASE`), so the capacity estimates a process remembers
(planner/optimise/capacity_table.py) start cold, as for a user's `sovplan plan`: "total" is
`plan_scenario` of the robust scenario — the plain optimum, the compile of each shock's
world, the extensive form and the report — without the catalog load. The phases are then
timed again in the same process: "plain" the plain plan, "worlds" the compile of every
shock's world (robust.py), "solve" the extensive form (solver/robust.py). The issue's
target: the bank with all single provider exits ≤ 10 s on 2 cores. Medians of the repeats,
with the machine's load average before the run.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from catalog.domain import Catalog  # noqa: E402
from catalog.snapshot import load_catalog  # noqa: E402
from catalog.workspace import open_workspace  # noqa: E402
from planner.optimise.options import compile_options  # noqa: E402
from planner.optimise.planning import plan_scenario  # noqa: E402
from planner.optimise.robust import robust_build  # noqa: E402
from planner.optimise.robust_plan import exact_options, must_survive_shocks  # noqa: E402
from planner.scenario.examples import example_path  # noqa: E402
from planner.scenario.model import Scenario  # noqa: E402
from planner.scenario.reader import load_scenario  # noqa: E402
from solver.problem import SolveParams  # noqa: E402
from solver.robust import solve_robust  # noqa: E402
from tests.planner.stressed import committing_firm  # noqa: E402

FIRM_BUDGET = 8_000.0
"""EUR a year: the committing firm's budget in tests/planner/test_robust.py."""
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "bank-exits": ("eu-bank", ("provider-exit:*",)),
    "bank-four": (
        "eu-bank",
        ("provider-exit:*", "legal-reach:US", "price-us-providers+30", "spot-drought"),
    ),
    "nation": (
        "small-nation",
        ("provider-exit:*", "legal-reach:US", "embargo-us-advanced", "spot-drought"),
    ),
    "firm-gcp": ("committing-firm", ("provider-exit:gcp",)),
}
"""Example and the shocks it must survive. `committing-firm`: the mid-size firm with public
data, no sites, Google Cloud and Scaleway only and a budget of FIRM_BUDGET, whose plain plan
signs a three-year Google commitment (tests/planner/stressed.py)."""


def scenario_of(example: str, catalog: Catalog) -> Scenario:
    if example != "committing-firm":
        return load_scenario(example_path(example), catalog)
    firm = committing_firm(catalog)
    policy = replace(firm.policy, allowed_providers=("gcp", "scaleway"))
    return replace(firm, policy=policy, annual_budget=FIRM_BUDGET)


TARGET_S = {"bank-exits": 10.0}
"""The issue's target, on 2 cores."""


def one(case: str) -> dict[str, object]:
    """One cold run of a case, then its phases warm; the figures as a JSON-able dict."""
    example, names = CASES[case]
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        with workspace.sessions() as session:
            catalog = load_catalog(session)
        workspace.close()
    base = scenario_of(example, catalog)
    scenario = replace(base, policy=replace(base.policy, must_survive=names))
    params = SolveParams()
    started = time.perf_counter()
    outcome = plan_scenario(scenario, catalog, params)
    total = time.perf_counter() - started
    assert outcome.resilience is not None, outcome.conflicts
    started = time.perf_counter()
    plan_scenario(base, catalog, params)
    plain = time.perf_counter() - started
    compiled, _ = exact_options(compile_options(base, catalog))
    shocks = must_survive_shocks(scenario, catalog, compiled)
    started = time.perf_counter()
    build = robust_build(scenario, catalog, compiled, shocks)
    worlds = time.perf_counter() - started
    assert build is not None
    result = solve_robust(build.problem, params)
    r = outcome.resilience
    return {
        "case": case,
        "shocks": len(r.shocks),
        "total_s": total,
        "plain_s": plain,
        "worlds_s": worlds,
        "solve_s": result.solve_seconds,
        "options": len(compiled.options),
        "recourse_options": sum(b.recourse.problem.n_options for b in build.blocks),
        "annual_cost": r.annual_cost,
        "plain_annual_cost": r.plain_annual_cost,
        "price_share": r.price_share,
        "currency": scenario.assumptions.currency,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", choices=sorted(CASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return 0
    print(
        f"python {platform.python_version()}, {os.cpu_count()} core(s), load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    rows = []
    for case in args.cases.split(","):
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--one", case],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for _ in range(args.repeats)
        ]
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k.endswith("_s")}
        first = runs[0]
        row = {**first, **median, "repeats": args.repeats, "max_total_s": max(
            r["total_s"] for r in runs
        ), "target_s": TARGET_S.get(case)}  # fmt: skip
        rows.append(row)
        c = first["currency"]
        print(
            f"{case:11s} {first['shocks']:2d} shocks  total {median['total_s']:5.2f} s "
            f"(max {row['max_total_s']:5.2f})  plain {median['plain_s']:4.2f} s  worlds "
            f"{median['worlds_s']:4.2f} s  solve {median['solve_s']:4.2f} s  "
            f"{first['options']} + {first['recourse_options']} options  "
            f"robust {c} {first['annual_cost']:,.0f} vs plain {c} "
            f"{first['plain_annual_cost']:,.0f} ({first['price_share']:+.1%})"
            f"  target {TARGET_S.get(case, float('nan')):g} s",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
