"""The survival families of solver/model.py: a critical workload keeps its demand covered
when one provider group, one owned server or one owned site is lost.

`survives` re-derives the same rules from a solution's numbers, for the clean-up of needless
standby contracts in solver/search.py.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.math_opt.python import mathopt

from solver.families import ConstraintFamily, ConstraintRef
from solver.problem import FloatArray, IntArray, Problem

SHARE_TOLERANCE = 1e-6
"""A share of demand this close to 1 counts as covered: the solver's feasibility tolerance."""

SlackFor = Callable[[ConstraintRef], mathopt.Variable | float]
"""Elastic mode's slack for a constraint of a relaxed family, else 0."""


@dataclass(frozen=True)
class Block:
    """Where the constraints go: the model, how this block names its variables and refers to
    its constraints (a robust model's shock blocks prefix theirs), and the elastic slack."""

    model: mathopt.Model
    name: Callable[[str], str]
    ref: Callable[..., ConstraintRef]
    slack_for: SlackFor


def unit_loss_resources(p: Problem, options: Sequence[int]) -> list[int]:
    """Resources whose single unit can fail and that hold capacity of these options (u_o > 0)."""
    if p.resource_unit_loss is None:
        return []
    found = {
        int(p.option_resource[o])
        for o in options
        if p.option_resource[o] >= 0 and p.option_units[o] > 0
    }
    return sorted(r for r in found if p.resource_unit_loss[r])


def option_sites(p: Problem, options: Sequence[int]) -> IntArray:
    """The site of each option's resource, -1 for none (cloud, API)."""
    resources = p.option_resource[list(options)]
    return np.where(resources >= 0, p.resource_site[np.maximum(resources, 0)], -1)


def add_server_loss(
    p: Problem,
    block: Block,
    units: list[mathopt.Variable],
    provisioned: list[mathopt.Variable],
    w: int,
    options: Sequence[int],
) -> None:
    """`survive-server-loss[w, r]` for every owned resource r that may serve w."""
    model, name = block.model, block.name
    for r in unit_loss_resources(p, options):
        here = [o for o in options if p.option_resource[o] == r]
        elsewhere = [provisioned[o] for o in options if p.option_resource[o] != r]
        holds = model.add_binary_variable(name=name(f"b[{w},{r}]"))
        kept = {o: model.add_variable(lb=0.0, ub=1.0, name=name(f"y[{w},{r},{o}]")) for o in here}
        for o in here:
            model.add_linear_constraint(kept[o] <= provisioned[o])
            model.add_linear_constraint(provisioned[o] <= holds)
        model.add_linear_constraint(
            sum(float(p.option_units[o]) * kept[o] for o in here) <= units[r] - holds,
            name=name(f"{ConstraintFamily.SURVIVE_SERVER_LOSS}-units[{w},{r}]"),
        )
        where = block.ref(ConstraintFamily.SURVIVE_SERVER_LOSS, workload=w, resource=r)
        slack = block.slack_for(where)
        model.add_linear_constraint(
            mathopt.LinearExpression(sum(elsewhere) + sum(kept.values())) + slack >= 1.0,
            name=where.name,
        )


def add_site_loss(
    p: Problem,
    block: Block,
    provisioned: list[mathopt.Variable],
    w: int,
    options: Sequence[int],
) -> None:
    """`survive-site-loss[w, s]` for every site whose servers may serve w."""
    sites = option_sites(p, options)
    for s in sorted(set(sites.tolist()) - {-1}):
        where = block.ref(ConstraintFamily.SURVIVE_SITE_LOSS, workload=w, site=s)
        slack = block.slack_for(where)
        outside = [provisioned[o] for o, at in zip(options, sites, strict=True) if at != s]
        block.model.add_linear_constraint(
            mathopt.LinearExpression(sum(outside)) + slack >= 1.0, name=where.name
        )


def _kept_after_unit_loss(
    p: Problem, units: FloatArray, provisioned: FloatArray, here: list[int], r: int
) -> float:
    """The largest share the options on r still serve with one unit of r fewer: the
    fastest first (a fractional knapsack, as the model's y_o^r allow)."""
    room = float(units[r]) - 1.0
    kept = 0.0
    for o in sorted(here, key=lambda o: p.option_units[o]):
        take = min(float(provisioned[o]), max(room, 0.0) / float(p.option_units[o]))
        kept += take
        room -= take * float(p.option_units[o])
    return kept


def survives(p: Problem, units: FloatArray, provisioned: FloatArray, w: int) -> bool:
    """Whether workload w keeps its demand covered under every loss the problem asks it to
    survive, with these units and this provisioned capacity."""
    if not p.workload_critical[w]:
        return True
    options = [int(o) for o in np.flatnonzero(p.option_workload == w)]
    share = provisioned[options]
    need = 1.0 - SHARE_TOLERANCE
    if p.survive_group_loss:
        groups = p.option_group[options]
        if any(share[groups != g].sum() < need for g in set(groups.tolist()) - {-1}):
            return False
    if p.survive_site_loss:
        sites = option_sites(p, options)
        if any(share[sites != s].sum() < need for s in set(sites.tolist()) - {-1}):
            return False
    for r in unit_loss_resources(p, options):
        here = [o for o in options if p.option_resource[o] == r]
        if provisioned[here].sum() <= 0:
            continue
        rest = sum(float(provisioned[o]) for o in options if p.option_resource[o] != r)
        if rest + _kept_after_unit_loss(p, units, provisioned, here, r) < need:
            return False
    return True
