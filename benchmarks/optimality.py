"""Is the default plan the optimum over every eligible option? Default against exhaustive.

    python benchmarks/optimality.py [--time-limit 60] [--sets family,medium,national]
                                    [--backend scip] [--json out.json]

Each case is planned twice by `plan_scenario`: by default (`--prune auto`: exact dominance,
the cheapest listing of each class, then a proof over every option where that could matter)
and with every eligible option (`--prune none`). The table gives both costs, the default's
status and scope (what its proof covers), and the default's excess over the exhaustive
optimum (0 where pruning lost nothing).

Sets:
- family — the bank example (planner/examples/eu-bank.toml) at demand ×0.1, ×0.3, ×1, ×3,
  ×10, ×30 and ×50 as shipped, and at ten times those demands with site power bound and with
  the capital budget bound (21 cases). To make a limit bind, the staff assistant's data is
  made secret (SEAL 4 floors only own servers meet), the exhaustive optimum without the limit
  is found, and the limit is set to 90 % of its power draw or its capital outlay; where one
  server was enough, that leaves no plan (both solves must then say infeasible).
- medium, national — tests/synthetic.py's eu-bank×15 / small-nation×15 and ×50 instances.
  The national ones have 1.7 and 2.3 million eligible options: their exhaustive solve is
  skipped (the default then says its proof covers a pruned set).
"""

import argparse
import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.solve_scaling import _catalog, _machine  # noqa: E402
from catalog.domain import Catalog  # noqa: E402
from planner.evaluation.plan import Plan  # noqa: E402
from planner.optimise.planning import PlanOutcome, PruneMode, plan_scenario  # noqa: E402
from planner.scenario.examples import example_path  # noqa: E402
from planner.scenario.model import DataClass, Scenario, SiteRequirement  # noqa: E402
from planner.scenario.reader import load_scenario  # noqa: E402
from solver.problem import Backend, SolveParams  # noqa: E402
from tests.synthetic import instances  # noqa: E402

SCALES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 50.0)
BINDING_SHARE = 0.9
"""A bound limit is this share of the unbound optimum's power draw or capital outlay."""
BOUND_DEMAND = 10.0
"""The bound cases' demand over the shipped cases': own servers come in from about ×100."""
EXHAUSTIVE_OPTION_LIMIT = 200_000
"""Sets with more eligible options than this get no exhaustive solve."""


@dataclass(frozen=True)
class Case:
    set: str
    name: str
    scenario: Scenario
    catalog: Catalog
    exhaustive: bool = True


def _scaled(base: Scenario, scale: float) -> Scenario:
    return replace(
        base,
        workloads=tuple(
            replace(w, tokens_per_day=w.tokens_per_day * scale,
                    tokens_per_run=w.tokens_per_run * scale)
            for w in base.workloads
        ),
    )  # fmt: skip


def _secret_assistant(scenario: Scenario) -> Scenario:
    """The staff assistant's data secret, and no power or capital limit yet."""
    site = scenario.sites[0].site_id
    return replace(
        scenario,
        capex_budget=None,
        sites=(SiteRequirement(site, None),),
        workloads=tuple(
            replace(w, data_class=DataClass.SECRET) if w.id == "staff-assistant" else w
            for w in scenario.workloads
        ),
    )


def _owned(plan: Plan | None, scenario: Scenario, catalog: Catalog) -> tuple[float, float]:
    """Power draw (kW) and capital outlay of a plan's own servers."""
    kw = capex = 0.0
    for line in plan.owned if plan else ():
        sku = catalog.server_skus[line.sku_id]
        kw += sku.power_kw * line.servers
        price = catalog.convert(sku.unit_price, sku.currency, scenario.assumptions.currency)
        capex += price * line.servers * (1 + scenario.assumptions.networking_capex_share)
    return kw, capex


def family(catalog: Catalog, params: SolveParams) -> list[Case]:
    base = load_scenario(example_path("eu-bank"), catalog)
    cases = []
    for scale in SCALES:
        shipped = _scaled(base, scale)
        cases.append(Case("family", f"×{scale:g}", shipped, catalog))
        secret = _secret_assistant(_scaled(base, scale * BOUND_DEMAND))
        free = plan_scenario(secret, catalog, params, prune=PruneMode.NONE)
        kw, capex = _owned(free.plan, secret, catalog)
        site = secret.sites[0].site_id
        power = replace(secret, sites=(SiteRequirement(site, BINDING_SHARE * kw),))
        bound = f"×{scale * BOUND_DEMAND:g}"
        cases.append(Case("family", f"{bound} power ≤ {BINDING_SHARE * kw:.1f} kW", power,
                          catalog))  # fmt: skip
        budget = replace(secret, capex_budget=BINDING_SHARE * capex)
        cases.append(Case("family", f"{bound} capex ≤ {BINDING_SHARE * capex:,.0f}", budget,
                          catalog))  # fmt: skip
    return cases


def synthetic(size: str, catalog: Catalog) -> list[Case]:
    return [
        Case(size, i.name, i.scenario, i.catalog, exhaustive=size != "national")
        for i in instances(size, catalog)
    ]


def _run(case: Case, params: SolveParams, prune: PruneMode) -> tuple[PlanOutcome, float]:
    started = time.perf_counter()
    outcome = plan_scenario(case.scenario, case.catalog, params, prune=prune)
    return outcome, time.perf_counter() - started


def _cost(outcome: PlanOutcome | None) -> str:
    if outcome is None:
        return "skipped"
    if outcome.objective is None:
        return outcome.status.value
    return f"{outcome.objective:,.2f}"


def _excess(default: PlanOutcome, exhaustive: PlanOutcome | None) -> float | None:
    if exhaustive is None or default.objective is None or exhaustive.objective is None:
        return None
    return default.objective / exhaustive.objective - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--sets", default="family,medium,national")
    parser.add_argument("--backend", choices=[b.value for b in Backend], default="scip")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    params = SolveParams(time_limit_s=args.time_limit, backend=Backend(args.backend))
    catalog = _catalog()
    cases: list[Case] = []
    for name in args.sets.split(","):
        cases += family(catalog, params) if name == "family" else synthetic(name, catalog)
    header = (
        f"{'set':<8} {'case':<32} {'default':>13} {'status':<9} {'scope':<7} {'s':>6} "
        f"{'options':>8} {'exhaustive':>13} {'s':>6} {'options':>9} {'excess':>8}"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for case in cases:
        default, default_s = _run(case, params, PruneMode.AUTO)
        exhaustive = exhaustive_s = None
        if case.exhaustive and default.options_eligible <= EXHAUSTIVE_OPTION_LIMIT:
            exhaustive, exhaustive_s = _run(case, params, PruneMode.NONE)
        excess = _excess(default, exhaustive)
        print(
            f"{case.set:<8} {case.name:<32} {_cost(default):>13} {default.status.value:<9} "
            f"{default.scope.value:<7} {default_s:>6.2f} {default.options_considered:>8,} "
            f"{_cost(exhaustive):>13} "
            f"{'' if exhaustive_s is None else f'{exhaustive_s:.2f}':>6} "
            f"{default.options_eligible:>9,} "
            f"{'' if excess is None else f'{100 * excess:+.2f} %':>8}",
            flush=True,
        )
        rows.append(
            {
                "set": case.set, "case": case.name, "default": default.objective,
                "default_status": default.status.value, "default_scope": default.scope.value,
                "default_bound": default.bound, "default_s": default_s,
                "options_considered": default.options_considered,
                "options_eligible": default.options_eligible,
                "exhaustive": None if exhaustive is None else exhaustive.objective,
                "exhaustive_status": None if exhaustive is None else exhaustive.status.value,
                "exhaustive_s": exhaustive_s, "excess": excess,
            }
        )  # fmt: skip
    worst = max((r["excess"] for r in rows if r["excess"] is not None), default=None)
    print(f"\nworst excess of the default over the exhaustive optimum: "
          f"{'—' if worst is None else f'{100 * worst:+.3f} %'}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"machine": _machine(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
