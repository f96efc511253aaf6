"""How far the capacity model is from published serving benchmarks.

The same comparison feeds the fitting script (benchmarks/calibrate_capacity.py), the
error table in docs/capacity.md and a test, so the documented error is the shipped one.
"""

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from catalog.domain import Accelerator, Catalog, ServingBenchmark, ServingEfficiencyRow
from planner.capacity.roofline import (
    CapacityError,
    Precision,
    Refusal,
    RequestShape,
    ServingEfficiency,
    estimate_replica,
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
    return ServingEfficiency(
        match.bandwidth_fraction,
        match.decode_compute_fraction,
        match.prefill_compute_fraction,
        match.tensor_parallel_efficiency,
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
    """Predict each benchmark in its own configuration (its replica size, lengths and load)."""
    rows = catalog.serving_efficiency if efficiency is None else efficiency
    result = []
    for bench in catalog.serving_benchmarks if benchmarks is None else benchmarks:
        accelerator = catalog.accelerators[bench.accelerator_id]
        estimate = estimate_replica(
            catalog.ai_models[bench.ai_model_id],
            accelerator,
            Precision(bench.precision),
            RequestShape(bench.input_tokens, bench.output_tokens),
            efficiency_for(rows, accelerator),
            bench.accelerators,
            concurrency=bench.concurrency,
        )
        result.append(Comparison(bench, estimate.tokens_per_second_per_replica, estimate.batch))
    return result


@dataclass(frozen=True, slots=True)
class ErrorSummary:
    count: int
    median_abs_error: float
    rms_log_error: float
    within_25_percent: float
    """Share of benchmarks predicted within ±25 %."""


def summarise(comparisons: Sequence[Comparison]) -> ErrorSummary:
    errors = [abs(c.error) for c in comparisons]
    return ErrorSummary(
        count=len(comparisons),
        median_abs_error=statistics.median(errors),
        rms_log_error=math.sqrt(statistics.fmean(c.log_error**2 for c in comparisons)),
        within_25_percent=sum(e <= 0.25 for e in errors) / len(errors),
    )
