"""The value a conflict's diagnosis implies for the requirement it names: "set the annual
budget to EUR 39,840".

Only where the diagnosis measured the shortfall in the requirement's own unit: a budget is
short by an amount of money, a site's power limit by kilowatts. Other conflicts (a provider
share, a survival rule, a score floor) name the control to change but no single value that
would do, and get no suggestion.
"""

import math
from dataclasses import dataclass

from planner.optimise.diagnosis import Conflict
from planner.scenario.field_table import SITES
from planner.scenario.model import Scenario
from solver.families import ConstraintFamily

POWER_STEP_KW = 0.1
"""A suggested power limit is rounded up to this, as limits are written (120.5 kW)."""
MONEY_STEP = 1.0
"""A suggested budget is rounded up to a whole unit of the currency."""
FLOAT_DIGITS = 9
"""Decimals kept when rounding to a step, so 1231 × 0.1 is 123.1, not 123.10000000000001."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Set the field at `path` (dotted, as the conflict names it) to `value`."""

    path: str
    value: float
    is_money: bool
    """An amount in the scenario's currency; else a power limit in kW."""


def _up(value: float, step: float) -> float:
    """`value` rounded up to a multiple of `step`, so the suggestion is never just short."""
    steps = math.ceil(round(value / step, FLOAT_DIGITS))
    return round(steps * step, FLOAT_DIGITS)


def suggestion_for(conflict: Conflict, scenario: Scenario) -> Suggestion | None:
    """The value that would lift this conflict alone (others may remain), if one is known."""
    amount, family = conflict.amount, conflict.family
    if amount is None or amount <= 0 or not conflict.fields:
        return None
    path = conflict.fields[0]
    if family is ConstraintFamily.BUDGET_ANNUAL and scenario.annual_budget is not None:
        return Suggestion(path, _up(scenario.annual_budget + amount, MONEY_STEP), is_money=True)
    if family is ConstraintFamily.BUDGET_CAPEX and scenario.capex_budget is not None:
        return Suggestion(path, _up(scenario.capex_budget + amount, MONEY_STEP), is_money=True)
    if family is ConstraintFamily.SITE_POWER:
        for index, site in enumerate(scenario.sites):
            field = str(SITES.path(index) / "power_limit_kw")
            if field == path and site.power_limit_kw is not None:
                return Suggestion(
                    path, _up(site.power_limit_kw + amount, POWER_STEP_KW), is_money=False
                )
    return None
