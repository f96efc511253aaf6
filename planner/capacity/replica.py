"""From catalog rows to the physical facts of a replica: what the roofline needs to know.

The fitted serving factors live here too (`ServingEfficiency`), because each one scales a
spec of the replica: bandwidth, a precision's compute peak, prefill, the per-layer
overhead and the interconnect.
"""

import math
from dataclasses import dataclass

import numpy as np

from catalog.domain import Accelerator, AIModel
from planner.capacity.physics import (
    KV_BYTES_PER_VALUE,
    PARAMS_PER_LAYER_WIDTH_SQUARED,
    WEIGHT_BYTES_PER_PARAM,
    Array,
    Factors,
    Precision,
    Replica,
)

BYTES_PER_GB = 1e9
BYTES_PER_TB = 1e12
FLOPS_PER_TFLOP = 1e12
PARAMS_PER_BILLION = 1e9
SECONDS_PER_US = 1e-6

PCIE_GEN4_X16_GB_PER_S = 64.0
"""Assumed interconnect of an accelerator whose row gives none: a PCIe Gen4 x16 slot (64 GB/s
both directions), the slowest link between accelerators of one data-centre server."""


@dataclass(frozen=True, slots=True)
class ServingEfficiency:
    """The few global factors, fitted to published benchmarks (docs/capacity.md)."""

    bandwidth_fraction: float
    """Share of peak memory bandwidth a step reaches when it streams weights and KV cache."""
    bandwidth_kept_per_tp_doubling: float
    """Share of that bandwidth kept per doubling of the tensor-parallel size."""
    bf16_compute_fraction: float
    """Share of dense BF16 peak reached by decode matmuls (and by attention at any precision)."""
    fp8_compute_fraction: float
    """Share of dense FP8 (and INT8) peak reached by decode matmuls."""
    fp4_compute_fraction: float
    """Share of dense FP4 peak reached by decode matmuls."""
    prefill_compute_gain: float
    """How many times nearer peak prefill matmuls (long prompts) run than decode ones."""
    step_overhead_us_per_layer: float
    """Fixed time per layer and step: kernel launches, synchronisation, scheduling."""
    interconnect_fraction: float
    """Share of the interconnect bandwidth that all-reduces reach."""

    def compute_fraction(self, precision: Precision) -> float:
        """INT8 runs on the FP8 path's tensor cores; weight-only INT4 multiplies in BF16."""
        return {
            Precision.BF16: self.bf16_compute_fraction,
            Precision.FP8: self.fp8_compute_fraction,
            Precision.INT8: self.fp8_compute_fraction,
            Precision.INT4: self.bf16_compute_fraction,
            Precision.FP4: self.fp4_compute_fraction,
        }[precision]

    def factors(self) -> Factors:
        return Factors(
            bandwidth_fraction=self.bandwidth_fraction,
            bandwidth_kept_per_tp_doubling=self.bandwidth_kept_per_tp_doubling,
            bf16_compute_fraction=self.bf16_compute_fraction,
            prefill_compute_gain=self.prefill_compute_gain,
            step_overhead_s_per_layer=self.step_overhead_us_per_layer * SECONDS_PER_US,
            interconnect_fraction=self.interconnect_fraction,
        )


def peak_tflops(accelerator: Accelerator, precision: Precision) -> float | None:
    """Dense peak for the matmuls at this precision, None where the hardware lacks it.

    INT4 is weight-only (W4A16): weights are dequantised and multiplied in BF16.
    """
    return {
        Precision.BF16: accelerator.bf16_dense_tflops,
        Precision.FP8: accelerator.fp8_dense_tflops,
        Precision.INT8: accelerator.int8_dense_tops,
        Precision.INT4: accelerator.bf16_dense_tflops,
        Precision.FP4: accelerator.fp4_dense_tflops,
    }[precision]


@dataclass(frozen=True, slots=True)
class ModelShape:
    """What the roofline needs of a model, with the fallbacks for rows that lack a figure."""

    layers: int
    total_params: float
    active_params: float
    shared_params: float
    routed_params: float
    route_probability: float
    kv_values_per_token: int
    attention_width: float
    hidden_size: float


def _experts(model: AIModel, total: float, active: float) -> tuple[float, float, float]:
    """(shared, routed, chance a token uses a given routed expert).

    With E routed experts of e parameters and top-k routing, total = s + E·e and
    active = s + k·e, so e = (total − active)/(E − k). A MoE row without expert counts
    falls back to treating every parameter as routed with chance active/total, and so does
    a row whose active share is below k/E: it would need a negative shared part, and the
    weights a batch touches would then grow faster than the batch (a larger batch giving
    fewer tokens per second).
    """
    experts, top_k = model.num_experts, model.experts_per_token
    if model.architecture != "moe" or active >= total:
        return total, 0.0, 1.0
    if experts is None or top_k is None or experts <= top_k or active * experts < top_k * total:
        return 0.0, total, active / total
    routed = experts * (total - active) / (experts - top_k)
    return total - routed, routed, top_k / experts


def model_shape(model: AIModel) -> ModelShape | None:
    """None for a closed model or an open one whose row lacks its size or KV geometry."""
    needed = (model.total_params_b, model.active_params_b, model.layers, model.kv_heads,
              model.head_dim)  # fmt: skip
    if not model.open_weight or any(v is None for v in needed):
        return None
    total = float(model.total_params_b) * PARAMS_PER_BILLION  # type: ignore[arg-type]
    active = float(model.active_params_b) * PARAMS_PER_BILLION  # type: ignore[arg-type]
    layers, kv_heads, head_dim = int(model.layers), int(model.kv_heads), int(model.head_dim)  # type: ignore[arg-type]
    guess = math.sqrt(active / (PARAMS_PER_LAYER_WIDTH_SQUARED * layers))
    heads_width = model.attention_heads * head_dim if model.attention_heads else None
    shared, routed, chance = _experts(model, total, active)
    return ModelShape(
        layers=layers,
        total_params=total,
        active_params=active,
        shared_params=shared,
        routed_params=routed,
        route_probability=chance,
        kv_values_per_token=2 * layers * kv_heads * head_dim,
        attention_width=float(heads_width or model.hidden_size or guess),
        hidden_size=float(model.hidden_size or heads_width or guess),
    )


def replica_of(
    shape: ModelShape,
    accelerator: Accelerator,
    precision: Precision,
    tp: int,
    efficiency: ServingEfficiency,
) -> Replica:
    """A one-element replica (its arrays broadcast against candidate batch sizes)."""
    peak = peak_tflops(accelerator, precision)
    assert peak is not None, "the caller refuses a precision the hardware lacks"
    link = accelerator.interconnect_gb_per_s or PCIE_GEN4_X16_GB_PER_S

    def one(value: float) -> Array:
        return np.array([value], dtype=np.float64)

    return Replica(
        accelerators=one(tp),
        layers=one(shape.layers),
        total_params=one(shape.total_params),
        active_params=one(shape.active_params),
        shared_params=one(shape.shared_params),
        routed_params=one(shape.routed_params),
        route_probability=one(shape.route_probability),
        weight_bytes_per_param=one(WEIGHT_BYTES_PER_PARAM[precision]),
        kv_bytes_per_token=one(shape.kv_values_per_token * KV_BYTES_PER_VALUE[precision]),
        attention_width=one(shape.attention_width),
        hidden_size=one(shape.hidden_size),
        memory_bytes=one(tp * accelerator.memory_gb * BYTES_PER_GB),
        bandwidth_bytes_per_s=one(tp * accelerator.mem_bandwidth_tbps * BYTES_PER_TB),
        peak_flops=one(tp * peak * FLOPS_PER_TFLOP),
        bf16_peak_flops=one(tp * accelerator.bf16_dense_tflops * FLOPS_PER_TFLOP),
        link_bytes_per_s=one(link / 2.0 * BYTES_PER_GB),
        compute_fraction=one(efficiency.compute_fraction(precision)),
    )


def stack(replicas: list[Replica]) -> Replica:
    """Many one-element replicas as one replica of arrays (one element per row)."""
    names = Replica.__dataclass_fields__
    return Replica(**{n: np.concatenate([getattr(r, n) for r in replicas]) for n in names})
