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

from catalog.domain import Catalog
from planner.evaluation.cost import COMMITMENT_YEARS, HOURS_PER_YEAR
from planner.evaluation.plan import Plan, Venue, VenueKind
from planner.evaluation.scoring import PlanReport
from planner.scenario.model import Scenario, WorkloadKind
from solver.families import ConstraintFamily
from tests.checker_rules import (
    SCORE_TOLERANCE,
    SHARE_TOLERANCE,
    Breach,
    VenueFacts,
    class_coverage,
    class_tokens,
    exceeds,
    full_demand_accelerators,
    model_problems,
    survival_breaches,
    venue_facts,
    venue_problems,
)


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
        problems += class_coverage(workload, plan)
    api_tokens: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for alloc in plan.allocations:
        owner = workloads.get(alloc.workload_id)
        sized = None if owner is None else class_tokens(owner, alloc.request_class)
        if alloc.venue.kind is VenueKind.API and owner is not None and sized is not None:
            tokens = owner.tokens_per_year * alloc.share
            input_share = sized[0].input_tokens / (sized[0].input_tokens + sized[0].output_tokens)
            api_tokens[alloc.venue.id][0] += tokens * input_share / 1e6
            api_tokens[alloc.venue.id][1] += tokens * (1 - input_share) / 1e6
    bought = {line.offer_id: line for line in plan.api}
    for offer_id, (mtok_in, mtok_out) in api_tokens.items():
        line = bought.get(offer_id)
        have = (0.0, 0.0) if line is None else (line.input_mtok_per_year, line.output_mtok_per_year)
        if exceeds(mtok_in, have[0]) or exceeds(mtok_out, have[1]):
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
    facts_of: dict[int, VenueFacts] = {}
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
        sized = class_tokens(owner, alloc.request_class)
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
        facts = venue_facts(alloc.venue, catalog)
        model = catalog.ai_models.get(alloc.model_id)  # type: ignore[call-overload]
        if facts is None or model is None:
            problems.append(
                Breach(ConstraintFamily.ELIGIBILITY, f"{where}: unknown venue or model")
            )
            continue
        facts_of[i] = facts
        self_hosted = alloc.venue.kind is not VenueKind.API
        why = model_problems(workload, model, scenario, self_hosted)
        if excluded and facts.provider_id in excluded.get(workload.id, ()):
            why.append(f"provider {facts.provider_id} may not hold this workload's data")
        why += venue_problems(workload, alloc, facts, scenario, catalog)
        if workload.kind is WorkloadKind.FINE_TUNING and not self_hosted:
            why.append("fine-tuning needs owned or rented hardware")
        if not self_hosted:
            problems += [Breach(ConstraintFamily.ELIGIBILITY, f"{where}: {w}") for w in why]
            provisioned[i] = math.inf
            continue
        full = full_demand_accelerators(
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
        if exceeds(serving, alloc.accelerators):
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
        if exceeds(inference, whole * per_unit):
            problems.append(
                Breach(
                    ConstraintFamily.RESOURCE_CAPACITY,
                    f"{key} needs {inference:.4f} accelerators for inference, "
                    f"has {whole} unit(s) × {per_unit}",
                )
            )
        if exceeds(total, (whole + hourly) * per_unit):
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

    problems += survival_breaches(scenario, plan, provisioned, full_of, units)

    # ---- budgets ----
    total = report.costs.total
    owed = total + sunk_spend
    if scenario.annual_budget is not None and exceeds(owed, scenario.annual_budget):
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
    if scenario.capex_budget is not None and exceeds(capex, scenario.capex_budget):
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
        if limit is not None and exceeds(kw, limit):
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
