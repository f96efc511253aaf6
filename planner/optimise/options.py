"""Candidate options per workload: (model, venue, precision) with capacity, cost and eligibility.

A venue is a resource bought in whole units (a server SKU at a site, an instance of a cloud
offer) or a pay-per-use API. Options that break a hard rule (quality, exclusions, SEAL floors,
latency, spot for critical work) are filtered out here, and the reason is counted, so a
workload with no option left says why before the solver runs. Among the rest, only the
cheapest few per provider and pricing term are kept: the others cannot win.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from catalog.domain import Accelerator, AIModel, Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.estimates import default_precision
from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.roofline import (
    CapacityError,
    CapacityEstimate,
    Refusal,
    RequestShape,
    estimate_capacity,
)
from planner.errors import PlannerError
from planner.evaluation.cost import COMMITMENT_YEARS, HOURS_PER_YEAR
from planner.evaluation.plan import ApiLine, Plan, Venue, VenueKind
from planner.optimise.venues import (
    Resource,
    ResourceKey,
    accelerator_of,
    bundle,
    data_exit_cost,
    provider_allowed,
    replica_sizes,
    unit_cost_of,
    unit_venues,
    venue_independence,
)
from planner.scenario.model import Scenario, Workload, WorkloadKind
from solver.problem import CancelToken

T = TypeVar("T")
OPTIONS_KEPT_PER_SUPPLIER = 3
"""Cheapest options kept per (workload, provider or site, pricing term): enough for the
solver to trade cost against hedging and shared capacity, few enough to solve fast."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    workload_id: str
    model_id: str
    model_developer: str
    closed_model: bool
    venue: Venue
    precision: str | None
    resource_key: ResourceKey | None
    """The resource bought in whole units that serves the option; None: pay-per-use."""
    units_per_share: float
    """Resource units needed to serve the whole workload (0 for pay-per-use)."""
    usage_cost_per_share: float
    """Annual pay-per-use cost of serving the whole workload (API tokens, rented hours)."""
    tokens_per_second_per_unit: float
    accelerators_per_share: float
    group: str | None
    jurisdiction: str | None
    independence: float
    capacity: CapacityEstimate | None = None
    data_exit_cost: float = 0.0
    """Egress cost of moving the workload's stored data (`data_gb`) out of this venue."""


@dataclass
class Compiled:
    """The scenario turned into resources and options, and why options were dropped."""

    resources: dict[ResourceKey, Resource]
    options: list[Option]
    dropped: dict[str, Counter[str]] = field(default_factory=dict)

    def options_for(self, workload_id: str) -> list[Option]:
        return [o for o in self.options if o.workload_id == workload_id]


class NoEligibleOptionError(PlannerError):
    """A workload has no option left after the hard rules; the message lists why."""


class CompileCancelledError(Exception):
    """The cancel token was set while options were compiled: the solve is not wanted."""


NOT_SERVABLE_AS_ASKED = frozenset({Refusal.DOES_NOT_FIT, Refusal.MISSES_LATENCY_TARGET})
"""Refusals counted together as one reason: the model is too big or too slow here."""


def _models_for(
    workload: Workload, catalog: Catalog, scenario: Scenario, dropped: Counter[str]
) -> list[AIModel]:
    kind = "embedding" if workload.kind is WorkloadKind.EMBEDDING else "chat"
    chosen = []
    for model in catalog.ai_models.values():
        if model.kind != kind:
            continue
        if model.id in scenario.policy.excluded_models:
            dropped["model excluded by policy"] += 1
        elif workload.min_quality is not None and (
            model.quality_score is None or model.quality_score < workload.min_quality
        ):
            dropped[f"model quality below {workload.min_quality:g} or unknown"] += 1
        else:
            chosen.append(model)
    return chosen


def _meets_floors(levels: dict[str, float], workload: Workload) -> str | None:
    for objective, floor in sorted(workload.seal_floors.items()):
        if levels[objective] < floor:
            return f"venue below SEAL {floor} on {objective}"
    return None


def _venue_refused(resource: Resource, levels: dict[str, float], workload: Workload) -> str | None:
    """Why a workload may not use a unit-priced venue: SEAL floors, or spot for critical work."""
    if why := _meets_floors(levels, workload):
        return why
    if workload.critical and resource.pricing_term == "spot":
        return "spot capacity for a critical workload"
    return None


class _CapacityCache:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.cache: dict[tuple[object, ...], CapacityEstimate | str] = {}

    def get(
        self, model: AIModel, accelerator: Accelerator, shape: RequestShape, sizes: tuple[int, ...]
    ) -> CapacityEstimate | str:
        key = (model.id, accelerator.id, shape, sizes)
        if key not in self.cache:
            try:
                self.cache[key] = estimate_capacity(
                    model,
                    accelerator,
                    default_precision(accelerator),
                    shape,
                    efficiency_for(self.catalog.serving_efficiency, accelerator),
                    sizes,
                )
            except CapacityError as exc:
                self.cache[key] = (
                    "does not fit or misses the latency target"
                    if exc.reason in NOT_SERVABLE_AS_ASKED
                    else str(exc)
                )
        return self.cache[key]


def _inference_options(
    workload: Workload,
    models: list[AIModel],
    resources: Iterable[tuple[Resource, dict[str, float]]],
    catalog: Catalog,
    scenario: Scenario,
    cache: _CapacityCache,
    dropped: Counter[str],
) -> Iterator[Option]:
    shape = RequestShape(
        workload.input_tokens, workload.output_tokens, workload.tpot_ms, workload.ttft_ms
    )
    demand = workload.output_tokens_per_second_peak
    ranked: dict[tuple[str, tuple[int, ...]], tuple[list[tuple[AIModel, CapacityEstimate]],
                                                    Counter[str]]] = {}  # fmt: skip
    for resource, levels in resources:
        if why := _venue_refused(resource, levels, workload):
            dropped[why] += len(models)
            continue
        accelerator = catalog.accelerators[accelerator_of(resource, catalog)]
        sizes = replica_sizes(resource.accelerators_per_unit)
        key = (accelerator.id, sizes)
        if key not in ranked:
            ranked[key] = _fastest_models(models, accelerator, shape, sizes, cache)
        best, failures = ranked[key]
        dropped.update(failures)
        for model, estimate in best:
            unit = bundle(resource, estimate.accelerators_per_replica)
            per_unit = estimate.tokens_per_second_per_accelerator * unit.accelerators_per_unit
            units = demand / per_unit if demand > 0 else 0.0
            yield Option(
                workload_id=workload.id,
                model_id=model.id,
                model_developer=model.developer,
                closed_model=False,
                venue=resource.venue,
                precision=estimate.precision.value,
                resource_key=unit.key,
                units_per_share=units,
                usage_cost_per_share=0.0,
                tokens_per_second_per_unit=per_unit,
                accelerators_per_share=units * unit.accelerators_per_unit,
                group=resource.group,
                jurisdiction=resource.jurisdiction,
                independence=resource.independence,
                capacity=estimate,
                data_exit_cost=data_exit_cost(
                    resource.venue, workload, catalog, scenario.assumptions.currency
                ),
            )


def _fastest_models(
    models: list[AIModel],
    accelerator: Accelerator,
    shape: RequestShape,
    sizes: tuple[int, ...],
    cache: _CapacityCache,
) -> tuple[list[tuple[AIModel, CapacityEstimate]], Counter[str]]:
    """The open models with the most tokens per second per accelerator on this hardware,
    and why the others cannot run on it.

    On one venue the cost of serving a workload falls as throughput rises, so only the
    fastest few models can be among the few cheapest options kept per provider and term:
    the rest are never built (a national catalog would otherwise make millions).
    """
    found: list[tuple[AIModel, CapacityEstimate]] = []
    failures: Counter[str] = Counter()
    for model in (m for m in models if m.open_weight):
        estimate = cache.get(model, accelerator, shape, sizes)
        if isinstance(estimate, str):
            failures[estimate] += 1
        else:
            found.append((model, estimate))
    found.sort(key=lambda pair: (-pair[1].tokens_per_second_per_accelerator, pair[0].id))
    return found[:OPTIONS_KEPT_PER_SUPPLIER], failures


def _api_options(
    workload: Workload,
    models: list[AIModel],
    catalog: Catalog,
    scenario: Scenario,
    dropped: Counter[str],
) -> Iterator[Option]:
    eligible = {m.id: m for m in models}
    mtok_in = workload.tokens_per_year * workload.input_share / 1e6
    mtok_out = workload.tokens_per_year * (1 - workload.input_share) / 1e6
    for offer in catalog.api_offers.values():
        model = eligible.get(offer.ai_model_id)
        if model is None:
            continue
        reason = provider_allowed(offer.provider_id, scenario)
        venue = Venue(VenueKind.API, offer.id)
        independence, levels = venue_independence(venue, catalog, scenario)
        reason = reason or _meets_floors(levels, workload)
        if reason:
            dropped[reason] += 1
            continue
        provider = catalog.providers[offer.provider_id]
        cost = unit_cost_of(Plan(api=(ApiLine(offer.id, mtok_in, mtok_out),)), catalog, scenario)
        yield Option(
            workload_id=workload.id,
            model_id=model.id,
            model_developer=model.developer,
            closed_model=not model.open_weight,
            venue=venue,
            precision=None,
            resource_key=None,
            units_per_share=0.0,
            usage_cost_per_share=cost,
            tokens_per_second_per_unit=0.0,
            accelerators_per_share=0.0,
            group=provider.legal_group,
            jurisdiction=provider.parent_jurisdiction,
            independence=independence,
            data_exit_cost=data_exit_cost(venue, workload, catalog, scenario.assumptions.currency),
        )


def _finetune_options(
    workload: Workload,
    models: list[AIModel],
    resources: Iterable[tuple[Resource, dict[str, float]]],
    catalog: Catalog,
    scenario: Scenario,
    dropped: Counter[str],
) -> Iterator[Option]:
    method = FineTuneMethod(workload.method)
    for resource, levels in resources:
        if why := _venue_refused(resource, levels, workload):
            dropped[why] += len(models)
            continue
        accelerator = catalog.accelerators[accelerator_of(resource, catalog)]
        for model in (m for m in models if m.open_weight):
            tune = estimate_finetune(model, accelerator, workload.tokens_per_year, method)
            if (
                resource.accelerators_per_unit > 1
                and tune.min_accelerators > resource.accelerators_per_unit
            ):
                dropped["training state does not fit the server or instance"] += 1
                continue
            unit_hours = tune.accelerator_hours / resource.accelerators_per_unit
            rented = (
                resource.venue.kind is VenueKind.CLOUD
                and resource.pricing_term not in COMMITMENT_YEARS
            )
            yield Option(
                workload_id=workload.id,
                model_id=model.id,
                model_developer=model.developer,
                closed_model=False,
                venue=resource.venue,
                precision="bf16",
                resource_key=None if rented else resource.key,
                units_per_share=0.0 if rented else unit_hours / HOURS_PER_YEAR,
                usage_cost_per_share=(
                    resource.unit_cost * unit_hours / HOURS_PER_YEAR if rented else 0.0
                ),
                tokens_per_second_per_unit=0.0,
                accelerators_per_share=tune.accelerator_hours / HOURS_PER_YEAR,
                group=resource.group,
                jurisdiction=resource.jurisdiction,
                independence=resource.independence,
            )


def _prune(options: list[Option], resources: dict[ResourceKey, Resource]) -> list[Option]:
    """Keep the cheapest few options per (provider or site, pricing term)."""
    buckets: dict[tuple[str, str], list[tuple[float, Option]]] = defaultdict(list)
    for option in options:
        if option.resource_key is None:
            cost = option.usage_cost_per_share
            supplier = option.group or "?"
            term = "usage"
        else:
            resource = resources[option.resource_key]
            cost = option.units_per_share * resource.unit_cost
            supplier = resource.group or f"own:{resource.site_id}"
            term = resource.pricing_term or "owned"
        buckets[(supplier, term)].append((cost, option))
    kept = []
    for entries in buckets.values():
        entries.sort(key=lambda e: (e[0], e[1].venue.key, e[1].model_id))
        kept += [o for _, o in entries[:OPTIONS_KEPT_PER_SUPPLIER]]
    return kept


def _unless_cancelled(items: Iterable[T], cancel: CancelToken | None) -> Iterator[T]:
    for item in items:
        if cancel is not None and cancel.cancelled:
            raise CompileCancelledError
        yield item


def compile_options(
    scenario: Scenario, catalog: Catalog, *, cancel: CancelToken | None = None
) -> Compiled:
    """All eligible options of every workload; raises NoEligibleOptionError naming the causes,
    or CompileCancelledError when `cancel` is set (checked before each workload and venue: a
    fine-tuning workload on a national catalog takes a second or more)."""
    dropped_all: Counter[str] = Counter()
    resource_list = list(unit_venues(catalog, scenario, dropped_all))
    resources = {r.key: r for r, _ in resource_list}
    cache = _CapacityCache(catalog)
    options: list[Option] = []
    dropped: dict[str, Counter[str]] = {}
    for workload in _unless_cancelled(scenario.workloads, cancel):
        reasons: Counter[str] = Counter(dropped_all)
        models = _models_for(workload, catalog, scenario, reasons)
        venues = _unless_cancelled(resource_list, cancel)
        if workload.kind is WorkloadKind.FINE_TUNING:
            found = list(_finetune_options(workload, models, venues, catalog, scenario, reasons))
        else:
            found = list(
                _inference_options(workload, models, venues, catalog, scenario, cache, reasons)
            )
            found += list(_api_options(workload, models, catalog, scenario, reasons))
        dropped[workload.id] = reasons
        if not found:
            top = "; ".join(f"{why} ({n})" for why, n in reasons.most_common(4))
            raise NoEligibleOptionError(
                f"workload {workload.id!r} has no eligible option: {top or 'no model of its kind'}"
                ". To fix: relax its quality or SEAL floors, or the exclusions"
            )
        for option in found:  # register the replica-sized bundles the options refer to
            key = option.resource_key
            if key is not None and key.bundle is not None and key not in resources:
                resources[key] = bundle(resources[key.listing], key.bundle)
        options += _prune(found, resources)
    used = {o.resource_key for o in options if o.resource_key}
    return Compiled({k: r for k, r in resources.items() if k in used}, options, dropped)
