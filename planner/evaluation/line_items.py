"""A plan's line items as procurement reads them: what, from whom, under which law, at what cost."""

from dataclasses import dataclass

from catalog.domain import Catalog
from planner.evaluation.cost import HOURS_PER_YEAR, CostReport, owned_provider
from planner.evaluation.interruption import INTERRUPTIBLE, is_interruptible
from planner.evaluation.plan import Plan, VenueKind


@dataclass(frozen=True, slots=True)
class LineItem:
    kind: VenueKind
    provider: str
    provider_name: str
    jurisdiction: str
    """Country whose law governs the operator (the organisation's site for owned servers)."""
    item: str
    term: str
    quantity: float
    unit: str
    unit_cost: float
    """Annual cost per unit in the report currency."""
    annual_cost: float
    venue_key: str
    interruptible: bool = False
    """Spot capacity, which the provider may take back at any time. Stored as written: a plan
    saved before it was recorded reads False, and its spot lines are still labelled by
    their term (`term_text`)."""

    @property
    def term_text(self) -> str:
        """The term as the CLI and the GUI show it: spot says it is interruptible."""
        spot = self.interruptible or is_interruptible(self.term)
        return f"{self.term}, {INTERRUPTIBLE}" if spot else self.term


def line_items(plan: Plan, catalog: Catalog, costs: CostReport) -> list[LineItem]:
    by_venue = costs.by_venue()
    items: list[LineItem] = []
    for owned in plan.owned:
        sku, site = catalog.server_skus[owned.sku_id], catalog.sites[owned.site_id]
        key = f"owned:{sku.id}@{site.id}"
        annual = by_venue.get(key, 0.0)
        items.append(
            LineItem(
                kind=VenueKind.OWNED,
                provider=owned_provider(site.id),
                provider_name=f"own servers at {site.name}",
                jurisdiction=site.country,
                item=sku.name,
                term="purchase",
                quantity=owned.servers,
                unit="server",
                unit_cost=annual / owned.servers,
                annual_cost=annual,
                venue_key=key,
            )
        )
    for cloud in plan.cloud:
        rented = catalog.cloud_offers[cloud.offer_id]
        provider = catalog.providers[rented.provider_id]
        region = catalog.regions[rented.region_id]
        key = f"cloud:{rented.id}"
        annual = by_venue.get(key, 0.0)
        if cloud.instances:
            quantity = cloud.instances + cloud.extra_instance_hours / HOURS_PER_YEAR
            unit = "instance-year"
        else:  # rented only for the hours a job needs
            quantity, unit = cloud.extra_instance_hours, "instance-hour"
        items.append(
            LineItem(
                kind=VenueKind.CLOUD,
                provider=provider.id,
                provider_name=provider.name,
                jurisdiction=region.country,
                item=f"{rented.instance_type} in {region.code}",
                term=rented.pricing_term,
                quantity=quantity,
                unit=unit,
                unit_cost=annual / quantity if quantity else 0.0,
                annual_cost=annual,
                venue_key=key,
                interruptible=is_interruptible(rented.pricing_term),
            )
        )
    for api in plan.api:
        bought = catalog.api_offers[api.offer_id]
        provider = catalog.providers[bought.provider_id]
        key = f"api:{bought.id}"
        annual = by_venue.get(key, 0.0)
        mtok = api.input_mtok_per_year + api.output_mtok_per_year
        items.append(
            LineItem(
                kind=VenueKind.API,
                provider=provider.id,
                provider_name=provider.name,
                jurisdiction=provider.parent_jurisdiction,
                item=f"{catalog.ai_models[bought.ai_model_id].name} API ({bought.data_zone})",
                term="pay-per-use" if mtok else "standby",
                quantity=mtok,
                unit="million tokens",
                unit_cost=annual / mtok if mtok else 0.0,
                annual_cost=annual,
                venue_key=key,
            )
        )
    return items
