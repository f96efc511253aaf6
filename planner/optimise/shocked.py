"""Options in a shocked world: the compile of planner/optimise/options.py, as a shock leaves it.

A shock can bar some providers to some workloads only (legal reach), so workloads are
compiled in groups that share their exclusions, each group as a scenario of its own with
those providers excluded. A workload left with no eligible option is named with the reason
instead of failing the whole compile: the re-plan serves the others and says which it
cannot. Options on venues the plan already holds are compiled as well, from a catalog that
lists only those venues: their units are paid for, so they may matter although the usual
pruning (the cheapest few per provider) would leave them out.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from catalog.domain import Catalog
from planner.evaluation.plan import Venue, VenueKind
from planner.optimise.options import (
    Compiled,
    NoEligibleOptionError,
    Option,
    PruneMode,
    compile_options,
)
from planner.scenario.model import DataClass, Scenario, Workload
from planner.scenario.shock_effects import ShockedWorld
from solver.problem import CancelToken


@dataclass(frozen=True)
class WorldOptions:
    """The options of every workload that has one in the world, and why the rest have none."""

    compiled: Compiled
    unservable: dict[str, str] = field(default_factory=dict)
    """Workload id → why no option is eligible for it after the shock."""


def _option_key(option: Option) -> tuple[object, ...]:
    return (
        option.workload_id,
        option.request_class,
        option.model_id,
        option.venue,
        option.precision,
        option.serving and option.serving.tensor_parallel,
        option.resource_key,
    )


def merge(parts: Sequence[Compiled], workload_order: Sequence[str]) -> Compiled:
    """One compile from several: resources united, options once each, in workload order."""
    resources = {}
    dropped: dict[str, Counter[str]] = {}
    seen: dict[tuple[object, ...], Option] = {}
    for part in parts:
        resources.update(part.resources)
        for workload, reasons in part.dropped.items():
            dropped.setdefault(workload, Counter()).update(reasons)
        for option in part.options:
            seen.setdefault(_option_key(option), option)
    rank = {w: i for i, w in enumerate(workload_order)}
    options = sorted(seen.values(), key=lambda o: rank[o.workload_id])
    used = {o.resource_key for o in options if o.resource_key is not None}
    return Compiled({k: r for k, r in resources.items() if k in used}, options, dropped)


def with_excluded(
    scenario: Scenario, workloads: Sequence[Workload], excluded: frozenset[str]
) -> Scenario:
    policy = scenario.policy
    extra = tuple(sorted(excluded - set(policy.excluded_providers)))
    return replace(
        scenario,
        workloads=tuple(workloads),
        policy=replace(policy, excluded_providers=policy.excluded_providers + extra),
    )


def _compile_each(
    scenario: Scenario,
    catalog: Catalog,
    unservable: dict[str, str] | None,
    cancel: CancelToken | None,
    prune: PruneMode = PruneMode.AUTO,
) -> list[Compiled]:
    """The group's compile; if a workload has no option, each workload alone, recording
    why (when `unservable` is given) for those that have none."""
    try:
        return [compile_options(scenario, catalog, cancel=cancel, prune=prune)]
    except NoEligibleOptionError:
        pass
    found = []
    for workload in scenario.workloads:
        try:
            found.append(
                compile_options(
                    replace(scenario, workloads=(workload,)), catalog, cancel=cancel, prune=prune
                )
            )
        except NoEligibleOptionError as exc:
            if unservable is not None:
                unservable[workload.id] = str(exc)
    return found


def only_venues(catalog: Catalog, venues: Iterable[Venue]) -> Catalog:
    """The catalog with no offers or server SKUs but those of the venues given."""
    chosen = list(venues)
    skus = {v.id for v in chosen if v.kind is VenueKind.OWNED}
    clouds = {v.id for v in chosen if v.kind is VenueKind.CLOUD}
    return replace(
        catalog,
        server_skus={k: s for k, s in catalog.server_skus.items() if k in skus},
        cloud_offers={k: o for k, o in catalog.cloud_offers.items() if k in clouds},
        api_offers={},
    )


def exclusion_groups(world: ShockedWorld) -> dict[frozenset[str], list[Workload]]:
    """The scenario's workloads grouped by the providers the shock bars them from."""
    groups: dict[frozenset[str], list[Workload]] = {}
    for workload in world.scenario.workloads:
        groups.setdefault(world.excluded.get(workload.id, frozenset()), []).append(workload)
    return groups


def compile_world(
    world: ShockedWorld, held: Iterable[Venue] = (), *, cancel: CancelToken | None = None
) -> WorldOptions:
    """Every workload's options after the shock, with every option on the `held` venues
    (owned servers and cloud offers the plan already has) that the shock leaves usable —
    unpruned, every model included, so a re-plan can keep what the plan chose there."""
    groups = exclusion_groups(world)
    held_catalog = only_venues(world.catalog, held)
    unservable: dict[str, str] = {}
    parts: list[Compiled] = []
    for excluded, workloads in groups.items():
        scenario = with_excluded(world.scenario, workloads, excluded)
        parts += _compile_each(scenario, world.catalog, unservable, cancel)
        if held_catalog.server_skus or held_catalog.cloud_offers:
            parts += _compile_each(scenario, held_catalog, None, cancel, PruneMode.NONE)
    order = [w.id for w in world.scenario.workloads]
    compiled = merge(parts, order)
    served = {o.workload_id for o in compiled.options}
    return WorldOptions(compiled, {w: why for w, why in unservable.items() if w not in served})


def servable_below_floors(world: ShockedWorld, workload_id: str) -> bool:
    """Whether a workload with no eligible option in the world would have one without its
    SEAL floors (its floors, not the shock alone, leave it unserved)."""
    workload = next(w for w in world.scenario.workloads if w.id == workload_id)
    unbound = replace(workload, data_class=DataClass.PUBLIC, min_seal={})
    excluded = world.excluded.get(workload_id, frozenset())
    try:
        compile_options(with_excluded(world.scenario, [unbound], excluded), world.catalog)
    except NoEligibleOptionError:
        return False
    return True
