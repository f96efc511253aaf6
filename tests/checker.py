"""An independent checker of a plan against its scenario: every hard rule, re-derived.

`check_plan` uses the scenario, the catalog and the plan (and, for the scores the scenario
bounds, the plan's report); it never looks at the solver's arrays or at the options that
planner/optimise/options.py compiles. Each problem it returns is a `Breach`: the rule family,
as the solver names it (`ConstraintFamily`: demand-coverage, resource-capacity, …, eligibility),
and what is broken by how much.
"""

import math
from collections import defaultdict
from collections.abc import Mapping
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
from planner.evaluation.scoring import PlanReport
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
class _VenueFacts:
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


def _tp_sizes(per_unit: int) -> tuple[int, ...]:
    return tuple(t for t in SELF_HOSTED_TP_SIZES if t <= per_unit and per_unit % t == 0)


def _exceeds(value: float, limit: float) -> bool:
    return value > limit + RELATIVE_TOLERANCE * max(abs(limit), 1.0)


def _venue_facts(venue: Venue, catalog: Catalog) -> _VenueFacts | None:
    if venue.kind is VenueKind.OWNED:
        sku = catalog.server_skus.get(venue.id)
        if sku is None or venue.site_id not in catalog.sites:
            return None
        return _VenueFacts(
            None, None, catalog.accelerators[sku.accelerator_id], sku.accelerator_count, None
        )
    if venue.kind is VenueKind.CLOUD:
        offer = catalog.cloud_offers.get(venue.id)
        if offer is None:
            return None
        return _VenueFacts(
            offer.provider_id,
            catalog.providers[offer.provider_id].legal_group,
            catalog.accelerators[offer.accelerator_id],
            offer.accelerators_per_instance,
            offer.pricing_term,
        )
    api = catalog.api_offers.get(venue.id)
    if api is None:
        return None
    return _VenueFacts(
        api.provider_id,
        catalog.providers[api.provider_id].legal_group,
        None,
        0,
        None,
        api.ai_model_id,
    )


def _model_problems(
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


def _venue_problems(
    workload: Workload,
    alloc: Allocation,
    facts: _VenueFacts,
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


def _full_demand_accelerators(
    workload: Workload,
    alloc: Allocation,
    facts: _VenueFacts,
    catalog: Catalog,
    scenario_precisions: tuple[str, ...],
) -> float | str:
    """Accelerators (or accelerator-years, fine-tuning) for all of the workload on this
    venue with this model; a string says why it cannot be served there at all."""
    full = _demand_accelerators(workload, alloc, facts, catalog, scenario_precisions)
    if isinstance(full, str) or facts.pricing_term != "spot":
        return full
    # Spot capacity is bought so that what is left after the interruption allowance still
    # carries the work: (1 − a) × capacity ≥ demand.
    return full / (1.0 - SPOT_INTERRUPTION_ALLOWANCE_SHARE)


def _demand_accelerators(
    workload: Workload,
    alloc: Allocation,
    facts: _VenueFacts,
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
    if trail is not None and trail.tensor_parallel not in _tp_sizes(facts.per_unit):
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
        wrong = _basis_problem(trail, measured)
        if wrong is not None:
            return wrong
        if measured is not None:  # the organisation's own measurement wins over the model
            return demand / measured.tokens_per_second_per_accelerator if demand > 0 else 0.0
    try:
        precision = Precision(alloc.precision)
        efficiency = efficiency_for(catalog.serving_efficiency, accelerator)
        estimate: CapacityEstimate = (
            estimate_capacity(model, accelerator, precision, shape, efficiency,
                              _tp_sizes(facts.per_unit))
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


def _basis_problem(trail: ServingTrail, measured: Measured | None) -> str | None:
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


def _class_tokens(workload: Workload, label: str) -> tuple[Workload, float] | None:
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


def _class_coverage(workload: Workload, plan: Plan) -> list[Breach]:
    """Each request class is served in full: its allocations add up to its token share."""
    found = []
    for c in workload.request_classes:
        label = f"{c.input_tokens}/{c.output_tokens}"
        part = _class_tokens(workload, label)
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


def check_plan(
    scenario: Scenario,
    catalog: Catalog,
    plan: Plan,
    report: PlanReport,
    *,
    sunk_spend: float = 0.0,
    excluded: Mapping[str, frozenset[str]] | None = None,
) -> list[Breach]:
    """Every rule the plan breaks; [] if none.

    A re-plan after a shock owes `sunk_spend` a year beyond its lines at today's prices
    (held units as paid or signed, commitments on withdrawn offers): it counts against the
    budget. `excluded` names, per workload, providers it may not use (a legal reach)."""
    problems: list[Breach] = []
    workloads = {w.id: w for w in scenario.workloads}
    policy = scenario.policy

    # ---- demand coverage ----
    shares: dict[str, float] = defaultdict(float)
    for alloc in plan.allocations:
        shares[alloc.workload_id] += alloc.share
        if not 0.0 <= alloc.share <= 1.0 + SHARE_TOLERANCE:
            problems.append(
                Breach(
                    ConstraintFamily.DEMAND_COVERAGE,
                    f"{alloc.workload_id} on {alloc.venue.key} has share {alloc.share:g}",
                )
            )
    for workload in scenario.workloads:
        total = shares.get(workload.id, 0.0)
        if abs(total - 1.0) > SHARE_TOLERANCE:
            problems.append(
                Breach(
                    ConstraintFamily.DEMAND_COVERAGE,
                    f"{workload.id} is served {total:.6f} of its demand",
                )
            )
        problems += _class_coverage(workload, plan)
    api_tokens: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for alloc in plan.allocations:
        owner = workloads.get(alloc.workload_id)
        sized = None if owner is None else _class_tokens(owner, alloc.request_class)
        if alloc.venue.kind is VenueKind.API and owner is not None and sized is not None:
            tokens = owner.tokens_per_year * alloc.share
            input_share = sized[0].input_tokens / (sized[0].input_tokens + sized[0].output_tokens)
            api_tokens[alloc.venue.id][0] += tokens * input_share / 1e6
            api_tokens[alloc.venue.id][1] += tokens * (1 - input_share) / 1e6
    bought = {line.offer_id: line for line in plan.api}
    for offer_id, (mtok_in, mtok_out) in api_tokens.items():
        line = bought.get(offer_id)
        have = (0.0, 0.0) if line is None else (line.input_mtok_per_year, line.output_mtok_per_year)
        if _exceeds(mtok_in, have[0]) or _exceeds(mtok_out, have[1]):
            problems.append(
                Breach(
                    ConstraintFamily.DEMAND_COVERAGE,
                    f"API offer {offer_id} buys {have[0]:.3f}/{have[1]:.3f} Mtok "
                    f"in/out a year, its allocations use {mtok_in:.3f}/{mtok_out:.3f}",
                )
            )

    # ---- eligibility, and what each self-hosted allocation occupies ----
    # per venue key: [inference accelerators, all accelerators incl. fine-tuning]
    needed: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    # per allocation index: share of the whole workload it has capacity for (inf = unlimited)
    provisioned: dict[int, float] = {}
    facts_of: dict[int, _VenueFacts] = {}
    # per self-hosted allocation index: accelerators (or accelerator-years) for all its demand
    full_of: dict[int, float] = {}
    for i, alloc in enumerate(plan.allocations):
        owner = workloads.get(alloc.workload_id)
        if owner is None:
            problems.append(
                Breach(
                    ConstraintFamily.ELIGIBILITY,
                    f"allocation to unknown workload {alloc.workload_id}",
                )
            )
            continue
        sized = _class_tokens(owner, alloc.request_class)
        if sized is None:
            problems.append(
                Breach(
                    ConstraintFamily.ELIGIBILITY,
                    f"{owner.id} has no request class {alloc.request_class!r}",
                )
            )
            continue
        workload, class_share = sized
        where = f"{workload.id} on {alloc.venue.key} with {alloc.model_id}"
        facts = _venue_facts(alloc.venue, catalog)
        model = catalog.ai_models.get(alloc.model_id)  # type: ignore[call-overload]
        if facts is None or model is None:
            problems.append(
                Breach(ConstraintFamily.ELIGIBILITY, f"{where}: unknown venue or model")
            )
            continue
        facts_of[i] = facts
        self_hosted = alloc.venue.kind is not VenueKind.API
        why = _model_problems(workload, model, scenario, self_hosted)
        if excluded and facts.provider_id in excluded.get(workload.id, ()):
            why.append(f"provider {facts.provider_id} may not hold this workload's data")
        why += _venue_problems(workload, alloc, facts, scenario, catalog)
        if workload.kind is WorkloadKind.FINE_TUNING and not self_hosted:
            why.append("fine-tuning needs owned or rented hardware")
        if not self_hosted:
            problems += [Breach(ConstraintFamily.ELIGIBILITY, f"{where}: {w}") for w in why]
            provisioned[i] = math.inf
            continue
        full = _full_demand_accelerators(
            workload, alloc, facts, catalog, tuple(p.value for p in policy.allowed_precisions)
        )
        if isinstance(full, str):
            why.append(full)
        problems += [Breach(ConstraintFamily.ELIGIBILITY, f"{where}: {w}") for w in why]
        if isinstance(full, str):
            continue
        full_of[i] = full
        if workload.kind is WorkloadKind.FINE_TUNING:
            serving = alloc.share * full
            if facts.rented_by_the_hour:
                # Hours are rented when the runs need them: only the served share is bought,
                # and a standby venue can take the whole workload at once.
                needed[alloc.venue.key][1] += serving
                provisioned[i] = math.inf
            else:
                needed[alloc.venue.key][1] += alloc.accelerators
                provisioned[i] = alloc.accelerators / full if full > 0 else math.inf
        else:
            serving = alloc.share / class_share * full
            occupied = max(serving, alloc.accelerators)
            needed[alloc.venue.key][0] += occupied
            needed[alloc.venue.key][1] += occupied
            provisioned[i] = alloc.accelerators / full if full > 0 else math.inf
        if _exceeds(serving, alloc.accelerators):
            problems.append(
                Breach(
                    ConstraintFamily.RESOURCE_CAPACITY,
                    f"{where}: serves {alloc.share:.4f} of the demand, which "
                    f"needs {serving:.4f} accelerators, but occupies {alloc.accelerators:.4f}",
                )
            )

    # ---- resource capacity ----
    units: dict[str, tuple[float, float, int]] = {}  # key -> (whole units, rented-hour units)
    owned_units: dict[tuple[str, str], int] = defaultdict(int)
    for owned in plan.owned:
        owned_units[(owned.sku_id, owned.site_id)] += owned.servers
        if owned.servers < 0:
            problems.append(
                Breach(
                    ConstraintFamily.RESOURCE_CAPACITY,
                    f"{owned.sku_id}@{owned.site_id} negative servers",
                )
            )
    for (sku_id, site_id), servers in owned_units.items():
        sku = catalog.server_skus.get(sku_id)
        if sku is None:
            problems.append(Breach(ConstraintFamily.ELIGIBILITY, f"unknown server SKU {sku_id}"))
            continue
        units[Venue(VenueKind.OWNED, sku_id, site_id).key] = (servers, 0.0, sku.accelerator_count)
    for cloud in plan.cloud:
        offer = catalog.cloud_offers.get(cloud.offer_id)
        if offer is None:
            problems.append(
                Breach(ConstraintFamily.ELIGIBILITY, f"unknown cloud offer {cloud.offer_id}")
            )
            continue
        key = Venue(VenueKind.CLOUD, cloud.offer_id).key
        prior = units.get(key, (0, 0.0, offer.accelerators_per_instance))
        units[key] = (
            prior[0] + cloud.instances,
            prior[1] + cloud.extra_instance_hours / HOURS_PER_YEAR,
            offer.accelerators_per_instance,
        )
        if cloud.instances < 0 or cloud.extra_instance_hours < 0:
            problems.append(
                Breach(ConstraintFamily.RESOURCE_CAPACITY, f"{cloud.offer_id} negative quantity")
            )
    for key, (inference, total) in needed.items():
        whole, hourly, per_unit = units.get(key, (0, 0.0, 0))
        if _exceeds(inference, whole * per_unit):
            problems.append(
                Breach(
                    ConstraintFamily.RESOURCE_CAPACITY,
                    f"{key} needs {inference:.4f} accelerators for inference, "
                    f"has {whole} unit(s) × {per_unit}",
                )
            )
        if _exceeds(total, (whole + hourly) * per_unit):
            problems.append(
                Breach(
                    ConstraintFamily.RESOURCE_CAPACITY,
                    f"{key} needs {total:.4f} accelerator-years, has "
                    f"{(whole + hourly) * per_unit:.4f}",
                )
            )

    # ---- survive provider loss ----
    if policy.survive_provider_loss:
        for workload in scenario.workloads:
            if not workload.critical:
                continue
            labels = [f"{c.input_tokens}/{c.output_tokens}" for c in workload.request_classes]
            for label in labels or [""]:  # each class must survive on its own
                mine = [
                    i
                    for i, a in enumerate(plan.allocations)
                    if a.workload_id == workload.id and a.request_class == label and i in facts_of
                ]
                groups = sorted({g for i in mine if (g := facts_of[i].group) is not None})
                for group in groups:
                    covered = sum(
                        provisioned.get(i, 0.0) for i in mine if facts_of[i].group != group
                    )
                    if covered < 1.0 - SHARE_TOLERANCE:
                        problems.append(
                            Breach(
                                ConstraintFamily.SURVIVE_PROVIDER_LOSS,
                                f"{workload.id} {label} keeps {covered:.4f} of its "
                                f"demand without provider group {group}",
                            )
                        )

    problems += _survival_breaches(scenario, plan, provisioned, full_of, units)

    # ---- budgets ----
    total = report.costs.total
    owed = total + sunk_spend
    if scenario.annual_budget is not None and _exceeds(owed, scenario.annual_budget):
        problems.append(
            Breach(
                ConstraintFamily.BUDGET_ANNUAL,
                f"the plan costs {owed:,.2f} a year, the budget is {scenario.annual_budget:,.2f}",
            )
        )
    currency = scenario.assumptions.currency
    capex = 0.0
    power: dict[str, float] = defaultdict(float)
    for owned in plan.owned:
        sku = catalog.server_skus.get(owned.sku_id)
        if sku is None:
            continue
        capex += (
            catalog.convert(sku.unit_price, sku.currency, currency)
            * owned.servers
            * (1 + scenario.assumptions.networking_capex_share)
        )
        power[owned.site_id] += sku.power_kw * owned.servers
    if scenario.capex_budget is not None and _exceeds(capex, scenario.capex_budget):
        problems.append(
            Breach(
                ConstraintFamily.BUDGET_CAPEX,
                f"owned servers cost {capex:,.2f} up front, the capital budget is "
                f"{scenario.capex_budget:,.2f}",
            )
        )
    limits = {s.site_id: s.power_limit_kw for s in scenario.sites}
    for site_id, kw in sorted(power.items()):
        limit = limits.get(site_id)
        if limit is not None and _exceeds(kw, limit):
            problems.append(
                Breach(
                    ConstraintFamily.SITE_POWER,
                    f"site {site_id} draws {kw:g} kW, its limit is {limit:g}",
                )
            )

    # ---- provider share ----
    by_group: dict[str, float] = defaultdict(float)
    for line in report.costs.lines:
        provider = catalog.providers.get(line.provider)  # type: ignore[call-overload]
        if provider is not None:
            by_group[provider.legal_group] += line.annual_cost
    if total > 0:
        for group, spend in sorted(by_group.items()):
            if spend / total > policy.max_provider_share + SHARE_TOLERANCE:
                problems.append(
                    Breach(
                        ConstraintFamily.PROVIDER_SHARE,
                        f"{group} takes {spend / total:.4%} of spend, the maximum "
                        f"is {policy.max_provider_share:.4%}",
                    )
                )

    # ---- scores ----
    if (
        policy.min_independence is not None
        and report.independence.total < policy.min_independence - SCORE_TOLERANCE
    ):
        problems.append(
            Breach(
                ConstraintFamily.MIN_INDEPENDENCE,
                f"independence {report.independence.total:.4f} is below "
                f"{policy.min_independence:g}",
            )
        )
    if policy.max_lock_in is not None and report.lock_in.total > policy.max_lock_in + (
        SCORE_TOLERANCE
    ):
        problems.append(
            Breach(
                ConstraintFamily.MAX_LOCK_IN,
                f"lock-in {report.lock_in.total:.4f} is above {policy.max_lock_in:g}",
            )
        )
    return problems


def _kept_on_venue(
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


def _survival_breaches(
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
            covered = elsewhere + _kept_on_venue(here, provisioned, full_of, room)
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


def families(problems: list[Breach]) -> set[ConstraintFamily]:
    """The rule families of check_plan's problems."""
    return {p.family for p in problems}


def check_kept(
    before: Plan, after: Plan, catalog: Catalog, frozen: frozenset[tuple[str, str]]
) -> list[Breach]:
    """What a re-plan must keep of the plan before it: every owned server, every committed
    instance of an offer still in `catalog`; and no more servers where `frozen` says none
    can be bought. [] if it keeps them all."""
    problems: list[Breach] = []
    servers: dict[tuple[str, str], int] = defaultdict(int)
    for line in after.owned:
        servers[(line.sku_id, line.site_id)] += line.servers
    for line in before.owned:
        where = (line.sku_id, line.site_id)
        if servers[where] < line.servers:
            problems.append(
                Breach(
                    ConstraintFamily.HOLDING_KEPT,
                    f"{line.sku_id}@{line.site_id}: {line.servers} server(s) "
                    f"bought, {servers[where]} kept",
                )
            )
    for (sku, site), count in servers.items():
        had = sum(
            line.servers for line in before.owned if (line.sku_id, line.site_id) == (sku, site)
        )
        if (sku, site) in frozen and count > had:
            problems.append(
                Breach(
                    ConstraintFamily.HOLDING_FROZEN,
                    f"{sku}@{site}: {count - had} server(s) added under an embargo",
                )
            )
    instances: dict[str, int] = defaultdict(int)
    for cloud in after.cloud:
        instances[cloud.offer_id] += cloud.instances
    for cloud in before.cloud:
        offer = catalog.cloud_offers.get(cloud.offer_id)
        if offer is None or offer.pricing_term not in COMMITMENT_YEARS:
            continue
        if instances[cloud.offer_id] < cloud.instances:
            problems.append(
                Breach(
                    ConstraintFamily.HOLDING_KEPT,
                    f"{cloud.offer_id}: {cloud.instances} committed instance(s), "
                    f"{instances[cloud.offer_id]} kept",
                )
            )
    return problems
