"""A scenario saved in the workspace: its requirements, the catalog revision it was solved
against, and its last plan, so a later catalog edit cannot silently change an old result."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SavedScenario:
    name: str
    scenario_toml: str
    """The requirements exactly as a scenario file holds them."""
    catalog_revision: int
    """The catalog revision the plan was solved against."""
    status: str
    """The solve status (optimal, feasible, infeasible, …)."""
    plan: dict[str, Any] | None
    """The outcome in the schema of `sovplan plan --json` (planner/results/plan_json.py)."""
    created_at: datetime
    updated_at: datetime

    def is_outdated(self, current_revision: int) -> bool:
        """Solved against an older catalog: its figures may no longer hold; re-solve."""
        return self.catalog_revision != current_revision
