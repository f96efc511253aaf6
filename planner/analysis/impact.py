"""What breaks the moment a shock strikes, before anything is bought or moved.

A workload loses the venues the shock takes from it. What it keeps is what it already has
elsewhere: each remaining venue carries the share of its demand the plan gave it capacity
for (standby included — the hedge `survive_provider_loss` buys), and a pay-per-use venue
(an API, hours rented for fine-tuning runs) can take all of it at once. The rest of its
demand is the capacity lost, until the recovery's new capacity is in place.
"""

from dataclasses import dataclass, replace

from catalog.domain import Catalog
from planner.analysis.recover import SHARE_TOLERANCE
from planner.evaluation.cost import COMMITMENT_YEARS
from planner.evaluation.plan import Allocation, ApiLine, Plan, ServingTrail, Venue, VenueKind
from planner.optimise.shocked import WorldOptions
from planner.scenario.model import Scenario, WorkloadKind, input_shares
from planner.scenario.shock_effects import ShockedWorld

MTOK = 1e6


@dataclass(frozen=True, slots=True)
class Loss:
    """One workload's loss when the shock strikes."""

    served_on_lost: float
    """Share of its demand served on venues the shock takes from it."""
    capacity_lost: float
    """Share of its demand nothing it keeps can carry."""


def pay_per_use(allocation: Allocation, scenario: Scenario, catalog: Catalog) -> bool:
    """Venues without a capacity of their own: an API, or cloud hours rented per run."""
    if allocation.venue.kind is VenueKind.API:
        return True
    workload = next(w for w in scenario.workloads if w.id == allocation.workload_id)
    if allocation.venue.kind is VenueKind.CLOUD and workload.kind is WorkloadKind.FINE_TUNING:
        term = catalog.cloud_offers[allocation.venue.id].pricing_term
        return term not in COMMITMENT_YEARS
    return False


def _sized(
    workload_id: str, request_class: str, model_id: str, venue: Venue, precision: str | None,
    serving: ServingTrail | None,
) -> tuple[object, ...]:  # fmt: skip
    """What an allocation's size per share depends on: its option, request class and replica
    size included."""
    tp = serving.tensor_parallel if serving is not None else None
    return (workload_id, request_class, model_id, venue, precision, tp)


def _capacity_share(
    allocation: Allocation,
    per_share: dict[tuple[object, ...], float],
    pay: bool,
    scenario: Scenario,
) -> float:
    """Share of the workload's demand the allocation has capacity for (an option of a
    request class is sized for the class: its share of the workload's tokens)."""
    if pay:
        return float("inf")
    a = allocation
    key = _sized(a.workload_id, a.request_class, a.model_id, a.venue, a.precision, a.serving)
    accelerators = per_share.get(key)
    if accelerators is None:  # no option to size it by: count what it serves
        return allocation.share
    if accelerators <= 0:
        return float("inf")
    workload = next(w for w in scenario.workloads if w.id == allocation.workload_id)
    class_share = workload.class_token_share(allocation.request_class)
    return allocation.accelerators / accelerators * class_share


def losses(plan: Plan, world: ShockedWorld, options: WorldOptions) -> dict[str, Loss]:
    """Per workload of the scenario, what it loses when the shock strikes."""
    per_share: dict[tuple[object, ...], float] = {}
    for o in options.compiled.options:
        key = _sized(o.workload_id, o.request_class, o.model_id, o.venue, o.precision, o.serving)
        per_share.setdefault(key, o.accelerators_per_share)
    lost: dict[str, float] = {}
    kept: dict[str, float] = {}
    for a in plan.allocations:
        if world.usable(a.venue, a.workload_id):
            pay = pay_per_use(a, world.scenario, world.base_catalog)
            capacity = _capacity_share(a, per_share, pay, world.scenario)
            kept[a.workload_id] = kept.get(a.workload_id, 0.0) + capacity
        else:
            lost[a.workload_id] = lost.get(a.workload_id, 0.0) + a.share
    return {
        w.id: Loss(
            served_on_lost=_share(lost.get(w.id, 0.0)),
            capacity_lost=_share(1.0 - kept.get(w.id, 0.0)),
        )
        for w in world.scenario.workloads
    }


def _share(value: float) -> float:
    """A share of demand in [0, 1], solver noise below SHARE_TOLERANCE read as none."""
    return 0.0 if value < SHARE_TOLERANCE else min(1.0, value)


def nothing_done(plan: Plan, world: ShockedWorld) -> Plan:
    """The plan after the shock if nothing is done: what the shock took is gone, API
    volumes shrink with the work that can no longer use them, the rest runs on."""
    allocations = tuple(a for a in plan.allocations if world.usable(a.venue, a.workload_id))
    shares = input_shares(world.scenario.workloads)
    tokens: dict[str, list[float]] = {}
    for a in allocations:
        if a.venue.kind is VenueKind.API:
            share = shares[(a.workload_id, a.request_class)]
            entry = tokens.setdefault(a.venue.id, [0.0, 0.0])
            entry[0] += a.tokens_per_year * share / MTOK
            entry[1] += a.tokens_per_year * (1 - share) / MTOK
    api = tuple(
        ApiLine(line.offer_id, *tokens.get(line.offer_id, (0.0, 0.0)))
        for line in plan.api
        if world.offered(Venue(VenueKind.API, line.offer_id))
    )
    cloud = tuple(c for c in plan.cloud if world.offered(Venue(VenueKind.CLOUD, c.offer_id)))
    return replace(plan, cloud=cloud, api=api, allocations=allocations)
