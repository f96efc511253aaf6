"""The shipped examples by name: `sovplan examples` and `sovplan plan --example NAME`."""

import json
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.exit_codes import ExitCode
from planner.scenario.examples import examples_dir


def run(capsys: pytest.CaptureFixture[str], ws: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(ws), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_examples_lists_every_shipped_file_and_where_it_is(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, workspace_path, "examples")
    files = sorted(examples_dir().glob("*.toml"))
    assert code == ExitCode.OK and len(files) == 3
    listed = [line.split()[0] for line in out.splitlines()[2 : 2 + len(files)]]
    assert listed == [f.stem for f in files]
    assert "EU bank: hedged hybrid" in out  # the scenario's own title
    assert str(examples_dir()) in out


@pytest.mark.solver
def test_plan_by_example_name_is_the_plan_of_the_shipped_file(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_name = run(capsys, workspace_path, "plan", "--example", "small-nation", "--json")
    by_file = run(capsys, workspace_path, "plan", str(examples_dir() / "small-nation.toml"),
                  "--json")  # fmt: skip
    plans = [json.loads(out) for _, out, _ in (by_name, by_file)]
    assert by_name[0] == ExitCode.OK and plans[0]["scenario"].startswith("Small nation")
    for plan in plans:
        plan.pop("solve_seconds")
    assert plans[0] == plans[1]


def test_an_unknown_example_exits_2_and_names_the_shipped_ones(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, workspace_path, "plan", "--example", "eu-bnak")
    assert code == ExitCode.INVALID_INPUT and out == ""
    assert "no example named 'eu-bnak'" in err
    assert "eu-bank, midsize-firm, small-nation" in err


def test_a_file_and_an_example_together_are_refused(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, workspace_path, "plan", str(tmp_path / "mine.toml"),
                         "--example", "eu-bank")  # fmt: skip
    assert code == ExitCode.INVALID_INPUT and out == ""
    assert "either a scenario file or --example, not both" in err


def test_plan_without_a_scenario_says_what_to_give(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, workspace_path, "plan")
    assert code == ExitCode.INVALID_INPUT and out == ""
    assert "give a scenario file (SCENARIO.toml) or --example NAME" in err
