"""The model of solver/model.py (cost objective) written with PuLP and solved by its bundled CBC.

A reference for the solver benchmark (benchmarks/solve_scaling.py): the same `Problem`
arrays, the same variables and constraint families as `solver.model.build` —
demand-coverage, backup-provision, resource-capacity, survive-provider-loss,
survive-server-loss, survive-site-loss, budget-annual,
budget-capex, site-power, provider-share, min-independence, max-lock-in with supplier-spend
variables — and the cost objective min S (weighted and lexicographic objectives, and elastic
mode, are not reproduced).

    python benchmarks/pulp_model.py     # check against solver.solve on the shipped examples

Supplier labels: suppliers are the labels k ≥ 0 (-1 is "no supplier", e.g. owned servers
on the provider axis); a resource's spend counts by its unit cost, an option's by its
attributed cost, and on an occupancy axis (model vendors) by the capacity it holds plus the
idle spend of shared venues, exactly as solver.model._lock_in does.
"""

import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pulp

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from solver.problem import Problem, relative_gap  # noqa: E402


@dataclass(frozen=True)
class PulpResult:
    status: str
    """"optimal", "feasible" (stopped at the time limit with a plan), "infeasible",
    "timed_out" (no plan) or "error": the names of solver.problem.SolveStatus."""
    objective: float | None
    bound: float | None
    build_seconds: float
    solve_seconds: float

    @property
    def seconds(self) -> float:
        return self.build_seconds + self.solve_seconds

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


Terms = list[tuple[pulp.LpVariable, float]]


def _expr(terms: Terms, constant: float = 0.0) -> pulp.LpAffineExpression:
    expr = pulp.LpAffineExpression(constant=constant)
    for var, coefficient in terms:
        expr.addterm(var, coefficient)
    return expr


def _server_and_site_loss(
    p: Problem,
    m: pulp.LpProblem,
    n: list[pulp.LpVariable],
    z: list[pulp.LpVariable],
    w: int,
    options: list[int],
) -> None:
    """N+1 on resources that fail by the unit, and one site lost when asked."""
    mask = p.resource_unit_loss
    resources = {int(p.option_resource[o]) for o in options if p.option_units[o] > 0} - {-1}
    for r in sorted(r for r in resources if mask is not None and mask[r]):
        here = [o for o in options if p.option_resource[o] == r]
        b = pulp.LpVariable(f"b_{w}_{r}", cat=pulp.LpBinary)
        y = {o: pulp.LpVariable(f"y_{w}_{r}_{o}", lowBound=0, upBound=1) for o in here}
        for o in here:
            m += _expr([(y[o], 1.0), (z[o], -1.0)]) <= 0, f"kept_{w}_{r}_{o}"
            m += _expr([(z[o], 1.0), (b, -1.0)]) <= 0, f"holds_{w}_{r}_{o}"
        left = [(y[o], float(p.option_units[o])) for o in here]
        m += _expr([*left, (n[r], -1.0), (b, 1.0)]) <= 0, f"units_left_{w}_{r}"
        elsewhere = [(z[o], 1.0) for o in options if p.option_resource[o] != r]
        m += _expr(elsewhere + [(y[o], 1.0) for o in here]) >= 1, f"survive_server_{w}_{r}"
    if not p.survive_site_loss:
        return
    site = {
        o: int(p.resource_site[p.option_resource[o]]) if p.option_resource[o] >= 0 else -1
        for o in options
    }
    for s in sorted(set(site.values()) - {-1}):
        away = [(z[o], 1.0) for o in options if site[o] != s]
        m += _expr(away) >= 1, f"survive_site_loss_{w}_{s}"


def build_pulp(p: Problem) -> pulp.LpProblem:
    """The MILP of solver/model.py with the cost objective, as a PuLP problem."""
    m = pulp.LpProblem("sovplan", pulp.LpMinimize)
    n = [pulp.LpVariable(f"n_{r}", lowBound=0, cat=pulp.LpInteger) for r in range(p.n_resources)]
    x = [pulp.LpVariable(f"x_{o}", lowBound=0, upBound=1) for o in range(p.n_options)]
    survival = p.standby
    z = [
        pulp.LpVariable(f"z_{o}", lowBound=0, upBound=1)
        if survival and p.workload_critical[p.option_workload[o]]
        else x[o]
        for o in range(p.n_options)
    ]

    def spend(coefficient_r: np.ndarray, coefficient_o: np.ndarray) -> Terms:
        terms: Terms = [
            (n[r], float(p.unit_cost[r] * coefficient_r[r]))
            for r in range(p.n_resources)
            if coefficient_r[r] != 0
        ]
        terms += [
            (x[o], float(p.option_usage_cost[o] * coefficient_o[o]))
            for o in range(p.n_options)
            if coefficient_o[o] != 0 and p.option_usage_cost[o]
        ]
        return terms

    total = spend(np.ones(p.n_resources), np.ones(p.n_options))
    m += _expr(total), "spend"

    by_workload: dict[int, list[int]] = defaultdict(list)
    for o in range(p.n_options):
        by_workload[int(p.option_workload[o])].append(o)
    for w, options in by_workload.items():
        m += _expr([(x[o], 1.0) for o in options]) == 1, f"demand_coverage_{w}"
        if survival and p.workload_critical[w]:
            for o in options:
                m += _expr([(x[o], 1.0), (z[o], -1.0)]) <= 0, f"backup_provision_{o}"
            groups = {int(p.option_group[o]) for o in options} - {-1}
            for g in sorted(groups if p.survive_group_loss else ()):
                kept = [(z[o], 1.0) for o in options if p.option_group[o] != g]
                m += _expr(kept) >= 1, f"survive_provider_loss_{w}_{g}"
            _server_and_site_loss(p, m, n, z, w, options)

    by_resource: dict[int, list[int]] = defaultdict(list)
    for o in range(p.n_options):
        if p.option_resource[o] >= 0:
            by_resource[int(p.option_resource[o])].append(o)
    for r in range(p.n_resources):
        used = [(z[o], float(p.option_units[o])) for o in by_resource[r]]
        m += _expr([*used, (n[r], -1.0)]) <= 0, f"resource_capacity_{r}"

    if np.isfinite(p.annual_budget):
        m += _expr(total) <= float(p.annual_budget), "budget_annual"
    if np.isfinite(p.capex_budget):
        capex = [(n[r], float(p.unit_capex[r])) for r in range(p.n_resources) if p.unit_capex[r]]
        m += _expr(capex) <= float(p.capex_budget), "budget_capex"
    for s, limit in enumerate(p.site_power_limit_kw):
        if np.isfinite(limit):
            power = [
                (n[r], float(p.unit_power_kw[r]))
                for r in range(p.n_resources)
                if p.resource_site[r] == s
            ]
            m += _expr(power) <= float(limit), f"site_power_{s}"
    share = [(var, -p.max_group_share * c) for var, c in total]
    if p.max_group_share < 1.0:
        for g in range(p.n_groups):
            group = spend(
                (p.resource_group == g).astype(float), (p.option_group == g).astype(float)
            )
            m += _expr(group) + _expr(share) <= 0, f"provider_share_{g}"
    if p.min_independence is not None:
        m += (
            _expr(
                spend(
                    p.resource_independence - p.min_independence,
                    p.option_independence - p.min_independence,
                )
            )
            >= 0,
            "min_independence",
        )
    if p.max_lock_in is not None:
        lock = _expr(spend(p.resource_lockin_per_spend, p.option_lockin_per_spend))
        if p.option_lockin_fixed is not None:
            lock += _expr([(x[o], float(v)) for o, v in enumerate(p.option_lockin_fixed) if v])
        idle = _idle_spend(p, m, z, spend)
        for axis, weight in p.axis_weights.items():
            if weight <= 0:
                continue
            largest = pulp.LpVariable(f"t_{axis}", lowBound=0)
            r_labels = p.resource_suppliers.get(axis, np.full(p.n_resources, -1))
            o_labels = p.option_suppliers.get(axis, np.full(p.n_options, -1))
            suppliers = (set(r_labels.tolist()) | set(o_labels.tolist())) - {-1}
            shared = p.option_venue if axis in p.occupancy_axes else None
            for k in sorted(suppliers):
                supplier = spend((r_labels == k).astype(float), np.zeros(p.n_options))
                supplier += [
                    (z[o] if shared is not None and shared[o] >= 0 else x[o],
                     float(p.option_attributed_cost[o]))
                    for o in np.flatnonzero(o_labels == k)
                ]  # fmt: skip
                if shared is not None:
                    supplier += idle
                m += (
                    _expr([(largest, 1.0)]) - _expr(supplier) >= 0,
                    f"supplier_spend_{axis}_{k + 1}",
                )
            lock += weight * largest
        m += lock - _expr([(v, p.max_lock_in / 100.0 * c) for v, c in total]) <= 0, "max_lock_in"
    return m


def _idle_spend(
    p: Problem,
    m: pulp.LpProblem,
    z: list[pulp.LpVariable],
    spend: Callable[[np.ndarray, np.ndarray], Terms],
) -> Terms:
    """Σ_v y_v, y_v ≥ spend at shared venue v − the capacity its options occupy (idle-spend)."""
    if p.resource_venue is None or p.option_venue is None:
        return []
    terms = []
    venues = (set(p.resource_venue.tolist()) | set(p.option_venue.tolist())) - {-1}
    for v in sorted(venues):
        y = pulp.LpVariable(f"y_{v}", lowBound=0)
        bought = spend((p.resource_venue == v).astype(float), (p.option_venue == v).astype(float))
        occupied = [
            (z[o], -float(p.option_attributed_cost[o])) for o in np.flatnonzero(p.option_venue == v)
        ]
        m += _expr([(y, 1.0)]) - _expr(bought) - _expr(occupied) >= 0, f"idle_spend_{v}"
        terms.append((y, 1.0))
    return terms


_BOUND = re.compile(r"^(?:Lower bound|Best possible):\s*([-+0-9.eE]+)", re.MULTILINE)


def solve_pulp(
    p: Problem,
    *,
    time_limit_s: float = 10.0,
    relative_gap: float = 1e-4,
) -> PulpResult:
    """Build and solve with CBC (one thread, the same relative gap as SolveParams)."""
    started = time.perf_counter()
    m = build_pulp(p)
    built = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "cbc.log"
        solver = pulp.PULP_CBC_CMD(
            msg=False,
            timeLimit=time_limit_s,
            threads=1,
            gapRel=relative_gap,
            logPath=str(log),
        )
        try:
            m.solve(solver)
        except pulp.PulpSolverError as exc:
            return PulpResult(f"error: {exc}", None, None, built - started, 0.0)
        solved = time.perf_counter()
        text = log.read_text(errors="replace") if log.exists() else ""
    objective = pulp.value(m.objective)
    sol = m.sol_status
    if m.status == pulp.LpStatusInfeasible or sol == pulp.LpSolutionInfeasible:
        status = "infeasible"
    elif sol == pulp.LpSolutionOptimal:
        status = "optimal"
    elif sol == pulp.LpSolutionIntegerFeasible:
        status = "feasible"
    elif sol == pulp.LpSolutionNoSolutionFound:
        status = "timed_out"
    else:
        status = "error"
    if status not in ("optimal", "feasible"):
        objective = None
    bound = None
    if status == "optimal":
        bound = objective
    elif found := _BOUND.search(text):
        bound = float(found.group(1))
    return PulpResult(
        status,
        None if objective is None else float(objective),
        bound,
        built - started,
        solved - built,
    )


def _check() -> int:
    """Same optimum as solver.solve with SCIP on the shipped examples (cost objective)."""
    from dataclasses import replace

    from catalog.snapshot import load_catalog
    from catalog.workspace import open_workspace
    from planner.optimise.compile import to_problem
    from planner.optimise.options import compile_options
    from planner.scenario.examples import example_names, example_path
    from planner.scenario.reader import load_scenario
    from solver.problem import Backend, ObjectiveKind, SolveParams
    from solver.solve import solve

    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        with workspace.sessions() as session:
            catalog = load_catalog(session)
        workspace.close()
    failures = 0
    cases = []
    for path in map(example_path, example_names()):
        scenario = load_scenario(path, catalog)
        problem = to_problem(scenario, compile_options(scenario, catalog)).problem
        cases.append((path.stem, replace(problem, objective=ObjectiveKind.COST)))
    # max-lock-in is in none of the examples: exercise it at levels where it binds.
    for stem, limit in (
        ("eu-bank", 30.0),
        ("eu-bank", 20.0),
        ("small-nation", 40.0),
        ("small-nation", 20.0),
    ):
        base = next(p for name, p in cases if name == stem)
        cases.append((f"{stem}, max_lock_in={limit:g}", replace(base, max_lock_in=limit)))
    # survive-site-loss is in none of the examples: ask it of the small nation.
    nation = next(p for name, p in cases if name == "small-nation")
    cases.append(("small-nation, site loss", replace(nation, survive_site_loss=True)))
    print("Cost objective; relative gap 1e-4 on both sides.")
    print(f"{'case':<28} {'SCIP (solver.solve)':>22} {'CBC (PuLP)':>22} {'rel. diff':>10}")
    for name, problem in cases:
        scip = solve(problem, SolveParams(backend=Backend.SCIP))
        cbc = solve_pulp(problem)
        same = _same(scip.status.value, scip.objective, cbc.status, cbc.objective)
        print(
            f"{name:<28} {_show(scip.status.value, scip.objective):>22} "
            f"{_show(cbc.status, cbc.objective):>22} {_diff(scip.objective, cbc.objective):>10}"
            + ("" if same else "  DIFFER")
        )
        if not same:
            failures += 1
    print("FAILED" if failures else "OK: every case agrees within 1e-4")
    return failures


def _same(
    status_a: str, objective_a: float | None, status_b: str, objective_b: float | None
) -> bool:
    if objective_a is None or objective_b is None:
        return status_a == status_b
    return abs(objective_a - objective_b) <= 1e-4 * max(abs(objective_a), 1e-9)


def _diff(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "—"
    return f"{abs(a - b) / max(abs(a), 1e-9):.1e}"


def _show(status: str, objective: float | None) -> str:
    return f"{status} {objective:,.2f}" if objective is not None else status


if __name__ == "__main__":
    sys.exit(1 if _check() else 0)
