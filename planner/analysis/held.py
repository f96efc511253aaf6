"""What a plan already holds when a shock strikes, and what it costs from then on.

Owned servers are bought: they keep running (an embargo only stops more arriving) and cost
what they cost before the shock. Committed cloud instances are owed for their term: the
shock strikes the day they are signed (the worst case), so the whole term is owed. They
keep their signed price unless the shock reprices them at once (a price shock that says so,
or an exchange rate that moved); if the shock withdraws the offer they are owed all the
same when the shock says commitments are lost, and nothing when it says refunded. On-demand
and spot instances and API tokens commit to nothing: they stop with the venue.
"""

from dataclasses import dataclass

from catalog.domain import Catalog
from planner.evaluation.cost import COMMITMENT_YEARS, CostAssumptions, cost_plan
from planner.evaluation.plan import CloudLine, OwnedLine, Plan, Venue, VenueKind
from planner.optimise.recovery import Holding
from planner.scenario.shock_effects import ShockedWorld


@dataclass(frozen=True)
class Held:
    """A plan's holdings in a shocked world, and the two constants its costs add."""

    holdings: tuple[Holding, ...]
    stranded: float
    """Owed a year for commitments on offers the shock withdrew."""
    adjustment: float
    """What the held units still offered cost a year beyond their price after the shock."""

    def annual_cost(self, plan: Plan, world: ShockedWorld, assumptions: CostAssumptions) -> float:
        """A plan that keeps these holdings, priced as paid: the catalog after the shock for
        what is bought now, the held units as paid or signed, the stranded commitments."""
        return cost_plan(plan, world.catalog, assumptions).total + self.adjustment + self.stranded


def _cost(line: OwnedLine | CloudLine, catalog: Catalog, assumptions: CostAssumptions) -> float:
    plan = Plan(owned=(line,)) if isinstance(line, OwnedLine) else Plan(cloud=(line,))
    return cost_plan(plan, catalog, assumptions).total


def committed(line: CloudLine, catalog: Catalog) -> bool:
    return line.instances > 0 and catalog.cloud_offers[line.offer_id].pricing_term in (
        COMMITMENT_YEARS
    )


def held_in(plan: Plan, world: ShockedWorld, assumptions: CostAssumptions) -> Held:
    """The plan's owned servers and committed instances as holdings of the shocked world,
    with venues that may not grow (an embargo) as holdings of what is already there."""
    holdings: list[Holding] = []
    stranded = adjustment = 0.0
    frozen = world.frozen_owned
    for line in plan.owned:
        venue = Venue(VenueKind.OWNED, line.sku_id, line.site_id)
        paid = _cost(line, world.base_catalog, assumptions)
        holdings.append(
            Holding(venue, line.servers, paid, frozen=(line.sku_id, line.site_id) in frozen)
        )
        adjustment += paid - _cost(line, world.catalog, assumptions)
    held_sites = {(line.sku_id, line.site_id) for line in plan.owned}
    holdings += [
        Holding(Venue(VenueKind.OWNED, sku, site), 0, 0.0, frozen=True)
        for sku, site in sorted(frozen - held_sites)
    ]
    signed = world.catalog if world.commitments_repriced else world.base_catalog
    for cloud in plan.cloud:
        if not committed(cloud, world.base_catalog):
            continue
        kept = CloudLine(cloud.offer_id, cloud.instances)
        venue = Venue(VenueKind.CLOUD, cloud.offer_id)
        owed = _cost(kept, signed if world.offered(venue) else world.base_catalog, assumptions)
        if world.offered(venue):
            holdings.append(Holding(venue, cloud.instances, owed))
            adjustment += owed - _cost(kept, world.catalog, assumptions)
        elif world.commitments_lost:
            stranded += owed
    return Held(tuple(holdings), stranded, adjustment)
