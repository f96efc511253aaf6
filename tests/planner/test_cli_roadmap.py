"""`sovplan roadmap` as a user runs it: a per-year table, strict JSON, clear refusals."""

import json
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from catalog.domain import Catalog
from planner.cli.main import main
from planner.evaluation.weakest_link import venue_key_name
from planner.exit_codes import ExitCode
from planner.scenario.examples import example_path

pytestmark = pytest.mark.solver
FIRM = ("--example", "midsize-firm", "--periods", "2")


def run(capsys: pytest.CaptureFixture[str], ws: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(ws), "roadmap", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_roadmap_prints_each_year_and_json_and_the_workbook_hold_the_same_path(
    workspace_path: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    shipped_catalog: Catalog,
) -> None:
    code, text, _ = run(capsys, workspace_path, *FIRM)
    assert code == ExitCode.OK
    assert "build-out over 2 years, net present value EUR" in text
    assert "Year 1" in text and "Year 2" in text and "independence" in text
    workbook = tmp_path / "roadmap.xlsx"
    code, out, err = run(capsys, workspace_path, *FIRM, "--json", "--export", str(workbook))
    assert code == ExitCode.OK and f"exported {workbook}" in err
    found = json.loads(out)
    sheets = openpyxl.load_workbook(workbook)
    assert sheets.sheetnames == ["Roadmap", "Procurement calendar", "Workloads by year"]
    calendar = list(sheets["Procurement calendar"].iter_rows(min_row=3, values_only=True))
    delivered = [(d["first_year"], venue_key_name(d["venue"], shipped_catalog), d["units"])
                 for y in found["years"] for d in y["delivered"]]  # fmt: skip
    assert [(row[0], row[1], row[3]) for row in calendar] == delivered
    npv_row = list(sheets["Roadmap"].iter_rows(values_only=True))[-1]
    assert npv_row[0] == "Net present value" and npv_row[3] == pytest.approx(found["npv"])
    assert found["status"] == "optimal" and [y["year"] for y in found["years"]] == [1, 2]
    rate = 0.08  # the firm's discount rate
    discounted = sum(y["annual_cost"] / (1 + rate) ** i for i, y in enumerate(found["years"]))
    assert found["npv"] == pytest.approx(discounted, rel=1e-6)
    for year in found["years"]:
        assert {w["workload_id"] for w in year["workloads"]} == {
            w["workload_id"] for w in found["years"][0]["workloads"]
        }


def test_bad_input_is_refused_with_the_reason(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, workspace_path, "--example", "midsize-firm", "--periods", "0")
    assert code == ExitCode.INVALID_INPUT and "--periods" in err and "from 1 to 30" in err
    code, _, err = run(capsys, workspace_path, *FIRM, "--export", str(tmp_path / "r.csv"))
    assert code == ExitCode.INVALID_INPUT and "exported to .xlsx or .pdf only" in err
    assert not (tmp_path / "r.csv").exists()
    bad = tmp_path / "bad.toml"
    text = example_path("midsize-firm").read_text(encoding="utf-8")
    roadmap = '[roadmap]\nperiods = 0\nlead_in_weeks = -1.0\nindependence_path = "two:60"\n'
    bad.write_text(f"{text}\n{roadmap}", encoding="utf-8")
    code, _, err = run(capsys, workspace_path, str(bad))
    assert code == ExitCode.INVALID_INPUT
    assert "roadmap.periods" in err and "roadmap.lead_in_weeks" in err
    assert "roadmap.independence_path" in err and "'two:60' is not year:floor" in err


def test_a_path_no_year_can_hold_says_why_and_exits_3(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = example_path("small-nation").read_text(encoding="utf-8")
    assert "[roadmap]\n" in text
    steep = tmp_path / "steep.toml"
    steep.write_text(
        text.replace("[roadmap]\n", '[roadmap]\nindependence_path = "2:99"\n'), "utf-8"
    )
    code, out, _ = run(capsys, workspace_path, str(steep), "--periods", "2")
    assert code == ExitCode.INFEASIBLE
    assert "no path meets every year's requirements" in out
