"""What `sovplan estimate` says about the basis: the organisation's measurement or the model.

A plan uses a measured serving profile of a variant (replica size, precision) wherever one
covers the shape (planner/capacity/measured.py); the estimate command shows the same choice
for the variant asked (or the fastest measured one), so a figure in a plan can be traced to
its basis.
"""

from typing import Any

from catalog.domain import Accelerator, AIModel, Catalog
from planner.capacity.measured import CapacityBasis, Measured, coverage, measured_capacity
from planner.capacity.roofline import TENSOR_PARALLEL_SIZES, Precision, RequestShape


def measurement(
    catalog: Catalog,
    model: AIModel,
    accelerator: Accelerator,
    shape: RequestShape,
    tensor_parallel: int | None,
    precision: Precision | None = None,
) -> Measured | None:
    """The measurement a plan would use here, at the given replica size and precision or
    any."""
    sizes = (tensor_parallel,) if tensor_parallel else TENSOR_PARALLEL_SIZES
    return measured_capacity(
        catalog.serving_profiles, model.id, accelerator.id, shape, sizes,
        None if precision is None else precision.value,
    )  # fmt: skip


def basis_json(
    catalog: Catalog, model: AIModel, accelerator: Accelerator, found: Measured | None
) -> dict[str, Any]:
    if found is None:
        data: dict[str, Any] = {"basis": CapacityBasis.ESTIMATE.value}
        covered = coverage(catalog.serving_profiles, model.id, accelerator.id)
        return data | ({"measured_range": covered} if covered else {})
    return {
        "basis": CapacityBasis.MEASURED.value,
        "basis_source": found.source,
        "basis_as_of": found.as_of.isoformat(),
        "measured_precision": found.precision,
        "measured_accelerators_per_replica": found.accelerators_per_replica,
        "measured_tokens_per_second_per_accelerator": found.tokens_per_second_per_accelerator,
        "measured_profiles": list(found.profile_ids),
    }


def basis_text(
    catalog: Catalog, model: AIModel, accelerator: Accelerator, found: Measured | None
) -> str:
    """One paragraph: which figure a plan uses, and why."""
    if found is not None:
        return (
            f"capacity basis: {found.basis_text} — a plan uses "
            f"{found.tokens_per_second_per_accelerator:,.0f} output tokens/s per accelerator "
            f"at {found.precision}, tensor-parallel {found.accelerators_per_replica}, "
            f"interpolated from {len(found.profile_ids)} measurement(s), not the estimate"
        )
    covered = coverage(catalog.serving_profiles, model.id, accelerator.id)
    if covered is None:
        return "capacity basis: estimate (no measurement of this model on this accelerator)"
    return (
        "capacity basis: estimate — this shape or latency target is outside the measured "
        f"range ({covered}); measurements are not extrapolated"
    )
