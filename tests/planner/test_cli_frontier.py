"""`sovplan frontier` as a user runs it: the headline and table, strict JSON with every
point's plan, exports, a saved scenario, and clear refusals with exit 2."""

import csv
import json
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.exit_codes import ExitCode
from planner.scenario.examples import example_path

pytestmark = pytest.mark.solver
BANK = ("--example", "eu-bank", "--points", "4")


def run(capsys: pytest.CaptureFixture[str], ws: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(ws), "frontier", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_front_prints_its_headline_and_json_holds_every_points_plan(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, workspace_path, *BANK, "--json", "--export", str(tmp_path / "f.csv"))
    assert code == ExitCode.OK
    front = json.loads(out)
    points = front["points"]
    assert front["against"] == "independence" and 2 <= len(points) <= 4
    assert front["headline"].startswith("Independence from")
    costs = [p["annual_cost"] for p in points]
    assert costs == sorted(costs)
    for p in points:
        assert p["plan"]["status"] in ("optimal", "feasible")
        assert p["plan"]["annual_cost"] == pytest.approx(p["annual_cost"])
        assert p["main_suppliers"]
    with (tmp_path / "f.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [float(r["annual_cost"]) for r in rows] == pytest.approx(costs)
    code, text, _ = run(capsys, workspace_path, *BANK)
    assert code == ExitCode.OK
    assert front["headline"] in text and "main suppliers" in text


def test_a_saved_scenario_sweeps_as_saved(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = str(example_path("eu-bank"))
    assert main(["--workspace", str(workspace_path), "plan", bank, "--save", "bank"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, workspace_path, "bank", "--points", "3", "--json")
    assert code == ExitCode.OK and json.loads(out)["points"]


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("--points", "1"), "--points"),
        (("--against", "price"), "--against"),
        (("--export", "front.docx"), "front.docx"),
    ],
)
def test_bad_arguments_are_refused_before_any_solve(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], named: str
) -> None:
    code, _, err = run(capsys, workspace_path, "--example", "eu-bank", *argv)
    assert code == ExitCode.INVALID_INPUT and named in err
