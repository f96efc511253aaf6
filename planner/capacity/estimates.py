"""Look up a model and an accelerator by name and estimate, with errors that name the fix."""

import difflib
from collections.abc import Mapping
from typing import Any, TypeVar

from catalog.domain import Accelerator, AIModel, Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.roofline import (
    CapacityEstimate,
    Precision,
    RequestShape,
    estimate_capacity,
    estimate_replica,
    peak_tflops,
)
from planner.errors import PlannerError

T = TypeVar("T")

DEFAULT_INPUT_TOKENS = 1000
DEFAULT_OUTPUT_TOKENS = 1000
"""A request shape that published serving benchmarks commonly use (1,000 in / 1,000 out)."""


def lookup(items: Mapping[Any, T], key: str, what: str) -> T:
    """The item with this id, or an error that suggests the closest ids."""
    if key in items:
        return items[key]
    close = difflib.get_close_matches(key, list(items), n=3, cutoff=0.4)
    hint = (
        f"; did you mean {', '.join(close)}?" if close else f"; see `sovplan catalog list {what}`"
    )
    raise PlannerError(f"unknown {what.rstrip('s').replace('_', ' ')} {key!r}{hint}")


def default_precision(accelerator: Accelerator) -> Precision:
    """FP8 where the hardware has it (what serving stacks use by default there), else BF16."""
    return Precision.FP8 if peak_tflops(accelerator, Precision.FP8) else Precision.BF16


def estimate(
    catalog: Catalog,
    model: AIModel,
    accelerator: Accelerator,
    precision: Precision | None,
    shape: RequestShape,
    tensor_parallel: int | None = None,
) -> CapacityEstimate:
    """Capacity of `model` on `accelerator` with the catalog's serving efficiency: at the
    given tensor-parallel size, or at the size with the most tokens per accelerator."""
    chosen = precision or default_precision(accelerator)
    if peak_tflops(accelerator, chosen) is None:
        supported = [p.value for p in Precision if peak_tflops(accelerator, p)]
        raise PlannerError(
            f"{accelerator.id} does not support {chosen.value}; supported: {', '.join(supported)}"
        )
    efficiency = efficiency_for(catalog.serving_efficiency, accelerator)
    if tensor_parallel is not None:
        return estimate_replica(model, accelerator, chosen, shape, efficiency, tensor_parallel)
    return estimate_capacity(model, accelerator, chosen, shape, efficiency)
