"""The price of resilience at the JSON edge: its encoder and decoder.

Part of the plan's JSON (planner/results/plan_json.py) under the key `resilience`, present
only for a plan that must survive chosen shocks; plans stored before robust plans existed,
and plain plans, have none.
"""

from typing import Any

from planner.results.json_reader import JsonValue
from planner.results.plan_document import Resilience


def encode_resilience(r: Resilience) -> dict[str, Any]:
    return {
        "must_survive": list(r.must_survive),
        "shocks": list(r.shocks),
        "annual_cost": r.annual_cost,
        "plain_annual_cost": r.plain_annual_cost,
    }


def decode_resilience(j: JsonValue) -> Resilience:
    return Resilience(
        must_survive=j.at("must_survive").texts(),
        shocks=j.at("shocks").texts(),
        annual_cost=j.at("annual_cost").number(),
        plain_annual_cost=j.at("plain_annual_cost").number(),
    )
