"""Deterministic synthetic planning instances, larger than the shipped examples.

For solver benchmarks (benchmarks/solve_scaling.py) and scaling tests. Everything is made at
the domain level, so the planner's own option compiler turns it into a solver `Problem`:

- `synthetic_catalog` replicates the real cloud offers into synthetic regions of the same
  providers (same country and bloc, so the same SEAL levels; prices jittered ±20 %) and adds
  synthetic open-weight chat models derived from real ones (sizes and quality jittered).
- `synthetic_scenario` repeats a scenario's workloads with jittered demand, and scales its
  budgets and site power limits with the number of workloads so the instance stays feasible.
- `instances(size, catalog)` gives the named sizes: "examples", "medium", "national", and
  "large" (200 workloads, 20,000 offers).
- `scaled_demand` multiplies every workload's demand; `harder_instances(catalog)` is the
  harder benchmark set of issue 10: binding site power, ×100 and ×1000 demand, "large".
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


def _demand_times(workload: Workload, factor: float) -> Workload:
    if workload.kind is WorkloadKind.FINE_TUNING:
        return replace(workload, tokens_per_run=workload.tokens_per_run * factor)
    return replace(workload, tokens_per_day=workload.tokens_per_day * factor)


def _jittered(workload: Workload, index: int, factor: float) -> Workload:
    return replace(_demand_times(workload, factor), id=f"{workload.id}-{index:03d}")


def _limits_times(base: Scenario, factor: float) -> Scenario:
    """base with its annual and capital budgets and its site power limits × factor."""
    return replace(
        base,
        annual_budget=None if base.annual_budget is None else base.annual_budget * factor,
        capex_budget=None if base.capex_budget is None else base.capex_budget * factor,
        sites=tuple(
            SiteRequirement(
                s.site_id, None if s.power_limit_kw is None else s.power_limit_kw * factor
            )
            for s in base.sites
        ),
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
    return replace(
        _limits_times(base, n_workloads / len(base.workloads)),
        name=f"{base.name} (synthetic, {n_workloads} workloads)",
        workloads=workloads,
    )


def scaled_demand(base: Scenario, factor: float) -> Scenario:
    """Every workload's demand × factor, and its budgets and site power limits with it, so
    the larger organisation is as constrained as the base one."""
    return replace(
        _limits_times(base, factor),
        name=f"{base.name} (demand ×{factor:g})",
        workloads=tuple(_demand_times(w, factor) for w in base.workloads),
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
DEMAND_FACTORS = (100.0, 1000.0)
"""The harder set's demand multiples: many whole servers, not a fraction of one, per plan."""
POWER_BOUND_CASES = (("eu-bank", None, 1000.0), ("eu-bank", "national", 100.0))
"""(example, size or None for the example itself, demand factor) grown with the site's power
limit kept as shipped: the bank's 120 kW colocation then binds (at the optimum without the
limit its servers would draw 124 kW and 254 kW; measured with the compile of 2026-11-23)."""
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


def harder_instances(catalog: Catalog, seed: int = SEED) -> dict[str, list[Instance]]:
    """The harder benchmark set, by kind: "power-bound", "demand" (×100 and ×1000 of the
    examples eu-bank and small-nation, and of their national-size versions) and "large"."""
    bases = {stem: load_scenario(EXAMPLES / f"{stem}.toml", catalog) for stem in SYNTHETIC_BASES}
    national = {inst.name.split("×")[0]: inst for inst in instances("national", catalog, seed)}

    def grown(stem: str, size: str | None, factor: float) -> Instance:
        if size is None:
            return Instance(
                f"{stem} ×{factor:g} demand", scaled_demand(bases[stem], factor), catalog
            )
        inst = national[stem]
        return Instance(
            f"{inst.name} ×{factor:g} demand", scaled_demand(inst.scenario, factor), inst.catalog
        )

    def power_bound(stem: str, size: str | None, factor: float) -> Instance:
        inst = grown(stem, size, factor)
        limits = ", ".join(f"{s.power_limit_kw:g} kW" for s in bases[stem].sites)
        return Instance(
            f"{inst.name}, site power {limits} as shipped",
            replace(inst.scenario, sites=bases[stem].sites),
            inst.catalog,
        )

    return {
        "power-bound": [power_bound(*case) for case in POWER_BOUND_CASES],
        "demand": [
            grown(stem, size, factor)
            for size in (None, "national")
            for stem in SYNTHETIC_BASES
            for factor in DEMAND_FACTORS
        ],
        "large": instances("large", catalog, seed),
    }


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
    "harder_instances",
    "instances",
    "scaled_demand",
    "synthetic_catalog",
    "synthetic_scenario",
]
