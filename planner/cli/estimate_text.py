"""`sovplan estimate` in words: the answer a plan relies on, and with --explain its roofline."""

from dataclasses import asdict, fields
from typing import Any

from planner.capacity.roofline import CapacityEstimate, RooflineTerms


def estimate_json(result: CapacityEstimate) -> dict[str, Any]:
    data = asdict(result)
    data["precision"] = result.precision.value
    data["limited_by"] = result.limited_by.value
    return data


def _against(achieved_ms: float, target_ms: float | None, digits: int) -> str:
    text = f"{achieved_ms:,.{digits}f} ms"
    if target_ms is None:
        return f"{text} (no target)"
    verdict = "meets" if achieved_ms <= target_ms * (1 + 1e-9) else "misses"
    return f"{text}, target {target_ms:,.{digits}f} ms: {verdict}"


def summary_rows(result: CapacityEstimate) -> list[tuple[str, str]]:
    return [
        ("precision", result.precision.value),
        ("tensor-parallel size", f"{result.accelerators_per_replica} (one machine)"),
        ("batch", f"{result.batch} of {result.max_batch} that fit memory"),
        ("tokens/s per replica", f"{result.tokens_per_second_per_replica:,.0f}"),
        ("tokens/s per accelerator", f"{result.tokens_per_second_per_accelerator:,.0f}"),
        ("requests/s per replica", f"{result.requests_per_second_per_replica:,.2f}"),
        ("time to first token", _against(result.ttft_ms, result.ttft_target_ms, 0)),
        ("time per output token", _against(result.tpot_ms, result.tpot_target_ms, 1)),
        ("limited by", result.limited_by.value.replace("_", " ")),
        (
            "weights per replica",
            f"{result.weights_gb_per_replica:,.1f} GB of {result.memory_gb_per_replica:,.0f} GB",
        ),
        ("KV cache per sequence", f"{result.kv_cache_gb_per_sequence:,.2f} GB"),
        ("basis", result.basis),
    ]


ROOFLINE_LABELS = {
    "weights_gb_read_per_step": ("weights read per step", "GB"),
    "kv_cache_gb_read_per_step": ("KV cache read per step", "GB"),
    "allreduce_gb_per_step": ("all-reduce sent per accelerator per step", "GB"),
    "decode_gflops_per_step": ("decode matmul FLOPs per step", "GFLOP"),
    "attention_gflops_per_step": ("attention FLOPs per step", "GFLOP"),
    "prefill_gflops_per_request": ("prefill FLOPs per request", "GFLOP"),
    "overhead_ms_per_step": ("fixed overhead per step", "ms"),
    "weights_read_ms_per_step": ("  weights read", "ms"),
    "decode_compute_ms_per_step": ("  decode matmuls (overlap the weights read)", "ms"),
    "kv_read_ms_per_step": ("  KV cache read", "ms"),
    "attention_compute_ms_per_step": ("  attention (overlaps the KV read)", "ms"),
    "interconnect_ms_per_step": ("  all-reduces", "ms"),
    "step_ms": ("decode step", "ms"),
    "prefill_ms_per_request": ("prefill per request", "ms"),
    "bandwidth_floor_ms_per_step": ("bandwidth floor per step (weights ÷ peak bandwidth)", "ms"),
}
"""`--explain`: each roofline term with its label and unit, in the order of the step."""


def roofline_rows(terms: RooflineTerms) -> list[tuple[str, str]]:
    rows = []
    for f in fields(RooflineTerms):
        label, unit = ROOFLINE_LABELS[f.name]
        value = getattr(terms, f.name)
        rows.append((label, f"{value:,.3g} {unit}" if value < 100 else f"{value:,.0f} {unit}"))
    return rows


def render(title: str, result: CapacityEstimate, *, explain: bool) -> str:
    blocks = [("", summary_rows(result))]
    if explain:
        blocks.append(("roofline at this batch", roofline_rows(result.roofline)))
    width = max(len(label) for _, rows in blocks for label, _ in rows)
    lines = [title]
    for heading, rows in blocks:
        if heading:
            lines.append(f" {heading}:")
        lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    return "\n".join(lines)
