"""The shipped serving factors against the published benchmarks, as docs/capacity.md says:
fitted to them, validated out of sample, meeting the goals, with the evidence to back it."""

from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest

from catalog.domain import Catalog
from planner.capacity.calibration import benchmark_set, compare, efficiency_for, summarise
from planner.capacity.fitting import fit
from planner.capacity.replica import ServingEfficiency
from planner.capacity.report import (
    BEGIN,
    END,
    GOAL_BIAS,
    GOAL_MEDIAN_ABS_ERROR,
    GOAL_PAIRS,
    render_report,
)
from planner.capacity.validation import (
    Validation,
    fitted_rows,
    ranked_pairs,
    usd_per_accelerator_hour,
    validate,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "capacity.md"
ROWS_BEFORE_ISSUE_12 = 73


def _shipped(catalog: Catalog) -> ServingEfficiency:
    return efficiency_for(catalog.serving_efficiency, catalog.accelerators["nvidia-h100-80gb-sxm5"])


@pytest.fixture(scope="module")
def validation(shipped_catalog: Catalog) -> Validation:
    shipped = _shipped(shipped_catalog)
    return validate(shipped_catalog, benchmark_set(shipped_catalog, shipped), shipped)


def test_the_evidence_is_broad(shipped_catalog: Catalog) -> None:
    rows = shipped_catalog.serving_benchmarks
    models = shipped_catalog.ai_models
    assert len(rows) >= ROWS_BEFORE_ISSUE_12 + 150
    assert len({b.accelerator_id for b in rows}) >= 6
    assert {models[b.ai_model_id].architecture for b in rows} == {"dense", "moe"}
    assert any(b.input_tokens <= 512 for b in rows) and any(b.input_tokens >= 8000 for b in rows)
    assert any(b.concurrency == 1 for b in rows) and any(b.concurrency is None for b in rows)
    assert all(shipped_catalog.sources[b.provenance.source_id].citation for b in rows)


def test_the_docs_tables_are_the_shipped_ones(shipped_catalog: Catalog) -> None:
    document = DOC.read_text(encoding="utf-8")
    generated = document.split(BEGIN)[1].split(END)[0].strip()
    assert generated == render_report(shipped_catalog).strip(), (
        "docs/capacity.md is stale: run python benchmarks/calibrate_capacity.py --write"
    )


def test_the_shipped_factors_are_what_the_fit_gives(shipped_catalog: Catalog) -> None:
    shipped = _shipped(shipped_catalog)
    data = benchmark_set(shipped_catalog, shipped)
    refit = fit(data, fitted_rows(data), shipped).efficiency
    for f in fields(ServingEfficiency):
        assert getattr(refit, f.name) == pytest.approx(getattr(shipped, f.name), rel=0.01), (
            f"{f.name}: the benchmarks changed; run python benchmarks/calibrate_capacity.py --write"
        )


def test_out_of_sample_error_and_bias_meet_the_goals(validation: Validation) -> None:
    for kind, errors in validation.out_of_sample.items():
        assert validation.summary(errors).median_abs_error <= GOAL_MEDIAN_ABS_ERROR, kind
        for subset in (validation.moe, ~validation.moe):
            assert abs(validation.summary(errors, subset).median_error) <= GOAL_BIAS, kind


def test_the_ranking_by_tokens_per_dollar_survives_holding_out(
    validation: Validation, shipped_catalog: Catalog
) -> None:
    prices = usd_per_accelerator_hour(shipped_catalog)
    for kind, errors in validation.out_of_sample.items():
        predicted = (errors + 1.0) * validation.data.measured
        pairs = ranked_pairs(validation.data, predicted, prices, validation.fitted)
        assert len(pairs) > 100
        assert sum(p.agrees for p in pairs) / len(pairs) >= GOAL_PAIRS, kind


def test_a_held_out_group_cannot_see_its_own_measurements(shipped_catalog: Catalog) -> None:
    shipped = _shipped(shipped_catalog)
    data = benchmark_set(shipped_catalog, shipped)
    held = np.array([b.accelerator_id == "nvidia-l40s-48gb" for b in data.benchmarks])
    doubled = replace(data, measured=np.where(held, 2 * data.measured, data.measured))
    keep = fitted_rows(data) & ~held
    assert fit(data, keep, shipped).efficiency == fit(doubled, keep, shipped).efficiency
    assert fit(data, fitted_rows(data), shipped).efficiency != (
        fit(doubled, fitted_rows(data), shipped).efficiency
    )


def test_rows_left_out_of_the_fit_say_why_and_are_still_scored(validation: Validation) -> None:
    left_out = [b for b in validation.data.benchmarks if b.excluded_from_fit]
    assert left_out and all(len(b.excluded_from_fit or "") > 40 for b in left_out)
    assert not np.isnan(validation.in_sample[~validation.fitted]).any()


def test_an_accelerator_generation_with_its_own_row_uses_it(shipped_catalog: Catalog) -> None:
    global_row = next(r for r in shipped_catalog.serving_efficiency if r.generation is None)
    cdna3 = replace(global_row, id="cdna3", generation="cdna3", bandwidth_fraction=0.3)
    rows = (global_row, cdna3)
    mi300x = shipped_catalog.accelerators["amd-mi300x-192gb"]
    h100 = shipped_catalog.accelerators["nvidia-h100-80gb-sxm5"]
    assert efficiency_for(rows, mi300x).bandwidth_fraction == 0.3
    assert efficiency_for(rows, h100).bandwidth_fraction == global_row.bandwidth_fraction
    some = [b for b in shipped_catalog.serving_benchmarks
            if b.accelerator_id in (mi300x.id, h100.id) and b.concurrency == 1]  # fmt: skip
    slower = summarise(compare(shipped_catalog, some, rows)).median_error
    assert slower < summarise(compare(shipped_catalog, some)).median_error
