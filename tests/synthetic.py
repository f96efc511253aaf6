"""Deterministic synthetic planning instances, larger than the shipped examples.

For solver benchmarks (benchmarks/solve_scaling.py) and scaling tests. Everything is made at
the domain level, so the planner's own option compiler turns it into a solver `Problem`:

- `synthetic_catalog` replicates the real cloud offers into synthetic regions of the same
  providers (same country and bloc, so the same SEAL levels; prices jittered ±20 %) and adds
  synthetic open-weight chat models derived from real ones (sizes and quality jittered).
- `synthetic_scenario` repeats a scenario's workloads with jittered demand, and scales its
  budgets and site power limits with the number of workloads so the instance stays feasible.
- `instances(size, catalog)` gives the named sizes: "examples", "medium", "national",
  "large" (200 workloads, 20,000 cloud offers: the option compiler's stress test).
- `branching_problem()` is a solver `Problem` made directly, hard enough that neither SCIP
  nor HiGHS proves it optimal within a minute: for cancel tests and benchmarks.

Same inputs and seed, same instance: one seeded numpy generator, dicts walked in key order.
"""

from dataclasses import dataclass, replace

import numpy as np

from catalog.domain import AIModel, Catalog, CloudOffer, ModelId
from planner.scenario.examples import examples_dir
from planner.scenario.model import Scenario, SiteRequirement, Workload, WorkloadKind
from planner.scenario.reader import load_scenario
from solver.problem import Problem

EXAMPLES = examples_dir()

PRICE_JITTER = 0.20
"""Synthetic cloud prices are the real price times U(1 − j, 1 + j)."""
PARAMS_JITTER = 0.20
QUALITY_JITTER = 4.0
"""Synthetic model quality is the real score plus U(−j, +j) points, clipped to 0–100."""
DEMAND_JITTER = 0.30


def _is_open_chat(model: AIModel) -> bool:
    return model.open_weight and model.kind == "chat" and model.total_params_b is not None


def synthetic_catalog(base: Catalog, n_cloud_offers: int, n_models: int, seed: int) -> Catalog:
    """`base` with ≥ n_cloud_offers cloud offers and ≥ n_models open-weight chat models.

    n_models counts the open-weight chat models (the only kind the generator adds); the
    catalog's closed and embedding models are kept as they are on top of those.
    Offers are copied region by region, round after round (region `<id>-syn<k>` of the same
    provider), until the count is reached; models are derived from the real open-weight
    chat models in turn (id `<id>-syn<k>`, developer kept).
    """
    rng = np.random.default_rng(seed)
    regions = dict(base.regions)
    offers = dict(base.cloud_offers)
    by_region: dict[str, list[CloudOffer]] = {}
    for offer in base.cloud_offers.values():
        by_region.setdefault(offer.region_id, []).append(offer)
    real_regions = [base.regions[r] for r in sorted(by_region)]
    round_ = 0
    while len(offers) < n_cloud_offers and real_regions:
        round_ += 1
        for region in real_regions:
            if len(offers) >= n_cloud_offers:
                break
            new_region = replace(
                region,
                id=f"{region.id}-syn{round_}",
                code=f"{region.code}-syn{round_}",
                name=f"{region.name} (synthetic {round_})",
            )
            regions[new_region.id] = new_region
            for offer in by_region[region.id]:
                factor = float(rng.uniform(1 - PRICE_JITTER, 1 + PRICE_JITTER))
                offer_copy = replace(
                    offer,
                    id=f"{offer.id}-syn{round_}",
                    region_id=new_region.id,
                    list_price_per_instance_hour=offer.list_price_per_instance_hour * factor,
                    price_per_instance_hour=offer.price_per_instance_hour * factor,
                )
                offers[offer_copy.id] = offer_copy

    models = dict(base.ai_models)
    real_models = [
        base.ai_models[m] for m in sorted(base.ai_models) if _is_open_chat(base.ai_models[m])
    ]
    count = len(real_models)
    k = 0
    while count < n_models and real_models:
        model = real_models[k % len(real_models)]
        round_ = k // len(real_models) + 1
        k += 1
        size = float(rng.uniform(1 - PARAMS_JITTER, 1 + PARAMS_JITTER))
        quality = None
        if model.quality_score is not None:
            shift = float(rng.uniform(-QUALITY_JITTER, QUALITY_JITTER))
            quality = float(np.clip(model.quality_score + shift, 0.0, 100.0))
        assert model.total_params_b is not None
        copy = replace(
            model,
            id=ModelId(f"{model.id}-syn{round_}"),
            name=f"{model.name} (synthetic {round_})",
            total_params_b=model.total_params_b * size,
            active_params_b=None if model.active_params_b is None else model.active_params_b * size,
            quality_score=quality,
        )
        models[copy.id] = copy
        count += 1
    return replace(base, ai_models=models, regions=regions, cloud_offers=offers)


def _jittered(workload: Workload, index: int, factor: float) -> Workload:
    if workload.kind is WorkloadKind.FINE_TUNING:
        return replace(
            workload,
            id=f"{workload.id}-{index:03d}",
            tokens_per_run=workload.tokens_per_run * factor,
        )
    return replace(
        workload, id=f"{workload.id}-{index:03d}", tokens_per_day=workload.tokens_per_day * factor
    )


def synthetic_scenario(base: Scenario, n_workloads: int, seed: int) -> Scenario:
    """n_workloads workloads cycling through base's, demand × U(0.7, 1.3), ids `<id>-<nnn>`.

    The annual and capital budgets and the site power limits grow by n_workloads / (base
    workloads), so the larger organisation is as constrained as the base one, not infeasible.
    """
    rng = np.random.default_rng(seed)
    workloads = tuple(
        _jittered(
            base.workloads[i % len(base.workloads)],
            i,
            float(rng.uniform(1 - DEMAND_JITTER, 1 + DEMAND_JITTER)),
        )
        for i in range(n_workloads)
    )
    scale = n_workloads / len(base.workloads)
    return replace(
        base,
        name=f"{base.name} (synthetic, {n_workloads} workloads)",
        workloads=workloads,
        annual_budget=None if base.annual_budget is None else base.annual_budget * scale,
        capex_budget=None if base.capex_budget is None else base.capex_budget * scale,
        sites=tuple(
            SiteRequirement(
                s.site_id, None if s.power_limit_kw is None else s.power_limit_kw * scale
            )
            for s in base.sites
        ),
    )


@dataclass(frozen=True)
class Instance:
    name: str
    scenario: Scenario
    catalog: Catalog


@dataclass(frozen=True)
class Size:
    n_workloads: int
    n_cloud_offers: int
    n_models: int


SIZES: dict[str, Size | None] = {
    "examples": None,
    "medium": Size(n_workloads=15, n_cloud_offers=1_000, n_models=40),
    "national": Size(n_workloads=50, n_cloud_offers=5_000, n_models=60),
    "large": Size(n_workloads=200, n_cloud_offers=20_000, n_models=80),
}
"""None: the shipped examples as they are."""
SYNTHETIC_BASES = ("eu-bank", "small-nation")
SEED = 20_260_101


def instances(size: str, catalog: Catalog, seed: int = SEED) -> list[Instance]:
    """The instances of a named size, each with its own catalog."""
    spec = SIZES[size]
    if spec is None:
        return [
            Instance(path.stem, load_scenario(path, catalog), catalog)
            for path in sorted(EXAMPLES.glob("*.toml"))
        ]
    big = synthetic_catalog(catalog, spec.n_cloud_offers, spec.n_models, seed)
    found = []
    for i, stem in enumerate(SYNTHETIC_BASES):
        base = load_scenario(EXAMPLES / f"{stem}.toml", catalog)
        found.append(
            Instance(
                f"{stem}×{spec.n_workloads}",
                synthetic_scenario(base, spec.n_workloads, seed + i),
                big,
            )
        )
    return found


def branching_problem(seed: int = 3) -> Problem:
    """Many workloads sharing fractional resources under a provider-share cap and an
    independence floor: plans come early, proof does not (no optimum within 60 s on either
    backend, measured on the 2-core CI machine)."""
    rng = np.random.default_rng(seed)
    n_r, n_w, per_w = 400, 80, 6
    options = n_w * per_w
    return Problem(
        unit_cost=rng.uniform(50, 150, n_r),
        unit_capex=np.zeros(n_r),
        unit_power_kw=np.zeros(n_r),
        resource_site=np.full(n_r, -1),
        resource_group=rng.integers(0, 12, n_r),
        resource_independence=rng.uniform(0, 100, n_r),
        resource_lockin_per_spend=np.zeros(n_r),
        site_power_limit_kw=np.array([]),
        workload_critical=np.zeros(n_w, dtype=bool),
        option_workload=np.repeat(np.arange(n_w), per_w),
        option_resource=rng.integers(0, n_r, options),
        option_units=rng.uniform(0.2, 2.7, options),
        option_usage_cost=np.zeros(options),
        option_group=np.zeros(options, dtype=np.int64),
        option_independence=np.zeros(options),
        option_lockin_per_spend=np.zeros(options),
        option_attributed_cost=np.zeros(options),
        max_group_share=0.2,
        min_independence=55.0,
    )


__all__ = [
    "Instance",
    "branching_problem",
    "instances",
    "synthetic_catalog",
    "synthetic_scenario",
]
