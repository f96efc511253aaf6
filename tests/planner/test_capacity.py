"""The capacity model: hand-worked numbers, one test per physical rule, and the properties a
roofline must have whatever the model, hardware and factors."""

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalog.domain import AIModel
from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.roofline import (
    MAX_BATCH_PER_REPLICA,
    CapacityError,
    CapacityEstimate,
    LimitedBy,
    Precision,
    Refusal,
    RequestShape,
    ServingEfficiency,
    estimate_capacity,
    estimate_replica,
    estimate_sizes,
)
from tests import factories

PERFECT = ServingEfficiency(
    bandwidth_fraction=1.0,
    bandwidth_kept_per_tp_doubling=1.0,
    bf16_compute_fraction=1.0,
    fp8_compute_fraction=1.0,
    fp4_compute_fraction=1.0,
    prefill_compute_gain=1.0,
    step_overhead_us_per_layer=0.0,
    interconnect_fraction=1.0,
)
REALISTIC = ServingEfficiency(0.55, 0.9, 0.55, 0.4, 0.3, 1.7, 65.0, 0.4)

# Hand-worked (tests/factories.py): 10 B dense params, 10 layers, 10 query heads and 1 KV
# head of 100 dims; an accelerator of 100 GB, 1 TB/s, 100 BF16 TFLOPS; 100 input and 100
# output tokens; perfect efficiency. BF16 weights 20 GB; KV 2 × 10 × 1 × 100 × 2 B = 4,000
# B/token; a sequence holds on average 100 + 100/2 = 150 tokens = 600 kB.
# Step at batch 1: weights 20e9 B / 1e12 B/s = 20 ms (matmuls 2 × 10e9 / 1e14 = 0.2 ms);
# KV 600e3 / 1e12 = 0.0006 ms (attention 4 × 10 × 1000 × 150 / 1e14 = 0.00006 ms) → 20.0006 ms.
# Prefill of one prompt: weights 20 ms, matmuls 2 × 10e9 × 100 / 1e14 = 20 ms → 20 ms, plus
# causal attention 2 × 10 × 1000 × 100² / 1e14 = 0.002 ms → 20.002 ms.
# TPOT(1) = 20.0006 + 20.002/100 = 20.20062 ms; TTFT(1) = 20.002 + 20.0006 = 40.0026 ms.
# Batch 2: step 20.0012 ms; prefill max(20, 40) + 0.004 = 40.004 ms; TPOT 20.40124 ms.
SHAPE = RequestShape(input_tokens=100, output_tokens=100)


def test_hand_worked_single_sequence() -> None:
    tight = RequestShape(100, 100, tpot_ms=20.3)
    result = estimate_replica(factories.model(), factories.accelerator(), Precision.BF16, tight,
                              PERFECT, 1)  # fmt: skip
    assert result.batch == 1  # batch 2 would need 20.40124 ms per token
    assert result.tpot_ms == pytest.approx(20.20062, rel=1e-9)
    assert result.ttft_ms == pytest.approx(40.0026, rel=1e-9)
    assert result.tokens_per_second_per_replica == pytest.approx(1000 / 20.20062, rel=1e-9)
    assert result.limited_by is LimitedBy.LATENCY_TARGET
    assert result.weights_gb_per_replica == pytest.approx(20.0)
    assert result.kv_cache_gb_per_sequence == pytest.approx(200 * 4000 / 1e9)
    assert result.tpot_target_ms == 20.3 and result.ttft_target_ms is None
    assert result.roofline.step_ms == pytest.approx(20.0006, rel=1e-9)
    assert result.roofline.bandwidth_floor_ms_per_step == pytest.approx(20.0)
    assert result.roofline.attention_gflops_per_step == pytest.approx(6e6 / 1e9)


def test_offline_batch_fills_memory_up_to_the_scheduler_cap() -> None:
    # Room: 0.9 × (100 GB − 20 GB) = 72 GB → 72e9 / 600e3 = 120,000 sequences, capped.
    result = estimate_replica(factories.model(), factories.accelerator(), Precision.BF16, SHAPE,
                              PERFECT, 1)  # fmt: skip
    assert result.max_batch == result.batch == MAX_BATCH_PER_REPLICA


def test_the_kv_cache_gets_most_of_what_the_weights_leave() -> None:
    big_kv = factories.model(kv_heads=64, head_dim=128, layers=40)  # 1.31 MB per token in BF16
    result = estimate_replica(big_kv, factories.accelerator(), Precision.BF16,
                              RequestShape(4000, 1000), PERFECT, 1)  # fmt: skip
    per_sequence = 2 * 40 * 64 * 128 * 2 * (4000 + 500)
    assert result.max_batch == int(0.9 * (100e9 - 20e9) // per_sequence)
    assert result.limited_by in (LimitedBy.MEMORY_CAPACITY, LimitedBy.COMPUTE)


def _at(model: AIModel, shape: RequestShape, batch: int, precision: Precision = Precision.BF16,
        **accelerator: float) -> CapacityEstimate:  # fmt: skip
    return estimate_replica(model, factories.accelerator(memory_gb=400.0, **accelerator),
                            precision, shape, PERFECT, 1, concurrency=batch)  # fmt: skip


def test_attention_flops_and_kv_reads_grow_with_the_context() -> None:
    terms = [_at(factories.model(), RequestShape(n, 100), 8).roofline for n in (500, 8000)]
    assert terms[1].attention_gflops_per_step > 10 * terms[0].attention_gflops_per_step
    assert terms[1].kv_cache_gb_read_per_step > 10 * terms[0].kv_cache_gb_read_per_step
    # prefill attention is quadratic in the prompt: 16× the prompt, over 16× the FLOPs
    assert terms[1].prefill_gflops_per_request > 16 * terms[0].prefill_gflops_per_request


MOE = factories.model(total_params_b=100.0, active_params_b=10.0, architecture="moe",
                      num_experts=64, experts_per_token=4)  # fmt: skip


# Found by Hypothesis: a MoE row whose active share (0.1) is below top-k/E (1/8) split into
# a negative shared part, so batch 2 touched more than twice the weights of batch 1 and a
# tighter TPOT target (batch 1) gave more tokens per second than the loose one (batch 2).
IMPOSSIBLE_SPLIT_MOE = factories.model(total_params_b=5.0, active_params_b=0.5, architecture="moe",
                                       num_experts=8, experts_per_token=1, layers=8, kv_heads=1,
                                       head_dim=64)  # fmt: skip


def test_moe_weights_touched_grow_with_the_batch_up_to_the_whole_model() -> None:
    # experts of (100 − 10)/(64 − 4) = 1.5 B; shared 100 − 64 × 1.5 = 4 B; BF16 bytes ×2
    read = [_at(MOE, SHAPE, b).roofline.weights_gb_read_per_step for b in (1, 2, 16, 2048)]
    assert read[0] == pytest.approx(2 * (4 + 1.5 * 64 * (1 - (1 - 4 / 64) ** 1)))  # = 20 GB
    assert read[0] < read[1] < read[2] < read[3]
    assert read[3] == pytest.approx(200.0, rel=1e-6)


def test_a_moe_row_with_too_few_active_parameters_for_its_routing_reads_no_negative_weights() -> (
    None
):
    # 5 B total, 0.5 B active, top-1 of 8: one expert alone would be (5 − 0.5)/7 = 0.64 B,
    # more than the active parameters. Every parameter counts as routed with chance 0.1.
    read = [_at(IMPOSSIBLE_SPLIT_MOE, SHAPE, b).roofline.weights_gb_read_per_step for b in (1, 2)]
    assert read[0] == pytest.approx(2 * 5 * 0.1)
    assert read[1] == pytest.approx(2 * 5 * (1 - 0.9**2))
    assert read[1] <= 2 * read[0]


def test_moe_computes_on_its_active_parameters() -> None:
    dense = factories.model(total_params_b=100.0, active_params_b=100.0, hidden_size=1000)
    flops = [_at(m, SHAPE, 64).roofline.decode_gflops_per_step for m in (MOE, dense)]
    assert flops[0] == pytest.approx(flops[1] / 10)


def test_a_moe_batch_of_one_is_faster_than_the_dense_model_of_its_size() -> None:
    dense = factories.model(total_params_b=100.0, active_params_b=100.0)
    one = RequestShape(100, 100, tpot_ms=10_000)
    assert _at(MOE, one, 1).tpot_ms < _at(dense, one, 1).tpot_ms / 5


def test_fp4_weights_are_half_of_fp8() -> None:
    shapes = {p: _at(factories.model(), SHAPE, 1, p, fp4_dense_tflops=400.0)
              for p in (Precision.FP8, Precision.FP4)}  # fmt: skip
    assert shapes[Precision.FP4].weights_gb_per_replica == pytest.approx(
        shapes[Precision.FP8].weights_gb_per_replica / 2
    )
    read = {p: e.roofline.weights_gb_read_per_step for p, e in shapes.items()}
    assert read[Precision.FP4] == pytest.approx(read[Precision.FP8] / 2)


def test_fp8_weights_double_the_bandwidth_bound_rate() -> None:
    one = RequestShape(10, 100, tpot_ms=10_000)
    rates = [_at(factories.model(), one, 1, p).tokens_per_second_per_replica
             for p in (Precision.BF16, Precision.FP8)]  # fmt: skip
    assert rates[1] == pytest.approx(2 * rates[0], rel=0.02)


def test_in_the_memory_bound_regime_more_memory_fits_more_sequences_and_serves_more() -> None:
    """Same bandwidth and compute, 192 GB against 256 GB (MI300X against MI325X)."""
    long_kv = factories.model(kv_heads=8, head_dim=128, layers=80)  # 0.33 MB per token
    shape = RequestShape(8000, 500)
    small, large = (
        estimate_replica(
            long_kv,
            factories.accelerator(memory_gb=gb, mem_bandwidth_tbps=5.0),
            Precision.BF16,
            shape,
            REALISTIC,
            1,
        )
        for gb in (192.0, 256.0)
    )
    assert small.limited_by is LimitedBy.MEMORY_CAPACITY
    assert large.max_batch > small.max_batch
    assert large.tokens_per_second_per_replica > small.tokens_per_second_per_replica


def test_a_slow_interconnect_costs_tensor_parallel_replicas_only() -> None:
    model = factories.model(total_params_b=70.0, active_params_b=70.0, hidden_size=8192)
    rates = {
        (link, tp): estimate_replica(model, factories.accelerator(interconnect_gb_per_s=link),
                                     Precision.BF16, SHAPE, REALISTIC, tp)
        .tokens_per_second_per_replica
        for link in (64.0, 900.0)
        for tp in (2, 8)
    }  # fmt: skip
    assert rates[(64.0, 8)] < rates[(900.0, 8)]
    assert rates[(64.0, 2)] / rates[(900.0, 2)] > rates[(64.0, 8)] / rates[(900.0, 8)]


def test_each_tensor_parallel_size_gets_its_own_answer_or_reason() -> None:
    model = factories.model(total_params_b=70.0, active_params_b=70.0)  # 140 GB in BF16
    sizes = estimate_sizes(model, factories.accelerator(), Precision.BF16, SHAPE, REALISTIC)
    assert isinstance(sizes[1], CapacityError) and sizes[1].reason is Refusal.DOES_NOT_FIT
    served = {tp: e for tp, e in sizes.items() if isinstance(e, CapacityEstimate)}
    assert set(served) == {2, 4, 8}
    best = estimate_capacity(model, factories.accelerator(), Precision.BF16, SHAPE, REALISTIC)
    assert best == max(served.values(), key=lambda e: e.tokens_per_second_per_accelerator)


def test_a_model_too_big_for_eight_accelerators_says_so() -> None:
    huge = factories.model(total_params_b=500.0, active_params_b=500.0)
    with pytest.raises(CapacityError, match="do not fit 8 × 100 GB") as caught:
        estimate_capacity(huge, factories.accelerator(), Precision.BF16, SHAPE, PERFECT)
    assert caught.value.reason is Refusal.DOES_NOT_FIT


@pytest.mark.parametrize(
    ("model_over", "precision", "shape", "message", "reason"),
    [
        ({"open_weight": False}, Precision.BF16, SHAPE, "closed model", Refusal.CLOSED_MODEL),
        ({}, Precision.FP4, SHAPE, "no fp4 support", Refusal.NO_PRECISION_SUPPORT),
        ({"context_tokens": 150}, Precision.BF16, SHAPE, "exceed", Refusal.CONTEXT_EXCEEDED),
        ({}, Precision.BF16, RequestShape(100, 100, tpot_ms=1.0), "above the target",
         Refusal.MISSES_LATENCY_TARGET),
    ],
)  # fmt: skip
def test_what_cannot_be_served_gets_a_reason(
    model_over: dict[str, object],
    precision: Precision,
    shape: RequestShape,
    message: str,
    reason: Refusal,
) -> None:
    with pytest.raises(CapacityError, match=message) as caught:
        estimate_capacity(factories.model(**model_over), factories.accelerator(), precision,
                          shape, PERFECT)  # fmt: skip
    assert caught.value.reason is reason


shapes = st.builds(
    RequestShape,
    input_tokens=st.integers(1, 8000),
    output_tokens=st.integers(1, 4000),
    tpot_ms=st.one_of(st.none(), st.floats(5, 500)),
    ttft_ms=st.one_of(st.none(), st.floats(50, 20_000)),
)


@st.composite
def models(draw: st.DrawFn) -> AIModel:
    """Dense and mixture-of-experts models from half a billion to 120 billion parameters."""
    total = draw(st.floats(0.5, 120))
    experts = draw(st.sampled_from([None, 8, 64, 128]))
    return factories.model(
        total_params_b=total,
        active_params_b=total * (draw(st.sampled_from([0.5, 0.1])) if experts else 1.0),
        architecture="moe" if experts else "dense",
        num_experts=experts,
        experts_per_token=draw(st.sampled_from([1, 2, 8])) if experts else None,
        layers=draw(st.integers(8, 120)),
        kv_heads=draw(st.integers(1, 16)),
        head_dim=draw(st.sampled_from([64, 128, 256])),
        attention_heads=draw(st.sampled_from([None, 16, 64])),
        hidden_size=draw(st.sampled_from([None, 2048, 8192])),
    )


efficiencies = st.builds(
    ServingEfficiency, st.floats(0.2, 1), st.floats(0.7, 1), st.floats(0.2, 1),
    st.floats(0.2, 1), st.floats(0.2, 1), st.floats(1, 3), st.floats(0, 200), st.floats(0.1, 1),
)  # fmt: skip


def _estimate_or_none(model, accelerator, shape, eff, sizes=(1, 2, 4, 8)):  # type: ignore[no-untyped-def]
    try:
        return estimate_capacity(model, accelerator, Precision.BF16, shape, eff, sizes)
    except CapacityError:
        return None


@settings(max_examples=150, deadline=None)
@given(models(), shapes, efficiencies, st.floats(0.3, 8), st.floats(1.01, 4))
def test_more_bandwidth_never_lowers_throughput(model, shape, eff, bandwidth, factor) -> None:  # type: ignore[no-untyped-def]
    slow = _estimate_or_none(model, factories.accelerator(mem_bandwidth_tbps=bandwidth), shape, eff)
    fast = _estimate_or_none(
        model, factories.accelerator(mem_bandwidth_tbps=bandwidth * factor), shape, eff
    )
    if slow is not None:
        assert fast is not None, "what runs on slower memory runs on faster memory"
        assert fast.tokens_per_second_per_accelerator >= (
            slow.tokens_per_second_per_accelerator * (1 - 1e-9)
        )


@settings(max_examples=150, deadline=None)
@given(models(), shapes, efficiencies, st.floats(0.1, 0.99))
@example(
    IMPOSSIBLE_SPLIT_MOE,
    RequestShape(1, 1, tpot_ms=5.0),
    ServingEfficiency(1.0, 0.75, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0),
    0.5,
)
def test_a_tighter_latency_target_never_raises_throughput(model, shape, eff, squeeze) -> None:  # type: ignore[no-untyped-def]
    loose = _estimate_or_none(model, factories.accelerator(), shape, eff)
    if loose is None:
        return
    tight_shape = RequestShape(shape.input_tokens, shape.output_tokens,
                               tpot_ms=loose.tpot_ms * squeeze, ttft_ms=shape.ttft_ms)  # fmt: skip
    tight = _estimate_or_none(model, factories.accelerator(), tight_shape, eff)
    if tight is not None:
        assert tight.tokens_per_second_per_accelerator <= (
            loose.tokens_per_second_per_accelerator * (1 + 1e-9)
        )
        assert tight.tpot_ms <= tight_shape.tpot_ms  # type: ignore[operator]


@settings(max_examples=150, deadline=None)
@given(models(), shapes, efficiencies, st.sampled_from([1, 2, 4, 8]))
def test_time_per_output_token_is_never_below_the_bandwidth_floor(model, shape, eff, tp) -> None:  # type: ignore[no-untyped-def]
    try:
        result = estimate_replica(model, factories.accelerator(), Precision.BF16, shape, eff, tp)
    except CapacityError:
        return
    floor_ms = result.roofline.weights_gb_read_per_step / (tp * 1.0)  # GB ÷ (TB/s) = ms
    assert result.roofline.bandwidth_floor_ms_per_step == pytest.approx(floor_ms)
    assert result.tpot_ms >= floor_ms * (1 - 1e-9)
    assert result.roofline.step_ms >= floor_ms * (1 - 1e-9)


@settings(max_examples=100, deadline=None)
@given(models(), shapes, efficiencies)
def test_a_larger_tensor_parallel_size_never_has_less_memory(model, shape, eff) -> None:  # type: ignore[no-untyped-def]
    sizes = estimate_sizes(model, factories.accelerator(), Precision.BF16, shape, eff)
    too_small = [tp for tp, e in sizes.items()
                 if isinstance(e, CapacityError) and e.reason is Refusal.DOES_NOT_FIT]  # fmt: skip
    fits = [tp for tp in sizes if tp not in too_small]
    assert fits == [tp for tp in sizes if tp >= min(fits, default=99)], "fits from some size up"
    memory = [e for e in sizes.values() if isinstance(e, CapacityEstimate)]
    for smaller, larger in itertools.pairwise(memory):
        assert larger.memory_gb_per_replica > smaller.memory_gb_per_replica
        assert larger.max_batch >= smaller.max_batch


def test_full_fine_tuning_costs_six_flops_per_parameter_token() -> None:
    # 6 × 10e9 × 1e9 = 6e19 FLOPs at 40 % of 100 TFLOPS = 1.5e6 s = 416.7 hours
    full = estimate_finetune(factories.model(), factories.accelerator(), 1e9, FineTuneMethod.FULL)
    lora = estimate_finetune(factories.model(), factories.accelerator(), 1e9, FineTuneMethod.LORA)
    assert full.flops == pytest.approx(6e19)
    assert full.accelerator_hours == pytest.approx(6e19 / 40e12 / 3600)
    assert lora.accelerator_hours == pytest.approx(full.accelerator_hours * 4 / 6)
    assert full.min_accelerators == 2  # 160 GB of training state on 90 GB usable each
    assert lora.min_accelerators == 1
