"""What every open model can do on every kind of unit, as arrays over (unit kind × model ×
variant), a variant being one tensor-parallel size at one precision.

A model's throughput on a unit depends on the accelerator, the replica sizes the unit allows
and the workload's request shape — not on the venue's price, place or owner — so it is
estimated once per (shape, unit kind, model, variant) and looked up by every listing of that
kind. A replica's accelerators come from one unit (a server, an instance), so the sizes are
those that divide the unit's accelerators; every size and every precision the hardware and the
policy allow is its own variant, and the option compiler, not this table, keeps the best.
Where the organisation's own measurements of a variant cover the shape, they replace that
variant's estimate (planner/capacity/measured.py); its serving trail says so.
Fine-tuning hours grow in proportion to the training tokens, so they are estimated once per
token and method and scaled per workload.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from catalog.domain import Accelerator, AIModel, Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.measured import CapacityBasis, Measured, measured_capacity
from planner.capacity.replica import ServingEfficiency
from planner.capacity.roofline import (
    TENSOR_PARALLEL_SIZES,
    CapacityError,
    CapacityEstimate,
    Precision,
    Refusal,
    RequestShape,
    estimate_replica,
    peak_tflops,
)
from planner.evaluation.plan import ServingTrail
from planner.optimise.listings import BoolArray, FloatArray, IntArray, UnitKind
from planner.optimise.venues import replica_sizes

NOT_SERVABLE_AS_ASKED = frozenset({Refusal.DOES_NOT_FIT, Refusal.MISSES_LATENCY_TARGET})
"""Refusals counted together as one reason: the model is too big or too slow here."""
TOO_BIG_OR_SLOW = "does not fit or misses the latency target"
NO_ALLOWED_PRECISION = "the accelerator supports none of the allowed precisions"
TRAINING_DOES_NOT_FIT = "training state does not fit the server or instance"
TRAINING_PRECISION = Precision.BF16
"""Fine-tuning keeps its weights and gradients in BF16 (capacity/finetune.py)."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One way to serve a model on a unit: a replica of `tensor_parallel` accelerators of the
    unit, at `precision`."""

    tensor_parallel: int
    precision: Precision


def variants(allowed: tuple[Precision, ...]) -> tuple[Variant, ...]:
    """Every (precision, size) the policy allows, in the order ties are broken: the
    higher precision first (Precision's order), then the smaller replica."""
    precisions = [p for p in Precision if not allowed or p in allowed]
    return tuple(Variant(tp, p) for p in precisions for tp in TENSOR_PARALLEL_SIZES)


def trail_of(estimate: CapacityEstimate) -> ServingTrail:
    """What a plan records of the estimate behind an allocation."""
    return ServingTrail(
        tensor_parallel=estimate.accelerators_per_replica,
        batch=estimate.batch,
        ttft_ms=estimate.ttft_ms,
        tpot_ms=estimate.tpot_ms,
        ttft_target_ms=estimate.ttft_target_ms,
        tpot_target_ms=estimate.tpot_target_ms,
        limited_by=estimate.limited_by.value,
        basis=estimate.basis,
    )


def _measured_trail(
    found: Measured,
    estimate: CapacityEstimate | CapacityError,
    model: AIModel,
    accelerator: Accelerator,
    shape: RequestShape,
    efficiency: ServingEfficiency,
    variant: Variant,
) -> ServingTrail | None:
    """The trail of a variant whose capacity is measured. The measurement holds its own
    targets, so TTFT and TPOT are those where it has them; the batch, the limit and any
    latency it was measured without come from the variant's estimate. Where the estimate
    refuses the variant only for its latency targets (the measurement says otherwise), the
    estimate without targets stands in; None where the weights do not fit the replica at all
    (no measurement can be of that variant)."""
    if isinstance(estimate, CapacityError):
        untimed = RequestShape(shape.input_tokens, shape.output_tokens)
        estimate = _estimate(
            model, accelerator, variant.precision, untimed, efficiency, variant.tensor_parallel
        )
        if isinstance(estimate, CapacityError):
            return None
    return ServingTrail(
        tensor_parallel=found.accelerators_per_replica,
        batch=estimate.batch,
        ttft_ms=found.ttft_ms if found.ttft_ms is not None else estimate.ttft_ms,
        tpot_ms=found.tpot_ms if found.tpot_ms is not None else estimate.tpot_ms,
        ttft_target_ms=shape.ttft_ms,
        tpot_target_ms=shape.tpot_ms,
        limited_by=estimate.limited_by.value,
        basis=CapacityBasis.MEASURED.value,
        basis_source=found.provenance,
    )


ESTIMATES_KEPT = 1 << 16
"""Capacity estimates remembered per process: every (accelerator, model, shape, variant) of
the shipped catalog's examples several times over. A stress test or a robust plan compiles
the options of one world per shock, with the same physics each time."""


@lru_cache(maxsize=ESTIMATES_KEPT)
def _estimate(
    model: AIModel,
    accelerator: Accelerator,
    precision: Precision,
    shape: RequestShape,
    efficiency: ServingEfficiency,
    tensor_parallel: int,
) -> CapacityEstimate | CapacityError:
    """`estimate_replica`, or the refusal it raised, remembered: it is pure."""
    try:
        return estimate_replica(model, accelerator, precision, shape, efficiency, tensor_parallel)
    except CapacityError as exc:
        return exc


@dataclass(frozen=True)
class ServingTable:
    """Inference capacity per (unit kind, model, variant) for one request shape."""

    tokens_per_second_per_accelerator: FloatArray
    """0 where the variant cannot serve the shape on that kind of unit."""
    failure: IntArray
    """Per (unit kind, model): -1 where some variant serves; else an index into `reasons`."""
    reasons: tuple[str, ...]
    trails: dict[tuple[int, int, int], ServingTrail]
    """The replica behind each served (kind, model, variant): its batch, latency, limit and
    basis (the estimate, or the measurement that replaced it)."""


@dataclass(frozen=True)
class TrainingTable:
    """Fine-tuning per (unit kind, model) for one method."""

    accelerator_hours_per_token: FloatArray
    fits: BoolArray
    """The training state fits the unit (or the unit is rented one accelerator at a time)."""


class CapacityTables:
    """Serving and training tables for the open models, each made once per shape or method."""

    def __init__(
        self,
        catalog: Catalog,
        kinds: tuple[UnitKind, ...],
        models: list[AIModel],
        allowed_precisions: tuple[Precision, ...] = (),
    ):
        self.catalog, self.kinds, self.models = catalog, kinds, models
        self.variants = variants(allowed_precisions)
        self._serving: dict[RequestShape, ServingTable] = {}
        self._training: dict[FineTuneMethod, TrainingTable] = {}

    def serving(self, shape: RequestShape) -> ServingTable:
        if shape not in self._serving:
            self._serving[shape] = self._serving_table(shape)
        return self._serving[shape]

    def training(self, method: FineTuneMethod) -> TrainingTable:
        if method not in self._training:
            self._training[method] = self._training_table(method)
        return self._training[method]

    def _serving_table(self, shape: RequestShape) -> ServingTable:
        """Each (accelerator, model, variant) is estimated once, whatever the unit sizes; a
        variant the organisation measured at the shape serves at its measured speed."""
        speed = np.zeros((len(self.kinds), len(self.models), len(self.variants)))
        failure = np.full(speed.shape[:2], -1, dtype=np.int64)
        reasons: dict[str, int] = {}
        trails: dict[tuple[int, int, int], ServingTrail] = {}
        profiles = self.catalog.serving_profiles
        for k, kind in enumerate(self.kinds):
            accelerator = self.catalog.accelerators[kind.accelerator_id]
            efficiency = efficiency_for(self.catalog.serving_efficiency, accelerator)
            sizes = replica_sizes(kind.accelerators_per_unit)
            tried = [(v, variant) for v, variant in enumerate(self.variants)
                     if variant.tensor_parallel in sizes
                     and peak_tflops(accelerator, variant.precision) is not None]  # fmt: skip
            for m, model in enumerate(self.models):
                why = NO_ALLOWED_PRECISION
                for v, variant in tried:
                    result = _estimate(
                        model, accelerator, variant.precision, shape, efficiency,
                        variant.tensor_parallel,
                    )  # fmt: skip
                    found = measured_capacity(
                        profiles, model.id, accelerator.id, shape,
                        (variant.tensor_parallel,), variant.precision.value,
                    )  # fmt: skip
                    if found is not None:
                        trail = _measured_trail(
                            found, result, model, accelerator, shape, efficiency, variant
                        )
                        if trail is not None:
                            speed[k, m, v] = found.tokens_per_second_per_accelerator
                            trails[k, m, v] = trail
                            continue
                    if isinstance(result, CapacityError):
                        why = (
                            TOO_BIG_OR_SLOW if result.reason in NOT_SERVABLE_AS_ASKED
                            else str(result)
                        )  # fmt: skip
                        continue
                    speed[k, m, v] = result.tokens_per_second_per_accelerator
                    trails[k, m, v] = trail_of(result)
                if not speed[k, m].any():
                    failure[k, m] = reasons.setdefault(why, len(reasons))
        return ServingTable(speed, failure, tuple(reasons), trails)

    def _training_table(self, method: FineTuneMethod) -> TrainingTable:
        shape_ = (len(self.kinds), len(self.models))
        hours = np.zeros(shape_)
        fits = np.zeros(shape_, dtype=bool)
        for k, kind in enumerate(self.kinds):
            accelerator = self.catalog.accelerators[kind.accelerator_id]
            for m, model in enumerate(self.models):
                tune = estimate_finetune(model, accelerator, 1.0, method)
                hours[k, m] = tune.accelerator_hours
                per_unit = kind.accelerators_per_unit
                fits[k, m] = per_unit == 1 or tune.min_accelerators <= per_unit
        return TrainingTable(hours, fits)
