"""A re-plan after an edit of the budget, a floor or the objective reuses the compiled
options (planner/optimise/plan_cache.py) and gives the plan a fresh compile gives; an edit of
what the compile reads compiles afresh."""

from dataclasses import replace

import pytest

from planner.optimise.planning import PlanCache, PlanOutcome, plan_scenario
from planner.scenario.model import Objective
from tests.solved import SolvedBank

pytestmark = pytest.mark.solver


def _venues(outcome: PlanOutcome) -> set[str]:
    assert outcome.report is not None
    return {key for key, spend in outcome.report.costs.by_venue().items() if spend > 0.5}


def _same_plan(cached: PlanOutcome, fresh: PlanOutcome) -> None:
    assert cached.status is fresh.status
    assert cached.report is not None and fresh.report is not None
    assert cached.report.costs.total == pytest.approx(fresh.report.costs.total, rel=1e-4)
    assert _venues(cached) == _venues(fresh)


def test_edits_of_bounds_and_objective_skip_the_compile(solved_bank: SolvedBank) -> None:
    cache = PlanCache()
    bank, catalog = solved_bank.scenario, solved_bank.catalog
    _same_plan(plan_scenario(bank, catalog, cache=cache), solved_bank.outcome)
    assert solved_bank.outcome.report is not None
    cost = solved_bank.outcome.report.costs.total
    independence = solved_bank.outcome.report.independence.total
    policy = bank.policy
    edits = [
        replace(bank, annual_budget=cost * 1.5),
        replace(bank, policy=replace(policy, min_independence=independence + 2.0)),
        replace(bank, policy=replace(policy, objective=Objective.WEIGHTED,
                                     independence_surcharge=0.5)),
    ]  # fmt: skip
    cached = [plan_scenario(edited, catalog, cache=cache) for edited in edits]
    for edited, outcome in zip(edits, cached, strict=True):
        _same_plan(outcome, plan_scenario(edited, catalog))
    assert cached[1].report is not None and cached[1].report.costs.total > cost, "floor binds"
    assert cache.misses == 1, "the bank has a floor already: every edit keeps its options"
    assert cache.hits == len(edits)
    no_floor = replace(bank, policy=replace(policy, min_independence=None, max_provider_share=1))
    _same_plan(plan_scenario(no_floor, catalog, cache=cache), plan_scenario(no_floor, catalog))
    assert cache.misses == 2, "without a spend ratio the compile prunes otherwise"


def test_an_edit_of_the_workloads_compiles_afresh(solved_bank: SolvedBank) -> None:
    cache = PlanCache()
    bank, catalog = solved_bank.scenario, solved_bank.catalog
    plan_scenario(bank, catalog, cache=cache)
    first = bank.workloads[0]
    busier = replace(bank, workloads=(replace(first, tokens_per_day=first.tokens_per_day * 2),
                                      *bank.workloads[1:]))  # fmt: skip
    _same_plan(plan_scenario(busier, catalog, cache=cache), plan_scenario(busier, catalog))
    assert (cache.hits, cache.misses) == (0, 2)
