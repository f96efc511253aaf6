"""The independent checker over many random variations of the examples: how many plans break a rule.

    python benchmarks/soak_checker.py [--instances 1000] [--seed 1] [--time-limit 10]
                                      [--workers 2] [--exhaustive] [--json out.json]

Each instance is a random variation of a shipped example over every scenario field that
constrains a plan (tests/variations.py; variation i uses numpy seed `seed + i`, so a run
repeats), on the shipped catalog (even seeds) or on one where every cloud offer is repeated
in a second region at another price (odd seeds: the default then prunes repeats and proves
over all of them). It is planned by `plan_scenario` (default pruning, SCIP) and checked:
a plan must break no rule of tests/checker.py; no plan must come with its conflicts named
(infeasible) or be a timeout. Anything else counts as a violation: a rule broken (by
family), a plan the planner refused because a reported figure broke a limit, an
infeasibility without a named conflict, a crash. The goal is 0 violations.

With `--exhaustive`, each instance is also planned with every eligible option
(`--prune none`), and a default outcome proven over all options must agree with it: the same
feasibility, and a cost within the default's reported gap of the exhaustive optimum.
"""

import argparse
import json
import re
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.solve_scaling import _catalog, _machine  # noqa: E402
from catalog.domain import Catalog  # noqa: E402
from planner.optimise.planning import (  # noqa: E402
    OptionScope,
    PlanOutcome,
    PruneMode,
    plan_scenario,
)
from planner.scenario.problems import ScenarioError  # noqa: E402
from solver.problem import SolveParams, SolveStatus  # noqa: E402
from tests.checker import check_plan  # noqa: E402
from tests.synthetic import synthetic_catalog  # noqa: E402
from tests.variations import Variation, random_variation  # noqa: E402

REPEATS_SEED = 11
_CATALOGS: list[Catalog] = []


def _catalogs() -> list[Catalog]:
    """The shipped catalog, and the one with each cloud offer in a second region too."""
    if not _CATALOGS:
        shipped = _catalog()
        models = sum(m.open_weight and m.kind == "chat" for m in shipped.ai_models.values())
        repeated = synthetic_catalog(shipped, 2 * len(shipped.cloud_offers), models, REPEATS_SEED)
        _CATALOGS.extend([shipped, repeated])
    return _CATALOGS


def _field_name(path: str) -> str:
    """`workloads[2].min_seal.SOV-3` → `workloads.min_seal`; a weight → its subtable."""
    name = re.sub(r"\[\d+\]", "", path)
    if name.startswith(("weights.", "workloads.min_seal.")):
        name = name.rsplit(".", 1)[0]
    return name


def variation(seed: int, catalog: Catalog) -> Variation:
    rng = np.random.default_rng(seed)
    return random_variation(lambda xs: list(xs)[int(rng.integers(len(xs)))], catalog)


OPTIMALITY_TOLERANCE = 1e-6
"""Relative slack on top of the reported gap when the default is compared with the optimum."""


def _optimality(default: PlanOutcome, every: PlanOutcome) -> list[str]:
    """What the default claims over every option and the exhaustive solve contradicts."""
    if default.scope is not OptionScope.ALL:
        return []
    if (default.status is SolveStatus.INFEASIBLE and every.plan is not None) or (
        every.status is SolveStatus.INFEASIBLE and default.plan is not None
    ):
        return [f"optimality: default {default.status.value}, exhaustive {every.status.value}"]
    if every.objective is None or every.status is not SolveStatus.OPTIMAL:
        return []  # no optimum to compare with
    if default.objective is None or default.gap is None:
        return []  # no bound claimed
    allowed = (default.gap + OPTIMALITY_TOLERANCE) * max(abs(default.objective), 1.0)
    if default.objective - every.objective > allowed:
        return [f"optimality: default {default.objective:,.2f} (gap {default.gap:.2%}) "
                f"against {every.objective:,.2f} over every option"]  # fmt: skip
    return []


def _one(seed: int, time_limit: float, exhaustive: bool) -> dict[str, Any]:
    """One instance: what happened, and every violation found."""
    catalog = _catalogs()[seed % 2]
    chosen = variation(seed, catalog)
    row: dict[str, Any] = {
        "seed": seed,
        "catalog": "repeated offers" if seed % 2 else "shipped",
        "example": chosen.example,
        "fields": sorted({_field_name(path) for path, _ in chosen.edits}),
        "violations": [],
    }  # fmt: skip
    try:
        scenario = chosen.scenario(catalog)
    except ScenarioError as exc:
        row["outcome"] = "invalid variation"
        row["violations"].append(f"generator: {exc}")
        return row
    started = time.perf_counter()
    try:
        outcome = plan_scenario(scenario, catalog, SolveParams(time_limit_s=time_limit))
    except Exception:  # a crash is a finding, reported with its trace
        row["outcome"] = "crash"
        row["violations"].append("crash: " + traceback.format_exc(limit=3).splitlines()[-1])
        return row
    row["seconds"] = time.perf_counter() - started
    row["outcome"] = outcome.status.value
    row["scope"] = outcome.scope.value
    if outcome.plan is not None and outcome.report is not None:
        breaches = check_plan(scenario, catalog, outcome.plan, outcome.report)
        row["violations"] += [f"{b.family}: {b.detail}" for b in breaches]
    elif outcome.status is SolveStatus.INFEASIBLE:
        if not outcome.conflicts or not all(c.message.strip() for c in outcome.conflicts):
            row["violations"].append("infeasible without a named conflict")
        row["conflicts"] = sorted({c.family.value for c in outcome.conflicts})
    elif outcome.status is SolveStatus.ERROR:
        row["violations"] += [f"refused: {c.message}" for c in outcome.conflicts] or ["error"]
    if exhaustive:
        params = SolveParams(time_limit_s=time_limit)
        every = plan_scenario(scenario, catalog, params, prune=PruneMode.NONE)
        row["violations"] += _optimality(outcome, every)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--exhaustive", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    seeds = range(args.seed, args.seed + args.instances)
    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        n = len(seeds)
        rows = list(
            pool.map(_one, seeds, [args.time_limit] * n, [args.exhaustive] * n, chunksize=4)
        )
    elapsed = time.perf_counter() - started
    outcomes = Counter(r["outcome"] for r in rows)
    scopes = Counter(
        (r["catalog"], r.get("scope", "—")) for r in rows if r["outcome"] in ("optimal", "feasible")
    )
    kinds = Counter(v.split(":")[0] for r in rows for v in r["violations"])
    conflicts = Counter(c for r in rows for c in r.get("conflicts", ()))
    fields = Counter(f for r in rows for f in r["fields"])
    bad = [r for r in rows if r["violations"]]
    print(f"{len(rows)} instances in {elapsed:.0f} s (seeds {seeds.start}–{seeds.stop - 1})")
    print(f"violations: {sum(len(r['violations']) for r in rows)} in {len(bad)} instances")
    for kind, n in kinds.most_common():
        print(f"  {kind}: {n}")
    print("outcomes: " + ", ".join(f"{k} {n}" for k, n in outcomes.most_common()))
    print("plans by catalog and what they are proven over: "
          + ", ".join(f"{c}/{k} {n}" for (c, k), n in scopes.most_common()))  # fmt: skip
    print("conflicts named: " + ", ".join(f"{k} {n}" for k, n in conflicts.most_common()))
    print(f"fields edited ({len(fields)} distinct): "
          + ", ".join(f"{k} {n}" for k, n in sorted(fields.items())))  # fmt: skip
    for row in bad[:20]:
        print(f"  seed {row['seed']} ({row['example']}): {row['violations'][:3]}")
    if args.json:
        args.json.write_text(json.dumps({"machine": _machine(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
