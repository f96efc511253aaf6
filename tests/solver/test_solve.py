"""The generic solver on hand-checked instances: optimum, conflicts, determinism, cancel."""

import threading
import time
from dataclasses import replace

import numpy as np
import pytest
from ortools.math_opt.python import mathopt

from solver.child import NOT_HANDED_OVER, _cancelled
from solver.families import RELAXABLE, ConstraintFamily, ConstraintRef, Relaxation
from solver.problem import Backend, CancelToken, Problem, Progress, SolveParams, SolveStatus
from solver.search import highs_log_progress
from solver.solve import solve
from tests.synthetic import branching_problem

pytestmark = pytest.mark.solver


def tiny(**over: object) -> Problem:
    """One workload, three ways to serve it (worked out by hand in each test):

    o0 on r0: 1.5 units of 100 → 2 whole units = 200 a year; o1 on r1: 1 unit of 150 = 150;
    o2 pay-per-use: 180. Groups: r0/o0 → 0, r1/o1 → 1, o2 → 2.
    """
    base = Problem(
        unit_cost=np.array([100.0, 150.0]),
        unit_capex=np.array([0.0, 0.0]),
        unit_power_kw=np.array([0.0, 0.0]),
        resource_site=np.array([-1, -1]),
        resource_group=np.array([0, 1]),
        resource_independence=np.array([80.0, 40.0]),
        resource_lockin_per_spend=np.zeros(2),
        site_power_limit_kw=np.array([]),
        workload_critical=np.array([False]),
        option_workload=np.array([0, 0, 0]),
        option_resource=np.array([0, 1, -1]),
        option_units=np.array([1.5, 1.0, 0.0]),
        option_usage_cost=np.array([0.0, 0.0, 180.0]),
        option_group=np.array([0, 1, 2]),
        option_independence=np.array([80.0, 40.0, 20.0]),
        option_lockin_per_spend=np.zeros(3),
        option_attributed_cost=np.array([150.0, 150.0, 180.0]),
    )
    return replace(base, **over)  # type: ignore[arg-type]


def without_pay_per_use(**over: object) -> Problem:
    """The tiny problem with only the two resource-backed options."""
    keep = {"option_workload", "option_resource", "option_units", "option_usage_cost",
            "option_group", "option_independence", "option_lockin_per_spend",
            "option_attributed_cost"}  # fmt: skip
    base = tiny()
    return replace(base, **{k: getattr(base, k)[:2] for k in keep}, **over)  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", [Backend.SCIP, Backend.HIGHS])
def test_the_cheapest_whole_unit_plan_wins(backend: Backend) -> None:
    result = solve(tiny(), SolveParams(backend=backend))
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == pytest.approx(150.0)
    assert result.solution is not None
    assert result.solution.units.tolist() == [0.0, 1.0]
    assert result.solution.served.tolist() == pytest.approx([0.0, 1.0, 0.0])


def test_a_critical_workload_keeps_a_backup_outside_each_group() -> None:
    critical = tiny(workload_critical=np.array([True]), survive_group_loss=True)
    result = solve(critical)
    # o1 serves (150); the pay-per-use o2 is a free standby that survives losing group 1.
    assert result.objective == pytest.approx(150.0)
    assert result.solution is not None
    assert result.solution.provisioned[2] == pytest.approx(1.0)
    no_api = without_pay_per_use(workload_critical=np.array([True]), survive_group_loss=True)
    assert solve(no_api).objective == pytest.approx(350.0)  # r0 (2 units) + r1 (1 unit)


def test_minimum_independence_buys_the_more_independent_venue() -> None:
    # o0's venue scores 80, o1's 40: with a floor of 60 only o0 (200) qualifies.
    result = solve(tiny(min_independence=60.0))
    assert result.objective == pytest.approx(200.0)


def test_a_budget_below_the_cheapest_plan_is_infeasible_and_measured() -> None:
    problem = tiny(annual_budget=100.0)
    assert solve(problem).status is SolveStatus.INFEASIBLE
    elastic = solve(problem, elastic=frozenset(RELAXABLE), reference_spend=100.0)
    [relaxed] = elastic.slacks
    assert relaxed.constraint == ConstraintRef(family=ConstraintFamily.BUDGET_ANNUAL)
    assert relaxed.amount == pytest.approx(50.0)


def test_a_provider_share_cap_that_no_plan_meets_is_named() -> None:
    problem = without_pay_per_use(max_group_share=0.4)  # two groups can hold at most 80 %
    assert solve(problem).status is SolveStatus.INFEASIBLE
    elastic = solve(problem, elastic=frozenset(RELAXABLE), reference_spend=150.0)
    assert {r.constraint.family for r in elastic.slacks} == {ConstraintFamily.PROVIDER_SHARE}
    # Index tuples, not labels: each slack names the group whose share had to give.
    assert {r.constraint.group for r in elastic.slacks} <= {0, 1}
    assert all(r.constraint.workload is None and r.constraint.site is None for r in elastic.slacks)


def test_a_critical_workload_without_a_backup_names_its_workload_and_group() -> None:
    """o0 and o1 are the only options, in groups 0 and 1: losing either leaves no backup
    unless the other serves it all, so survival needs both provisioned in full."""
    problem = without_pay_per_use(
        workload_critical=np.array([True]), survive_group_loss=True, annual_budget=200.0
    )
    assert solve(problem).status is SolveStatus.INFEASIBLE
    elastic = solve(
        problem, elastic=frozenset({ConstraintFamily.SURVIVE_PROVIDER_LOSS}), reference_spend=200.0
    )
    assert elastic.slacks
    for relaxed in elastic.slacks:
        assert relaxed.constraint.family is ConstraintFamily.SURVIVE_PROVIDER_LOSS
        assert relaxed.constraint.workload == 0
        assert relaxed.constraint.group in (0, 1)
        assert relaxed.constraint.name == f"survive-provider-loss[0,{relaxed.constraint.group}]"
    assert sum(r.amount for r in elastic.slacks) == pytest.approx(1.0)
    assert all(isinstance(r, Relaxation) for r in elastic.slacks)


CANCEL_BUDGET_S = 1.0
"""Cancel must take effect within a second of the call (issue 9)."""
LOADED_CI_TOLERANCE_S = 0.5
"""Headroom for a loaded 2-core CI machine. Measured: 0.02-0.07 s from the call to the
return (benchmarks/cancel_latency.py); the in-process interrupt this replaced took 3-5 s
here, so the bound still fails a broken cancel."""
CANCEL_AFTER_S = 1.0
"""Mid-search: SCIP has found plans by then; neither backend finishes (branching_problem)."""
FIRST_REPORT_WAIT_S = 30.0
"""How long the test waits for a first progress report before it cancels anyway (HiGHS may
report none that early; neither backend finishes branching_problem in a minute)."""


def _spend(problem: Problem, units: np.ndarray, served: np.ndarray) -> float:
    return float(problem.unit_cost @ units + problem.option_usage_cost @ served)


@pytest.mark.slow
@pytest.mark.parametrize("backend", [Backend.SCIP, Backend.HIGHS])
def test_cancel_returns_within_a_second_keeping_the_best_plan_found(backend: Backend) -> None:
    problem = branching_problem()
    token = CancelToken()
    reports: list[Progress] = []
    called: list[float] = []
    first_report, finished = threading.Event(), threading.Event()

    def report(state: Progress) -> None:
        reports.append(state)
        first_report.set()

    def cancel() -> None:
        # Mid-search: after the first report (a loaded machine may take longer than
        # CANCEL_AFTER_S to start the child and find a plan), and not before CANCEL_AFTER_S.
        started = time.monotonic()
        first_report.wait(FIRST_REPORT_WAIT_S)
        if finished.wait(max(0.0, CANCEL_AFTER_S - (time.monotonic() - started))):
            return
        called.append(time.monotonic())
        token.cancel()

    canceller = threading.Thread(target=cancel)
    canceller.start()
    # The time limit is far beyond the test: only the cancel can end it this soon.
    params = SolveParams(time_limit_s=120.0, backend=backend)
    result = solve(problem, params, progress=report, cancel=token)
    returned = time.monotonic()
    finished.set()
    canceller.join()
    assert called, f"the solve ended by itself ({result.status}) before the cancel"
    assert result.status is SolveStatus.CANCELLED
    assert returned - called[0] <= CANCEL_BUDGET_S + LOADED_CI_TOLERANCE_S
    if backend is Backend.HIGHS:
        return  # HiGHS through MathOpt hands over no plan before it ends: nothing to keep
    assert reports, "SCIP reports its improving plans as progress"
    assert all(r.objective >= r.bound for r in reports)
    assert [r.objective for r in reports] == sorted((r.objective for r in reports), reverse=True)
    # The best plan found is kept, whole: every workload served, at the cost it claims.
    assert result.solution is not None and result.objective is not None
    assert result.objective <= reports[-1].objective
    served = np.bincount(problem.option_workload, weights=result.solution.served)
    assert served == pytest.approx(np.ones(problem.n_workloads))
    spend = _spend(problem, result.solution.units, result.solution.served)
    assert spend == pytest.approx(result.objective)


HIGHS_LOG = """\
        Nodes      |    B&B Tree     |            Objective Bounds              |  Dynamic Constraints |       Work
Src  Proc. InQueue |  Leaves   Expl. | BestBound       BestSol              Gap |   Cuts   InLp Confl. | LpIters     Time
         0       0         0   0.00%   0               inf                  inf        0      0      0         0     0.0s
 J       0       0         0   0.00%   -inf            2286821458.094     Large        0      0      0         0     0.0s
 R       0       0         0   0.00%   2719469.720582  2737765.790247     0.67%        0      0      0       692     0.2s
30.8% inactive integer columns, restarting
887 rows, 2085 cols, 11811 nonzeros  0s
       358       0       135 100.00%   2731175.297229  2731335.266421     0.01%      155     13   1058     10397     4.6s
"""  # noqa: E501 (lines of HiGHS's MIP log as OR-Tools 9.15 writes them)


def test_the_progress_lines_of_the_highs_log_give_objective_and_bound() -> None:
    found = [highs_log_progress(line) for line in HIGHS_LOG.splitlines()]
    assert [f for f in found if f is not None] == [
        (None, 0.0),
        (2286821458.094, None),
        (2737765.790247, 2719469.720582),
        (2731335.266421, 2731175.297229),
    ]
    assert found[:2] == [None, None] and found[5:7] == [None, None]  # headers, messages


@pytest.mark.slow
def test_highs_reports_progress_from_its_log() -> None:
    """HiGHS through MathOpt has no callbacks; its log still tells the caller how it goes."""
    reports: list[Progress] = []
    params = SolveParams(time_limit_s=1.5, backend=Backend.HIGHS)
    solve(branching_problem(), params, progress=reports.append)
    assert reports, "at least the root node's bound"
    assert any(r.bound is not None for r in reports)
    assert all(r.objective is None or r.bound is None or r.objective >= r.bound for r in reports)
    assert [r.elapsed_s for r in reports] == sorted(r.elapsed_s for r in reports)


def test_a_cancelled_solve_says_when_the_solver_had_a_plan_it_did_not_hand_over() -> None:
    logged = Progress(objective=200.0, bound=150.0, elapsed_s=1.0)  # from HiGHS's log
    result = _cancelled(tiny(), None, time.monotonic(), logged)
    assert result.status is SolveStatus.CANCELLED and result.solution is None
    assert result.message == NOT_HANDED_OVER
    bound_only = Progress(objective=None, bound=150.0, elapsed_s=1.0)
    assert "before any plan" in _cancelled(tiny(), None, time.monotonic(), bound_only).message


def test_a_solve_cancelled_before_it_starts_returns_at_once_without_a_plan() -> None:
    token = CancelToken()
    token.cancel()
    result = solve(tiny(), cancel=token)
    assert result.status is SolveStatus.CANCELLED
    assert result.solution is None


def test_a_cancellable_solve_finds_the_same_plan_as_one_in_this_process() -> None:
    in_process = solve(tiny(min_independence=60.0))
    in_child = solve(tiny(min_independence=60.0), cancel=CancelToken())
    assert in_child.status is in_process.status is SolveStatus.OPTIMAL
    assert in_child.objective == pytest.approx(200.0)
    assert in_child.solution is not None and in_process.solution is not None
    assert in_child.solution.units.tolist() == in_process.solution.units.tolist()


def test_a_failure_in_the_solver_process_comes_back_as_an_error() -> None:
    # Option 2 serves workload 5 of a one-workload problem: building the model fails.
    broken = tiny(option_workload=np.array([0, 0, 5]), survive_group_loss=True)
    result = solve(broken, cancel=CancelToken())
    assert result.status is SolveStatus.ERROR
    assert "IndexError" in result.message


def test_unlabelled_venues_are_no_supplier_in_the_lock_in_stand_in() -> None:
    """Owned servers (supplier -1) must not count as one big provider (a regression)."""
    # r0 is owned (group -1), r1 a provider. With only r0 in a provider-free plan the
    # concentration terms are 0, so a strict lock-in cap still allows it.
    problem = tiny(
        resource_group=np.array([-1, 1]),
        resource_suppliers={"provider": np.array([-1, 1])},
        option_suppliers={"provider": np.array([-1, -1, 2])},
        axis_weights={"provider": 1.0},
        max_lock_in=1.0,
    )
    result = solve(problem)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == pytest.approx(200.0)  # the owned r0, not r1 (150)


def shared_server(max_lock_in: float) -> Problem:
    """One server (100 a year) that two workloads share, each with its own model vendor and
    each needing 0.2 of it: 0.6 of the server is idle.

    The reported score spreads the server's cost over the models on it by occupancy: 50 to
    each vendor, HHI 5,000, so model-vendor concentration is 0.5 (50 points at weight 1).
    The stand-in may not know how idle capacity falls, so it gives all of it to every vendor:
    20 + 60 = 80 each, 80 points — never below the score, whatever the split.
    """
    return Problem(
        unit_cost=np.array([100.0]),
        unit_capex=np.zeros(1),
        unit_power_kw=np.zeros(1),
        resource_site=np.array([-1]),
        resource_group=np.array([-1]),
        resource_independence=np.array([100.0]),
        resource_lockin_per_spend=np.zeros(1),
        site_power_limit_kw=np.array([]),
        workload_critical=np.array([False, False]),
        option_workload=np.array([0, 1]),
        option_resource=np.array([0, 0]),
        option_units=np.array([0.2, 0.2]),
        option_usage_cost=np.zeros(2),
        option_group=np.array([-1, -1]),
        option_independence=np.array([100.0, 100.0]),
        option_lockin_per_spend=np.zeros(2),
        option_attributed_cost=np.array([20.0, 20.0]),
        resource_venue=np.array([0]),
        option_venue=np.array([0, 0]),
        occupancy_axes=frozenset({"model"}),
        option_suppliers={"model": np.array([0, 1])},
        axis_weights={"model": 1.0},
        max_lock_in=max_lock_in,
    )


def test_idle_capacity_counts_for_every_model_vendor_in_the_lock_in_stand_in() -> None:
    assert solve(shared_server(80.0)).status is SolveStatus.OPTIMAL
    assert solve(shared_server(79.0)).status is SolveStatus.INFEASIBLE


def test_a_backend_that_fails_on_a_model_hands_it_to_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SCIP ends some badly scaled models with an error ("unresolved numerical troubles in
    LP"); the solve goes on with HiGHS and says so."""
    real = mathopt.solve

    def scip_fails(model: object, solver_type: object, **kwargs: object) -> object:
        if solver_type == mathopt.SolverType.GSCIP:
            raise RuntimeError("SCIP error code -6: unresolved numerical troubles")
        return real(model, solver_type, **kwargs)

    monkeypatch.setattr(mathopt, "solve", scip_fails)
    result = solve(tiny(), SolveParams(backend=Backend.SCIP))
    assert result.status is SolveStatus.OPTIMAL and result.objective == pytest.approx(150.0)
    assert "scip failed" in result.message and "solved with highs" in result.message
