"""Plan exports read back with real readers: openpyxl, csv, pypdf, json, plain text."""

import copy
import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from planner.errors import PlannerError
from planner.exports import EXPORT_FORMATS, export_plan
from planner.exports.dora import substitutability
from planner.results.plan_json import outcome_to_json
from tests.solved import SolvedBank

SUFFIXES = [suffix for suffix, _ in EXPORT_FORMATS]
HOSTILE = '=HYPERLINK("http://x","y")'
pytestmark = pytest.mark.solver

Plan = dict[str, Any]


@pytest.fixture(scope="module")
def plans(solved_bank: SolvedBank) -> tuple[Plan, Plan]:
    """The bank example's plan, and the same bank's with a budget of EUR 1,000, as JSON."""
    bank = solved_bank
    return (
        outcome_to_json(bank.outcome, bank.scenario, bank.catalog),
        outcome_to_json(bank.infeasible, bank.poor, bank.catalog),
    )


@pytest.fixture
def plan(plans: tuple[Plan, Plan]) -> Plan:
    return copy.deepcopy(plans[0])


@pytest.fixture
def infeasible(plans: tuple[Plan, Plan]) -> Plan:
    return copy.deepcopy(plans[1])


@pytest.fixture
def hostile(plan: Plan) -> Plan:
    """The plan with its critical staff assistant renamed to a spreadsheet formula, and
    formula-like scenario and vendor names."""
    old = "staff-assistant"
    for w in plan["workloads"]:
        w["id"] = HOSTILE if w["id"] == old else w["id"]
    for a in plan["allocations"]:
        a["workload"] = HOSTILE if a["workload"] == old else a["workload"]
    plan["alternative_providers"][HOSTILE] = plan["alternative_providers"].pop(old)
    plan["scenario"] = "+SUM(1,2)"
    plan["line_items"][0]["provider_name"] = "@cmd"
    return plan


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
    return path.read_text(encoding="utf-8")


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
    assert header[:8] == ("Vendor", "Item", "Quantity", "Unit", "Unit price", "Currency",
                          "Annual cost", "Total over horizon")  # fmt: skip
    lines = data_rows(rows)
    assert len(lines) == len(plan["line_items"])
    annual, total = header.index("Annual cost"), header.index("Total over horizon")
    assert sum(r[annual] for r in lines) == pytest.approx(plan["annual_cost"])
    [total_row] = [r for r in rows if r[0] == "Total"]
    horizon = plan["assumptions_and_sources"]["cost_assumptions"]["horizon_years"]
    assert total_row[annual] == pytest.approx(plan["annual_cost"])
    assert total_row[total] == pytest.approx(plan["annual_cost"] * horizon)
    assert wb["Line items"]["A1"].font.bold
    api = data_rows(sheet_rows(path, "API contracts"))
    assert len(api) == sum(1 for i in plan["line_items"] if i["kind"] == "api")
    assert any(r[-1].startswith("standby") for r in api)
    summary = dict(r[:2] for r in sheet_rows(path, "Summary")[1:])
    assert summary["Scenario"] == plan["scenario"]
    tokens = sum(w["tokens_per_year"] for w in plan["workloads"])
    assert summary["Cost per million tokens (EUR)"] == pytest.approx(
        plan["annual_cost"] / (tokens / 1e6)
    )
    figures = plan["assumptions_and_sources"]["catalog_figures"]
    sources = text_of(path)
    assert figures and all(f["citation"] in sources and f["as_of"] in sources for f in figures)


def test_a_horizon_override_scales_the_totals_and_commitments_get_their_sheet(
    plan: Plan, tmp_path: Path
) -> None:
    cloud = next(i for i in plan["line_items"] if i["kind"] == "cloud")
    cloud["term"] = "commit_1y"
    path = export_plan(plan, tmp_path / "plan.xlsx", horizon_years=3)
    rows = sheet_rows(path, "Cloud commitments")
    [line] = data_rows(rows)
    assert line[1] == cloud["item"]
    assert line[rows[0].index("Total over horizon")] == pytest.approx(cloud["annual_cost"] * 3)


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
    rows = read_csv(export_plan(plan, tmp_path / "plan.csv"))
    assert len(rows) == len(plan["line_items"])
    assert {
        "BilledCost", "EffectiveCost", "ContractedCost", "ListUnitPrice", "ContractedUnitPrice",
        "BillingCurrency", "ChargeCategory", "ChargePeriodStart", "ChargePeriodEnd",
        "CommitmentDiscountCategory", "CommitmentDiscountType", "ProviderName",
        "PublisherName", "RegionName", "ResourceType", "ConsumedQuantity", "ConsumedUnit",
        "PricingQuantity", "PricingUnit", "ServiceName", "SubAccountName", "x_Jurisdiction",
        "x_Term", "x_VenueKey",
    } <= set(rows[0])  # fmt: skip
    assert sum(float(r["BilledCost"]) for r in rows) == pytest.approx(plan["annual_cost"])
    assert {r["BillingCurrency"] for r in rows} == {"EUR"}
    assert {r["SubAccountName"] for r in rows} == {plan["scenario"]}
    assert {r["ChargeCategory"] for r in rows} == {"Usage"}  # no owned servers in this plan
    assert [r["x_VenueKey"] for r in rows] == [i["venue_key"] for i in plan["line_items"]]
    assert rows and all(r["ChargePeriodStart"] < r["ChargePeriodEnd"] for r in rows)


def test_committed_cloud_lines_carry_a_usage_commitment(plan: Plan, tmp_path: Path) -> None:
    cloud = next(i for i in plan["line_items"] if i["kind"] == "cloud")
    cloud["term"] = "commit_3y"
    rows = read_csv(export_plan(plan, tmp_path / "plan.csv"))
    [committed] = [r for r in rows if r["CommitmentDiscountId"]]
    assert committed["x_VenueKey"] == cloud["venue_key"]
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
    assert plan["scenario"] in text
    assert f"EUR {plan['annual_cost']:,.0f}" in text
    assert "Cost by provider" in text and "Lock-in by component" in text
    assert "Catalog figures and sources" in text


def test_the_json_export_round_trips(plan: Plan, tmp_path: Path) -> None:
    path = export_plan(plan, tmp_path / "plan.json")
    assert json.loads(path.read_text(encoding="utf-8")) == plan


def test_the_markdown_report_has_the_line_items_table(plan: Plan, tmp_path: Path) -> None:
    text = export_plan(plan, tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| Vendor | Item | Quantity | Unit | Unit price |" in text
    assert f"EUR {plan['annual_cost']:,.0f}" in text
    for heading in ("## Allocation", "## Cost by provider", "## Independence by objective",
                    "## Lock-in by component", "## Appendix: assumptions and sources"):  # fmt: skip
        assert heading in text
    assert plan["line_items"] and all(i["item"] in text for i in plan["line_items"])


# --- DORA register -----------------------------------------------------------------------


def expected_register(plan: Plan) -> dict[str, bool]:
    """Third-party provider name → whether it serves a critical workload (standby too)."""
    critical = {w["id"] for w in plan["workloads"] if w["critical"]}
    venues: dict[str, str] = {
        i["venue_key"]: i["provider_name"] for i in plan["line_items"] if i["kind"] != "owned"
    }
    found = dict.fromkeys(venues.values(), False)
    for a in plan["allocations"]:
        if a["venue"] in venues and a["workload"] in critical:
            found[venues[a["venue"]]] = True
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
        sum(i["annual_cost"] for i in plan["line_items"] if i["kind"] != "owned")
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
    assert infeasible["status"] == "infeasible" and "line_items" not in infeasible
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
