"""Sizing at the mean request against sizing by the distribution, on the shipped examples.

    python benchmarks/request_classes.py

For every example workload with request classes it prints, under the planner's own capacity
model (the shipped catalog's accelerators in 8-accelerator machines, every open chat model
the workload's quality floor admits), how many accelerators its peak needs when every
request is taken at the mean shape, and when each class is sized at its own shape and the
needs are added up; then the plan's annual cost both ways (the same scenario with each
classed workload replaced by one class at its mean). Nothing is timed.
"""

import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import open_workspace
from planner.capacity.calibration import efficiency_for
from planner.capacity.estimates import default_precision
from planner.capacity.roofline import CapacityError, RequestShape, estimate_capacity
from planner.optimise.planning import plan_scenario
from planner.scenario.examples import example_names, example_path
from planner.scenario.model import Scenario, Workload, demands
from planner.scenario.reader import load_scenario
from solver.problem import SolveParams

MACHINE_SIZES = (1, 2, 4, 8)
"""Replica sizes within one 8-accelerator machine."""


def _accelerators(catalog: Catalog, model_id: str, accel_id: str, w: Workload) -> float | None:
    """Accelerators the workload's peak needs on this pair, or None if it cannot serve."""
    accelerator = catalog.accelerators[accel_id]  # type: ignore[index]
    model = catalog.ai_models[model_id]  # type: ignore[index]
    try:
        estimate = estimate_capacity(
            model, accelerator, default_precision(accelerator),
            RequestShape(w.input_tokens, w.output_tokens, w.tpot_ms, w.ttft_ms),
            efficiency_for(catalog.serving_efficiency, accelerator), MACHINE_SIZES,
        )  # fmt: skip
    except CapacityError:
        return None
    return w.output_tokens_per_second_peak / estimate.tokens_per_second_per_accelerator


def at_mean(w: Workload) -> Workload:
    """The workload with every request at the mean shape (the same tokens a day)."""
    return replace(
        w,
        input_tokens=round(w.mean_input_tokens),
        output_tokens=max(1, round(w.mean_output_tokens)),
        request_classes=(),
    )


def gpu_ratios(catalog: Catalog, w: Workload) -> list[tuple[str, str, float, float]]:
    """(model, accelerator, accelerators at the mean, accelerators by class) per pair that
    serves the mean and every class."""
    models = [m for m in catalog.ai_models.values() if m.open_weight and m.kind == "chat"
              and (w.min_quality is None or (m.quality_score or 0) >= w.min_quality)]  # fmt: skip
    rows = []
    parts = [d.workload for d in demands((w,))]
    for model in models:
        for accel_id in catalog.accelerators:
            mean = _accelerators(catalog, model.id, accel_id, at_mean(w))
            each = [_accelerators(catalog, model.id, accel_id, p) for p in parts]
            if mean is None or any(e is None for e in each):
                continue
            rows.append((model.id, accel_id, mean, sum(e for e in each if e is not None)))
    return rows


def _cost(scenario: Scenario, catalog: Catalog) -> float:
    outcome = plan_scenario(scenario, catalog, SolveParams(time_limit_s=60))
    assert outcome.report is not None, outcome.conflicts
    return outcome.report.costs.total


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        ws = open_workspace(Path(folder) / "w.sqlite")
        with ws.sessions() as session:
            catalog = load_catalog(session)
        ws.close()
    for name in example_names():
        scenario = load_scenario(example_path(name), catalog)
        classed = [w for w in scenario.workloads if w.request_classes]
        if not classed:
            continue
        print(f"== {name}")
        for w in classed:
            rows = gpu_ratios(catalog, w)
            under = [1 - mean / each for _, _, mean, each in rows]
            print(f"{w.id}: {len(w.request_classes)} classes, mean request "
                  f"{w.mean_input_tokens:,.0f} in / {w.mean_output_tokens:,.0f} out; "
                  f"{len(rows)} (model, accelerator) pairs serve every class")  # fmt: skip
            print(f"  sizing at the mean under-counts accelerators by: median "
                  f"{statistics.median(under):.1%}, range {min(under):.1%} to "
                  f"{max(under):.1%}")  # fmt: skip
            worst = sorted(rows, key=lambda r: r[2] / r[3])[:3]
            for model, accel, mean, each in worst:
                print(f"    {model} on {accel}: {mean:,.2f} at the mean, {each:,.2f} by class")
        mean_scenario = replace(scenario, workloads=tuple(at_mean(w) for w in scenario.workloads))
        by_class, by_mean = _cost(scenario, catalog), _cost(mean_scenario, catalog)
        currency = scenario.assumptions.currency
        print(f"plan annual cost: by class {by_class:,.0f} {currency}, at the mean "
              f"{by_mean:,.0f} {currency} ({by_class / by_mean - 1:+.1%})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
