"""Candidate options per workload: (model, venue, tensor-parallel size, precision) with
capacity, cost and eligibility.

A venue is a resource bought in whole units (a server SKU at a site, an instance of a cloud
offer) or a pay-per-use API. Options that break a hard rule (quality, exclusions, SEAL floors,
latency, spot for critical work) are filtered out, and the reason is counted, so a workload
with no option left says why before the solver runs. The arithmetic runs on arrays
(planner/optimise/candidates.py); an `Option` object is made only for the options handed to
the solver.

Which options the solver gets (`PruneMode`):
- every eligible option (`NONE`), for checks and small instances;
- by default (`AUTO`) the options that dominance keeps (candidates.py) on the cheapest
  listing of each class (listings.py). Without a spend ratio in the model (provider share,
  independence floor, lock-in cap) that is exact, and `Compiled.scope` is `ALL`; with one,
  dearer repeats of a listing — and slower models on hourly rentals — could still matter, so
  the scope is `PRUNED` and `widen` builds the exact set for a proof over all of them: the
  dominant options on every listing but exact repeats, or, when the lock-in cap counts model
  vendors (which splits a venue's cost by occupancy, so no option dominates), every option.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

import numpy as np

from catalog.domain import Catalog
from planner.errors import PlannerError
from planner.evaluation.plan import ServingTrail, Venue, VenueKind
from planner.optimise.candidates import (
    Candidates,
    Selection,
    Via,
    WorkloadCompiler,
    request_shape,
)
from planner.optimise.capacity_table import TRAINING_PRECISION
from planner.optimise.space import Space
from planner.optimise.venues import Resource, ResourceKey
from planner.scenario.model import Scenario, Workload, WorkloadKind
from solver.problem import CancelToken

T = TypeVar("T")


class PruneMode(StrEnum):
    """Which eligible options the solver is given."""

    AUTO = "auto"
    """Exact dominance, and the cheapest listing of each class (a proof over every option
    follows where that could matter; planner/optimise/planning.py)."""
    NONE = "none"
    """Every eligible option."""


class OptionScope(StrEnum):
    """The options a solve's status and bound hold for."""

    ALL = "all"
    """Every eligible option: no option left out could give a better plan."""
    PRUNED = "pruned"
    """Only the pruned set the solver searched."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    workload_id: str
    model_id: str
    model_developer: str
    closed_model: bool
    venue: Venue
    precision: str | None
    resource_key: ResourceKey | None
    """The resource bought in whole units that serves the option; None: pay-per-use."""
    units_per_share: float
    """Resource units needed to serve the whole workload (0 for pay-per-use)."""
    usage_cost_per_share: float
    """Annual pay-per-use cost of serving the whole workload (API tokens, rented hours)."""
    tokens_per_second_per_unit: float
    accelerators_per_share: float
    group: str | None
    jurisdiction: str | None
    independence: float
    accelerator_vendor: str | None
    """Vendor of the hardware it runs on; None for an API."""
    data_exit_cost: float = 0.0
    """Egress cost of moving the workload's stored data (`data_gb`) out of this venue."""
    request_class: str = ""
    """The request class it serves ("8000/500"); "" for a workload without classes. Each
    class is a row of demand of its own: the option's shares and costs are the class's."""
    serving: ServingTrail | None = None
    """The replica behind `tokens_per_second_per_unit` (size, batch, latency, limit, basis:
    the estimate or the organisation's measurement); None for an API or a fine-tuning run."""


@dataclass(frozen=True)
class Widening:
    """How to build the exact option set from the same compile, for a proof over all."""

    compilers: tuple[WorkloadCompiler, ...]
    selection: Selection
    count: int
    """Options the exact set has."""


@dataclass
class Compiled:
    """The scenario turned into resources and options, and why options were dropped."""

    resources: dict[ResourceKey, Resource]
    options: list[Option]
    dropped: dict[str, Counter[str]] = field(default_factory=dict)
    scope: OptionScope = OptionScope.ALL
    """ALL: every plan over all eligible options is matched, at no more cost and within every
    limit, by a plan over `options`; PRUNED: options that might matter were left out."""
    eligible: int = 0
    """Every eligible option, before dominance and pruning."""
    widening: Widening | None = None
    """With scope PRUNED: how to build the exact set (see `widen`)."""

    def options_for(self, workload_id: str) -> list[Option]:
        return [o for o in self.options if o.workload_id == workload_id]


class NoEligibleOptionError(PlannerError):
    """A workload has no option left after the hard rules; the message lists why."""


class CompileCancelledError(Exception):
    """The cancel token was set while options were compiled: the solve is not wanted."""


def has_spend_ratio(scenario: Scenario) -> bool:
    """A constraint on a share of spend, which a dearer option could help to meet."""
    policy = scenario.policy
    return (
        policy.max_provider_share < 1.0
        or policy.min_independence is not None
        or policy.max_lock_in is not None
    )


def _unless_cancelled(items: Iterable[T], cancel: CancelToken | None) -> Iterator[T]:
    for item in items:
        if cancel is not None and cancel.cancelled:
            raise CompileCancelledError
        yield item


def _compilers(space: Space, cancel: CancelToken | None) -> list[WorkloadCompiler]:
    """One compiler per row of demand: a workload, or each of its request classes."""
    compilers = []
    for index, demand in _unless_cancelled(enumerate(space.demands), cancel):
        compiler = WorkloadCompiler(space, index, demand.workload)
        if compiler.eligible == 0:
            top = "; ".join(f"{why} ({n})" for why, n in compiler.dropped.most_common(4))
            what = "workload" if demand.request_class is None else "request class"
            raise NoEligibleOptionError(
                f"{what} {demand.label!r} has no eligible option: "
                f"{top or 'no model of its kind'}"
                ". To fix: relax its quality or SEAL floors, or the exclusions"
            )
        compilers.append(compiler)
    return compilers


def _dropped(space: Space, compilers: list[WorkloadCompiler]) -> dict[str, Counter[str]]:
    """Why options were dropped, per workload (its classes' reasons added up)."""
    found: dict[str, Counter[str]] = {}
    for demand, compiler in zip(space.demands, compilers, strict=True):
        found.setdefault(demand.parent.id, Counter()).update(compiler.dropped)
    return found


def compile_options(
    scenario: Scenario,
    catalog: Catalog,
    *,
    cancel: CancelToken | None = None,
    prune: PruneMode = PruneMode.AUTO,
) -> Compiled:
    """The options the solver is given (see the module's docstring); raises
    NoEligibleOptionError naming the causes, or CompileCancelledError when `cancel` is set."""
    space = Space(scenario, catalog)
    compilers = _compilers(space, cancel)
    listings = space.listings
    every = np.ones(len(listings), dtype=bool)
    ratio = has_spend_ratio(scenario)
    pruned = Selection(listings.cheapest_of_class, dominate=True, all_hourly_models=False)
    everything = Selection(every, dominate=False, all_hourly_models=True)
    exact = (
        everything
        if space.developer_matters
        else Selection(listings.first_of_duplicates, dominate=True, all_hourly_models=True)
    )
    if prune is PruneMode.NONE:
        chosen, widening = everything, None
    elif not ratio:
        chosen, widening = pruned, None
    else:
        chosen = pruned
        count = sum(c.count(exact) for c in compilers)
        same = count == sum(c.count(pruned) for c in compilers)
        widening = None if same else Widening(tuple(compilers), exact, count)
    return _materialise(
        space, compilers, chosen, widening, eligible=sum(c.eligible for c in compilers)
    )


def widen(compiled: Compiled) -> Compiled:
    """The exact option set of a PRUNED compile: every option that could matter."""
    assert compiled.widening is not None
    compilers = list(compiled.widening.compilers)
    space = compilers[0].space
    return _materialise(
        space, compilers, compiled.widening.selection, None, eligible=compiled.eligible
    )


def _materialise(
    space: Space,
    compilers: list[WorkloadCompiler],
    selection: Selection,
    widening: Widening | None,
    *,
    eligible: int,
) -> Compiled:
    rows = Candidates.concat([c.rows(selection) for c in compilers])
    options, resources = _objects(space, rows)
    return Compiled(
        resources,
        options,
        _dropped(space, compilers),
        scope=OptionScope.ALL if widening is None else OptionScope.PRUNED,
        eligible=eligible,
        widening=widening,
    )


def _objects(space: Space, rows: Candidates) -> tuple[list[Option], dict[ResourceKey, Resource]]:
    """Option objects for the rows, and the resources they use."""
    listings, catalog = space.listings, space.catalog
    resources: dict[ResourceKey, Resource] = {}
    options = []
    for i in range(len(rows)):
        demand = space.demands[int(rows.workload[i])]
        workload = demand.workload
        model = space.models[int(rows.model[i])]
        via = Via(int(rows.via[i]))
        key: ResourceKey | None = None
        precision: str | None = None
        vendor: str | None = None
        trail: ServingTrail | None = None
        if via is Via.API:
            offer = space.api_offers[int(rows.api_offer[i])]
            provider = catalog.providers[offer.provider_id]
            venue = Venue(VenueKind.API, offer.id)
            group: str | None = provider.legal_group
            jurisdiction: str | None = provider.parent_jurisdiction
            independence = float(space.api_independence[int(rows.api_offer[i])])
        else:
            listing = listings.resources[int(rows.listing[i])]
            venue, group, jurisdiction = listing.venue, listing.group, listing.jurisdiction
            independence, vendor = listing.independence, listing.accelerator_vendor
            resources.setdefault(listing.key, listing)
            key = listing.key if via is Via.UNITS else None
            precision = TRAINING_PRECISION.value
            if workload.kind is not WorkloadKind.FINE_TUNING:
                trail, precision = _trail(space, rows, i, workload)
        options.append(
            Option(
                workload_id=workload.id,
                model_id=model.id,
                model_developer=model.developer,
                closed_model=not model.open_weight,
                venue=venue,
                precision=precision,
                resource_key=key,
                units_per_share=float(rows.units_per_share[i]),
                usage_cost_per_share=float(rows.usage_cost[i]),
                tokens_per_second_per_unit=float(rows.tokens_per_second_per_unit[i]),
                accelerators_per_share=float(rows.accelerators_per_share[i]),
                group=group,
                jurisdiction=jurisdiction,
                independence=independence,
                accelerator_vendor=vendor,
                data_exit_cost=float(rows.data_exit_cost[i]),
                request_class=demand.class_label,
                serving=trail,
            )
        )
    used = {o.resource_key for o in options if o.resource_key is not None}
    return options, {k: r for k, r in resources.items() if k in used}


def _trail(space: Space, rows: Candidates, i: int, workload: Workload) -> tuple[ServingTrail, str]:
    """The serving trail and precision of a self-hosted inference row: its variant's, on the
    estimate or the measurement that replaced it."""
    table = space.tables.serving(request_shape(workload))
    kind = int(space.listings.kind[int(rows.listing[i])])
    model = int(space.open_index[int(rows.model[i])])
    variant = int(rows.variant[i])
    return table.trails[kind, model, variant], space.tables.variants[variant].precision.value
