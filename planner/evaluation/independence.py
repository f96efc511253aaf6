"""Independence: how much of a plan stays under the organisation's own control and law.

Follows the European Commission's Cloud Sovereignty Framework (2025): eight objectives
SOV-1 … SOV-8, each on the SEAL 0–4 scale, weighted 15/10/10/15/20/15/10/5 %. Every venue
of the plan gets a SEAL level per objective; the plan's level on an objective is the
average over venues weighted by annual spend (what the organisation economically depends
on, the same basis DORA concentration assessments use). Score = Σ weight × level / 4 × 100.
"""

from dataclasses import dataclass

from catalog.domain import Catalog
from planner.evaluation.organisation import JURISDICTION_GROUPS, Organisation
from planner.evaluation.plan import Venue, VenueKind

SEAL_MAX = 4

OBJECTIVES: dict[str, str] = {
    "SOV-1": "strategic",
    "SOV-2": "legal & jurisdictional",
    "SOV-3": "data & AI",
    "SOV-4": "operational",
    "SOV-5": "supply chain",
    "SOV-6": "technology",
    "SOV-7": "security & compliance",
    "SOV-8": "environmental",
}

FRAMEWORK_WEIGHTS: dict[str, float] = {
    "SOV-1": 0.15,
    "SOV-2": 0.10,
    "SOV-3": 0.10,
    "SOV-4": 0.15,
    "SOV-5": 0.20,
    "SOV-6": 0.15,
    "SOV-7": 0.10,
    "SOV-8": 0.05,
}
"""Objective weights of the Cloud Sovereignty Framework (European Commission, 2025)."""

UNTRUSTED_CAP = 1
"""Highest SEAL on legal (SOV-2) when the operator's ultimate parent sits under a law the
organisation does not trust, and on data (SOV-3) when data is processed there."""

OPEN_WEIGHT_BONUS = 1
"""SEAL levels an open-weight model adds on data & AI (SOV-3) and technology (SOV-6) where
the organisation runs it itself (owned or rented hardware); on technology only via an API."""

SUPPLY_CHAIN_BY_EXPORT_EXPOSURE: dict[str, int] = {"none": 4, "low": 3, "medium": 2, "high": 1}
"""SOV-5 of owned hardware from the accelerator's export-control exposure (our judgement)."""

OWNED_OPERATIONAL_SEAL = 3
"""SOV-4 of owned servers: operated by the organisation, but firmware and support come from
the hardware vendor (our judgement)."""
OWNED_TECHNOLOGY_SEAL = 3
"""SOV-6 of open weights on owned servers: the model is the organisation's, the driver
stack (CUDA, ROCm) is the vendor's (our judgement)."""
OWNED_SECURITY_SEAL = 3
"""SOV-7 of owned servers: under the organisation's own controls; certification is its own."""
PUE_SEAL_THRESHOLDS: tuple[tuple[float, int], ...] = ((1.2, 4), (1.4, 3), (1.6, 2))
"""SOV-8 of an owned site by PUE: ≤1.2 → 4, ≤1.4 → 3, ≤1.6 → 2, else 1 (our judgement; the
2024 global average PUE is about 1.56, Uptime Institute)."""


@dataclass(frozen=True, slots=True)
class VenueLevel:
    level: float
    reason: str


def _pue_seal(pue: float) -> int:
    return next((seal for limit, seal in PUE_SEAL_THRESHOLDS if pue <= limit), 1)


def _owned_levels(venue: Venue, catalog: Catalog, org: Organisation) -> dict[str, VenueLevel]:
    sku = catalog.server_skus[venue.id]
    site = catalog.sites[str(venue.site_id)]
    accelerator = catalog.accelerators[sku.accelerator_id]
    trusted = org.trusts(site.country)
    home = f"own servers at {site.name} ({site.country})"
    law = 4 if trusted else UNTRUSTED_CAP
    exposure = accelerator.export_control_exposure
    return {
        "SOV-1": VenueLevel(4 if trusted else 2, f"{home}: the organisation decides"),
        "SOV-2": VenueLevel(law, f"{home}, under {'trusted' if trusted else 'untrusted'} law"),
        "SOV-3": VenueLevel(law, f"{home}: data and open weights stay in-house"),
        "SOV-4": VenueLevel(OWNED_OPERATIONAL_SEAL, f"{home}: own operations, vendor support"),
        "SOV-5": VenueLevel(
            SUPPLY_CHAIN_BY_EXPORT_EXPOSURE[exposure],
            f"{accelerator.vendor} ({accelerator.vendor_country}) accelerators, "
            f"{exposure} export-control exposure",
        ),
        "SOV-6": VenueLevel(OWNED_TECHNOLOGY_SEAL, f"{home}: open weights, vendor driver stack"),
        "SOV-7": VenueLevel(OWNED_SECURITY_SEAL, f"{home}: the organisation's own controls"),
        "SOV-8": VenueLevel(_pue_seal(site.pue), f"{site.name} PUE {site.pue:g}"),
    }


BLOC_COUNTRY: dict[str, str] = {"UK": "GB"}
"""Data zones named by bloc whose ISO 3166 country code differs."""


def _zone_trusted(zone: str, org: Organisation) -> bool:
    """A data zone is trusted when every country in it is (GLOBAL never is)."""
    if zone == "GLOBAL":
        return False
    members = JURISDICTION_GROUPS.get(zone, frozenset({BLOC_COUNTRY.get(zone, zone)}))
    return all(org.trusts(country) for country in members)


def _provider_levels(venue: Venue, catalog: Catalog, org: Organisation) -> dict[str, VenueLevel]:
    if venue.kind is VenueKind.CLOUD:
        offer = catalog.cloud_offers[venue.id]
        provider = catalog.providers[offer.provider_id]
        region = catalog.regions[offer.region_id]
        data_trusted = org.trusts(region.country)
        data_where = f"region {region.code} ({region.country})"
        self_hosted, open_weights = True, True
    else:
        api = catalog.api_offers[venue.id]
        provider = catalog.providers[api.provider_id]
        data_trusted, data_where = _zone_trusted(api.data_zone, org), f"data zone {api.data_zone}"
        self_hosted, open_weights = False, catalog.ai_models[api.ai_model_id].open_weight
    levels: dict[str, VenueLevel] = {}
    for objective in OBJECTIVES:
        assessed = provider.assessments.get(objective)
        level = float(assessed.seal_level) if assessed else 0.0
        reason = f"{provider.name}: " + (assessed.justification if assessed else "not assessed")
        if objective == "SOV-2" and not org.trusts(provider.parent_jurisdiction):
            level = min(level, UNTRUSTED_CAP)
            reason = f"{provider.name}: parent under {provider.parent_jurisdiction} law, untrusted"
        if objective == "SOV-3":
            if open_weights and self_hosted:
                level = min(SEAL_MAX, level + OPEN_WEIGHT_BONUS)
                reason += "; open weights run on rented hardware"
            if not data_trusted:
                level = min(level, UNTRUSTED_CAP)
                reason = f"{provider.name}: data processed in {data_where}, not trusted"
        if objective == "SOV-6" and open_weights:
            level = min(SEAL_MAX, level + OPEN_WEIGHT_BONUS)
            reason += "; open-weight model"
        levels[objective] = VenueLevel(level, reason)
    return levels


def venue_levels(venue: Venue, catalog: Catalog, org: Organisation) -> dict[str, VenueLevel]:
    """SEAL level of one venue on each objective, relative to the organisation."""
    if venue.kind is VenueKind.OWNED:
        return _owned_levels(venue, catalog, org)
    return _provider_levels(venue, catalog, org)
