"""Replicas within one machine, precision as a choice, and the serving trail each allocation
carries: what a user sees in a plan's options, its allocations and its exports."""

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from catalog.domain import Catalog
from planner.capacity.physics import Precision
from planner.evaluation.plan import VenueKind
from planner.exports import export_plan
from planner.optimise.options import PruneMode, compile_options
from planner.optimise.planning import plan_scenario
from planner.results.plan_json import plan_from_text, plan_to_text
from planner.scenario.examples import example_names, example_path
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario
from solver.problem import SolveStatus
from tests.checker import check_plan
from tests.solved import SolvedBank

SMALL_MODEL = "llama-3.1-8b-instruct"
ONE_L4_PROVIDER = "gcp"
"""GCP rents the L4 one per g2-standard-4 instance (and two or four in larger ones)."""


@pytest.mark.parametrize("name", example_names())
def test_no_option_spans_more_than_one_machine(shipped_catalog: Catalog, name: str) -> None:
    scenario = load_scenario(example_path(name), shipped_catalog)
    compiled = compile_options(scenario, shipped_catalog, prune=PruneMode.NONE)
    sizes = set()
    for option in compiled.options:
        if option.serving is None:
            assert option.venue.kind is VenueKind.API or option.tokens_per_second_per_unit == 0
            continue
        assert option.resource_key is not None
        machine = compiled.resources[option.resource_key].accelerators_per_unit
        tp = option.serving.tensor_parallel
        assert tp <= machine and machine % tp == 0, (option.venue.key, tp, machine)
        sizes.add((tp, machine))
    assert (1, 1) in sizes, "single-GPU instances serve replicas of one"


def test_every_size_within_a_machine_is_its_own_option(shipped_catalog: Catalog) -> None:
    nation = load_scenario(example_path("small-nation"), shipped_catalog)
    compiled = compile_options(nation, shipped_catalog, prune=PruneMode.NONE)
    on_eight = {
        (o.model_id, o.precision, o.serving.tensor_parallel)
        for o in compiled.options
        if o.serving is not None and o.resource_key is not None
        and compiled.resources[o.resource_key].accelerators_per_unit == 8
    }  # fmt: skip
    sizes = {tp for _, _, tp in on_eight}
    assert sizes == {1, 2, 4, 8}


def _one_small_workload(firm: Scenario, catalog: Catalog) -> Scenario:
    """The firm's public document summaries at a twentieth of the load and a chat's shape,
    served only by a small model on one provider, in FP8."""
    summaries = next(w for w in firm.workloads if w.id == "document-summaries")
    small = replace(summaries, tokens_per_day=2_000_000, min_quality=None,
                    input_tokens=1000, output_tokens=300, tpot_ms=80.0)  # fmt: skip
    others = tuple(m for m in catalog.ai_models if m != SMALL_MODEL)
    policy = replace(firm.policy, allowed_providers=(ONE_L4_PROVIDER,), excluded_models=others,
                     allowed_precisions=(Precision.FP8,))  # fmt: skip
    return replace(firm, workloads=(small,), policy=policy)


def test_at_low_load_one_single_gpu_instance_is_bought(shipped_catalog: Catalog) -> None:
    # Per accelerator, two L4s in tensor parallel serve this shape faster than one, so the
    # planner used to rent two single-L4 instances as one replica; one L4 carries the load.
    firm = load_scenario(example_path("midsize-firm"), shipped_catalog)
    scenario = _one_small_workload(firm, shipped_catalog)
    outcome = plan_scenario(scenario, shipped_catalog)
    assert outcome.status is SolveStatus.OPTIMAL and outcome.plan is not None
    (line,) = outcome.plan.cloud
    assert shipped_catalog.cloud_offers[line.offer_id].accelerators_per_instance == 1
    assert line.instances == 1
    (allocation,) = outcome.plan.allocations
    assert allocation.serving is not None and allocation.serving.tensor_parallel == 1
    assert outcome.report is not None
    assert check_plan(scenario, shipped_catalog, outcome.plan, outcome.report) == []


@pytest.mark.parametrize("allowed", [(Precision.BF16,), (Precision.FP8, Precision.INT4)])
def test_a_disallowed_precision_never_appears_in_a_plan(
    shipped_catalog: Catalog, allowed: tuple[Precision, ...]
) -> None:
    bank = load_scenario(example_path("eu-bank"), shipped_catalog)
    scenario = replace(bank, policy=replace(bank.policy, allowed_precisions=allowed))
    outcome = plan_scenario(scenario, shipped_catalog)
    assert outcome.plan is not None and outcome.report is not None
    served = [a for a in outcome.plan.allocations if a.serving is not None]
    assert served, "the bank self-hosts some inference"
    assert {a.precision for a in served} <= {p.value for p in allowed}
    assert check_plan(scenario, shipped_catalog, outcome.plan, outcome.report) == []


def test_every_precision_the_hardware_has_is_an_option_by_default(
    shipped_catalog: Catalog,
) -> None:
    bank = load_scenario(example_path("eu-bank"), shipped_catalog)
    bank = replace(bank, policy=replace(bank.policy, allowed_precisions=()))
    compiled = compile_options(bank, shipped_catalog, prune=PruneMode.NONE)
    offered = {o.precision for o in compiled.options if o.serving is not None}
    assert {"bf16", "fp8", "int8", "int4"} <= offered


def test_the_trail_meets_the_workload_targets(solved_bank: SolvedBank) -> None:
    result = solved_bank.plan.result
    assert result is not None
    workloads = {w.id: w for w in solved_bank.scenario.workloads}
    trails = [(a, a.serving) for a in result.allocations if a.serving is not None]
    assert trails
    for allocation, trail in trails:
        workload = workloads[allocation.workload_id]
        assert trail.tpot_target_ms == workload.tpot_ms
        assert trail.ttft_target_ms == workload.ttft_ms
        assert trail.tpot_target_ms is None or trail.tpot_ms <= trail.tpot_target_ms
        assert trail.ttft_target_ms is None or trail.ttft_ms <= trail.ttft_target_ms
        assert trail.batch >= 1 and trail.basis == "estimate"
        assert trail.limited_by in {
            "memory_capacity", "memory_bandwidth", "compute", "interconnect", "latency_target"
        }  # fmt: skip
    assert any(t.tpot_target_ms is not None for _, t in trails), "the bank has a target"


def test_the_trail_round_trips_through_json(solved_bank: SolvedBank) -> None:
    again = plan_from_text(plan_to_text(solved_bank.plan))
    assert again == solved_bank.plan
    assert again.result is not None
    assert any(a.serving is not None for a in again.result.allocations)


def test_the_trail_is_in_the_workbook(solved_bank: SolvedBank, tmp_path: Path) -> None:
    path = tmp_path / "bank.xlsx"
    export_plan(solved_bank.plan, path, horizon_years=3.0)
    sheet = load_workbook(path)["Serving"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("Workload", "Model", "Venue", "Precision", "Tensor parallel", "Batch")
    result = solved_bank.plan.result
    assert result is not None
    expected = [a for a in result.allocations if a.serving is not None]
    assert len(rows) - 1 == len(expected)
    for row, allocation in zip(rows[1:], expected, strict=True):
        assert allocation.serving is not None
        assert row[0] == allocation.workload_id and row[3] == allocation.precision
        assert row[4] == allocation.serving.tensor_parallel
        assert row[5] == allocation.serving.batch
        assert row[-1] == "estimate"


def test_old_plans_without_a_trail_still_check(solved_bank: SolvedBank) -> None:
    """A plan stored before the trail was recorded is checked at the best replica size."""
    outcome = solved_bank.outcome
    assert outcome.plan is not None and outcome.report is not None
    bare = replace(
        outcome.plan, allocations=tuple(replace(a, serving=None) for a in outcome.plan.allocations)
    )
    assert check_plan(solved_bank.scenario, solved_bank.catalog, bare, outcome.report) == []
