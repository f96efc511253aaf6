"""`sovplan estimate`: tokens per second of a model on an accelerator, or fine-tuning hours."""

import argparse
import json
from dataclasses import asdict
from typing import Any

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from planner.capacity.estimates import DEFAULT_INPUT_TOKENS, DEFAULT_OUTPUT_TOKENS, estimate, lookup
from planner.capacity.finetune import TRAINING_UTILISATION, FineTuneMethod, estimate_finetune
from planner.capacity.roofline import CapacityError, Precision, RequestShape
from planner.cli.common import open_from_args
from planner.cli.estimate_text import estimate_json, render
from planner.cli.textfmt import format_table
from planner.errors import PlannerError


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
    return value


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
        "--input-tokens", type=_positive_int, default=DEFAULT_INPUT_TOKENS, metavar="N"
    )
    parser.add_argument(
        "--output-tokens", type=_positive_int, default=DEFAULT_OUTPUT_TOKENS, metavar="N"
    )
    parser.add_argument(
        "--tpot-ms", type=_positive_float, metavar="X", help="time per output token"
    )
    parser.add_argument("--ttft-ms", type=_positive_float, metavar="Y", help="time to first token")
    parser.add_argument(
        "--finetune-tokens",
        type=_positive_float,
        metavar="N",
        help="estimate fine-tuning on N tokens instead of serving",
    )
    parser.add_argument("--method", choices=[m.value for m in FineTuneMethod], default="lora")
    parser.add_argument(
        "--utilisation",
        type=_positive_float,
        default=TRAINING_UTILISATION,
        help=f"training FLOPs utilisation (default {TRAINING_UTILISATION})",
    )
    parser.add_argument(
        "--tensor-parallel",
        type=_positive_int,
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
            print(json.dumps({**asdict(tune), "method": tune.method.value}, indent=2))
        else:
            print(
                f"{tune.method.value} fine-tuning of {model.id} on {tune.tokens:,.0f} tokens: "
                f"{tune.flops:.3g} FLOPs, {tune.accelerator_hours:,.1f} {accelerator.id}-hours "
                f"at {tune.utilisation:.0%} utilisation; at least {tune.min_accelerators} "
                "accelerator(s) to hold the training state"
            )
        return 0
    result = estimate(catalog, model, accelerator, precision, shape, args.tensor_parallel)
    if args.json:
        print(json.dumps(estimate_json(result), indent=2))
        return 0
    title = (
        f"{model.name} on {accelerator.name}, {shape.input_tokens} in / "
        f"{shape.output_tokens} out tokens (output tokens/s)"
    )
    print(render(title, result, explain=args.explain))
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
        print(json.dumps(results, indent=2))
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
