"""Exported numbers a buyer cannot misread, read back from the real files: an owned server's
list price and capital outlay apart from its annual cost, the capital budget used, whole
units whole, totals that tie to the headline, every number formatted, ids never split inside
a word, the saved name as the title, and any organisation's name in the PDF's own font."""

import csv
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from planner.exports import export_plan
from planner.exports.focus_csv import FOCUS_COLUMNS
from planner.exports.pdf_fonts import BOLD, REGULAR
from planner.results.plan_document import LineItem, PlanDocument, PlanResult, VenueKind
from tests.solved import NATION_CAPEX_BUDGET, SolvedBank

pytestmark = pytest.mark.solver

ORGANISATION = "Ελληνική Τράπεζα · Bank Spółdzielczy w Łodzi · Česká spořitelna"
"""Greek, Polish and Czech: none of it in Latin-1 but the spaces and the ASCII."""
ID_BREAK = re.compile(r"(?<=[-:/_])\n")
"""A line break the PDF may put inside an identifier: right after - : / or _."""


def result_of(plan: PlanDocument) -> PlanResult:
    assert plan.result is not None
    return plan.result


def owned_line(plan: PlanDocument) -> LineItem:
    found = next(i for i in result_of(plan).line_items if i.kind is VenueKind.OWNED)
    assert found.purchase_price is not None and found.capital_outlay is not None
    return found


def sheet(path: Path, name: str) -> Any:
    return openpyxl.load_workbook(path)[name]


def labelled(path: Path) -> dict[str, Any]:
    return {row[0].value: row[1] for row in sheet(path, "Summary").iter_rows(min_row=2)}


def test_the_workbook_shows_list_price_and_outlay_apart_from_annual_cost(
    solved_nation: PlanDocument, tmp_path: Path
) -> None:
    path = export_plan(solved_nation, tmp_path / "nation.xlsx")
    owned, result = owned_line(solved_nation), result_of(solved_nation)
    rows = list(sheet(path, "Line items").iter_rows())
    header = [c.value for c in rows[0]]
    line = next(r for r in rows if r[1].value == owned.item)
    cell = dict(zip(header, line, strict=True))
    assert cell["Quantity"].value == owned.quantity and cell["Quantity"].number_format == "#,##0"
    assert cell["Unit"].value == ("server" if owned.quantity == 1 else "servers")
    assert cell["Unit price"].value == pytest.approx(owned.purchase_price)
    assert cell["Price per"].value == "server, one-off"
    assert cell["Capital outlay (one-off)"].value == pytest.approx(owned.capital_outlay)
    assert cell["Annual cost"].value == pytest.approx(owned.annual_cost)
    total = {h: c.value for h, c in zip(header, rows[-1], strict=True)}
    summary = labelled(path)
    outlay = next(v for k, v in summary.items() if str(k).startswith("Capital outlay"))
    assert total["Capital outlay (one-off)"] == pytest.approx(outlay.value)
    assert total["Annual cost"] == pytest.approx(summary["Annual cost (EUR)"].value)
    assert summary["Annual cost (EUR)"].value == pytest.approx(result.annual_cost)
    used = summary["Capital budget used"]
    assert used.value == pytest.approx(owned.capital_outlay / NATION_CAPEX_BUDGET)
    assert used.number_format == "0.0%"


def test_in_the_workbook_quantity_times_unit_price_is_each_rented_line_s_annual_cost(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    """An instance kept all year is counted in instance-hours beside its hourly price."""
    path = export_plan(solved_bank.plan, tmp_path / "bank.xlsx")
    rows = list(sheet(path, "Line items").iter_rows(values_only=True))
    header = list(rows[0])
    cell = {name: header.index(name) for name in ("Quantity", "Unit", "Unit price", "Annual cost")}
    rented = [r for r in rows[1:] if r[cell["Unit"]] in ("instance-hours", "instance-hour",
                                                          "million tokens")]  # fmt: skip
    assert any(str(r[cell["Unit"]]).startswith("instance-hour") for r in rented)
    for r in rented:
        product = r[cell["Quantity"]] * r[cell["Unit price"]]
        assert product == pytest.approx(r[cell["Annual cost"]], rel=1e-9, abs=1e-6)


def test_every_number_in_the_scores_sheet_has_a_display_format(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    """No raw floats: each number carries a format with its column's decimals (a line's
    quantity is whole for servers and instances, so that column is left out)."""
    path = export_plan(solved_bank.plan, tmp_path / "bank.xlsx")
    formats: dict[tuple[str, int], set[str]] = {}
    numbers = 0
    for name in ("Scores", "Workloads", "Allocation", "Line items"):
        table = ""
        for row in sheet(path, name).iter_rows():
            if isinstance(row[0].value, str) and all(c.value is None for c in row[1:]):
                table = row[0].value  # a table's title starts a new table
            for c in row:
                if isinstance(c.value, int | float) and not isinstance(c.value, bool):
                    numbers += 1
                    assert c.number_format != "General", (name, c.coordinate, c.value)
                    if c.row > 2 and not c.font.bold and name != "Line items":
                        formats.setdefault((f"{name}/{table}", c.column), set()).add(
                            c.number_format
                        )
    assert numbers > 50
    assert all(len(found) == 1 for found in formats.values()), {
        k: v for k, v in formats.items() if len(v) > 1
    }


def test_the_focus_csv_keeps_its_columns_and_adds_the_outlay(
    solved_nation: PlanDocument, tmp_path: Path
) -> None:
    path = export_plan(solved_nation, tmp_path / "nation.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        assert handle.seek(0) == 0
        header = next(csv.reader(handle))
    assert header[: len(FOCUS_COLUMNS)] == FOCUS_COLUMNS
    owned = owned_line(solved_nation)
    by_kind = {r["x_Kind"]: r for r in rows}
    assert float(by_kind["owned"]["x_CapitalOutlay"]) == pytest.approx(owned.capital_outlay)
    assert float(by_kind["owned"]["x_PurchaseUnitPrice"]) == pytest.approx(owned.purchase_price)
    assert by_kind["cloud"]["x_CapitalOutlay"] == ""
    assert float(by_kind["owned"]["BilledCost"]) == pytest.approx(owned.annual_cost)


def test_markdown_shows_whole_servers_and_the_budget_used(
    solved_nation: PlanDocument, tmp_path: Path
) -> None:
    text = export_plan(solved_nation, tmp_path / "nation.md").read_text(encoding="utf-8")
    owned = owned_line(solved_nation)
    unit = "server" if owned.quantity == 1 else "servers"
    assert f"| {owned.quantity:,.0f} | {unit} | {owned.purchase_price:,.2f} |" in text
    assert f"{owned.quantity:.2f} {unit}" not in text
    assert f"| Capital budget used | {owned.capital_outlay / NATION_CAPEX_BUDGET:.1%} |" in text


def pdf_fonts(path: Path) -> set[tuple[str, bool]]:
    """(base font name without its subset tag, embedded) of every font the pages use."""
    found = set()
    for page in PdfReader(path).pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            embedded = "/FontDescriptor" in font or "/DescendantFonts" in font
            found.add((name, embedded))
    return found


def test_an_organisation_in_greek_polish_and_czech_prints_in_the_embedded_font(
    solved_nation: PlanDocument, tmp_path: Path
) -> None:
    plan = replace(solved_nation, header=replace(solved_nation.header,
                                                 organisation_name=ORGANISATION))  # fmt: skip
    path = export_plan(plan, tmp_path / "nation.pdf")
    assert pdf_fonts(path) == {(REGULAR, True), (BOLD, True)}
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert ORGANISATION in text.replace("\n", " ")
    owned = owned_line(plan)
    assert f"{owned.capital_outlay:,.0f}" in text


def test_ids_in_the_pdf_break_only_after_a_hyphen_colon_slash_or_underscore(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    plan = solved_bank.plan
    path = export_plan(plan, tmp_path / "bank.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    joined = ID_BREAK.sub("", text)
    ids = {f.source_id for f in result_of(plan).sources.catalog_figures}
    ids |= {a.model_id for a in result_of(plan).allocations}
    long = {i for i in ids if len(i) > 24}
    assert long
    assert all(i in joined for i in ids), sorted(i for i in ids if i not in joined)


def test_a_saved_name_titles_every_report(solved_bank: SolvedBank, tmp_path: Path) -> None:
    title = "Q1 board pack · Zürich"
    pdf = export_plan(solved_bank.plan, tmp_path / "r.pdf", title=title)
    assert PdfReader(pdf).metadata.title == f"Procurement plan: {title}"
    assert title in PdfReader(pdf).pages[0].extract_text()
    md = export_plan(solved_bank.plan, tmp_path / "r.md", title=title)
    assert md.read_text(encoding="utf-8").startswith(f"# Procurement plan: {title}")
    xlsx = export_plan(solved_bank.plan, tmp_path / "r.xlsx", title=title)
    assert openpyxl.load_workbook(xlsx).properties.title == f"Procurement plan: {title}"
    assert labelled(xlsx)["Scenario"].value == title
