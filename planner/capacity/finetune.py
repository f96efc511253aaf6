"""Accelerator-hours to fine-tune a model: about 6 × parameters × tokens FLOPs for full
fine-tuning (Kaplan et al., "Scaling Laws for Neural Language Models", 2020: C ≈ 6ND),
4 × for LoRA (forward 2ND and backward through activations 2ND, but no weight gradients for
the frozen weights; Hu et al., "LoRA", 2021, report the resulting speed-up), at a stated
utilisation of the accelerator's dense BF16 peak. A mixture-of-experts model computes with
its active parameters and stores all of them.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

from catalog.domain import Accelerator, AIModel
from planner.capacity.roofline import USABLE_MEMORY_FRACTION, CapacityError, Refusal

FLOPS_PER_PARAM_TOKEN = {"full": 6.0, "lora": 4.0}
TRAINING_UTILISATION = 0.40
"""Model FLOPs utilisation of BF16 training: Meta reports 38–43 % on H100 for Llama 3
(Llama Team, "The Llama 3 Herd of Models", 2024, Table 4)."""
FULL_FINETUNE_BYTES_PER_PARAM = 16.0
"""Mixed-precision Adam: BF16 weights and gradients, FP32 master weights and two moments
(Rajbhandari et al., "ZeRO", 2020: 16 bytes per parameter); activations come on top."""
LORA_BYTES_PER_PARAM = 2.0
"""LoRA keeps the frozen weights in BF16; adapters and their optimiser state are small."""
SECONDS_PER_HOUR = 3600.0


class FineTuneMethod(StrEnum):
    FULL = "full"
    LORA = "lora"


@dataclass(frozen=True, slots=True)
class FineTuneEstimate:
    method: FineTuneMethod
    tokens: float
    flops: float
    accelerator_hours: float
    min_accelerators: int
    """Accelerators whose memory holds the training state (weights, gradients, optimiser)."""
    utilisation: float


def estimate_finetune(
    model: AIModel,
    accelerator: Accelerator,
    tokens: float,
    method: FineTuneMethod = FineTuneMethod.LORA,
    utilisation: float = TRAINING_UTILISATION,
) -> FineTuneEstimate:
    if not model.open_weight or model.total_params_b is None:
        raise CapacityError(
            Refusal.CLOSED_MODEL,
            f"{model.id} is a closed model: its weights cannot be fine-tuned here",
        )
    if tokens <= 0:
        raise CapacityError(
            Refusal.INVALID_REQUEST, "the number of fine-tuning tokens must be positive"
        )
    if not 0 < utilisation <= 1:
        raise CapacityError(
            Refusal.INVALID_REQUEST, f"utilisation must be in (0, 1], got {utilisation}"
        )
    params = model.total_params_b * 1e9
    active = (model.active_params_b or model.total_params_b) * 1e9
    flops = FLOPS_PER_PARAM_TOKEN[method.value] * active * tokens
    hours = flops / (accelerator.bf16_dense_tflops * 1e12 * utilisation) / SECONDS_PER_HOUR
    per_param = (
        FULL_FINETUNE_BYTES_PER_PARAM if method is FineTuneMethod.FULL else LORA_BYTES_PER_PARAM
    )
    usable = accelerator.memory_gb * 1e9 * USABLE_MEMORY_FRACTION
    return FineTuneEstimate(
        method, tokens, flops, hours, max(1, math.ceil(params * per_param / usable)), utilisation
    )
