"""A plan's mix in figures — where its money goes — the difference between two plans, and the
one line that describes a mix ("all-EU rented, open models; mainly OVHcloud (48%)").

The difference between plans A and B is one minus the overlap of their spend: with s_v each
plan's share of its annual cost on venue v (a plan line: one server SKU at one site, one
cloud offer, one API offer), difference = 1 − Σ_v min(s_A,v, s_B,v). It is 0 for plans that
spend in the same proportions on the same venues, 1 for plans with no venue in common (the
Bray–Curtis dissimilarity of the spend vectors, in shares).
"""

from dataclasses import dataclass

from catalog.domain import Catalog, ProviderId
from planner.evaluation.cost import CostReport
from planner.evaluation.organisation import EU_MEMBER_STATES
from planner.evaluation.plan import Venue, VenueKind

ALL_SHARE = 0.995
"""A share at least this large reads as "all" (rounding of a few euros is not a mix)."""
MOST_SHARE = 0.5
"""A share at least this large is the plan's main character."""
OWN_SERVERS = "own servers"


@dataclass(frozen=True)
class Mix:
    """Shares of a plan's annual cost, each in [0, 1]."""

    by_venue: dict[str, float]
    owned: float
    cloud: float
    api: float
    eu: float
    """Spent with providers whose ultimate parent is in an EU member state, or on servers
    owned at a site in one."""
    closed_models: float
    """Spent on APIs of closed-weight models."""
    by_supplier: dict[str, float]
    """By provider name ("own servers" for the organisation's own), largest first."""

    @property
    def main_supplier(self) -> str:
        return next(iter(self.by_supplier), "nobody")

    @property
    def main_supplier_share(self) -> float:
        return next(iter(self.by_supplier.values()), 0.0)


def in_eu(venue: Venue, catalog: Catalog) -> bool:
    """Owned at a site in an EU member state, or rented from a provider whose ultimate
    parent is in one."""
    if venue.kind is VenueKind.OWNED:
        return catalog.sites[str(venue.site_id)].country in EU_MEMBER_STATES
    offer = (
        catalog.cloud_offers[venue.id] if venue.kind is VenueKind.CLOUD
        else catalog.api_offers[venue.id]
    )  # fmt: skip
    return catalog.providers[offer.provider_id].parent_jurisdiction in EU_MEMBER_STATES


def difference(a: Mix, b: Mix) -> float:
    """1 − the overlap of the two plans' spend shares by venue (see the module docstring)."""
    overlap = sum(min(share, b.by_venue.get(v, 0.0)) for v, share in a.by_venue.items())
    return max(0.0, 1.0 - overlap)


def mix_of(costs: CostReport, catalog: Catalog) -> Mix:
    total = costs.total or 1.0
    kinds = dict.fromkeys(VenueKind, 0.0)
    eu = closed = 0.0
    by_supplier: dict[str, float] = {}
    for line in costs.lines:
        venue, amount = line.venue, line.annual_cost
        kinds[venue.kind] += amount
        if venue.kind is VenueKind.OWNED:
            supplier = OWN_SERVERS
        else:
            supplier = catalog.providers[ProviderId(line.provider)].name
        if venue.kind is VenueKind.API:
            model = catalog.ai_models[catalog.api_offers[venue.id].ai_model_id]
            closed += 0.0 if model.open_weight else amount
        eu += amount if in_eu(venue, catalog) else 0.0
        by_supplier[supplier] = by_supplier.get(supplier, 0.0) + amount
    return Mix(
        by_venue={v: amount / total for v, amount in costs.by_venue().items()},
        owned=kinds[VenueKind.OWNED] / total,
        cloud=kinds[VenueKind.CLOUD] / total,
        api=kinds[VenueKind.API] / total,
        eu=eu / total,
        closed_models=closed / total,
        by_supplier={
            name: amount / total
            for name, amount in sorted(by_supplier.items(), key=lambda kv: -kv[1])
        },
    )


def _where(mix: Mix) -> str:
    if mix.eu >= ALL_SHARE:
        return "all-EU"
    return "mostly EU" if mix.eu >= MOST_SHARE else "mostly non-EU"


def _how(mix: Mix) -> str:
    if mix.owned >= MOST_SHARE:
        return "owned-heavy"
    if mix.api >= MOST_SHARE:
        return "API-first"
    if mix.cloud >= ALL_SHARE:
        return "all rented"
    return "rented" if mix.cloud >= MOST_SHARE else "hybrid"


def _models(mix: Mix) -> str:
    if mix.closed_models <= 1 - ALL_SHARE:
        return "open models"
    return "closed models" if mix.closed_models >= MOST_SHARE else "some closed models"


def describe(mix: Mix) -> str:
    """One line from the figures: where, how, which models, and the main supplier."""
    return (
        f"{_where(mix)} {_how(mix)}, {_models(mix)}; mainly {mix.main_supplier} "
        f"({mix.main_supplier_share:.0%})"
    )


def supplier_changes(mix: Mix, base: Mix) -> str:
    """Who enters and who leaves against `base`: "+Seeweb, −OVHcloud", or, with the same
    suppliers, "same suppliers, other offers"."""
    entering = [f"+{s}" for s in mix.by_supplier if s not in base.by_supplier]
    leaving = [f"−{s}" for s in base.by_supplier if s not in mix.by_supplier]
    return ", ".join(entering + leaving) or "same suppliers, other offers"
