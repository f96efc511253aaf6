"""`sovplan estimate`: tokens per second of a model on an accelerator, or fine-tuning hours."""

import argparse
from dataclasses import asdict
from typing import Any

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from planner.capacity.estimates import DEFAULT_INPUT_TOKENS, DEFAULT_OUTPUT_TOKENS, estimate, lookup
from planner.capacity.finetune import TRAINING_UTILISATION, FineTuneMethod, estimate_finetune
from planner.capacity.roofline import CapacityError, Precision, RequestShape
from planner.cli.common import number_in, open_from_args
from planner.cli.estimate_basis import basis_json, basis_text, measurement
from planner.cli.estimate_text import estimate_json, render
from planner.cli.textfmt import format_table, json_text
from planner.errors import PlannerError
from planner.scenario.field_table import WORKLOADS, fields_of
from planner.scenario.schema import Range

MAX_TENSOR_PARALLEL = 1024
"""Accelerators in one replica: beyond any tensor-parallel group a machine or rack joins."""
UTILISATION = Range(0.01, 1)
"""Training FLOPs utilisation: below 1 % a run is not training, and hours grow without bound."""


def _workload_range(key: str) -> Range:
    """The range a scenario's workload field allows: the same limits on the command line."""
    (found,) = [f.range for f in fields_of(WORKLOADS) if f.key == key and f.range is not None]
    return found


def _without_zero(allowed: Range) -> Range:
    return Range(allowed.low, allowed.high, allowed.low_open, allowed.high_open)


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Roofline capacity model calibrated on published serving benchmarks "
        "(docs/capacity.md). Without latency targets it reports the maximum (offline) throughput."
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--model", metavar="M", help="AI model id (catalog list ai_models)")
    target.add_argument("--all", action="store_true", help="every open model × accelerator pair")
    parser.add_argument(
        "--accelerator", metavar="A", help="accelerator id (catalog list accelerators)"
    )
    parser.add_argument(
        "--precision",
        choices=[x.value for x in Precision],
        help="weights precision (default: fp8 where supported, else bf16)",
    )
    parser.add_argument(
        "--input-tokens",
        type=number_in(_workload_range("input_tokens"), whole=True),
        default=DEFAULT_INPUT_TOKENS,
        metavar="N",
    )
    parser.add_argument(
        "--output-tokens",
        type=number_in(_workload_range("output_tokens"), whole=True),
        default=DEFAULT_OUTPUT_TOKENS,
        metavar="N",
    )
    parser.add_argument(
        "--tpot-ms",
        type=number_in(_workload_range("tpot_ms")),
        metavar="X",
        help="time per output token",
    )
    parser.add_argument(
        "--ttft-ms",
        type=number_in(_workload_range("ttft_ms")),
        metavar="Y",
        help="time to first token",
    )
    parser.add_argument(
        "--finetune-tokens",
        type=number_in(_without_zero(_workload_range("tokens_per_run"))),
        metavar="N",
        help="estimate fine-tuning on N tokens instead of serving",
    )
    parser.add_argument("--method", choices=[m.value for m in FineTuneMethod], default="lora")
    parser.add_argument(
        "--utilisation",
        type=number_in(UTILISATION),
        default=TRAINING_UTILISATION,
        help=f"training FLOPs utilisation (default {TRAINING_UTILISATION})",
    )
    parser.add_argument(
        "--tensor-parallel",
        type=number_in(Range(1, MAX_TENSOR_PARALLEL), whole=True),
        metavar="N",
        help="replica size (accelerators of one machine); default: the best per accelerator",
    )
    parser.add_argument("--explain", action="store_true", help="print the roofline terms")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions() as session:
        catalog = load_catalog(session)
    shape = RequestShape(args.input_tokens, args.output_tokens, args.tpot_ms, args.ttft_ms)
    precision = Precision(args.precision) if args.precision else None
    if args.all:
        return _run_all(catalog, precision, shape, as_json=args.json)
    if not args.accelerator:
        raise PlannerError("--accelerator is required with --model")
    model = lookup(catalog.ai_models, args.model, "ai_models")
    accelerator = lookup(catalog.accelerators, args.accelerator, "accelerators")
    if args.finetune_tokens:
        tune = estimate_finetune(
            model, accelerator, args.finetune_tokens, FineTuneMethod(args.method), args.utilisation
        )
        if args.json:
            print(json_text({**asdict(tune), "method": tune.method.value}))
        else:
            print(
                f"{tune.method.value} fine-tuning of {model.id} on {tune.tokens:,.0f} tokens: "
                f"{tune.flops:.3g} FLOPs, {tune.accelerator_hours:,.1f} {accelerator.id}-hours "
                f"at {tune.utilisation:.0%} utilisation; at least {tune.min_accelerators} "
                "accelerator(s) to hold the training state"
            )
        return 0
    found = measurement(catalog, model, accelerator, shape, args.tensor_parallel, precision)
    try:
        result = estimate(catalog, model, accelerator, precision, shape, args.tensor_parallel)
    except CapacityError as exc:
        if found is None:
            raise
        result, refusal = None, str(exc)  # the measurement stands where the model refuses
    if args.json:
        model_figures = estimate_json(result) if result else {"estimate_error": refusal}
        print(json_text(model_figures | basis_json(catalog, model, accelerator, found)))
        return 0
    title = (
        f"{model.name} on {accelerator.name}, {shape.input_tokens} in / "
        f"{shape.output_tokens} out tokens (output tokens/s)"
    )
    print(render(title, result, explain=args.explain) if result else f"{title}\n{refusal}")
    print(basis_text(catalog, model, accelerator, found))
    return 0


def _run_all(
    catalog: Catalog, precision: Precision | None, shape: RequestShape, *, as_json: bool
) -> int:
    results: list[dict[str, Any]] = []
    for model in (m for m in catalog.ai_models.values() if m.open_weight and m.kind == "chat"):
        for accelerator in catalog.accelerators.values():
            entry: dict[str, Any] = {"model": model.id, "accelerator": accelerator.id}
            try:
                entry.update(estimate_json(estimate(catalog, model, accelerator, precision, shape)))
            except (CapacityError, PlannerError) as exc:
                entry["error"] = str(exc)
            results.append(entry)
    if as_json:
        print(json_text(results))
        return 0
    rows = [
        [
            r["model"],
            r["accelerator"],
            r.get("precision", ""),
            str(r.get("accelerators_per_replica", "")),
            f"{r['tokens_per_second_per_accelerator']:,.0f}" if "error" not in r else "",
            r.get("limited_by", "") or r.get("error", ""),
        ]
        for r in results
    ]
    print(
        format_table(
            ["model", "accelerator", "prec", "tp", "tok/s/acc", "limited by / why not"],
            rows,
            right=frozenset({3, 4}),
        )
    )
    return 0
