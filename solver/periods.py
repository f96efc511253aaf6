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
delivered earlier counts at today's price of the same unit, not the price it was bought
at: the shares of spend that independence and lock-in weigh are replacement values).

With one period, f_r = 0 for every r, L = c and δ_0 = 1, the model is solver/model.py's:
n = b, E_0 = S_0, and the budgets are the same rows.
"""

import time
from dataclasses import dataclass, replace

import numpy as np
from ortools.math_opt.python import mathopt

from solver.families import ConstraintFamily
from solver.model import Handles, add_block
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
    """The net present value of the path."""
    bound: float | None
    solve_seconds: float
    delivered: FloatArray | None = None
    """b_{r,t} (periods × resources), whole units."""
    solutions: tuple[Solution, ...] = ()
    """Per period, its block's units, shares served and provisioned."""
    spend: tuple[float, ...] = ()
    """E_t per period, undiscounted."""
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
    m.minimize(sum(float(d) * e for d, e in zip(pp.discount, spends, strict=True)))
    return _Built(m, blocks, delivered, spends)


def solve_periods(pp: PeriodsProblem, params: SolveParams | None = None) -> PeriodsResult:
    """The cheapest path (least net present value), solved in this process."""
    params = params or SolveParams()
    started = time.monotonic()
    built = build_periods(pp)
    first = built.blocks[0]
    result, _, note = _solve(first, params, params.time_limit_s, None, started, None)
    elapsed = time.monotonic() - started
    if result is None:
        return PeriodsResult(SolveStatus.ERROR, None, None, elapsed, message=note)
    status = _status(result)
    if not result.has_primal_feasible_solution():
        return PeriodsResult(status, None, _bound(result), elapsed, message=note)
    values = result.variable_values()
    delivered = np.array(
        [[0.0 if b is None else round(values[b]) for b in row] for row in built.delivered]
    )
    solutions = tuple(
        drop_needless_standby(_plain(p), _extract(h, values.__getitem__))
        for p, h in zip(pp.periods, built.blocks, strict=True)
    )
    return PeriodsResult(
        status=status,
        objective=float(result.objective_value()),
        bound=_bound(result),
        solve_seconds=elapsed,
        delivered=delivered,
        solutions=solutions,
        spend=tuple(float(e.evaluate(values)) for e in built.spend),
        message=note,
    )
