"""The venues bought in whole units — servers at the organisation's sites and cloud offers —
with their annual cost per unit, owner, law and independence, as the policy allows them."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from catalog.domain import AcceleratorId, Catalog
from planner.capacity.roofline import TENSOR_PARALLEL_SIZES
from planner.evaluation.cost import cost_plan
from planner.evaluation.independence import OBJECTIVES, SEAL_MAX, venue_levels
from planner.evaluation.plan import CloudLine, OwnedLine, Plan, Venue, VenueKind
from planner.scenario.model import Scenario, Workload


@dataclass(frozen=True, slots=True)
class ResourceKey:
    """Names a resource: a venue bought in whole units (a server, an instance)."""

    venue: Venue


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """Something bought in whole units; its annual cost and attributes per unit."""

    key: ResourceKey
    venue: Venue
    unit_cost: float
    unit_capex: float
    power_kw: float
    site_id: str | None
    provider_id: str | None
    group: str | None
    """Provider legal group, None for servers the organisation owns."""
    jurisdiction: str | None
    accelerator_vendor: str
    accelerators_per_unit: int
    pricing_term: str | None
    independence: float
    """The venue's independence score (0–100) relative to the organisation."""


def venue_independence(
    venue: Venue, catalog: Catalog, scenario: Scenario
) -> tuple[float, dict[str, float]]:
    levels = venue_levels(venue, catalog, scenario.organisation)
    weights = scenario.weights.independence
    score = sum(weights[o] * levels[o].level / SEAL_MAX * 100 for o in OBJECTIVES)
    return score, {o: levels[o].level for o in OBJECTIVES}


def unit_cost_of(line: Plan, catalog: Catalog, scenario: Scenario) -> float:
    return cost_plan(line, catalog, scenario.assumptions).total


def provider_allowed(provider_id: str, scenario: Scenario) -> str | None:
    policy = scenario.policy
    if provider_id in policy.excluded_providers:
        return "provider excluded by policy"
    if policy.allowed_providers and provider_id not in policy.allowed_providers:
        return "provider not in the allowed list"
    return None


def unit_venues(
    catalog: Catalog, scenario: Scenario, dropped_all: Counter[str]
) -> Iterator[tuple[Resource, dict[str, float]]]:
    """Every unit-priced venue the policy allows, with its SEAL levels."""
    excluded_vendors = set(scenario.policy.excluded_accelerator_vendors)
    for site in scenario.sites:
        for sku in catalog.server_skus.values():
            accelerator = catalog.accelerators[sku.accelerator_id]
            if accelerator.vendor in excluded_vendors:
                dropped_all["accelerator vendor excluded"] += 1
                continue
            venue = Venue(VenueKind.OWNED, sku.id, site.site_id)
            independence, levels = venue_independence(venue, catalog, scenario)
            plan = Plan(owned=(OwnedLine(sku.id, site.site_id, 1),))
            capex = catalog.convert(sku.unit_price, sku.currency, scenario.assumptions.currency)
            yield (
                Resource(
                    key=ResourceKey(venue),
                    venue=venue,
                    unit_cost=unit_cost_of(plan, catalog, scenario),
                    unit_capex=capex * (1 + scenario.assumptions.networking_capex_share),
                    power_kw=sku.power_kw,
                    site_id=site.site_id,
                    provider_id=None,
                    group=None,
                    jurisdiction=None,
                    accelerator_vendor=accelerator.vendor,
                    accelerators_per_unit=sku.accelerator_count,
                    pricing_term=None,
                    independence=independence,
                ),
                levels,
            )
    for offer in catalog.cloud_offers.values():
        accelerator = catalog.accelerators[offer.accelerator_id]
        reason = provider_allowed(offer.provider_id, scenario)
        if accelerator.vendor in excluded_vendors:
            reason = "accelerator vendor excluded"
        if reason:
            dropped_all[reason] += 1
            continue
        provider = catalog.providers[offer.provider_id]
        venue = Venue(VenueKind.CLOUD, offer.id)
        independence, levels = venue_independence(venue, catalog, scenario)
        plan = Plan(cloud=(CloudLine(offer.id, 1),))
        yield (
            Resource(
                key=ResourceKey(venue),
                venue=venue,
                unit_cost=unit_cost_of(plan, catalog, scenario),
                unit_capex=0.0,
                power_kw=0.0,
                site_id=None,
                provider_id=offer.provider_id,
                group=provider.legal_group,
                jurisdiction=provider.parent_jurisdiction,
                accelerator_vendor=accelerator.vendor,
                accelerators_per_unit=offer.accelerators_per_instance,
                pricing_term=offer.pricing_term,
                independence=independence,
            ),
            levels,
        )


def data_exit_cost(venue: Venue, workload: Workload, catalog: Catalog, currency: str) -> float:
    """What leaving a third-party venue costs in egress of the workload's stored data."""
    if venue.kind is VenueKind.OWNED or workload.data_gb <= 0:
        return 0.0
    provider_id = (catalog.cloud_offers[venue.id].provider_id if venue.kind is VenueKind.CLOUD
                   else catalog.api_offers[venue.id].provider_id)  # fmt: skip
    provider = catalog.providers[provider_id]
    native = workload.data_gb * provider.egress_price_per_gb
    return catalog.convert(native, provider.egress_currency, currency)


def replica_sizes(units_accelerators: int) -> tuple[int, ...]:
    """Tensor-parallel sizes one unit can host: a replica's accelerators come from one
    machine (a server, an instance), never from separate instances, so the sizes that
    divide the unit's accelerators (one, for a single-GPU instance)."""
    return tuple(
        t for t in TENSOR_PARALLEL_SIZES if t <= units_accelerators and units_accelerators % t == 0
    )


def accelerator_of(resource: Resource, catalog: Catalog) -> AcceleratorId:
    if resource.venue.kind is VenueKind.OWNED:
        return catalog.server_skus[resource.venue.id].accelerator_id
    return catalog.cloud_offers[resource.venue.id].accelerator_id
