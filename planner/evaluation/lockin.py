"""Lock-in: how hard and costly it would be to leave the plan's providers.

Seven components, each a number from 0 (no lock-in) to 1, weighted into a 0–100 score:
concentration of spend (Herfindahl–Hirschman index) across provider groups, parent
jurisdictions, accelerator vendors and model vendors; dependence on closed models;
commitment terms; and the cost of exit relative to annual spend. Provider and jurisdiction
concentration count only spend with third parties (servers the organisation owns are not a
landlord), and each concentration is scaled by the share of total spend on its axis.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from catalog.domain import Catalog, ModelId, Provider
from planner.evaluation.cost import COMMITMENT_YEARS, CostReport
from planner.evaluation.plan import Plan, VenueKind

HHI_MAX = 10_000.0
"""HHI of a single supplier: Σ (100 · share)² with share 1 (US DOJ/FTC Merger Guidelines)."""

LONGEST_COMMITMENT_YEARS = 3.0
"""A 3-year commitment counts fully towards the commitment component, a 1-year one a third."""

REPLATFORMING_SHARE_OF_ANNUAL_COST: dict[str, float] = {
    "closed_api": 0.5,
    "open_api": 0.15,
    "cloud": 0.10,
}
"""One-off cost to move a venue's workloads elsewhere, as a share of its annual cost (our
judgement): a closed model's prompts, evaluations and integrations must be redone on another
model; an open model served by an API or run on rented GPUs moves with its weights."""


@dataclass(frozen=True, slots=True)
class LockInWeights:
    provider_hhi: float = 0.25
    jurisdiction_hhi: float = 0.10
    accelerator_vendor_hhi: float = 0.10
    model_vendor_hhi: float = 0.10
    closed_models: float = 0.20
    commitments: float = 0.10
    exit_cost: float = 0.15

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


COMPONENT_LABELS: dict[str, str] = {
    "provider_hhi": "concentration on provider groups",
    "jurisdiction_hhi": "concentration on parent jurisdictions",
    "accelerator_vendor_hhi": "concentration on accelerator vendors",
    "model_vendor_hhi": "concentration on model vendors",
    "closed_models": "spend on closed models",
    "commitments": "spend under commitment",
    "exit_cost": "exit cost against annual spend",
}


def hhi(spend: Mapping[str, float]) -> float:
    """Herfindahl–Hirschman index of spend shares, 0 (no spend) to 10,000 (one supplier)."""
    total = sum(spend.values())
    if total <= 0:
        return 0.0
    return sum((100.0 * value / total) ** 2 for value in spend.values() if value > 0)


def effective_number(index: float) -> float:
    """10,000 / HHI: how many equal suppliers would give the same concentration."""
    return HHI_MAX / index if index > 0 else 0.0


@dataclass(frozen=True)
class LockInFacts:
    """The measured quantities behind the components, for tables and tooltips."""

    spend_by_provider_group: dict[str, float]
    spend_by_jurisdiction: dict[str, float]
    spend_by_accelerator_vendor: dict[str, float]
    spend_by_model_vendor: dict[str, float]
    closed_model_spend: float
    commitment_weighted_spend: float
    exit_cost: float
    total_spend: float

    def _share(self, amount: float) -> float:
        return min(1.0, amount / self.total_spend) if self.total_spend > 0 else 0.0

    def _concentration(self, spend: Mapping[str, float]) -> float:
        """HHI / 10,000 scaled by the share of total spend on that axis: a plan that spends
        a tenth with one landlord is less locked in than one that spends everything there."""
        return hhi(spend) / HHI_MAX * self._share(sum(spend.values()))

    @property
    def components(self) -> dict[str, float]:
        """Each component scaled to 0..1."""
        share = self._share
        return {
            "provider_hhi": self._concentration(self.spend_by_provider_group),
            "jurisdiction_hhi": self._concentration(self.spend_by_jurisdiction),
            "accelerator_vendor_hhi": self._concentration(self.spend_by_accelerator_vendor),
            "model_vendor_hhi": self._concentration(self.spend_by_model_vendor),
            "closed_models": share(self.closed_model_spend),
            "commitments": share(self.commitment_weighted_spend),
            "exit_cost": share(self.exit_cost),
        }


def lock_in_facts(
    plan: Plan,
    catalog: Catalog,
    costs: CostReport,
    data_gb_by_venue: Mapping[str, float] | None = None,
) -> LockInFacts:
    """Spend by supplier on each axis, closed-model and committed spend, and the exit cost."""
    venue_cost = costs.by_venue()
    groups: dict[str, float] = defaultdict(float)
    jurisdictions: dict[str, float] = defaultdict(float)
    accelerators: dict[str, float] = defaultdict(float)
    models: dict[str, float] = defaultdict(float)
    closed = committed = exit_cost = 0.0
    data_gb = data_gb_by_venue or {}
    usage = _model_usage(plan)

    for owned in plan.owned:
        key = f"owned:{owned.sku_id}@{owned.site_id}"
        sku = catalog.server_skus[owned.sku_id]
        accelerators[catalog.accelerators[sku.accelerator_id].vendor] += venue_cost.get(key, 0.0)
        _spread(models, usage.get(key, {}), venue_cost.get(key, 0.0), catalog)
    for cloud in plan.cloud:
        key = f"cloud:{cloud.offer_id}"
        cost = venue_cost.get(key, 0.0)
        rented = catalog.cloud_offers[cloud.offer_id]
        provider = catalog.providers[rented.provider_id]
        groups[provider.legal_group] += cost
        jurisdictions[provider.parent_jurisdiction] += cost
        accelerators[catalog.accelerators[rented.accelerator_id].vendor] += cost
        _spread(models, usage.get(key, {}), cost, catalog)
        term = COMMITMENT_YEARS.get(rented.pricing_term)
        if term:
            committed += cost * term / LONGEST_COMMITMENT_YEARS
            exit_cost += cost * term / 2  # half the term is left on average
        exit_cost += cost * REPLATFORMING_SHARE_OF_ANNUAL_COST["cloud"]
        exit_cost += _egress(data_gb.get(key, 0.0), provider, catalog, costs.currency)
    for api in plan.api:
        key = f"api:{api.offer_id}"
        cost = venue_cost.get(key, 0.0)
        bought = catalog.api_offers[api.offer_id]
        provider = catalog.providers[bought.provider_id]
        model = catalog.ai_models[bought.ai_model_id]
        groups[provider.legal_group] += cost
        jurisdictions[provider.parent_jurisdiction] += cost
        models[model.developer] += cost
        closed += 0.0 if model.open_weight else cost
        kind = "open_api" if model.open_weight else "closed_api"
        exit_cost += cost * REPLATFORMING_SHARE_OF_ANNUAL_COST[kind]
        exit_cost += _egress(data_gb.get(key, 0.0), provider, catalog, costs.currency)
    return LockInFacts(
        dict(groups),
        dict(jurisdictions),
        dict(accelerators),
        dict(models),
        closed,
        committed,
        exit_cost,
        costs.total,
    )


def _model_usage(plan: Plan) -> dict[str, dict[str, float]]:
    """Per owned/cloud venue, the accelerators each model occupies."""
    usage: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for alloc in plan.allocations:
        if alloc.venue.kind is not VenueKind.API:
            usage[alloc.venue.key][alloc.model_id] += alloc.accelerators
    return usage


def _spread(
    models: dict[str, float], usage: Mapping[str, float], cost: float, catalog: Catalog
) -> None:
    """Attribute a self-hosting venue's cost to the developers of the models it runs."""
    total = sum(usage.values())
    for model_id, used in usage.items():
        if total > 0:
            models[catalog.ai_models[ModelId(model_id)].developer] += cost * used / total


def _egress(gb: float, provider: Provider, catalog: Catalog, currency: str) -> float:
    return catalog.convert(gb * provider.egress_price_per_gb, provider.egress_currency, currency)
