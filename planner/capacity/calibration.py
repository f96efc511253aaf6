"""How far the capacity model is from published serving benchmarks.

Each benchmark is predicted in its own configuration (its replica size, lengths and load)
by the same physics the estimator uses, all rows at once as arrays, so the fit
(`fitting.py`), the validation (`validation.py`), the tables in docs/capacity.md and the
tests all score the shipped model the same way.
"""

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from catalog.domain import Accelerator, Catalog, ServingBenchmark, ServingEfficiencyRow
from planner.capacity.physics import Array, Precision, Replica, serve
from planner.capacity.replica import ServingEfficiency, stack
from planner.capacity.roofline import (
    CapacityError,
    Refusal,
    RequestShape,
    build_replica,
    memory_batch,
)

PRECISION_CLASSES = (Precision.BF16, Precision.FP8, Precision.FP4)
"""The compute fractions the fit knows; INT8 and INT4 borrow FP8's and BF16's."""
_CLASS_OF = {Precision.INT8: Precision.FP8, Precision.INT4: Precision.BF16}


def efficiency_of(row: ServingEfficiencyRow) -> ServingEfficiency:
    return ServingEfficiency(
        bandwidth_fraction=row.bandwidth_fraction,
        bandwidth_kept_per_tp_doubling=row.bandwidth_kept_per_tp_doubling,
        bf16_compute_fraction=row.bf16_compute_fraction,
        fp8_compute_fraction=row.fp8_compute_fraction,
        fp4_compute_fraction=row.fp4_compute_fraction,
        prefill_compute_gain=row.prefill_compute_gain,
        step_overhead_us_per_layer=row.step_overhead_us_per_layer,
        interconnect_fraction=row.interconnect_fraction,
    )


def efficiency_for(
    rows: Iterable[ServingEfficiencyRow], accelerator: Accelerator
) -> ServingEfficiency:
    """The row for the accelerator's generation if there is one, else the global row."""
    rows = list(rows)
    match = next((r for r in rows if r.generation == accelerator.generation), None)
    match = match or next((r for r in rows if r.generation is None), None)
    if match is None:
        raise CapacityError(
            Refusal.NO_CALIBRATION, "the catalog has no global serving_efficiency row"
        )
    return efficiency_of(match)


@dataclass(frozen=True)
class BenchmarkSet:
    """Published benchmarks as arrays: what each replica is, how it was loaded, what it gave."""

    benchmarks: tuple[ServingBenchmark, ...]
    replica: Replica
    precision_class: npt.NDArray[np.int64]
    """Index into PRECISION_CLASSES of each row's compute fraction."""
    batch: Array
    input_tokens: Array
    output_tokens: Array
    measured: Array

    def predict(self, efficiency: ServingEfficiency) -> Array:
        """Output tokens per second of every row under these factors."""
        fractions = np.array([efficiency.compute_fraction(p) for p in PRECISION_CLASSES])
        replica = replace(self.replica, compute_fraction=fractions[self.precision_class])
        served = serve(replica, efficiency.factors(), self.batch, self.input_tokens,
                       self.output_tokens)  # fmt: skip
        return served.tokens_per_second

    def subset(self, mask: npt.NDArray[np.bool_]) -> "BenchmarkSet":
        names = Replica.__dataclass_fields__
        return BenchmarkSet(
            benchmarks=tuple(b for b, keep in zip(self.benchmarks, mask, strict=True) if keep),
            replica=Replica(**{n: getattr(self.replica, n)[mask] for n in names}),
            precision_class=self.precision_class[mask],
            batch=self.batch[mask],
            input_tokens=self.input_tokens[mask],
            output_tokens=self.output_tokens[mask],
            measured=self.measured[mask],
        )


def benchmark_set(
    catalog: Catalog,
    efficiency: ServingEfficiency,
    benchmarks: Sequence[ServingBenchmark] | None = None,
) -> BenchmarkSet:
    """The catalog's benchmarks (or the given ones) as arrays; a row the model cannot serve
    in its published configuration is an error that names it."""
    rows = tuple(catalog.serving_benchmarks if benchmarks is None else benchmarks)
    replicas, classes, batches = [], [], []
    for bench in rows:
        precision = Precision(bench.precision)
        shape = RequestShape(bench.input_tokens, bench.output_tokens)
        try:
            replica = build_replica(catalog.ai_models[bench.ai_model_id],
                                       catalog.accelerators[bench.accelerator_id], precision,
                                       shape, efficiency, bench.accelerators)  # fmt: skip
        except CapacityError as exc:
            raise CapacityError(exc.reason, f"benchmark {bench.id}: {exc}") from exc
        most = memory_batch(replica, shape)
        if most < 1:
            raise CapacityError(Refusal.DOES_NOT_FIT, f"benchmark {bench.id} does not fit memory")
        replicas.append(replica)
        classes.append(PRECISION_CLASSES.index(_CLASS_OF.get(precision, precision)))
        batches.append(min(most, bench.concurrency) if bench.concurrency else most)
    return BenchmarkSet(
        benchmarks=rows,
        replica=stack(replicas),
        precision_class=np.array(classes, dtype=np.int64),
        batch=np.array(batches, dtype=np.float64),
        input_tokens=np.array([b.input_tokens for b in rows], dtype=np.float64),
        output_tokens=np.array([b.output_tokens for b in rows], dtype=np.float64),
        measured=np.array([b.output_tokens_per_second for b in rows], dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class Comparison:
    benchmark: ServingBenchmark
    predicted_tokens_per_second: float
    batch: int

    @property
    def error(self) -> float:
        """Relative error of the prediction: +0.10 means 10 % too optimistic."""
        return self.predicted_tokens_per_second / self.benchmark.output_tokens_per_second - 1.0

    @property
    def log_error(self) -> float:
        return math.log(self.predicted_tokens_per_second / self.benchmark.output_tokens_per_second)


def compare(
    catalog: Catalog,
    benchmarks: Sequence[ServingBenchmark] | None = None,
    efficiency: Sequence[ServingEfficiencyRow] | None = None,
) -> list[Comparison]:
    """Predict each benchmark in its own configuration with the factors for its hardware."""
    rows = list(catalog.serving_efficiency if efficiency is None else efficiency)
    chosen = list(catalog.serving_benchmarks if benchmarks is None else benchmarks)
    by_factors: dict[ServingEfficiency, list[ServingBenchmark]] = {}
    for bench in chosen:
        factors = efficiency_for(rows, catalog.accelerators[bench.accelerator_id])
        by_factors.setdefault(factors, []).append(bench)
    predicted: dict[str, Comparison] = {}
    for factors, group in by_factors.items():
        arrays = benchmark_set(catalog, factors, group)
        for bench, value, batch in zip(group, arrays.predict(factors), arrays.batch, strict=True):
            predicted[bench.id] = Comparison(bench, float(value), int(batch))
    return [predicted[b.id] for b in chosen]


@dataclass(frozen=True, slots=True)
class ErrorSummary:
    count: int
    median_abs_error: float
    median_error: float
    """Median signed error: the bias (+ = optimistic)."""
    rms_log_error: float
    within_25_percent: float
    """Share of benchmarks predicted within ±25 %."""


def summarise_errors(errors: Sequence[float]) -> ErrorSummary:
    """Summary of relative errors (predicted ÷ measured − 1)."""
    return ErrorSummary(
        count=len(errors),
        median_abs_error=statistics.median(abs(e) for e in errors),
        median_error=statistics.median(errors),
        rms_log_error=math.sqrt(statistics.fmean(math.log1p(e) ** 2 for e in errors)),
        within_25_percent=sum(abs(e) <= 0.25 for e in errors) / len(errors),
    )


def summarise(comparisons: Sequence[Comparison]) -> ErrorSummary:
    return summarise_errors([c.error for c in comparisons])
