"""The bank example solved once per test session, for the tests that only read the plan.

Exports, the results view and others each used to plan the same bank (and the same bank
with an impossible budget) again; the fixture `solved_bank` in tests/conftest.py shares
one solve. Treat it as read-only: the documents are frozen.
"""

from dataclasses import dataclass, replace

from catalog.domain import Catalog
from planner.optimise.planning import PlanOutcome, plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.scenario.examples import example_path
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario

BANK_EXAMPLE = example_path("eu-bank")
IMPOSSIBLE_BUDGET = 1000.0
"""An annual budget (in the scenario's currency) that no plan of the bank can meet."""


@dataclass(frozen=True)
class SolvedBank:
    catalog: Catalog
    scenario: Scenario
    outcome: PlanOutcome
    poor: Scenario
    """The same bank with IMPOSSIBLE_BUDGET."""
    infeasible: PlanOutcome
    """The plan for `poor`: infeasible, with the conflict named."""
    plan: PlanDocument
    """`outcome` as the document every consumer reads."""
    infeasible_plan: PlanDocument


def solve_bank(catalog: Catalog) -> SolvedBank:
    scenario = load_scenario(BANK_EXAMPLE, catalog)
    poor = replace(scenario, annual_budget=IMPOSSIBLE_BUDGET)
    outcome, infeasible = plan_scenario(scenario, catalog), plan_scenario(poor, catalog)
    return SolvedBank(
        catalog,
        scenario,
        outcome,
        poor,
        infeasible,
        plan_document(outcome, scenario, catalog),
        plan_document(infeasible, poor, catalog),
    )


NATION_EXAMPLE = example_path("small-nation")
NATION_CAPEX_BUDGET = 1_000_000.0
"""A capital budget (EUR) for the small nation, which sets none: well above what its servers
cost, so the plan is the example's own and the budget used is a share below one."""


def solve_nation(catalog: Catalog) -> PlanDocument:
    """The small nation, which buys servers, planned with NATION_CAPEX_BUDGET."""
    scenario = replace(load_scenario(NATION_EXAMPLE, catalog), capex_budget=NATION_CAPEX_BUDGET)
    return plan_document(plan_scenario(scenario, catalog), scenario, catalog)
