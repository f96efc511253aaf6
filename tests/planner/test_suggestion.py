"""The value a conflict's diagnosis implies, offered as "use the suggested value"."""

from dataclasses import replace

from planner.optimise.diagnosis import Conflict
from planner.optimise.suggestion import Suggestion, suggestion_for
from planner.scenario.model import SiteRequirement
from solver.families import ConstraintFamily
from tests.solved import SolvedBank


def test_the_infeasible_bank_is_offered_the_cheapest_plans_cost_as_its_budget(
    solved_bank: SolvedBank,
) -> None:
    [conflict] = solved_bank.infeasible_plan.conflicts
    suggestion = suggestion_for(conflict, solved_bank.poor)
    assert suggestion is not None and suggestion.is_money
    assert solved_bank.poor.annual_budget is not None and conflict.amount is not None
    exact = solved_bank.poor.annual_budget + conflict.amount
    assert suggestion.path == "organisation.annual_budget"
    assert exact <= suggestion.value < exact + 1, "rounded up to a whole unit, never short"


def test_a_site_short_of_power_is_offered_its_limit_plus_the_shortfall_rounded_up(
    solved_bank: SolvedBank,
) -> None:
    sites = (SiteRequirement("a", None), SiteRequirement("b", 120.0))
    scenario = replace(solved_bank.scenario, sites=sites)
    short = Conflict(family=ConstraintFamily.SITE_POWER, message="", amount=3.04,
                     fields=("sites[1].power_limit_kw",))  # fmt: skip
    assert suggestion_for(short, scenario) == Suggestion("sites[1].power_limit_kw", 123.1, False)


def test_a_conflict_without_a_value_in_the_requirements_unit_gets_no_suggestion(
    solved_bank: SolvedBank,
) -> None:
    share = Conflict(family=ConstraintFamily.PROVIDER_SHARE, message="", amount=5000.0,
                     fields=("policy.max_provider_share",))  # fmt: skip
    assert suggestion_for(share, solved_bank.scenario) is None
