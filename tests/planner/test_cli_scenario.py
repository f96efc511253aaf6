"""`sovplan plan --save` and `sovplan scenario …` as a user runs them, each in its own workspace."""

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from catalog.revisions import record_revision
from catalog.workspace import open_workspace
from planner.cli.main import main
from planner.exit_codes import ExitCode
from planner.scenario.examples import examples_dir

EXAMPLES = examples_dir()
MIDSIZE = EXAMPLES / "midsize-firm.toml"
pytestmark = pytest.mark.solver


def sovplan(capsys: pytest.CaptureFixture[str], ws: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(ws), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, err: str) -> str:
    assert code == ExitCode.INVALID_INPUT, err
    assert err.startswith("sovplan: error: ") and err.count("\n") == 1, err
    return err


def _listing(capsys: pytest.CaptureFixture[str], ws: Path) -> dict[str, dict[str, Any]]:
    code, out, _ = sovplan(capsys, ws, "scenario", "list", "--json")
    assert code == ExitCode.OK
    return {s["name"]: s for s in json.loads(out)}


def _save_cheap(capsys: pytest.CaptureFixture[str], ws: Path, name: str = "cheap") -> None:
    code, out, _ = sovplan(capsys, ws, "plan", str(MIDSIZE), "--save", name)
    assert code == ExitCode.OK
    assert out.rstrip().endswith(f"saved as {name}")


def test_a_saved_plan_is_listed_and_shown_with_its_cost(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = sovplan(capsys, workspace_path, "plan", str(MIDSIZE), "--json")
    planned = json.loads(out)
    _save_cheap(capsys, workspace_path)
    cost = f"{planned['currency']} {planned['annual_cost']:,.0f}"

    code, out, _ = sovplan(capsys, workspace_path, "scenario", "list")
    assert code == ExitCode.OK
    [row] = [line for line in out.splitlines() if line.startswith("cheap ")]
    assert "optimal" in row and cost in row and "outdated" not in row

    code, out, _ = sovplan(capsys, workspace_path, "scenario", "show", "cheap")
    assert code == ExitCode.OK
    assert f"annual cost {cost}" in out
    assert "outdated" not in out
    assert MIDSIZE.read_text(encoding="utf-8").rstrip("\n") in out, "the requirements' TOML"

    code, out, _ = sovplan(capsys, workspace_path, "scenario", "show", "cheap", "--json")
    shown = json.loads(out)
    assert shown["scenario_toml"] == MIDSIZE.read_text(encoding="utf-8")
    assert shown["plan"]["annual_cost"] == pytest.approx(planned["annual_cost"])
    assert (
        shown["catalog_revision"]
        == planned["catalog_revision"]
        == shown["current_catalog_revision"]
    )
    assert shown["outdated"] is False


def test_plan_json_with_save_keeps_stdout_pure_json(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = sovplan(capsys, workspace_path, "plan", str(MIDSIZE), "--json", "--save", "x")
    assert code == ExitCode.OK
    assert json.loads(out)["status"] == "optimal"
    assert err.strip() == "saved as x"


def test_a_taken_name_is_refused_before_solving_unless_overwrite(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _save_cheap(capsys, workspace_path)
    code, out, err = sovplan(capsys, workspace_path, "plan", str(MIDSIZE), "--save", "cheap")
    assert "already exists" in _one_line_error(code, err)
    assert out == "", "refused before the solve, so no plan is printed"
    before = _listing(capsys, workspace_path)["cheap"]
    code, out, _ = sovplan(
        capsys, workspace_path, "plan", str(MIDSIZE), "--save", "cheap", "--overwrite"
    )
    assert code == ExitCode.OK and "saved as cheap" in out
    after = _listing(capsys, workspace_path)["cheap"]
    assert after["created_at"] == before["created_at"]
    assert after["updated_at"] > before["updated_at"]
    code, _, err = sovplan(capsys, workspace_path, "plan", str(MIDSIZE), "--overwrite")
    assert "--overwrite only applies with --save" in _one_line_error(code, err)


def test_rename_duplicate_and_delete(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _save_cheap(capsys, workspace_path)
    assert sovplan(capsys, workspace_path, "scenario", "rename", "cheap", "budget")[0] == 0
    assert set(_listing(capsys, workspace_path)) == {"budget"}

    code, _, err = sovplan(capsys, workspace_path, "scenario", "show", "cheap")
    assert "no saved scenario 'cheap'; saved: budget" in _one_line_error(code, err)

    assert sovplan(capsys, workspace_path, "scenario", "duplicate", "budget", "budget v2")[0] == 0
    listing = _listing(capsys, workspace_path)
    assert set(listing) == {"budget", "budget v2"}
    assert listing["budget v2"]["annual_cost"] == listing["budget"]["annual_cost"]

    code, _, err = sovplan(capsys, workspace_path, "scenario", "rename", "budget", "budget v2")
    assert "already exists" in _one_line_error(code, err)

    assert sovplan(capsys, workspace_path, "scenario", "delete", "budget")[0] == 0
    assert set(_listing(capsys, workspace_path)) == {"budget v2"}
    code, _, err = sovplan(capsys, workspace_path, "scenario", "delete", "budgte")
    assert "(did you mean 'budget v2'?)" in _one_line_error(code, err)


def _raise_the_price_of_the_cloud_offers_used(
    capsys: pytest.CaptureFixture[str], ws: Path, plan: dict[str, Any], tmp_path: Path
) -> None:
    used = {
        i["venue_key"].removeprefix("cloud:") for i in plan["line_items"] if i["kind"] == "cloud"
    }
    assert used, "the cost-driven example rents instances; pick another change if that moved"
    exported = tmp_path / "cloud_offers.csv"
    assert sovplan(capsys, ws, "catalog", "export", "cloud_offers", str(exported))[0] == 0
    with exported.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, [r for r in reader if r["id"] in used]
    assert fields is not None
    for row in rows:
        row["price_per_instance_hour"] = str(float(row["price_per_instance_hour"]) * 3)
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    code, out, err = sovplan(capsys, ws, "catalog", "import", str(edited), "--table",
                             "cloud_offers")  # fmt: skip
    assert code == ExitCode.OK, err
    assert f"{len(rows)} changed" in out


def test_a_catalog_change_makes_it_outdated_and_resolve_brings_it_current(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _save_cheap(capsys, workspace_path)
    old = _listing(capsys, workspace_path)["cheap"]
    _, out, _ = sovplan(capsys, workspace_path, "scenario", "show", "cheap", "--json")
    _raise_the_price_of_the_cloud_offers_used(
        capsys, workspace_path, json.loads(out)["plan"], tmp_path
    )

    code, out, _ = sovplan(capsys, workspace_path, "scenario", "list")
    [row] = [line for line in out.splitlines() if line.startswith("cheap ")]
    assert row.endswith("outdated: re-solve")
    code, out, _ = sovplan(capsys, workspace_path, "scenario", "show", "cheap")
    assert "outdated" in out and "sovplan scenario resolve cheap" in out

    code, out, _ = sovplan(capsys, workspace_path, "scenario", "resolve", "cheap")
    assert code == ExitCode.OK
    assert "re-solved against catalog revision" in out
    new = _listing(capsys, workspace_path)["cheap"]
    assert new["outdated"] is False
    assert new["catalog_revision"] == new["current_catalog_revision"] > old["catalog_revision"]
    assert new["annual_cost"] > old["annual_cost"], "the dearer instances show in the new plan"
    _, out, _ = sovplan(capsys, workspace_path, "scenario", "list")
    assert "outdated" not in out


def test_any_new_catalog_revision_marks_it_outdated(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _save_cheap(capsys, workspace_path)
    ws = open_workspace(workspace_path)
    with ws.sessions.begin() as s:
        record_revision(s, "an edit elsewhere")
    ws.close()
    assert _listing(capsys, workspace_path)["cheap"]["outdated"] is True
    assert sovplan(capsys, workspace_path, "scenario", "resolve", "cheap")[0] == ExitCode.OK
    assert _listing(capsys, workspace_path)["cheap"]["outdated"] is False


def test_the_stored_requirements_write_back_to_a_plannable_file(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _save_cheap(capsys, workspace_path)
    target = tmp_path / "out" / "again.toml"
    target.parent.mkdir()
    code, out, _ = sovplan(capsys, workspace_path, "scenario", "toml", "cheap", str(target))
    assert code == ExitCode.OK and str(target) in out
    assert target.read_text(encoding="utf-8") == MIDSIZE.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["again.toml"], "no temporary left"
    code, out, _ = sovplan(capsys, workspace_path, "plan", str(target), "--json")
    assert code == ExitCode.OK and json.loads(out)["status"] == "optimal"

    code, _, err = sovplan(capsys, workspace_path, "scenario", "toml", "cheap", str(tmp_path))
    assert "is a folder" in _one_line_error(code, err)


def test_errors_are_one_line_with_exit_code_2(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = sovplan(capsys, workspace_path, "scenario", "list")
    assert code == ExitCode.OK and "no saved scenarios" in out
    for argv in (
        ("scenario", "show", "nothing"),
        ("scenario", "resolve", "nothing"),
        ("scenario", "toml", "nothing", "x.toml"),
        ("scenario", "rename", "nothing", "else"),
        ("scenario", "duplicate", "nothing", "else"),
        ("scenario", "delete", "nothing"),
    ):
        code, _, err = sovplan(capsys, workspace_path, *argv)
        assert "no saved scenario 'nothing'; nothing is saved yet" in _one_line_error(code, err)
    code, _, err = sovplan(capsys, workspace_path, "plan", str(MIDSIZE), "--save", "  ")
    assert "not blank" in _one_line_error(code, err)
    code, _, err = sovplan(capsys, workspace_path, "scenario", "frobnicate")
    _one_line_error(code, err)
