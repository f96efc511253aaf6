"""The cheapest recovery: a re-plan in the shocked world that keeps what was bought.

The re-plan keeps the scenario's limits. If none meets them all, it is solved again in
elastic mode (the solver's conflict diagnosis): the recovery that breaks them least, with
the limits it breaks named, since a board must know the cost of keeping the lights on too.
SEAL floors are hard rules of the compile, never relaxed: a workload that can be served only
below its floors is left unrecovered and said to be.

One-off costs of moving work (docs/stress.md): egress of the data a workload keeps at the
venue it leaves, and re-platforming at the share of that work's annual cost the lock-in
score uses (planner/evaluation/lockin.py). Capital outlay is the purchase price of the
servers added, networking included, shown apart from the annual cost.
"""

from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from catalog.domain import Catalog, ProviderId
from planner.analysis.held import Held
from planner.analysis.lead_times import lead_time
from planner.analysis.report import NewCapacity, Recovery
from planner.evaluation.cost import CostAssumptions, cost_plan, owned_provider
from planner.evaluation.lockin import REPLATFORMING_SHARE_OF_ANNUAL_COST
from planner.evaluation.plan import CloudLine, Plan, Venue, VenueKind
from planner.evaluation.scoring import evaluate_plan
from planner.optimise.compile import Indexed
from planner.optimise.planning import context_of
from planner.optimise.recovery import held_plan, held_problem
from planner.optimise.shocked import WorldOptions
from planner.scenario.model import Scenario
from planner.scenario.shock_effects import ShockedWorld
from solver.families import RELAXABLE, ConstraintFamily
from solver.problem import ObjectiveKind, SolveParams, SolveResult
from solver.solve import solve

SHARE_TOLERANCE = 1e-6
"""Shares closer than this are the same (solver noise)."""
STAY_COST_GAPS = 2.0
"""The recovery that moves least may cost this many solver gaps (`SolveParams.relative_gap`)
more a year than the cheapest one found: the plan and the recovery are each proven only
within one gap of their optimum, so closer than two the solver cannot tell them apart."""
SELF_HOSTED_REPLATFORMING = "cloud"
"""Work on owned servers moves like open weights on rented GPUs: with its weights."""


@dataclass(frozen=True)
class Solved:
    """The recovery plan, the solve behind it, and the limits it had to break."""

    plan: Plan
    result: SolveResult
    broken: tuple[ConstraintFamily, ...]


def _stay_groups(base: Plan, indexed: Indexed, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Per option, its group — a workload row served by one model on one venue of the base
    plan, standby included — or -1; and per group, the base plan's share of the row."""
    parents = {w.id: w for w in scenario.workloads}
    reference: dict[tuple[str, str, str, Venue], float] = defaultdict(float)
    for a in base.allocations:
        row_share = a.share / parents[a.workload_id].class_token_share(a.request_class)
        reference[(a.workload_id, a.request_class, a.model_id, a.venue)] += row_share
    index = {key: g for g, key in enumerate(reference)}
    groups = [
        index.get((o.workload_id, o.request_class, o.model_id, o.venue), -1)
        for o in indexed.compiled.options
    ]
    return np.array(groups, dtype=np.int64), np.array(list(reference.values()))


def _stay_put(
    result: SolveResult, base: Plan, indexed: Indexed, scenario: Scenario, params: SolveParams
) -> SolveResult:
    """Among recoveries costing at most the cheapest (within STAY_COST_GAPS), the one
    that moves the least work (solver/stay.py): alternative optima of equal cost would
    otherwise move work, and bill its one-off costs, for a shock that asks for no move at
    all. Only for the cost objective: the others already break ties by independence or
    lock-in."""
    problem = indexed.problem
    if problem.objective is not ObjectiveKind.COST or result.objective is None:
        return result
    cap = result.objective * (1 + STAY_COST_GAPS * params.relative_gap) + problem.sunk_spend
    groups, reference = _stay_groups(base, indexed, scenario)
    staying = solve(
        replace(
            problem,
            annual_budget=min(problem.annual_budget, cap),
            stay_groups=groups,
            stay_reference=reference,
        ),
        params,
        reference_spend=max(result.objective, 1.0),
    )
    # The cheapest solve's status, cost and bound: the plan kept is within STAY_COST_GAPS.
    return result if staying.solution is None else replace(result, solution=staying.solution)


def solve_recovery(
    world: ShockedWorld,
    options: WorldOptions,
    held: Held,
    params: SolveParams,
    reference_spend: float,
    base: Plan,
) -> Solved | None:
    """The cheapest plan in the world that keeps the holdings, moving as little work as it
    can; None if none was found in time. Solved in this process: no cancel token, so no
    child process (solver/child.py)."""
    problem = held_problem(
        world.scenario, world.catalog, options, held.holdings, stranded_spend=held.stranded
    )
    result = solve(problem.indexed.problem, params)
    broken: tuple[ConstraintFamily, ...] = ()
    if result.solution is not None:
        result = _stay_put(result, base, problem.indexed, world.scenario, params)
    else:
        result = solve(
            problem.indexed.problem,
            params,
            elastic=frozenset(RELAXABLE),
            reference_spend=max(reference_spend, 1.0),
        )
        broken = tuple(dict.fromkeys(r.constraint.family for r in result.slacks))
    if result.solution is None:
        return None
    return Solved(
        held_plan(problem, result.solution, world.scenario, world.catalog), result, broken
    )


def venue_shares(plan: Plan) -> dict[tuple[str, Venue], float]:
    """Share of each workload's demand served on each venue."""
    found: dict[tuple[str, Venue], float] = defaultdict(float)
    for a in plan.allocations:
        found[(a.workload_id, a.venue)] += a.share
    return dict(found)


def _providers(plan: Plan, catalog: Catalog) -> frozenset[str]:
    found = {catalog.cloud_offers[c.offer_id].provider_id for c in plan.cloud}
    return frozenset(found | {catalog.api_offers[a.offer_id].provider_id for a in plan.api})


def _new(
    venue: Venue, provider: str, what: str, world: ShockedWorld, onboarded: frozenset[str]
) -> NewCapacity:
    lead = lead_time(
        venue, world.catalog, None if venue.kind is VenueKind.OWNED else provider, onboarded
    )
    return NewCapacity(
        venue_key=venue.key,
        description=what,
        provider=provider,
        weeks=lead.weeks,
        reason=lead.reason,
    )


def _more_servers(
    base: Plan, recovery: Plan, world: ShockedWorld, onboarded: frozenset[str]
) -> list[NewCapacity]:
    servers = {(o.sku_id, o.site_id): o.servers for o in base.owned}
    found = []
    for o in recovery.owned:
        more = o.servers - servers.get((o.sku_id, o.site_id), 0)
        if more > 0:
            name = world.catalog.server_skus[o.sku_id].name
            found.append(
                _new(
                    Venue(VenueKind.OWNED, o.sku_id, o.site_id),
                    owned_provider(o.site_id),
                    f"{more} × {name} at {o.site_id}",
                    world,
                    onboarded,
                )
            )
    return found


def _more_cloud(
    base: Plan, recovery: Plan, world: ShockedWorld, onboarded: frozenset[str]
) -> list[NewCapacity]:
    rented = {c.offer_id: c for c in base.cloud}
    found = []
    for c in recovery.cloud:
        before = rented.get(c.offer_id, CloudLine(c.offer_id, 0))
        more = c.instances - before.instances
        hours = c.extra_instance_hours - before.extra_instance_hours
        if more <= 0 and hours <= SHARE_TOLERANCE:
            continue
        offer = world.catalog.cloud_offers[c.offer_id]
        amount = f"{more} ×" if more > 0 else f"{hours:,.0f} h of"
        what = f"{amount} {offer.instance_type} from {offer.provider_id} ({offer.pricing_term})"
        found.append(
            _new(Venue(VenueKind.CLOUD, c.offer_id), offer.provider_id, what, world, onboarded)
        )
    return found


def _more_api(
    base: Plan, recovery: Plan, world: ShockedWorld, onboarded: frozenset[str]
) -> list[NewCapacity]:
    bought = {a.offer_id: a.input_mtok_per_year + a.output_mtok_per_year for a in base.api}
    found = []
    for a in recovery.api:
        volume = a.input_mtok_per_year + a.output_mtok_per_year
        if a.offer_id in bought and volume <= bought[a.offer_id] + SHARE_TOLERANCE:
            continue
        offer = world.catalog.api_offers[a.offer_id]
        model = world.catalog.ai_models[offer.ai_model_id].name
        found.append(
            _new(
                Venue(VenueKind.API, a.offer_id),
                offer.provider_id,
                f"{model} API from {offer.provider_id}",
                world,
                onboarded,
            )
        )
    return found


def added_capacity(base: Plan, recovery: Plan, world: ShockedWorld) -> tuple[NewCapacity, ...]:
    """Each line the recovery adds or grows, with its lead time: servers, cloud, APIs."""
    onboarded = _providers(base, world.base_catalog)
    return tuple(
        _more_servers(base, recovery, world, onboarded)
        + _more_cloud(base, recovery, world, onboarded)
        + _more_api(base, recovery, world, onboarded)
    )


def _workload_venue_costs(
    plan: Plan, catalog: Catalog, assumptions: CostAssumptions
) -> dict[tuple[str, Venue], float]:
    """Each workload's annual cost on each venue, split as the cost report splits it."""
    by_venue = cost_plan(plan, catalog, assumptions).by_venue()
    use: dict[Venue, float] = defaultdict(float)
    mine: dict[tuple[str, Venue], float] = defaultdict(float)
    for a in plan.allocations:
        amount = a.tokens_per_year if a.venue.kind is VenueKind.API else a.accelerators
        use[a.venue] += amount
        mine[(a.workload_id, a.venue)] += amount
    return {
        key: by_venue.get(key[1].key, 0.0) * amount / use[key[1]] if use[key[1]] else 0.0
        for key, amount in mine.items()
    }


def _moved(
    before: dict[tuple[str, Venue], float], after: dict[tuple[str, Venue], float]
) -> dict[tuple[str, Venue], float]:
    """Share of each workload's demand that leaves each venue for one the workload had no
    capacity on (a swap with its own standby moves nothing: it is set up already)."""
    had = set(before)
    found: dict[tuple[str, Venue], float] = {}
    for workload in sorted({w for w, _ in before}):
        gained = sum(s for (w, v), s in after.items() if w == workload and (w, v) not in had)
        left = {(w, v): s - after.get((w, v), 0.0) for (w, v), s in before.items() if w == workload}
        left = {k: d for k, d in left.items() if d > SHARE_TOLERANCE}
        total = sum(left.values())
        if gained <= SHARE_TOLERANCE or total <= 0:
            continue
        scale = min(1.0, gained / total)
        found.update({k: d * scale for k, d in left.items()})
    return found


def moving_costs(base: Plan, recovery: Plan, world: ShockedWorld) -> tuple[float, float]:
    """(egress, re-platforming): one-off costs of the work the recovery moves to venues new
    to it."""
    scenario, catalog = world.scenario, world.catalog
    assumptions = scenario.assumptions
    data_gb = {w.id: w.data_gb for w in scenario.workloads}
    before = venue_shares(base)
    costs = _workload_venue_costs(base, world.base_catalog, assumptions)
    egress = replatforming = 0.0
    for (workload, venue), moved in _moved(before, venue_shares(recovery)).items():
        kind = SELF_HOSTED_REPLATFORMING
        if venue.kind is not VenueKind.OWNED:
            provider_id = world.provider_of(venue)
            assert provider_id is not None
            provider = world.base_catalog.providers[ProviderId(provider_id)]
            egress += catalog.convert(
                moved * data_gb[workload] * provider.egress_price_per_gb,
                provider.egress_currency,
                assumptions.currency,
            )
        if venue.kind is VenueKind.API:
            model = world.base_catalog.ai_models[
                world.base_catalog.api_offers[venue.id].ai_model_id
            ]
            kind = "open_api" if model.open_weight else "closed_api"
        share = before[(workload, venue)]
        replatforming += (
            REPLATFORMING_SHARE_OF_ANNUAL_COST[kind]
            * costs.get((workload, venue), 0.0)
            * moved
            / share
        )
    return egress, replatforming


def server_capex(
    servers: int, sku_id: str, catalog: Catalog, assumptions: CostAssumptions
) -> float:
    """Purchase price of servers of one SKU, networking included."""
    sku = catalog.server_skus[sku_id]
    price = catalog.convert(sku.unit_price, sku.currency, assumptions.currency)
    return servers * price * (1 + assumptions.networking_capex_share)


def new_capex(base: Plan, recovery: Plan, world: ShockedWorld) -> float:
    """Purchase price of the servers the recovery adds."""
    servers = {(o.sku_id, o.site_id): o.servers for o in base.owned}
    return sum(
        server_capex(more, o.sku_id, world.catalog, world.scenario.assumptions)
        for o in recovery.owned
        if (more := o.servers - servers.get((o.sku_id, o.site_id), 0)) > 0
    )


def data_by_venue(plan: Plan, world: ShockedWorld) -> dict[str, float]:
    data_gb = {w.id: w.data_gb for w in world.scenario.workloads}
    found: dict[str, float] = defaultdict(float)
    for a in plan.allocations:
        found[a.venue.key] += data_gb[a.workload_id] * a.share
    return dict(found)


def recovery_of(solved: Solved, base: Plan, world: ShockedWorld, held: Held) -> Recovery:
    """The recovery's figures: annual and one-off costs, capital, scores, what it adds."""
    plan = solved.plan
    ctx = replace(context_of(world.scenario), data_gb_by_venue=data_by_venue(plan, world))
    report = evaluate_plan(plan, world.catalog, ctx)
    egress, replatforming = moving_costs(base, plan, world)
    return Recovery(
        status=solved.result.status,
        plan=plan,
        annual_cost=held.annual_cost(plan, world, world.scenario.assumptions),
        stranded_annual_cost=held.stranded,
        capex=new_capex(base, plan, world),
        egress_cost=egress,
        replatforming_cost=replatforming,
        independence=report.independence.total,
        lock_in=report.lock_in.total,
        added=added_capacity(base, plan, world),
        broken=solved.broken,
    )
