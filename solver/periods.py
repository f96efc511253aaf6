r"""The build-out roadmap: the model of solver/model.py over several periods, linked by what
was bought.

Sets beyond those of solver/model.py: periods t = 0 … T−1 (years). Each period is a block —
the single-period model again, with its own demand, prices, options O_t (a workload that
has not started yet has none) and variables n_{r,t}, x_{o,t}, z_{o,t} — and every constraint
family of solver/model.py per block (named `shock[t]:<family>[…]`, the block prefix of
solver/robust.py), except the two budgets, which are replaced below. The resources r are the
same in every period.

Parameters beyond those of solver/model.py: f_r the first period a unit of r can be in
service (its lead time from the earliest order date); ℓ_r the periods a unit stays once it
has arrived (an owned server's useful life, a commitment's term, 1 for capacity rented by
the period); δ_t the discount factor of period t; the annual cost of a unit split in two,
c_{r,t} = L_{r,t} + F_{r,t}: L_{r,τ} the part fixed when the unit arrives in period τ
(the hardware's capital annuity and the operations priced on it, a committed price) and
F_{r,t} the part paid at period t's prices while it is in service (energy, hosting); k_{r,t}
a unit's capital cost if it arrives in t; B_t the annual budget of period t; C the capital
budget of each period's deliveries.

Variables beyond those of solver/model.py: b_{r,t} ∈ ℤ≥0 units delivered for period t
(ordered its lead time before), zero for t < f_r.

    inventory       n_{r,t} = Σ_{τ = t−ℓ_r+1 … t} b_{r,τ}                          ∀ r, t
    spend           E_t = Σ_r Σ_{τ = t−ℓ_r+1 … t} L_{r,τ} b_{r,τ} + Σ_r F_{r,t} n_{r,t}
                          + Σ_{o ∈ O_t} v_{o,t} x_{o,t}
                        = S_t + Σ_r Σ_{τ = t−ℓ_r+1 … t} (L_{r,τ} − L_{r,t}) b_{r,τ}
    budget-annual   E_t + S₀ ≤ B_t                                                  ∀ t
    budget-capex    Σ_r k_{r,t} b_{r,t} ≤ C                                         ∀ t
    objective       min Σ_t δ_t E_t   (net present value of the path)

Objectives: cost — the NPV above; lexicographic — the cheapest NPV V*, then with
Σ_t δ_t E_t ≤ (1 + ε) V*, min Σ_t δ_t deficit_t (the discounted spend on less independent
venues, solver/model.py's second stage over the path); the other objectives of
solver/model.py (weighted, spend weights, least change) are not offered for a path.

A unit once delivered stays for ℓ_r periods whether used or not (a server until its useful
life ends, a commitment for its whole term) and is gone after: nothing is used before it
arrives or after it retires, and a commitment is paid in every period of its term inside
the horizon. Costs after the horizon are not in the objective: the capital annuity spreads
a server's price over its life and the years after the horizon are paid by the years they
serve (no end effects, as in PyPSA's and GenX's multi-period models); the roadmap reports
what commitments still owe after the last period.

Per-period rules — demand, survival (standby, N+1, provider and site loss), site power,
group share, independence floor (a per-period target path raises the block's I_min), the
lock-in ceiling — are the block's own and value spend at the period's prices S_t (a server
delivered earlier counts at the period's price of the same unit, not the price it was
bought at: the shares of spend that independence and lock-in weigh are replacement values).

With one period, f_r = 0 for every r, L = c and δ_0 = 1, the model is solver/model.py's:
n = b, E_0 = S_0, and the budgets are the same rows.
"""

import time
from dataclasses import dataclass, replace

import numpy as np
from ortools.math_opt.python import mathopt

from solver.families import ConstraintFamily
from solver.handles import Handles
from solver.model import add_block
from solver.problem import (
    FloatArray,
    IntArray,
    ObjectiveKind,
    Problem,
    Solution,
    SolveParams,
    SolveStatus,
)
from solver.search import _bound, _extract, _solve, _status, drop_needless_standby

__all__ = ["PeriodsProblem", "PeriodsResult", "solve_periods"]

INF = float("inf")


@dataclass(frozen=True)
class PeriodsProblem:
    """The periods' problems (same resources in each), and what links them."""

    periods: tuple[Problem, ...]
    """Problem t: demand, options and prices of period t; `unit_cost` is c_{r,t}, the annual
    cost of a unit delivered for t, `unit_capex` k_{r,t}; its budgets are B_t and C."""
    first_period: IntArray
    """f_r: the first period (0-based) a unit of r can be in service."""
    life_periods: IntArray
    """ℓ_r ≥ 1: periods a unit stays once delivered."""
    locked_cost: FloatArray
    """L_{r,t} (periods × resources): the part of c_{r,t} fixed for the unit's life."""
    discount: FloatArray
    """δ_t: the factor that brings period t's spend to today's money."""

    @property
    def n_periods(self) -> int:
        return len(self.periods)

    @property
    def n_resources(self) -> int:
        return self.periods[0].n_resources

    def active(self, r: int, t: int) -> range:
        """The delivery periods τ whose units of r are in service in period t."""
        return range(max(int(self.first_period[r]), t - int(self.life_periods[r]) + 1), t + 1)


@dataclass(frozen=True)
class PeriodsResult:
    status: SolveStatus
    objective: float | None
    """The last stage's objective: the NPV, or for a lexicographic path its discounted
    spend on less independent venues."""
    bound: float | None
    """The last stage's bound."""
    solve_seconds: float
    delivered: FloatArray | None = None
    """b_{r,t} (periods × resources), whole units."""
    solutions: tuple[Solution, ...] = ()
    """Per period, its block's units, shares served and provisioned."""
    spend: tuple[float, ...] = ()
    """E_t per period, undiscounted."""
    npv: float | None = None
    """Σ_t δ_t E_t of the path found."""
    message: str = ""


@dataclass
class _Built:
    model: mathopt.Model
    blocks: list[Handles]
    delivered: list[list[mathopt.Variable | None]]
    spend: list[mathopt.LinearExpression]


def _plain(p: Problem) -> Problem:
    """A period's block without the two budgets (the roadmap's own replace them) and with
    cost as its objective (the path's objective replaces it)."""
    return replace(p, annual_budget=INF, capex_budget=INF, objective=ObjectiveKind.COST)


def build_periods(pp: PeriodsProblem) -> _Built:
    """The model of the docstring."""
    m = mathopt.Model(name="sovplan-roadmap")
    blocks = [add_block(m, _plain(p), block=t) for t, p in enumerate(pp.periods)]
    delivered: list[list[mathopt.Variable | None]] = [
        [
            m.add_integer_variable(lb=0.0, name=f"b[{r},{t}]") if t >= pp.first_period[r] else None
            for r in range(pp.n_resources)
        ]
        for t in range(pp.n_periods)
    ]
    spends = []
    for t, (p, h) in enumerate(zip(pp.periods, blocks, strict=True)):
        spend = mathopt.LinearExpression(h.spend)
        for r in range(pp.n_resources):
            arrived = [(tau, delivered[tau][r]) for tau in pp.active(r, t)]
            m.add_linear_constraint(
                h.units[r] == sum(b for _, b in arrived if b is not None),
                name=f"inventory[{r},{t}]",
            )
            for tau, b in arrived:
                step = float(pp.locked_cost[tau, r] - pp.locked_cost[t, r])
                if b is not None and step:
                    spend += step * b
        spends.append(mathopt.LinearExpression(spend))
        if np.isfinite(p.annual_budget):
            m.add_linear_constraint(
                spend + p.sunk_spend <= p.annual_budget,
                name=f"shock[{t}]:{ConstraintFamily.BUDGET_ANNUAL}",
            )
        if np.isfinite(p.capex_budget):
            orders = [
                float(p.unit_capex[r]) * b
                for r, b in enumerate(delivered[t])
                if b is not None and p.unit_capex[r]
            ]
            m.add_linear_constraint(
                mathopt.LinearExpression(sum(orders)) <= p.capex_budget,
                name=f"shock[{t}]:{ConstraintFamily.BUDGET_CAPEX}",
            )
    m.minimize(_npv(pp, spends))
    return _Built(m, blocks, delivered, spends)


def _most_independent(
    pp: PeriodsProblem, built: _Built, cheapest: float, params: SolveParams, started: float
) -> mathopt.SolveResult | None:
    """The lexicographic second stage over the path: within the cost slack of the cheapest
    NPV, the least discounted spend on less independent venues (Σ_t δ_t deficit_t)."""
    m, slack = built.model, pp.periods[0].cost_slack
    m.add_linear_constraint(
        _npv(pp, built.spend) <= cheapest * (1 + slack) + 1e-6, name="lexicographic-cost"
    )
    m.minimize(_npv(pp, [h.deficit for h in built.blocks]))
    remaining = params.time_limit_s - (time.monotonic() - started)
    second, _, _ = _solve(built.blocks[0], params, remaining, None, started, None)
    if second is None or not second.has_primal_feasible_solution():
        return None
    return second


def _npv(pp: PeriodsProblem, amounts: list[mathopt.LinearExpression]) -> mathopt.LinearExpression:
    return mathopt.LinearExpression(
        sum(float(d) * e for d, e in zip(pp.discount, amounts, strict=True))
    )


def solve_periods(pp: PeriodsProblem, params: SolveParams | None = None) -> PeriodsResult:
    """The cheapest path (least net present value), solved in this process."""
    params = params or SolveParams()
    started = time.monotonic()
    built = build_periods(pp)
    result, params, note = _solve(built.blocks[0], params, params.time_limit_s, None, started, None)
    if result is None:
        return PeriodsResult(
            SolveStatus.ERROR, None, None, time.monotonic() - started, message=note
        )
    status, bound = _status(result), _bound(result)
    if not result.has_primal_feasible_solution():
        return PeriodsResult(status, None, bound, time.monotonic() - started, message=note)
    objective = float(result.objective_value())
    lexicographic = pp.periods[0].objective is ObjectiveKind.LEXICOGRAPHIC
    if lexicographic and status is SolveStatus.OPTIMAL:
        second = _most_independent(pp, built, objective, params, started)
        if second is not None:
            result, status = second, _status(second)
            objective, bound = float(second.objective_value()), _bound(second)
        else:  # the cheapest path, not proven the most independent within the slack
            status = SolveStatus.FEASIBLE
    values = result.variable_values()
    spend = tuple(float(e.evaluate(values)) for e in built.spend)
    delivered = np.array(
        [[0.0 if b is None else round(values[b]) for b in row] for row in built.delivered]
    )
    solutions = tuple(
        drop_needless_standby(_plain(p), _extract(h, values.__getitem__))
        for p, h in zip(pp.periods, built.blocks, strict=True)
    )
    return PeriodsResult(
        status=status,
        objective=objective,
        bound=bound,
        solve_seconds=time.monotonic() - started,
        delivered=delivered,
        solutions=solutions,
        spend=spend,
        npv=float(np.dot(pp.discount, spend)),
        message=note,
    )
