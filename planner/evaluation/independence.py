"""Independence: how much of a plan stays under the organisation's own control and law.

Follows the European Commission's Cloud Sovereignty Framework (2025): eight objectives
SOV-1 … SOV-8, each on the SEAL 0–4 scale, weighted 15/10/10/15/20/15/10/5 %. Every venue
of the plan gets a SEAL level per objective by one rubric, for owned, rented and API venues
alike: the operator's levels (a provider's catalog row, or the organisation's own by the same
rules, planner/evaluation/rubric.py), then the venue rules (planner/evaluation/venue_rules.py).
This module only reads the facts each venue needs from the catalog.
"""

from dataclasses import replace

from catalog.domain import Accelerator, Catalog, Provider, Site
from planner.evaluation.organisation import JURISDICTION_GROUPS, Organisation
from planner.evaluation.plan import Venue, VenueKind
from planner.evaluation.rubric import OWN_OPERATOR, SEAL_MAX, operator_levels
from planner.evaluation.venue_rules import (
    OBJECTIVES,
    UNDISCLOSED_ACCELERATOR_EXPOSURE,
    VenueFacts,
    VenueLevel,
    compose,
)

__all__ = [
    "FRAMEWORK_WEIGHTS",
    "OBJECTIVES",
    "SEAL_MAX",
    "VenueLevel",
    "owned_facts",
    "venue_facts",
    "venue_levels",
]

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

UNASSESSED_SEAL = 0
"""Level of an objective a provider has no assessment for: nothing is known, so nothing is
assured (the rubric's R-GEN-2)."""

PUBLISHED_RULE = "published"
"""Rule shown for a level copied from a published assessment rather than set by the rubric."""
NO_RULE_NAMED = "no rule named"
"""Rule shown for an own-judgement level stored before rows named their rubric rule."""

BLOC_COUNTRY: dict[str, str] = {"UK": "GB"}
"""Data zones named by bloc whose ISO 3166 country code differs."""


def _zone_trusted(zone: str, org: Organisation) -> bool:
    """A data zone is trusted when every country in it is (GLOBAL never is)."""
    if zone == "GLOBAL":
        return False
    members = JURISDICTION_GROUPS.get(zone, frozenset({BLOC_COUNTRY.get(zone, zone)}))
    return all(org.trusts(country) for country in members)


def _provider_row(provider: Provider) -> dict[str, VenueLevel]:
    levels = {}
    for objective in OBJECTIVES:
        assessed = provider.assessments.get(objective)
        if assessed is None:
            levels[objective] = VenueLevel(
                UNASSESSED_SEAL, "R-GEN-2", f"{provider.name}: not assessed"
            )
            continue
        rule = assessed.rubric_rule or (
            PUBLISHED_RULE if not assessed.is_own_judgement else NO_RULE_NAMED
        )
        levels[objective] = VenueLevel(
            assessed.seal_level, rule, f"{provider.name}: {assessed.justification}"
        )
    return levels


def _own_row(site_name: str, pue: float) -> dict[str, VenueLevel]:
    levels = operator_levels(replace(OWN_OPERATOR, pue=pue))
    return {
        objective: VenueLevel(
            ruled.level,
            ruled.rule,
            f"own servers at {site_name}, run by the organisation"
            + (f" (PUE {pue:g})" if objective == "SOV-8" else ""),
        )
        for objective, ruled in levels.items()
    }


def owned_facts(site: Site, accelerator: Accelerator, org: Organisation) -> VenueFacts:
    """The organisation's own servers with `accelerator` at `site`."""
    return VenueFacts(
        kind=VenueKind.OWNED,
        operator=_own_row(site.name, site.pue),
        operator_law_trusted=True,
        location_trusted=org.trusts(site.country),
        location=f"{site.name} ({site.country})",
        accelerator_exposure=accelerator.export_control_exposure,
        accelerator=f"{accelerator.vendor} ({accelerator.vendor_country}) accelerators",
        open_weights=True,  # only open weights can run on the organisation's hardware
    )


def venue_facts(venue: Venue, catalog: Catalog, org: Organisation) -> VenueFacts:
    """What the venue rules need to know about one venue, for this organisation."""
    if venue.kind is VenueKind.OWNED:
        sku = catalog.server_skus[venue.id]
        site = catalog.sites[str(venue.site_id)]
        return owned_facts(site, catalog.accelerators[sku.accelerator_id], org)
    if venue.kind is VenueKind.CLOUD:
        offer = catalog.cloud_offers[venue.id]
        provider = catalog.providers[offer.provider_id]
        region = catalog.regions[offer.region_id]
        accelerator = catalog.accelerators[offer.accelerator_id]
        return VenueFacts(
            kind=venue.kind,
            operator=_provider_row(provider),
            operator_law_trusted=org.trusts(provider.parent_jurisdiction),
            location_trusted=org.trusts(region.country),
            location=f"region {region.code} ({region.country})",
            accelerator_exposure=accelerator.export_control_exposure,
            accelerator=f"{accelerator.vendor} ({accelerator.vendor_country}) accelerators",
            open_weights=True,  # rented hardware runs weights the organisation can load
        )
    api = catalog.api_offers[venue.id]
    provider = catalog.providers[api.provider_id]
    return VenueFacts(
        kind=venue.kind,
        operator=_provider_row(provider),
        operator_law_trusted=org.trusts(provider.parent_jurisdiction),
        location_trusted=_zone_trusted(api.data_zone, org),
        location=f"data zone {api.data_zone}",
        accelerator_exposure=None,
        accelerator=f"undisclosed accelerators (assumed {UNDISCLOSED_ACCELERATOR_EXPOSURE})",
        open_weights=catalog.ai_models[api.ai_model_id].open_weight,
    )


def venue_levels(venue: Venue, catalog: Catalog, org: Organisation) -> dict[str, VenueLevel]:
    """SEAL level of one venue on each objective, relative to the organisation."""
    return compose(venue_facts(venue, catalog, org))
