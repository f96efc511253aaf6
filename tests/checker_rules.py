"""The rules the independent plan checker (tests/checker.py) re-derives from the scenario and
the catalog alone: each venue's facts, what a model needs on an accelerator, how much of a
workload each request class carries, and whether a workload survives the loss of a venue."""

from dataclasses import dataclass, replace

from catalog.domain import Accelerator, AIModel, Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.measured import CapacityBasis, Measured, measured_capacity
from planner.capacity.roofline import (
    CapacityError,
    CapacityEstimate,
    Precision,
    RequestShape,
    estimate_capacity,
    estimate_replica,
)
from planner.evaluation.cost import COMMITMENT_YEARS, HOURS_PER_YEAR
from planner.evaluation.independence import venue_levels
from planner.evaluation.interruption import SPOT_INTERRUPTION_ALLOWANCE_SHARE
from planner.evaluation.plan import Allocation, Plan, ServingTrail, Venue, VenueKind
from planner.scenario.model import Scenario, Workload, WorkloadKind
from solver.families import ConstraintFamily

SHARE_TOLERANCE = 1e-6
RELATIVE_TOLERANCE = 1e-6
SCORE_TOLERANCE = 1e-6
SELF_HOSTED_TP_SIZES = (1, 2, 4, 8)
"""Tensor-parallel sizes a replica may span: up to one 8-way node, within one unit."""


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule the plan breaks: its family, and what is broken by how much."""

    family: ConstraintFamily
    detail: str

    def __str__(self) -> str:
        return f"{self.family}: {self.detail}"


@dataclass(frozen=True)
class VenueFacts:
    """What the rules need to know about one venue, read from the catalog."""

    provider_id: str | None
    group: str | None
    """Provider legal group; None for servers the organisation owns."""
    accelerator: Accelerator | None
    per_unit: int
    pricing_term: str | None
    api_model_id: str | None = None

    @property
    def rented_by_the_hour(self) -> bool:
        return self.pricing_term is not None and self.pricing_term not in COMMITMENT_YEARS


def tp_sizes(per_unit: int) -> tuple[int, ...]:
    return tuple(t for t in SELF_HOSTED_TP_SIZES if t <= per_unit and per_unit % t == 0)


def exceeds(value: float, limit: float) -> bool:
    return value > limit + RELATIVE_TOLERANCE * max(abs(limit), 1.0)


def venue_facts(venue: Venue, catalog: Catalog) -> VenueFacts | None:
    if venue.kind is VenueKind.OWNED:
        sku = catalog.server_skus.get(venue.id)
        if sku is None or venue.site_id not in catalog.sites:
            return None
        return VenueFacts(
            None, None, catalog.accelerators[sku.accelerator_id], sku.accelerator_count, None
        )
    if venue.kind is VenueKind.CLOUD:
        offer = catalog.cloud_offers.get(venue.id)
        if offer is None:
            return None
        return VenueFacts(
            offer.provider_id,
            catalog.providers[offer.provider_id].legal_group,
            catalog.accelerators[offer.accelerator_id],
            offer.accelerators_per_instance,
            offer.pricing_term,
        )
    api = catalog.api_offers.get(venue.id)
    if api is None:
        return None
    return VenueFacts(
        api.provider_id,
        catalog.providers[api.provider_id].legal_group,
        None,
        0,
        None,
        api.ai_model_id,
    )


def model_problems(
    workload: Workload, model: AIModel, scenario: Scenario, self_hosted: bool
) -> list[str]:
    found = []
    kind = "embedding" if workload.kind is WorkloadKind.EMBEDDING else "chat"
    if model.kind != kind:
        found.append(f"model {model.id} is a {model.kind} model, the workload needs {kind}")
    if workload.min_quality is not None and (
        model.quality_score is None or model.quality_score < workload.min_quality
    ):
        found.append(
            f"model {model.id} quality {model.quality_score} below {workload.min_quality:g}"
        )
    if model.id in scenario.policy.excluded_models:
        found.append(f"model {model.id} is excluded by policy")
    if self_hosted and not model.open_weight:
        found.append(f"closed model {model.id} cannot run on owned or rented hardware")
    return found


def venue_problems(
    workload: Workload,
    alloc: Allocation,
    facts: VenueFacts,
    scenario: Scenario,
    catalog: Catalog,
) -> list[str]:
    policy = scenario.policy
    found = []
    venue = alloc.venue
    if facts.provider_id is not None:
        if facts.provider_id in policy.excluded_providers:
            found.append(f"provider {facts.provider_id} is excluded by policy")
        if policy.allowed_providers and facts.provider_id not in policy.allowed_providers:
            found.append(f"provider {facts.provider_id} is not in the allowed list")
    if facts.accelerator is not None and (
        facts.accelerator.vendor in policy.excluded_accelerator_vendors
    ):
        found.append(f"accelerator vendor {facts.accelerator.vendor} is excluded")
    if venue.kind is VenueKind.OWNED and venue.site_id not in {s.site_id for s in scenario.sites}:
        found.append(f"site {venue.site_id} is not one of the scenario's sites")
    if venue.kind is VenueKind.API and facts.api_model_id != alloc.model_id:
        found.append(f"API offer {venue.id} sells {facts.api_model_id}, not {alloc.model_id}")
    if workload.critical and facts.pricing_term == "spot":
        found.append(f"critical workload on spot offer {venue.id}")
    levels = venue_levels(venue, catalog, scenario.organisation)
    for objective, floor in sorted(workload.seal_floors.items()):
        if levels[objective].level < floor:
            found.append(
                f"venue {venue.key} has SEAL {levels[objective].level:g} on {objective}, "
                f"below the floor {floor}"
            )
    return found


def full_demand_accelerators(
    workload: Workload,
    alloc: Allocation,
    facts: VenueFacts,
    catalog: Catalog,
    scenario_precisions: tuple[str, ...],
) -> float | str:
    """Accelerators (or accelerator-years, fine-tuning) for all of the workload on this
    venue with this model; a string says why it cannot be served there at all."""
    full = demand_accelerators(workload, alloc, facts, catalog, scenario_precisions)
    if isinstance(full, str) or facts.pricing_term != "spot":
        return full
    # Spot capacity is bought so that what is left after the interruption allowance still
    # carries the work: (1 − a) × capacity ≥ demand.
    return full / (1.0 - SPOT_INTERRUPTION_ALLOWANCE_SHARE)


def demand_accelerators(
    workload: Workload,
    alloc: Allocation,
    facts: VenueFacts,
    catalog: Catalog,
    scenario_precisions: tuple[str, ...],
) -> float | str:
    model = catalog.ai_models[alloc.model_id]  # type: ignore[index]
    accelerator = facts.accelerator
    assert accelerator is not None
    if workload.kind is WorkloadKind.FINE_TUNING:
        try:
            tune = estimate_finetune(
                model, accelerator, workload.tokens_per_year, FineTuneMethod(workload.method)
            )
        except (CapacityError, ValueError) as exc:
            return str(exc)
        if facts.per_unit > 1 and tune.min_accelerators > facts.per_unit:
            return f"training state needs {tune.min_accelerators} accelerators per unit"
        return tune.accelerator_hours / HOURS_PER_YEAR
    shape = RequestShape(
        workload.input_tokens, workload.output_tokens, workload.tpot_ms, workload.ttft_ms
    )
    allowed = scenario_precisions
    if allowed and alloc.precision not in allowed:
        return f"precision {alloc.precision} is not among the allowed {', '.join(allowed)}"
    trail = alloc.serving
    if trail is not None and trail.tensor_parallel not in tp_sizes(facts.per_unit):
        return (
            f"a replica of {trail.tensor_parallel} accelerators does not fit within one unit "
            f"of {facts.per_unit}"
        )
    demand = workload.output_tokens_per_second_peak
    if trail is not None:
        measured = measured_capacity(
            catalog.serving_profiles, model.id, accelerator.id, shape,
            (trail.tensor_parallel,), alloc.precision,
        )  # fmt: skip
        wrong = basis_problem(trail, measured)
        if wrong is not None:
            return wrong
        if measured is not None:  # the organisation's own measurement wins over the model
            return demand / measured.tokens_per_second_per_accelerator if demand > 0 else 0.0
    try:
        precision = Precision(alloc.precision)
        efficiency = efficiency_for(catalog.serving_efficiency, accelerator)
        estimate: CapacityEstimate = (
            estimate_capacity(model, accelerator, precision, shape, efficiency,
                              tp_sizes(facts.per_unit))
            if trail is None
            else estimate_replica(model, accelerator, precision, shape, efficiency,
                                  trail.tensor_parallel)
        )  # fmt: skip
    except (CapacityError, ValueError) as exc:
        return f"cannot serve at precision {alloc.precision}: {exc}"
    if trail is not None and (trail.batch, trail.tpot_ms, trail.ttft_ms) != (
        estimate.batch, estimate.tpot_ms, estimate.ttft_ms
    ):  # fmt: skip
        return f"its serving trail {trail} is not what its replica gives"
    return demand / estimate.tokens_per_second_per_accelerator if demand > 0 else 0.0


def basis_problem(trail: ServingTrail, measured: Measured | None) -> str | None:
    """Why the trail's basis is not the one the measurements give its variant, if it is not:
    measured (with their source, and their latency targets where they have them) where they
    cover it, the estimate elsewhere."""
    if measured is None:
        if trail.basis != CapacityBasis.ESTIMATE or trail.basis_source is not None:
            return f"no measurement covers it, but its capacity basis is {trail.basis}"
        return None
    if trail.basis != CapacityBasis.MEASURED or trail.basis_source != measured.provenance:
        return f"measured ({measured.provenance}), but its basis is {trail.basis}"
    for name, target in (("tpot_ms", measured.tpot_ms), ("ttft_ms", measured.ttft_ms)):
        if target is not None and getattr(trail, name) != target:
            return f"measured at {name} {target:g}, but its trail says {getattr(trail, name)}"
    return None


def class_tokens(workload: Workload, label: str) -> tuple[Workload, float] | None:
    """The part of the workload a request class names, sized for that class on its own
    (its requests' share of the rate, its own lengths), and its share of the workload's
    tokens; None when the workload has no such class."""
    if not label:
        return None if workload.request_classes else (workload, 1.0)
    for c in workload.request_classes:
        if f"{c.input_tokens}/{c.output_tokens}" != label:
            continue
        per_request = sum(k.share * (k.input_tokens + k.output_tokens)
                          for k in workload.request_classes)  # fmt: skip
        share = c.share * (c.input_tokens + c.output_tokens) / per_request
        sized = replace(
            workload, input_tokens=c.input_tokens, output_tokens=c.output_tokens,
            tokens_per_day=workload.tokens_per_day * share, request_classes=(),
        )  # fmt: skip
        return sized, share
    return None


def class_coverage(workload: Workload, plan: Plan) -> list[Breach]:
    """Each request class is served in full: its allocations add up to its token share."""
    found = []
    for c in workload.request_classes:
        label = f"{c.input_tokens}/{c.output_tokens}"
        part = class_tokens(workload, label)
        assert part is not None
        served = sum(a.share for a in plan.allocations
                     if a.workload_id == workload.id and a.request_class == label)  # fmt: skip
        if abs(served - part[1]) > SHARE_TOLERANCE:
            found.append(
                Breach(
                    ConstraintFamily.DEMAND_COVERAGE,
                    f"{workload.id} class {label} is served {served:.6f} of the workload's "
                    f"tokens, its requests carry {part[1]:.6f}",
                )
            )
    return found


def kept_on_venue(
    mine: list[int], provisioned: dict[int, float], full_of: dict[int, float], room: float
) -> float:
    """The largest share of demand these allocations on one venue can still carry with
    `room` accelerators left: the fastest model first, none beyond what it had capacity for."""
    kept = 0.0
    for i in sorted(mine, key=lambda i: full_of[i]):
        if full_of[i] <= 0:
            kept += provisioned[i]
            continue
        take = min(provisioned[i], max(room, 0.0) / full_of[i])
        kept += take
        room -= take * full_of[i]
    return kept


def survival_breaches(
    scenario: Scenario,
    plan: Plan,
    provisioned: dict[int, float],
    full_of: dict[int, float],
    units: dict[str, tuple[float, float, int]],
) -> list[Breach]:
    """A critical workload on owned servers survives losing any one of them (its demand is
    carried by the servers left and by capacity elsewhere), and — when the policy asks — the
    loss of any one of the organisation's sites."""
    problems: list[Breach] = []
    for workload in scenario.workloads:
        if not workload.critical:
            continue
        mine = [
            i
            for i, a in enumerate(plan.allocations)
            if a.workload_id == workload.id and i in provisioned
        ]
        owned = sorted(
            {plan.allocations[i].venue for i in mine if plan.allocations[i].venue.kind
             is VenueKind.OWNED and provisioned[i] > 0},
            key=lambda v: v.key,
        )  # fmt: skip
        for venue in owned:
            here = [i for i in mine if plan.allocations[i].venue == venue and i in full_of]
            elsewhere = sum(provisioned[i] for i in mine if plan.allocations[i].venue != venue)
            servers, _, per_unit = units.get(venue.key, (0, 0.0, 0))
            room = (servers - 1) * per_unit
            covered = elsewhere + kept_on_venue(here, provisioned, full_of, room)
            if covered < 1.0 - SHARE_TOLERANCE:
                problems.append(
                    Breach(
                        ConstraintFamily.SURVIVE_SERVER_LOSS,
                        f"{workload.id} keeps {covered:.4f} of its demand when one of the "
                        f"{servers:g} server(s) at {venue.key} is lost",
                    )
                )
        if not scenario.policy.survive_site_loss:
            continue
        for site in sorted({v.site_id for v in owned if v.site_id is not None}):
            covered = sum(provisioned[i] for i in mine if plan.allocations[i].venue.site_id != site)
            if covered < 1.0 - SHARE_TOLERANCE:
                problems.append(
                    Breach(
                        ConstraintFamily.SURVIVE_SITE_LOSS,
                        f"{workload.id} keeps {covered:.4f} of its demand without site {site}",
                    )
                )
    return problems
