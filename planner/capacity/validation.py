"""Leave-one-group-out validation of the capacity model.

Each accelerator, each model family and each source is held out in turn: the factors are
refitted on the other rows and the held-out rows are predicted. What counts for a plan is
the out-of-sample error, the bias for dense and for mixture-of-experts models, and whether
the ranking of accelerators by tokens per second per dollar survives. Rows the fit leaves
out (`excluded_from_fit`) are never fitted and are scored on their own.
"""

import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

from catalog.domain import Catalog, ServingBenchmark
from planner.capacity.calibration import BenchmarkSet, ErrorSummary, summarise_errors
from planner.capacity.fitting import fit
from planner.capacity.physics import Array
from planner.capacity.replica import ServingEfficiency

GroupOf = Callable[[ServingBenchmark], str]
ON_DEMAND = "on_demand"


def group_kinds(catalog: Catalog) -> dict[str, GroupOf]:
    """The three ways the rows are held out, by what a user would call them."""
    return {
        "accelerator": lambda b: b.accelerator_id,
        "model family": lambda b: catalog.ai_models[b.ai_model_id].family,
        "source": lambda b: b.provenance.source_id,
    }


def is_moe(catalog: Catalog, bench: ServingBenchmark) -> bool:
    return catalog.ai_models[bench.ai_model_id].architecture == "moe"


@dataclass(frozen=True, slots=True)
class GroupResult:
    kind: str
    group: str
    rows: int
    in_sample: ErrorSummary
    out_of_sample: ErrorSummary


@dataclass(frozen=True)
class Validation:
    """Everything docs/capacity.md reports, computed from one benchmark set."""

    data: BenchmarkSet
    fitted: npt.NDArray[np.bool_]
    """Rows the fit uses (the others carry an `excluded_from_fit` reason)."""
    moe: npt.NDArray[np.bool_]
    efficiency: ServingEfficiency
    in_sample: Array
    """Relative error of every row under the factors fitted on all fitted rows."""
    out_of_sample: dict[str, Array]
    """Per kind of group: each row's error when its group was held out of the fit."""
    groups: list[GroupResult]

    def summary(self, errors: Array, subset: npt.NDArray[np.bool_] | None = None) -> ErrorSummary:
        mask = self.fitted if subset is None else self.fitted & subset
        return summarise_errors([float(e) for e in errors[mask]])


def fitted_rows(data: BenchmarkSet) -> npt.NDArray[np.bool_]:
    return np.array([not b.excluded_from_fit for b in data.benchmarks])


def validate(catalog: Catalog, data: BenchmarkSet, full: ServingEfficiency) -> Validation:
    """Score every row under `full` (the factors fitted on all fitted rows, as shipped), then
    refit once per held-out group, starting from `full`, and score the held-out rows."""
    fitted = fitted_rows(data)
    moe = np.array([is_moe(catalog, b) for b in data.benchmarks])
    in_sample = data.predict(full) / data.measured - 1.0
    out: dict[str, Array] = {}
    groups: list[GroupResult] = []
    for kind, group_of in group_kinds(catalog).items():
        labels = np.array([group_of(b) for b in data.benchmarks])
        errors = np.full(len(labels), np.nan)
        for group in sorted(set(labels[fitted])):
            held = labels == group
            refit = fit(data, fitted & ~held, full).efficiency
            errors[held] = (data.predict(refit) / data.measured - 1.0)[held]
            scored = held & fitted
            groups.append(GroupResult(
                kind, group, int(scored.sum()),
                summarise_errors([float(e) for e in in_sample[scored]]),
                summarise_errors([float(e) for e in errors[scored]]),
            ))  # fmt: skip
        out[kind] = errors
    return Validation(data, fitted, moe, full, in_sample, out, groups)


def usd_per_accelerator_hour(catalog: Catalog) -> dict[str, float]:
    """Median on-demand cloud price of one accelerator-hour, in USD, per accelerator."""
    prices: dict[str, list[float]] = {}
    for offer in catalog.cloud_offers.values():
        if offer.pricing_term == ON_DEMAND:
            usd = catalog.convert(offer.price_per_instance_hour, offer.currency, "USD")
            prices.setdefault(offer.accelerator_id, []).append(
                usd / offer.accelerators_per_instance
            )
    return {a: statistics.median(p) for a, p in prices.items()}


@dataclass(frozen=True, slots=True)
class RankedPair:
    cell: str
    first: str
    second: str
    measured_ratio: float
    """Tokens per second per dollar of `first` over `second`, as measured."""
    predicted_ratio: float

    @property
    def agrees(self) -> bool:
        return (self.measured_ratio > 1) == (self.predicted_ratio > 1)


def _cells(data: BenchmarkSet, mask: npt.NDArray[np.bool_]) -> Iterator[tuple[str, list[int]]]:
    """Rows grouped by what makes them comparable: model, request shape and load."""
    cells: dict[str, list[int]] = {}
    for i, bench in enumerate(data.benchmarks):
        if mask[i]:
            load = f"batch {bench.concurrency}" if bench.concurrency else "max load"
            key = f"{bench.ai_model_id} {bench.input_tokens}/{bench.output_tokens} {load}"
            cells.setdefault(key, []).append(i)
    yield from cells.items()


def ranked_pairs(
    data: BenchmarkSet, predicted: Array, prices: dict[str, float], mask: npt.NDArray[np.bool_]
) -> list[RankedPair]:
    """Every pair of accelerators measured in the same cell: each accelerator's best row
    (most measured tokens per second per accelerator), per dollar, measured and predicted."""
    pairs = []
    for cell, rows in _cells(data, mask):
        best: dict[str, int] = {}
        for i in rows:
            bench = data.benchmarks[i]
            if bench.accelerator_id not in prices:
                continue
            per = data.measured[i] / bench.accelerators
            held = best.get(bench.accelerator_id)
            if held is None or per > data.measured[held] / data.benchmarks[held].accelerators:
                best[bench.accelerator_id] = i
        for a, b in combinations(sorted(best), 2):
            i, j = best[a], best[b]
            scale = (prices[b] * data.benchmarks[j].accelerators) / (
                prices[a] * data.benchmarks[i].accelerators
            )
            pairs.append(RankedPair(cell, a, b, float(data.measured[i] / data.measured[j] * scale),
                                    float(predicted[i] / predicted[j] * scale)))  # fmt: skip
    return pairs
