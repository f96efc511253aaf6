"""Re-plans after an edit that changes only bounds or the objective skip the compile.

A budget, a floor on independence, a ceiling on lock-in, the objective and its surcharges
enter the solver's arrays (planner/optimise/compile.py, `to_problem`), not the options: the
compiled options of a scenario serve every edit of those. A `PlanCache` keeps the options
of the last few scenarios planned, keyed on the scenario with those fields set aside
(`compile_key`) and on the catalog snapshot itself (the same object: a snapshot is not
edited in place), and the solver's model of the last solve without a cancel token
(solver/rebound.py: a solve with one runs in a child process that keeps nothing). Whether a
floor, a ceiling or a provider share is present does shape the compile (the pruning of
listings needs a proof when a spend ratio is in the model), so the key keeps that, not the
value. Everything else (workloads, sites, policy lists, score weights, assumptions) is in
the key as it is: an edit of any of it compiles afresh.

    cache = PlanCache()
    outcome = plan_scenario(scenario, catalog, cache=cache)          # compiles
    edited = replace(scenario, annual_budget=900_000.0)
    outcome = plan_scenario(edited, catalog, cache=cache)            # reuses the options
"""

import threading
from dataclasses import dataclass, replace

from catalog.domain import Catalog
from planner.optimise.options import Compiled, PruneMode, compile_options
from planner.scenario.model import Policy, Scenario
from solver.problem import CancelToken
from solver.rebound import ModelCache

CACHED_COMPILES = 4
"""Scenarios whose options are kept: the one being edited, and a few a user flips between
(an undo, another tab); the bank's options take a few megabytes."""
PRESENT = 0.0
"""What a floor, ceiling or provider share that is set becomes in the key: its presence, not
its value."""
NO_SHARE_LIMIT = 1.0


def compile_key(scenario: Scenario) -> Scenario:
    """The scenario as far as the option compiler reads it: the budgets, the objective and
    its surcharges set aside; the floor, ceiling and provider share reduced to whether they
    are set."""
    policy = scenario.policy
    default = Policy()
    return replace(
        scenario,
        annual_budget=None,
        capex_budget=None,
        policy=replace(
            policy,
            min_independence=None if policy.min_independence is None else PRESENT,
            max_lock_in=None if policy.max_lock_in is None else PRESENT,
            max_provider_share=(
                NO_SHARE_LIMIT if policy.max_provider_share >= NO_SHARE_LIMIT else PRESENT
            ),
            objective=default.objective,
            cost_slack=default.cost_slack,
            independence_surcharge=default.independence_surcharge,
            lock_in_surcharge=default.lock_in_surcharge,
        ),
    )


@dataclass(frozen=True)
class _Entry:
    key: Scenario
    catalog: Catalog
    prune: PruneMode
    compiled: Compiled


class PlanCache:
    """Compiled options of the last CACHED_COMPILES scenarios, and the solver's last model;
    safe to share between threads (a GUI's worker and its own)."""

    def __init__(self, size: int = CACHED_COMPILES) -> None:
        self._size = size
        self._entries: list[_Entry] = []
        self._lock = threading.Lock()
        self.models = ModelCache()
        """The solver's model, for solves without a cancel token."""
        self.hits = 0
        self.misses = 0

    def compiled(
        self,
        scenario: Scenario,
        catalog: Catalog,
        *,
        cancel: CancelToken | None = None,
        prune: PruneMode = PruneMode.AUTO,
    ) -> Compiled:
        """`compile_options(scenario, catalog, …)`, from the cache where an earlier scenario
        had the same `compile_key` and the same catalog; raises as `compile_options` does."""
        key = compile_key(scenario)
        with self._lock:
            for i, entry in enumerate(self._entries):
                if entry.catalog is catalog and entry.prune is prune and entry.key == key:
                    self._entries.insert(0, self._entries.pop(i))
                    self.hits += 1
                    return entry.compiled
        compiled = compile_options(scenario, catalog, cancel=cancel, prune=prune)
        with self._lock:
            self.misses += 1
            self._entries.insert(0, _Entry(key, catalog, prune, compiled))
            del self._entries[self._size :]
        return compiled

    def clear(self) -> None:
        """Forget every compile (after the catalog or the capacity data changed in place)."""
        with self._lock:
            self._entries.clear()
