"""What a shock does to the world a plan lives in: the catalog and the scenario it leaves.

`apply_shock` turns a concrete shock into a `ShockedWorld`: the catalog with offers
withdrawn or repriced, and what a catalog cannot say — workloads that may no longer use
some providers (legal reach), owned venues that may not grow (an embargo), and what becomes
of commitments and committed prices. The stress test (planner/analysis/) re-plans in this
world with the plan's purchases kept; robust planning compiles its options once per shock.
Each kind's effect is written out in docs/stress.md, and tests hold each to it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from catalog.domain import Accelerator, Catalog, CloudOffer, ModelId, ProviderId, ServerSku
from planner.evaluation.organisation import expand_jurisdictions
from planner.evaluation.plan import Plan, Venue, VenueKind
from planner.scenario.model import DataClass, Scenario
from planner.scenario.shocks import (
    Commitments,
    CommittedPrices,
    Shock,
    ShockKind,
    ShockScope,
    total_processing_performance,
)

SPOT = "spot"
"""The pricing term of capacity the provider may reclaim at any time."""
USD = "USD"
"""The catalog's exchange rates are USD per unit of each currency."""


@dataclass(frozen=True)
class ShockedWorld:
    """A scenario and catalog as a shock leaves them."""

    shock: Shock
    scenario: Scenario
    catalog: Catalog
    """The catalog after the shock: what can be bought or rented now, at what price."""
    base_catalog: Catalog
    """The catalog before it: what was paid for what the plan already holds."""
    excluded: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per workload id, the providers it may no longer use (legal reach)."""
    frozen_owned: frozenset[tuple[str, str]] = frozenset()
    """(server SKU, site) whose number may not grow: none can be bought (an embargo)."""
    commitments_lost: bool = False
    """A commitment with an offer the shock withdraws is still owed for its term."""
    commitments_repriced: bool = False
    """Commitments already signed are paid at the catalog after the shock: their prices
    change at once, or they are priced in a currency that moved. Otherwise they keep the
    price they were signed at until they renew."""

    def provider_of(self, venue: Venue) -> str | None:
        """The provider of a cloud or API venue (from the catalog before the shock)."""
        if venue.kind is VenueKind.CLOUD:
            offer = self.base_catalog.cloud_offers.get(venue.id)
            return None if offer is None else offer.provider_id
        if venue.kind is VenueKind.API:
            api = self.base_catalog.api_offers.get(venue.id)
            return None if api is None else api.provider_id
        return None

    def offered(self, venue: Venue) -> bool:
        """Whether the venue can still be bought or rented at all."""
        if venue.kind is VenueKind.CLOUD:
            return venue.id in self.catalog.cloud_offers
        if venue.kind is VenueKind.API:
            return venue.id in self.catalog.api_offers
        return True

    def usable(self, venue: Venue, workload_id: str) -> bool:
        """Whether the workload may still run on the venue (owned servers always may)."""
        provider = self.provider_of(venue)
        return self.offered(venue) and provider not in self.excluded.get(workload_id, ())


def _legal_group(catalog: Catalog, provider_id: str) -> frozenset[str]:
    group = catalog.providers[ProviderId(provider_id)].legal_group
    return frozenset(p.id for p in catalog.providers.values() if p.legal_group == group)


def _provider_exit(world: ShockedWorld) -> ShockedWorld:
    shock, catalog = world.shock, world.catalog
    assert shock.provider is not None
    gone = _legal_group(catalog, shock.provider)
    return replace(
        world,
        catalog=replace(
            catalog,
            cloud_offers={
                k: o for k, o in catalog.cloud_offers.items() if o.provider_id not in gone
            },
            api_offers={k: o for k, o in catalog.api_offers.items() if o.provider_id not in gone},
        ),
        commitments_lost=shock.commitments is Commitments.LOST,
    )


def _price_shock(world: ShockedWorld) -> ShockedWorld:
    """Offers the selectors all match cost (1 + change) times as much: cloud offers and
    server SKUs by their accelerator's vendor, cloud and API offers by their provider's
    group and parent's law; `apis` picks APIs (and, with no vendor, only APIs)."""
    shock, catalog = world.shock, world.catalog
    factor = shock.factor
    group = _legal_group(catalog, shock.provider) if shock.provider else None
    vendor = shock.accelerator_vendor

    def provider_matches(provider_id: str) -> bool:
        law = catalog.providers[ProviderId(provider_id)].parent_jurisdiction
        return (group is None or provider_id in group) and (
            shock.jurisdiction is None or law == shock.jurisdiction
        )

    def cloud_matches(offer: CloudOffer) -> bool:
        accelerator = catalog.accelerators[offer.accelerator_id]
        return (
            not shock.apis
            and provider_matches(offer.provider_id)
            and (vendor is None or accelerator.vendor == vendor)
        )

    def sku_matches(sku: ServerSku) -> bool:
        accelerator = catalog.accelerators[sku.accelerator_id]
        only_vendor = group is None and shock.jurisdiction is None and not shock.apis
        return only_vendor and accelerator.vendor == vendor

    return replace(
        world,
        catalog=replace(
            catalog,
            cloud_offers={
                k: replace(
                    o,
                    price_per_instance_hour=o.price_per_instance_hour * factor,
                    list_price_per_instance_hour=o.list_price_per_instance_hour * factor,
                )
                if cloud_matches(o)
                else o
                for k, o in catalog.cloud_offers.items()
            },
            api_offers={
                k: replace(
                    o,
                    input_price_per_mtok=o.input_price_per_mtok * factor,
                    output_price_per_mtok=o.output_price_per_mtok * factor,
                )
                if vendor is None and provider_matches(o.provider_id)
                else o
                for k, o in catalog.api_offers.items()
            },
            server_skus={
                k: replace(s, unit_price=s.unit_price * factor) if sku_matches(s) else s
                for k, s in catalog.server_skus.items()
            },
        ),
        commitments_repriced=shock.committed_prices is CommittedPrices.NOW,
    )


def _model_retirement(world: ShockedWorld) -> ShockedWorld:
    catalog = world.catalog
    api = {k: o for k, o in catalog.api_offers.items() if o.ai_model_id != world.shock.model}
    return replace(world, catalog=replace(catalog, api_offers=api))


def embargoed(shock: Shock, accelerator: Accelerator) -> bool:
    """Whether an embargo stops this accelerator: every selector given must match."""
    tpp = total_processing_performance(accelerator.bf16_dense_tflops)
    return (
        (shock.accelerator_vendor is None or accelerator.vendor == shock.accelerator_vendor)
        and (shock.vendor_country is None or accelerator.vendor_country == shock.vendor_country)
        and (shock.min_tpp is None or tpp >= shock.min_tpp)
    )


def _embargo(world: ShockedWorld) -> ShockedWorld:
    shock, catalog, scenario = world.shock, world.catalog, world.scenario
    countries = expand_jurisdictions(shock.countries or (scenario.organisation.home_jurisdiction,))
    frozen = frozenset(
        (sku.id, site.site_id)
        for sku in catalog.server_skus.values()
        if embargoed(shock, catalog.accelerators[sku.accelerator_id])
        for site in scenario.sites
        if catalog.sites[site.site_id].country in countries
    )
    return replace(world, frozen_owned=frozen)


def data_class_above(data_class: DataClass, limit: DataClass) -> bool:
    order = list(DataClass)
    return order.index(data_class) > order.index(limit)


def _legal_reach(world: ShockedWorld) -> ShockedWorld:
    shock = world.shock
    reached = frozenset(
        p.id
        for p in world.catalog.providers.values()
        if p.parent_jurisdiction == shock.jurisdiction
    )
    excluded = {
        w.id: reached
        for w in world.scenario.workloads
        if data_class_above(w.data_class, shock.above)
    }
    return replace(world, excluded=excluded)


def _fx_shock(world: ShockedWorld) -> ShockedWorld:
    """One unit of the currency buys (1 + change) times as much of every other: its USD rate
    rises by that factor, or, for the dollar itself, every other rate falls by it."""
    shock, catalog = world.shock, world.catalog
    factor = shock.factor
    rates = {
        c: (rate * factor if c == shock.currency else rate)
        if shock.currency != USD
        else (rate if c == USD else rate / factor)
        for c, rate in catalog.usd_per_unit.items()
    }
    return replace(world, catalog=replace(catalog, usd_per_unit=rates), commitments_repriced=True)


def _spot_drought(world: ShockedWorld) -> ShockedWorld:
    catalog = world.catalog
    offers = {k: o for k, o in catalog.cloud_offers.items() if o.pricing_term != SPOT}
    return replace(world, catalog=replace(catalog, cloud_offers=offers))


EFFECTS: dict[ShockKind, Callable[[ShockedWorld], ShockedWorld]] = {
    ShockKind.PROVIDER_EXIT: _provider_exit,
    ShockKind.PRICE_SHOCK: _price_shock,
    ShockKind.MODEL_RETIREMENT: _model_retirement,
    ShockKind.EMBARGO: _embargo,
    ShockKind.LEGAL_REACH: _legal_reach,
    ShockKind.FX_SHOCK: _fx_shock,
    ShockKind.SPOT_DROUGHT: _spot_drought,
}


def apply_shock(shock: Shock, scenario: Scenario, catalog: Catalog) -> ShockedWorld:
    """The world after a concrete shock (expand a template first: shocks.expand)."""
    if shock.is_template:
        raise ValueError(f"shock {shock.name!r} is a template: expand it first")
    return EFFECTS[shock.kind](ShockedWorld(shock, scenario, catalog, catalog))


def scope_of_plan(plan: Plan, catalog: Catalog) -> ShockScope:
    """The provider groups and closed models a plan depends on (standby included)."""
    providers = {catalog.cloud_offers[c.offer_id].provider_id for c in plan.cloud}
    providers |= {catalog.api_offers[a.offer_id].provider_id for a in plan.api}
    groups: dict[str, list[str]] = {}
    for provider in sorted(providers):
        groups.setdefault(catalog.providers[provider].legal_group, []).append(provider)
    closed = sorted(
        {
            a.model_id
            for a in plan.allocations
            if a.venue.kind is VenueKind.API
            and not catalog.ai_models[ModelId(a.model_id)].open_weight
        }
    )
    return ShockScope({g: tuple(p) for g, p in groups.items()}, tuple(closed))
