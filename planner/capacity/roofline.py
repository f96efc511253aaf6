"""How many tokens per second an AI model gives on an accelerator: a roofline, not a constant.

Per decode step a replica (tensor-parallel group of `tp` accelerators) reads the weights once
— for a mixture-of-experts model only the experts its batch touches — plus every sequence's
KV cache, and does about 2 × active parameters FLOPs per token; the step takes the longer of
the memory time and the compute time. Every request also needs a prefill of its input
(2 × active parameters FLOPs per input token). With continuous batching, B requests of
I input and O output tokens take B·prefill + O·step(B), so

    throughput   = B·O / (B·t_prefill + O·t_step(B))          output tokens per second
    TPOT         = t_step(B) + B·t_prefill / O                 prefills interleave with decode
    TTFT         = t_prefill + t_step(B)                       wait for a step, then prefill

B is the largest batch whose KV cache fits memory, cut to meet latency targets. The
fractions of peak bandwidth and compute that serving stacks reach come from the catalog's
`ServingEfficiency` (calibrated against published benchmarks, docs/capacity.md).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from catalog.domain import Accelerator, AIModel
from planner.errors import PlannerError
from planner.exit_codes import ExitCode


class Precision(StrEnum):
    """Numeric format of weights (and matmuls) when serving."""

    BF16 = "bf16"
    FP8 = "fp8"
    INT8 = "int8"
    INT4 = "int4"
    FP4 = "fp4"


WEIGHT_BYTES_PER_PARAM: dict[Precision, float] = {
    Precision.BF16: 2.0,
    Precision.FP8: 1.0,
    Precision.INT8: 1.0,
    Precision.INT4: 0.5,
    Precision.FP4: 0.5,
}
"""Bytes per weight; quantisation scales (well under 1 % of weights) are ignored."""

KV_BYTES_PER_VALUE: dict[Precision, float] = {
    Precision.BF16: 2.0,
    Precision.FP8: 1.0,
    Precision.INT8: 2.0,
    Precision.INT4: 2.0,
    Precision.FP4: 1.0,
}
"""KV-cache element size: FP8 cache with FP8/FP4 models (as TensorRT-LLM and the AMD
`-FP8-KV` checkpoints serve them), 16-bit otherwise (weight-only INT8/INT4 keep a BF16 cache)."""

USABLE_MEMORY_FRACTION = 0.90
"""Share of accelerator memory a serving engine gives to weights and KV cache; the rest holds
activations, CUDA graphs and the runtime. vLLM's default `gpu_memory_utilization` is 0.9
(vLLM engine arguments documentation)."""

MAX_BATCH_PER_REPLICA = 2048
"""Scheduler cap on concurrent sequences per replica: TensorRT-LLM's default `max_batch_size`
is 2048 (TensorRT-LLM build/tuning documentation)."""

TENSOR_PARALLEL_SIZES = (1, 2, 4, 8)
"""Replica sizes considered: one accelerator up to one 8-way NVLink/Infinity-Fabric node."""

BYTES_PER_GB = 1e9
FLOPS_PER_TFLOP = 1e12
BYTES_PER_TB = 1e12
PARAMS_PER_BILLION = 1e9
MS_PER_S = 1e3


@dataclass(frozen=True, slots=True)
class ServingEfficiency:
    """Fractions of peak that a serving stack achieves: a few global factors, never per row."""

    bandwidth_fraction: float
    decode_compute_fraction: float
    prefill_compute_fraction: float
    """Prefill multiplies long input matrices and runs nearer peak than small-batch decode."""
    tensor_parallel_efficiency: float
    """Share of bandwidth and compute kept per doubling of the tensor-parallel size: the
    all-reduce after every layer costs time that grows with the group."""


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
    LATENCY_TARGET = "latency_target"


@dataclass(frozen=True, slots=True)
class CapacityEstimate:
    model_id: str
    accelerator_id: str
    precision: Precision
    accelerators_per_replica: int
    max_batch: int
    batch: int
    tokens_per_second_per_replica: float
    tokens_per_second_per_accelerator: float
    requests_per_second_per_replica: float
    ttft_ms: float
    tpot_ms: float
    limited_by: LimitedBy
    weights_gb_per_replica: float
    kv_cache_gb_per_sequence: float


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
class _Replica:
    """The quantities of one tensor-parallel replica that every batch size shares."""

    tp: int
    total_params: float
    active_params: float
    weight_bytes_per_param: float
    kv_bytes_per_token: float
    bandwidth_bytes_per_s: float
    decode_flops_per_s: float
    prefill_flops_per_s: float
    shape: RequestShape

    @property
    def weight_bytes(self) -> float:
        return self.total_params * self.weight_bytes_per_param

    def weight_bytes_read(self, batch: int) -> float:
        """Weights streamed per decode step. A MoE batch touches a growing share of experts:
        each parameter is used by a token with probability active/total, so a batch of B
        reads the fraction 1 − (1 − active/total)^B of the weights."""
        share = self.active_params / self.total_params
        return self.weight_bytes * (1.0 - (1.0 - share) ** batch)

    def step_times(self, batch: int) -> tuple[float, float]:
        """(memory time, compute time) of one decode step, in seconds."""
        mean_context = self.shape.input_tokens + self.shape.output_tokens / 2
        kv_read = batch * mean_context * self.kv_bytes_per_token
        memory_s = (self.weight_bytes_read(batch) + kv_read) / self.bandwidth_bytes_per_s
        compute_s = 2.0 * self.active_params * batch / self.decode_flops_per_s
        return memory_s, compute_s

    def prefill_s(self) -> float:
        return 2.0 * self.active_params * self.shape.input_tokens / self.prefill_flops_per_s

    def tpot_s(self, batch: int) -> float:
        step = max(self.step_times(batch))
        return step + batch * self.prefill_s() / self.shape.output_tokens

    def ttft_s(self, batch: int) -> float:
        return self.prefill_s() + max(self.step_times(batch))

    def throughput(self, batch: int) -> float:
        """Output tokens per second of the replica at a steady batch."""
        return batch / self.tpot_s(batch)


def _largest_batch(limit: int, fits: Callable[[int], bool]) -> int:
    """Largest b in [1, limit] with fits(b), for a predicate true up to some b and false after."""
    if not fits(1):
        return 0
    low, high = 1, limit
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    return low


def _require_shape(model: AIModel) -> tuple[float, float, int, int, int]:
    values = (
        model.total_params_b,
        model.active_params_b,
        model.layers,
        model.kv_heads,
        model.head_dim,
    )
    if not model.open_weight or any(v is None for v in values):
        raise CapacityError(
            Refusal.CLOSED_MODEL,
            f"{model.id} is a closed model: its weights cannot be run on owned or rented "
            "hardware, only through an API offer",
        )
    total, active, layers, kv_heads, head_dim = values
    return float(total), float(active), int(layers), int(kv_heads), int(head_dim)  # type: ignore[arg-type]


def _check_request(
    model: AIModel, accelerator: Accelerator, precision: Precision, shape: RequestShape
) -> float:
    """The peak TFLOPS to use, after refusing what cannot be served at all."""
    _require_shape(model)
    if shape.input_tokens < 1 or shape.output_tokens < 1:
        raise CapacityError(
            Refusal.INVALID_REQUEST, "input and output lengths must be at least one token"
        )
    context = shape.input_tokens + shape.output_tokens
    if model.context_tokens is not None and context > model.context_tokens:
        raise CapacityError(
            Refusal.CONTEXT_EXCEEDED,
            f"{context} tokens per request exceed {model.id}'s context of {model.context_tokens}",
        )
    peak = peak_tflops(accelerator, precision)
    if peak is None:
        raise CapacityError(
            Refusal.NO_PRECISION_SUPPORT, f"{accelerator.id} has no {precision.value} support"
        )
    return peak


def _replica(
    model: AIModel,
    accelerator: Accelerator,
    precision: Precision,
    shape: RequestShape,
    efficiency: ServingEfficiency,
    tp: int,
) -> _Replica:
    total_b, active_b, layers, kv_heads, head_dim = _require_shape(model)
    peak_flops = tp * _check_request(model, accelerator, precision, shape) * FLOPS_PER_TFLOP
    scaling = efficiency.tensor_parallel_efficiency ** math.log2(tp)
    return _Replica(
        tp=tp,
        total_params=total_b * PARAMS_PER_BILLION,
        active_params=active_b * PARAMS_PER_BILLION,
        weight_bytes_per_param=WEIGHT_BYTES_PER_PARAM[precision],
        kv_bytes_per_token=2.0 * layers * kv_heads * head_dim * KV_BYTES_PER_VALUE[precision],
        bandwidth_bytes_per_s=tp
        * accelerator.mem_bandwidth_tbps
        * BYTES_PER_TB
        * efficiency.bandwidth_fraction
        * scaling,
        decode_flops_per_s=peak_flops * efficiency.decode_compute_fraction * scaling,
        prefill_flops_per_s=peak_flops * efficiency.prefill_compute_fraction * scaling,
        shape=shape,
    )


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
    _check_request(model, accelerator, precision, shape)
    best: CapacityEstimate | None = None
    refusals: list[CapacityError] = []
    for tp in tensor_parallel_sizes:
        try:
            found = estimate_replica(model, accelerator, precision, shape, efficiency, tp)
        except CapacityError as exc:
            refusals.append(exc)
            continue
        if best is None or (
            found.tokens_per_second_per_accelerator > best.tokens_per_second_per_accelerator
        ):
            best = found
    if best is None:
        last = (
            refusals[-1]
            if refusals
            else CapacityError(Refusal.NO_REPLICA_SIZE, "no replica size allowed")
        )
        raise CapacityError(
            last.reason, f"{model.id} on {accelerator.id} at {precision.value}: {last}"
        )
    return best


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
    replica = _replica(model, accelerator, precision, shape, efficiency, tp)
    usable_bytes = tp * accelerator.memory_gb * BYTES_PER_GB * USABLE_MEMORY_FRACTION
    kv_per_sequence = replica.kv_bytes_per_token * (shape.input_tokens + shape.output_tokens / 2)
    room = usable_bytes - replica.weight_bytes
    memory_batch = min(MAX_BATCH_PER_REPLICA, math.floor(room / kv_per_sequence)) if room > 0 else 0
    if memory_batch < 1:
        raise CapacityError(
            Refusal.DOES_NOT_FIT,
            f"weights ({replica.weight_bytes / BYTES_PER_GB:.0f} GB) and one sequence's KV cache "
            f"do not fit {tp} × {accelerator.memory_gb:g} GB",
        )
    if concurrency is not None:
        memory_batch = min(memory_batch, concurrency)

    def meets_latency(batch: int) -> bool:
        tpot_ok = shape.tpot_ms is None or replica.tpot_s(batch) * MS_PER_S <= shape.tpot_ms
        ttft_ok = shape.ttft_ms is None or replica.ttft_s(batch) * MS_PER_S <= shape.ttft_ms
        return tpot_ok and ttft_ok

    batch = _largest_batch(memory_batch, meets_latency)
    if batch < 1:
        raise CapacityError(
            Refusal.MISSES_LATENCY_TARGET,
            f"even one request takes TPOT {replica.tpot_s(1) * MS_PER_S:.1f} ms and TTFT "
            f"{replica.ttft_s(1) * MS_PER_S:.0f} ms on {tp} accelerator(s), above the target",
        )
    memory_s, compute_s = replica.step_times(batch)
    if batch < memory_batch:
        limited_by = LimitedBy.LATENCY_TARGET
    elif compute_s >= memory_s:
        limited_by = LimitedBy.COMPUTE
    elif memory_batch < MAX_BATCH_PER_REPLICA:
        limited_by = LimitedBy.MEMORY_CAPACITY
    else:
        limited_by = LimitedBy.MEMORY_BANDWIDTH
    per_replica = replica.throughput(batch)
    return CapacityEstimate(
        model_id=model.id,
        accelerator_id=accelerator.id,
        precision=precision,
        accelerators_per_replica=tp,
        max_batch=memory_batch,
        batch=batch,
        tokens_per_second_per_replica=per_replica,
        tokens_per_second_per_accelerator=per_replica / tp,
        requests_per_second_per_replica=per_replica / shape.output_tokens,
        ttft_ms=replica.ttft_s(batch) * MS_PER_S,
        tpot_ms=replica.tpot_s(batch) * MS_PER_S,
        limited_by=limited_by,
        weights_gb_per_replica=replica.weight_bytes / BYTES_PER_GB,
        kv_cache_gb_per_sequence=replica.kv_bytes_per_token
        * (shape.input_tokens + shape.output_tokens)
        / BYTES_PER_GB,
    )
