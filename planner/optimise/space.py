"""What the option compiler reads once per scenario: listings, models and API offers as arrays.

Models are in id order (the tie-break between equally fast models), API offers in catalog
order. Eligibility that depends on the workload (its model kind, quality, SEAL floors) is
a mask over these arrays, computed per workload in planner/optimise/candidates.py.
"""

from collections import Counter

import numpy as np

from catalog.domain import AIModel, ApiOffer, Catalog
from planner.evaluation.plan import Venue, VenueKind
from planner.optimise.capacity_table import CapacityTables
from planner.optimise.listings import OBJECTIVE_ORDER, BoolArray, Listings, build_listings
from planner.optimise.venues import provider_allowed, venue_independence
from planner.scenario.model import Demand, Scenario, Workload, WorkloadKind, demands


def model_kind(workload: Workload) -> str:
    return "embedding" if workload.kind is WorkloadKind.EMBEDDING else "chat"


class Space:
    """The scenario's listings, models and API offers, with the arrays the compiler needs."""

    def __init__(self, scenario: Scenario, catalog: Catalog) -> None:
        self.scenario, self.catalog = scenario, catalog
        self.demands: tuple[Demand, ...] = demands(scenario.workloads)
        """The rows of demand the compiler fills: workloads, or their request classes."""
        currency = scenario.assumptions.currency
        self.listings: Listings = build_listings(catalog, scenario)
        self.models: list[AIModel] = [catalog.ai_models[m] for m in sorted(catalog.ai_models)]
        self.open_models = np.array(
            [i for i, m in enumerate(self.models) if m.open_weight], dtype=np.int64
        )
        self.developers = sorted({m.developer for m in self.models})
        developer_index = {d: i for i, d in enumerate(self.developers)}
        self.open_developer = np.array(
            [developer_index[self.models[i].developer] for i in self.open_models], dtype=np.int64
        )
        policy, weights = scenario.policy, scenario.weights.lock_in
        self.developer_matters = policy.max_lock_in is not None and weights.model_vendor_hhi > 0
        """Concentration on model vendors enters the model only through the lock-in cap; it
        splits each venue's cost by occupancy, so then no model or venue dominates another."""
        self.open_index = np.full(len(self.models), -1, dtype=np.int64)
        """Position of each model among the open ones (the capacity tables' rows); -1: closed."""
        self.open_index[self.open_models] = np.arange(len(self.open_models))
        self.tables = CapacityTables(
            catalog,
            self.listings.kinds,
            [self.models[i] for i in self.open_models],
            scenario.policy.allowed_precisions,
        )
        self.kind_accelerators = np.array(
            [k.accelerators_per_unit for k in self.listings.kinds], dtype=np.int64
        )
        self.listing_egress_per_gb = np.array(
            [self._egress_per_gb(r.provider_id, currency) for r in self.listings.resources]
        )
        model_index = {m.id: i for i, m in enumerate(self.models)}
        self.api_offers: list[ApiOffer] = list(catalog.api_offers.values())
        self.api_model = np.array(
            [model_index[o.ai_model_id] for o in self.api_offers], dtype=np.int64
        )
        self.api_cost_in = np.array(
            [catalog.convert(o.input_price_per_mtok, o.currency, currency)
             for o in self.api_offers]
        )  # fmt: skip
        self.api_cost_out = np.array(
            [catalog.convert(o.output_price_per_mtok, o.currency, currency)
             for o in self.api_offers]
        )  # fmt: skip
        self.api_egress_per_gb = np.array(
            [self._egress_per_gb(o.provider_id, currency) for o in self.api_offers]
        )
        self.api_refused = [provider_allowed(o.provider_id, scenario) for o in self.api_offers]
        venues = [venue_independence(Venue(VenueKind.API, o.id), catalog, scenario)
                  for o in self.api_offers]  # fmt: skip
        self.api_independence = np.array([score for score, _ in venues])
        self.api_levels = np.array(
            [[levels[o] for o in OBJECTIVE_ORDER] for _, levels in venues]
        ).reshape(len(self.api_offers), len(OBJECTIVE_ORDER))
        self.model_kind = np.array([m.kind for m in self.models])
        self.model_quality = np.array(
            [np.nan if m.quality_score is None else m.quality_score for m in self.models]
        )
        self.model_excluded = np.isin(
            [m.id for m in self.models], list(policy.excluded_models)
        ).astype(bool)

    def _egress_per_gb(self, provider_id: str | None, currency: str) -> float:
        if provider_id is None:
            return 0.0
        provider = self.catalog.providers[provider_id]  # type: ignore[index]
        return self.catalog.convert(
            provider.egress_price_per_gb, provider.egress_currency, currency
        )

    def model_mask(self, workload: Workload, dropped: Counter[str]) -> BoolArray:
        """Models of the workload's kind that the policy and its quality floor allow."""
        of_kind: BoolArray = self.model_kind == model_kind(workload)
        excluded = of_kind & self.model_excluded
        dropped["model excluded by policy"] += int(excluded.sum())
        ok: BoolArray = of_kind & ~excluded
        if workload.min_quality is not None:
            poor = ok & ~(self.model_quality >= workload.min_quality)
            dropped[f"model quality below {workload.min_quality:g} or unknown"] += int(poor.sum())
            ok = ok & ~poor
        return ok

    def api_mask(self, workload: Workload, models: BoolArray, dropped: Counter[str]) -> BoolArray:
        """API offers of an allowed model that the provider rules and SEAL floors allow."""
        ok = np.zeros(len(self.api_offers), dtype=bool)
        if workload.kind is WorkloadKind.FINE_TUNING:
            return ok
        floors = sorted(workload.seal_floors.items())
        for i in np.flatnonzero(models[self.api_model]):
            reason = self.api_refused[i]
            if reason is None:
                reason = next(
                    (
                        f"venue below SEAL {floor} on {objective}"
                        for objective, floor in floors
                        if self.api_levels[i, OBJECTIVE_ORDER.index(objective)] < floor
                    ),
                    None,
                )
            if reason:
                dropped[reason] += 1
            else:
                ok[i] = True
        return ok
