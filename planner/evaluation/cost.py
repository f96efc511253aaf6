"""What a plan costs per year, in one currency, split by category, provider and workload.

Owned servers: capital recovered as an annuity at the discount rate over the useful life,
but never beyond the scenario horizon (no resale value is assumed, as in GenX), plus a
networking share of capex, energy (kW × PUE × price × hours), colocation per kW-month and
operations. Cloud: instances × price × hours; a commitment is paid in full whether used or
not, spread over the horizon when it outlasts it. API: tokens × price. Egress: GB × price.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from catalog.domain import Catalog, ServerSku
from planner.evaluation.plan import Plan, Venue, VenueKind

HOURS_PER_YEAR = 8760.0
MONTHS_PER_YEAR = 12.0
TOKENS_PER_MTOK = 1e6
COMMITMENT_YEARS: dict[str, float] = {"commit_1y": 1.0, "commit_3y": 3.0}
"""Length of each committed pricing term; on-demand and spot commit to nothing."""


class Category(StrEnum):
    CAPEX = "capex"
    ENERGY = "energy"
    HOSTING = "hosting"
    OPERATIONS = "operations"
    CLOUD = "cloud"
    API = "api"
    EGRESS = "egress"


@dataclass(frozen=True, slots=True)
class CostAssumptions:
    """The money side of a scenario; defaults are documented in docs/scoring.md."""

    currency: str = "EUR"
    discount_rate: float = 0.07
    horizon_years: float = 5.0
    networking_capex_share: float = 0.15
    """Cluster networking (NICs, switches, optics, cabling) as a share of server capex."""
    operations_share_of_capex_per_year: float = 0.08
    """Support contracts, spares and staff time per year as a share of server capex."""
    average_power_fraction: float = 1.0
    """Average draw as a share of the SKU's maximum system power (1.0 is conservative)."""


def annuity_factor(rate: float, years: float) -> float:
    """Capital recovery factor: the level yearly payment that repays 1 over `years` at `rate`."""
    if years <= 0:
        raise ValueError("the recovery period must be positive")
    if rate == 0:
        return 1.0 / years
    # rate / (1 - (1 + rate)^-years), through log1p and expm1 so that a rate too small to
    # change 1 + rate still gives its limit 1 / years rather than a division by zero.
    return rate / -math.expm1(-years * math.log1p(rate))


@dataclass(frozen=True, slots=True)
class CostLine:
    """One cost of one venue in one category, in the report currency."""

    venue: Venue
    provider: str
    """Provider id, or `own:<site>` for servers the organisation owns."""
    category: Category
    annual_cost: float


@dataclass(frozen=True, slots=True)
class WorkloadCost:
    annual_cost: float
    tokens_per_year: float

    @property
    def cost_per_mtok(self) -> float:
        return (
            self.annual_cost / (self.tokens_per_year / TOKENS_PER_MTOK)
            if self.tokens_per_year
            else 0.0
        )


@dataclass(frozen=True)
class CostReport:
    currency: str
    lines: tuple[CostLine, ...]
    per_workload: dict[str, WorkloadCost] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(line.annual_cost for line in self.lines)

    @property
    def tokens_per_year(self) -> float:
        return sum(w.tokens_per_year for w in self.per_workload.values())

    @property
    def cost_per_mtok(self) -> float | None:
        """Annual cost over all tokens the workloads serve a year; None with no tokens."""
        tokens = self.tokens_per_year
        return self.total / (tokens / TOKENS_PER_MTOK) if tokens else None

    def by_category(self) -> dict[Category, float]:
        totals = dict.fromkeys(Category, 0.0)
        for line in self.lines:
            totals[line.category] += line.annual_cost
        return totals

    def by_provider(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for line in self.lines:
            totals[line.provider] += line.annual_cost
        return dict(sorted(totals.items(), key=lambda kv: -kv[1]))

    def by_venue(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for line in self.lines:
            totals[line.venue.key] += line.annual_cost
        return dict(totals)


def owned_provider(site_id: str) -> str:
    return f"own:{site_id}"


def server_outlay(
    sku: ServerSku,
    servers: int,
    catalog: Catalog,
    a: CostAssumptions,
    *,
    networking: bool = True,
) -> float:
    """What buying `servers` of a SKU costs up front in the report currency: the list price,
    with the networking share of capex unless `networking` is off (the capital budget
    limits the sum with it)."""
    price = catalog.convert(sku.unit_price, sku.currency, a.currency) * servers
    return price * (1.0 + a.networking_capex_share) if networking else price


def _owned_lines(plan: Plan, catalog: Catalog, a: CostAssumptions) -> list[CostLine]:
    lines = []
    for owned in plan.owned:
        sku, site = catalog.server_skus[owned.sku_id], catalog.sites[owned.site_id]
        venue = Venue(VenueKind.OWNED, sku.id, site.id)
        price = server_outlay(sku, owned.servers, catalog, a, networking=False)
        recovery_years = min(sku.useful_life_years, a.horizon_years)
        kw = sku.power_kw * owned.servers * a.average_power_fraction
        energy = catalog.convert(
            kw * site.pue * HOURS_PER_YEAR * site.electricity_price_per_kwh,
            site.currency,
            a.currency,
        )
        hosting = catalog.convert(
            sku.power_kw * owned.servers * site.colocation_price_per_kw_month * MONTHS_PER_YEAR,
            site.currency,
            a.currency,
        )
        capex = (
            price
            * (1.0 + a.networking_capex_share)
            * annuity_factor(a.discount_rate, recovery_years)
        )
        provider = owned_provider(site.id)
        lines += [
            CostLine(venue, provider, Category.CAPEX, capex),
            CostLine(venue, provider, Category.ENERGY, energy),
            CostLine(venue, provider, Category.HOSTING, hosting),
            CostLine(
                venue, provider, Category.OPERATIONS, price * a.operations_share_of_capex_per_year
            ),
        ]
    return lines


def committed_annual_factor(pricing_term: str, horizon_years: float) -> float:
    """A commitment longer than the horizon is still paid in full, spread over the horizon."""
    term = COMMITMENT_YEARS.get(pricing_term)
    return 1.0 if term is None else max(1.0, term / horizon_years)


def _cloud_lines(plan: Plan, catalog: Catalog, a: CostAssumptions) -> list[CostLine]:
    lines = []
    for cloud in plan.cloud:
        offer = catalog.cloud_offers[cloud.offer_id]
        hourly = catalog.convert(offer.price_per_instance_hour, offer.currency, a.currency)
        annual = hourly * cloud.instances * HOURS_PER_YEAR
        annual *= committed_annual_factor(offer.pricing_term, a.horizon_years)
        annual += hourly * cloud.extra_instance_hours
        lines.append(
            CostLine(Venue(VenueKind.CLOUD, offer.id), offer.provider_id, Category.CLOUD, annual)
        )
    return lines


def _api_lines(plan: Plan, catalog: Catalog, a: CostAssumptions) -> list[CostLine]:
    lines = []
    for api in plan.api:
        offer = catalog.api_offers[api.offer_id]
        native = (
            api.input_mtok_per_year * offer.input_price_per_mtok
            + api.output_mtok_per_year * offer.output_price_per_mtok
        )
        lines.append(
            CostLine(
                Venue(VenueKind.API, offer.id),
                offer.provider_id,
                Category.API,
                catalog.convert(native, offer.currency, a.currency),
            )
        )
    return lines


def _egress_lines(
    egress_gb_per_year: dict[str, float], plan: Plan, catalog: Catalog, a: CostAssumptions
) -> list[CostLine]:
    """Egress per venue key: data leaving a third-party provider each year."""
    lines = []
    venues = {c.venue.key: c for c in _cloud_lines(plan, catalog, a) + _api_lines(plan, catalog, a)}
    for key, gb in egress_gb_per_year.items():
        if key not in venues or gb <= 0:
            continue
        provider = catalog.providers[venues[key].provider]  # type: ignore[index]
        cost = catalog.convert(
            gb * provider.egress_price_per_gb, provider.egress_currency, a.currency
        )
        lines.append(CostLine(venues[key].venue, provider.id, Category.EGRESS, cost))
    return lines


def cost_plan(
    plan: Plan,
    catalog: Catalog,
    assumptions: CostAssumptions,
    egress_gb_per_year: dict[str, float] | None = None,
) -> CostReport:
    """Annual cost of every line, and each workload's share of the venues it uses.

    A workload pays for the share of a venue's accelerators it occupies (owned, cloud) or
    for its tokens (API); capacity bought but unused is spread over the venue's workloads.
    """
    lines = (
        _owned_lines(plan, catalog, assumptions)
        + _cloud_lines(plan, catalog, assumptions)
        + _api_lines(plan, catalog, assumptions)
        + _egress_lines(egress_gb_per_year or {}, plan, catalog, assumptions)
    )
    venue_cost: dict[str, float] = defaultdict(float)
    for line in lines:
        venue_cost[line.venue.key] += line.annual_cost
    usage: dict[str, float] = defaultdict(float)
    for alloc in plan.allocations:
        usage[alloc.venue.key] += _use(alloc.accelerators, alloc.tokens_per_year, alloc.venue)
    per_workload: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for alloc in plan.allocations:
        used = _use(alloc.accelerators, alloc.tokens_per_year, alloc.venue)
        share = used / usage[alloc.venue.key] if usage[alloc.venue.key] else 0.0
        per_workload[alloc.workload_id][0] += venue_cost[alloc.venue.key] * share
        per_workload[alloc.workload_id][1] += alloc.tokens_per_year
    return CostReport(
        assumptions.currency,
        tuple(lines),
        {w: WorkloadCost(cost, tokens) for w, (cost, tokens) in sorted(per_workload.items())},
    )


def _use(accelerators: float, tokens_per_year: float, venue: Venue) -> float:
    return tokens_per_year if venue.kind is VenueKind.API else accelerators
