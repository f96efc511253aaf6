"""Every eligible option of every workload as columns of arrays: the compiler's arithmetic.

A row is one option: a model serving one workload on a listing (in whole units, or in hours
rented for fine-tuning runs) or through an API offer. Capacity comes from the tables of
planner/optimise/capacity_table.py, which depend on the unit kind, the model and the variant
(tensor-parallel size and precision) only, so a workload's rows are the triples (unit kind,
model, variant) it may use, repeated over the listings of each kind. Options are objects only
once they are kept (planner/optimise/options.py).

Dominance: on one resource (the same unit at the same price, owner, place and scores) the
model and variant that need fewest units for the workload serve any plan at least as well as
a slower one — same units bought, less capacity used, the same spend and scores (precision and
replica size enter no constraint). `Selection.dominate` keeps only the fastest, per developer
where concentration on model vendors counts. That is exact in every constraint family but
one: a lock-in cap that counts model vendors splits a venue's cost by the capacity each model
occupies, idle capacity included, so a slower model shifts cost between developers
(planner/optimise/options.py then proves over every option).
"""

from collections import Counter
from dataclasses import dataclass, fields
from enum import IntEnum

import numpy as np

from planner.capacity.roofline import RequestShape
from planner.evaluation.cost import HOURS_PER_YEAR
from planner.optimise.capacity_table import TRAINING_DOES_NOT_FIT
from planner.optimise.listings import OBJECTIVE_ORDER, BoolArray, FloatArray, IntArray
from planner.optimise.space import Space
from planner.scenario.model import Workload, WorkloadKind


class Via(IntEnum):
    """How an option is paid for."""

    UNITS = 0
    """Whole units of a resource (servers, instances)."""
    HOURS = 1
    """Cloud hours rented only for the fine-tuning runs."""
    API = 2
    """Tokens bought from an API offer."""


@dataclass(frozen=True)
class Candidates:
    """Options as columns; row i is one option (see `Option` for each column's meaning)."""

    workload: IntArray
    via: IntArray
    listing: IntArray
    """Index into `Listings`; -1 for an API offer."""
    api_offer: IntArray
    """Index into `Space.api_offers`; -1 otherwise."""
    model: IntArray
    """Index into `Space.models`."""
    variant: IntArray
    """Index into `CapacityTables.variants` (tensor-parallel size, precision); -1 for an API
    offer or a fine-tuning run."""
    units_per_share: FloatArray
    usage_cost: FloatArray
    tokens_per_second_per_unit: FloatArray
    accelerators_per_share: FloatArray
    data_exit_cost: FloatArray

    def __len__(self) -> int:
        return len(self.workload)

    def take(self, rows: IntArray | BoolArray) -> "Candidates":
        return Candidates(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    @staticmethod
    def concat(parts: list["Candidates"]) -> "Candidates":
        if not parts:
            return EMPTY
        return Candidates(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(EMPTY)}
        )


_INT, _FLOAT = np.zeros(0, dtype=np.int64), np.zeros(0)
EMPTY = Candidates(_INT, _INT, _INT, _INT, _INT, _INT, _FLOAT, _FLOAT, _FLOAT, _FLOAT, _FLOAT)


@dataclass(frozen=True)
class Selection:
    """Which rows a compile materialises."""

    listings: BoolArray
    """Listings whose options are built."""
    dominate: bool
    """Keep only the fastest (model, variant) per (resource, developer when it matters):
    exact."""
    all_hourly_models: bool
    """Keep every model on hourly listings (their spend differs, so a ratio may want the
    dearer one); else only the fastest, as on whole units."""


def _first_in_groups(group: IntArray, *order: FloatArray | IntArray) -> IntArray:
    """Index of the first row of each group when sorted by `order` (earlier keys first)."""
    if len(group) == 0:
        return _INT
    ranked = np.lexsort((*reversed(order), group))
    keep = np.ones(len(ranked), dtype=bool)
    keep[1:] = group[ranked[1:]] != group[ranked[:-1]]
    return np.sort(ranked[keep])


def _expand(
    pair_kind: IntArray, listing_kind: IntArray, listings: IntArray, n_kinds: int
) -> tuple[IntArray, IntArray]:
    """Every (pair, listing) with the listing of the pair's kind: (pair index, listing)."""
    ordered = listings[np.argsort(listing_kind[listings], kind="stable")]
    per_kind = np.bincount(listing_kind[ordered], minlength=n_kinds)
    starts = np.cumsum(per_kind) - per_kind
    counts = per_kind[pair_kind]
    pair = np.repeat(np.arange(len(pair_kind)), counts)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(counts) - counts, counts)
    return pair, ordered[starts[pair_kind][pair] + offset]


def request_shape(workload: Workload) -> RequestShape:
    """The request a serving workload's capacity is estimated for."""
    return RequestShape(
        workload.input_tokens, workload.output_tokens, workload.tpot_ms, workload.ttft_ms
    )


class WorkloadCompiler:
    """One workload's rows, for any selection; the eligibility masks are computed once."""

    def __init__(self, space: Space, index: int, workload: Workload) -> None:
        self.space, self.index, self.workload = space, index, workload
        self.dropped: Counter[str] = Counter(space.listings.dropped)
        self.models = space.model_mask(workload, self.dropped)
        self.venues = self._venue_mask()
        open_models = self.models[space.open_models]
        if workload.kind is WorkloadKind.FINE_TUNING:
            self.pairs = self._training_pairs(open_models)
        else:
            self.pairs = self._serving_pairs(open_models)
        self.api = space.api_mask(workload, self.models, self.dropped)
        kinds = space.listings.kind[self.venues]
        per_kind = np.bincount(kinds, minlength=len(space.listings.kinds))
        self.eligible = int(per_kind[self.pairs[0]].sum()) + int(self.api.sum())

    def _venue_mask(self) -> BoolArray:
        """Listings the workload may use (SEAL floors; no spot for critical work)."""
        listings, workload = self.space.listings, self.workload
        n_models = int(self.models.sum())
        ok = np.ones(len(listings), dtype=bool)
        for objective, floor in sorted(workload.seal_floors.items()):
            below = ok & (listings.levels[:, OBJECTIVE_ORDER.index(objective)] < floor)
            self.dropped[f"venue below SEAL {floor} on {objective}"] += int(below.sum()) * n_models
            ok &= ~below
        if workload.critical:
            spot = ok & listings.spot
            self.dropped["spot capacity for a critical workload"] += int(spot.sum()) * n_models
            ok &= ~spot
        return ok

    def _count_failures(self, bad: BoolArray, reasons: IntArray, names: tuple[str, ...]) -> None:
        """Count (listing, model) pairs refused, per reason: refusals are per unit kind."""
        listings = self.space.listings
        per_kind = np.bincount(listings.kind[self.venues], minlength=len(listings.kinds))
        weight = np.broadcast_to(per_kind[:, None], bad.shape)[bad]
        for code, total in enumerate(np.bincount(reasons[bad], weights=weight)):
            if total:
                self.dropped[names[code]] += int(total)

    def _serving_pairs(self, open_models: BoolArray) -> tuple[IntArray, IntArray, IntArray]:
        self.serving = self.space.tables.serving(request_shape(self.workload))
        usable = open_models[None, :]
        self._count_failures(
            (self.serving.failure >= 0) & usable, self.serving.failure, self.serving.reasons
        )
        served = self.serving.tokens_per_second_per_accelerator > 0
        kinds, models, variants = np.nonzero(served & usable[:, :, None])
        return kinds, models, variants

    def _training_pairs(self, open_models: BoolArray) -> tuple[IntArray, IntArray, IntArray]:
        self.training = self.space.tables.training(self.workload.method)
        usable = open_models[None, :]
        misfit = ~self.training.fits & usable
        self._count_failures(
            misfit, np.zeros(misfit.shape, dtype=np.int64), (TRAINING_DOES_NOT_FIT,)
        )
        kinds, models = np.nonzero(self.training.fits & usable)
        return kinds, models, np.full(len(kinds), -1, dtype=np.int64)

    def _best(self, kinds: IntArray, models: IntArray, variants: IntArray) -> IntArray:
        """Triples kept by dominance: the fastest (model, variant) per (unit kind,
        developer); ties go to the first model, then the first variant."""
        space = self.space
        developer = space.open_developer[models] if space.developer_matters else 0 * models
        group = kinds * (len(space.developers) + 1) + developer
        if self.workload.kind is WorkloadKind.FINE_TUNING:
            cost = self.training.accelerator_hours_per_token[kinds, models]
        else:
            cost = -self.serving.tokens_per_second_per_accelerator[kinds, models, variants]
        return _first_in_groups(group, cost, models, variants)

    def _plan(self, selection: Selection) -> list[tuple[IntArray, BoolArray]]:
        """The (unit kind, model, variant) triples to build and the listings to build them
        on: whole units, and for fine-tuning also hourly rentals, each with its own triples."""
        listings = self.space.listings
        kinds, models, variants = self.pairs
        every = np.arange(len(kinds))
        units = self._best(kinds, models, variants)
        units = units if selection.dominate else every
        usable = self.venues & selection.listings
        if self.workload.kind is not WorkloadKind.FINE_TUNING:
            return [(units, usable)]
        hours = every if selection.all_hourly_models else units
        return [(units, usable & ~listings.hourly), (hours, usable & listings.hourly)]

    def rows(self, selection: Selection) -> Candidates:
        listings = self.space.listings
        kinds, models, variants = self.pairs
        parts = []
        for pairs, where in self._plan(selection):
            pair, listing = _expand(
                kinds[pairs], listings.kind, np.flatnonzero(where), len(listings.kinds)
            )
            picked = pairs[pair]
            parts.append(self._fill(listing, kinds[picked], models[picked], variants[picked]))
        parts.append(self._api_rows())
        return Candidates.concat(parts)

    def _fill(
        self, listing: IntArray, kinds: IntArray, models: IntArray, variants: IntArray
    ) -> Candidates:
        space, workload = self.space, self.workload
        listings = space.listings
        n = len(listing)
        exit_cost = space.listing_egress_per_gb[listing] * workload.data_gb
        per_unit = space.kind_accelerators[kinds]
        if workload.kind is WorkloadKind.FINE_TUNING:
            hours = self.training.accelerator_hours_per_token[kinds, models]
            hours = hours * workload.tokens_per_year
            unit_years = hours / per_unit / HOURS_PER_YEAR
            rented = listings.hourly[listing]
            return Candidates(
                workload=np.full(n, self.index, dtype=np.int64),
                via=np.where(rented, Via.HOURS, Via.UNITS).astype(np.int64),
                listing=listing,
                api_offer=np.full(n, -1, dtype=np.int64),
                model=space.open_models[models],
                variant=variants,
                units_per_share=np.where(rented, 0.0, unit_years),
                usage_cost=np.where(rented, listings.unit_cost[listing] * unit_years, 0.0),
                tokens_per_second_per_unit=np.zeros(n),
                accelerators_per_share=hours / HOURS_PER_YEAR,
                data_exit_cost=exit_cost,
            )
        speed = self.serving.tokens_per_second_per_accelerator[kinds, models, variants] * per_unit
        demand = workload.output_tokens_per_second_peak
        units = demand / speed if demand > 0 else np.zeros(n)
        return Candidates(
            workload=np.full(n, self.index, dtype=np.int64),
            via=np.full(n, Via.UNITS, dtype=np.int64),
            listing=listing,
            api_offer=np.full(n, -1, dtype=np.int64),
            model=space.open_models[models],
            variant=variants,
            units_per_share=units,
            usage_cost=np.zeros(n),
            tokens_per_second_per_unit=speed,
            accelerators_per_share=units * per_unit,
            data_exit_cost=exit_cost,
        )

    def _api_rows(self) -> Candidates:
        space, workload = self.space, self.workload
        offers = np.flatnonzero(self.api)
        n = len(offers)
        mtok = workload.tokens_per_year / 1e6
        cost = mtok * (
            workload.input_share * space.api_cost_in[offers]
            + (1 - workload.input_share) * space.api_cost_out[offers]
        )
        return Candidates(
            workload=np.full(n, self.index, dtype=np.int64),
            via=np.full(n, Via.API, dtype=np.int64),
            listing=np.full(n, -1, dtype=np.int64),
            api_offer=offers,
            model=space.api_model[offers],
            variant=np.full(n, -1, dtype=np.int64),
            units_per_share=np.zeros(n),
            usage_cost=cost,
            tokens_per_second_per_unit=np.zeros(n),
            accelerators_per_share=np.zeros(n),
            data_exit_cost=space.api_egress_per_gb[offers] * workload.data_gb,
        )

    def count(self, selection: Selection) -> int:
        """How many rows `rows(selection)` would give, without building them."""
        listings = self.space.listings
        total = int(self.api.sum())
        for pairs, where in self._plan(selection):
            per_kind = np.bincount(listings.kind[where], minlength=len(listings.kinds))
            total += int(per_kind[self.pairs[0][pairs]].sum())
        return total
