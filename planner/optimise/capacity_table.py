"""What every open model can do on every kind of unit, as arrays over (unit kind × model).

A model's throughput on a unit depends on the accelerator, the replica sizes the unit allows
and the workload's request shape — not on the venue's price, place or owner — so it is
estimated once per (shape, unit kind, model) and looked up by every listing of that kind.
Where the organisation's own measurements cover the shape, they replace the estimate
(planner/capacity/measured.py); a table keeps which cells rest on them.
Fine-tuning hours grow in proportion to the training tokens, so they are estimated once per
token and method and scaled per workload.
"""

from dataclasses import dataclass

import numpy as np

from catalog.domain import AIModel, Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.estimates import default_precision
from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.measured import Measured, measured_capacity
from planner.capacity.roofline import CapacityError, Refusal, RequestShape, estimate_capacity
from planner.optimise.listings import BoolArray, FloatArray, IntArray, UnitKind
from planner.optimise.venues import replica_sizes

NOT_SERVABLE_AS_ASKED = frozenset({Refusal.DOES_NOT_FIT, Refusal.MISSES_LATENCY_TARGET})
"""Refusals counted together as one reason: the model is too big or too slow here."""
TOO_BIG_OR_SLOW = "does not fit or misses the latency target"
TRAINING_DOES_NOT_FIT = "training state does not fit the server or instance"


@dataclass(frozen=True)
class ServingTable:
    """Inference capacity per (unit kind, model) for one request shape."""

    tokens_per_second_per_accelerator: FloatArray
    """0 where the model cannot serve the shape on that kind of unit."""
    accelerators_per_replica: IntArray
    failure: IntArray
    """-1 where it can serve; else an index into `reasons`."""
    reasons: tuple[str, ...]
    measured: IntArray
    """-1 where the capacity is the model's estimate; else an index into `measurements`."""
    measurements: tuple[Measured, ...]


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
        measured = np.full(shape_, -1, dtype=np.int64)
        reasons: dict[str, int] = {}
        measurements: list[Measured] = []
        profiles = self.catalog.serving_profiles
        for k, kind in enumerate(self.kinds):
            accelerator = self.catalog.accelerators[kind.accelerator_id]
            efficiency = efficiency_for(self.catalog.serving_efficiency, accelerator)
            sizes = replica_sizes(kind.accelerators_per_unit)
            precision = default_precision(accelerator)
            for m, model in enumerate(self.models):
                found = measured_capacity(profiles, model.id, accelerator.id, shape, sizes)
                if found is not None:
                    speed[k, m] = found.tokens_per_second_per_accelerator
                    replica[k, m] = found.accelerators_per_replica
                    measured[k, m] = len(measurements)
                    measurements.append(found)
                    continue
                try:
                    estimate = estimate_capacity(
                        model, accelerator, precision, shape, efficiency, sizes
                    )
                except CapacityError as exc:
                    why = TOO_BIG_OR_SLOW if exc.reason in NOT_SERVABLE_AS_ASKED else str(exc)
                    failure[k, m] = reasons.setdefault(why, len(reasons))
                    continue
                speed[k, m] = estimate.tokens_per_second_per_accelerator
                replica[k, m] = estimate.accelerators_per_replica
        return ServingTable(speed, replica, failure, tuple(reasons), measured, tuple(measurements))

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
