"""The capacity model: hand-worked numbers and the properties a roofline must have."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.capacity.finetune import FineTuneMethod, estimate_finetune
from planner.capacity.roofline import (
    MAX_BATCH_PER_REPLICA,
    CapacityError,
    LimitedBy,
    Precision,
    Refusal,
    RequestShape,
    ServingEfficiency,
    estimate_capacity,
    estimate_replica,
)
from tests import factories

PERFECT = ServingEfficiency(1.0, 1.0, 1.0, 1.0)

# Hand-worked (tests/factories.py): 10 B dense params, 10 layers × 1 KV head × 100 dims; an
# accelerator of 100 GB, 1 TB/s, 100 BF16 TFLOPS; 100 input and 100 output tokens; perfect
# efficiency. BF16 weights 20 GB; KV 2 × 10 × 1 × 100 × 2 B = 4,000 B/token; a sequence holds
# on average 100 + 100/2 = 150 tokens = 600 kB. Step at batch 1: memory
# (20e9 + 600e3) B / 1e12 B/s = 20.0006 ms, compute 2 × 10e9 / 1e14 = 0.2 ms → 20.0006 ms.
# Prefill 2 × 10e9 × 100 / 1e14 = 20 ms. TPOT(1) = 20.0006 + 20/100 = 20.2006 ms;
# TTFT(1) = 20 + 20.0006 ms; throughput 1 / 20.2006 ms = 49.50 tokens/s.
# Batch 2: step (20e9 + 1.2e6) / 1e12 = 20.0012 ms, TPOT 20.0012 + 0.4 = 20.4012 ms.
SHAPE = RequestShape(input_tokens=100, output_tokens=100)


def test_hand_worked_single_sequence() -> None:
    tight = RequestShape(100, 100, tpot_ms=20.3)
    result = estimate_replica(factories.model(), factories.accelerator(), Precision.BF16, tight,
                              PERFECT, 1)  # fmt: skip
    assert result.batch == 1  # batch 2 would need 20.4012 ms per token
    assert result.tpot_ms == pytest.approx(20.2006, rel=1e-9)
    assert result.ttft_ms == pytest.approx(40.0006, rel=1e-9)
    assert result.tokens_per_second_per_replica == pytest.approx(1000 / 20.2006, rel=1e-9)
    assert result.limited_by is LimitedBy.LATENCY_TARGET
    assert result.weights_gb_per_replica == pytest.approx(20.0)
    assert result.kv_cache_gb_per_sequence == pytest.approx(200 * 4000 / 1e9)


def test_offline_batch_fills_memory_up_to_the_scheduler_cap() -> None:
    # Room: 0.9 × 100 GB − 20 GB = 70 GB → 70e9 / 600e3 = 116,666 sequences, capped.
    result = estimate_replica(factories.model(), factories.accelerator(), Precision.BF16, SHAPE,
                              PERFECT, 1)  # fmt: skip
    assert result.max_batch == result.batch == MAX_BATCH_PER_REPLICA


def test_memory_limits_the_batch_when_the_kv_cache_is_large() -> None:
    big_kv = factories.model(kv_heads=64, head_dim=128, layers=40)  # 1.31 MB per token in BF16
    result = estimate_replica(big_kv, factories.accelerator(), Precision.BF16,
                              RequestShape(4000, 1000), PERFECT, 1)  # fmt: skip
    per_sequence = 2 * 40 * 64 * 128 * 2 * (4000 + 500)
    assert result.max_batch == int((90e9 - 20e9) // per_sequence)
    assert result.limited_by in (LimitedBy.MEMORY_CAPACITY, LimitedBy.COMPUTE)


def test_a_mixture_of_experts_reads_only_active_weights_at_batch_one() -> None:
    dense = factories.model(total_params_b=100.0, active_params_b=100.0)
    moe = factories.model(total_params_b=100.0, active_params_b=10.0, architecture="moe")
    accelerator = factories.accelerator(memory_gb=400.0)
    one = RequestShape(100, 100, tpot_ms=10_000)
    fast = estimate_replica(moe, accelerator, Precision.BF16, one, PERFECT, 1, concurrency=1)
    slow = estimate_replica(dense, accelerator, Precision.BF16, one, PERFECT, 1, concurrency=1)
    assert fast.weights_gb_per_replica == slow.weights_gb_per_replica == 200.0
    assert fast.tpot_ms < slow.tpot_ms / 5


def test_a_model_too_big_for_eight_accelerators_says_so() -> None:
    huge = factories.model(total_params_b=500.0, active_params_b=500.0)
    with pytest.raises(CapacityError, match="do not fit 8 × 100 GB") as caught:
        estimate_capacity(huge, factories.accelerator(), Precision.BF16, SHAPE, PERFECT)
    assert caught.value.reason is Refusal.DOES_NOT_FIT


def test_larger_models_use_tensor_parallelism() -> None:
    model = factories.model(total_params_b=70.0, active_params_b=70.0)  # 140 GB in BF16
    result = estimate_capacity(model, factories.accelerator(), Precision.BF16, SHAPE, PERFECT)
    assert result.accelerators_per_replica >= 2


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


def test_fp8_weights_double_the_bandwidth_bound_rate() -> None:
    one = RequestShape(10, 100, tpot_ms=10_000)
    bf16 = estimate_replica(factories.model(), factories.accelerator(), Precision.BF16, one,
                            PERFECT, 1, concurrency=1)  # fmt: skip
    fp8 = estimate_replica(factories.model(), factories.accelerator(), Precision.FP8, one,
                           PERFECT, 1, concurrency=1)  # fmt: skip
    assert fp8.tokens_per_second_per_replica == pytest.approx(
        2 * bf16.tokens_per_second_per_replica, rel=0.02
    )


shapes = st.builds(
    RequestShape,
    input_tokens=st.integers(1, 8000),
    output_tokens=st.integers(1, 4000),
    tpot_ms=st.one_of(st.none(), st.floats(5, 500)),
    ttft_ms=st.one_of(st.none(), st.floats(50, 20_000)),
)


@st.composite
def models(draw: st.DrawFn) -> object:
    """Dense and mixture-of-experts models from half a billion to 120 billion parameters."""
    total = draw(st.floats(0.5, 120))
    return factories.model(
        total_params_b=total,
        active_params_b=total * draw(st.sampled_from([1.0, 0.5, 0.1])),
        layers=draw(st.integers(8, 120)),
        kv_heads=draw(st.integers(1, 16)),
        head_dim=draw(st.sampled_from([64, 128, 256])),
    )


efficiencies = st.builds(
    ServingEfficiency, st.floats(0.2, 1), st.floats(0.2, 1), st.floats(0.2, 1), st.floats(0.7, 1)
)


def _estimate_or_none(model, accelerator, shape, eff):  # type: ignore[no-untyped-def]
    try:
        return estimate_capacity(model, accelerator, Precision.BF16, shape, eff)
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


def test_full_fine_tuning_costs_six_flops_per_parameter_token() -> None:
    # 6 × 10e9 × 1e9 = 6e19 FLOPs at 40 % of 100 TFLOPS = 1.5e6 s = 416.7 hours
    full = estimate_finetune(factories.model(), factories.accelerator(), 1e9, FineTuneMethod.FULL)
    lora = estimate_finetune(factories.model(), factories.accelerator(), 1e9, FineTuneMethod.LORA)
    assert full.flops == pytest.approx(6e19)
    assert full.accelerator_hours == pytest.approx(6e19 / 40e12 / 3600)
    assert lora.accelerator_hours == pytest.approx(full.accelerator_hours * 4 / 6)
    assert full.min_accelerators == 2  # 160 GB of training state on 90 GB usable each
    assert lora.min_accelerators == 1
