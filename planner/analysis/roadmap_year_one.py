"""Year 1 of a roadmap as a scenario of its own: what the organisation signs now.

A roadmap's first year is a plan like any other — its demand, its workloads and its floors —
so the stress machinery (planner/analysis/stress.py) and the plan document
(planner/results/plan_builder.py) read it as they read a plan. Its demand and floor follow
the roadmap's rules (planner/analysis/roadmap.py): a workload that starts later is not in
it, the independence path's floor for year 1 holds, and when no server ordered now can
arrive for year 1 (every SKU's lead time is longer than `roadmap.lead_in_weeks`) it has no
sites: year 1 cannot own servers, so a stress test's recovery of year 1 rents, as the path
must. (When only some SKUs arrive in time, the sites stay and every SKU is offered there.)
"""

from dataclasses import replace

from catalog.domain import Catalog
from planner.analysis.roadmap import demand_factor, grown
from planner.scenario.model import Scenario

FIRST_YEAR = 1


def first_year_scenario(scenario: Scenario, catalog: Catalog) -> Scenario:
    """The scenario whose plan is the roadmap's year 1 (planner/analysis/roadmap.py `_year`)."""
    factors = {w.id: demand_factor(w, scenario, FIRST_YEAR) for w in scenario.workloads}
    policy = scenario.policy
    floor = scenario.roadmap.min_independence(FIRST_YEAR, policy.min_independence)
    in_time = any(
        scenario.roadmap.first_year(sku.lead_time_weeks) == FIRST_YEAR
        for sku in catalog.server_skus.values()
    )
    return replace(
        scenario,
        sites=scenario.sites if in_time else (),
        workloads=tuple(grown(w, factors[w.id]) for w in scenario.workloads if factors[w.id]),
        policy=replace(policy, min_independence=floor),
    )
