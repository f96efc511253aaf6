"""The model's objective (solver/model.py's docstring), set when it is built and again
when a model built once is solved under another objective (solver/rebound.py)."""

from solver.bounds import spend_terms
from solver.handles import Handles
from solver.problem import ObjectiveKind, Problem
from solver.stay import least_change

VIOLATION_WEIGHT = 1e4
"""Elastic mode: one unit of relative violation outweighs any difference in spend."""


def set_objective(p: Problem, h: Handles, reference_spend: float) -> None:
    if h.slacks:
        violation = sum(slack / scale for slack, _, scale in h.slacks)
        # The smallest relative violation first; among equal violations, the cheapest plan.
        h.model.minimize(VIOLATION_WEIGHT * violation + h.spend / max(reference_spend, 1.0))
        return
    if p.stay_groups is not None:
        h.model.minimize(
            least_change(p, h.model, h.served, h.provisioned, h.spend, reference_spend, h.name)
        )
        return
    if p.spend_weights is not None:
        h.model.minimize(spend_terms(p, h.units, h.served, *p.spend_weights))
        return
    if p.objective is ObjectiveKind.WEIGHTED:
        surcharge_r = (
            p.independence_surcharge * (100 - p.resource_independence) / 100
            + p.lock_in_surcharge * p.resource_lockin_per_spend
        )
        surcharge_o = (
            p.independence_surcharge * (100 - p.option_independence) / 100
            + p.lock_in_surcharge * p.option_lockin_per_spend
        )
        h.model.minimize(h.spend + spend_terms(p, h.units, h.served, surcharge_r, surcharge_o))
        return
    h.model.minimize(h.spend)
