"""Turn a scenario's compiled options into the solver's arrays, and a solution back into a plan."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from catalog.domain import Catalog
from planner.evaluation.cost import COMMITMENT_YEARS, HOURS_PER_YEAR
from planner.evaluation.lockin import (
    LONGEST_COMMITMENT_YEARS,
    REPLATFORMING_SHARE_OF_ANNUAL_COST,
    LockInWeights,
)
from planner.evaluation.plan import Allocation, ApiLine, CloudLine, OwnedLine, Plan, VenueKind
from planner.optimise.options import Compiled, Option
from planner.optimise.venues import ResourceKey
from planner.scenario.model import Demand, Scenario, WorkloadKind, demands
from solver.problem import ObjectiveKind, Problem, Solution

INF = float("inf")


@dataclass(frozen=True)
class Indexed:
    """The solver problem and the keys behind its indices."""

    problem: Problem
    compiled: Compiled
    resource_keys: tuple[ResourceKey, ...]
    workload_ids: tuple[str, ...]
    """The rows of demand, named: a workload's id, or its id and a request class."""
    groups: tuple[str, ...]
    site_ids: tuple[str, ...]


def _labels(values: Sequence[str | None]) -> tuple[np.ndarray, list[str]]:
    names = sorted({v for v in values if v is not None})
    index = {n: i for i, n in enumerate(names)}
    return np.array([index[v] if v is not None else -1 for v in values], dtype=np.int64), names


def _option_lockin(option: Option, weights: LockInWeights) -> float:
    """Lock-in per unit of an option's own spend (pay-per-use only: a resource carries its
    own): a closed model's share, and re-platforming on exit as planner/evaluation/lockin.py
    counts it — hours rented on a cloud venue as that venue's cost."""
    if option.resource_key is not None:
        return 0.0
    if option.venue.kind is VenueKind.CLOUD:
        replatforming = REPLATFORMING_SHARE_OF_ANNUAL_COST["cloud"]
    else:
        replatforming = REPLATFORMING_SHARE_OF_ANNUAL_COST[
            "closed_api" if option.closed_model else "open_api"
        ]
    return weights.closed_models * option.closed_model + weights.exit_cost * replatforming


def _rows(scenario: Scenario) -> dict[tuple[str, str], Demand]:
    """The rows of demand by (workload id, request class), in the solver's order."""
    return {(d.parent.id, d.class_label): d for d in demands(scenario.workloads)}


def to_problem(scenario: Scenario, compiled: Compiled) -> Indexed:
    resources = list(compiled.resources.values())
    options = compiled.options
    keys = [r.key for r in resources]
    r_index = {k: i for i, k in enumerate(keys)}
    rows = _rows(scenario)
    workload_ids = [d.label for d in rows.values()]
    w_index = {key: i for i, key in enumerate(rows)}
    site_ids = [s.site_id for s in scenario.sites]
    weights = scenario.weights.lock_in
    policy = scenario.policy

    group_labels, groups = _labels([r.group for r in resources] + [o.group for o in options])
    resource_group, option_group = group_labels[: len(resources)], group_labels[len(resources) :]
    resource_lockin = np.array(
        [
            weights.commitments
            * COMMITMENT_YEARS.get(r.pricing_term or "", 0.0)
            / LONGEST_COMMITMENT_YEARS
            + weights.exit_cost
            * (
                COMMITMENT_YEARS.get(r.pricing_term or "", 0.0) / 2
                + (REPLATFORMING_SHARE_OF_ANNUAL_COST["cloud"] if r.group else 0.0)
            )
            for r in resources
        ]
    )
    option_lockin = np.array([_option_lockin(o, weights) for o in options])
    usage = [o.resource_key is None for o in options]
    jurisdictions, _ = _labels(
        [r.jurisdiction for r in resources]
        + [o.jurisdiction if u else None for o, u in zip(options, usage, strict=True)]
    )
    vendors, _ = _labels(
        [r.accelerator_vendor for r in resources]
        + [o.accelerator_vendor if u else None for o, u in zip(options, usage, strict=True)]
    )
    model_vendors, _ = _labels([o.model_developer for o in options])
    provider_axis, _ = _labels(
        [r.group for r in resources]
        + [o.group if u else None for o, u in zip(options, usage, strict=True)]
    )
    venues, _ = _labels(
        [r.venue.key for r in resources]
        + [None if o.venue.kind is VenueKind.API else o.venue.key for o in options]
    )
    n_r = len(resources)
    unit_cost = np.array([r.unit_cost for r in resources])
    attributed = np.array(
        [
            o.usage_cost_per_share
            if o.resource_key is None
            else o.units_per_share * compiled.resources[o.resource_key].unit_cost
            for o in options
        ]
    )
    limits = {s.site_id: s.power_limit_kw for s in scenario.sites}
    problem = Problem(
        unit_cost=unit_cost,
        unit_capex=np.array([r.unit_capex for r in resources]),
        unit_power_kw=np.array([r.power_kw for r in resources]),
        resource_site=np.array(
            [site_ids.index(r.site_id) if r.site_id in site_ids else -1 for r in resources],
            dtype=np.int64,
        ),
        resource_group=resource_group,
        resource_independence=np.array([r.independence for r in resources]),
        resource_lockin_per_spend=resource_lockin,
        site_power_limit_kw=np.array(
            [limits[s] if limits[s] is not None else INF for s in site_ids], dtype=float
        ),
        workload_critical=np.array([d.parent.critical for d in rows.values()], dtype=bool),
        option_workload=np.array(
            [w_index[(o.workload_id, o.request_class)] for o in options], dtype=np.int64
        ),
        option_resource=np.array(
            [r_index[o.resource_key] if o.resource_key else -1 for o in options], dtype=np.int64
        ),
        option_units=np.array([o.units_per_share for o in options]),
        option_usage_cost=np.array([o.usage_cost_per_share for o in options]),
        option_group=option_group,
        option_independence=np.array([o.independence for o in options]),
        option_lockin_per_spend=option_lockin,
        option_attributed_cost=attributed,
        option_lockin_fixed=np.array([weights.exit_cost * o.data_exit_cost for o in options]),
        resource_venue=venues[:n_r],
        option_venue=venues[n_r:],
        occupancy_axes=frozenset({"model"}),
        resource_suppliers={
            "provider": provider_axis[:n_r],
            "jurisdiction": jurisdictions[:n_r],
            "accelerator": vendors[:n_r],
        },
        option_suppliers={
            "provider": provider_axis[n_r:],
            "jurisdiction": jurisdictions[n_r:],
            "accelerator": vendors[n_r:],
            "model": model_vendors,
        },
        axis_weights={
            "provider": weights.provider_hhi,
            "jurisdiction": weights.jurisdiction_hhi,
            "accelerator": weights.accelerator_vendor_hhi,
            "model": weights.model_vendor_hhi,
        },
        annual_budget=scenario.annual_budget or INF,
        capex_budget=scenario.capex_budget or INF,
        max_group_share=policy.max_provider_share,
        survive_group_loss=policy.survive_provider_loss,
        resource_unit_loss=np.array(
            [r.venue.kind is VenueKind.OWNED for r in resources], dtype=bool
        ),
        survive_site_loss=policy.survive_site_loss,
        min_independence=policy.min_independence,
        max_lock_in=policy.max_lock_in,
        objective=ObjectiveKind(policy.objective.value),
        cost_slack=policy.cost_slack,
        independence_surcharge=policy.independence_surcharge,
        lock_in_surcharge=policy.lock_in_surcharge,
    )
    return Indexed(
        problem, compiled, tuple(keys), tuple(workload_ids), tuple(groups), tuple(site_ids)
    )


def to_plan(indexed: Indexed, solution: Solution, scenario: Scenario, catalog: Catalog) -> Plan:
    """Line items and allocations from a solution (backups appear with a share of 0)."""
    compiled = indexed.compiled
    owned: list[OwnedLine] = []
    instances: dict[str, int] = {}
    for key, units in zip(indexed.resource_keys, solution.units, strict=True):
        if units < 1:
            continue
        resource = compiled.resources[key]
        venue = resource.venue
        if venue.kind is VenueKind.OWNED:
            owned.append(OwnedLine(venue.id, str(venue.site_id), int(units)))
        else:
            per_instance = catalog.cloud_offers[venue.id].accelerators_per_instance
            count = int(units) * resource.accelerators_per_unit // per_instance
            instances[venue.id] = instances.get(venue.id, 0) + count
    rows = _rows(scenario)
    api_tokens: dict[str, list[float]] = {}
    rented_hours: dict[str, float] = {}
    allocations = []
    for option, served, provisioned in zip(
        compiled.options, solution.served, solution.provisioned, strict=True
    ):
        if served <= 0 and provisioned <= 1e-9:
            continue
        demand = rows[(option.workload_id, option.request_class)]
        workload = demand.workload  # sized for the request class, if any
        tokens = workload.tokens_per_year * served
        if option.venue.kind is VenueKind.API:
            entry = api_tokens.setdefault(option.venue.id, [0.0, 0.0])
            entry[0] += tokens * workload.input_share / 1e6
            entry[1] += tokens * (1 - workload.input_share) / 1e6
        elif option.resource_key is None:  # cloud hours rented only for the runs
            hours = option.accelerators_per_share * float(served) * HOURS_PER_YEAR
            per_instance = catalog.cloud_offers[option.venue.id].accelerators_per_instance
            rented_hours[option.venue.id] = (
                rented_hours.get(option.venue.id, 0.0) + hours / per_instance
            )
        rate = (
            workload.output_tokens_per_second_peak * served
            if workload.kind is not WorkloadKind.FINE_TUNING
            else 0.0
        )
        allocations.append(
            Allocation(
                workload.id,
                option.model_id,
                option.venue,
                option.precision,
                float(served) * demand.token_share,
                rate,
                tokens,
                accelerators=option.accelerators_per_share * float(provisioned),
                request_class=option.request_class,
                serving=option.serving,
            )
        )
    api = [
        ApiLine(offer, float(mtok_in), float(mtok_out))
        for offer, (mtok_in, mtok_out) in sorted(api_tokens.items())
    ]
    cloud = [
        CloudLine(offer, instances.get(offer, 0), rented_hours.get(offer, 0.0))
        for offer in sorted(set(instances) | set(rented_hours))
    ]
    return Plan(tuple(owned), tuple(cloud), tuple(api), tuple(allocations))
