"""The weakest link beside the average: the framework's SEAL gate, per plan and per workload.

The Commission's framework holds a service to the minimum SEAL over its criteria ("rejected
… unless … consistently across all objectives"); the plan's independence score averages its
venues by spend, so a small share of spend on a SEAL-0 venue barely moves it. Here, per
objective, the lowest level among the venues the plan (or one workload) uses and the venue
that sets it (rubric rule V-8), and each workload's own weighted score: its venues averaged
by the share of its demand each serves. Standby venues count for the minimum (the workload
fails over to them) but carry no share of demand.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from catalog.domain import Catalog
from planner.evaluation.plan import Plan, Venue, VenueKind
from planner.evaluation.rubric import SEAL_MAX
from planner.evaluation.venue_rules import OBJECTIVES, VenueLevel

POINTS_SCALE = 100.0


@dataclass(frozen=True, slots=True, kw_only=True)
class WeakestLink:
    """The lowest SEAL on one objective, and the venue that sets it."""

    objective: str
    level: int
    venue_key: str
    venue_name: str
    rule: str
    """The rubric rule(s) that set the venue's level (docs/scoring.md)."""
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkloadIndependence:
    workload_id: str
    score: float | None
    """0–100: the workload's venues averaged by the share of its demand each serves; None
    when no venue serves any of it."""
    weakest_link: tuple[WeakestLink, ...]


def venue_name(venue: Venue, catalog: Catalog) -> str:
    """A venue as a reader names it: who runs it and what it is."""
    if venue.kind is VenueKind.OWNED:
        site = catalog.sites[str(venue.site_id)]
        return f"own servers at {site.name}: {catalog.server_skus[venue.id].name}"
    if venue.kind is VenueKind.CLOUD:
        offer = catalog.cloud_offers[venue.id]
        region = catalog.regions[offer.region_id]
        provider = catalog.providers[offer.provider_id]
        return f"{provider.name}: {offer.instance_type} in {region.code}"
    api = catalog.api_offers[venue.id]
    model = catalog.ai_models[api.ai_model_id]
    return f"{catalog.providers[api.provider_id].name}: {model.name} API ({api.data_zone})"


def venue_key_name(key: str, catalog: Catalog) -> str:
    """`venue_name` of a venue's key (`owned:<sku>@<site>`, `cloud:<offer>`, `api:<offer>`)."""
    kind, _, rest = key.partition(":")
    venue_id, _, site = rest.partition("@")
    return venue_name(Venue(VenueKind(kind), venue_id, site or None), catalog)


def plan_venues(plan: Plan) -> list[Venue]:
    """Every venue the plan buys from or allocates to, in the plan's order."""
    found = [Venue(VenueKind.OWNED, o.sku_id, o.site_id) for o in plan.owned]
    found += [Venue(VenueKind.CLOUD, c.offer_id) for c in plan.cloud]
    found += [Venue(VenueKind.API, a.offer_id) for a in plan.api]
    found += [a.venue for a in plan.allocations]
    return list({v.key: v for v in found}.values())


def weakest_links(
    keys: Iterable[str],
    levels: Mapping[str, Mapping[str, VenueLevel]],
    names: Mapping[str, str],
) -> tuple[WeakestLink, ...]:
    """Per objective, the lowest level among the venues `keys` (ties: the first in order)."""
    chosen = list(dict.fromkeys(keys))
    if not chosen:
        return ()
    found = []
    for objective in OBJECTIVES:
        key = min(chosen, key=lambda k: levels[k][objective].level)
        lowest = levels[key][objective]
        found.append(
            WeakestLink(
                objective=objective,
                level=lowest.level,
                venue_key=key,
                venue_name=names[key],
                rule=lowest.rule,
                reason=lowest.reason,
            )
        )
    return tuple(found)


def workload_independence(
    plan: Plan,
    levels: Mapping[str, Mapping[str, VenueLevel]],
    names: Mapping[str, str],
    weights: Mapping[str, float],
) -> dict[str, WorkloadIndependence]:
    """Each workload's weighted score and weakest link, by workload id, in the plan's order."""
    shares: dict[str, dict[str, float]] = {}
    for a in plan.allocations:
        served = shares.setdefault(a.workload_id, {})
        served[a.venue.key] = served.get(a.venue.key, 0.0) + a.share
    found = {}
    for workload_id, served in shares.items():
        total = sum(served.values())
        score = (
            sum(
                weights[o] * sum(s * levels[k][o].level for k, s in served.items()) / total
                for o in OBJECTIVES
            )
            / SEAL_MAX
            * POINTS_SCALE
            if total > 0
            else None
        )
        found[workload_id] = WorkloadIndependence(
            workload_id=workload_id,
            score=score,
            weakest_link=weakest_links(served, levels, names),
        )
    return found


def overall_seal(links: Iterable[WeakestLink]) -> int | None:
    """The framework's SEAL of the whole: the lowest over every objective; None if empty."""
    return min((link.level for link in links), default=None)
