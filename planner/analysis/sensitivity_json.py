"""A sensitivity analysis as JSON (`sovplan sensitivity --json`): per group its range, the
change in annual cost at each end, the venues entering and leaving, and whether a move of
10 % already changes the mix."""

from typing import Any

from planner.analysis.perturb import FLIP_CHANGE
from planner.analysis.sensitivity import GroupResult, Move, Sensitivity


def _move(s: Sensitivity, m: Move) -> dict[str, Any]:
    base = s.base.annual_cost
    return {
        "change": m.change,
        "status": m.status.value,
        "annual_cost": m.annual_cost,
        "annual_cost_change": None
        if m.annual_cost is None or base is None
        else m.annual_cost - base,
        "mix_changes": s.changed(m),
        "entering": s.entering(m),
        "leaving": s.leaving(m),
    }


def _group(s: Sensitivity, g: GroupResult) -> dict[str, Any]:
    return {
        "group": g.group.value,
        "range": g.range,
        "low": _move(s, g.low),
        "high": _move(s, g.high),
        "flips_under_small_move": s.flips(g),
        "small_move": FLIP_CHANGE,
    }


def encode_sensitivity(s: Sensitivity) -> dict[str, Any]:
    return {
        "scenario": s.scenario.name,
        "currency": s.currency,
        "status": s.base.status.value,
        "annual_cost": s.base.annual_cost,
        "venues": list(s.base.venues.values()),
        "complete": s.complete,
        "groups": [_group(s, g) for g in s.groups],
    }
