"""The solver's input and output: plain numpy arrays in, a typed result out.

Knows nothing of banks, jurisdictions or models: resources are bought in whole units, options
serve shares of workloads, groups and suppliers are integer labels (-1 for none).
"""

import threading
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from solver.families import Relaxation

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


class ObjectiveKind(StrEnum):
    COST = "cost"
    WEIGHTED = "weighted"
    LEXICOGRAPHIC = "lexicographic"


class Backend(StrEnum):
    """MathOpt solvers the model can be handed to."""

    SCIP = "scip"
    HIGHS = "highs"
    CP_SAT = "cp_sat"


@dataclass(frozen=True)
class Problem:
    """Resources r (whole units), options o (shares of a workload), workloads w, sites s.

    Supplier axes a (provider group, jurisdiction, accelerator vendor, model vendor) label
    resources and options with a supplier index or -1; they feed the lock-in stand-in.
    """

    unit_cost: FloatArray
    unit_capex: FloatArray
    unit_power_kw: FloatArray
    resource_site: IntArray
    resource_group: IntArray
    resource_independence: FloatArray
    resource_lockin_per_spend: FloatArray
    site_power_limit_kw: FloatArray
    workload_critical: BoolArray
    option_workload: IntArray
    option_resource: IntArray
    option_units: FloatArray
    option_usage_cost: FloatArray
    option_group: IntArray
    option_independence: FloatArray
    option_lockin_per_spend: FloatArray
    option_attributed_cost: FloatArray
    """Cost of serving the whole workload by the option, counting its share of resource units
    (for supplier axes defined on options, e.g. model vendors)."""
    option_lockin_fixed: FloatArray | None = None
    """Lock-in 'spend' an option adds whatever it costs, per share served (e.g. the egress of
    the workload's stored data on exit); None means zeros."""
    resource_venue: IntArray | None = None
    """The shared venue (a plan line) each resource belongs to; None: each its own."""
    option_venue: IntArray | None = None
    """The shared venue whose capacity each option occupies; -1: none (an API)."""
    occupancy_axes: frozenset[str] = frozenset()
    """Option supplier axes on which a shared venue's cost is split by the capacity each
    option occupies, idle capacity included (see `idle-spend` in solver/model.py)."""
    resource_suppliers: dict[str, IntArray] = field(default_factory=dict)
    option_suppliers: dict[str, IntArray] = field(default_factory=dict)
    axis_weights: dict[str, float] = field(default_factory=dict)
    annual_budget: float = float("inf")
    capex_budget: float = float("inf")
    max_group_share: float = 1.0
    survive_group_loss: bool = False
    resource_unit_loss: BoolArray | None = None
    """Resources whose units fail one at a time (servers the organisation owns): a critical
    workload they serve survives the loss of any one unit (`survive-server-loss`); None:
    none do."""
    survive_site_loss: bool = False
    """Critical workloads survive the loss of any one site (`survive-site-loss`)."""
    min_independence: float | None = None
    max_lock_in: float | None = None
    objective: ObjectiveKind = ObjectiveKind.COST
    cost_slack: float = 0.05
    independence_surcharge: float = 0.0
    lock_in_surcharge: float = 0.0
    resource_holding: IntArray | None = None
    """Per resource, the holding h it draws on — units an earlier plan already bought (the
    servers of one SKU at one site, the instances of one committed offer) — or -1; None:
    no holdings."""
    resource_holding_units: FloatArray | None = None
    """Per resource, units of its holding one unit of it takes (1, or a replica-sized
    bundle's accelerators where the holding counts single-accelerator instances)."""
    held_units: FloatArray = field(default_factory=lambda: np.zeros(0))
    """H_h: units of each holding already bought. Sunk: the plan keeps at least these."""
    held_frozen: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Holdings that may not grow beyond H_h: no new units can be bought (an embargo)."""
    spend_weights: tuple[FloatArray, FloatArray] | None = None
    """(per resource, per option) weights w: when given, the objective is the weighted spend
    Σ_r w_r c_r n_r + Σ_o w_o v_o x_o instead of `objective` (near-optimal alternatives steer
    away from venues earlier plans used; planner/analysis/alternatives.py)."""
    stay_groups: IntArray | None = None
    """Per option, the group g(o) of a reference plan's shares it counts towards (one
    workload row on one venue), or -1; when given, the objective is the least change from
    the reference (solver/stay.py) instead of `objective`."""
    stay_reference: FloatArray = field(default_factory=lambda: np.zeros(0))
    """r_g: the reference plan's share of each stay group's workload row."""
    sunk_spend: float = 0.0
    """S₀: annual spend fixed before the solve whatever the plan decides — commitments on
    venues it can no longer use, what held units cost beyond their price today — counted
    against the annual budget; a constant, it changes no other decision."""

    @property
    def n_holdings(self) -> int:
        return len(self.held_units)

    @property
    def n_resources(self) -> int:
        return len(self.unit_cost)

    @property
    def n_options(self) -> int:
        return len(self.option_workload)

    @property
    def n_workloads(self) -> int:
        return len(self.workload_critical)

    @property
    def standby(self) -> bool:
        """Whether a survival rule may need capacity beyond what is served (z ≠ x)."""
        return (
            self.survive_group_loss
            or self.survive_site_loss
            or (self.resource_unit_loss is not None and bool(self.resource_unit_loss.any()))
        )

    @property
    def n_groups(self) -> int:
        groups = np.concatenate([self.resource_group, self.option_group, np.array([-1])])
        return int(groups.max()) + 1


@dataclass(frozen=True, slots=True)
class SolveParams:
    time_limit_s: float = 10.0
    relative_gap: float = 1e-4
    threads: int = 1
    random_seed: int = 7
    backend: Backend = Backend.HIGHS
    """HiGHS: it proved the harder benchmark set optimal in half SCIP's time, and the
    cost × independence front 15× sooner (docs/performance.md). SCIP stays selectable; it
    alone keeps its best plan when a solve is cancelled."""


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    """A plan was found but not proven optimal (time limit or cancel): see the gap."""
    INFEASIBLE = "infeasible"
    TIMED_OUT = "timed_out"
    """The time limit passed before any plan was found."""
    CANCELLED = "cancelled"
    ERROR = "error"


@dataclass(frozen=True)
class Solution:
    units: FloatArray
    """Whole units bought per resource."""
    served: FloatArray
    """Share of its workload each option serves in normal operation."""
    provisioned: FloatArray
    """Share of its workload each option has capacity for (≥ served; backups for failover)."""


@dataclass(frozen=True, kw_only=True)
class SolveResult:
    status: SolveStatus
    solution: Solution | None
    objective: float | None
    bound: float | None
    solve_seconds: float
    message: str = ""
    slacks: tuple[Relaxation, ...] = ()
    """Elastic mode: the constraints that had to give and by how much, in model order."""

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective − bound| / |objective|: how far from proven optimal a plan may be."""
    if objective is None or bound is None:
        return None
    if objective == 0:
        return 0.0
    return abs(objective - bound) / max(abs(objective), 1e-9)


@dataclass(frozen=True, slots=True)
class Progress:
    """Reported while solving: best plan so far, bound, seconds elapsed.

    SCIP reports each new plan (objective always set); HiGHS reports what its log says,
    which may be a bound before any plan (objective None) or neither yet.
    """

    objective: float | None
    bound: float | None
    elapsed_s: float


class CancelToken:
    """Handed to `solve`; `cancel()`, from any thread (the GUI's), stops the solve.

    A solve given a token runs in a child process (solver/child.py) that cancel ends.
    """

    def __init__(self) -> None:
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()
