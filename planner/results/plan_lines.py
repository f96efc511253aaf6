"""A plan document's lines and allocations back as the `Plan` that costing and analyses read.

A saved scenario stores its plan as a document (planner/results/plan_document.py); the
stress test re-plans from what that plan bought, so it needs the lines again. Line items say
what was bought (servers, instance-years or instance-hours, million tokens); the split of an
API line's tokens into input and output comes from the scenario's request shapes, as the
solver made it.
"""

from planner.evaluation.cost import HOURS_PER_YEAR
from planner.evaluation.plan import Allocation, ApiLine, CloudLine, OwnedLine, Plan, Venue
from planner.results.plan_document import PlanDocument, VenueKind
from planner.scenario.model import Scenario, input_shares

MTOK = 1e6
INSTANCE_HOUR = "instance-hour"
"""The unit of a cloud line rented only for the hours a job needs."""


def venue_of(key: str) -> Venue:
    """The venue a key names: `owned:<sku>@<site>`, `cloud:<offer>` or `api:<offer>`."""
    kind, _, rest = key.partition(":")
    if kind == VenueKind.OWNED.value:
        sku, _, site = rest.partition("@")
        return Venue(VenueKind.OWNED, sku, site)
    return Venue(VenueKind(kind), rest)


def plan_of(document: PlanDocument, scenario: Scenario) -> Plan:
    """The plan a document records; a document without a plan gives an empty one."""
    result = document.result
    if result is None:
        return Plan()
    shares = input_shares(scenario.workloads)
    allocations = tuple(
        Allocation(
            a.workload_id,
            a.model_id,
            venue_of(a.venue_key),
            a.precision,
            a.share,
            a.tokens_per_second,
            a.tokens_per_year,
            a.accelerators,
            a.request_class,
            a.serving,
        )
        for a in result.allocations
    )
    owned, cloud, api = [], [], []
    for item in result.line_items:
        venue = venue_of(item.venue_key)
        if item.kind is VenueKind.OWNED:
            owned.append(OwnedLine(venue.id, str(venue.site_id), round(item.quantity)))
        elif item.kind is VenueKind.CLOUD and item.unit == INSTANCE_HOUR:
            cloud.append(CloudLine(venue.id, 0, item.quantity))
        elif item.kind is VenueKind.CLOUD:
            instances = int(item.quantity + 1e-9)
            cloud.append(
                CloudLine(venue.id, instances, (item.quantity - instances) * HOURS_PER_YEAR)
            )
        else:
            tokens = [a for a in allocations if a.venue == venue]
            mtok_in = sum(
                a.tokens_per_year * shares.get((a.workload_id, a.request_class), 0.0)
                for a in tokens
            )
            mtok_in = min(mtok_in / MTOK, item.quantity)
            api.append(ApiLine(venue.id, mtok_in, item.quantity - mtok_in))
    return Plan(tuple(owned), tuple(cloud), tuple(api), allocations)
