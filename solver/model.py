r"""The optimisation model, built with OR-Tools MathOpt.

Sets: resources r ∈ R (bought in whole units), options o ∈ O (a way to serve part of one
workload w(o), on resource r(o) or pay-per-use), workloads w, sites s, provider groups g,
supplier axes a with suppliers k, shared venues v (one line of the plan — the units of a
listing, replica-sized bundles included, and hours rented on it — whose cost its options
share).

Parameters: annual cost c_r, capital k_r and power p_r per unit; units u_o of r(o) needed to
serve all of w(o); pay-per-use cost v_o for all of w(o); venue independence I_r, I_o (0–100);
linear lock-in per unit of spend ℓ_r, ℓ_o and per share served e_o (data egress on exit);
budget B, capex budget C, site power P_s, maximum group share α, minimum independence I_min,
maximum lock-in L, axis weights λ_a.

Variables: n_r ∈ ℤ≥0 units bought; x_o ∈ [0, 1] share served; z_o ∈ [0, 1] share provisioned;
t_a ≥ 0 the largest supplier's spend on axis a.

    spend        S = Σ_r c_r n_r + Σ_o v_o x_o

    demand-coverage        Σ_{o ∈ O(w)} x_o = 1                                  ∀ w
    backup-provision       x_o ≤ z_o                                              ∀ o
    resource-capacity      Σ_{o: r(o)=r} u_o z_o ≤ n_r                            ∀ r
    holding-kept           Σ_{r: h(r)=h} m_r n_r ≥ H_h                            ∀ holdings h
    holding-frozen         Σ_{r: h(r)=h} m_r n_r ≤ H_h                            ∀ frozen h
    survive-provider-loss  Σ_{o ∈ O(w), g(o) ≠ g} z_o ≥ 1                         ∀ critical w, g
    survive-server-loss    Σ_{o ∈ O(w), r(o) ≠ r} z_o + Σ_{o ∈ O(w), r(o) = r} y_o^r ≥ 1,
                           Σ_{o ∈ O(w), r(o) = r} u_o y_o^r ≤ n_r − b_wr,
                           y_o^r ≤ z_o ≤ b_wr                  ∀ critical w, r ∈ R_unit-loss
    survive-site-loss      Σ_{o ∈ O(w), s(r(o)) ≠ s} z_o ≥ 1             ∀ critical w, s (if asked)
    budget-annual          S + S₀ ≤ B
    budget-capex           Σ_r k_r n_r ≤ C
    site-power             Σ_{r at s} p_r n_r ≤ P_s                               ∀ s
    provider-share         Σ_{r ∈ g} c_r n_r + Σ_{o ∈ g} v_o x_o ≤ α S            ∀ g
    min-independence       Σ_r c_r n_r (I_r − I_min) + Σ_o v_o x_o (I_o − I_min) ≥ 0
    max-lock-in            Σ_r c_r ℓ_r n_r + Σ_o (v_o ℓ_o + e_o) x_o + Σ_a λ_a t_a ≤ L/100 · S
    supplier-spend         t_a ≥ spend with supplier k ≥ 0 on axis a           ∀ a, k
    idle-spend             y_v ≥ Σ_{r at v} c_r n_r + Σ_{o at v} v_o x_o − Σ_{o at v} a_o z_o,
                           y_v ≥ 0                                              ∀ shared venues v

Survival (solver/survival.py): z_o ≥ x_o is capacity held for w(o), standby included.
survive-server-loss is N+1 on servers the organisation owns (R_unit-loss): b_wr ∈ {0, 1}
says r holds capacity for w, and y_o^r ≥ 0 is the share o still serves once one unit of r
is gone; with one unit fewer the options on r still carry what they carry there, or other
venues hold standby for the rest. The binary makes the lost unit count only where r serves
w (n_r − 1 where it does, nothing where it does not). Losing the unit takes capacity from w
only: other workloads on r give way to a critical one. Option pruning stays exact: on one
resource a faster model needs fewer units in both the capacity row and the N+1 row, and
pooling the units of one listing class at one site never loses more than one unit of the
pool. survive-site-loss counts only owned sites (s(r) = −1 for cloud and API).

Spend with a supplier: resources by unit cost, options by their attributed cost a_o (for an
option on a resource its share of the units, u_o c_r; else its usage cost v_o) times the
share served x_o. On an occupancy axis (model vendors) a shared venue's cost — the units of
one listing, and the hours rented on it — is split by the capacity each option occupies
(z_o, standby included), idle capacity spread over the models on it: there the spend of k
is Σ_{o ∈ k} a_o z_o + Σ_v y_v, which is never below k's share however the idle part falls.

Objectives: cost — min S; spend weights (alternatives) — min Σ w_r c_r n_r + Σ w_o v_o x_o;
least change from a reference plan (recoveries) — solver/stay.py;
weighted — min S + Σ surcharge(r) c_r n_r + Σ surcharge(o) v_o x_o
with surcharge = σ_I (100 − I)/100 + σ_L ℓ; lexicographic — min S, then with S ≤ (1 + ε) S*,
min Σ (100 − I)/100 · spend (the spend on less independent venues).

Independence is a spend-weighted average, so `min-independence` is exact. Lock-in uses a
linear stand-in: the concentration terms bound HHI/10,000 × share by the largest supplier's
share of spend (Σ s_i² ≤ max s_i, with each supplier's spend bounded from above as said),
so the stand-in is never below the true score, which planner/ recomputes from the final
plan. Elastic mode adds a slack to each constraint of
the relaxable families it is given (named as above: `ConstraintFamily` in
solver/families.py) and minimises the relative violations, to say which requirements
conflict and by how much.

Holdings (a re-plan after a shock, planner/analysis/): units an earlier plan already bought
— the servers of one SKU at one site, the instances of one committed offer — are sunk. A
holding h counts H_h units; resource r draws m_r of them per unit (1, or a bundle's size).
What the plan owes whatever it decides is the constant S₀ (lost commitments, held units
dearer than today's price): it counts against the budget, `S + S₀ ≤ B`, and nowhere else.
In a robust model (solver/robust.py) each shock's block is this model again, with H_h and
part of S₀ linear in the units of the plan's own block instead of constants.
"""

from collections import defaultdict
from typing import TypeAlias

import numpy as np
from ortools.math_opt.python import mathopt

from solver.bounds import ceiling_coefficients, expression, floor_coefficients, spend_terms
from solver.families import ConstraintFamily, ConstraintRef
from solver.handles import Handles
from solver.objective import set_objective
from solver.problem import Problem
from solver.survival import Block, add_server_loss, add_site_loss


def _relax(
    h: Handles, where: ConstraintRef, scale: float, elastic: frozenset[ConstraintFamily]
) -> mathopt.Variable | float:
    """A slack variable if elastic mode relaxes the constraint's family, else 0."""
    if where.family not in elastic:
        return 0.0
    slack = h.model.add_variable(lb=0.0, name=f"slack:{where.name}")
    h.slacks.append((slack, where, max(scale, 1e-9)))
    return slack


def build(
    p: Problem,
    *,
    elastic: frozenset[ConstraintFamily] = frozenset(),
    reference_spend: float = 1.0,
) -> Handles:
    """The model of the docstring; the families in `elastic` get slacks (elastic mode)."""
    return add_block(  # which sets the objective
        mathopt.Model(name="sovplan"), p, elastic=elastic, reference_spend=reference_spend
    )


Amount: TypeAlias = mathopt.LinearExpression | float
"""A constant, or an expression in another block's variables (a robust model's first stage)."""


def add_block(
    m: mathopt.Model,
    p: Problem,
    *,
    elastic: frozenset[ConstraintFamily] = frozenset(),
    reference_spend: float = 1.0,
    block: int | None = None,
    held: list[Amount] | None = None,
    sunk: Amount | None = None,
) -> Handles:
    """The variables and constraints of the docstring for `p`, added to `m`, without an
    objective. `held` replaces the holdings' H_h and `sunk` adds to S₀ (solver/robust.py:
    what a shock's recourse keeps is what the first stage bought)."""
    h = Handles(
        m, [], [], [], mathopt.LinearExpression(0.0), mathopt.LinearExpression(0.0), block=block
    )
    h.units = [m.add_integer_variable(lb=0.0, name=h.name(f"n[{r}]")) for r in range(p.n_resources)]
    h.served = [m.add_variable(lb=0.0, ub=1.0, name=h.name(f"x[{o}]")) for o in range(p.n_options)]
    critical_survival = p.standby
    h.provisioned = [
        m.add_variable(lb=0.0, ub=1.0, name=h.name(f"z[{o}]"))
        if critical_survival and p.workload_critical[p.option_workload[o]]
        else h.served[o]
        for o in range(p.n_options)
    ]
    units, served, provisioned = h.units, h.served, h.provisioned
    ones_r, ones_o = np.ones(p.n_resources), np.ones(p.n_options)
    h.spend = spend_terms(p, h.units, h.served, ones_r, ones_o)
    h.deficit = spend_terms(
        p,
        h.units,
        h.served,
        (100.0 - p.resource_independence) / 100.0,
        (100.0 - p.option_independence) / 100.0,
    )
    by_workload: dict[int, list[int]] = defaultdict(list)
    for o in range(p.n_options):
        by_workload[int(p.option_workload[o])].append(o)

    for w, options in by_workload.items():
        m.add_linear_constraint(
            sum(served[o] for o in options) == 1.0,
            name=h.name(f"{ConstraintFamily.DEMAND_COVERAGE}[{w}]"),
        )
        if critical_survival and p.workload_critical[w]:
            for o in options:
                m.add_linear_constraint(
                    served[o] <= provisioned[o],
                    name=h.name(f"{ConstraintFamily.BACKUP_PROVISION}[{o}]"),
                )
            _survival(p, h, w, options, elastic)

    by_resource: dict[int, list[int]] = defaultdict(list)
    for o in range(p.n_options):
        if p.option_resource[o] >= 0:
            by_resource[int(p.option_resource[o])].append(o)
    for r in range(p.n_resources):
        m.add_linear_constraint(
            sum(float(p.option_units[o]) * provisioned[o] for o in by_resource[r]) <= units[r],
            name=h.name(f"{ConstraintFamily.RESOURCE_CAPACITY}[{r}]"),
        )
    _holdings(p, h, held)

    if np.isfinite(p.annual_budget):
        where = h.ref(ConstraintFamily.BUDGET_ANNUAL)
        slack = _relax(h, where, p.annual_budget, elastic)
        h.budget = m.add_linear_constraint(
            h.spend + p.sunk_spend + (0.0 if sunk is None else sunk) <= p.annual_budget + slack,
            name=where.name,
        )
    if np.isfinite(p.capex_budget):
        where = h.ref(ConstraintFamily.BUDGET_CAPEX)
        slack = _relax(h, where, p.capex_budget, elastic)
        capex = mathopt.LinearExpression(
            sum(float(p.unit_capex[r]) * units[r] for r in range(p.n_resources) if p.unit_capex[r])
        )
        h.capex = m.add_linear_constraint(capex <= p.capex_budget + slack, name=where.name)
    for s, limit in enumerate(p.site_power_limit_kw):
        if np.isfinite(limit):
            at_site = [r for r in range(p.n_resources) if p.resource_site[r] == s]
            where = h.ref(ConstraintFamily.SITE_POWER, site=s)
            slack = _relax(h, where, max(limit, 1.0), elastic)
            power = mathopt.LinearExpression(
                sum(float(p.unit_power_kw[r]) * units[r] for r in at_site)
            )
            m.add_linear_constraint(power <= limit + slack, name=where.name)
    if p.max_group_share < 1.0:
        for g in range(p.n_groups):
            group_spend = spend_terms(
                p,
                h.units,
                h.served,
                (p.resource_group == g).astype(float),
                (p.option_group == g).astype(float),
            )
            where = h.ref(ConstraintFamily.PROVIDER_SHARE, group=g)
            slack = _relax(h, where, reference_spend, elastic)
            m.add_linear_constraint(
                group_spend <= p.max_group_share * h.spend + slack, name=where.name
            )
    if p.min_independence is not None:
        where = h.ref(ConstraintFamily.MIN_INDEPENDENCE)
        slack = _relax(h, where, reference_spend * 100, elastic)
        terms = floor_coefficients(p, h.units, h.served, p.min_independence)
        h.floor = m.add_linear_constraint(lb=0.0, expr=expression(terms) + slack, name=where.name)
    if p.max_lock_in is not None:
        _lock_in(p, h, elastic, reference_spend)
    set_objective(p, h, reference_spend)
    return h


def _survival(
    p: Problem, h: Handles, w: int, options: list[int], elastic: frozenset[ConstraintFamily]
) -> None:
    """The survival families for one critical workload (shares of demand: a slack of 1 is
    the whole demand uncovered)."""

    def slack_for(where: ConstraintRef) -> mathopt.Variable | float:
        return _relax(h, where, 1.0, elastic)

    block = Block(h.model, h.name, h.ref, slack_for)
    if p.survive_group_loss:
        for g in sorted({int(p.option_group[o]) for o in options} - {-1}):
            where = h.ref(ConstraintFamily.SURVIVE_PROVIDER_LOSS, workload=w, group=g)
            outside = [h.provisioned[o] for o in options if p.option_group[o] != g]
            h.model.add_linear_constraint(
                mathopt.LinearExpression(sum(outside)) + slack_for(where) >= 1.0, name=where.name
            )
    add_server_loss(p, block, h.units, h.provisioned, w, options)
    if p.survive_site_loss:
        add_site_loss(p, block, h.provisioned, w, options)


def _idle_spend(p: Problem, h: Handles) -> mathopt.LinearExpression:
    """Σ_v y_v: spend on shared venues that no option occupies (`idle-spend`)."""
    if p.resource_venue is None or p.option_venue is None:
        return mathopt.LinearExpression(0.0)
    idle = mathopt.LinearExpression(0.0)
    venues = sorted((set(p.resource_venue.tolist()) | set(p.option_venue.tolist())) - {-1})
    for v in venues:
        bought = spend_terms(
            p,
            h.units,
            h.served,
            (p.resource_venue == v).astype(float),
            (p.option_venue == v).astype(float),
        )
        occupied = sum(
            float(p.option_attributed_cost[o]) * h.provisioned[o]
            for o in np.flatnonzero(p.option_venue == v)
        )
        y = h.model.add_variable(lb=0.0, name=h.name(f"y[{v}]"))
        h.model.add_linear_constraint(
            y >= bought - occupied, name=h.name(f"{ConstraintFamily.SUPPLIER_SPEND}[idle,{v}]")
        )
        idle += y
    return idle


def _supplier_spend(
    p: Problem, h: Handles, axis: str, k: int, idle: mathopt.LinearExpression
) -> mathopt.LinearExpression:
    """Spend with supplier k on an axis, never below what the plan's score counts for it."""
    r_labels = p.resource_suppliers.get(axis, np.full(p.n_resources, -1))
    o_labels = p.option_suppliers.get(axis, np.full(p.n_options, -1))
    spend = spend_terms(p, h.units, h.served, (r_labels == k).astype(float), np.zeros(p.n_options))
    shared = p.option_venue if axis in p.occupancy_axes else None
    for o in np.flatnonzero(o_labels == k):
        share = h.provisioned[o] if shared is not None and shared[o] >= 0 else h.served[o]
        spend += float(p.option_attributed_cost[o]) * share
    if shared is not None:
        spend += idle
    return spend


def _lock_in(
    p: Problem, h: Handles, elastic: frozenset[ConstraintFamily], reference_spend: float
) -> None:
    total = spend_terms(
        p, h.units, h.served, p.resource_lockin_per_spend, p.option_lockin_per_spend
    )
    if p.option_lockin_fixed is not None:
        total += sum(
            float(p.option_lockin_fixed[o]) * h.served[o]
            for o in np.flatnonzero(p.option_lockin_fixed)
        )
    weighted = [(axis, w) for axis, w in p.axis_weights.items() if w > 0]
    idle = (
        _idle_spend(p, h)
        if any(axis in p.occupancy_axes for axis, _ in weighted)
        else mathopt.LinearExpression(0.0)
    )
    for axis, weight in weighted:
        largest = h.model.add_variable(lb=0.0, name=h.name(f"t[{axis}]"))
        r_labels = p.resource_suppliers.get(axis, np.full(p.n_resources, -1))
        o_labels = p.option_suppliers.get(axis, np.full(p.n_options, -1))
        for k in sorted((set(r_labels.tolist()) | set(o_labels.tolist())) - {-1}):
            h.model.add_linear_constraint(
                largest >= _supplier_spend(p, h, axis, k, idle),
                name=h.name(f"{ConstraintFamily.SUPPLIER_SPEND}[{axis},{k}]"),
            )
        total += weight * largest
    where = h.ref(ConstraintFamily.MAX_LOCK_IN)
    slack = _relax(h, where, reference_spend, elastic)
    assert p.max_lock_in is not None
    terms, upper = ceiling_coefficients(total, h.spend, p.max_lock_in)
    h.lock_in = total
    h.ceiling = h.model.add_linear_constraint(
        ub=upper, expr=expression(terms) - slack, name=where.name
    )


def _holdings(p: Problem, h: Handles, held: list[Amount] | None) -> None:
    """`holding-kept` and `holding-frozen`: what was bought stays bought, and cannot grow
    where no more can be bought. `held`: H_h as given (a robust model's first stage)."""
    if p.resource_holding is None or p.resource_holding_units is None:
        return
    for k in range(p.n_holdings):
        members = np.flatnonzero(p.resource_holding == k)
        units_held = mathopt.LinearExpression(
            sum(float(p.resource_holding_units[r]) * h.units[r] for r in members)
        )
        bought = float(p.held_units[k]) if held is None else held[k]
        h.model.add_linear_constraint(
            units_held >= bought, name=h.name(f"{ConstraintFamily.HOLDING_KEPT}[{k}]")
        )
        if p.held_frozen[k]:
            h.model.add_linear_constraint(
                units_held <= bought, name=h.name(f"{ConstraintFamily.HOLDING_FROZEN}[{k}]")
            )
