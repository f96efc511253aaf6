"""How long it takes to put new capacity in place: server delivery and provider onboarding.

Servers arrive after their SKU's lead time (the catalog's `lead_time_weeks`, sourced per
SKU). A provider the plan does not use yet must first be taken on: due diligence, contract
(a financial entity's contract with an ICT third party must carry DORA's Article 30 terms),
accounts and quotas. No public survey gives that time per kind of provider, so the defaults
below are our judgement, said as such, with the public figures they were weighed against.
More capacity from an offer or provider already under contract is taken to be there at
once: a shortage of it is a shock of its own (a provider exit, a spot drought).
"""

from dataclasses import dataclass

from catalog.domain import Catalog, ProviderId
from planner.evaluation.plan import Venue, VenueKind


@dataclass(frozen=True, slots=True)
class Onboarding:
    """Weeks to take on a new provider of one kind, and why."""

    weeks: float
    reason: str


ONBOARDING_SOURCES = (
    "Financial-services firms typically onboard a vendor in 14–21 days; one global bank "
    "took 60 days for a critical vendor before streamlining its process "
    "(https://learn.daydream.ai/examples/vendor-onboarding-process-examples, read "
    "2026-12-01). Due diligence belongs before the contract, about 90 days ahead "
    "(https://www.venminder.com/video/basics-of-vendor-risk-due-diligence, read 2026-12-01)."
)
"""The public figures the onboarding defaults were weighed against."""
ONBOARDING_AS_OF = "2026-12-01"
ONBOARDING_WEEKS: dict[str, Onboarding] = {
    "hyperscaler": Onboarding(
        4.0,
        "our judgement: standard enterprise agreements with published DORA addenda; the "
        "time goes on due diligence and GPU quota requests",
    ),
    "model_api_vendor": Onboarding(
        4.0,
        "our judgement: self-service API with enterprise terms and a data-processing "
        "agreement; due diligence as for any critical ICT service",
    ),
    "sovereign_cloud": Onboarding(
        6.0,
        "our judgement: a European cloud under home law, contract terms negotiated rather "
        "than standard, capacity reserved on request",
    ),
    "neocloud": Onboarding(
        8.0,
        "our judgement: a young GPU cloud: contract terms negotiated, security assurance "
        "(audit reports) checked from scratch, capacity reserved on request",
    ),
}
"""Weeks to take on a new provider, by the catalog's provider kind."""
UNKNOWN_KIND = Onboarding(8.0, "our judgement: a provider of a kind we have no default for")
"""As slow as the slowest kind above."""


def onboarding(catalog: Catalog, provider_id: str) -> Onboarding:
    kind = catalog.providers[ProviderId(provider_id)].kind
    return ONBOARDING_WEEKS.get(kind, UNKNOWN_KIND)


def server_delivery_weeks(catalog: Catalog, sku_id: str) -> float:
    return catalog.server_skus[sku_id].lead_time_weeks


@dataclass(frozen=True, slots=True)
class LeadTime:
    """Why new capacity on one venue takes the time it takes."""

    weeks: float
    reason: str


def lead_time(
    venue: Venue, catalog: Catalog, provider: str | None, onboarded: frozenset[str]
) -> LeadTime:
    """Before more capacity on `venue` serves: servers' delivery, or a new provider's
    onboarding (none for a provider in `onboarded`)."""
    if venue.kind is VenueKind.OWNED:
        return LeadTime(server_delivery_weeks(catalog, venue.id), "server delivery")
    assert provider is not None
    if provider in onboarded:
        return LeadTime(0.0, "already under contract")
    kind = catalog.providers[ProviderId(provider)].kind
    return LeadTime(onboarding(catalog, provider).weeks, f"onboarding a new {kind}")
