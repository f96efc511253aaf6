"""Your own measurements win: serving profiles imported into the catalog replace the capacity
model's estimate where they cover the request shape, and each allocation says so."""

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from catalog.domain import AcceleratorId, Catalog, ModelId, ServingProfile
from catalog.snapshot import load_catalog
from catalog.workspace import open_workspace
from planner.capacity.calibration import efficiency_for
from planner.capacity.measured import CapacityBasis, interpolate, measured_capacity
from planner.capacity.roofline import Precision, RequestShape, estimate_replica
from planner.cli.main import main
from planner.exit_codes import ExitCode
from planner.optimise.planning import PlanOutcome, plan_scenario
from planner.scenario.reader import parse_scenario
from solver.problem import SolveParams
from tests.checker import check_plan

PARAMS = SolveParams(time_limit_s=30)
COLUMNS = ("id", "ai_model_id", "accelerator_id", "precision", "tensor_parallel",
           "input_tokens", "output_tokens", "tpot_ms", "ttft_ms", "output_tokens_per_second",
           "requests_per_second", "source", "as_of", "notes")  # fmt: skip
SOURCE = "Bank lab, vLLM 0.9, own load generator"
MEASURED_SPEEDUP = 2.0
"""The bank measures twice what the model estimates (a tuned stack, say)."""

SCENARIO: dict[str, Any] = {
    "organisation": {"home_jurisdiction": "FR", "trusted_jurisdictions": ["EU"]},
    "policy": {"allowed_providers": ["scaleway"], "excluded_models": ["mistral-small-3"]},
    "workloads": [{"id": "extraction", "kind": "batch", "tokens_per_day": 20_000_000_000,
                   "input_tokens": 3000, "output_tokens": 300, "min_quality": 60}],
}  # fmt: skip
"""One batch workload on one provider's hardware, so a measurement of it moves the plan."""


def _profile(**fields: Any) -> ServingProfile:
    base: dict[str, Any] = {
        "id": "p", "ai_model_id": ModelId("m"), "accelerator_id": AcceleratorId("a"),
        "precision": "fp8", "tensor_parallel": 1, "input_tokens": 1000, "output_tokens": 100,
        "tpot_ms": None, "ttft_ms": None, "output_tokens_per_second": None,
        "requests_per_second": 1.0, "source": "lab", "as_of": date(2026, 11, 1),
    }  # fmt: skip
    return ServingProfile(**(base | fields))


def _grid(seconds: dict[tuple[int, int], float], **fields: Any) -> list[ServingProfile]:
    return [
        _profile(id=f"p{i}", input_tokens=x, output_tokens=y, requests_per_second=1 / s, **fields)
        for i, ((x, y), s) in enumerate(seconds.items())
    ]


# ---------------------------------------------------------------- the interpolation rule


def test_interpolation_is_exact_at_measured_shapes_and_linear_between() -> None:
    def cost(x: int, y: int) -> float:  # replica-seconds per request, linear in both
        return 0.2 + 0.0001 * x + 0.01 * y

    points = {(x, y): cost(x, y) for x in (1000, 4000) for y in (100, 500)}
    for x, y in points:
        assert interpolate(points, x, y) == pytest.approx(cost(x, y))
    assert interpolate(points, 2500, 300) == pytest.approx(cost(2500, 300))
    assert interpolate(points, 1000, 300) == pytest.approx(cost(1000, 300))


@pytest.mark.parametrize("shape", [(999, 300), (4001, 300), (2000, 50), (2000, 501)])
def test_no_extrapolation_beyond_the_measured_range(shape: tuple[int, int]) -> None:
    points = {(x, y): 1.0 for x in (1000, 4000) for y in (100, 500)}
    assert interpolate(points, *shape) is None


def test_a_cell_with_a_corner_missing_is_not_covered() -> None:
    points = {(1000, 100): 1.0, (4000, 100): 2.0, (1000, 500): 3.0}
    assert interpolate(points, 2000, 300) is None
    assert interpolate(points, 2000, 100) == pytest.approx(1 + 1 / 3)  # on the measured edge


def test_a_measurement_holds_only_for_targets_no_tighter_than_its_own() -> None:
    profiles = _grid({(1000, 100): 0.5}, tpot_ms=50.0)
    at = RequestShape(1000, 100)
    assert measured_capacity(profiles, "m", "a", RequestShape(1000, 100, 60.0), (1,))
    assert measured_capacity(profiles, "m", "a", at, (1,)), "no target: any measurement"
    assert measured_capacity(profiles, "m", "a", RequestShape(1000, 100, 40.0), (1,)) is None
    untimed = _grid({(1000, 100): 0.5})
    assert measured_capacity(untimed, "m", "a", RequestShape(1000, 100, 60.0), (1,)) is None
    assert measured_capacity(profiles, "m", "a", at, (2, 4)) is None, "replica size not allowed"


def test_a_series_answers_only_for_its_own_variant_and_carries_its_targets() -> None:
    """The option compiler asks per variant (replica size, precision): an FP8 measurement
    says nothing of BF16 on the same accelerator, and what it holds is its own target."""
    profiles = _grid({(1000, 100): 0.5}, tpot_ms=50.0)  # fp8, one accelerator
    shape = RequestShape(1000, 100, 60.0)
    assert measured_capacity(profiles, "m", "a", shape, (1,), "bf16") is None
    found = measured_capacity(profiles, "m", "a", shape, (1,), "fp8")
    assert found is not None and (found.tpot_ms, found.ttft_ms) == (50.0, None)


def test_the_series_with_most_tokens_per_accelerator_wins() -> None:
    one = _grid({(1000, 100): 0.5}, tensor_parallel=1)  # 200 tokens/s on one accelerator
    two = [_profile(id="q", tensor_parallel=2, requests_per_second=3.0)]  # 150 per accelerator
    found = measured_capacity(one + two, "m", "a", RequestShape(1000, 100), (1, 2))
    assert found is not None
    assert (found.accelerators_per_replica, found.tokens_per_second_per_accelerator) == (1, 200)
    assert found.basis_text == "measured (lab, as of 2026-11-01)"


# ---------------------------------------------------------------- import, estimate, plan


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _catalog(path: Path) -> Catalog:
    ws = open_workspace(path)
    try:
        with ws.sessions() as session:
            return load_catalog(session)
    finally:
        ws.close()


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


def _plan(catalog: Catalog) -> PlanOutcome:
    scenario = parse_scenario(SCENARIO, catalog, "x.toml")
    outcome = plan_scenario(scenario, catalog, PARAMS)
    assert outcome.plan is not None and outcome.report is not None
    assert check_plan(scenario, catalog, outcome.plan, outcome.report) == []
    return outcome


def _measured_rows(
    catalog: Catalog, model_id: str, accelerator_id: str, precision: str = "fp8", tp: int = 1
) -> list[dict[str, Any]]:
    """A grid of measurements of one variant (precision, replica size) around the workload's
    shape, MEASURED_SPEEDUP times the estimate there, linear in the request's lengths (so the
    interpolation is exact)."""
    w = SCENARIO["workloads"][0]
    accelerator = catalog.accelerators[AcceleratorId(accelerator_id)]
    estimate = estimate_replica(
        catalog.ai_models[ModelId(model_id)], accelerator, Precision(precision),
        RequestShape(w["input_tokens"], w["output_tokens"]),
        efficiency_for(catalog.serving_efficiency, accelerator), tp,
    )  # fmt: skip
    at = w["output_tokens"] / (estimate.tokens_per_second_per_replica * MEASURED_SPEEDUP)

    def seconds(x: int, y: int) -> float:
        return at * (x + 5 * y) / (w["input_tokens"] + 5 * w["output_tokens"])

    return [
        {"id": f"lab-{x}-{y}", "ai_model_id": model_id, "accelerator_id": accelerator_id,
         "precision": estimate.precision.value,
         "tensor_parallel": estimate.accelerators_per_replica, "input_tokens": x,
         "output_tokens": y, "output_tokens_per_second": y / seconds(x, y), "source": SOURCE,
         "as_of": "2026-11-20"}
        for x in (1000, 8000) for y in (100, 1000)
    ]  # fmt: skip


@pytest.mark.solver
def test_an_imported_measurement_changes_the_capacity_and_the_plan(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _plan(_catalog(workspace_path))
    assert before.plan is not None and before.report is not None
    [served] = [a for a in before.plan.allocations if a.share > 0]
    assert served.serving is not None and served.serving.basis == CapacityBasis.ESTIMATE
    catalog = _catalog(workspace_path)
    accelerator_id = catalog.cloud_offers[served.venue.id].accelerator_id
    assert served.serving is not None and served.precision is not None
    rows = _measured_rows(
        catalog, served.model_id, accelerator_id, served.precision, served.serving.tensor_parallel
    )
    file = _write(tmp_path / "profiles.csv", rows)
    code, out, err = _run(capsys, "--workspace", workspace_path, "catalog", "import", file,
                          "--table", "serving_profiles")  # fmt: skip
    assert (code, err) == (ExitCode.OK, ""), err
    assert "serving_profiles: 4 added" in out

    after = _plan(_catalog(workspace_path))
    assert after.plan is not None and after.report is not None
    measured = [a for a in after.plan.allocations if a.share > 0 and a.model_id == served.model_id
                and a.venue.id == served.venue.id]  # fmt: skip
    trails = [a.serving for a in measured]
    assert trails and all(t and t.basis == CapacityBasis.MEASURED for t in trails)
    assert all(t and t.basis_source and SOURCE in t.basis_source for t in trails)
    assert all(t and t.tensor_parallel == served.serving.tensor_parallel for t in trails)
    held_before = served.accelerators
    held_after = sum(a.accelerators for a in measured)
    assert held_after == pytest.approx(held_before / MEASURED_SPEEDUP, rel=1e-6)
    assert after.report.costs.total < before.report.costs.total

    w = SCENARIO["workloads"][0]
    pair = ("--model", served.model_id, "--accelerator", accelerator_id, "--precision",
            served.precision, "--tensor-parallel", served.serving.tensor_parallel)  # fmt: skip
    shape = ("--input-tokens", w["input_tokens"], "--output-tokens", w["output_tokens"])
    code, out, _ = _run(capsys, "--workspace", workspace_path, "estimate", *pair, *shape, "--json")
    shown = json.loads(out)
    assert code == ExitCode.OK and shown["basis"] == "measured"
    assert shown["measured_tokens_per_second_per_accelerator"] == pytest.approx(
        shown["tokens_per_second_per_accelerator"] * MEASURED_SPEEDUP, rel=1e-6
    )
    code, out, _ = _run(capsys, "--workspace", workspace_path, "estimate", "--model",
                        served.model_id, "--accelerator", accelerator_id, "--input-tokens",
                        20000, "--output-tokens", w["output_tokens"])  # fmt: skip
    assert (
        "capacity basis: estimate — this shape or latency target is outside the measured range"
    ) in out


def test_profiles_export_and_import_into_another_workspace(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = _catalog(workspace_path)
    rows = _measured_rows(catalog, "gpt-oss-20b", "nvidia-h100-80gb-sxm5")
    file = _write(tmp_path / "profiles.csv", rows)
    assert _run(capsys, "--workspace", workspace_path, "catalog", "import", file, "--table",
                "serving_profiles")[0] == ExitCode.OK  # fmt: skip
    exported = tmp_path / "out.json"
    code, _, err = _run(capsys, "--workspace", workspace_path, "catalog", "export",
                        "serving_profiles", exported)  # fmt: skip
    assert (code, err) == (ExitCode.OK, "")
    other = tmp_path / "other.sqlite"
    code, _, err = _run(capsys, "--workspace", other, "catalog", "import", exported)
    assert (code, err) == (ExitCode.OK, "")
    assert _catalog(other).serving_profiles == _catalog(workspace_path).serving_profiles


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"requests_per_second": 3.0},
         "column 'output_tokens_per_second': give output_tokens_per_second or "
         "requests_per_second, not both"),
        ({"output_tokens_per_second": ""},
         "column 'output_tokens_per_second': give output_tokens_per_second or "
         "requests_per_second\n"),
        ({"ai_model_id": "no-such-model"},
         "column 'ai_model_id': 'no-such-model' does not exist in ai_models"),
        ({"input_tokens": 0}, "column 'input_tokens': must be greater than 0 (got 0)"),
        ({"precision": "fp6"}, "column 'precision': 'fp6' is not one of bf16, fp8"),
        ({"as_of": "last week"}, "column 'as_of': expected a date as YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_a_bad_profile_file_is_refused_with_nothing_written(
    workspace_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    bad: dict[str, Any],
    message: str,
) -> None:
    rows = _measured_rows(_catalog(workspace_path), "gpt-oss-20b", "nvidia-h100-80gb-sxm5")
    rows[1] |= bad
    file = _write(tmp_path / "profiles.csv", rows)
    code, out, err = _run(capsys, "--workspace", workspace_path, "catalog", "import", file,
                          "--table", "serving_profiles")  # fmt: skip
    assert code == ExitCode.INVALID_INPUT and out == ""
    assert f"profiles.csv: row 3, {message}" in err, err
    assert _catalog(workspace_path).serving_profiles == ()
