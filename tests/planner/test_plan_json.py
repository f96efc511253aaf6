"""The plan document at its JSON edge: what is encoded decodes to the same document, a plan
stored by an earlier release still loads, and a malformed one is refused naming the field."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from catalog.scenario_store import save_scenario
from catalog.snapshot import load_catalog
from catalog.workspace import Workspace, open_workspace
from planner.cli.main import main
from planner.errors import PlannerError
from planner.exit_codes import ExitCode
from planner.optimise.planning import plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.plan_document import SCHEMA_VERSION, PlanDocument, SolveStatus
from planner.results.plan_json import (
    JsonFormatError,
    decode_plan,
    encode_plan,
    plan_from_text,
    plan_to_text,
)
from planner.results.saved_scenarios import load_saved
from planner.scenario.examples import examples_dir
from planner.scenario.reader import load_scenario
from tests.planner.plan_strategies import plan_documents

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(examples_dir().glob("*.toml"))
FIXTURES = ROOT / "tests" / "fixtures" / "plans"
"""Plans as `sovplan plan --save` stored them before `schema_version` was written (v1)."""
FEASIBLE_V1 = ("v1-eu-bank", "v1-midsize-firm", "v1-small-nation")
INFEASIBLE_V1 = ("v1-poor-bank", "v1-strict")
ADDED_AFTER_V1 = {"options_eligible": 0, "proven_over": "pruned"}
"""Header keys added since v1 (after `options_considered`), as a v1 plan reads: eligible
options not recorded, and proven over the pruned set every plan of that release was."""


def with_added_keys(stored: dict[str, Any]) -> dict[str, Any]:
    """A v1 plan's keys as this release writes them: the added ones in their place."""
    out: dict[str, Any] = {}
    for key, value in stored.items():
        out[key] = value
        if key == "options_considered":
            out.update(ADDED_AFTER_V1)
    return out


def fixture_text(name: str) -> str:
    return (FIXTURES / f"{name}.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def solved(
    seeded_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, PlanDocument]:
    """Each shipped example planned once, as the CLI and the GUI build its document."""
    path = tmp_path_factory.mktemp("plan-json") / "workspace.sqlite"
    shutil.copyfile(seeded_template, path)
    ws = open_workspace(path)
    try:
        with ws.sessions() as session:
            catalog = load_catalog(session)
    finally:
        ws.close()
    plans = {}
    for example in EXAMPLES:
        scenario = load_scenario(example, catalog)
        plans[example.stem] = plan_document(plan_scenario(scenario, catalog), scenario, catalog)
    return plans


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.solver
@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_an_example_plan_decodes_to_the_document_that_was_encoded(
    solved: dict[str, PlanDocument], example: str
) -> None:
    plan = solved[example]
    assert plan.result is not None and plan.result.line_items and plan.result.allocations
    text = plan_to_text(plan)
    assert plan_from_text(text) == plan
    assert plan_to_text(plan_from_text(text)) == text


@settings(max_examples=200, deadline=None)
@given(plan_documents)
def test_any_document_survives_encode_and_decode(plan: PlanDocument) -> None:
    decoded = decode_plan(json.loads(plan_to_text(plan)))
    assert decoded == plan
    assert encode_plan(decoded) == encode_plan(plan)


# --- plans stored by the release before schema_version --------------------------------------


@pytest.mark.parametrize("name", FEASIBLE_V1 + INFEASIBLE_V1)
def test_a_v1_plan_decodes_and_encodes_to_the_same_json_plus_its_version(name: str) -> None:
    """A v1 plan has no capital outlay, which version 2 requires: it is written as version 1
    again; one without a plan has nothing version 2 requires."""
    stored = json.loads(fixture_text(name))
    assert "schema_version" not in stored
    plan = decode_plan(stored)
    assert plan.header.scenario_name == stored["scenario"]
    assert plan.header.status is SolveStatus(stored["status"])
    assert plan.header.proven_over.value == ADDED_AFTER_V1["proven_over"]
    version = 1 if plan.result is not None else SCHEMA_VERSION
    assert encode_plan(plan) == {"schema_version": version, **with_added_keys(stored)}
    assert decode_plan(encode_plan(plan)) == plan


def test_a_v1_owned_line_reads_as_not_having_recorded_its_capital_outlay() -> None:
    plan = decode_plan(json.loads(fixture_text("v1-small-nation")))
    assert plan.result is not None and plan.result.capital is None
    owned = [i for i in plan.result.line_items if i.kind.value == "owned"]
    assert owned and all(i.purchase_price is None and i.unit_price is None for i in owned)


@pytest.mark.parametrize("name", FEASIBLE_V1)
def test_a_v1_plan_keeps_its_figures(name: str) -> None:
    stored = json.loads(fixture_text(name))
    plan = decode_plan(stored)
    assert plan.result is not None
    assert plan.result.annual_cost == stored["annual_cost"]
    assert plan.result.scores.independence.total == stored["scores"]["independence"]["total"]
    assert [i.venue_key for i in plan.result.line_items] == [
        i["venue_key"] for i in stored["line_items"]
    ]
    assert [a.standby for a in plan.result.allocations] == [
        a["standby"] for a in stored["allocations"]
    ]
    assert plan.alternatives_for(stored["workloads"][0]["id"]) == tuple(
        stored["alternative_providers"][stored["workloads"][0]["id"]]
    )


@pytest.mark.parametrize("name", INFEASIBLE_V1)
def test_a_v1_plan_without_a_plan_keeps_its_conflicts(name: str) -> None:
    stored = json.loads(fixture_text(name))
    plan = decode_plan(stored)
    assert plan.result is None and plan.header.status is SolveStatus.INFEASIBLE
    assert [(c.family, c.message, list(c.fields), c.amount) for c in plan.conflicts] == [
        (c["family"], c["message"], c["fields"], c["amount"]) for c in stored["conflicts"]
    ]


@pytest.fixture
def v1_workspace(workspace_path: Path) -> Iterator[Workspace]:
    """A workspace holding the v1 plans exactly as the earlier release stored them."""
    ws = open_workspace(workspace_path)
    with ws.sessions.begin() as session:
        for name in FEASIBLE_V1 + INFEASIBLE_V1:
            stored = json.loads(fixture_text(name))
            save_scenario(session, name, 'name = "stored"\n', stored["catalog_revision"],
                          stored["status"], json.dumps(stored), overwrite=False)  # fmt: skip
    yield ws
    ws.close()


def test_v1_plans_stored_in_a_workspace_load_show_and_export(
    v1_workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with v1_workspace.sessions() as session:
        bank = load_saved(session, "v1-eu-bank")
        poor = load_saved(session, "v1-poor-bank")
    assert bank.plan == plan_from_text(fixture_text("v1-eu-bank"))
    assert bank.annual_cost is not None and bank.currency == "EUR"
    assert poor.plan is not None and poor.plan.result is None and poor.annual_cost is None
    ws = str(v1_workspace.path)
    assert main(["--workspace", ws, "scenario", "show", "v1-eu-bank"]) == ExitCode.OK
    assert f"annual cost EUR {bank.annual_cost:,.0f}" in capsys.readouterr().out
    exported = tmp_path / "bank.md"
    assert main(["--workspace", ws, "scenario", "export", "v1-eu-bank", str(exported)]) == 0
    assert f"EUR {bank.annual_cost:,.0f}" in exported.read_text(encoding="utf-8")
    assert main(["--workspace", ws, "compare", "v1-eu-bank", "v1-small-nation"]) == ExitCode.OK


# --- the command line -----------------------------------------------------------------------


ADDED_SINCE_V1: dict[str, tuple[str, ...]] = {
    "plan": ("dependencies", "capital", "annual_budget", "organisation"),
    "scores": ("weakest_link",),
    "workloads": ("independence", "weakest_link", "demand_input_tokens_per_second"),
    "line_items": ("interruptible", "purchase_price", "capital_outlay"),
    "allocations": ("serving", "interruptible", "request_class", "input_tokens_per_second"),
}
"""Keys a plan gained after version 1 (with defaults, so v1 plans still decode), by where."""


def _v1_keys_then_added(printed: list[str], stored: list[str], where: str) -> None:
    assert printed[: len(stored)] == stored, where
    assert set(printed[len(stored) :]) <= set(ADDED_SINCE_V1.get(where, ())), where


@pytest.mark.solver
def test_plan_json_prints_the_v1_keys_and_the_schema_version(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--workspace", str(workspace_path), "plan", "--example", "eu-bank", "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK
    stored = json.loads(fixture_text("v1-eu-bank"))
    assert printed["proven_over"] == "all" and printed["options_eligible"] > 0
    assert printed["schema_version"] == SCHEMA_VERSION
    _v1_keys_then_added(list(printed)[1:], list(with_added_keys(stored)), "plan")
    _v1_keys_then_added(list(printed["scores"]), list(stored["scores"]), "scores")
    for key in ("line_items", "allocations", "workloads"):
        v1_keys = list(stored[key][0])
        assert printed[key]
        for row in printed[key]:
            _v1_keys_then_added(list(row), v1_keys, key)
    assert all(row["weakest_link"] for row in printed["workloads"])


# --- malformed plans ------------------------------------------------------------------------


def _bank() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_text("v1-eu-bank"))
    return data


def _v2_nation(change: str) -> dict[str, Any]:
    """The small nation's v1 plan (one owned line) as version 2 writes it, then broken."""
    data: dict[str, Any] = json.loads(fixture_text("v1-small-nation"))
    data["schema_version"] = 2
    owned = data["line_items"][0]
    owned |= {"purchase_price": 100.0, "capital_outlay": 115.0 * owned["quantity"]}
    data["capital"] = {"outlay": owned["capital_outlay"], "budget": None}
    match change:
        case "no-capital":
            del data["capital"]
        case "no-price":
            del owned["purchase_price"]
        case "outlay":
            data["capital"]["outlay"] += 1000.0
    return data


def test_a_v2_plan_records_its_capital_outlay() -> None:
    plan = decode_plan(_v2_nation("none"))
    assert plan.result is not None and plan.result.capital is not None
    assert plan.result.capital.outlay == plan.result.line_items[0].capital_outlay
    assert encode_plan(plan)["schema_version"] == SCHEMA_VERSION == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no-capital", "plan: missing field 'capital'"),
        ("no-price", "plan.line_items[0]: missing field 'purchase_price'"),
        ("outlay", "plan.capital.outlay: "),
    ],
)
def test_a_v2_plan_without_its_capital_outlay_is_refused(change: str, message: str) -> None:
    with pytest.raises(JsonFormatError) as raised:
        decode_plan(_v2_nation(change))
    assert str(raised.value).startswith(message)


def _broken(change: str) -> dict[str, Any]:
    data = _bank()
    match change:
        case "missing":
            del data["line_items"][2]["quantity"]
        case "text-for-number":
            data["line_items"][2]["quantity"] = "many"
        case "status":
            data["status"] = "nearly"
        case "category":
            data["cost_breakdown"]["by_category"]["gold"] = 1.0
        case "total":
            data["scores"]["lock_in"]["total"] += 1
        case "newer":
            data["schema_version"] = SCHEMA_VERSION + 1
        case "list":
            data["conflicts"] = {"family": "x"}
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing", "plan.line_items[2]: missing field 'quantity'"),
        ("text-for-number", "plan.line_items[2].quantity: expected a number, got 'many'"),
        ("status", "plan.status: expected one of optimal, feasible, infeasible"),
        ("category", "plan.cost_breakdown.by_category.gold: expected one of capex"),
        ("total", "plan.scores.lock_in.total: "),
        ("newer", f"plan.schema_version: version {SCHEMA_VERSION + 1} is not one this sovplan"),
        ("list", "plan.conflicts: expected a list, got an object"),
    ],
)
def test_a_malformed_plan_is_refused_naming_the_field(change: str, message: str) -> None:
    with pytest.raises(JsonFormatError) as raised:
        decode_plan(_broken(change))
    assert str(raised.value).startswith(message)


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(JsonFormatError, match="plan: not valid JSON"):
        plan_from_text('{"scenario": ')
    with pytest.raises(JsonFormatError, match="plan: expected an object, got a list"):
        plan_from_text("[]")


def test_a_malformed_stored_plan_names_the_saved_scenario_and_the_way_out(
    workspace: Workspace,
) -> None:
    data = _broken("text-for-number")
    with workspace.sessions.begin() as session:
        save_scenario(session, "edited by hand", 'name = "x"\n', 1, "optimal", json.dumps(data),
                      overwrite=False)  # fmt: skip
    with workspace.sessions() as session, pytest.raises(PlannerError) as raised:
        load_saved(session, "edited by hand")
    message = str(raised.value)
    assert "saved scenario 'edited by hand'" in message
    assert "plan.line_items[2].quantity: expected a number" in message
    assert "sovplan scenario resolve" in message
