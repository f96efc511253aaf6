"""How many tokens per second an AI model gives on an accelerator: a roofline, not a constant.

`estimate_replica` answers for one tensor-parallel size, precision and request shape (with
latency targets or a fixed batch): the batch that fits memory and the targets, the tokens
per second, the achieved TTFT and TPOT against the targets, what limits it, and the roofline
terms behind it. `estimate_sizes` does that for every size a machine allows; `estimate_capacity`
keeps the size with the most tokens per second per accelerator. The physics is in
`physics.py`, the fitted factors in the catalog's `serving_efficiency` (docs/capacity.md).
"""

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from catalog.domain import Accelerator, AIModel
from planner.capacity.physics import Array, Precision, Replica, Serving, serve
from planner.capacity.replica import (
    BYTES_PER_GB,
    ServingEfficiency,
    model_shape,
    peak_tflops,
    replica_of,
)
from planner.errors import PlannerError
from planner.exit_codes import ExitCode

__all__ = [
    "ESTIMATE_BASIS",
    "MAX_BATCH_PER_REPLICA",
    "TENSOR_PARALLEL_SIZES",
    "USABLE_MEMORY_FRACTION",
    "CapacityError",
    "CapacityEstimate",
    "LimitedBy",
    "Precision",
    "Refusal",
    "RequestShape",
    "RooflineTerms",
    "ServingEfficiency",
    "estimate_capacity",
    "estimate_replica",
    "estimate_sizes",
    "peak_tflops",
]

USABLE_MEMORY_FRACTION = 0.90
"""Share of accelerator memory a training job or an engine may fill (vLLM's default
`gpu_memory_utilization`, vLLM engine arguments documentation)."""

KV_CACHE_FRACTION = 0.90
"""Share of the memory left after the weights that holds KV cache: TensorRT-LLM's default
`free_gpu_memory_fraction` (KvCacheConfig, TensorRT-LLM documentation); the rest holds
activations and the runtime."""

MAX_BATCH_PER_REPLICA = 2048
"""Scheduler cap on concurrent sequences per replica: TensorRT-LLM's default `max_batch_size`
is 2048 (TensorRT-LLM build/tuning documentation)."""

TENSOR_PARALLEL_SIZES = (1, 2, 4, 8)
"""Replica sizes considered: one accelerator up to one 8-way NVLink/Infinity-Fabric node."""

MS_PER_S = 1e3
GFLOP = 1e9

ESTIMATE_BASIS = "estimate"
"""The `basis` of a figure this roofline computed (a measured serving profile says so)."""


@dataclass(frozen=True, slots=True)
class RequestShape:
    """What one request looks like and the latency it must meet (None = offline / no target)."""

    input_tokens: int
    output_tokens: int
    tpot_ms: float | None = None
    ttft_ms: float | None = None


class LimitedBy(StrEnum):
    MEMORY_CAPACITY = "memory_capacity"
    MEMORY_BANDWIDTH = "memory_bandwidth"
    COMPUTE = "compute"
    INTERCONNECT = "interconnect"
    LATENCY_TARGET = "latency_target"


@dataclass(frozen=True, slots=True)
class RooflineTerms:
    """One decode step at the chosen batch, and the prefill, term by term (`--explain`)."""

    weights_gb_read_per_step: float
    kv_cache_gb_read_per_step: float
    allreduce_gb_per_step: float
    """Bytes each accelerator sends to its peers per step (0 on one accelerator)."""
    decode_gflops_per_step: float
    """Matmuls: 2 × active parameters per token of the batch."""
    attention_gflops_per_step: float
    prefill_gflops_per_request: float
    """Matmuls and causal attention of one prompt."""
    overhead_ms_per_step: float
    weights_read_ms_per_step: float
    decode_compute_ms_per_step: float
    kv_read_ms_per_step: float
    attention_compute_ms_per_step: float
    interconnect_ms_per_step: float
    step_ms: float
    prefill_ms_per_request: float
    """The batch's prefill time spread over its requests."""
    bandwidth_floor_ms_per_step: float
    """Weights touched ÷ peak bandwidth: no step can be faster."""


@dataclass(frozen=True, slots=True)
class CapacityEstimate:
    model_id: str
    accelerator_id: str
    precision: Precision
    accelerators_per_replica: int
    max_batch: int
    """The largest batch whose KV cache fits beside the weights (scheduler cap included)."""
    batch: int
    tokens_per_second_per_replica: float
    tokens_per_second_per_accelerator: float
    requests_per_second_per_replica: float
    ttft_ms: float
    tpot_ms: float
    limited_by: LimitedBy
    weights_gb_per_replica: float
    kv_cache_gb_per_sequence: float
    memory_gb_per_replica: float
    input_tokens: int
    output_tokens: int
    tpot_target_ms: float | None
    ttft_target_ms: float | None
    roofline: RooflineTerms
    basis: str = ESTIMATE_BASIS
    """Where the figure comes from: the roofline ("estimate") or a measurement."""


class Refusal(StrEnum):
    """Why a model cannot be served (or fine-tuned) on an accelerator as asked."""

    CLOSED_MODEL = "closed_model"
    """Its weights are not published: only an API offer can serve it."""
    INVALID_REQUEST = "invalid_request"
    """The request itself is impossible (no tokens, utilisation out of range)."""
    CONTEXT_EXCEEDED = "context_exceeded"
    NO_PRECISION_SUPPORT = "no_precision_support"
    DOES_NOT_FIT = "does_not_fit"
    """The weights and one sequence's KV cache (or the training state) exceed the memory."""
    MISSES_LATENCY_TARGET = "misses_latency_target"
    NO_REPLICA_SIZE = "no_replica_size"
    """No tensor-parallel size was allowed to try."""
    NO_CALIBRATION = "no_calibration"
    """The catalog has no serving-efficiency row to apply."""


class CapacityError(PlannerError):
    """The model cannot be served on this accelerator as asked: `reason` says which rule
    refused it, the message says why in words."""

    exit_code = ExitCode.INFEASIBLE

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def build_replica(
    model: AIModel,
    accelerator: Accelerator,
    precision: Precision,
    shape: RequestShape,
    efficiency: ServingEfficiency,
    tp: int,
) -> Replica:
    """The replica, after refusing what cannot be served at all. The context length is
    checked by the estimators, not here: a published benchmark may stretch it (YaRN)."""
    geometry = model_shape(model)
    if geometry is None:
        raise CapacityError(
            Refusal.CLOSED_MODEL,
            f"{model.id} is a closed model: its weights cannot be run on owned or rented "
            "hardware, only through an API offer",
        )
    if shape.input_tokens < 1 or shape.output_tokens < 1:
        raise CapacityError(
            Refusal.INVALID_REQUEST, "input and output lengths must be at least one token"
        )
    if peak_tflops(accelerator, precision) is None:
        raise CapacityError(
            Refusal.NO_PRECISION_SUPPORT, f"{accelerator.id} has no {precision.value} support"
        )
    if tp < 1:
        raise CapacityError(
            Refusal.NO_REPLICA_SIZE, f"a replica needs at least one accelerator, got {tp}"
        )
    return replica_of(geometry, accelerator, precision, tp, efficiency)


def _check_context(model: AIModel, shape: RequestShape) -> None:
    context = shape.input_tokens + shape.output_tokens
    if model.context_tokens is not None and context > model.context_tokens:
        raise CapacityError(
            Refusal.CONTEXT_EXCEEDED,
            f"{context} tokens per request exceed {model.id}'s context of {model.context_tokens}",
        )


def memory_batch(replica: Replica, shape: RequestShape) -> int:
    """Sequences whose KV cache fits beside the weights (0: not even one request).

    The cache gets KV_CACHE_FRACTION of what the weights leave; one whole request (input and
    all its output) must fit, and sequences hold input + output/2 tokens on average.
    """
    room = KV_CACHE_FRACTION * float((replica.memory_bytes - replica.weight_bytes)[0])
    per_token = float(replica.kv_bytes_per_token[0])
    if room < per_token * (shape.input_tokens + shape.output_tokens):
        return 0
    mean = per_token * (shape.input_tokens + shape.output_tokens / 2)
    return min(MAX_BATCH_PER_REPLICA, math.floor(room / mean))


def _first(values: Array, index: int) -> float:
    return float(values[index] if values.size > 1 else values[0])


def _terms(serving: Serving, index: int, replica: Replica) -> RooflineTerms:
    step, pre = serving.step, serving.prefill
    batch = _first(serving.batch, index)
    bandwidth = float(replica.bandwidth_bytes_per_s[0])
    return RooflineTerms(
        weights_gb_read_per_step=_first(step.weights_read_bytes, index) / BYTES_PER_GB,
        kv_cache_gb_read_per_step=_first(step.kv_read_bytes, index) / BYTES_PER_GB,
        allreduce_gb_per_step=_first(step.allreduce_bytes, index) / BYTES_PER_GB,
        decode_gflops_per_step=_first(step.linear_flops, index) / GFLOP,
        attention_gflops_per_step=_first(step.attention_flops, index) / GFLOP,
        prefill_gflops_per_request=(
            _first(pre.linear_flops, index) + _first(pre.attention_flops, index)
        )
        / batch
        / GFLOP,
        overhead_ms_per_step=_first(step.overhead_s, index) * MS_PER_S,
        weights_read_ms_per_step=_first(step.weights_read_s, index) * MS_PER_S,
        decode_compute_ms_per_step=_first(step.linear_compute_s, index) * MS_PER_S,
        kv_read_ms_per_step=_first(step.kv_read_s, index) * MS_PER_S,
        attention_compute_ms_per_step=_first(step.attention_compute_s, index) * MS_PER_S,
        interconnect_ms_per_step=_first(step.interconnect_s, index) * MS_PER_S,
        step_ms=_first(step.seconds, index) * MS_PER_S,
        prefill_ms_per_request=_first(pre.seconds, index) / batch * MS_PER_S,
        bandwidth_floor_ms_per_step=_first(step.weights_read_bytes, index) / bandwidth * MS_PER_S,
    )


def _limited_by(terms: RooflineTerms, batch: int, max_batch: int) -> LimitedBy:
    """What would raise throughput: a looser target, more compute, interconnect or memory."""
    if batch < max_batch:
        return LimitedBy.LATENCY_TARGET
    memory = terms.weights_read_ms_per_step + terms.kv_read_ms_per_step
    compute = terms.decode_compute_ms_per_step + terms.attention_compute_ms_per_step
    if terms.interconnect_ms_per_step > max(memory, compute):
        return LimitedBy.INTERCONNECT
    if compute >= memory:
        return LimitedBy.COMPUTE
    if max_batch < MAX_BATCH_PER_REPLICA:
        return LimitedBy.MEMORY_CAPACITY
    return LimitedBy.MEMORY_BANDWIDTH


def estimate_replica(
    model: AIModel,
    accelerator: Accelerator,
    precision: Precision,
    shape: RequestShape,
    efficiency: ServingEfficiency,
    tp: int,
    *,
    concurrency: int | None = None,
) -> CapacityEstimate:
    """One replica of `tp` accelerators at the largest batch that fits memory and the latency
    targets, or at a fixed `concurrency` (a benchmark's fixed batch) if smaller."""
    replica = build_replica(model, accelerator, precision, shape, efficiency, tp)
    _check_context(model, shape)
    most = memory_batch(replica, shape)
    if most < 1:
        raise CapacityError(
            Refusal.DOES_NOT_FIT,
            f"weights ({float(replica.weight_bytes[0]) / BYTES_PER_GB:.0f} GB) and one "
            f"sequence's KV cache do not fit {tp} × {accelerator.memory_gb:g} GB",
        )
    if concurrency is not None:
        most = min(most, concurrency)
    batches = np.arange(1, most + 1, dtype=np.float64)
    serving = serve(replica, efficiency.factors(), batches, np.array([float(shape.input_tokens)]),
                    np.array([float(shape.output_tokens)]))  # fmt: skip
    tpot_ms = serving.seconds_per_output_token * MS_PER_S
    ttft_ms = serving.seconds_to_first_token * MS_PER_S
    meets = np.ones(batches.shape, dtype=bool)
    if shape.tpot_ms is not None:
        meets &= tpot_ms <= shape.tpot_ms
    if shape.ttft_ms is not None:
        meets &= ttft_ms <= shape.ttft_ms
    if not meets[0]:
        raise CapacityError(
            Refusal.MISSES_LATENCY_TARGET,
            f"even one request takes TPOT {tpot_ms[0]:.1f} ms and TTFT {ttft_ms[0]:.0f} ms on "
            f"{tp} accelerator(s), above the target",
        )
    index = int(np.flatnonzero(meets)[-1])  # TPOT and TTFT grow with the batch
    batch = index + 1
    terms = _terms(serving, index, replica)
    per_replica = float(serving.tokens_per_second[index])
    return CapacityEstimate(
        model_id=model.id,
        accelerator_id=accelerator.id,
        precision=precision,
        accelerators_per_replica=tp,
        max_batch=most,
        batch=batch,
        tokens_per_second_per_replica=per_replica,
        tokens_per_second_per_accelerator=per_replica / tp,
        requests_per_second_per_replica=per_replica / shape.output_tokens,
        ttft_ms=float(ttft_ms[index]),
        tpot_ms=float(tpot_ms[index]),
        limited_by=_limited_by(terms, batch, most),
        weights_gb_per_replica=float(replica.weight_bytes[0]) / BYTES_PER_GB,
        kv_cache_gb_per_sequence=float(replica.kv_bytes_per_token[0])
        * (shape.input_tokens + shape.output_tokens)
        / BYTES_PER_GB,
        memory_gb_per_replica=float(replica.memory_bytes[0]) / BYTES_PER_GB,
        input_tokens=shape.input_tokens,
        output_tokens=shape.output_tokens,
        tpot_target_ms=shape.tpot_ms,
        ttft_target_ms=shape.ttft_ms,
        roofline=terms,
    )


def estimate_sizes(
    model: AIModel,
    accelerator: Accelerator,
    precision: Precision,
    shape: RequestShape,
    efficiency: ServingEfficiency,
    tensor_parallel_sizes: tuple[int, ...] = TENSOR_PARALLEL_SIZES,
) -> dict[int, CapacityEstimate | CapacityError]:
    """Every allowed tensor-parallel size: its estimate, or why it cannot serve as asked.

    A plan makes each feasible size its own option (a replica within one machine), so the
    optimiser, not this function, weighs a small replica at low load against a large one.
    """
    found: dict[int, CapacityEstimate | CapacityError] = {}
    for tp in tensor_parallel_sizes:
        try:
            found[tp] = estimate_replica(model, accelerator, precision, shape, efficiency, tp)
        except CapacityError as exc:
            found[tp] = exc
    return found


def estimate_capacity(
    model: AIModel,
    accelerator: Accelerator,
    precision: Precision,
    shape: RequestShape,
    efficiency: ServingEfficiency,
    tensor_parallel_sizes: tuple[int, ...] = TENSOR_PARALLEL_SIZES,
) -> CapacityEstimate:
    """Best tensor-parallel size and batch for this model on this accelerator, or why not.

    Every allowed replica size (by default one accelerator up to a full node) is tried; the
    one with the most tokens per second per accelerator wins (the smaller on a tie).
    """
    build_replica(model, accelerator, precision, shape, efficiency, 1)
    _check_context(model, shape)
    by_size = estimate_sizes(model, accelerator, precision, shape, efficiency,
                             tensor_parallel_sizes)  # fmt: skip
    served = [e for e in by_size.values() if isinstance(e, CapacityEstimate)]
    if served:
        return max(served, key=lambda e: (e.tokens_per_second_per_accelerator,
                                          -e.accelerators_per_replica))  # fmt: skip
    refusals = [e for e in by_size.values() if isinstance(e, CapacityError)]
    last = (
        refusals[-1]
        if refusals
        else CapacityError(Refusal.NO_REPLICA_SIZE, "no replica size allowed")
    )
    raise CapacityError(last.reason, f"{model.id} on {accelerator.id} at {precision.value}: {last}")
