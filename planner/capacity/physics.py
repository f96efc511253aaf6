"""The roofline of one serving replica, as arrays: every formula of docs/capacity.md, once.

A replica is `tp` accelerators of one machine serving a model with tensor (or expert)
parallelism. Per decode step it reads the weights its batch touches and every sequence's KV
cache, does 2 × active parameters FLOPs per token plus attention, all-reduces activations
twice per layer, and pays a fixed overhead per layer; before decoding, each request's prompt
is prefilled. The functions take numpy arrays that broadcast (one element per benchmark row
when calibrating, one per candidate batch size when the estimator searches), so the fit and
the estimator run the same code.
"""

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


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

ACTIVATION_BYTES = 2.0
"""Activations travel between accelerators in BF16."""

ALL_REDUCES_PER_LAYER = 2.0
"""Megatron-style tensor parallelism all-reduces after attention and after the MLP."""

DECODE_ATTENTION_FLOPS_PER_WIDTH = 4.0
"""Attention of one new token over a context of c tokens: Q·Kᵀ and A·V, 2 FLOPs per
multiply-add each, over heads × head_dim = 4 · c · width FLOPs per layer."""

PREFILL_ATTENTION_FLOPS_PER_WIDTH = 2.0
"""A causal prompt of n tokens attends to n²/2 pairs: 4 · (n²/2) · width FLOPs per layer."""

FLOPS_PER_ACTIVE_PARAM = 2.0
"""One multiply-add per active parameter per token."""

PARAMS_PER_LAYER_WIDTH_SQUARED = 12.0
"""A standard transformer layer holds about 12 · d² parameters (4 d² attention, 8 d² MLP):
used to guess the width d of a model whose catalog row gives no head count or hidden size."""


@dataclass(frozen=True, slots=True)
class Replica:
    """The facts of one replica that do not depend on the batch (arrays that broadcast)."""

    accelerators: Array
    layers: Array
    total_params: Array
    active_params: Array
    shared_params: Array
    """Parameters every token uses (attention, embeddings, dense layers, shared experts)."""
    routed_params: Array
    """Parameters of all routed experts together; 0 for a dense model."""
    route_probability: Array
    """Chance that one token uses a given routed expert: top-k ÷ experts."""
    weight_bytes_per_param: Array
    kv_bytes_per_token: Array
    attention_width: Array
    """Query heads × head dimension: the width attention FLOPs scale with."""
    hidden_size: Array
    """Width of the residual stream that tensor parallelism all-reduces."""
    memory_bytes: Array
    bandwidth_bytes_per_s: Array
    peak_flops: Array
    """Dense peak of the whole replica at the serving precision."""
    bf16_peak_flops: Array
    """Dense BF16 peak of the whole replica: attention runs in BF16."""
    link_bytes_per_s: Array
    """Bandwidth each accelerator has to its peers, one direction."""
    compute_fraction: Array
    """Share of `peak_flops` decode matmuls reach at this precision (fitted)."""

    @property
    def weight_bytes(self) -> Array:
        return self.total_params * self.weight_bytes_per_param


@dataclass(frozen=True, slots=True)
class Factors:
    """The fitted factors that do not depend on precision (see ServingEfficiency)."""

    bandwidth_fraction: float
    bandwidth_kept_per_tp_doubling: float
    bf16_compute_fraction: float
    prefill_compute_gain: float
    step_overhead_s_per_layer: float
    interconnect_fraction: float


@dataclass(frozen=True, slots=True)
class Step:
    """Work and time of one pass over the model for `tokens` tokens (arrays)."""

    weights_read_bytes: Array
    kv_read_bytes: Array
    linear_flops: Array
    attention_flops: Array
    allreduce_bytes: Array
    overhead_s: Array
    weights_read_s: Array
    linear_compute_s: Array
    kv_read_s: Array
    attention_compute_s: Array
    interconnect_s: Array

    @property
    def seconds(self) -> Array:
        """Matmuls overlap their weight reads, attention its KV reads (two rooflines in a
        row); all-reduces and the per-layer overhead add on top."""
        linear = np.maximum(self.weights_read_s, self.linear_compute_s)
        attention = np.maximum(self.kv_read_s, self.attention_compute_s)
        return self.overhead_s + linear + attention + self.interconnect_s


def achieved_bandwidth(replica: Replica, factors: Factors) -> Array:
    """Bytes per second a step streams: a fitted share of peak, less per doubling of the
    tensor-parallel size (each accelerator streams a smaller shard; the slowest sets the pace)."""
    doublings = np.log2(replica.accelerators)
    kept = factors.bandwidth_kept_per_tp_doubling**doublings
    return replica.bandwidth_bytes_per_s * factors.bandwidth_fraction * kept


def weights_touched_bytes(replica: Replica, tokens: Array) -> Array:
    """Weights a pass over `tokens` tokens reads: the shared ones, and each routed expert
    at least one token chose. With top-k of E experts picked independently per token, the
    expected share of experts touched is 1 − (1 − k/E)^tokens, growing to all of them."""
    touched = 1.0 - (1.0 - replica.route_probability) ** tokens
    return (
        replica.shared_params + replica.routed_params * touched
    ) * replica.weight_bytes_per_param


def _allreduce(replica: Replica, factors: Factors, tokens: Array) -> tuple[Array, Array]:
    """Bytes each accelerator sends and the time, for a ring all-reduce of `tokens` rows."""
    tp = replica.accelerators
    payload = tokens * replica.hidden_size * ACTIVATION_BYTES * ALL_REDUCES_PER_LAYER
    sent = payload * replica.layers * 2.0 * (tp - 1.0) / tp
    seconds = sent / (replica.link_bytes_per_s * factors.interconnect_fraction)
    return sent, seconds


def decode_step(replica: Replica, factors: Factors, batch: Array, context: Array) -> Step:
    """One decode step: a new token for each of `batch` sequences holding `context` tokens."""
    bandwidth = achieved_bandwidth(replica, factors)
    weights = weights_touched_bytes(replica, batch)
    kv = batch * context * replica.kv_bytes_per_token
    linear = FLOPS_PER_ACTIVE_PARAM * replica.active_params * batch
    attention = (
        DECODE_ATTENTION_FLOPS_PER_WIDTH * replica.layers * replica.attention_width * context
    ) * batch
    sent, comm_s = _allreduce(replica, factors, batch)
    return Step(
        weights_read_bytes=weights,
        kv_read_bytes=kv,
        linear_flops=linear,
        attention_flops=attention,
        allreduce_bytes=sent,
        overhead_s=replica.layers * factors.step_overhead_s_per_layer * np.ones_like(batch),
        weights_read_s=weights / bandwidth,
        linear_compute_s=linear / (replica.peak_flops * replica.compute_fraction),
        kv_read_s=kv / bandwidth,
        attention_compute_s=attention / (replica.bf16_peak_flops * factors.bf16_compute_fraction),
        interconnect_s=comm_s,
    )


def prefill(replica: Replica, factors: Factors, requests: Array, input_tokens: Array) -> Step:
    """The prompts of `requests` requests in one pass: long matmuls run nearer peak (the
    prefill gain), the weights are read once for all of them, attention is causal."""
    tokens = requests * input_tokens
    bandwidth = achieved_bandwidth(replica, factors)
    weights = weights_touched_bytes(replica, tokens)
    linear = FLOPS_PER_ACTIVE_PARAM * replica.active_params * tokens
    attention = (
        PREFILL_ATTENTION_FLOPS_PER_WIDTH
        * replica.layers
        * replica.attention_width
        * input_tokens**2
        * requests
    )
    fraction = np.minimum(1.0, replica.compute_fraction * factors.prefill_compute_gain)
    sent, comm_s = _allreduce(replica, factors, tokens)
    return Step(
        weights_read_bytes=weights,
        kv_read_bytes=np.zeros_like(tokens),
        linear_flops=linear,
        attention_flops=attention,
        allreduce_bytes=sent,
        overhead_s=replica.layers * factors.step_overhead_s_per_layer * np.ones_like(tokens),
        weights_read_s=weights / bandwidth,
        linear_compute_s=linear / (replica.peak_flops * fraction),
        kv_read_s=np.zeros_like(tokens),
        attention_compute_s=attention / (replica.bf16_peak_flops * factors.bf16_compute_fraction),
        interconnect_s=comm_s,
    )


@dataclass(frozen=True, slots=True)
class Serving:
    """A replica serving `batch` requests of fixed lengths with continuous batching."""

    step: Step
    prefill: Step
    first_prefill: Step
    """The prefill of one request alone: what a new request waits for."""
    output_tokens: Array
    batch: Array

    @property
    def seconds_per_output_token(self) -> Array:
        """Each of the `batch` sequences advances one token per step; its prompt's prefill
        is spread over its output tokens, as prefills interleave with decode steps."""
        return self.step.seconds + self.prefill.seconds / self.output_tokens

    @property
    def tokens_per_second(self) -> Array:
        return self.batch / self.seconds_per_output_token

    @property
    def seconds_to_first_token(self) -> Array:
        return self.first_prefill.seconds + self.step.seconds


def serve(
    replica: Replica,
    factors: Factors,
    batch: Array,
    input_tokens: Array,
    output_tokens: Array,
) -> Serving:
    """B requests of I input and O output tokens take prefill(B) + O · step(B); the KV
    cache holds on average I + O/2 tokens per sequence, as paged attention holds sequences
    at every stage of their output."""
    context = input_tokens + output_tokens / 2.0
    return Serving(
        step=decode_step(replica, factors, batch, context),
        prefill=prefill(replica, factors, batch, input_tokens),
        first_prefill=prefill(replica, factors, np.ones_like(batch), input_tokens),
        output_tokens=output_tokens,
        batch=batch,
    )
