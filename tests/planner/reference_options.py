"""The option compiler written the slow, plain way: one `Option` object per eligible option.

The product compiles options as arrays (planner/optimise/candidates.py). This reference
builds every (model, venue, tensor-parallel size, precision) option of every workload in
loops, as the compiler once did, and applies the same selections with dictionaries — exact
dominance on each resource, the cheapest listing of each class — so a test can require both
to keep the same options.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from catalog.domain import Accelerator, AIModel, Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.measured import CapacityBasis, measured_capacity
from planner.capacity.roofline import (
    CapacityError,
    CapacityEstimate,
    Precision,
    RequestShape,
    estimate_replica,
    peak_tflops,
)
from planner.evaluation.cost import COMMITMENT_YEARS, HOURS_PER_YEAR
from planner.evaluation.interruption import SPOT_CAPACITY_FACTOR
from planner.evaluation.plan import ApiLine, Plan, ServingTrail, Venue, VenueKind
from planner.optimise.capacity_table import trail_of
from planner.optimise.options import Option
from planner.optimise.venues import (
    Resource,
    accelerator_of,
    data_exit_cost,
    provider_allowed,
    unit_cost_of,
    unit_venues,
    venue_independence,
)
from planner.scenario.model import Scenario, Workload, WorkloadKind, demands

ESTIMATES: dict[tuple[object, ...], CapacityEstimate | None] = {}
"""Capacity by (model, accelerator, shape, precision, replica size): the roofline is pure."""
PRECISION_ORDER = {p: i for i, p in enumerate(Precision)}
"""Ties between equally fast options go to the higher precision, then the smaller replica."""


def _models(workload: Workload, catalog: Catalog, scenario: Scenario) -> list[AIModel]:
    kind = "embedding" if workload.kind is WorkloadKind.EMBEDDING else "chat"
    return [
        m
        for m in catalog.ai_models.values()
        if m.kind == kind
        and m.id not in scenario.policy.excluded_models
        and (
            workload.min_quality is None
            or (m.quality_score is not None and m.quality_score >= workload.min_quality)
        )
    ]


def _allowed(levels: dict[str, float], workload: Workload, spot: bool) -> bool:
    if any(levels[o] < floor for o, floor in workload.seal_floors.items()):
        return False
    return not (workload.critical and spot)


def _self_hosted(
    workload: Workload,
    resource: Resource,
    catalog: Catalog,
    scenario: Scenario,
    request_class: str,
) -> Iterator[Option]:
    accelerator = catalog.accelerators[accelerator_of(resource, catalog)]
    exit_cost = data_exit_cost(resource.venue, workload, catalog, scenario.assumptions.currency)
    for model in _models(workload, catalog, scenario):
        if not model.open_weight:
            continue
        common = {
            "workload_id": workload.id, "model_id": model.id,
            "model_developer": model.developer, "closed_model": False,
            "venue": resource.venue, "group": resource.group,
            "jurisdiction": resource.jurisdiction, "independence": resource.independence,
            "accelerator_vendor": resource.accelerator_vendor, "data_exit_cost": exit_cost,
            "request_class": request_class,
        }  # fmt: skip
        if workload.kind is WorkloadKind.FINE_TUNING:
            tune = estimate_finetune(
                model, accelerator, workload.tokens_per_year, FineTuneMethod(workload.method)
            )
            per_unit = resource.accelerators_per_unit
            if per_unit > 1 and tune.min_accelerators > per_unit:
                continue
            spot = SPOT_CAPACITY_FACTOR if resource.pricing_term == "spot" else 1.0
            unit_years = tune.accelerator_hours * spot / per_unit / HOURS_PER_YEAR
            rented = (
                resource.venue.kind is VenueKind.CLOUD
                and resource.pricing_term not in COMMITMENT_YEARS
            )
            yield Option(
                **common,  # type: ignore[arg-type]
                precision="bf16",
                resource_key=None if rented else resource.key,
                units_per_share=0.0 if rented else unit_years,
                usage_cost_per_share=resource.unit_cost * unit_years if rented else 0.0,
                tokens_per_second_per_unit=0.0,
                accelerators_per_share=tune.accelerator_hours * spot / HOURS_PER_YEAR,
            )
            continue
        shape = RequestShape(
            workload.input_tokens, workload.output_tokens, workload.tpot_ms, workload.ttft_ms
        )
        for precision, tp in _variants(accelerator, resource.accelerators_per_unit, scenario):
            speed, trail = _capacity(model, accelerator, shape, precision, tp, catalog)
            if trail is None:
                continue
            per_unit = resource.accelerators_per_unit
            per_unit_speed = speed * per_unit
            demand = workload.output_tokens_per_second_peak
            units = demand / per_unit_speed if demand > 0 else 0.0
            if resource.pricing_term == "spot":
                units *= SPOT_CAPACITY_FACTOR
            yield Option(
                **common,  # type: ignore[arg-type]
                precision=precision.value,
                resource_key=resource.key,
                units_per_share=units,
                usage_cost_per_share=0.0,
                tokens_per_second_per_unit=per_unit_speed,
                accelerators_per_share=units * per_unit,
                serving=trail,
            )


def _replica(
    model: AIModel, accelerator: Accelerator, shape: RequestShape, precision: Precision,
    tp: int, catalog: Catalog,
) -> CapacityEstimate | None:  # fmt: skip
    key = (model.id, accelerator.id, shape, precision, tp)
    if key not in ESTIMATES:
        try:
            ESTIMATES[key] = estimate_replica(
                model, accelerator, precision, shape,
                efficiency_for(catalog.serving_efficiency, accelerator), tp,
            )  # fmt: skip
        except CapacityError:
            ESTIMATES[key] = None
    return ESTIMATES[key]


def _capacity(
    model: AIModel, accelerator: Accelerator, shape: RequestShape, precision: Precision,
    tp: int, catalog: Catalog,
) -> tuple[float, ServingTrail | None]:  # fmt: skip
    """Speed per accelerator and trail of one variant: the organisation's measurement of it
    where one covers the shape (batch and limit from the estimate, without the targets when
    they refuse it; none when the weights do not fit), else the estimate."""
    estimate = _replica(model, accelerator, shape, precision, tp, catalog)
    measured = measured_capacity(
        catalog.serving_profiles, model.id, accelerator.id, shape, (tp,), precision.value
    )
    if measured is None:
        return (0.0, None) if estimate is None else (
            estimate.tokens_per_second_per_accelerator, trail_of(estimate)
        )  # fmt: skip
    if estimate is None:
        untimed = RequestShape(shape.input_tokens, shape.output_tokens)
        estimate = _replica(model, accelerator, untimed, precision, tp, catalog)
        if estimate is None:
            return 0.0, None
    trail = replace(
        trail_of(estimate),
        ttft_ms=estimate.ttft_ms if measured.ttft_ms is None else measured.ttft_ms,
        tpot_ms=estimate.tpot_ms if measured.tpot_ms is None else measured.tpot_ms,
        ttft_target_ms=shape.ttft_ms,
        tpot_target_ms=shape.tpot_ms,
        basis=CapacityBasis.MEASURED.value,
        basis_source=measured.provenance,
    )
    return measured.tokens_per_second_per_accelerator, trail


def _variants(accelerator: Accelerator, per_unit: int,
              scenario: Scenario) -> Iterator[tuple[Precision, int]]:  # fmt: skip
    """Precisions the policy allows and the hardware has; replica sizes within one unit."""
    allowed = scenario.policy.allowed_precisions
    for precision in Precision:
        if (allowed and precision not in allowed) or peak_tflops(accelerator, precision) is None:
            continue
        for tp in (1, 2, 4, 8):
            if tp <= per_unit and per_unit % tp == 0:
                yield precision, tp


def _api(
    workload: Workload, catalog: Catalog, scenario: Scenario, request_class: str
) -> Iterator[Option]:
    if workload.kind is WorkloadKind.FINE_TUNING:
        return
    models = {m.id: m for m in _models(workload, catalog, scenario)}
    mtok = workload.tokens_per_year / 1e6
    for offer in catalog.api_offers.values():
        model = models.get(offer.ai_model_id)
        venue = Venue(VenueKind.API, offer.id)
        independence, levels = venue_independence(venue, catalog, scenario)
        if (
            model is None
            or provider_allowed(offer.provider_id, scenario)
            or not _allowed(levels, workload, spot=False)
        ):
            continue
        line = ApiLine(offer.id, mtok * workload.input_share, mtok * (1 - workload.input_share))
        provider = catalog.providers[offer.provider_id]
        yield Option(
            workload_id=workload.id, model_id=model.id, model_developer=model.developer,
            closed_model=not model.open_weight, venue=venue, precision=None,
            resource_key=None, units_per_share=0.0,
            usage_cost_per_share=unit_cost_of(Plan(api=(line,)), catalog, scenario),
            tokens_per_second_per_unit=0.0, accelerators_per_share=0.0,
            group=provider.legal_group, jurisdiction=provider.parent_jurisdiction,
            independence=independence, accelerator_vendor=None,
            data_exit_cost=data_exit_cost(venue, workload, catalog, scenario.assumptions.currency),
            request_class=request_class,
        )  # fmt: skip


@dataclass(frozen=True)
class Reference:
    """Every eligible option, and the listings (as venue keys) each selection keeps."""

    options: list[Option]
    cheapest_of_class: frozenset[str]
    first_of_repeats: frozenset[str]
    developer_matters: bool


def reference_options(scenario: Scenario, catalog: Catalog) -> Reference:
    listings = list(unit_venues(catalog, scenario, defaultdict(int)))  # type: ignore[arg-type]
    options: list[Option] = []
    for demand in demands(scenario.workloads):  # each request class is a workload of its own
        workload, label = demand.workload, demand.class_label
        for resource, levels in listings:
            if _allowed(levels, workload, resource.pricing_term == "spot"):
                options += _self_hosted(workload, resource, catalog, scenario, label)
        options += _api(workload, catalog, scenario, label)
    classes: dict[tuple[object, ...], list[Resource]] = defaultdict(list)
    repeats: dict[tuple[object, ...], list[Resource]] = defaultdict(list)
    for resource, levels in listings:
        key = (
            resource.venue.kind, resource.venue.site_id, resource.provider_id, resource.group,
            resource.jurisdiction, accelerator_of(resource, catalog),
            resource.accelerators_per_unit, resource.pricing_term, resource.unit_capex,
            resource.power_kw, resource.independence, tuple(sorted(levels.items())),
        )  # fmt: skip
        classes[key].append(resource)
        repeats[(*key, resource.unit_cost)].append(resource)
    policy, weights = scenario.policy, scenario.weights.lock_in
    return Reference(
        options,
        frozenset(min(c, key=lambda r: (r.unit_cost, r.venue.key)).venue.key
                  for c in classes.values()),
        frozenset(min(c, key=lambda r: r.venue.key).venue.key for c in repeats.values()),
        policy.max_lock_in is not None and weights.model_vendor_hhi > 0,
    )  # fmt: skip


def dominant(reference: Reference, options: list[Option], *, hourly_too: bool) -> list[Option]:
    """The fastest model per (workload and request class, resource, developer when it
    matters); options paid
    by the hour only if `hourly_too`, else all of them stay."""
    best: dict[tuple[object, ...], Option] = {}
    kept = []
    for option in options:
        hourly = option.resource_key is None and option.venue.kind is VenueKind.CLOUD
        if option.venue.kind is VenueKind.API or (hourly and not hourly_too):
            kept.append(option)
            continue
        developer = option.model_developer if reference.developer_matters else ""
        where = option.resource_key or option.venue
        key = (option.workload_id, option.request_class, where, developer)
        rank = option.accelerators_per_share if hourly else option.units_per_share
        held = best.get(key)
        held_rank = None if held is None else (
            held.accelerators_per_share if hourly else held.units_per_share
        )  # fmt: skip
        if held is None or (rank, option.model_id, *_variant(option)) < (
            held_rank, held.model_id, *_variant(held)
        ):  # fmt: skip
            best[key] = option
    return kept + list(best.values())


def _variant(option: Option) -> tuple[int, int]:
    if option.serving is None or option.precision is None:
        return (0, 0)
    return (PRECISION_ORDER[Precision(option.precision)], option.serving.tensor_parallel)


def on_listings(options: list[Option], venues: frozenset[str]) -> list[Option]:
    return [o for o in options if o.venue.kind is VenueKind.API or o.venue.key in venues]
