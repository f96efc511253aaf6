"""Request sizes as they come: classes of input/output length with shares, inline or from a
histogram file, each sized at its own shape and covered on its own."""

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from catalog.domain import Catalog
from planner.capacity.calibration import efficiency_for
from planner.capacity.roofline import CapacityError, Precision, RequestShape, estimate_capacity
from planner.evaluation.plan import Plan, VenueKind
from planner.optimise.planning import plan_scenario
from planner.scenario.model import Scenario, Workload
from planner.scenario.reader import ScenarioError, parse_scenario
from solver.problem import SolveParams
from tests.checker import check_plan

PARAMS = SolveParams(time_limit_s=30)

TWO_SIZES: dict[str, Any] = {
    "organisation": {"home_jurisdiction": "DE", "trusted_jurisdictions": ["EU"]},
    "workloads": [
        {
            "id": "mixed",
            "kind": "interactive",
            "tokens_per_day": 50_000_000_000,
            "min_quality": 60,
            "ttft_ms": 500,
            "critical": True,
            "request_classes": [
                {"input_tokens": 500, "output_tokens": 200, "share": 0.9},
                {"input_tokens": 60000, "output_tokens": 1000, "share": 0.1},
            ],
        }
    ],
}
"""Mostly short chat, a tenth of requests with a 60,000-token document, first token within
half a second: a long prompt's prefill needs far more compute than a short one's."""


def _scenario(data: dict[str, Any], catalog: Catalog, file: str = "x.toml") -> Scenario:
    return parse_scenario(data, catalog, file)


def _problems(data: dict[str, Any], catalog: Catalog, file: str = "x.toml") -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, catalog, file)
    return caught.value.lines()


def _with_workload(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(TWO_SIZES)
    data["workloads"][0].update(changes)
    return {**data, "workloads": [{k: v for k, v in data["workloads"][0].items()
                                   if v is not None}]}  # fmt: skip


def _served_accelerators(plan: Plan, catalog: Catalog, label: str) -> set[str]:
    found = set()
    for a in plan.allocations:
        if a.request_class != label or a.share <= 0 or a.venue.kind is VenueKind.API:
            continue
        if a.venue.kind is VenueKind.CLOUD:
            found.add(catalog.cloud_offers[a.venue.id].accelerator_id)
        else:
            found.add(catalog.server_skus[a.venue.id].accelerator_id)
    return found


# ---------------------------------------------------------------- reading


def test_classes_read_with_their_shares_scaled_and_the_mean_shape(
    shipped_catalog: Catalog,
) -> None:
    data = _with_workload(request_classes=[
        {"input_tokens": 600, "output_tokens": 200, "share": 0.333},
        {"input_tokens": 6000, "output_tokens": 800, "share": 0.667},
    ])  # fmt: skip
    [w] = _scenario(data, shipped_catalog).workloads
    assert sum(c.share for c in w.request_classes) == pytest.approx(1.0, abs=1e-12)
    assert (w.input_tokens, w.output_tokens) == (round(w.mean_input_tokens), 600)
    # the request rate comes from the mean request, and each class has its share of it
    rate = w.tokens_per_day / (w.mean_input_tokens + w.mean_output_tokens) / 86_400
    assert w.requests_per_second_peak == pytest.approx(rate * w.peak_factor)
    parts = [w.for_class(c) for c in w.request_classes]
    assert sum(p.tokens_per_day for p in parts) == pytest.approx(w.tokens_per_day)
    assert [p.requests_per_second_peak for p in parts] == pytest.approx(
        [c.share * w.requests_per_second_peak for c in w.request_classes]
    )


def test_a_histogram_file_gives_the_same_workload_as_the_classes_inline(
    shipped_catalog: Catalog, tmp_path: Path
) -> None:
    (tmp_path / "sizes.csv").write_text(
        "input_tokens,output_tokens,share\n500,200,0.9\n60000,1000,0.1\n", encoding="utf-8"
    )
    data = _with_workload(request_classes=None, request_histogram="sizes.csv")
    from_file = _scenario(data, shipped_catalog, str(tmp_path / "bank.toml"))
    inline = _scenario(TWO_SIZES, shipped_catalog)
    assert from_file.workloads[0].request_histogram == "sizes.csv"
    assert replace(from_file.workloads[0], request_histogram=None) == inline.workloads[0]


@pytest.mark.parametrize(
    ("classes", "where", "reason"),
    [
        ([{"input_tokens": 500, "output_tokens": 200, "share": 0.5},
          {"input_tokens": 9000, "output_tokens": 900, "share": 0.3}],
         "workloads[0].request_classes", "the shares sum to 0.8 (80 %), not 1 (100 %)"),
        ([{"input_tokens": 500, "output_tokens": 200, "share": -0.2},
          {"input_tokens": 9000, "output_tokens": 900, "share": 1.2}],
         "workloads[0].request_classes[0].share", "must be greater than 0 and at most 1"),
        ([{"input_tokens": 0, "output_tokens": 200, "share": 1.0}],
         "workloads[0].request_classes[0].input_tokens", "must be from 1 to 10,000,000"),
        ([{"input_tokens": 500, "share": 1.0}],
         "workloads[0].request_classes[0].output_tokens", "is required"),
        ([{"input_tokens": 500, "output_tokens": 200, "share": 0.5},
          {"input_tokens": 500, "output_tokens": 200, "share": 0.5}],
         "workloads[0].request_classes[1]", "duplicate request class 500/200"),
        ([], "workloads[0].request_classes", "at least one request class is required"),
        ([{"input_tokens": 500, "output_tokens": 200, "share": 1.0, "weight": 2}],
         "workloads[0].request_classes[0].weight", "unknown field"),
    ],
)  # fmt: skip
def test_bad_classes_are_refused_naming_the_field(
    shipped_catalog: Catalog, classes: list[dict[str, Any]], where: str, reason: str
) -> None:
    lines = _problems(_with_workload(request_classes=classes), shipped_catalog)
    assert any(line.startswith(f"x.toml: {where}: {reason}") for line in lines), lines


def test_classes_replace_the_workloads_own_lengths(shipped_catalog: Catalog) -> None:
    lines = _problems(_with_workload(input_tokens=1000), shipped_catalog)
    assert lines == [
        "x.toml: workloads[0].input_tokens: the request classes give the request sizes; "
        "leave input_tokens out"
    ]


def test_an_embeddings_classes_return_one_vector(shipped_catalog: Catalog) -> None:
    data = _with_workload(kind="embedding", min_quality=None, ttft_ms=None)
    lines = _problems(data, shipped_catalog)
    assert (
        "x.toml: workloads[0].request_classes[0].output_tokens: an embedding returns one "
        "vector: use 1"
    ) in lines


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("input_tokens,output_tokens,share\n500,200,0.9\n60000,1000,-0.1\n",
         "workloads[0].request_histogram.row 3.share: must be greater than 0 and at most 1 "
         "(got -0.1)"),
        ("input_tokens,output_tokens,share\n500,200,0.9\n60000,lots,0.1\n",
         "workloads[0].request_histogram.row 3.output_tokens: expected a whole number, got "
         "'lots'"),
        ("input_tokens,output_tokens,share\n500,200,0.5\n60000,1000,0.1\n",
         "workloads[0].request_histogram: the shares sum to 0.6 (60 %), not 1 (100 %)"),
        ("in,out,share\n500,200,1\n",
         "workloads[0].request_histogram: 'sizes.csv': the header must be "
         "input_tokens,output_tokens,share (got ['in', 'out', 'share'])"),
        ("input_tokens,output_tokens,share\n500,200\n",
         "workloads[0].request_histogram: 'sizes.csv': row 2 has 2 cells, not 3"),
    ],
)  # fmt: skip
def test_a_bad_histogram_is_refused_whole_naming_row_and_column(
    shipped_catalog: Catalog, tmp_path: Path, text: str, reason: str
) -> None:
    (tmp_path / "sizes.csv").write_text(text, encoding="utf-8")
    data = _with_workload(request_classes=None, request_histogram="sizes.csv")
    file = str(tmp_path / "x.toml")
    assert f"{file}: {reason}" in _problems(data, shipped_catalog, file)


def test_a_missing_histogram_and_classes_given_twice_are_refused(
    shipped_catalog: Catalog, tmp_path: Path
) -> None:
    file = str(tmp_path / "x.toml")
    missing = _with_workload(request_classes=None, request_histogram="gone.csv")
    assert _problems(missing, shipped_catalog, file) == [
        f"{file}: workloads[0].request_histogram: 'gone.csv': no such file"
    ]
    both = _with_workload(request_histogram="gone.csv")
    assert _problems(both, shipped_catalog, file) == [
        f"{file}: workloads[0].request_histogram: give request_classes or request_histogram, "
        "not both"
    ]


# ---------------------------------------------------------------- planning


def _accelerators_needed(catalog: Catalog, model_id: str, accel_id: str, w: Workload) -> float:
    accelerator = catalog.accelerators[accel_id]  # type: ignore[index]
    estimate = estimate_capacity(
        catalog.ai_models[model_id],  # type: ignore[index]
        accelerator,
        Precision.FP8 if accelerator.fp8_dense_tflops else Precision.BF16,
        RequestShape(w.input_tokens, w.output_tokens, w.tpot_ms, w.ttft_ms),
        efficiency_for(catalog.serving_efficiency, accelerator),
    )
    return w.output_tokens_per_second_peak / estimate.tokens_per_second_per_accelerator


@pytest.mark.solver
def test_two_classes_land_on_different_hardware(shipped_catalog: Catalog) -> None:
    """Short requests go where they are cheapest; the long prompts' prefill misses the
    first-token target there and needs a bigger accelerator (a replica within one machine)
    or an API."""
    scenario = _scenario(TWO_SIZES, shipped_catalog)
    outcome = plan_scenario(scenario, shipped_catalog, PARAMS)
    assert outcome.plan is not None and outcome.report is not None
    assert check_plan(scenario, shipped_catalog, outcome.plan, outcome.report) == []
    short = _served_accelerators(outcome.plan, shipped_catalog, "500/200")
    long = _served_accelerators(outcome.plan, shipped_catalog, "60000/1000")
    served_long = [a for a in outcome.plan.allocations
                   if a.request_class == "60000/1000" and a.share > 0]  # fmt: skip
    assert short and served_long and not short & long
    [w] = scenario.workloads
    long_part = w.for_class(w.request_classes[1])
    for accelerator in short:
        with pytest.raises(CapacityError):
            _accelerators_needed(shipped_catalog, "gpt-oss-20b", accelerator, long_part)


@pytest.mark.solver
def test_a_workload_is_sized_by_its_distribution_not_at_its_mean(
    shipped_catalog: Catalog,
) -> None:
    """On one kind of hardware and one model, the plan holds at least the accelerators the
    classes need added up, which is more than the mean request would need."""
    data = _with_workload(ttft_ms=None, critical=None, request_classes=[
        {"input_tokens": 300, "output_tokens": 100, "share": 0.7},
        {"input_tokens": 12000, "output_tokens": 1200, "share": 0.3},
    ])  # fmt: skip
    data["policy"] = {"allowed_providers": ["scaleway"], "excluded_models": ["mistral-small-3"]}
    scenario = _scenario(data, shipped_catalog)
    outcome = plan_scenario(scenario, shipped_catalog, PARAMS)
    assert outcome.plan is not None and outcome.report is not None
    assert check_plan(scenario, shipped_catalog, outcome.plan, outcome.report) == []
    served = [a for a in outcome.plan.allocations if a.share > 0]
    [accelerator] = {shipped_catalog.cloud_offers[a.venue.id].accelerator_id for a in served}
    [model] = {a.model_id for a in served}
    [w] = scenario.workloads
    by_class = sum(
        _accelerators_needed(shipped_catalog, model, accelerator, w.for_class(c))
        for c in w.request_classes
    )
    mean = replace(w, request_classes=(), input_tokens=round(w.mean_input_tokens),
                   output_tokens=round(w.mean_output_tokens))  # fmt: skip
    at_mean = _accelerators_needed(shipped_catalog, model, accelerator, mean)
    held = sum(a.accelerators for a in served)
    assert held >= by_class * (1 - 1e-9)
    assert by_class > at_mean * 1.05, "sizing at the mean would under-count"
    cost_at_mean = plan_scenario(replace(scenario, workloads=(mean,)), shipped_catalog, PARAMS)
    assert cost_at_mean.report is not None
    assert outcome.report.costs.total > cost_at_mean.report.costs.total
