"""A re-plan that keeps what was bought: holdings as the solver's sunk units.

Owned servers and committed cloud instances of an earlier plan are `Holding`s: the solver
keeps at least their units (`holding-kept` in solver/model.py), adds none where none can be
bought (`holding-frozen`), and counts what they cost as paid or signed. A holding no option
of the shocked world can use (a committed offer the shock bars to every workload) stays in
the plan idle, still paid. The constant S₀ the budget sees is what the held units cost
beyond their price today, plus what is owed for venues that are gone.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from catalog.domain import Catalog
from planner.evaluation.plan import CloudLine, OwnedLine, Plan, Venue, VenueKind
from planner.optimise.compile import Indexed, to_plan, to_problem
from planner.optimise.shocked import WorldOptions
from planner.scenario.model import Scenario
from solver.problem import Solution


@dataclass(frozen=True, slots=True)
class Holding:
    """Units of one venue an earlier plan bought, which a re-plan must keep."""

    venue: Venue
    units: int
    """Servers, or instances of a committed cloud offer; 0 for a venue that may only not
    grow (an embargoed server a plan does not hold)."""
    annual_cost: float
    """What the units cost a year as paid or signed, in the scenario's currency."""
    frozen: bool = False
    """No more units can be bought."""


@dataclass(frozen=True)
class HeldProblem:
    """The solver problem of a re-plan, and the holdings it could not give to the solver."""

    indexed: Indexed
    idle: tuple[Holding, ...]
    """Held venues no option of the world can use: kept in the plan, idle, still paid."""
    sunk_spend: float
    """S₀: counted against the budget whatever the plan decides (solver/model.py)."""


def units_per_resource(key_venue: Venue, per_unit: int, catalog: Catalog) -> float:
    """Units of the venue's holding one unit of a resource takes (a bundle takes several
    single-accelerator instances)."""
    if key_venue.kind is VenueKind.CLOUD:
        return per_unit / catalog.cloud_offers[key_venue.id].accelerators_per_instance
    return 1.0


def without_closed(options: WorldOptions, holdings: Sequence[Holding]) -> WorldOptions:
    """The options on venues where nothing is held and nothing can be bought dropped; a
    workload left with none is unservable, and says why."""
    closed = {h.venue for h in holdings if h.frozen and h.units == 0}
    if not closed:
        return options
    compiled = options.compiled
    kept = [o for o in compiled.options if o.resource_key is None or o.venue not in closed]
    served = {o.workload_id for o in kept}
    why = "every venue eligible for it is a server that can no longer be bought (an embargo)"
    unservable = dict(options.unservable)
    for option in compiled.options:
        if option.workload_id not in served:
            unservable.setdefault(option.workload_id, why)
    used = {o.resource_key for o in kept if o.resource_key is not None}
    resources = {k: r for k, r in compiled.resources.items() if k in used}
    return WorldOptions(replace(compiled, resources=resources, options=kept), unservable)


def held_problem(
    scenario: Scenario,
    catalog: Catalog,
    options: WorldOptions,
    holdings: Sequence[Holding],
    *,
    stranded_spend: float = 0.0,
) -> HeldProblem:
    """The problem over the world's options with the holdings kept; `stranded_spend` is
    owed for held venues the world no longer offers."""
    indexed = to_problem(scenario, options.compiled)
    resources = options.compiled.resources
    holding_of = np.full(len(indexed.resource_keys), -1, dtype=np.int64)
    units_of = np.zeros(len(indexed.resource_keys))
    kept: list[Holding] = []
    idle: list[Holding] = []
    sunk = stranded_spend
    for holding in holdings:
        members = [i for i, key in enumerate(indexed.resource_keys) if key.venue == holding.venue]
        if not members:
            if holding.units > 0:
                idle.append(holding)
                sunk += holding.annual_cost
            continue
        index = len(kept)
        kept.append(holding)
        for i in members:
            resource = resources[indexed.resource_keys[i]]
            holding_of[i] = index
            units_of[i] = units_per_resource(holding.venue, resource.accelerators_per_unit, catalog)
        first = members[0]
        price_today = float(indexed.problem.unit_cost[first]) / units_of[first]
        sunk += holding.annual_cost - price_today * holding.units
    problem = replace(
        indexed.problem,
        resource_holding=holding_of,
        resource_holding_units=units_of,
        held_units=np.array([float(h.units) for h in kept]),
        held_frozen=np.array([h.frozen for h in kept], dtype=bool),
        sunk_spend=sunk,
    )
    return HeldProblem(replace(indexed, problem=problem), tuple(idle), sunk)


def held_plan(held: HeldProblem, solution: Solution, scenario: Scenario, catalog: Catalog) -> Plan:
    """The plan of a solution, with the idle holdings kept as lines of their own."""
    plan = to_plan(held.indexed, solution, scenario, catalog)
    owned = list(plan.owned)
    cloud = {line.offer_id: line for line in plan.cloud}
    for holding in held.idle:
        venue = holding.venue
        if venue.kind is VenueKind.OWNED:
            owned.append(OwnedLine(venue.id, str(venue.site_id), holding.units))
        else:
            line = cloud.get(venue.id, CloudLine(venue.id, 0))
            cloud[venue.id] = replace(line, instances=line.instances + holding.units)
    return replace(plan, owned=tuple(owned), cloud=tuple(line for _, line in sorted(cloud.items())))
