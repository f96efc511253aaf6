"""The rows of the model whose coefficients are a bound: the independence floor and the
lock-in ceiling, each as the spend-weighted sum the bound moves.

    min-independence   Σ_r c_r (I_r − I_min) n_r + Σ_o v_o (I_o − I_min) x_o ≥ 0
    max-lock-in        Λ − L/100 · S ≤ 0        (Λ: the stand-in's lock-in spend)

Both are built from these coefficients, when the model is first built (solver/model.py)
and when a model built once is solved again under another floor or ceiling
(solver/rebound.py): the same numbers either way, so a re-solved model is the model a
fresh build would give.
"""

from collections.abc import Sequence

import numpy as np
from ortools.math_opt.python import mathopt

from solver.problem import Problem

Coefficients = dict[mathopt.Variable, float]


def spend_terms(
    p: Problem,
    units: Sequence[mathopt.Variable],
    served: Sequence[mathopt.Variable],
    coefficient_r: np.ndarray,
    coefficient_o: np.ndarray,
) -> mathopt.LinearExpression:
    """Σ_r w_r c_r n_r + Σ_o w_o v_o x_o: spend, each unit weighted (terms of 0 left out)."""
    terms = [
        float(p.unit_cost[r] * coefficient_r[r]) * units[r]
        for r in range(p.n_resources)
        if coefficient_r[r] != 0
    ]
    terms += [
        float(p.option_usage_cost[o] * coefficient_o[o]) * served[o]
        for o in range(p.n_options)
        if coefficient_o[o] != 0 and p.option_usage_cost[o]
    ]
    return mathopt.LinearExpression(sum(terms)) if terms else mathopt.LinearExpression(0.0)


def floor_coefficients(
    p: Problem,
    units: Sequence[mathopt.Variable],
    served: Sequence[mathopt.Variable],
    floor: float,
) -> Coefficients:
    """The min-independence row's coefficients at `floor` (terms of 0 left out)."""
    found: Coefficients = {}
    for r in range(p.n_resources):
        relative = p.resource_independence[r] - floor
        if relative != 0:
            found[units[r]] = float(p.unit_cost[r] * relative)
    for o in range(p.n_options):
        relative = p.option_independence[o] - floor
        if relative != 0 and p.option_usage_cost[o]:
            found[served[o]] = float(p.option_usage_cost[o] * relative)
    return found


def ceiling_coefficients(
    lock_in: mathopt.LinearExpression, spend: mathopt.LinearExpression, ceiling: float
) -> tuple[Coefficients, float]:
    """The max-lock-in row's coefficients at `ceiling`, and its upper bound."""
    total = mathopt.as_flat_linear_expression(lock_in)
    outlay = mathopt.as_flat_linear_expression(spend)
    share = ceiling / 100.0
    found: Coefficients = dict(total.terms)
    for variable, coefficient in outlay.terms.items():
        found[variable] = found.get(variable, 0.0) - share * coefficient
    return found, share * outlay.offset - total.offset


def expression(coefficients: Coefficients) -> mathopt.LinearExpression:
    return mathopt.LinearExpression(
        mathopt.fast_sum(c * v for v, c in coefficients.items() if c != 0)
    )


def reset(row: mathopt.LinearConstraint, old: Coefficients, new: Coefficients) -> None:
    """Give `row` the coefficients `new` in place of `old` (absent ones are 0)."""
    for variable in [*old, *(v for v in new if v not in old)]:
        value = new.get(variable, 0.0)
        if old.get(variable, 0.0) != value:
            row.set_coefficient(variable, value)
