"""The weakest link beside the average: computed from the venues, kept in the plan document,
and the same figures in the CLI and every export (read back with real readers)."""

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from catalog.domain import Assessment, ProviderId
from planner.cli.main import main
from planner.evaluation.cost import CostAssumptions
from planner.evaluation.organisation import Organisation
from planner.evaluation.plan import Allocation, ApiLine, OwnedLine, Plan, Venue, VenueKind
from planner.evaluation.scoring import PlanContext, evaluate_plan
from planner.exports import export_plan
from planner.results.plan_document import PlanDocument, PlanResult
from planner.results.plan_json import decode_plan, plan_from_text, plan_to_text
from tests import factories
from tests.solved import SolvedBank

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
GERMAN_BANK = PlanContext(Organisation("Bank", "DE", ("EU",)), CostAssumptions(currency="EUR"))


def _result(plan: PlanDocument) -> PlanResult:
    assert plan.result is not None
    return plan.result


# --- computed from the venues ---------------------------------------------------------------


def test_a_little_spend_at_seal_0_barely_moves_the_average_but_is_the_weakest_link() -> None:
    zero = factories.provider("apico", seal=0)
    catalog = factories.catalog(providers={**factories.catalog().providers, zero.id: zero})
    owned = Plan(owned=(OwnedLine("srv", "home", 1),))
    both = Plan(owned=owned.owned, api=(ApiLine("a1", 10.0, 1.0),))
    alone, mixed = (
        evaluate_plan(owned, catalog, GERMAN_BANK),
        evaluate_plan(both, catalog, GERMAN_BANK),
    )
    assert alone.independence.total - mixed.independence.total < 0.5
    assert {k.level for k in mixed.weakest_link} == {0}
    assert {k.venue_key for k in mixed.weakest_link} == {"api:a1"}
    assert min(k.level for k in alone.weakest_link) == 2  # owned, SOV-5 and SOV-8


def test_a_standby_venue_counts_for_the_weakest_link_but_not_for_the_workload_score() -> None:
    owned, api = Venue(VenueKind.OWNED, "srv", "home"), Venue(VenueKind.API, "a1")
    served = Allocation("w", "m10b", owned, "bf16", 1.0, 1.0, 1e9, accelerators=8.0)
    standby = Allocation("w", "closed", api, None, 0.0, 0.0, 0.0)
    plan = Plan(
        owned=(OwnedLine("srv", "home", 1),), api=(ApiLine("a1", 0.0, 0.0),),
        allocations=(served, standby),
    )  # fmt: skip
    alone = Plan(owned=plan.owned, allocations=(served,))
    report, reference = (
        evaluate_plan(plan, factories.catalog(), GERMAN_BANK),
        evaluate_plan(alone, factories.catalog(), GERMAN_BANK),
    )
    assert report.workloads["w"].score == pytest.approx(reference.workloads["w"].score)
    sov6 = next(k for k in report.workloads["w"].weakest_link if k.objective == "SOV-6")
    assert (sov6.level, sov6.venue_key) == (1, "api:a1")  # the closed model on standby


def test_the_plans_weakest_link_is_the_lowest_venue_level_per_objective(
    solved_bank: SolvedBank,
) -> None:
    report = solved_bank.outcome.report
    assert report is not None and len(report.weakest_link) == 8
    for link in report.weakest_link:
        lowest = min(levels[link.objective].level for levels in report.venue_levels.values())
        assert link.level == lowest
        assert report.venue_levels[link.venue_key][link.objective].level == lowest


# --- the plan document ----------------------------------------------------------------------


def test_a_plan_stored_before_the_weakest_link_decodes_without_one() -> None:
    stored = json.loads((FIXTURES / "v1-eu-bank.json").read_text(encoding="utf-8"))
    result = _result(decode_plan(stored))
    assert result.scores.weakest_link == () and result.scores.weakest_seal is None
    assert all(w.independence is None and w.weakest_link == () for w in result.workloads)
    assert result.dependencies is None


def test_a_new_plan_keeps_its_weakest_link_through_json(solved_bank: SolvedBank) -> None:
    result = _result(solved_bank.plan)
    assert len(result.scores.weakest_link) == 8
    assert all(w.weakest_link for w in result.workloads)
    decoded = _result(plan_from_text(plan_to_text(solved_bank.plan)))
    assert decoded.scores.weakest_link == result.scores.weakest_link
    assert [w.independence for w in decoded.workloads] == [w.independence for w in result.workloads]


# --- the same figures in the CLI and every export --------------------------------------------


@pytest.mark.solver
def test_the_cli_prints_the_weakest_link_beside_the_score(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], solved_bank: SolvedBank
) -> None:
    assert main(["--workspace", str(workspace_path), "plan", "--example", "eu-bank"]) == 0
    out = capsys.readouterr().out
    result = _result(solved_bank.plan)
    headline = next(line for line in out.splitlines() if line.startswith("annual cost"))
    assert f"independence {result.scores.independence.total:.1f}/100, weakest link SEAL " \
        f"{result.scores.weakest_seal};" in headline  # fmt: skip
    table = out.split("Independence by objective")[1].splitlines()
    for link in result.scores.weakest_link:
        row = next(line for line in table if line.startswith(link.objective))
        assert f" {link.level}  " in row and link.rule in row


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_the_workbook_shows_the_weakest_link_per_objective_and_per_workload(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    plan, result = solved_bank.plan, _result(solved_bank.plan)
    rows = _rows(export_plan(plan, tmp_path / "p.xlsx"), "Scores")
    start = rows.index(("Independence: average and weakest link",) + (None,) * (len(rows[0]) - 1))
    header = rows[start + 1]
    found = {r[0]: r for r in rows[start + 2 : start + 10]}
    for link in result.scores.weakest_link:
        row = found[link.objective]
        assert row[header.index("Weakest SEAL")] == link.level
        set_by = result.venue_label(link.venue_key, link.venue_name)  # spot: interruptible
        assert row[header.index("Set by")] == set_by
    summary = dict(r[:2] for r in _rows(tmp_path / "p.xlsx", "Summary")[1:])
    assert summary["Weakest link (lowest SEAL of any venue, 0–4)"] == result.scores.weakest_seal
    workloads = _rows(tmp_path / "p.xlsx", "Workloads")
    column = workloads[0].index("Weakest link (SEAL)")
    rows = [r for r in workloads[1:] if r[0] != "Total"]
    assert [r[column] for r in rows] == [w.weakest_seal for w in result.workloads]


def test_the_pdf_and_markdown_reports_state_the_weakest_link(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    result = _result(solved_bank.plan)
    pdf = "\n".join(p.extract_text() for p in PdfReader(
        export_plan(solved_bank.plan, tmp_path / "p.pdf")).pages)  # fmt: skip
    markdown = export_plan(solved_bank.plan, tmp_path / "p.md").read_text(encoding="utf-8")
    assert f"weakest link SEAL {result.scores.weakest_seal}" in pdf
    assert "Independence: average and weakest link" in pdf
    assert f"(weakest link SEAL **{result.scores.weakest_seal}**)" in markdown
    for link in result.scores.weakest_link:
        rows = [r for r in markdown.splitlines() if r.startswith(f"| {link.objective} |")]
        row = next(r for r in rows if link.venue_name in r)
        assert f"| {link.level} |" in row


def test_the_focus_csv_names_the_lines_that_set_the_weakest_link(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    result = _result(solved_bank.plan)
    with export_plan(solved_bank.plan, tmp_path / "p.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    setters = {r["x_VenueKey"]: r["x_WeakestLink"] for r in rows if r["x_WeakestLink"]}
    expected: dict[str, list[str]] = {}
    for link in result.scores.weakest_link:
        if any(i.venue_key == link.venue_key for i in result.line_items):
            expected.setdefault(link.venue_key, []).append(f"{link.objective} SEAL {link.level}")
    assert setters == {key: "; ".join(parts) for key, parts in expected.items()} and setters


def test_a_provider_level_of_0_is_kept_apart_from_no_assessment() -> None:
    """SEAL 0 is a level; a missing assessment is 0 too but says so in the reason."""
    unassessed = factories.provider("apico")
    unassessed = type(unassessed)(
        ProviderId("apico"), "APICO", "g", "US", "US", "hyperscaler", None, 0.0, "USD",
        {"SOV-1": Assessment(0, "assessed at 0", True, factories.PROV, "R-SOV1-a0")},
        factories.PROV,
    )  # fmt: skip
    catalog = factories.catalog(providers={**factories.catalog().providers, "apico": unassessed})
    report = evaluate_plan(Plan(api=(ApiLine("a1", 1.0, 1.0),)), catalog, GERMAN_BANK)
    levels = report.venue_levels["api:a1"]
    assert levels["SOV-1"].rule == "R-SOV1-a0"
    assert levels["SOV-2"].level == 0 and "not assessed" in levels["SOV-2"].reason
