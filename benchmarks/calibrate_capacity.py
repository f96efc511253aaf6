"""Fit the capacity model's serving factors to the published benchmarks and validate them.

    python benchmarks/calibrate_capacity.py [--write]

Fits the eight global factors of `ServingEfficiency` once on every benchmark row that is not
marked `excluded_from_fit`, prints them, the in-sample error and the leave-one-group-out
validation (each accelerator, model family and source held out in turn), what the fit would
become if the excluded rows were fitted too, and a few ratios a plan depends on. With --write
it rewrites catalog/seed/serving_efficiency.csv and the generated part of docs/capacity.md.
"""

import argparse
import csv
import sys
import tempfile
import time
from dataclasses import fields
from datetime import date
from pathlib import Path

import numpy as np

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import open_workspace
from planner.capacity.calibration import benchmark_set
from planner.capacity.fitting import START, fit
from planner.capacity.replica import ServingEfficiency
from planner.capacity.report import render_report, replace_generated_section
from planner.capacity.roofline import Precision, RequestShape, estimate_capacity
from planner.capacity.validation import fitted_rows, validate

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "catalog" / "seed" / "serving_efficiency.csv"
DOC = ROOT / "docs" / "capacity.md"
CALIBRATION_SOURCE = "calibration-capacity-model"
SIGNIFICANT_DIGITS = 3
"""The shipped factors are rounded: the fit does not know them better than that."""

RATIOS = (
    ("llama-3.1-70b-instruct", "amd-mi325x-256gb", Precision.FP8,
     "amd-mi300x-192gb", Precision.FP8),
    ("llama-3.3-70b-instruct", "nvidia-b200-180gb-sxm", Precision.FP4,
     "nvidia-h200-141gb-sxm", Precision.FP8),
    ("mixtral-8x7b-instruct", "nvidia-b200-180gb-sxm", Precision.FP4,
     "nvidia-h200-141gb-sxm", Precision.FP8),
)  # fmt: skip
"""Accelerator comparisons the issue measured against held-out results (per accelerator,
1,000 input and 1,000 output tokens, maximum load)."""


def shipped_catalog() -> Catalog:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "calibration.sqlite")
        with workspace.sessions() as session:
            catalog = load_catalog(session)
        workspace.close()
    return catalog


def rounded(efficiency: ServingEfficiency) -> ServingEfficiency:
    return ServingEfficiency(**{
        f.name: float(f"{getattr(efficiency, f.name):.{SIGNIFICANT_DIGITS}g}")
        for f in fields(ServingEfficiency)
    })  # fmt: skip


def print_ratios(catalog: Catalog, efficiency: ServingEfficiency) -> None:
    shape = RequestShape(1000, 1000)
    for model, first, first_p, second, second_p in RATIOS:
        a, b = (
            estimate_capacity(
                catalog.ai_models[model], catalog.accelerators[acc], p, shape, efficiency
            ).tokens_per_second_per_accelerator
            for acc, p in ((first, first_p), (second, second_p))
        )
        print(f"  {model}: {first} {first_p} / {second} {second_p} = {a / b:.2f}×")


def write_seed(efficiency: ServingEfficiency) -> None:
    names = [f.name for f in fields(ServingEfficiency)]
    with SEED.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "generation", *names, "source_id", "as_of", "notes"])
        writer.writerow([
            "global", "", *(f"{getattr(efficiency, n):g}" for n in names), CALIBRATION_SOURCE,
            date.today().isoformat(),
            "Fitted by benchmarks/calibrate_capacity.py on the serving_benchmarks table "
            "(every row not marked excluded_from_fit)",
        ])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update the seed file and the docs")
    args = parser.parse_args()
    catalog = shipped_catalog()
    data = benchmark_set(catalog, START)
    fitted = fitted_rows(data)
    started = time.perf_counter()
    result = fit(data, fitted)
    print(f"fit on {result.rows} rows in {result.iterations} iterations, "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip
    efficiency = rounded(result.efficiency)
    for f in fields(ServingEfficiency):
        print(f"  {f.name:28} {getattr(efficiency, f.name):g}")
    started = time.perf_counter()
    validation = validate(catalog, data, efficiency)
    print(f"leave-one-group-out validation in {time.perf_counter() - started:.2f} s")
    print(f"  in sample            {validation.summary(validation.in_sample)}")
    for kind, errors in validation.out_of_sample.items():
        dense = validation.summary(errors, ~validation.moe).median_error
        moe = validation.summary(errors, validation.moe).median_error
        print(f"  {kind:20} {validation.summary(errors)}  dense {dense:+.1%}  MoE {moe:+.1%}")
    everything = fit(data, np.ones(len(data.benchmarks), dtype=bool), efficiency).efficiency
    errors = data.predict(everything) / data.measured - 1.0
    print("if the excluded rows were fitted too:")
    print(f"  factors {everything}")
    print(f"  median abs. error on the other rows {np.median(np.abs(errors[fitted])):.1%}, "
          f"MoE bias {np.median(errors[fitted & validation.moe]):+.1%}")  # fmt: skip
    print("accelerator ratios (tokens per second per accelerator):")
    print_ratios(catalog, efficiency)
    if args.write:
        write_seed(efficiency)
        document = DOC.read_text(encoding="utf-8")
        DOC.write_text(
            replace_generated_section(document, render_report(shipped_catalog())),
            encoding="utf-8",
        )
        print(f"wrote {SEED.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
