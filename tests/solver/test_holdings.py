"""Holdings: units an earlier plan bought are kept (sunk), frozen ones cannot grow, and the
sunk spend counts against the budget only. On the hand-checked instance of test_solve.py."""

from dataclasses import replace

import numpy as np
import pytest

from solver.problem import Backend, Problem, SolveParams, SolveStatus
from solver.solve import solve
from tests.solver.test_solve import tiny

pytestmark = pytest.mark.solver


def held(problem: Problem, holding: list[int], units: list[float], kept: list[float],
         frozen: list[bool], sunk: float = 0.0) -> Problem:  # fmt: skip
    return replace(
        problem,
        resource_holding=np.array(holding, dtype=np.int64),
        resource_holding_units=np.array(units),
        held_units=np.array(kept),
        held_frozen=np.array(frozen, dtype=bool),
        sunk_spend=sunk,
    )


@pytest.mark.parametrize("backend", [Backend.SCIP, Backend.HIGHS])
def test_units_already_bought_stay_bought_and_serve_first(backend: Backend) -> None:
    # Free choice: r1 at 150. Holding 2 units of r0 (the cheapest plan's o0 needs 1.5):
    # they cost 200 whatever happens, so o0 serves on them and nothing more is bought.
    result = solve(held(tiny(), [0, -1], [1.0, 0.0], [2.0], [False]), SolveParams(backend=backend))
    assert result.status is SolveStatus.OPTIMAL and result.solution is not None
    assert result.solution.units.tolist() == [2.0, 0.0]
    assert result.objective == pytest.approx(200.0)


def test_a_holding_counts_bundles_by_their_size() -> None:
    # r0 is a bundle of 2 of the held unit, r1 a bundle of 1: keeping 3 held units means
    # 2 n0 + n1 ≥ 3. Two r0 (200) keep 4 and serve all; one r0 and one r1 (250) keep 3;
    # three r1 (450) keep 3. Without the holding one r1 (150) would do.
    result = solve(held(tiny(), [0, 0], [2.0, 1.0], [3.0], [False]))
    assert result.solution is not None
    assert result.solution.units.tolist() == [2.0, 0.0]
    assert result.objective == pytest.approx(200.0)


def test_a_frozen_holding_cannot_grow() -> None:
    # r1 (150, the free optimum) frozen at 0 units, an embargo: one r0 (100) serves 1/1.5
    # of the demand and the pay-per-use o2 the other third (60): 160.
    result = solve(held(tiny(), [-1, 0], [0.0, 1.0], [0.0], [True]))
    assert result.solution is not None
    assert result.solution.units.tolist() == [1.0, 0.0]
    assert result.objective == pytest.approx(160.0)


def test_sunk_spend_counts_against_the_budget_only() -> None:
    problem = held(tiny(), [-1, -1], [0.0, 0.0], [], [], sunk=50.0)
    assert solve(replace(problem, annual_budget=200.0)).objective == pytest.approx(150.0)
    assert solve(replace(problem, annual_budget=190.0)).status is SolveStatus.INFEASIBLE
