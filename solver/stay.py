r"""The least change from a reference plan: a re-plan that moves as little work as it can.

Groups g of options (one workload row on one venue of the reference plan) with reference
shares r_g; m_g ≥ 0 the share moved in or out of a group:

    stay-moved     m_g ≥ Σ_{o ∈ g} x_o − r_g,   m_g ≥ r_g − Σ_{o ∈ g} x_o          ∀ g

    objective      min Σ_g m_g + δ Σ_{o ∉ any g} z_o + ε S / S_ref

Work moved onto options outside every group (a model or venue new to a row) leaves some
group, since a row's shares sum to one, and is counted there. Standby capacity (z_o with
no share served) moves no work, so it is held where the reference held it by δ: a free
standby on an API would otherwise hop from one to another. The spend term ε breaks ties
towards the cheaper of two equally still plans (no surplus units).
The caller bounds the spend (a budget at the cheapest plan's cost): this objective alone
would rather keep everything, whatever it costs.
"""

from collections.abc import Callable, Sequence

import numpy as np
from ortools.math_opt.python import mathopt

from solver.problem import Problem

STAY_NEW_STANDBY_WEIGHT = 1e-2
"""δ: capacity provisioned outside the reference's groups, against one whole row moved."""
STAY_SPEND_TIE_BREAK = 1e-3
"""ε: the weight of spend relative to S_ref against one whole row moved — a move of a
thousandth of a row outweighs a tenth of a per cent of spend."""


def least_change(
    p: Problem,
    model: mathopt.Model,
    served: Sequence[mathopt.Variable],
    provisioned: Sequence[mathopt.Variable],
    spend: mathopt.LinearExpression,
    reference_spend: float,
    name: Callable[[str], str],
) -> mathopt.LinearExpression:
    """Σ_g m_g + δ Σ z_o + ε S / S_ref, with the m_g rows added to the model; `name`
    prefixes names with their block's (solver/model.py `Handles.name`)."""
    assert p.stay_groups is not None
    moved: list[mathopt.Variable] = []
    for g, reference in enumerate(p.stay_reference.tolist()):
        members = np.flatnonzero(p.stay_groups == g).tolist()
        total = mathopt.LinearExpression(sum(served[o] for o in members))
        m = model.add_variable(lb=0.0, name=name(f"moved[{g}]"))
        model.add_linear_constraint(m >= total - reference, name=name(f"stay-in[{g}]"))
        model.add_linear_constraint(m >= reference - total, name=name(f"stay-out[{g}]"))
        moved.append(m)
    outside = np.flatnonzero(p.stay_groups < 0).tolist()
    new_standby = mathopt.LinearExpression(sum(provisioned[o] for o in outside))
    return (
        mathopt.LinearExpression(sum(moved))
        + STAY_NEW_STANDBY_WEIGHT * new_standby
        + (STAY_SPEND_TIE_BREAK / max(reference_spend, 1.0)) * spend
    )
