r"""A plan that survives chosen shocks: the scenario-based robust model, in extensive form.

The plan's own model (solver/model.py, "the first stage") is built once; each shock k ∈ K
adds a recourse block: a copy of the model of solver/model.py over the world the shock
leaves (its own resources R^k, options O^k, holdings H^k, prices c^k), with its own
variables n^k_r, x^k_o, z^k_o — the recovery — and every constraint family of that model,
named `shock[k]:<family>[…]`. What ties a block to the plan is what the plan buys and
cannot undo: servers bought and commitments signed are the holdings of every block, with
H_h no longer a constant but the first-stage units at the holding's venue.

Sets and parameters beyond those of solver/model.py: first-stage resources r ∈ R⁰ (the
plan's own); for shock k, L^k_{hr} the units of holding h ∈ H^k one unit of r ∈ R⁰ holds
(m_r where r's venue is h's, else 0; zero for resources bought for nothing, such as
on-demand hours), σ^k_r what one unit of r ∈ R⁰ costs in world k beyond what the block
pays for the units it keeps (a held unit dearer than today's price, a commitment on an
offer the shock withdrew, a held venue no option of the world can use), and S₀^k the
block's own constant.

    first stage        every constraint of solver/model.py on (n, x, z)
    recourse           every constraint of solver/model.py on (n^k, x^k, z^k)          ∀ k
    holding-kept       Σ_{r ∈ R^k: h(r)=h} m^k_r n^k_r ≥ Σ_{r ∈ R⁰} L^k_{hr} n_r      ∀ k, h
    holding-frozen     Σ_{r ∈ R^k: h(r)=h} m^k_r n^k_r ≤ Σ_{r ∈ R⁰} L^k_{hr} n_r      ∀ k, frozen h
    budget-annual      S^k + S₀^k + Σ_{r ∈ R⁰} σ^k_r n_r ≤ B                           ∀ k

Objective: the plan's own (the nominal annual cost S for `cost`; the surcharged cost for
`weighted`; the cheapest, then the most independent within the slack for `lexicographic`).
Recourse costs nothing in the objective: a recovery only has to exist within the limits,
and its cost is bounded by the budget — a plan is judged by what it costs in normal
operation, and the robust optimum is never below the plain one (the first stage is a plan
of the plain model). The price of resilience is the difference.

Elastic mode relaxes the recourse blocks only (slacks named by their shock, via
`ConstraintRef.shock`): the plan's own limits are diagnosed by the plain model first, so
what gives way here is what no plan can keep in some shock's world.
"""

import time
from dataclasses import dataclass

import numpy as np
from ortools.math_opt.python import mathopt

from solver.families import ConstraintFamily
from solver.handles import Handles
from solver.model import Amount, add_block
from solver.objective import set_objective
from solver.problem import FloatArray, Problem, SolveParams, SolveResult
from solver.search import search_built

__all__ = ["Recourse", "RobustProblem", "build_robust", "solve_robust"]


@dataclass(frozen=True)
class Recourse:
    """One shock's recourse block, and how it draws on the first stage."""

    problem: Problem
    """The world's problem, holdings labelled (`resource_holding`, `resource_holding_units`,
    `held_frozen`); its `held_units` are replaced by the first stage's units."""
    held_from: FloatArray
    """L^k: holdings × first-stage resources, units of the holding per unit of resource."""
    sunk_per_unit: FloatArray
    """σ^k: per first-stage resource, what a unit adds to S₀^k."""


@dataclass(frozen=True)
class RobustProblem:
    nominal: Problem
    recourse: tuple[Recourse, ...]


def _first_stage(units: list[mathopt.Variable], weights: np.ndarray) -> Amount:
    terms = [float(w) * units[r] for r, w in enumerate(weights) if w]
    return mathopt.LinearExpression(sum(terms)) if terms else 0.0


def build_robust(
    rp: RobustProblem,
    *,
    elastic: frozenset[ConstraintFamily] = frozenset(),
    reference_spend: float = 1.0,
) -> Handles:
    """The extensive form of the docstring; the plan's handles, with every block's slacks
    (elastic mode, recourse blocks only)."""
    m = mathopt.Model(name="sovplan-robust")
    h = add_block(m, rp.nominal, reference_spend=reference_spend)
    for k, block in enumerate(rp.recourse):
        held = [_first_stage(h.units, row) for row in block.held_from]
        recourse = add_block(
            m,
            block.problem,
            elastic=elastic,
            reference_spend=reference_spend,
            block=k,
            held=held,
            sunk=_first_stage(h.units, block.sunk_per_unit),
        )
        h.slacks += recourse.slacks
    set_objective(rp.nominal, h, reference_spend)
    return h


def solve_robust(
    rp: RobustProblem,
    params: SolveParams | None = None,
    *,
    elastic: frozenset[ConstraintFamily] = frozenset(),
    reference_spend: float = 1.0,
) -> SolveResult:
    """The plan of the extensive form (its first stage), solved in this process; with
    `elastic`, the slacks say which shock's constraints had to give and by how much."""
    params = params or SolveParams()
    started = time.monotonic()
    h = build_robust(rp, elastic=elastic, reference_spend=reference_spend)
    return search_built(h, rp.nominal, params, started=started, elastic=bool(elastic))
