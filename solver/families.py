"""The families of rules a plan must meet, and which constraint of a family gave way.

One vocabulary for every layer: the model names its constraints by family, elastic mode
reports slacks by family and index, the planner's conflicts, the GUI's conflict list and the
independent plan checker (tests/checker.py) use the same members.
"""

from dataclasses import dataclass
from enum import StrEnum


class ConstraintFamily(StrEnum):
    """A family of constraints, as the docstring of solver/model.py writes them."""

    DEMAND_COVERAGE = "demand-coverage"
    BACKUP_PROVISION = "backup-provision"
    RESOURCE_CAPACITY = "resource-capacity"
    SURVIVE_PROVIDER_LOSS = "survive-provider-loss"
    BUDGET_ANNUAL = "budget-annual"
    BUDGET_CAPEX = "budget-capex"
    SITE_POWER = "site-power"
    PROVIDER_SHARE = "provider-share"
    MIN_INDEPENDENCE = "min-independence"
    MAX_LOCK_IN = "max-lock-in"
    SUPPLIER_SPEND = "supplier-spend"
    HOLDING_KEPT = "holding-kept"
    HOLDING_FROZEN = "holding-frozen"
    ELIGIBILITY = "eligibility"
    """Not a constraint of the model: the hard rules (quality, exclusions, SEAL floors,
    latency, spot for critical work) decide which options the model is given at all."""
    UNKNOWN = "unknown"
    """The requirements conflict, but no family could be named as the one to relax."""


RELAXABLE: tuple[ConstraintFamily, ...] = (
    ConstraintFamily.BUDGET_ANNUAL,
    ConstraintFamily.BUDGET_CAPEX,
    ConstraintFamily.SITE_POWER,
    ConstraintFamily.PROVIDER_SHARE,
    ConstraintFamily.SURVIVE_PROVIDER_LOSS,
    ConstraintFamily.MIN_INDEPENDENCE,
    ConstraintFamily.MAX_LOCK_IN,
)
"""Constraint families that elastic mode may violate, at a cost, to measure a conflict."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConstraintRef:
    """One constraint of a family, by the indices it is written for (None: not indexed by it).

    survive-provider-loss has a workload and a group, provider-share a group, site-power a
    site; the budgets, min-independence and max-lock-in are single constraints.
    """

    family: ConstraintFamily
    workload: int | None = None
    group: int | None = None
    site: int | None = None
    shock: int | None = None
    """In a robust model (solver/robust.py), the shock whose recourse block holds the
    constraint; None: the plan's own."""

    @property
    def name(self) -> str:
        """As the model names the constraint: `survive-provider-loss[3,1]`, `budget-annual`,
        `shock[2]:budget-annual` in a shock's recourse block."""
        indices = [str(i) for i in (self.workload, self.group, self.site) if i is not None]
        name = f"{self.family}[{','.join(indices)}]" if indices else str(self.family)
        return name if self.shock is None else f"shock[{self.shock}]:{name}"


@dataclass(frozen=True, slots=True)
class Relaxation:
    """Elastic mode: one constraint that had to give, and by how much in its own unit
    (money for budgets and provider share, kW for site power, a share of demand for
    survive-provider-loss)."""

    constraint: ConstraintRef
    amount: float
