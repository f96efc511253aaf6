"""Fit the capacity model's serving-efficiency factors to the published serving benchmarks.

    python benchmarks/calibrate_capacity.py [--write]

Fits one global row (four factors: bandwidth, decode compute, prefill compute, tensor-parallel
efficiency) on every NVIDIA benchmark, and one row for AMD CDNA3 on the MI300X benchmarks
(another engine, vLLM on ROCm) as one factor on the global fractions. It minimises the mean
squared log error, so a prediction 2× too high costs as much as one 2× too low. It then
checks that the form generalises: each model left out of the fit in turn, and each NVIDIA
generation predicted from the other.
With --write it rewrites catalog/seed/serving_efficiency.csv and the error table in
docs/capacity.md.
"""

import argparse
import csv
import math
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from catalog.domain import Catalog, Provenance, ServingBenchmark, ServingEfficiencyRow
from catalog.snapshot import load_catalog
from catalog.workspace import open_workspace
from planner.capacity.calibration import compare, summarise
from planner.capacity.report import render_error_table, replace_generated_section

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "catalog" / "seed" / "serving_efficiency.csv"
DOC = ROOT / "docs" / "capacity.md"
FACTORS = (
    "bandwidth_fraction",
    "decode_compute_fraction",
    "prefill_compute_fraction",
    "tensor_parallel_efficiency",
)
LOWER, UPPER = 0.05, 1.0
SWEEPS = 12
GOLDEN = (math.sqrt(5) - 1) / 2
CALIBRATION_SOURCE = "calibration-capacity-model"


def _loss(catalog: Catalog, benches: list[ServingBenchmark], row: ServingEfficiencyRow) -> float:
    comparisons = compare(catalog, benches, [row])
    return statistics.fmean(c.log_error**2 for c in comparisons)


def _golden_min(f: Callable[[float], float], low: float, high: float) -> float:
    """Minimiser of a unimodal f on [low, high] by golden-section search."""
    a, b = high - GOLDEN * (high - low), low + GOLDEN * (high - low)
    fa, fb = f(a), f(b)
    for _ in range(30):
        if fa < fb:
            high, b, fb = b, a, fa
            a = high - GOLDEN * (high - low)
            fa = f(a)
        else:
            low, a, fa = a, b, fb
            b = low + GOLDEN * (high - low)
            fb = f(b)
    return (low + high) / 2


def fit(
    catalog: Catalog, benches: list[ServingBenchmark], row: ServingEfficiencyRow
) -> ServingEfficiencyRow:
    """Coordinate descent with golden-section search on each factor's logarithm."""
    for _ in range(SWEEPS):
        for name in FACTORS:
            current = row
            best = _golden_min(
                lambda log_value, name=name, current=current: _loss(
                    catalog, benches, replace(current, **{name: math.exp(log_value)})
                ),
                math.log(LOWER),
                math.log(UPPER),
            )
            row = replace(row, **{name: round(math.exp(best), 3)})
    return row


def fit_scale(
    catalog: Catalog, benches: list[ServingBenchmark], base: ServingEfficiencyRow, generation: str
) -> ServingEfficiencyRow:
    """A generation row that scales the base row's three fractions by one common factor.

    All CDNA3 benchmarks use 8 accelerators, so tensor-parallel efficiency and the fractions
    cannot be told apart: one factor (the software stack's maturity) is all they support.
    """

    def scaled(log_scale: float) -> ServingEfficiencyRow:
        scale = math.exp(log_scale)
        return replace(
            base, id=generation, generation=generation,
            **{n: min(1.0, round(getattr(base, n) * scale, 3)) for n in FACTORS[:3]},
        )  # fmt: skip

    best = _golden_min(lambda x: _loss(catalog, benches, scaled(x)), math.log(0.1), math.log(1.5))
    return scaled(best)


def _row(generation: str | None) -> ServingEfficiencyRow:
    return ServingEfficiencyRow(
        id=generation or "global", generation=generation, bandwidth_fraction=0.6,
        decode_compute_fraction=0.5, prefill_compute_fraction=0.6, tensor_parallel_efficiency=0.9,
        provenance=Provenance(CALIBRATION_SOURCE, date.today()),
    )  # fmt: skip


def _generation(catalog: Catalog, bench: ServingBenchmark) -> str:
    return catalog.accelerators[bench.accelerator_id].generation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update the seed file and the docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "calibration.sqlite")
        with workspace.sessions() as session:
            catalog = load_catalog(session)
        workspace.close()
    benches = list(catalog.serving_benchmarks)
    cdna3 = [b for b in benches if _generation(catalog, b) == "cdna3"]
    nvidia = [b for b in benches if b not in cdna3]

    global_row = fit(catalog, nvidia, _row(None))
    cdna3_row = fit_scale(catalog, cdna3, global_row, "cdna3")
    rows = [global_row, cdna3_row]
    print("fitted:")
    for row in rows:
        print(f"  {row.id:8} " + "  ".join(f"{n}={getattr(row, n):.3f}" for n in FACTORS))
    overall = summarise(compare(catalog, benches, rows))
    print(f"in-sample: {overall}")

    print("leave one model out (global row refitted without it, NVIDIA benchmarks):")
    for model in sorted({b.ai_model_id for b in nvidia}):
        held = [b for b in nvidia if b.ai_model_id == model]
        refit = fit(catalog, [b for b in nvidia if b.ai_model_id != model], _row(None))
        print(f"  {model:28} {summarise(compare(catalog, held, [refit]))}")
    print("one NVIDIA generation predicted from the other:")
    for target in ("hopper", "blackwell"):
        held = [b for b in nvidia if _generation(catalog, b) == target]
        refit = fit(catalog, [b for b in nvidia if b not in held], _row(None))
        print(f"  {target:10} {summarise(compare(catalog, held, [refit]))}")

    if args.write:
        with SEED.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["id", "generation", *FACTORS, "source_id", "as_of", "notes"])
            for row in sorted(rows, key=lambda r: r.id):  # the export's order: by key
                scope = "every generation without its own row" if row.generation is None else (
                    f"{row.generation} accelerators")  # fmt: skip
                note = f"Fitted by benchmarks/calibrate_capacity.py for {scope}"
                factors = [getattr(row, n) for n in FACTORS]
                as_of = row.provenance.as_of.isoformat()
                writer.writerow(
                    [row.id, row.generation or "", *factors, CALIBRATION_SOURCE, as_of, note]
                )
        with tempfile.TemporaryDirectory() as tmp:
            workspace = open_workspace(Path(tmp) / "check.sqlite")
            with workspace.sessions() as session:
                refreshed = load_catalog(session)
            workspace.close()
        DOC.write_text(
            replace_generated_section(
                DOC.read_text(encoding="utf-8"), render_error_table(refreshed)
            ),
            encoding="utf-8",
        )
        print(f"wrote {SEED.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
