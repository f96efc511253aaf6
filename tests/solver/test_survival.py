"""The survival families on hand-checked instances: N+1 on servers that fail one at a time,
one site lost, and the conflict named when neither can be bought."""

from dataclasses import replace

import numpy as np
import pytest

from solver.families import ConstraintFamily
from solver.problem import Problem, SolveStatus
from solver.solve import solve
from tests.solver.test_solve import tiny, without_pay_per_use

pytestmark = pytest.mark.solver


def critical(**over: object) -> Problem:
    """The tiny problem's two servers, one critical workload: o0 needs 1.5 units of r0 (100
    a year each), o1 one unit of r1 (160 a year)."""
    base = without_pay_per_use(
        workload_critical=np.array([True]), unit_cost=np.array([100.0, 160.0])
    )
    return replace(base, **over)  # type: ignore[arg-type]


def test_without_a_survival_rule_one_server_carries_it() -> None:
    """r1 once (160) beats r0 twice (200), and nothing is kept in reserve."""
    result = solve(critical())
    assert result.solution is not None
    assert result.solution.units.tolist() == [0.0, 1.0]


def test_n_plus_1_buys_a_spare_server_where_the_work_runs() -> None:
    """Losing one of r0's units must leave 1.5: 3 units (300); r1 twice is 320, r0 twice
    with r1 on standby 360. The single r1 of the plan without the rule no longer does."""
    result = solve(critical(resource_unit_loss=np.array([True, True])))
    assert result.status is SolveStatus.OPTIMAL and result.solution is not None
    assert result.solution.units.tolist() == [3.0, 0.0]
    assert result.objective == pytest.approx(300.0)


def test_a_standby_elsewhere_can_stand_in_for_the_spare() -> None:
    """With a pay-per-use backup (250 a year for all the demand, nothing on standby): one
    r0 serves 1/1.5 of the demand and the backup the rest (100 + 250/3), ready to take all
    of it when that unit is lost — cheaper than r0 twice (200) or a third r0."""
    problem = tiny(
        workload_critical=np.array([True]),
        unit_cost=np.array([100.0, 260.0]),
        option_usage_cost=np.array([0.0, 0.0, 250.0]),
        option_attributed_cost=np.array([150.0, 260.0, 250.0]),
        resource_unit_loss=np.array([True, True]),
    )
    result = solve(problem)
    assert result.solution is not None
    assert result.solution.units.tolist() == [1.0, 0.0]
    assert result.objective == pytest.approx(100 + 250 / 3)
    assert result.solution.provisioned[2] == pytest.approx(1.0)


def test_a_site_loss_needs_capacity_at_another_site() -> None:
    """Both servers at site 0: no plan survives its loss; r1 at site 1 gives one."""
    at_one_site = critical(
        resource_site=np.array([0, 0]),
        site_power_limit_kw=np.array([np.inf, np.inf]),
        survive_site_loss=True,
    )
    assert solve(at_one_site).status is SolveStatus.INFEASIBLE
    two_sites = replace(at_one_site, resource_site=np.array([0, 1]))
    result = solve(two_sites)
    assert result.solution is not None
    assert result.solution.units.tolist() == [2.0, 1.0]


def test_a_budget_too_small_for_n_plus_1_names_the_server_loss_rule() -> None:
    poor = critical(resource_unit_loss=np.array([True, True]), annual_budget=250.0)
    assert solve(poor).status is SolveStatus.INFEASIBLE
    relaxed = solve(
        poor, elastic=frozenset({ConstraintFamily.SURVIVE_SERVER_LOSS}), reference_spend=250.0
    )
    assert relaxed.solution is not None and relaxed.slacks
    assert {s.constraint.family for s in relaxed.slacks} == {ConstraintFamily.SURVIVE_SERVER_LOSS}
    assert all(s.constraint.workload == 0 and s.constraint.resource is not None
               for s in relaxed.slacks)  # fmt: skip
