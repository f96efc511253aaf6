"""A saved scenario keeps its roadmap: shown as solved without solving again, marked
outdated after a catalog change, solved again on request, carried by duplicate and rename,
compared as a whole path, and stressed on year 1's commitments and over the whole path."""

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from catalog.domain import Catalog
from catalog.workspace import open_workspace
from planner.cli import roadmap as roadmap_cli
from planner.exit_codes import ExitCode
from planner.optimise.planning import plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.roadmap_builder import solve_roadmap
from planner.results.saved_store import store_plan, store_roadmap
from planner.scenario.examples import example_path
from planner.scenario.reader import load_scenario
from tests.planner.test_cli_scenario import _raise_the_price_of_the_cloud_offers_used, sovplan

pytestmark = pytest.mark.solver
FIRM = ("--example", "midsize-firm", "--periods", "2")


def _roadmap_json(capsys: pytest.CaptureFixture[str], ws: Path, name: str) -> dict[str, Any]:
    code, out, err = sovplan(capsys, ws, "roadmap", name, "--json")
    assert code == ExitCode.OK, err
    data: dict[str, Any] = json.loads(out)
    return data


def _no_solving(*_: object, **__: object) -> None:
    raise AssertionError("a kept roadmap is shown without solving")


def test_a_kept_roadmap_is_shown_as_solved_until_it_is_solved_again(
    workspace_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = sovplan(capsys, workspace_path, "roadmap", *FIRM, "--save", "firm")
    assert code == ExitCode.OK, err
    assert "saved as firm: its plan (EUR" in out and "its 2-year roadmap" in out
    kept = _roadmap_json(capsys, workspace_path, "firm")
    _, listed, _ = sovplan(capsys, workspace_path, "scenario", "list", "--json")
    assert [s["name"] for s in json.loads(listed)] == ["firm"], "the plan is saved with it"
    _, shown, _ = sovplan(capsys, workspace_path, "scenario", "show", "firm")
    assert f"keeps a 2-year roadmap, net present value EUR {kept['npv']:,.0f}" in shown

    assert sovplan(capsys, workspace_path, "scenario", "duplicate", "firm", "copy")[0] == 0
    assert sovplan(capsys, workspace_path, "scenario", "rename", "copy", "moved")[0] == 0
    assert _roadmap_json(capsys, workspace_path, "moved") == kept

    _raise_the_price_of_the_cloud_offers_used(capsys, workspace_path, kept["first_year"], tmp_path)
    workbook = tmp_path / "kept.xlsx"
    with monkeypatch.context() as patched:
        patched.setattr(roadmap_cli, "plan_roadmap", _no_solving)
        code, out, _ = sovplan(capsys, workspace_path, "roadmap", "firm", "--export", str(workbook))
    assert code == ExitCode.OK
    npv = f"net present value EUR {kept['npv']:,.0f}"
    assert npv in out and "outdated: the catalog is now at revision" in out
    headline = openpyxl.load_workbook(workbook)["Roadmap"]["A1"].value
    assert f"EUR {kept['npv']:,.0f}" in headline, "the kept roadmap is exported as kept"
    assert "sovplan roadmap firm --resolve" in out

    code, out, err = sovplan(capsys, workspace_path, "roadmap", "firm", "--resolve")
    assert code == ExitCode.OK, err
    assert "kept with saved scenario firm" in out
    again = _roadmap_json(capsys, workspace_path, "firm")
    assert again["catalog_revision"] > kept["catalog_revision"]
    assert again["npv"] > kept["npv"], "the dearer instances show in the path solved again"
    _, out, _ = sovplan(capsys, workspace_path, "roadmap", "firm")
    assert "outdated" not in out
    assert _roadmap_json(capsys, workspace_path, "moved") == kept, "the copy keeps its own"

    assert sovplan(capsys, workspace_path, "scenario", "delete", "firm")[0] == 0
    code, _, err = sovplan(capsys, workspace_path, "roadmap", "firm")
    assert code == ExitCode.INVALID_INPUT and "no saved scenario 'firm'" in err


def test_keeping_a_roadmap_refuses_what_it_cannot_do_before_solving(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roadmap_cli, "plan_roadmap", _no_solving)
    code, _, err = sovplan(capsys, workspace_path, "roadmap", *FIRM, "--resolve")
    assert code == ExitCode.INVALID_INPUT and "--resolve" in err and "not a file" in err
    code, _, err = sovplan(capsys, workspace_path, "roadmap", *FIRM, "--overwrite")
    assert code == ExitCode.INVALID_INPUT and "--overwrite only applies with --save" in err


@pytest.fixture
def two_saved(workspace_path: Path, shipped_catalog: Catalog) -> Path:
    """The firm saved twice through the GUI's functions: its roadmap over two years and over
    one, and once more with no roadmap kept."""
    path = example_path("midsize-firm")
    scenario = load_scenario(path, shipped_catalog)
    plan = plan_document(plan_scenario(scenario, shipped_catalog), scenario, shipped_catalog)
    toml = path.read_text(encoding="utf-8")
    ws = open_workspace(workspace_path)
    try:
        store_plan(ws, "two", toml, plan, roadmap=solve_roadmap(scenario, shipped_catalog, 2))
        store_plan(ws, "one", toml, plan)
        store_roadmap(ws, "one", solve_roadmap(scenario, shipped_catalog, 1))
        store_plan(ws, "none", toml, plan)
    finally:
        ws.close()
    return workspace_path


def test_compare_sets_the_kept_paths_side_by_side(
    two_saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two = _roadmap_json(capsys, two_saved, "two")
    one = _roadmap_json(capsys, two_saved, "one")
    code, out, err = sovplan(capsys, two_saved, "compare", "two", "one", "none", "--json")
    assert code == ExitCode.OK, err
    paths = json.loads(out)["roadmap"]["paths"]
    assert [p and p["npv"] for p in paths] == [two["npv"], one["npv"], None]
    assert paths[0]["annual_cost"] == [y["annual_cost"] for y in two["years"]]
    code, out, _ = sovplan(capsys, two_saved, "compare", "two", "one", "none")
    assert f"{two['npv']:,.0f}" in out and f"{one['npv']:,.0f}" in out
    assert "year 2 cost EUR" in out
    assert "different numbers of years" in out and "no roadmap kept for none" in out


def test_stress_of_a_roadmap_takes_year_one_commitments_and_the_whole_path(
    two_saved: Path, capsys: pytest.CaptureFixture[str], shipped_catalog: Catalog
) -> None:
    kept = _roadmap_json(capsys, two_saved, "two")
    first = kept["first_year"]
    paid = first["cost_breakdown"]["by_provider"]
    group = shipped_catalog.providers[max(paid, key=paid.get)].legal_group
    named = min(p for p in paid if shipped_catalog.providers[p].legal_group == group)
    exit_shock, barred = f"provider-exit:{named}", "legal-reach:US"  # as templates expand
    code, out, err = sovplan(capsys, two_saved, "stress", "two", "--roadmap", "--workers", "1",
                             "--shock", exit_shock, "--shock", barred, "--json")  # fmt: skip
    assert code == ExitCode.OK, err
    found = json.loads(out)
    assert found["origin"] == "the roadmap kept with saved scenario two"
    year_one = found["first_year"]
    assert year_one["annual_cost"] == pytest.approx(first["annual_cost"]), "year 1 is stressed"
    assert {r["shock"] for r in year_one["results"]} == {exit_shock, barred}
    path = found["path"]
    assert path["base_npv"] == pytest.approx(kept["npv"]) and path["periods"] == 2
    assert path["first_year_only"] == [barred]
    [lost] = path["results"]
    assert lost["shock"] == exit_shock and lost["npv_change"] > 0, (
        "losing the provider year 1 pays most makes the path dearer"
    )
