"""A plan's line items as procurement reads them: what, from whom, under which law, at what cost.

An owned server is paid for once: its line carries the list price per server and the capital
outlay (servers at list price plus the networking share, what the capital budget limits)
beside its annual cost (the outlay recovered as an annuity, with energy, hosting and
operations). Every line also names its price in the unit it is charged by, so that no figure
per hour sits in a column of figures per year (`price_unit`, `unit_price`).
"""

from dataclasses import dataclass

from catalog.domain import Catalog
from planner.evaluation.cost import (
    HOURS_PER_YEAR,
    CostAssumptions,
    CostReport,
    owned_provider,
    server_outlay,
)
from planner.evaluation.interruption import INTERRUPTIBLE, is_interruptible
from planner.evaluation.plan import Plan, VenueKind

STANDBY_TERM = "standby"
"""The term of an API contract set up as a backup that carries no tokens."""
STANDBY_MEANING = "idle backup"
"""What standby means in a term's label: a backup, ready to take over, that carries no
tokens and costs nothing while the others run (the tooltips and report notes say it whole)."""
TERM_LABELS = {
    "purchase": "purchase",
    "on_demand": "on demand",
    "spot": f"spot, {INTERRUPTIBLE}",
    "commit_1y": "1-year commitment",
    "commit_3y": "3-year commitment",
    "pay-per-use": "pay per use",
    STANDBY_TERM: f"standby ({STANDBY_MEANING})",
}
"""Each pricing term in words, as the GUI and every export show it."""
INSTANCE_YEAR, INSTANCE_HOUR = "instance-year", "instance-hour"
"""The units of a cloud line: instances kept all year, or hours rented for a job."""
SERVER = "server"
WHOLE_HOURS_FROM = 100.0
"""Instance-hours from which a table shows them whole: rounding to the hour then moves the
cost by at most half a per cent."""
PRICE_UNITS = {SERVER: "server, one-off", INSTANCE_YEAR: INSTANCE_HOUR}
"""The unit a line's price is quoted per, by the unit its quantity counts: a server's list
price is paid once; a cloud instance is priced by the hour, also when kept all year."""


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
    purchase_price: float | None = None
    """Owned servers: the list price of one server in the report currency, paid once; None
    for rented lines, and for owned lines of a plan stored before it was recorded."""
    capital_outlay: float | None = None
    """Owned servers: what buying them costs up front, the list price times the servers plus
    the networking share; the figure the scenario's capital budget limits. None as
    `purchase_price`."""

    @property
    def term_text(self) -> str:
        """The term as the CLI shows it: spot says it is interruptible."""
        spot = self.interruptible or is_interruptible(self.term)
        return f"{self.term}, {INTERRUPTIBLE}" if spot else self.term

    @property
    def term_label(self) -> str:
        """The term in words, as the GUI and the exports show it: spot says it is
        interruptible, standby says what standby means."""
        if self.interruptible and not is_interruptible(self.term):
            return f"{TERM_LABELS.get(self.term, self.term)}, {INTERRUPTIBLE}"
        return TERM_LABELS.get(self.term, self.term)

    @property
    def whole_units(self) -> bool:
        """Counted in whole units (servers, instances all year): shown without decimals."""
        return self.unit in (SERVER, INSTANCE_YEAR) and float(self.quantity).is_integer()

    @property
    def price_unit(self) -> str:
        """The unit `unit_price` is per: a server (once), an instance-hour, a million tokens."""
        return PRICE_UNITS.get(self.unit, self.unit)

    @property
    def price_quantity(self) -> float:
        """The quantity in `price_unit`s: instance-years in hours, else the quantity."""
        return self.quantity * HOURS_PER_YEAR if self.unit == INSTANCE_YEAR else self.quantity

    @property
    def price_quantity_unit(self) -> str:
        """The unit `price_quantity` counts: instance-hours for instances kept all year, else
        the quantity's own (servers, instance-hours, million tokens)."""
        return INSTANCE_HOUR if self.unit == INSTANCE_YEAR else self.unit

    @property
    def price_quantity_whole(self) -> bool:
        """Shown whole beside the unit price: servers, and a hundred instance-hours or more;
        fewer hours and million tokens take two decimals."""
        unit = self.price_quantity_unit
        return unit == SERVER or (unit == INSTANCE_HOUR and self.price_quantity >= WHOLE_HOURS_FROM)

    @property
    def price_quantity_text(self) -> str:
        """`price_quantity` as the tables show it beside the unit price, so that the two
        multiply to the line's cost (the walk-through's analyst checked it in Excel)."""
        q = self.price_quantity
        return f"{q:,.0f}" if self.price_quantity_whole else f"{q:,.2f}"

    @property
    def unit_price(self) -> float | None:
        """The price per `price_unit`: an owned server's list price (None when the plan did
        not record it), else the annual cost over the quantity (0 for none)."""
        if self.kind is VenueKind.OWNED:
            return self.purchase_price
        quantity = self.price_quantity
        return self.annual_cost / quantity if quantity else 0.0


def line_items(
    plan: Plan, catalog: Catalog, costs: CostReport, assumptions: CostAssumptions
) -> list[LineItem]:
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
                unit=SERVER,
                unit_cost=annual / owned.servers,
                annual_cost=annual,
                venue_key=key,
                purchase_price=server_outlay(sku, 1, catalog, assumptions, networking=False),
                capital_outlay=server_outlay(sku, owned.servers, catalog, assumptions),
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
            unit = INSTANCE_YEAR
        else:  # rented only for the hours a job needs
            quantity, unit = cloud.extra_instance_hours, INSTANCE_HOUR
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
                term="pay-per-use" if mtok else STANDBY_TERM,
                quantity=mtok,
                unit="million tokens",
                unit_cost=annual / mtok if mtok else 0.0,
                annual_cost=annual,
                venue_key=key,
            )
        )
    return items
