"""The roadmap document: a solved build-out path as every reader after the solve sees it.

`sovplan roadmap --json`, the roadmap a saved scenario keeps and the comparison of saved
scenarios read this one value; it is built once from the live outcome
(planner/results/roadmap_builder.py) and turned into JSON, or read back from it, only in
planner/results/roadmap_json.py. It is the `RoadmapOutcome` of planner/analysis/roadmap_plan.py
with what a reader needs beside it — the scenario's name, the catalog revision solved
against, the currency — and year 1's plan as a plan document (what the organisation signs
now: the stress test of a roadmap stresses it). Each year's own `Plan` is not kept: its
deliveries, units in service and workloads are.

Amounts are in `currency`; an annual cost is that currency per year, undiscounted.
"""

from dataclasses import dataclass

from planner.analysis.roadmap_plan import Delivery, WorkloadYear
from planner.optimise.options import OptionScope
from planner.results.plan_document import PlanDocument
from solver.problem import SolveStatus

ROADMAP_SCHEMA_VERSION = 1
"""Raised whenever a field is added, renamed or changes meaning: the decoder is strict."""


@dataclass(frozen=True)
class PathYear:
    """One year of the path: what arrives, is in service and retires, and its figures."""

    year: int
    delivered: tuple[Delivery, ...]
    in_service: dict[str, int]
    retiring: dict[str, int]
    annual_cost: float
    capex: float
    independence: float | None
    lock_in: float | None
    workloads: tuple[WorkloadYear, ...]


@dataclass(frozen=True)
class RoadmapDocument:
    scenario_name: str
    catalog_revision: int
    """The catalog revision the path was solved against."""
    currency: str
    status: SolveStatus
    npv: float | None
    """Net present value of the path; None when no path was found."""
    gap: float | None
    solve_seconds: float
    scope: OptionScope
    owed_after_horizon: float
    message: str
    years: tuple[PathYear, ...]
    first_year: PlanDocument | None
    """Year 1's plan, costed and scored as `sovplan plan` costs a plan (its capital over
    `horizon_years`, a commitment's term spread over it), so its annual cost can differ from
    the path's year-1 cost; None when no path was found."""

    @property
    def horizon(self) -> int:
        return len(self.years)

    def is_outdated(self, current_revision: int) -> bool:
        """Solved against another catalog revision: its figures may no longer hold."""
        return self.catalog_revision != current_revision
