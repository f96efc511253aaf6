"""Issue 11, failure 8: injection beyond the OWASP set, read back with real readers.

A formula behind white space of any kind, or written with a fullwidth sign, stays text in
the CSV and XLSX exports; user text in the Markdown report never becomes HTML or a link to
a scheme other than http(s), whatever a renderer allows; reportlab's Paragraph markup in
user text is shown as written in the PDF, never obeyed.
"""

import csv
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from planner.exports import export_plan
from planner.exports.common import csv_text, is_formula_like
from planner.results.plan_document import PlanDocument
from tests.planner.test_exports import render_markdown, rendered_text, result_of
from tests.solved import SolvedBank

pytestmark = pytest.mark.solver

HIDDEN_FORMULAS = [
    " =1+1", "\n=1+1", "\t=1+1", "\r\n+1", "\u00a0=1+1", "\u3000@SUM(A1)", "\u2028-1+1",
    "\u200b=1+1", "\ufeff=1+1", " \u200b \u2003=cmd|' /C calc'!A0", "\uff1dHYPERLINK(\"x\")",
    "\uff0b1", "\uff0d1+1", "\uff20SUM(A1)", "\ufe66x", "  \uff1d1",
]  # fmt: skip
"""Each was read as a formula by the guard's test before (a leading space, line feed, tab,
no-break or ideographic space, zero-width character, or a fullwidth or small-form sign)."""
SAFE_TEXTS = ["staff assistant", "1-2", "e-mail", "Ω 3", "\u2212 minus sign", ""]

MARKUP_NAMES = {
    "scenario": '<script>alert("scenario")</script><img src=x onerror=alert(1)>',
    "workload": "[click me](javascript:alert(1))",
    "provider": "<javascript:alert(2)>",
    "model": '![x](javascript:alert(3)) <a href="javascript:alert(4)">a</a>',
    "site": "data:text/html;base64,PHNjcmlwdD4=",
}
"""Scenario, workload, provider and model names a user or an import can choose, as markup."""
PDF_MARKUP = '<b>bold</b> <font color="red">red</font> <a href="javascript:alert(1)">x</a> &amp; <b'
"""reportlab Paragraph markup, including a link and an unclosed tag (which would stop the
report being built at all if it were parsed)."""


@pytest.mark.parametrize("text", HIDDEN_FORMULAS)
def test_a_formula_behind_white_space_or_in_fullwidth_is_caught(text: str) -> None:
    assert is_formula_like(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", SAFE_TEXTS)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not is_formula_like(text) and csv_text(text) == text


BLANKS = st.sampled_from([" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\u2028",
                          "\u200b", "\ufeff", "\u2060"])  # fmt: skip
SIGNS = st.sampled_from(["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66"])


@given(st.lists(BLANKS, max_size=6), SIGNS, st.text(max_size=20))
def test_no_leading_blanks_hide_a_sign_from_the_guard(
    blanks: list[str], sign: str, rest: str
) -> None:
    text = "".join(blanks) + sign + rest
    assert csv_text(text) == "'" + text


def _renamed(plan: PlanDocument, scenario: str, workload: str, provider: str,
             model: str) -> PlanDocument:  # fmt: skip
    """`plan` with its scenario, first workload, first provider and first model renamed."""
    result = result_of(plan)
    old_workload, old_model = result.workloads[0].workload_id, result.allocations[0].model_id
    workloads = tuple(replace(w, workload_id=workload) if w.workload_id == old_workload else w
                      for w in result.workloads)  # fmt: skip
    allocations = tuple(
        replace(a, workload_id=workload if a.workload_id == old_workload else a.workload_id,
                model_id=model if a.model_id == old_model else a.model_id)
        for a in result.allocations
    )  # fmt: skip
    items = (replace(result.line_items[0], provider_name=provider), *result.line_items[1:])
    return replace(
        plan,
        header=replace(plan.header, scenario_name=scenario),
        result=replace(result, workloads=workloads, allocations=allocations, line_items=items),
    )


@pytest.mark.parametrize("hidden", [" =1+1", "\n@SUM(A1)", '\uff1dHYPERLINK("x")'])
def test_hidden_formulas_stay_text_in_every_spreadsheet_export(
    solved_bank: SolvedBank, tmp_path: Path, hidden: str
) -> None:
    plan = _renamed(solved_bank.plan, hidden, hidden + "w", hidden + "p", hidden + "m")
    for suffix in (".csv", ".dora.csv"):
        with export_plan(plan, tmp_path / f"plan{suffix}").open(newline="", encoding="utf-8") as f:
            cells = [c for row in csv.reader(f) for c in row]
        assert any(c.startswith("'" + hidden) for c in cells), suffix
        assert not any(is_formula_like(c) for c in cells), suffix
    for suffix in (".xlsx", ".dora.xlsx"):
        book = openpyxl.load_workbook(export_plan(plan, tmp_path / f"plan{suffix}"))
        cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
        ours = [c for c in cells if isinstance(c.value, str) and c.value.startswith(hidden)]
        assert ours and all(c.data_type == "s" and c.quotePrefix for c in ours), suffix
        assert not any(c.data_type == "f" for c in cells), suffix


def test_markup_in_user_text_is_shown_as_written_in_the_markdown_report(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    names = MARKUP_NAMES
    plan = _renamed(solved_bank.plan, names["scenario"], names["workload"], names["provider"],
                    names["model"])  # fmt: skip
    markdown = export_plan(plan, tmp_path / "report.md").read_text(encoding="utf-8")
    html = render_markdown(markdown)
    assert not re.search(r"<(script|img|a)\b", html), "no tag from user text"
    assert "javascript:" not in html.replace("javascript\u2060:", ""), "no javascript: link"
    assert 'href="' not in html, "user text makes no link at all"
    text = rendered_text(markdown)
    for key in ("scenario", "workload", "provider", "model"):
        assert names[key] in text, f"the {key} name reads as written"


def test_a_non_http_scheme_in_user_text_is_no_link_but_an_http_one_may_be(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    plan = _renamed(solved_bank.plan, "see https://example.org/plan and data:text/html,x",
                    "w", "p", "m")  # fmt: skip
    markdown = export_plan(plan, tmp_path / "report.md").read_text(encoding="utf-8")
    assert "https://example.org/plan" in markdown, "http(s) left as written, linkable"
    assert "data:text" not in markdown and "data\u2060:text" in markdown


def test_paragraph_markup_in_user_text_is_shown_as_written_in_the_pdf(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    plan = _renamed(solved_bank.plan, PDF_MARKUP, "w<b>", "p&amp;", "m</font>")
    reader = PdfReader(export_plan(plan, tmp_path / "report.pdf"))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert PDF_MARKUP in text
    for name in ("w<b>", "p&amp;"):
        assert name in text
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots") or []]
    assert not any("/URI" in str(a.get("/A", {})) for a in links), "no link from user text"
