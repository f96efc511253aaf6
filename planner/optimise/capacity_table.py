"""What every open model can do on every kind of unit, as arrays over (unit kind × model).

A model's throughput on a unit depends on the accelerator, the replica sizes the unit allows
and the workload's request shape — not on the venue's price, place or owner — so it is
estimated once per (shape, unit kind, model) and looked up by every listing of that kind.
Fine-tuning hours grow in proportion to the training tokens, so they are estimated once per
token and method and scaled per workload.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from catalog.domain import Accelerator, AIModel, Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.estimates import default_precision
from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.physics import Precision
from planner.capacity.replica import ServingEfficiency
from planner.capacity.roofline import (
    CapacityError,
    CapacityEstimate,
    Refusal,
    RequestShape,
    estimate_capacity,
)
from planner.optimise.listings import BoolArray, FloatArray, IntArray, UnitKind
from planner.optimise.venues import replica_sizes

NOT_SERVABLE_AS_ASKED = frozenset({Refusal.DOES_NOT_FIT, Refusal.MISSES_LATENCY_TARGET})
"""Refusals counted together as one reason: the model is too big or too slow here."""
TOO_BIG_OR_SLOW = "does not fit or misses the latency target"
TRAINING_DOES_NOT_FIT = "training state does not fit the server or instance"
ESTIMATES_KEPT = 1 << 16
"""Capacity estimates remembered per process: every (accelerator, model, shape, replica
sizes) of the shipped catalog's examples several times over. A stress test or a robust plan
compiles the options of one world per shock, with the same physics each time."""


@lru_cache(maxsize=ESTIMATES_KEPT)
def _estimate(
    model: AIModel,
    accelerator: Accelerator,
    precision: Precision,
    shape: RequestShape,
    efficiency: ServingEfficiency,
    sizes: tuple[int, ...],
) -> CapacityEstimate | CapacityError:
    """`estimate_capacity`, or the refusal it raised, remembered: it is pure."""
    try:
        return estimate_capacity(model, accelerator, precision, shape, efficiency, sizes)
    except CapacityError as exc:
        return exc


@dataclass(frozen=True)
class ServingTable:
    """Inference capacity per (unit kind, model) for one request shape."""

    tokens_per_second_per_accelerator: FloatArray
    """0 where the model cannot serve the shape on that kind of unit."""
    accelerators_per_replica: IntArray
    failure: IntArray
    """-1 where it can serve; else an index into `reasons`."""
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class TrainingTable:
    """Fine-tuning per (unit kind, model) for one method."""

    accelerator_hours_per_token: FloatArray
    fits: BoolArray
    """The training state fits the unit (or the unit is rented one accelerator at a time)."""


class CapacityTables:
    """Serving and training tables for the open models, each made once per shape or method."""

    def __init__(self, catalog: Catalog, kinds: tuple[UnitKind, ...], models: list[AIModel]):
        self.catalog, self.kinds, self.models = catalog, kinds, models
        self.precision = tuple(
            default_precision(catalog.accelerators[k.accelerator_id]).value for k in kinds
        )
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
        shape_ = (len(self.kinds), len(self.models))
        speed = np.zeros(shape_)
        replica = np.ones(shape_, dtype=np.int64)
        failure = np.full(shape_, -1, dtype=np.int64)
        reasons: dict[str, int] = {}
        for k, kind in enumerate(self.kinds):
            accelerator = self.catalog.accelerators[kind.accelerator_id]
            efficiency = efficiency_for(self.catalog.serving_efficiency, accelerator)
            sizes = replica_sizes(kind.accelerators_per_unit)
            precision = default_precision(accelerator)
            for m, model in enumerate(self.models):
                estimate = _estimate(model, accelerator, precision, shape, efficiency, sizes)
                if isinstance(estimate, CapacityError):
                    refusal = estimate.reason
                    why = TOO_BIG_OR_SLOW if refusal in NOT_SERVABLE_AS_ASKED else str(estimate)
                    failure[k, m] = reasons.setdefault(why, len(reasons))
                    continue
                speed[k, m] = estimate.tokens_per_second_per_accelerator
                replica[k, m] = estimate.accelerators_per_replica
        return ServingTable(speed, replica, failure, tuple(reasons))

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
