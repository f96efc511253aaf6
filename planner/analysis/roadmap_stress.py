"""Stress tests of a roadmap: year 1's commitments, and the whole path where a shock allows.

A roadmap is stressed in two parts (docs/roadmap.md, "Stress tests of a roadmap"):

1. **Year 1's commitments** — what the organisation signs now: year 1's plan of the path
   (planner/analysis/roadmap_year_one.py), stressed by the plan's own machinery
   (planner/analysis/stress.py): what breaks, the recovery that keeps what was bought, its
   cost and time. Every shock applies.
2. **The whole path** — for a shock whose effect is the catalog it leaves (offers withdrawn
   or repriced, a currency moved), the roadmap solved again over the same years in that
   catalog, and its net present value against the path's. The shock is taken as known from
   year 1: the path may avoid what it hits from the start, so the change is what the
   exposure costs over the path when it is planned for, not the cost of being caught out
   (part 1 says that). A legal-reach shock (workloads barred from some providers) and an
   embargo (owned servers that may not grow) act on what a plan already holds, which a
   path solved from today does not have; they are stressed on year 1 only. A shock from a
   later year k on would need the path's first k − 1 years held as solved; the roadmap
   model cannot hold them yet.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from catalog.domain import Catalog
from planner.analysis.executor import Workers
from planner.analysis.roadmap_plan import plan_roadmap
from planner.scenario.model import Scenario
from planner.scenario.shock_effects import apply_shock
from planner.scenario.shocks import Shock, ShockKind
from solver.problem import SolveParams, SolveStatus

PATH_KINDS = frozenset({
    ShockKind.PROVIDER_EXIT, ShockKind.PRICE_SHOCK, ShockKind.MODEL_RETIREMENT,
    ShockKind.FX_SHOCK, ShockKind.SPOT_DROUGHT,
})  # fmt: skip
"""Shocks whose whole effect is the catalog after them, so the path can be solved in it."""


@dataclass(frozen=True)
class PathContext:
    """What every whole-path shock shares, sent once to each worker."""

    scenario: Scenario
    catalog: Catalog
    periods: int
    base_npv: float
    """The path's net present value without the shock, in the same catalog."""
    params: SolveParams


@dataclass(frozen=True, slots=True)
class PathShock:
    """One shock's effect on the whole path."""

    shock: Shock
    status: SolveStatus
    npv: float | None
    """The path solved again in the shocked catalog; None when no path holds."""
    base_npv: float

    @property
    def npv_change(self) -> float | None:
        return None if self.npv is None else self.npv - self.base_npv

    @property
    def npv_change_share(self) -> float | None:
        change = self.npv_change
        return None if change is None or not self.base_npv else change / self.base_npv


def on_the_path(shocks: Sequence[Shock]) -> tuple[Shock, ...]:
    """The shocks the whole path is stressed by (PATH_KINDS), in their order."""
    return tuple(s for s in shocks if s.kind in PATH_KINDS)


def path_shock(ctx: PathContext, shock: Shock) -> PathShock:
    """The roadmap solved again over the same years in the catalog the shock leaves."""
    world = apply_shock(shock, ctx.scenario, ctx.catalog)
    found = plan_roadmap(world.scenario, world.catalog, ctx.periods, ctx.params)
    return PathShock(shock, found.status, found.npv, ctx.base_npv)


def run_path_stress(
    shocks: Sequence[Shock], workers: Workers[PathContext]
) -> tuple[PathShock, ...]:
    """Each shock's whole path on the workers; the costliest first (no path at all first of
    all), ties by name."""
    done = [f.result() for f in [workers.submit(path_shock, s) for s in shocks]]
    return tuple(
        sorted(
            done,
            key=lambda r: (r.npv is not None, -(r.npv_change or 0.0), r.shock.name),
        )
    )
