"""The option compiler written the slow, plain way: one `Option` object per eligible option.

The product compiles options as arrays (planner/optimise/candidates.py). This reference
builds every (model, venue) option of every workload in loops, as the compiler once did, and
applies the same selections with dictionaries — exact dominance on each resource, the
cheapest listing of each class — so a test can require both to keep the same options.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from catalog.domain import AIModel, Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.estimates import default_precision
from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.measured import CapacityBasis, measured_capacity
from planner.capacity.roofline import (
    CapacityError,
    CapacityEstimate,
    RequestShape,
    estimate_capacity,
)
from planner.evaluation.cost import COMMITMENT_YEARS, HOURS_PER_YEAR
from planner.evaluation.plan import ApiLine, Plan, Venue, VenueKind
from planner.optimise.options import Option
from planner.optimise.venues import (
    Resource,
    accelerator_of,
    bundle,
    data_exit_cost,
    provider_allowed,
    replica_sizes,
    unit_cost_of,
    unit_venues,
    venue_independence,
)
from planner.scenario.model import Scenario, Workload, WorkloadKind, demands

ESTIMATES: dict[tuple[object, ...], CapacityEstimate | None] = {}
"""Capacity by (model, accelerator, shape, replica sizes): the roofline is pure."""


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
            unit_years = tune.accelerator_hours / per_unit / HOURS_PER_YEAR
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
                accelerators_per_share=tune.accelerator_hours / HOURS_PER_YEAR,
                basis=CapacityBasis.ESTIMATE,
            )
            continue
        shape = RequestShape(
            workload.input_tokens, workload.output_tokens, workload.tpot_ms, workload.ttft_ms
        )
        sizes = replica_sizes(resource.accelerators_per_unit)
        measured = measured_capacity(
            catalog.serving_profiles, model.id, accelerator.id, shape, sizes
        )
        if measured is not None:  # the organisation's own measurement wins
            unit = bundle(resource, measured.accelerators_per_replica)
            per_unit_speed = measured.tokens_per_second_per_accelerator * (
                unit.accelerators_per_unit
            )
            demand = workload.output_tokens_per_second_peak
            units = demand / per_unit_speed if demand > 0 else 0.0
            yield Option(
                **common,  # type: ignore[arg-type]
                precision=measured.precision, resource_key=unit.key, units_per_share=units,
                usage_cost_per_share=0.0, tokens_per_second_per_unit=per_unit_speed,
                accelerators_per_share=units * unit.accelerators_per_unit,
                basis=CapacityBasis.MEASURED, basis_source=measured.provenance,
            )  # fmt: skip
            continue
        key = (model.id, accelerator.id, shape, sizes)
        if key not in ESTIMATES:
            try:
                ESTIMATES[key] = estimate_capacity(
                    model, accelerator, default_precision(accelerator), shape,
                    efficiency_for(catalog.serving_efficiency, accelerator), sizes,
                )  # fmt: skip
            except CapacityError:
                ESTIMATES[key] = None
        estimate = ESTIMATES[key]
        if estimate is None:
            continue
        unit = bundle(resource, estimate.accelerators_per_replica)
        per_unit_speed = estimate.tokens_per_second_per_accelerator * unit.accelerators_per_unit
        demand = workload.output_tokens_per_second_peak
        units = demand / per_unit_speed if demand > 0 else 0.0
        yield Option(
            **common,  # type: ignore[arg-type]
            precision=estimate.precision.value,
            resource_key=unit.key,
            units_per_share=units,
            usage_cost_per_share=0.0,
            tokens_per_second_per_unit=per_unit_speed,
            accelerators_per_share=units * unit.accelerators_per_unit,
            basis=CapacityBasis.ESTIMATE,
        )


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
        if held is None or (rank, option.model_id) < (held_rank, held.model_id):
            best[key] = option
    return kept + list(best.values())


def on_listings(options: list[Option], venues: frozenset[str]) -> list[Option]:
    return [o for o in options if o.venue.kind is VenueKind.API or o.venue.key in venues]
