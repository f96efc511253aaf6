"""Solve over the pruned options, then prove the plan over every eligible option.

Where the compile had to prune (a spend ratio in the model and listings that repeat one
another at different prices; planner/optimise/options.py), the pruned solve gives a plan
fast, and a second solve over the exact option set — started from that plan, with the time
left — proves it optimal over every eligible option, finds a better one, or ends at the time
limit with a bound that holds for all options. Only when the exact set is too large to
build, or no time is left, is the result's scope the pruned set, and every face of the plan
says so (`OptionScope`).
"""

import time
from dataclasses import dataclass, replace

import numpy as np

from planner.optimise.compile import Indexed, to_problem
from planner.optimise.options import Compiled, OptionScope, widen
from planner.scenario.model import Scenario
from solver.problem import (
    CancelToken,
    ObjectiveKind,
    Solution,
    SolveParams,
    SolveResult,
    SolveStatus,
    relative_gap,
)
from solver.rebound import ModelCache
from solver.solve import ProgressCallback, solve

PROOF_OPTION_LIMIT = 40_000
"""Largest exact option set a proof is tried on: building its model takes about 2 s on the
2-core CI machine, and SCIP proves such sets in seconds to tens of seconds
(docs/performance.md, "Optimality and pruning")."""
MIN_PROOF_SECONDS = 1.0
"""Time left below which no proof is started: it could not even build the model."""
SAME_OBJECTIVE = 1e-9
"""Relative difference below which two objective values are one."""


@dataclass(frozen=True)
class Solved:
    """A solve's result, the options it chose from, and what its status holds for."""

    compiled: Compiled
    indexed: Indexed
    result: SolveResult
    scope: OptionScope


def _hint(pruned: Indexed, exact: Indexed, solution: Solution) -> Solution:
    """The pruned plan in the exact problem's indices (pruned options are a subset)."""
    resources = {key: i for i, key in enumerate(exact.resource_keys)}
    units = np.zeros(len(exact.resource_keys))
    for key, n in zip(pruned.resource_keys, solution.units, strict=True):
        units[resources[key]] = n
    options = {o: i for i, o in enumerate(exact.compiled.options)}
    served = np.zeros(len(options))
    provisioned = np.zeros(len(options))
    for option, x, z in zip(
        pruned.compiled.options, solution.served, solution.provisioned, strict=True
    ):
        served[options[option]], provisioned[options[option]] = x, z
    return Solution(units, served, provisioned)


def _better(proof: SolveResult, pruned: SolveResult) -> bool:
    if proof.solution is None or proof.objective is None:
        return False
    if pruned.solution is None or pruned.objective is None:
        return True
    return proof.objective < pruned.objective - SAME_OBJECTIVE * max(1.0, abs(pruned.objective))


def _merge(pruned: SolveResult, proof: SolveResult, objective: ObjectiveKind) -> SolveResult | None:
    """The result over every option, from the pruned result and the proof's, or None when
    the proof says nothing of the pruned plan (cancelled; a lexicographic bound)."""
    if proof.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE):
        return proof
    if proof.status is SolveStatus.CANCELLED:
        return None
    if pruned.solution is None:
        return proof if proof.solution is not None else None
    if objective is ObjectiveKind.LEXICOGRAPHIC or proof.bound is None:
        return None  # a bound on cost says nothing of the second stage's objective
    best = proof if _better(proof, pruned) else pruned
    gap = relative_gap(best.objective, proof.bound)
    proven = gap is not None and gap <= SAME_OBJECTIVE
    status = SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE
    return replace(best, status=status, bound=proof.bound)


def solve_options(
    scenario: Scenario,
    compiled: Compiled,
    params: SolveParams,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    models: ModelCache | None = None,
) -> Solved:
    """The plan over `compiled`, proven over every eligible option where time allows; both
    solves on the models `models` keeps, where given and no `cancel` asks for a child
    process."""
    started = time.monotonic()
    indexed = to_problem(scenario, compiled)
    if models is not None and cancel is None:
        result = models.solve(indexed.problem, params, progress=progress)
    else:
        result = solve(indexed.problem, params, progress=progress, cancel=cancel)
    first = Solved(compiled, indexed, result, compiled.scope)
    widening = compiled.widening
    remaining = params.time_limit_s - (time.monotonic() - started)
    if (
        widening is None
        or widening.count > PROOF_OPTION_LIMIT
        or remaining < MIN_PROOF_SECONDS
        or result.status not in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE)
        or (cancel is not None and cancel.cancelled)
    ):
        return first
    exact = widen(compiled)
    exact_indexed = to_problem(scenario, exact)
    hint = None if result.solution is None else _hint(indexed, exact_indexed, result.solution)
    remaining = params.time_limit_s - (time.monotonic() - started)
    if remaining <= 0:
        return first
    proof_params = replace(params, time_limit_s=remaining)
    if models is not None and cancel is None:
        proof = models.solve(exact_indexed.problem, proof_params, progress=progress, hint=hint)
    else:
        proof = solve(
            exact_indexed.problem, proof_params, progress=progress, cancel=cancel, hint=hint
        )
    if proof.status is SolveStatus.CANCELLED:
        return replace(first, result=replace(result, status=SolveStatus.CANCELLED))
    merged = _merge(result, proof, indexed.problem.objective)
    if merged is None:
        return first
    merged = replace(merged, solve_seconds=time.monotonic() - started)
    if merged.solution is None or merged.solution is proof.solution:
        return Solved(exact, exact_indexed, merged, OptionScope.ALL)
    return Solved(compiled, indexed, merged, OptionScope.ALL)
