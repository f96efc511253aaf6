"""The unit-priced venues as arrays, and which of them only repeat another at a higher price.

Every server SKU at a scenario site and every allowed cloud offer is one listing. What the
option compiler needs of each — its SEAL levels, accelerator, unit size, price, and the
attributes the solver's constraints read — is held in arrays indexed by listing, so the
per-workload arithmetic (planner/optimise/candidates.py) never walks Python objects.

Listings alike in everything the model reads except the price form a *class* (the same
instance of one provider group in several regions of one country, say). A plan that uses the
dearer listing of a class pays more for the same capacity and the same scores — unless a
spend ratio (a provider group's share, the independence floor, the lock-in cap) needs the
extra spend. Without such a ratio the cheapest listing of each class serves every plan as
well; with one, keeping only the cheapest is a pruning, and planner/optimise/planning.py
says so unless it proves the plan over every listing.
"""

from collections import Counter
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from catalog.domain import AcceleratorId, Catalog
from planner.evaluation.cost import COMMITMENT_YEARS
from planner.evaluation.independence import OBJECTIVES
from planner.evaluation.interruption import is_interruptible
from planner.evaluation.plan import VenueKind
from planner.optimise.venues import Resource, accelerator_of, unit_venues
from planner.scenario.model import Scenario

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

OBJECTIVE_ORDER = tuple(sorted(OBJECTIVES))
"""SEAL objectives in the order of `Listings.levels`' columns."""


@dataclass(frozen=True, slots=True)
class UnitKind:
    """What a listing's capacity depends on: the accelerator and how many come per unit."""

    accelerator_id: AcceleratorId
    accelerators_per_unit: int


@dataclass(frozen=True)
class Listings:
    """Every unit-priced venue the policy allows; arrays are indexed by listing."""

    resources: tuple[Resource, ...]
    kinds: tuple[UnitKind, ...]
    kind: IntArray
    """Index into `kinds`."""
    levels: FloatArray
    """SEAL level per listing (rows) and objective (columns, `OBJECTIVE_ORDER`)."""
    unit_cost: FloatArray
    spot: BoolArray
    hourly: BoolArray
    """Cloud capacity rented by the hour (no commitment): fine-tuning rents only its runs."""
    cheapest_of_class: BoolArray
    """The cheapest listing of its class (first by key among equal prices)."""
    first_of_duplicates: BoolArray
    """Not an exact repeat (same class, same price) of an earlier listing."""
    dropped: Counter[str]
    """Venues the policy excludes, by reason (counted once per scenario)."""

    def __len__(self) -> int:
        return len(self.resources)


def _class_key(resource: Resource, levels: tuple[float, ...]) -> tuple[object, ...]:
    """Everything the solver model reads of a listing, except its price."""
    return (
        resource.venue.kind,
        resource.venue.site_id,
        resource.provider_id,
        resource.group,
        resource.jurisdiction,
        resource.accelerator_vendor,
        resource.accelerators_per_unit,
        resource.pricing_term,
        resource.unit_capex,
        resource.power_kw,
        resource.independence,
        levels,
    )


def _class_flags(
    resources: list[Resource], kinds: list[UnitKind], levels: FloatArray
) -> tuple[BoolArray, BoolArray]:
    """(cheapest of its class, first of its exact repeats), both taking the smallest venue
    key among equal prices, so the cheapest of a class is always also the first."""
    cheapest: dict[tuple[object, ...], tuple[float, str, int]] = {}
    first: dict[tuple[object, ...], tuple[str, int]] = {}
    for i, resource in enumerate(resources):
        key = (*_class_key(resource, tuple(levels[i].tolist())), kinds[i])
        rank = (resource.unit_cost, resource.venue.key, i)
        cheapest[key] = min(cheapest.get(key, rank), rank)
        repeat = (*key, resource.unit_cost)
        first[repeat] = min(first.get(repeat, rank[1:]), rank[1:])
    flags = np.zeros((2, len(resources)), dtype=bool)
    flags[0, [i for *_, i in cheapest.values()]] = True
    flags[1, [i for _, i in first.values()]] = True
    return flags[0], flags[1]


def build_listings(catalog: Catalog, scenario: Scenario) -> Listings:
    dropped: Counter[str] = Counter()
    resources: list[Resource] = []
    rows: list[list[float]] = []
    for resource, seal in unit_venues(catalog, scenario, dropped):
        resources.append(resource)
        rows.append([seal[o] for o in OBJECTIVE_ORDER])
    unit_kinds = [UnitKind(accelerator_of(r, catalog), r.accelerators_per_unit) for r in resources]
    kinds = sorted(set(unit_kinds), key=lambda k: (k.accelerator_id, k.accelerators_per_unit))
    index = {k: i for i, k in enumerate(kinds)}
    levels = np.array(rows, dtype=float).reshape(len(resources), len(OBJECTIVE_ORDER))
    cheapest, first = _class_flags(resources, unit_kinds, levels)
    return Listings(
        resources=tuple(resources),
        kinds=tuple(kinds),
        kind=np.array([index[k] for k in unit_kinds], dtype=np.int64),
        levels=levels,
        unit_cost=np.array([r.unit_cost for r in resources], dtype=float),
        spot=np.array([is_interruptible(r.pricing_term) for r in resources], dtype=bool),
        hourly=np.array(
            [
                r.venue.kind is VenueKind.CLOUD and r.pricing_term not in COMMITMENT_YEARS
                for r in resources
            ],
            dtype=bool,
        ),
        cheapest_of_class=cheapest,
        first_of_duplicates=first,
        dropped=dropped,
    )
