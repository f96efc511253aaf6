"""Year 1 of a roadmap as the plan signed now: its demand, its floor, and no servers of its
own when none ordered now can arrive for it."""

from dataclasses import replace

from catalog.domain import Catalog
from planner.analysis.roadmap_year_one import first_year_scenario
from planner.scenario.examples import example_path
from planner.scenario.reader import load_scenario

LEAD_IN_FOR_EVERY_SKU_WEEKS = 52.0
"""A lead-in longer than any SKU's lead time: every server ordered now serves year 1."""


def test_year_one_owns_servers_only_when_they_can_arrive_for_it(
    shipped_catalog: Catalog,
) -> None:
    nation = load_scenario(example_path("small-nation"), shipped_catalog)
    assert nation.sites and nation.roadmap.lead_in_weeks == 0
    late = replace(nation.workloads[0], id="later", start_year=2)
    path = replace(nation.roadmap, independence_path="1:70")
    scenario = replace(nation, workloads=(*nation.workloads, late), roadmap=path)

    year_one = first_year_scenario(scenario, shipped_catalog)
    assert year_one.sites == (), "no server ordered today arrives for year 1"
    assert [w.id for w in year_one.workloads] == [w.id for w in nation.workloads]
    assert year_one.policy.min_independence == max(70, nation.policy.min_independence or 0)

    ahead = replace(path, lead_in_weeks=LEAD_IN_FOR_EVERY_SKU_WEEKS)
    in_time = first_year_scenario(replace(scenario, roadmap=ahead), shipped_catalog)
    assert in_time.sites == nation.sites
