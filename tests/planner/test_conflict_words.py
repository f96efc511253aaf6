"""Several conflicts are explained as one is: the requirement by its label, how far it is off
in money, kW, points or a share, and what would do; the headline agrees with the list."""

import re
from dataclasses import replace

import pytest

from catalog.domain import Catalog
from planner.optimise.diagnosis import headline
from planner.optimise.planning import plan_scenario
from planner.scenario.examples import example_path
from planner.scenario.reader import load_scenario
from solver.families import ConstraintFamily
from solver.problem import SolveStatus
from tests.planner.two_conflicts import TOO_LOW_BUDGET_EUR, two_conflicts

pytestmark = pytest.mark.solver

ENGINEER_NUMBER = re.compile(r"\d[.,]?\d*e[+-]\d+|[Ss]lack")
"""A number in scientific notation, or the solver's word for an amount."""
UNREACHABLE_INDEPENDENCE = 95.0
"""Above what any plan of the bank reaches within a low budget: it conflicts with the budget
and the provider-share cap together, and no one of them alone restores a plan."""


def test_a_budget_and_an_unreachable_seal_floor_are_both_named_in_money(
    shipped_catalog: Catalog,
) -> None:
    _, outcome = two_conflicts(shipped_catalog)
    assert outcome.status is SolveStatus.INFEASIBLE
    families = [c.family for c in outcome.conflicts]
    assert families == [ConstraintFamily.ELIGIBILITY, ConstraintFamily.BUDGET_ANNUAL]
    seal, budget = outcome.conflicts
    assert "SEAL 4 on SOV-4" in seal.message
    assert budget.message.startswith("Even without the SEAL floors: Annual budget: EUR 500 is ")
    assert budget.amount is not None and budget.amount > 0
    would_do = TOO_LOW_BUDGET_EUR + budget.amount
    assert f"EUR {would_do:,.0f} a year would do" in budget.message
    for conflict in outcome.conflicts:
        assert conflict.message.endswith("together with the other changes listed")
        assert not ENGINEER_NUMBER.search(conflict.message)
    assert headline(outcome.conflicts).startswith("No plan meets every requirement: 2 ")


def test_requirements_that_give_way_only_together_say_so_each_with_its_amount(
    shipped_catalog: Catalog,
) -> None:
    bank = load_scenario(example_path("eu-bank"), shipped_catalog)
    policy = replace(bank.policy, min_independence=UNREACHABLE_INDEPENDENCE)
    outcome = plan_scenario(replace(bank, annual_budget=5_000.0, policy=policy), shipped_catalog)
    by_family = {c.family: c for c in outcome.conflicts}
    assert ConstraintFamily.MIN_INDEPENDENCE in by_family
    assert len(outcome.conflicts) >= 2
    independence = by_family[ConstraintFamily.MIN_INDEPENDENCE]
    assert independence.amount is not None and 0 < independence.amount < 100
    reached = UNREACHABLE_INDEPENDENCE - independence.amount
    assert f"the closest plan reaches {reached:.1f}" in independence.message
    assert f"{independence.amount:.1f} points short" in independence.message
    budget = by_family[ConstraintFamily.BUDGET_ANNUAL]
    assert "cannot hold either" not in budget.message  # measured, not shrugged off
    assert "a year would do" in budget.message
    for conflict in outcome.conflicts:
        assert conflict.message.endswith("together with the other changes listed")
        assert not ENGINEER_NUMBER.search(conflict.message)
