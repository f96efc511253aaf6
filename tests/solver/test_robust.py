"""The robust model (solver/robust.py) on the hand-checked instance of test_solve.py.

Plain optimum: o1 on r1, one unit at 150 a year. r1 stands for a commitment with group 1,
r0 for servers (two whole units serve the workload: 200), o2 for an API at 180.
"""

from dataclasses import replace

import numpy as np
import pytest

from solver.families import RELAXABLE, ConstraintFamily
from solver.problem import Problem, SolveStatus
from solver.robust import Recourse, RobustProblem, solve_robust
from solver.solve import solve
from tests.solver.test_solve import tiny

pytestmark = pytest.mark.solver

BUDGET = 250.0


def group_one_exits() -> Recourse:
    """Group 1 leaves: r1 and o1 are gone, and the commitment on r1 is still owed (σ = 150
    per unit); nothing is held in the world (no holdings)."""
    world = tiny(annual_budget=BUDGET)
    keep = [0, 2]
    world = replace(
        world,
        unit_cost=world.unit_cost[:1],
        unit_capex=world.unit_capex[:1],
        unit_power_kw=world.unit_power_kw[:1],
        resource_site=world.resource_site[:1],
        resource_group=world.resource_group[:1],
        resource_independence=world.resource_independence[:1],
        resource_lockin_per_spend=world.resource_lockin_per_spend[:1],
        option_workload=world.option_workload[keep],
        option_resource=world.option_resource[keep],
        option_units=world.option_units[keep],
        option_usage_cost=world.option_usage_cost[keep],
        option_group=world.option_group[keep],
        option_independence=world.option_independence[keep],
        option_lockin_per_spend=world.option_lockin_per_spend[keep],
        option_attributed_cost=world.option_attributed_cost[keep],
    )
    return Recourse(world, np.zeros((0, 2)), np.array([0.0, 150.0]))


def embargo_and_no_api() -> Recourse:
    """No more r0 can be bought and the API is gone: only the first stage's r0 units (a
    frozen holding) or r1 serve; r1's group is gone too, so r0 it must be."""
    world = tiny(annual_budget=BUDGET)
    world = replace(
        world,
        option_usage_cost=np.array([0.0, 0.0, 0.0]),
        option_resource=np.array([0, 0, 0]),
        option_units=np.array([1.5, 1.5, 1.5]),
        resource_holding=np.array([0, -1], dtype=np.int64),
        resource_holding_units=np.array([1.0, 0.0]),
        held_units=np.zeros(1),
        held_frozen=np.array([True]),
        unit_cost=np.array([100.0, 1e9]),
    )
    return Recourse(world, np.array([[1.0, 0.0]]), np.zeros(2))


def nominal() -> Problem:
    return tiny(annual_budget=BUDGET)


def test_the_plain_optimum_would_strand_its_commitment() -> None:
    plain = solve(nominal())
    assert plain.objective == pytest.approx(150.0)
    robust = solve_robust(RobustProblem(nominal(), (group_one_exits(),)))
    # With r1 bought, group 1's exit owes 150 and the cheapest recovery (one r0 unit for
    # 2/3 and the API for 1/3: 100 + 60) makes 310 > 250: the robust plan buys no r1.
    assert robust.status is SolveStatus.OPTIMAL
    assert robust.objective == pytest.approx(160.0)
    assert robust.solution is not None
    assert robust.solution.units.tolist() == [1.0, 0.0]
    assert robust.solution.served.tolist() == pytest.approx([2 / 3, 0.0, 1 / 3])


def test_what_a_recovery_may_not_buy_the_first_stage_must() -> None:
    robust = solve_robust(RobustProblem(nominal(), (embargo_and_no_api(),)))
    # The world keeps at most the first stage's r0 units and needs 1.5 of them: two
    # servers bought up front (200), dearer than the plain optimum (150).
    assert robust.objective == pytest.approx(200.0)
    assert robust.solution is not None
    assert robust.solution.units.tolist() == [2.0, 0.0]


def test_shocks_together_and_without_any() -> None:
    alone = solve_robust(RobustProblem(nominal(), ()))
    assert alone.objective == pytest.approx(150.0), "no shock: the plain optimum"
    both = solve_robust(RobustProblem(nominal(), (group_one_exits(), embargo_and_no_api())))
    # Two r0 servers (200) survive both: group 1's exit strands nothing, and they serve.
    assert both.objective == pytest.approx(200.0)


def test_a_shock_no_plan_survives_is_named_by_its_block() -> None:
    budget = 155.0
    calm = Recourse(tiny(annual_budget=budget), np.zeros((0, 2)), np.zeros(2))
    exit_ = group_one_exits()
    exit_ = replace(exit_, problem=replace(exit_.problem, annual_budget=budget))
    rp = RobustProblem(tiny(annual_budget=budget), (calm, exit_))
    assert solve_robust(rp).status is SolveStatus.INFEASIBLE
    elastic = solve_robust(rp, elastic=frozenset(RELAXABLE), reference_spend=budget)
    assert elastic.solution is not None
    # Within 155 only r1 (150) serves; group 1's exit then owes 150 and the recovery 160.
    relaxed = {(r.constraint.shock, r.constraint.family) for r in elastic.slacks}
    assert relaxed == {(1, ConstraintFamily.BUDGET_ANNUAL)}
    assert elastic.slacks[0].amount == pytest.approx(150.0 + 160.0 - budget)
    assert elastic.slacks[0].constraint.name == "shock[1]:budget-annual"
