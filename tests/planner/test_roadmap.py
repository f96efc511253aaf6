"""The build-out roadmap on the shipped examples, with the real solver: one year is today's
plan, nothing serves before it arrives or after it retires, demand is covered every year
(tests/roadmap_checker.py), and prices follow the documented trends."""

from dataclasses import replace

import numpy as np
import pytest

from catalog.domain import Catalog
from planner.analysis.roadmap import roadmap_problem
from planner.analysis.roadmap_plan import RoadmapOutcome, plan_roadmap
from planner.evaluation.plan import VenueKind
from planner.optimise.planning import plan_scenario
from planner.scenario.examples import example_path
from planner.scenario.model import Objective, Scenario
from planner.scenario.reader import load_scenario
from solver.problem import SolveParams, SolveStatus
from tests.roadmap_checker import check_roadmap
from tests.solved import SolvedBank

pytestmark = pytest.mark.solver


def example(name: str, catalog: Catalog, **roadmap: object) -> Scenario:
    scenario = load_scenario(example_path(name), catalog)
    return replace(scenario, roadmap=replace(scenario.roadmap, **roadmap))


def lead_in_for_all(catalog: Catalog) -> float:
    """A lead-in no server's lead time exceeds: every SKU can serve from year 1."""
    return max(sku.lead_time_weeks for sku in catalog.server_skus.values())


@pytest.mark.parametrize("name", ["eu-bank", "midsize-firm", "small-nation"])
def test_a_one_year_roadmap_costs_what_todays_plan_costs(
    name: str, shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    scenario = example(name, shipped_catalog, lead_in_weeks=lead_in_for_all(shipped_catalog))
    plan = solved_bank.outcome if name == "eu-bank" else plan_scenario(scenario, shipped_catalog)
    assert plan.report is not None and plan.gap is not None
    found = plan_roadmap(scenario, shipped_catalog, periods=1)
    assert found.status is SolveStatus.OPTIMAL and found.npv is not None
    today = plan.report.costs.total
    assert found.npv == pytest.approx(today, rel=max(plan.gap, 1e-6))
    assert found.years[0].annual_cost == pytest.approx(found.npv)
    if scenario.policy.objective is Objective.LEXICOGRAPHIC:  # then the most independent
        assert found.years[0].independence == pytest.approx(plan.report.independence.total)


@pytest.fixture(scope="module")
def nation(shipped_catalog: Catalog) -> tuple[Scenario, RoadmapOutcome]:
    """The small nation over three years from now: servers cannot arrive for year 1;
    demand grows 30 % a year and the archive work starts in year 2."""
    scenario = example("small-nation", shipped_catalog, lead_in_weeks=0.0,
                       demand_growth_per_year=0.3)  # fmt: skip
    workloads = tuple(
        replace(w, start_year=2) if w.id == "archive-digitisation" else w
        for w in scenario.workloads
    )
    scenario = replace(scenario, workloads=workloads)
    return scenario, plan_roadmap(scenario, shipped_catalog, periods=3)


def test_no_server_serves_before_it_arrives(nation: tuple[Scenario, RoadmapOutcome]) -> None:
    _, found = nation
    first = found.years[0]
    assert not first.plan.owned
    assert all(a.venue.kind is not VenueKind.OWNED for a in first.plan.allocations)
    assert any(y.plan.owned for y in found.years[1:]), "servers arrive once they can"


def test_every_year_covers_its_demand_and_keeps_what_it_bought(
    nation: tuple[Scenario, RoadmapOutcome], shipped_catalog: Catalog
) -> None:
    scenario, found = nation
    assert found.status is SolveStatus.OPTIMAL and len(found.years) == 3
    assert check_roadmap(scenario, shipped_catalog, found) == []
    archive = [w for y in found.years for w in y.workloads if w.workload_id.startswith("archive")]
    assert archive[0].tokens_per_year == 0 and not archive[0].served
    assert archive[2].tokens_per_year == pytest.approx(1.3 * archive[1].tokens_per_year)


def test_the_npv_discounts_each_years_cost(nation: tuple[Scenario, RoadmapOutcome]) -> None:
    scenario, found = nation
    rate = scenario.assumptions.discount_rate
    discounted = sum(y.annual_cost / (1 + rate) ** (y.year - 1) for y in found.years)
    assert found.npv == pytest.approx(discounted, rel=1e-6)


def test_prices_follow_the_documented_trends(shipped_catalog: Catalog) -> None:
    trends = {"hardware_price_change_per_year": -0.2, "cloud_price_change_per_year": -0.1,
              "api_price_change_per_year": -0.5, "energy_price_change_per_year": 0.0}  # fmt: skip
    scenario = example("midsize-firm", shipped_catalog, **trends)
    rp = roadmap_problem(scenario, shipped_catalog, periods=3)
    first, third = rp.problem.periods[0], rp.problem.periods[2]
    for r, resource in enumerate(rp.resources):
        if resource.venue.kind is VenueKind.CLOUD:
            assert third.unit_cost[r] == pytest.approx(first.unit_cost[r] * 0.9**2)
        else:
            assert third.unit_capex[r] == pytest.approx(first.unit_capex[r] * 0.8**2)
            assert third.unit_cost[r] < first.unit_cost[r]
    options = rp.years[2].indexed.compiled.options
    api = [i for i, o in enumerate(options) if o.venue.kind is VenueKind.API]
    assert api, "the firm can use APIs"
    assert np.allclose(third.option_usage_cost[api], first.option_usage_cost[api] * 0.5**2)


def test_the_independence_path_raises_the_floor_from_its_year(shipped_catalog: Catalog) -> None:
    # Flat prices: a year's prices are the catalog's, so the checker re-checks every rule
    # that weighs spend too, the floor the path sets for year 2 among them.
    flat = {"hardware_price_change_per_year": 0.0, "cloud_price_change_per_year": 0.0,
            "api_price_change_per_year": 0.0, "energy_price_change_per_year": 0.0}  # fmt: skip
    scenario = example("small-nation", shipped_catalog, independence_path="2:81", **flat)
    found = plan_roadmap(scenario, shipped_catalog, periods=2, params=SolveParams(time_limit_s=60))
    assert found.npv is not None and check_roadmap(scenario, shipped_catalog, found) == []
    first, second = (y.independence for y in found.years)
    assert first is not None and second is not None
    assert first < 81 <= second + 1e-6
