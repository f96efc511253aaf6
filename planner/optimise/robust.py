"""The robust problem: the plan's own options, and one recourse block per shock it must survive.

The first stage is what a plan buys and cannot undo — servers (owned SKUs at the scenario's
sites) and committed cloud instances; on-demand and spot instances and API tokens commit to
nothing, so a recovery may drop or add them freely. Each shock's block is the world the
shock leaves (shock_effects.py), compiled as a stress test compiles it (shocked.py), with
every first-stage venue of the plan's options as a holding: in that world the recovery
keeps at least the units the plan bought there (at most, where an embargo stops more), and
pays for them as the stress test does (recovery.py, planner/analysis/held.py): owned
servers at their price before the shock, commitments at their signed price (or the shocked
one, where the shock reprices them at once), commitments on withdrawn offers still owed
when the shock says they are lost. The solver's model is solver/robust.py.

Templates in `must_survive` expand over what the plan *could* depend on — every provider
group and closed model among the plan's eligible options — not only over what a plain plan
uses: which suppliers the robust plan ends up using is what is being decided, so it must
survive the exit of whichever it picks.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from catalog.domain import Catalog, ModelId, ProviderId
from planner.evaluation.cost import COMMITMENT_YEARS
from planner.evaluation.plan import Venue, VenueKind
from planner.optimise.compile import Indexed, to_problem
from planner.optimise.options import Compiled
from planner.optimise.recovery import (
    HeldProblem,
    Holding,
    held_problem,
    units_per_resource,
    without_closed,
)
from planner.optimise.shocked import WorldOptions, compile_world
from planner.optimise.venues import Resource
from planner.scenario.model import Scenario
from planner.scenario.shock_effects import ShockedWorld, apply_shock
from planner.scenario.shocks import Shock, ShockScope
from solver.problem import CancelToken
from solver.robust import Recourse, RobustProblem


@dataclass(frozen=True)
class ShockBlock:
    """One shock's world, its options and the solver block built on them."""

    shock: Shock
    world: ShockedWorld
    options: WorldOptions
    held: HeldProblem
    recourse: Recourse


@dataclass(frozen=True)
class RobustBuild:
    nominal: Indexed
    blocks: tuple[ShockBlock, ...]

    @property
    def problem(self) -> RobustProblem:
        return RobustProblem(self.nominal.problem, tuple(b.recourse for b in self.blocks))


def first_stage(resource: Resource) -> bool:
    """Bought for good: a server, or a cloud instance committed for a term."""
    return resource.venue.kind is VenueKind.OWNED or (resource.pricing_term in COMMITMENT_YEARS)


def candidate_scope(compiled: Compiled, catalog: Catalog) -> ShockScope:
    """Every provider group and closed model among the options: what a plan could use."""
    providers: set[str] = set()
    closed: set[str] = set()
    for option in compiled.options:
        venue = option.venue
        if venue.kind is VenueKind.CLOUD:
            providers.add(catalog.cloud_offers[venue.id].provider_id)
        elif venue.kind is VenueKind.API:
            providers.add(catalog.api_offers[venue.id].provider_id)
            if not catalog.ai_models[ModelId(option.model_id)].open_weight:
                closed.add(option.model_id)
    groups: dict[str, list[str]] = {}
    for provider in sorted(providers):
        groups.setdefault(catalog.providers[ProviderId(provider)].legal_group, []).append(provider)
    return ShockScope({g: tuple(p) for g, p in groups.items()}, tuple(sorted(closed)))


def _holdings(world: ShockedWorld, nominal: Indexed) -> tuple[list[Holding], WorldOptions]:
    """The first-stage venues as holdings of the world (their units are the first stage's,
    so 0 here), and the world's options without the servers it closes (an embargo on a
    venue the plan could not buy).

    A first-stage venue the world's own compile leaves out (the cheapest few per provider
    are kept) is compiled in, as the stress test compiles the venues a plan holds, but
    frozen: the recovery may use what the first stage bought there and buy no more, so it
    never counts on capacity the stress test's re-plan of the same plan could not buy."""
    resources = nominal.compiled.resources
    venues = sorted(
        {resources[key].venue for key in nominal.resource_keys if first_stage(resources[key])},
        key=lambda v: v.key,
    )
    frozen = world.frozen_owned
    regular = {r.venue for r in compile_world(world).compiled.resources.values()}
    holdings = [
        Holding(
            v,
            0,
            0.0,
            frozen=v not in regular or (v.kind is VenueKind.OWNED and (v.id, v.site_id) in frozen),
        )
        for v in venues
    ]
    held = {(v.id, v.site_id) for v in venues if v.kind is VenueKind.OWNED}
    closed = [
        Holding(Venue(VenueKind.OWNED, sku, site), 0, 0.0, frozen=True)
        for sku, site in sorted(frozen - held)
    ]
    return holdings, without_closed(compile_world(world, venues), closed)


def _recourse(
    world: ShockedWorld,
    nominal: Indexed,
    held: HeldProblem,
    holdings: Sequence[Holding],
    catalog: Catalog,
) -> Recourse:
    """L^k and σ^k of solver/robust.py for one world."""
    problem = held.indexed.problem
    keys = held.indexed.resource_keys
    kept = [h for h in holdings if any(key.venue == h.venue for key in keys)]
    row_of = {h.venue: i for i, h in enumerate(kept)}
    today: dict[Venue, float] = {}
    holding_of, units_of = problem.resource_holding, problem.resource_holding_units
    if holding_of is not None and units_of is not None:
        for i in np.flatnonzero(holding_of >= 0):
            today.setdefault(kept[int(holding_of[i])].venue, problem.unit_cost[i] / units_of[i])
    resources = nominal.compiled.resources
    held_from = np.zeros((len(kept), len(nominal.resource_keys)))
    sunk = np.zeros(len(nominal.resource_keys))
    for r, key in enumerate(nominal.resource_keys):
        resource = resources[key]
        if not first_stage(resource):
            continue
        venue = resource.venue
        per_unit = units_per_resource(venue, resource.accelerators_per_unit, catalog)
        paid = float(nominal.problem.unit_cost[r])
        if venue in row_of:
            held_from[row_of[venue], r] = per_unit
            now = today[venue] * per_unit
            signed = now if venue.kind is VenueKind.CLOUD and world.commitments_repriced else paid
            sunk[r] = signed - now
        elif venue.kind is VenueKind.OWNED or world.offered(venue) or world.commitments_lost:
            sunk[r] = paid  # idle, or owed for an offer that is gone
    problem = replace(problem, held_units=np.zeros(len(kept)), sunk_spend=0.0)
    return Recourse(problem, held_from, sunk)


def shock_block(shock: Shock, scenario: Scenario, catalog: Catalog, nominal: Indexed) -> ShockBlock:
    """The recourse block of one concrete shock."""
    world = apply_shock(shock, scenario, catalog)
    holdings, options = _holdings(world, nominal)
    held = held_problem(world.scenario, world.catalog, options, holdings)
    return ShockBlock(
        shock, world, options, held, _recourse(world, nominal, held, holdings, catalog)
    )


def robust_build(
    scenario: Scenario,
    catalog: Catalog,
    compiled: Compiled,
    shocks: Sequence[Shock],
    cancel: CancelToken | None = None,
) -> RobustBuild | None:
    """The plan's problem with a block per shock; None if cancelled while compiling."""
    nominal = to_problem(scenario, compiled)
    blocks = []
    for shock in shocks:
        if cancel is not None and cancel.cancelled:
            return None
        blocks.append(shock_block(shock, scenario, catalog, nominal))
    return RobustBuild(nominal, tuple(blocks))
