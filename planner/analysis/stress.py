"""Stress a plan with lease changes: what breaks, the cheapest recovery, its cost and time.

For each shock (planner/scenario/shocks.py), in the world it leaves (shock_effects.py):
1. what breaks at once — capacity lost per workload after failing over to what the plan
   already holds (impact.py), and the annual cost if nothing is done;
2. the cheapest recovery — a re-plan that keeps the plan's servers and commitments
   (recover.py, with the solver's holdings), its annual and one-off costs and capital;
3. time to recover — the lead time of the capacity each workload's recovery adds
   (lead_times.py), and its outage: that time beyond the shock's notice, for the demand
   nothing held could carry;
4. whether the critical workloads survive, and the recovery meets the budget, the SEAL
   floors and the independence floor.
Shocks run as independent tasks on `Workers` (executor.py); the report lists them most
harmful first.
"""

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field

from catalog.domain import Catalog, ProviderId
from planner.analysis.executor import Workers
from planner.analysis.held import Held, held_in
from planner.analysis.impact import Loss, losses, nothing_done
from planner.analysis.recover import (
    SHARE_TOLERANCE,
    recovery_of,
    server_capex,
    solve_recovery,
    venue_shares,
)
from planner.analysis.report import Floors, Recovery, ShockResult, StressReport, WorkloadImpact
from planner.evaluation.cost import cost_plan
from planner.evaluation.plan import Plan, Venue, VenueKind
from planner.optimise.recovery import without_closed
from planner.optimise.shocked import WorldOptions, compile_world, servable_below_floors
from planner.scenario.model import Scenario
from planner.scenario.shock_effects import ShockedWorld, apply_shock, scope_of_plan
from planner.scenario.shock_library import shock_library
from planner.scenario.shocks import Shock, ShockKind, expand
from solver.problem import CancelToken, SolveParams

STRESS_TIME_LIMIT_S = 10.0
"""Each re-plan's time limit: the plan's own default; the shipped examples re-plan in well
under a second, the national-scale instance in a few (docs/performance.md)."""
CANCEL_POLL_S = 0.1
"""How often a waiting stress run looks at its cancel token."""
BUDGET_TOLERANCE = 1e-6
"""Relative: a cost this close to the budget meets it (solver rounding)."""
SCORE_TOLERANCE = 1e-6
"""Points: a score this close to its floor meets it (as the plan checker reads it)."""

Progress = Callable[[int, int, str], None]
"""Called as each shock finishes: (done, total, the shock's name)."""


@dataclass(frozen=True)
class StressContext:
    """What every shock's stress test shares, sent once to each worker."""

    scenario: Scenario
    catalog: Catalog
    plan: Plan
    """The plan to stress, as planned (fresh) or as saved."""
    params: SolveParams = field(default_factory=lambda: SolveParams(STRESS_TIME_LIMIT_S))

    @property
    def base_annual_cost(self) -> float:
        return cost_plan(self.plan, self.catalog, self.scenario.assumptions).total


def _workloads(
    ctx: StressContext,
    world: ShockedWorld,
    options: WorldOptions,
    loss: dict[str, Loss],
    recovery: Recovery | None,
) -> tuple[WorkloadImpact, ...]:
    before = venue_shares(ctx.plan)
    after = venue_shares(recovery.plan) if recovery is not None else {}
    lead = {n.venue_key: n.weeks for n in recovery.added} if recovery is not None else {}
    notice = world.shock.notice_weeks
    found = []
    for w in ctx.scenario.workloads:
        served = sum(s for (wid, _), s in after.items() if wid == w.id)
        recovered = (
            recovery is not None
            and w.id not in options.unservable
            and served >= 1 - SHARE_TOLERANCE
        )
        grown = [
            v
            for (wid, v), s in after.items()
            if wid == w.id and s > before.get((wid, v), 0.0) + SHARE_TOLERANCE
        ]
        ready = max((lead.get(v.key, 0.0) for v in grown), default=0.0)
        lost = loss[w.id]
        outage = max(0.0, ready - notice) if lost.capacity_lost > SHARE_TOLERANCE else 0.0
        why = options.unservable.get(w.id, "" if recovered else "no recovery plan was found")
        found.append(
            WorkloadImpact(
                workload_id=w.id,
                critical=w.critical,
                tokens_per_year=w.tokens_per_year,
                served_on_lost=lost.served_on_lost,
                capacity_lost=lost.capacity_lost,
                recovered=recovered,
                ready_weeks=ready if recovered else 0.0,
                outage_weeks=outage if recovered else None,
                why_not_recovered=why,
            )
        )
    return tuple(sorted(found, key=lambda i: (not i.critical, -i.capacity_lost)))


def _floors(world: ShockedWorld, options: WorldOptions, recovery: Recovery | None) -> Floors:
    scenario = world.scenario
    seal = not any(servable_below_floors(world, w) for w in options.unservable)
    if recovery is None:
        return Floors(
            budget=False,
            seal=seal,
            independence=None if scenario.policy.min_independence is None else False,
        )
    budget = scenario.annual_budget is None or recovery.annual_cost <= scenario.annual_budget * (
        1 + BUDGET_TOLERANCE
    )
    if scenario.capex_budget is not None:
        capex = sum(
            server_capex(o.servers, o.sku_id, world.catalog, scenario.assumptions)
            for o in recovery.plan.owned
        )
        budget = budget and capex <= scenario.capex_budget * (1 + BUDGET_TOLERANCE)
    floor = scenario.policy.min_independence
    independence = None if floor is None else recovery.independence >= floor - SCORE_TOLERANCE
    return Floors(budget=budget, seal=seal, independence=independence)


def _provider_group(ctx: StressContext, shock: Shock) -> tuple[str, tuple[str, ...]]:
    """A provider exit's legal group, and the group's providers the plan uses."""
    if shock.kind is not ShockKind.PROVIDER_EXIT or shock.provider is None:
        return "", ()
    catalog = ctx.catalog
    group = catalog.providers[ProviderId(shock.provider)].legal_group
    used = {catalog.cloud_offers[c.offer_id].provider_id for c in ctx.plan.cloud}
    used |= {catalog.api_offers[a.offer_id].provider_id for a in ctx.plan.api}
    members = sorted(p for p in used if catalog.providers[p].legal_group == group)
    return group, tuple(members) or (shock.provider,)


def _plan_venues(plan: Plan, held: Held) -> list[Venue]:
    """The servers and cloud offers the plan holds or uses: every option on them is
    compiled, so the recovery can keep what the plan does, even where the usual pruning
    would drop a model the plan chose there (within the solver's gap of the cheapest)."""
    used = {a.venue for a in plan.allocations if a.venue.kind is not VenueKind.API}
    used |= {h.venue for h in held.holdings if h.units > 0}
    return sorted(used, key=lambda v: v.key)


def stress_one(ctx: StressContext, shock: Shock) -> ShockResult:
    """One concrete shock's stress test of the context's plan."""
    world = apply_shock(shock, ctx.scenario, ctx.catalog)
    assumptions = ctx.scenario.assumptions
    held: Held = held_in(ctx.plan, world, assumptions)
    options = without_closed(compile_world(world, _plan_venues(ctx.plan, held)), held.holdings)
    base = ctx.base_annual_cost
    solved = solve_recovery(world, options, held, ctx.params, base, ctx.plan)
    recovery = recovery_of(solved, ctx.plan, world, held) if solved is not None else None
    loss = losses(ctx.plan, world, options)
    group, providers = _provider_group(ctx, shock)
    return ShockResult(
        shock=shock,
        base_annual_cost=base,
        nothing_done_annual_cost=held.annual_cost(
            nothing_done(ctx.plan, world), world, assumptions
        ),
        workloads=_workloads(ctx, world, options, loss, recovery),
        recovery=recovery,
        floors=_floors(world, options, recovery),
        notice_weeks=shock.notice_weeks,
        provider_group=group,
        provider_ids=providers,
    )


def shocks_for(ctx: StressContext, extra: Sequence[Shock] = ()) -> tuple[Shock, ...]:
    """The shipped library, the scenario's own shocks and `extra` (a user's file), with
    every template expanded over what the plan depends on."""
    available = [*shock_library(ctx.catalog), *ctx.scenario.shocks, *extra]
    return expand(available, scope_of_plan(ctx.plan, ctx.catalog))


def ordered(results: Iterable[ShockResult]) -> tuple[ShockResult, ...]:
    """Most harmful first; ties by name, so the same input gives the same table."""
    return tuple(sorted(results, key=lambda r: (r.harm(), r.shock.name)))


def run_stress(
    ctx: StressContext,
    shocks: Sequence[Shock],
    workers: Workers[StressContext],
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> StressReport:
    """Every shock's stress test on the workers; a cancel stops waiting at once and returns
    the shocks finished so far (`StressReport.complete` False)."""
    pending: dict[Future[ShockResult], Shock] = {workers.submit(stress_one, s): s for s in shocks}
    done: list[ShockResult] = []
    while pending:
        if cancel is not None and cancel.cancelled:
            workers.cancel()
            break
        finished, _ = wait(list(pending), timeout=CANCEL_POLL_S, return_when=FIRST_COMPLETED)
        for future in finished:
            shock = pending.pop(future)
            done.append(future.result())
            if progress is not None:
                progress(len(done), len(shocks), shock.name)
    return StressReport(
        scenario_name=ctx.scenario.name,
        currency=ctx.scenario.assumptions.currency,
        base_annual_cost=ctx.base_annual_cost,
        results=ordered(done),
        complete=len(done) == len(shocks),
    )
