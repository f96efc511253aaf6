"""The roadmap's multi-period model on the hand-checked instance of test_solve.py: r0 (o0
needs 2 whole units of 100: 200 a year), r1 (one unit, 150 a year), o2 pay-per-use (180)."""

from dataclasses import replace

import numpy as np
import pytest

from solver.periods import PeriodsProblem, solve_periods
from solver.problem import Problem, SolveStatus
from tests.solver.test_solve import tiny

pytestmark = pytest.mark.solver


def periods(
    problems: list[Problem],
    *,
    first: tuple[int, int] = (0, 0),
    life: tuple[int, int] = (1, 1),
    locked: list[list[float]] | None = None,
    rate: float = 0.0,
) -> PeriodsProblem:
    return PeriodsProblem(
        periods=tuple(problems),
        first_period=np.array(first, dtype=np.int64),
        life_periods=np.array(life, dtype=np.int64),
        locked_cost=np.array(locked or [list(p.unit_cost) for p in problems]),
        discount=np.array([(1 + rate) ** -t for t in range(len(problems))]),
    )


def only(problem: Problem, options: list[int]) -> Problem:
    """The problem with these options alone (a year where the others do not exist)."""
    keep = {"option_workload", "option_resource", "option_units", "option_usage_cost",
            "option_group", "option_independence", "option_lockin_per_spend",
            "option_attributed_cost"}  # fmt: skip
    return replace(problem, **{k: getattr(problem, k)[options] for k in keep})  # type: ignore[arg-type]


def test_one_period_is_the_single_period_model() -> None:
    result = solve_periods(periods([tiny()]))
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == pytest.approx(150.0)
    assert result.delivered is not None and result.delivered.tolist() == [[0.0, 1.0]]


def test_nothing_is_used_before_it_arrives() -> None:
    # r1 arrives for year 2 at the earliest: year 1 makes do with one unit of r0 and o2 for
    # the third it cannot serve (100 + 60), year 2 takes r1 (150).
    result = solve_periods(periods([tiny(), tiny()], first=(0, 1)))
    assert result.spend == pytest.approx((160.0, 150.0))
    assert result.solutions[0].units[1] == 0 and result.solutions[0].served[1] == 0
    assert result.solutions[1].served[1] == pytest.approx(1.0)


def test_nothing_is_used_after_it_retires() -> None:
    # r1 lasts two years: the unit of year 1 serves years 1 and 2, year 3 needs a new one.
    result = solve_periods(periods([tiny()] * 3, life=(1, 2)))
    assert result.delivered is not None
    assert result.delivered[:, 1].tolist() == [1.0, 0.0, 1.0]
    assert [s.units[1] for s in result.solutions] == [1.0, 1.0, 1.0]


def test_a_commitment_is_paid_for_its_whole_term() -> None:
    # r1 is a three-year term; demand in year 1 only, served by r1 alone: the term is paid
    # in years 2 and 3 too, with nothing left to serve.
    year_one = only(tiny(), [1])
    idle = only(tiny(), [])
    result = solve_periods(periods([year_one, idle, idle], life=(1, 3)))
    assert result.spend == pytest.approx((150.0, 150.0, 150.0))
    # Given the choice, the year is served by the pay-per-use option instead (180 < 450).
    result = solve_periods(periods([only(tiny(), [1, 2]), idle, idle], life=(1, 3)))
    assert result.spend == pytest.approx((180.0, 0.0, 0.0))


def test_a_unit_keeps_the_price_of_its_delivery_year() -> None:
    # r1 falls from 150 to 100 in year 2, but the unit delivered for year 1 (two-year life)
    # still costs 150; the discount rate halves year 2 in the objective.
    later = only(tiny(unit_cost=np.array([100.0, 100.0])), [1])
    locked = [[100.0, 150.0], [100.0, 100.0]]
    pp = periods([only(tiny(), [1]), later], life=(1, 2), locked=locked, rate=1.0)
    result = solve_periods(pp)
    assert result.spend == pytest.approx((150.0, 150.0))
    assert result.objective == pytest.approx(150.0 + 150.0 / 2)


def test_the_capital_budget_limits_each_years_deliveries() -> None:
    # r0 alone (two-year life, 100 of capital a unit) needs two units from year 1: 200 of
    # capital that year, none the next. A budget of 150 a year cannot pay for them.
    def years(budget: float) -> PeriodsProblem:
        p = only(tiny(unit_capex=np.array([100.0, 0.0]), capex_budget=budget), [0])
        return periods([p, p], life=(2, 1))

    result = solve_periods(years(200.0))
    assert result.delivered is not None and result.delivered[:, 0].tolist() == [2.0, 0.0]
    assert solve_periods(years(150.0)).status is SolveStatus.INFEASIBLE
