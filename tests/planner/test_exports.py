"""Plan exports read back with real readers: openpyxl, csv, pypdf, json, a Markdown renderer."""

import csv
import html
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from planner.errors import PlannerError
from planner.exports import EXPORT_FORMATS, export_plan
from planner.exports.dora import substitutability
from planner.results.plan_document import (
    OptionScope,
    PlanAllocation,
    PlanDocument,
    PlanResult,
    SolveStatus,
    VenueKind,
    WorkloadAlternatives,
    WorkloadFigures,
)
from planner.results.plan_json import plan_from_text
from planner.scenario.examples import examples_dir
from tests.solved import SolvedBank

EXAMPLES = examples_dir()
SUFFIXES = [suffix for suffix, _ in EXPORT_FORMATS]
HOSTILE = '=HYPERLINK("http://x","y")'
pytestmark = pytest.mark.solver

Plan = PlanDocument


@pytest.fixture(scope="module")
def plans(solved_bank: SolvedBank) -> tuple[Plan, Plan]:
    """The bank example's plan, and the same bank's with a budget of EUR 1,000."""
    return solved_bank.plan, solved_bank.infeasible_plan


@pytest.fixture
def plan(plans: tuple[Plan, Plan]) -> Plan:
    return plans[0]


@pytest.fixture
def infeasible(plans: tuple[Plan, Plan]) -> Plan:
    return plans[1]


def result_of(plan: Plan) -> PlanResult:
    assert plan.result is not None
    return plan.result


def with_line_item(plan: Plan, kind: VenueKind, **changes: Any) -> Plan:
    """`plan` with its first line item of `kind` changed."""
    result = result_of(plan)
    first = next(n for n, i in enumerate(result.line_items) if i.kind is kind)
    items = list(result.line_items)
    items[first] = replace(items[first], **changes)
    return replace(plan, result=replace(result, line_items=tuple(items)))


@pytest.fixture
def hostile(plan: Plan) -> Plan:
    """The plan with its critical staff assistant renamed to a spreadsheet formula, and
    formula-like scenario and vendor names."""
    old = "staff-assistant"

    def rename(workload_id: str) -> str:
        return HOSTILE if workload_id == old else workload_id

    result = result_of(plan)
    workloads: tuple[WorkloadFigures, ...] = tuple(
        replace(w, workload_id=rename(w.workload_id)) for w in result.workloads
    )
    allocations: tuple[PlanAllocation, ...] = tuple(
        replace(a, workload_id=rename(a.workload_id)) for a in result.allocations
    )
    alternatives = tuple(
        WorkloadAlternatives(workload_id=rename(a.workload_id), provider_names=a.provider_names)
        for a in plan.alternatives
    )
    items = (replace(result.line_items[0], provider_name="@cmd"), *result.line_items[1:])
    return replace(
        plan,
        header=replace(plan.header, scenario_name="+SUM(1,2)"),
        alternatives=alternatives,
        result=replace(result, workloads=workloads, allocations=allocations, line_items=items),
    )


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path)
    return [tuple(row) for row in wb[sheet].iter_rows(values_only=True)]


def data_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows between the header and the Total row."""
    return [r for r in rows[1:] if r[0] != "Total"]


def text_of(path: Path) -> str:
    """Everything a reader of the file sees, as one string."""
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return "\n".join(
            str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v
        )
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if path.suffix == ".md":
        return rendered_text(path.read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8")


def render_markdown(text: str) -> str:
    """HTML as a permissive CommonMark renderer makes it: raw HTML passed through, and
    links to any scheme (markdown-it refuses `javascript:` itself; a naive renderer would
    not, and the report must be safe in one)."""
    renderer = MarkdownIt("commonmark").enable("table")
    renderer.validateLink = lambda _url: True
    return renderer.render(text)


def rendered_text(markdown: str) -> str:
    """What a reader of the rendered Markdown sees: the text without tags, entities or the
    invisible word joiners that break link schemes."""
    return html.unescape(re.sub(r"<[^>]+>", " ", render_markdown(markdown))).replace("\u2060", "")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- XLSX --------------------------------------------------------------------------------


def test_the_workbook_has_the_procurement_sheets_and_its_lines_add_up(
    plan: Plan, tmp_path: Path
) -> None:
    path = export_plan(plan, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert {
        "Summary", "Line items", "Cloud commitments", "API contracts", "Allocation", "Scores",
        "Assumptions and sources",
    } <= set(wb.sheetnames)  # fmt: skip
    rows = sheet_rows(path, "Line items")
    header = rows[0]
    assert header[:10] == ("Vendor", "Item", "Term", "Quantity", "Unit", "Unit price",
                           "Price per", "Capital outlay (one-off)", "Annual cost",
                           "Total over horizon")  # fmt: skip
    result = result_of(plan)
    lines = data_rows(rows)
    assert len(lines) == len(result.line_items)
    annual, total = header.index("Annual cost"), header.index("Total over horizon")
    assert sum(r[annual] for r in lines) == pytest.approx(result.annual_cost)
    [total_row] = [r for r in rows if r[0] == "Total"]
    horizon = result.sources.cost_assumptions.horizon_years
    assert total_row[annual] == pytest.approx(result.annual_cost)
    assert total_row[total] == pytest.approx(result.annual_cost * horizon)
    assert wb["Line items"]["A1"].font.bold
    api = data_rows(sheet_rows(path, "API contracts"))
    assert len(api) == sum(1 for i in result.line_items if i.kind is VenueKind.API)
    standby = export_plan(with_line_item(plan, VenueKind.API, term="standby"), tmp_path / "s.xlsx")
    assert data_rows(sheet_rows(standby, "API contracts"))[0][2].startswith("standby (idle backup")
    summary = dict(r[:2] for r in sheet_rows(path, "Summary")[1:])
    assert summary["Scenario"] == plan.header.scenario_name
    tokens = sum(w.tokens_per_year for w in result.workloads)
    assert summary["Cost per million tokens (EUR)"] == pytest.approx(
        result.annual_cost / (tokens / 1e6)
    )
    figures = result.sources.catalog_figures
    assert figures
    sources = text_of(path)
    assert figures and all(f.citation in sources and f.as_of in sources for f in figures)


def test_a_horizon_override_scales_the_totals_and_commitments_get_their_sheet(
    plan: Plan, tmp_path: Path
) -> None:
    committed = with_line_item(plan, VenueKind.CLOUD, term="commit_1y")
    cloud = next(i for i in result_of(committed).line_items if i.term == "commit_1y")
    path = export_plan(committed, tmp_path / "plan.xlsx", horizon_years=3)
    rows = sheet_rows(path, "Cloud commitments")
    [line] = data_rows(rows)
    assert line[1] == cloud.item
    assert line[rows[0].index("Total over horizon")] == pytest.approx(cloud.annual_cost * 3)


def test_formula_like_text_stays_text_in_the_workbook(hostile: Plan, tmp_path: Path) -> None:
    path = export_plan(hostile, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    cells = [c for row in wb["Allocation"].iter_rows() for c in row if c.value == HOSTILE]
    assert cells
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    vendor = wb["Line items"]["A2"]
    assert (vendor.value, vendor.data_type) == ("@cmd", "s")
    assert not any(c.data_type == "f" for ws in wb for row in ws.iter_rows() for c in row)


# --- FOCUS CSV ---------------------------------------------------------------------------


def test_the_focus_csv_has_one_row_per_line_item_and_bills_the_annual_cost(
    plan: Plan, tmp_path: Path
) -> None:
    result = result_of(plan)
    rows = read_csv(export_plan(plan, tmp_path / "plan.csv"))
    assert len(rows) == len(result.line_items)
    assert {
        "BilledCost", "EffectiveCost", "ContractedCost", "ListUnitPrice", "ContractedUnitPrice",
        "BillingCurrency", "ChargeCategory", "ChargePeriodStart", "ChargePeriodEnd",
        "CommitmentDiscountCategory", "CommitmentDiscountType", "ProviderName",
        "PublisherName", "RegionName", "ResourceType", "ConsumedQuantity", "ConsumedUnit",
        "PricingQuantity", "PricingUnit", "ServiceName", "SubAccountName", "x_Jurisdiction",
        "x_Term", "x_VenueKey",
    } <= set(rows[0])  # fmt: skip
    assert sum(float(r["BilledCost"]) for r in rows) == pytest.approx(result.annual_cost)
    assert {r["BillingCurrency"] for r in rows} == {"EUR"}
    assert {r["SubAccountName"] for r in rows} == {plan.header.scenario_name}
    assert {r["ChargeCategory"] for r in rows} == {"Usage"}  # no owned servers in this plan
    assert [r["x_VenueKey"] for r in rows] == [i.venue_key for i in result.line_items]
    assert rows and all(r["ChargePeriodStart"] < r["ChargePeriodEnd"] for r in rows)


def test_committed_cloud_lines_carry_a_usage_commitment(plan: Plan, tmp_path: Path) -> None:
    plan = with_line_item(plan, VenueKind.CLOUD, term="commit_3y")
    cloud = next(i for i in result_of(plan).line_items if i.term == "commit_3y")
    rows = read_csv(export_plan(plan, tmp_path / "plan.csv"))
    [committed] = [r for r in rows if r["CommitmentDiscountId"]]
    assert committed["x_VenueKey"] == cloud.venue_key
    assert committed["CommitmentDiscountCategory"] == "Usage"
    assert committed["PricingCategory"] == "Committed"
    others = [r for r in rows if r is not committed]
    assert others and all(r["CommitmentDiscountCategory"] == "" for r in others)


def test_the_focus_csv_neutralises_formulas(hostile: Plan, tmp_path: Path) -> None:
    rows = read_csv(export_plan(hostile, tmp_path / "plan.csv"))
    assert {r["SubAccountName"] for r in rows} == {"'+SUM(1,2)"}
    assert rows[0]["ProviderName"] == "'@cmd"
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


# --- PDF, JSON, Markdown -----------------------------------------------------------------


def test_the_board_report_names_the_scenario_and_the_annual_cost(
    plan: Plan, tmp_path: Path
) -> None:
    path = export_plan(plan, tmp_path / "report.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) >= 1
    text = text_of(path)
    assert plan.header.scenario_name in text
    assert f"EUR {result_of(plan).annual_cost:,.0f}" in text
    assert "Cost by provider" in text and "Lock-in by component" in text
    assert "Catalog figures and sources" in text


def test_the_json_export_round_trips(plan: Plan, tmp_path: Path) -> None:
    path = export_plan(plan, tmp_path / "plan.json")
    assert plan_from_text(path.read_text(encoding="utf-8")) == plan


def test_the_markdown_report_has_the_line_items_table(plan: Plan, tmp_path: Path) -> None:
    text = export_plan(plan, tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| Vendor | Item | Term | Quantity | Unit | Unit price | Price per |" in text
    assert f"EUR {result_of(plan).annual_cost:,.0f}" in text
    for heading in ("## Allocation", "## Cost by provider", "## Independence by objective",
                    "## Lock-in by component", "## Appendix: assumptions and sources"):  # fmt: skip
        assert heading in text
    assert result_of(plan).line_items
    assert all(i.item in text for i in result_of(plan).line_items)


# --- DORA register -----------------------------------------------------------------------


def expected_register(plan: Plan) -> dict[str, bool]:
    """Third-party provider name → whether it serves a critical workload (standby too)."""
    result = result_of(plan)
    critical = {w.workload_id for w in result.workloads if w.critical}
    venues: dict[str, str] = {
        i.venue_key: i.provider_name for i in result.line_items if i.kind is not VenueKind.OWNED
    }
    found = dict.fromkeys(venues.values(), False)
    for a in result.allocations:
        if a.venue_key in venues and a.workload_id in critical:
            found[venues[a.venue_key]] = True
    return found


@pytest.mark.parametrize("suffix", [".dora.xlsx", ".dora.csv"])
def test_the_dora_register_has_one_row_per_third_party_provider(
    plan: Plan, tmp_path: Path, suffix: str
) -> None:
    path = export_plan(plan, tmp_path / f"register{suffix}")
    if suffix == ".dora.csv":
        rows = read_csv(path)
    else:
        [header, *values] = sheet_rows(path, "Register of information")
        rows = [dict(zip(header, r, strict=True)) for r in values]
    expected = expected_register(plan)
    assert True in expected.values()  # the bank's critical workloads use third parties
    assert {r["Provider"]: r["Supports a critical function"] == "Yes" for r in rows} == expected
    assert len(rows) == len(expected) > 0
    assert sum(float(r["Annual spend"]) for r in rows) == pytest.approx(
        sum(i.annual_cost for i in result_of(plan).line_items if i.kind is not VenueKind.OWNED)
    )
    assert all(r["ICT service type"] in {"IaaS GPU", "AI model API", "AI model API; IaaS GPU"}
               for r in rows)  # fmt: skip
    assert all(r["Substitutability"] for r in rows)


def test_the_dora_register_keeps_formula_names_as_text(hostile: Plan, tmp_path: Path) -> None:
    rows = read_csv(export_plan(hostile, tmp_path / "register.dora.csv"))
    assert any("'" + HOSTILE in r["Workloads supported"] for r in rows)
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


def test_substitutability_classes_follow_the_number_of_alternatives() -> None:
    assert [substitutability(n) for n in range(5)] == [
        "Not substitutable", "Highly complex substitutability", "Medium complexity",
        "Easily substitutable", "Easily substitutable",
    ]  # fmt: skip


# --- every format ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_infeasible_outcome_exports_its_conflict(
    infeasible: Plan, tmp_path: Path, suffix: str
) -> None:
    assert infeasible.header.status is SolveStatus.INFEASIBLE and infeasible.result is None
    text = text_of(export_plan(infeasible, tmp_path / f"poor{suffix}"))
    assert "infeasible" in text
    assert "short of the cheapest plan" in " ".join(text.split())


@pytest.mark.parametrize("name", ["plan.txt", "plan.docx", "plan", "plan.dora"])
def test_an_unknown_extension_names_the_choices(plan: Plan, tmp_path: Path, name: str) -> None:
    with pytest.raises(PlannerError, match=r"\.xlsx.*\.dora\.csv"):
        export_plan(plan, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_every_format_is_written_whole_with_no_temporary_files(plan: Plan, tmp_path: Path) -> None:
    names = {f"plan{suffix}" for suffix in SUFFIXES}
    for name in sorted(names):
        assert export_plan(plan, tmp_path / name) == tmp_path / name
    export_plan(plan, tmp_path / "plan.xlsx")  # overwriting goes through a temporary too
    assert {p.name for p in tmp_path.iterdir()} == names
    assert all((tmp_path / name).stat().st_size > 0 for name in names)


# --- what the status holds for -----------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf", ".md", ".csv", ".dora.xlsx"])
def test_a_plan_proven_only_over_a_pruned_set_says_so_in_every_format(
    plan: Plan, tmp_path: Path, suffix: str
) -> None:
    """Every format that states the status (the DORA CSV lists providers only)."""
    header = replace(plan.header, proven_over=OptionScope.PRUNED, options_eligible=1_000_000)
    pruned = replace(plan, header=header)
    text = " ".join(text_of(export_plan(pruned, tmp_path / f"pruned{suffix}")).split())
    assert "pruned" in text
    proven = " ".join(text_of(export_plan(plan, tmp_path / f"proven{suffix}")).split())
    assert plan.header.proven_over is OptionScope.ALL and "pruned" not in proven
