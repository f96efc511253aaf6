"""Build once, solve many: a kept model solved under other budgets, floors, ceilings and
objectives gives what a fresh build gives, and it is the very model a fresh build makes."""

import pickle
from dataclasses import replace

import numpy as np
import pytest
from ortools.math_opt.python import mathopt

from solver.families import ConstraintFamily
from solver.model import build
from solver.problem import ObjectiveKind, SolveParams, SolveResult
from solver.rebound import ModelCache, ReusableModel
from solver.solve import solve
from tests.solver.test_solve import tiny

pytestmark = pytest.mark.solver

Rows = dict[str, tuple[float, float, list[tuple[int, float]]]]


def _rows(model: mathopt.Model) -> Rows:
    return {
        c.name: (
            c.lower_bound,
            c.upper_bound,
            sorted((t.variable.id, t.coefficient) for t in c.terms()),
        )
        for c in model.linear_constraints()
    }


def _objective(model: mathopt.Model) -> list[tuple[int, float]]:
    return sorted((t.variable.id, t.coefficient) for t in model.objective.linear_terms())


FIRST = tiny(
    min_independence=0.0, max_lock_in=100.0, resource_lockin_per_spend=np.array([0.2, 0.5])
)
VARIANTS = [
    replace(FIRST, min_independence=60.0),
    replace(FIRST, min_independence=30.0, annual_budget=170.0),
    replace(FIRST, max_lock_in=30.0),
    replace(FIRST, min_independence=None, max_lock_in=None, capex_budget=1e6),
    replace(FIRST, objective=ObjectiveKind.WEIGHTED, independence_surcharge=1.0),
    replace(FIRST, spend_weights=(np.array([1.0, 0.01]), np.array([1.0, 0.01, 1.0]))),
    replace(FIRST, annual_budget=100.0),
]
"""Floors up and down, a budget added, a ceiling tightened, bounds dropped, other objectives,
and a budget no plan meets."""


def _same(a: SolveResult, b: SolveResult) -> None:
    assert a.status is b.status
    assert a.objective == b.objective
    if a.solution is not None:
        assert b.solution is not None
        assert a.solution.units.tolist() == b.solution.units.tolist()
        assert a.solution.served.tolist() == b.solution.served.tolist()


def test_each_re_solve_is_the_fresh_solve_of_the_same_model() -> None:
    kept = ReusableModel(FIRST)
    for variant in VARIANTS:
        assert kept.accepts(variant)
        _same(kept.solve(variant, SolveParams()), solve(variant))
        fresh = build(variant)
        kept_rows, fresh_rows = _rows(kept.handles.model), _rows(fresh.model)
        assert {k: kept_rows[k] for k in fresh_rows} == fresh_rows
        for name in kept_rows.keys() - fresh_rows.keys():
            # a bound the variant has not: its row binds nothing (the supplier rows beneath
            # the lock-in ceiling are inert without it)
            free = kept_rows[name][:2] == (-np.inf, np.inf)
            assert free or name.startswith(str(ConstraintFamily.SUPPLIER_SPEND)), name
        assert _objective(kept.handles.model) == _objective(fresh.model)


def test_the_cache_builds_once_for_bounds_and_again_for_other_options() -> None:
    cache = ModelCache()
    for variant in VARIANTS:
        _same(cache.solve(variant), solve(variant))
    assert cache.builds == 1
    dearer = replace(VARIANTS[0], unit_cost=FIRST.unit_cost * 2)
    _same(cache.solve(dearer), solve(dearer))
    assert cache.builds == 2, "other prices are another model"
    _same(cache.solve(VARIANTS[1]), solve(VARIANTS[1]))
    assert cache.builds == 2, "the first model is kept beside it (a plan and its proof)"
    lexicographic = replace(FIRST, objective=ObjectiveKind.LEXICOGRAPHIC)
    _same(cache.solve(lexicographic), solve(lexicographic))


def test_a_cache_travels_to_another_process_empty() -> None:
    cache = ModelCache()
    cache.solve(FIRST)
    copy = pickle.loads(pickle.dumps(cache))
    assert copy.builds == 0
    _same(copy.solve(VARIANTS[0]), solve(VARIANTS[0]))
