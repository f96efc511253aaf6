"""Build once, solve many: a model kept and solved again under other bounds and objectives.

The points of a front, the near-optimal alternatives and a re-plan after an edit of a
budget, a floor or a weight change only
- the annual and capital budgets (a row's upper bound),
- the independence floor and the lock-in ceiling (a row's coefficients, solver/bounds.py),
- the objective (cost, the weighted surcharges, spend weights),
so the model built for the first solve is kept and only these are set on it: building the
model is most of a small solve's time (about 0.05 s on the bank, 0.4 s at national scale).
The rows are set to the numbers a fresh build would give them, so a re-solve is the solve of
the model a fresh build makes; a row the first build left out (no budget, no floor) is added
when a later problem has one. Anything else — other options, prices or survival rules, a
ceiling where the first build had none (its supplier rows), a lexicographic objective (its
second stage adds a row), elastic mode — builds afresh.
"""

import threading
import time
from dataclasses import fields
from typing import Any

import numpy as np
from ortools.math_opt.python import mathopt

from solver.bounds import (
    Coefficients,
    ceiling_coefficients,
    expression,
    floor_coefficients,
    reset,
)
from solver.families import ConstraintFamily
from solver.handles import Handles
from solver.model import build
from solver.objective import set_objective
from solver.problem import ObjectiveKind, Problem, Solution, SolveParams, SolveResult
from solver.search import ProgressCallback, search, search_built, throttled_progress

REBOUND_FIELDS = frozenset(
    {
        "annual_budget",
        "capex_budget",
        "min_independence",
        "max_lock_in",
        "objective",
        "independence_surcharge",
        "lock_in_surcharge",
        "spend_weights",
    }
)
"""The fields of a `Problem` a kept model takes new values of; any other difference builds
afresh."""
INF = float("inf")


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.array_equal(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def same_structure(a: Problem, b: Problem) -> bool:
    """`a` and `b` differ at most in REBOUND_FIELDS."""
    return all(
        _same(getattr(a, f.name), getattr(b, f.name))
        for f in fields(Problem)
        if f.name not in REBOUND_FIELDS
    )


class ReusableModel:
    """The model of one problem, solved again for problems that differ only in
    REBOUND_FIELDS (`accepts`)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.handles: Handles = build(problem)
        h = self.handles
        self._floor: Coefficients = {}
        if h.floor is not None:
            assert problem.min_independence is not None
            self._floor = floor_coefficients(problem, h.units, h.served, problem.min_independence)
        self._ceiling: Coefficients = {}
        if h.ceiling is not None and h.lock_in is not None:
            assert problem.max_lock_in is not None
            self._ceiling = ceiling_coefficients(h.lock_in, h.spend, problem.max_lock_in)[0]

    def accepts(self, problem: Problem) -> bool:
        return (
            problem.objective is not ObjectiveKind.LEXICOGRAPHIC
            and (problem.max_lock_in is None or self.handles.ceiling is not None)
            and same_structure(self.problem, problem)
        )

    def solve(
        self,
        problem: Problem,
        params: SolveParams,
        *,
        hint: Solution | None = None,
        progress: ProgressCallback | None = None,
    ) -> SolveResult:
        """`search(problem, params)` on the kept model; `problem` must be `accepts`ed."""
        assert self.accepts(problem)
        started = time.monotonic()
        self._budgets(problem)
        self._set_floor(problem)
        self._set_ceiling(problem)
        set_objective(problem, self.handles, 1.0)
        report = None if progress is None else throttled_progress(progress)
        return search_built(
            self.handles, problem, params, started=started, on_progress=report, hint=hint
        )

    def _budgets(self, p: Problem) -> None:
        h = self.handles
        if h.budget is not None:
            h.budget.upper_bound = p.annual_budget - p.sunk_spend
        elif np.isfinite(p.annual_budget):
            h.budget = h.model.add_linear_constraint(
                h.spend + p.sunk_spend <= p.annual_budget,
                name=h.ref(ConstraintFamily.BUDGET_ANNUAL).name,
            )
        if h.capex is not None:
            h.capex.upper_bound = p.capex_budget
        elif np.isfinite(p.capex_budget):
            capex = mathopt.LinearExpression(
                sum(
                    float(p.unit_capex[r]) * h.units[r]
                    for r in range(p.n_resources)
                    if p.unit_capex[r]
                )
            )
            h.capex = h.model.add_linear_constraint(
                capex <= p.capex_budget, name=h.ref(ConstraintFamily.BUDGET_CAPEX).name
            )

    def _set_floor(self, p: Problem) -> None:
        h = self.handles
        if p.min_independence is None:
            if h.floor is not None:
                h.floor.lower_bound = -INF
            return
        terms = floor_coefficients(p, h.units, h.served, p.min_independence)
        if h.floor is None:
            h.floor = h.model.add_linear_constraint(
                lb=0.0, expr=expression(terms), name=h.ref(ConstraintFamily.MIN_INDEPENDENCE).name
            )
        else:
            reset(h.floor, self._floor, terms)
            h.floor.lower_bound = 0.0
        self._floor = terms

    def _set_ceiling(self, p: Problem) -> None:
        h = self.handles
        if h.ceiling is None or h.lock_in is None:
            return
        if p.max_lock_in is None:
            h.ceiling.upper_bound = INF
            return
        terms, upper = ceiling_coefficients(h.lock_in, h.spend, p.max_lock_in)
        reset(h.ceiling, self._ceiling, terms)
        h.ceiling.upper_bound = upper
        self._ceiling = terms


MODELS_KEPT = 2
"""Models a cache keeps: a plan's solve over the pruned options and its proof over every
option (planner/optimise/proving.py) are two problems; a sweep needs one."""


class ModelCache:
    """The models last built, kept for the next solve of a problem like one of them (a
    sweep's next point, a re-plan after a budget edit). Safe to share between threads (one
    solve at a time); it travels to another process empty (a MathOpt model does not pickle),
    and that process builds its own on its first solve."""

    def __init__(self, size: int = MODELS_KEPT) -> None:
        self._size = size
        self._models: list[ReusableModel] = []
        self._lock = threading.Lock()
        self.builds = 0
        """Models built so far (a test and a benchmark read it)."""

    def solve(
        self,
        problem: Problem,
        params: SolveParams | None = None,
        *,
        hint: Solution | None = None,
        progress: ProgressCallback | None = None,
    ) -> SolveResult:
        """The same result as `solver.solve.solve(problem, params)` without a cancel token:
        on a kept model that `accepts` the problem, else on a model built for it."""
        params = params or SolveParams()
        if problem.objective is ObjectiveKind.LEXICOGRAPHIC:
            report = None if progress is None else throttled_progress(progress)
            return search(problem, params, hint=hint, on_progress=report)
        with self._lock:
            found = next((m for m in self._models if m.accepts(problem)), None)
            if found is None:
                found = ReusableModel(problem)
                self.builds += 1
            else:
                self._models.remove(found)
            self._models = [found, *self._models][: self._size]
            return found.solve(problem, params, hint=hint, progress=progress)

    def __getstate__(self) -> dict[str, object]:
        return {"size": self._size}

    def __setstate__(self, state: dict[str, object]) -> None:
        size = state.get("size", MODELS_KEPT)
        self.__init__(size if isinstance(size, int) else MODELS_KEPT)  # type: ignore[misc]
