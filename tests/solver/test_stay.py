"""The least change from a reference plan (solver/stay.py), on the hand-checked instance of
test_solve.py: o0 on r0 (1.5 units of 100 serve all), o1 on r1 (150), o2 pay-per-use (180)."""

from dataclasses import replace

import numpy as np
import pytest

from solver.problem import Backend, Problem, SolveParams
from solver.solve import solve
from tests.solver.test_solve import tiny

pytestmark = pytest.mark.solver


def half_on_o0_half_on_o2(**over: object) -> Problem:
    """The reference plan serves half on o0 (group 0) and half on o2 (group 1); o1 is new."""
    return replace(
        tiny(**over),
        stay_groups=np.array([0, -1, 1], dtype=np.int64),
        stay_reference=np.array([0.5, 0.5]),
    )


@pytest.mark.parametrize("backend", [Backend.SCIP, Backend.HIGHS])
def test_with_room_to_stay_the_reference_is_kept(backend: Backend) -> None:
    # Keeping it costs 100 (one r0 for 0.5 × 1.5 units) + 90 = 190; the cheapest is 150.
    result = solve(half_on_o0_half_on_o2(), SolveParams(backend=backend))
    assert result.solution is not None
    assert result.solution.served.tolist() == pytest.approx([0.5, 0.0, 0.5])


def test_a_budget_below_the_reference_moves_the_least_it_must() -> None:
    # At most 180: one r0 (100) and o2 for the rest, 100 + 180 (1 − x0) ≤ 180, so
    # x0 ≥ 5/9; moved |x0 − 1/2| + |x2 − 1/2| is least at x0 = 5/9 (1/9 of the row moved),
    # not at the cheapest plan (o1 alone, all of it moved).
    result = solve(half_on_o0_half_on_o2(annual_budget=180.0))
    assert result.solution is not None
    assert result.solution.served.tolist() == pytest.approx([5 / 9, 0.0, 4 / 9], abs=1e-6)
    assert result.solution.units.tolist() == [1.0, 0.0]


def test_a_budget_only_the_new_option_meets_moves_everything() -> None:
    result = solve(half_on_o0_half_on_o2(annual_budget=150.0))
    assert result.solution is not None
    assert result.solution.served.tolist() == pytest.approx([0.0, 1.0, 0.0])
