"""`sovplan plan` as a user runs it: the plan, its JSON, and exit codes that tell outcomes apart."""

import json
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.exit_codes import ExitCode
from planner.scenario.examples import examples_dir

EXAMPLES = examples_dir()
pytestmark = pytest.mark.solver

JSON_KEYS = {
    "status", "objective", "bound", "gap", "solve_seconds", "currency", "annual_cost",
    "cost_breakdown", "scores", "line_items", "allocations", "workloads", "conflicts",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], ws: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(ws), "plan", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_bank_example_plans_and_covers_every_workload(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, workspace_path, str(EXAMPLES / "eu-bank.toml"), "--json")
    plan = json.loads(out)
    assert code == ExitCode.OK
    assert set(plan) >= JSON_KEYS
    assert plan["status"] == "optimal" and plan["gap"] == pytest.approx(0, abs=1e-3)
    for workload in plan["workloads"]:
        assert workload["covered_tokens_per_second"] == pytest.approx(
            workload["demand_tokens_per_second"], rel=1e-6
        )
    breakdown = plan["scores"]["independence"]["breakdown"]
    assert sum(c["points"] for c in breakdown) == pytest.approx(
        plan["scores"]["independence"]["total"]
    )
    assert plan["scores"]["independence"]["total"] >= 50  # the scenario's floor
    assert sum(i["annual_cost"] for i in plan["line_items"]) == pytest.approx(plan["annual_cost"])


def test_the_same_scenario_gives_the_same_plan(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = [json.loads(run(capsys, workspace_path, str(EXAMPLES / "small-nation.toml"),
                           "--json")[1]) for _ in range(2)]  # fmt: skip
    for plan in runs:
        plan.pop("solve_seconds")
    assert runs[0] == runs[1]


def test_the_text_summary_names_cost_scores_and_line_items(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, workspace_path, str(EXAMPLES / "midsize-firm.toml"))
    assert code == ExitCode.OK
    assert "annual cost EUR" in out and "independence" in out and "lock-in" in out
    assert "instance-year" in out and "precision" in out


def test_an_impossible_budget_exits_3_and_says_by_how_much(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "eu-bank.toml").read_text().replace("annual_budget = 6_000_000",
                                                           "annual_budget = 1_000")  # fmt: skip
    scenario = tmp_path / "poor-bank.toml"
    scenario.write_text(text)
    code, out, _ = run(capsys, workspace_path, str(scenario), "--json")
    result = json.loads(out)
    assert code == ExitCode.INFEASIBLE
    [conflict] = result["conflicts"]
    assert conflict["family"] == "budget-annual"
    assert "short of the cheapest plan" in conflict["message"]
    assert "without the SEAL floors" in conflict["message"]
    assert conflict["amount"] > 0
    assert conflict["fields"] == ["organisation.annual_budget"]


def test_a_floor_no_venue_meets_is_explained_before_solving(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "midsize-firm.toml").read_text() + '\n[workloads.min_seal]\n"SOV-5" = 4\n'
    scenario = tmp_path / "strict.toml"
    scenario.write_text(text)
    code, out, _ = run(capsys, workspace_path, str(scenario))
    assert code == ExitCode.INFEASIBLE
    assert "document-summaries" in out and "has no eligible option" in out
    assert "SEAL 4 on SOV-5" in out


def test_an_invalid_scenario_exits_2_naming_the_field(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text((EXAMPLES / "midsize-firm.toml").read_text().replace(
        'home_jurisdiction = "NL"', 'home_jurisdiction = "Holland"'))  # fmt: skip
    code, out, err = run(capsys, workspace_path, str(scenario))
    assert code == ExitCode.INVALID_INPUT
    assert out == ""
    assert f"{scenario}: organisation.home_jurisdiction: 'Holland' is not an ISO 3166" in err


def test_plan_exports_by_extension_and_refuses_an_unknown_one_before_solving(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl
    from pypdf import PdfReader

    xlsx, pdf = tmp_path / "plan.xlsx", tmp_path / "plan.pdf"
    code, out, _ = run(capsys, workspace_path, str(EXAMPLES / "midsize-firm.toml"),
                       "--export", str(xlsx), "--export", str(pdf))  # fmt: skip
    assert code == ExitCode.OK and "exported" in out
    book = openpyxl.load_workbook(xlsx)
    assert "Line items" in book.sheetnames and "Assumptions and sources" in book.sheetnames
    assert "Mid-size firm" in "".join(page.extract_text() for page in PdfReader(pdf).pages)
    code, out, err = run(capsys, workspace_path, str(EXAMPLES / "midsize-firm.toml"),
                         "--export", str(tmp_path / "plan.docx"))  # fmt: skip
    assert code == ExitCode.INVALID_INPUT and out == ""
    assert "cannot export to .docx" in err


def test_a_saved_scenario_exports_its_stored_plan(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, workspace_path, str(EXAMPLES / "midsize-firm.toml"), "--save", "firm")
    target = tmp_path / "firm.json"
    code = main(["--workspace", str(workspace_path), "scenario", "export", "firm", str(target)])
    capsys.readouterr()
    assert code == ExitCode.OK
    assert json.loads(target.read_text())["scenario"] == "Mid-size firm: cheapest"
    report = tmp_path / "firm.md"  # a report is titled by the name it was saved under
    code = main(["--workspace", str(workspace_path), "scenario", "export", "firm", str(report)])
    assert code == ExitCode.OK
    assert report.read_text(encoding="utf-8").startswith("# Procurement plan: firm\n")


def test_the_bank_plans_at_the_optimum_over_every_eligible_option(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = str(EXAMPLES / "eu-bank.toml")
    code, out, _ = run(capsys, workspace_path, bank)
    assert code == ExitCode.OK
    first = out.splitlines()[0]
    assert ": optimal" in first and "(over all " in first and "eligible options" in first
    default = json.loads(run(capsys, workspace_path, bank, "--json")[1])
    every = json.loads(run(capsys, workspace_path, bank, "--json", "--prune", "none")[1])
    assert default["proven_over"] == every["proven_over"] == "all"
    assert every["options_considered"] == every["options_eligible"] == default["options_eligible"]
    assert default["options_considered"] < default["options_eligible"]
    assert default["annual_cost"] == pytest.approx(every["annual_cost"], rel=1e-9)


def test_a_critical_workload_with_one_provider_group_to_choose_from_exits_3_naming_it(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "small-nation.toml").read_text()
    site = '[[sites]]\nsite = "ee-tallinn-colo"\npower_limit_kw = 25\n'
    vendors = 'excluded_accelerator_vendors = ["Huawei"]\n'
    assert site in text and vendors in text
    # Without its own servers and with Seeweb excluded, the citizen assistant's SEAL 4 floors
    # leave one provider group (Scaleway's owner) and no backup outside it.
    scenario = tmp_path / "one-group.toml"
    scenario.write_text(
        text.replace(site, "").replace(vendors, vendors + 'excluded_providers = ["seeweb"]\n')
    )
    code, out, _ = run(capsys, workspace_path, str(scenario), "--json")
    assert code == ExitCode.INFEASIBLE
    [conflict] = json.loads(out)["conflicts"]
    assert conflict["family"] == "survive-provider-loss"
    assert "citizen-assistant is critical" in conflict["message"]
    assert "no backup outside it exists" in conflict["message"]
    assert "policy.survive_provider_loss" in conflict["fields"]
