"""A scenario saved in the workspace: its requirements, the catalog revision it was solved
against, its last plan and, when one was solved for it, its roadmap, so a later catalog edit
cannot silently change an old result."""

from dataclasses import dataclass
from datetime import datetime

from planner.results.plan_document import PlanDocument, SolveStatus
from planner.results.roadmap_document import RoadmapDocument


@dataclass(frozen=True)
class SavedScenario:
    name: str
    scenario_toml: str
    """The requirements exactly as a scenario file holds them."""
    catalog_revision: int
    """The catalog revision the plan was solved against."""
    status: SolveStatus
    plan: PlanDocument | None
    """The outcome as it was saved (stored as JSON by planner/results/plan_json.py)."""
    created_at: datetime
    updated_at: datetime
    roadmap: RoadmapDocument | None = None
    """The build-out roadmap kept with it (stored as JSON by planner/results/roadmap_json.py);
    it names the catalog revision it was solved against, which may differ from the plan's."""

    def is_outdated(self, current_revision: int) -> bool:
        """Solved against an older catalog: its figures may no longer hold; re-solve."""
        return self.catalog_revision != current_revision

    @property
    def annual_cost(self) -> float | None:
        """The saved plan's annual cost; None when the solve found no plan."""
        return (
            None if self.plan is None or self.plan.result is None else self.plan.result.annual_cost
        )

    @property
    def currency(self) -> str | None:
        return None if self.plan is None else self.plan.header.currency

    @property
    def status_text(self) -> str:
        """The status as shown: "optimal" alone only when proven over every option."""
        if self.plan is None:
            return self.status.value.replace("_", " ")
        return self.plan.header.status_text

    def summary(self, current_revision: int) -> "SavedSummary":
        return SavedSummary(
            name=self.name,
            status=self.status,
            status_text=self.status_text,
            annual_cost=self.annual_cost,
            currency=self.currency,
            catalog_revision=self.catalog_revision,
            current_catalog_revision=current_revision,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SavedSummary:
    """A saved scenario as a listing shows it: `sovplan scenario list` and the GUI's dialog."""

    name: str
    status: SolveStatus
    status_text: str
    """The status with the options it holds for, as `SavedScenario.status_text`."""
    annual_cost: float | None
    """None when the solve found no plan."""
    currency: str | None
    catalog_revision: int
    """The catalog revision the plan was solved against."""
    current_catalog_revision: int
    created_at: datetime
    updated_at: datetime

    @property
    def outdated(self) -> bool:
        """Solved against another catalog revision than the current one: re-solve."""
        return self.catalog_revision != self.current_catalog_revision
