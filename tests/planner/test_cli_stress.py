"""`sovplan stress` as a user runs it: a scenario, an example or a saved plan; chosen shocks, a
user's file, JSON, exports with the stress section, and clear refusals with exit 2."""

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from planner.cli.main import main
from planner.evaluation.cost import cost_plan
from planner.exit_codes import ExitCode
from planner.results.plan_lines import plan_of
from tests.solved import SolvedBank

pytestmark = pytest.mark.solver
FIRM = ("--example", "midsize-firm", "--workers", "1")


def run(capsys: pytest.CaptureFixture[str], ws: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(ws), "stress", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_whole_library_runs_most_harmful_first(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, workspace_path, *FIRM, "--json")
    report = json.loads(out)
    assert code == ExitCode.OK and report["complete"]
    names = [r["shock"] for r in report["results"]]
    assert {"spot-drought", "legal-reach:US", "fx-usd+20"} <= set(names)
    assert any(n.startswith("provider-exit:") for n in names)
    first = report["results"][0]
    assert first["capacity_lost"] == max(r["capacity_lost"] for r in report["results"])
    assert first["recovery"]["added"], "the worst shock's recovery adds capacity"
    code, text, _ = run(capsys, workspace_path, *FIRM)
    assert code == ExitCode.OK
    assert text.index(names[0]) < text.index(names[-1])
    assert "most harmful first" in text and "floors met" in text


def test_a_saved_plan_is_stressed_as_it_was_saved(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", str(workspace_path)]
    assert main([*ws, "plan", "--example", "midsize-firm", "--save", "firm"]) == 0
    capsys.readouterr()
    shocks = ["--shock", "provider-exit", "--shock", "spot-drought"]
    _, fresh, _ = run(capsys, workspace_path, *FIRM, *shocks)
    code, saved, _ = run(capsys, workspace_path, "firm", "--workers", "1", *shocks)
    assert code == ExitCode.OK
    assert saved == fresh, "the same table, to the unit (JSON differs in the last digits)"


def test_the_saved_documents_lines_are_the_plans(solved_bank: SolvedBank) -> None:
    plan = solved_bank.outcome.plan
    assert plan is not None
    again = plan_of(solved_bank.plan, solved_bank.scenario)
    assumptions = solved_bank.scenario.assumptions
    assert cost_plan(again, solved_bank.catalog, assumptions).total == pytest.approx(
        cost_plan(plan, solved_bank.catalog, assumptions).total
    )
    assert again.owned == plan.owned
    assert [c.instances for c in again.cloud] == [c.instances for c in plan.cloud]
    assert len(again.allocations) == len(plan.allocations)


def test_an_unknown_shock_is_refused_with_the_names_there_are(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, workspace_path, *FIRM, "--shock", "meteor")
    assert code == ExitCode.INVALID_INPUT
    assert "no shock named 'meteor'" in err and "spot-drought" in err


def test_a_users_shock_file_adds_its_shocks_and_a_bad_one_is_refused(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "mine.toml"
    good.write_text('[[shocks]]\nname = "nvidia-x3"\nkind = "price_shock"\n'
                    'accelerator_vendor = "NVIDIA"\nchange = 2.0\n'
                    'description = "NVIDIA instances cost three times as much."\n')  # fmt: skip
    code, out, _ = run(capsys, workspace_path, *FIRM, "--shocks", str(good), "--shock",
                       "nvidia-x3", "--json")  # fmt: skip
    [result] = json.loads(out)["results"]
    assert code == ExitCode.OK and result["shock"] == "nvidia-x3"
    assert result["annual_cost_if_nothing_done"] > json.loads(out)["annual_cost"]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[shocks]]\nname = "x"\nkind = "embargo"\nvendor = "NVIDIA"\n')
    code, _, err = run(capsys, workspace_path, *FIRM, "--shocks", str(bad))
    assert code == ExitCode.INVALID_INPUT
    assert f"{bad}: shocks[0].vendor: unknown field" in err
    assert f"{bad}: shocks[0].accelerator_vendor: embargo shocks need" in err


def test_exports_carry_the_stress_section_and_exit_strategies(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, dora = tmp_path / "board.pdf", tmp_path / "register.dora.csv"
    code, _, _ = run(capsys, workspace_path, *FIRM, "--shock", "provider-exit",
                     "--export", str(pdf), "--export", str(dora))  # fmt: skip
    assert code == ExitCode.OK
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Stress tests" in text and "Exit strategies" in text
    register = dora.read_text(encoding="utf-8").splitlines()
    assert "Exit strategy (recovery from a sudden exit)" in register[0]
    assert "onboarding" not in register[1] and "API from" in register[1]
    code, _, err = run(capsys, workspace_path, *FIRM, "--export", str(tmp_path / "x.doc"))
    assert code == ExitCode.INVALID_INPUT and "cannot export" in err
