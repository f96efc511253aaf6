"""A scenario with two conflicts at once: a budget far below any plan, and a SEAL floor on one
workload that no venue in the catalog reaches (shared by the planner and GUI tests)."""

from dataclasses import replace

from catalog.domain import Catalog
from planner.optimise.planning import PlanOutcome, plan_scenario
from planner.scenario.examples import example_path
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario

TOO_LOW_BUDGET_EUR = 500.0
"""Far below the mid-size firm's cheapest plan (EUR 1,042 a year, README)."""
UNREACHABLE_FLOOR = {"SOV-4": 4}
"""SEAL 4 on the operational objective: no venue in the shipped catalog reaches it for an
organisation in the Netherlands, so the first workload has no eligible option."""


def two_conflicts(catalog: Catalog) -> tuple[Scenario, PlanOutcome]:
    firm = load_scenario(example_path("midsize-firm"), catalog)
    first = replace(firm.workloads[0], min_seal=UNREACHABLE_FLOOR)
    scenario = replace(
        firm, annual_budget=TOO_LOW_BUDGET_EUR, workloads=(first, *firm.workloads[1:])
    )
    return scenario, plan_scenario(scenario, catalog)
