"""Saved scenarios' kept roadmaps side by side: the whole path, not only its first year.

A roadmap is compared as a path — its net present value, and per year its cost, the capital
paid for the servers delivered for it, its independence and its lock-in — because the path
is what a roadmap decides; year 1's commitments are the saved plan's business (the rest of
planner/results/compare.py) and the stress test's (`sovplan stress --roadmap`). Nothing is
re-solved: each column is the roadmap as it was kept, against its own catalog revision.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from planner.results.roadmap_document import RoadmapDocument
from planner.results.saved import SavedScenario


@dataclass(frozen=True)
class PathFigures:
    """One scenario's kept roadmap, as the comparison shows it."""

    status_text: str
    currency: str
    npv: float | None
    """None when the kept roadmap found no path."""
    annual_cost: tuple[float, ...]
    """Per year, undiscounted, year 1 first."""
    capex: tuple[float, ...]
    independence: tuple[float | None, ...]
    lock_in: tuple[float | None, ...]
    owed_after_horizon: float
    catalog_revision: int

    @property
    def horizon(self) -> int:
        return len(self.annual_cost)


@dataclass(frozen=True)
class RoadmapComparison:
    paths: tuple[PathFigures | None, ...]
    """Per scenario, in the comparison's order; None where it keeps no roadmap."""
    warnings: tuple[str, ...]

    @property
    def years(self) -> int:
        """The longest horizon among the paths: the rows a per-year table needs."""
        return max((p.horizon for p in self.paths if p is not None), default=0)


def path_figures(doc: RoadmapDocument) -> PathFigures:
    status = doc.status.value + (f", gap {doc.gap:.2%}" if doc.gap else "")
    return PathFigures(
        status_text=status,
        currency=doc.currency,
        npv=doc.npv,
        annual_cost=tuple(y.annual_cost for y in doc.years),
        capex=tuple(y.capex for y in doc.years),
        independence=tuple(y.independence for y in doc.years),
        lock_in=tuple(y.lock_in for y in doc.years),
        owed_after_horizon=doc.owed_after_horizon,
        catalog_revision=doc.catalog_revision,
    )


def _warnings(saved: Sequence[SavedScenario], paths: Sequence[PathFigures | None]) -> list[str]:
    found = []
    missing = [s.name for s, p in zip(saved, paths, strict=True) if p is None]
    if missing:
        found.append(
            f"no roadmap kept for {', '.join(missing)}: keep one with "
            "`sovplan roadmap NAME --resolve`"
        )
    kept = [(s.name, p) for s, p in zip(saved, paths, strict=True) if p is not None]
    if len({p.horizon for _, p in kept}) > 1:
        found.append(
            "the roadmaps run over different numbers of years ("
            + ", ".join(f"{name}: {p.horizon}" for name, p in kept)
            + "); their net present values cover different spans"
        )
    if len({p.catalog_revision for _, p in kept}) > 1:
        found.append(
            "the roadmaps were solved against different catalog revisions ("
            + ", ".join(f"{name}: {p.catalog_revision}" for name, p in kept)
            + "); solve them again against one catalog before trusting the difference"
        )
    return found


def compare_roadmaps(saved: Sequence[SavedScenario]) -> RoadmapComparison | None:
    """The kept roadmaps of `saved`, in order; None when none of them keeps one."""
    if all(s.roadmap is None for s in saved):
        return None
    paths = tuple(None if s.roadmap is None else path_figures(s.roadmap) for s in saved)
    return RoadmapComparison(paths=paths, warnings=tuple(_warnings(saved, paths)))
