"""The one function that scores a plan: independence and lock-in, 0–100, with breakdowns.

A plan made by hand, returned by the solver or loaded from a file goes through
`evaluate_plan` alike, so the numbers shown anywhere (CLI, GUI, exports) are the same.
Each breakdown lists its components' points; they add up to the total by construction.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from catalog.domain import Catalog
from planner.errors import PlannerError
from planner.evaluation.cost import CostAssumptions, CostReport, cost_plan
from planner.evaluation.independence import (
    FRAMEWORK_WEIGHTS,
    OBJECTIVES,
    SEAL_MAX,
    VenueLevel,
    venue_levels,
)
from planner.evaluation.lockin import (
    COMPONENT_LABELS,
    LockInFacts,
    LockInWeights,
    effective_number,
    hhi,
    lock_in_facts,
)
from planner.evaluation.organisation import Organisation
from planner.evaluation.plan import Plan, Venue
from planner.evaluation.weakest_link import (
    WeakestLink,
    WorkloadIndependence,
    plan_venues,
    venue_name,
    weakest_links,
    workload_independence,
)

POINTS_SCALE = 100.0
WEIGHT_SUM_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ScoreWeights:
    """Adjustable per scenario; each set must sum to 1."""

    independence: Mapping[str, float] = field(default_factory=lambda: dict(FRAMEWORK_WEIGHTS))
    lock_in: LockInWeights = field(default_factory=LockInWeights)

    def __post_init__(self) -> None:
        if set(self.independence) != set(OBJECTIVES):
            raise PlannerError(f"independence weights must cover exactly {', '.join(OBJECTIVES)}")
        for name, weights in (
            ("independence", dict(self.independence)),
            ("lock_in", self.lock_in.as_dict()),
        ):
            if any(w < 0 for w in weights.values()):
                raise PlannerError(f"{name} weights must not be negative")
            if not math.isclose(sum(weights.values()), 1.0, abs_tol=WEIGHT_SUM_TOLERANCE):
                raise PlannerError(f"{name} weights sum to {sum(weights.values()):g}, not 1")


@dataclass(frozen=True, slots=True)
class Component:
    key: str
    label: str
    value: float
    """The measured value: a SEAL level (0–4) for independence, a 0–1 share for lock-in."""
    weight: float
    points: float
    explanation: str


@dataclass(frozen=True)
class Score:
    components: tuple[Component, ...]

    @property
    def total(self) -> float:
        return sum(c.points for c in self.components)


@dataclass(frozen=True)
class PlanContext:
    """What scoring and costing need besides the plan and the catalog."""

    organisation: Organisation
    assumptions: CostAssumptions = field(default_factory=CostAssumptions)
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    egress_gb_by_venue: Mapping[str, float] = field(default_factory=dict)
    data_gb_by_venue: Mapping[str, float] = field(default_factory=dict)
    """Data held at each venue, which would have to leave it on exit."""


@dataclass(frozen=True)
class PlanReport:
    costs: CostReport
    independence: Score
    lock_in: Score
    lock_in_facts: LockInFacts
    venue_levels: dict[str, dict[str, VenueLevel]]
    weakest_link: tuple[WeakestLink, ...] = ()
    """Per objective, the lowest SEAL among the plan's venues and the venue that sets it."""
    workloads: dict[str, WorkloadIndependence] = field(default_factory=dict)
    """Each workload's own weighted score and weakest link."""

    @property
    def provider_hhi(self) -> float:
        return hhi(self.lock_in_facts.spend_by_provider_group)

    @property
    def effective_providers(self) -> float:
        return effective_number(self.provider_hhi)


def _venues_by_key(plan: Plan, costs: CostReport) -> dict[str, Venue]:
    """Every venue of the plan: bought, allocated to, or costed."""
    venues = {v.key: v for v in plan_venues(plan)}
    venues.update({line.venue.key: line.venue for line in costs.lines})
    return venues


def _independence(
    plan: Plan, catalog: Catalog, ctx: PlanContext, costs: CostReport
) -> tuple[Score, dict[str, dict[str, VenueLevel]]]:
    spend = costs.by_venue()
    venues = _venues_by_key(plan, costs)
    levels = {key: venue_levels(v, catalog, ctx.organisation) for key, v in venues.items()}
    total = sum(spend.get(key, 0.0) for key in levels)
    components = []
    for objective, name in OBJECTIVES.items():
        weight = ctx.weights.independence[objective]
        level = (
            sum(spend.get(k, 0.0) * lv[objective].level for k, lv in levels.items()) / total
            if total > 0
            else 0.0
        )
        weakest = min(levels.items(), key=lambda kv: kv[1][objective].level, default=None)
        why = (
            (
                f"spend-weighted SEAL {level:.2f} of {SEAL_MAX}; weakest: "
                f"{weakest[1][objective].reason}"
            )
            if weakest
            else "no spend"
        )
        points = weight * level / SEAL_MAX * POINTS_SCALE
        components.append(Component(objective, name, level, weight, points, why))
    return Score(tuple(components)), levels


def _lock_in(facts: LockInFacts, weights: LockInWeights) -> Score:
    components = []
    for key, value in facts.components.items():
        weight = getattr(weights, key)
        components.append(
            Component(
                key,
                COMPONENT_LABELS[key],
                value,
                weight,
                weight * value * POINTS_SCALE,
                f"{COMPONENT_LABELS[key]}: {value:.0%} of the worst case",
            )
        )
    return Score(tuple(components))


def evaluate_plan(plan: Plan, catalog: Catalog, ctx: PlanContext) -> PlanReport:
    """Cost, independence and lock-in of a plan, each with its breakdown."""
    costs = cost_plan(plan, catalog, ctx.assumptions, dict(ctx.egress_gb_by_venue))
    independence, levels = _independence(plan, catalog, ctx, costs)
    facts = lock_in_facts(plan, catalog, costs, ctx.data_gb_by_venue)
    names = {key: venue_name(v, catalog) for key, v in _venues_by_key(plan, costs).items()}
    return PlanReport(
        costs,
        independence,
        _lock_in(facts, ctx.weights.lock_in),
        facts,
        levels,
        weakest_link=weakest_links(levels, levels, names),
        workloads=workload_independence(plan, levels, names, ctx.weights.independence),
    )
