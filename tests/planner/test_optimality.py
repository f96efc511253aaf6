"""The default plan is as good as its status says: within its reported gap of the optimum over
every eligible option (`--prune none`), on the examples and on random small scenarios.

This is the test that would have caught the bank's "optimal" plan at 170 % of the optimum:
the default solve prunes options, so its cost is compared with a solve that is given every
eligible option. Random scenarios vary every field that constrains a plan (tests/
variations.py), on the shipped catalog and on one where each cloud offer is repeated in a
second region at another price — the case where the default prunes and must prove.
"""

import math

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from catalog.domain import Catalog
from planner.optimise.planning import OptionScope, PlanOutcome, PruneMode, plan_scenario
from planner.scenario.examples import example_names, example_path
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario
from solver.problem import SolveParams, SolveStatus
from tests.synthetic import synthetic_catalog
from tests.variations import random_variation

PARAMS = SolveParams(time_limit_s=30)
TOLERANCE = 1e-6
"""Relative: the solvers' own optimality tolerance is 1e-4 of the gap, far below a cent."""
REPEATS_SEED = 11
pytestmark = [pytest.mark.solver, pytest.mark.slow]


def _said(outcome: PlanOutcome) -> str:
    return (
        f"{outcome.status} over {outcome.scope}: {outcome.objective} (gap {outcome.gap}), "
        f"{outcome.options_considered} of {outcome.options_eligible} options"
    )


def check_against_exhaustive(scenario: Scenario, catalog: Catalog) -> PlanOutcome:
    """Plan by default and exhaustively; the default must be within its gap of the optimum."""
    default = plan_scenario(scenario, catalog, PARAMS)
    if default.status is SolveStatus.TIMED_OUT:
        return default
    assert default.scope is OptionScope.ALL, (
        f"a small scenario is proven over all: {_said(default)}"
    )
    every = plan_scenario(scenario, catalog, PARAMS, prune=PruneMode.NONE)
    why = f"default {_said(default)}; exhaustive {_said(every)}"
    assert every.scope is OptionScope.ALL, why
    if default.status is SolveStatus.INFEASIBLE or every.status is SolveStatus.INFEASIBLE:
        assert default.plan is None and every.plan is None, why
        return default
    if every.status is not SolveStatus.OPTIMAL or default.gap is None:
        return default  # no optimum to compare with in the time limit, or no bound claimed
    assert default.objective is not None and every.objective is not None, why
    allowed = (default.gap + TOLERANCE) * max(abs(default.objective), 1.0)
    assert default.objective - every.objective <= allowed, why
    if default.status is SolveStatus.OPTIMAL:  # optimal: within the solvers' relative gap
        assert math.isclose(
            default.objective, every.objective, rel_tol=PARAMS.relative_gap + TOLERANCE,
            abs_tol=1e-6,
        ), why  # fmt: skip
    return default


@pytest.mark.parametrize("name", example_names())
def test_each_example_plan_is_the_optimum_over_every_option(
    shipped_catalog: Catalog, name: str
) -> None:
    scenario = load_scenario(example_path(name), shipped_catalog)
    outcome = check_against_exhaustive(scenario, shipped_catalog)
    assert outcome.status is SolveStatus.OPTIMAL and outcome.scope is OptionScope.ALL
    assert outcome.gap is not None and outcome.gap <= SolveParams().relative_gap


@pytest.fixture(scope="module")
def catalogs(shipped_catalog: Catalog) -> dict[str, Catalog]:
    """The shipped catalog, and one with every cloud offer also in a second region."""
    repeated = synthetic_catalog(
        shipped_catalog,
        2 * len(shipped_catalog.cloud_offers),
        sum(m.open_weight and m.kind == "chat" for m in shipped_catalog.ai_models.values()),
        REPEATS_SEED,
    )
    return {"shipped": shipped_catalog, "repeated": repeated}


class Catalogs:
    """The catalogs, with a short repr for Hypothesis's reports."""

    def __init__(self, catalogs: dict[str, Catalog]) -> None:
        self.catalogs = catalogs

    def __repr__(self) -> str:
        return f"Catalogs({', '.join(self.catalogs)})"


@pytest.fixture(scope="module")
def both(catalogs: dict[str, Catalog]) -> Catalogs:
    return Catalogs(catalogs)


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_random_scenarios_default_plan_is_within_its_gap_of_the_optimum(
    data: st.DataObject, both: Catalogs
) -> None:
    name = data.draw(st.sampled_from(sorted(both.catalogs)))
    catalog = both.catalogs[name]
    variation = random_variation(lambda xs: data.draw(st.sampled_from(list(xs))), catalog)
    note(f"{name} catalog, {variation!r}")
    check_against_exhaustive(variation.scenario(catalog), catalog)
