"""A plan says which of the market figures it relies on are more than a year old.

The bank example is planned once (the session fixture); its document is then re-dated with
`dataclasses.replace` to make figures old or young, because the ages are measured against the
day the plan was made, which the document records. Every reader is checked with its real
output: the CLI summary, the JSON, and the Markdown, PDF and XLSX exports read back.
"""

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.cli.plan import print_summary
from planner.exports import export_plan
from planner.results.plan_document import (
    STALE_AFTER_DAYS,
    CostAssumptions,
    Figure,
    PlanDocument,
    PlanResult,
    PlanSources,
)
from planner.results.plan_json import JsonFormatError, decode_plan, encode_plan, plan_to_text
from planner.results.stale_figures import stale_figure_line, stale_figures_note
from tests.planner.test_exports import text_of
from tests.planner.test_plan_json import fixture_text
from tests.solved import SolvedBank

pytestmark = pytest.mark.solver

FAR_FUTURE = "2040-01-01"
"""A day on which every dated catalog figure is far more than a year old."""


def result_of(plan: PlanDocument) -> PlanResult:
    assert plan.result is not None
    return plan.result


def aged_on(plan: PlanDocument, checked_on: str | None) -> PlanDocument:
    """The plan as if it had been made (and its figures aged) on `checked_on`."""
    result = result_of(plan)
    sources = replace(result.sources, ages_checked_on=checked_on)
    return replace(plan, result=replace(result, sources=sources))


def figure(as_of: str, *, perishable: bool = True) -> Figure:
    return Figure(subject=f"offer {as_of}", figure="price", value="1 USD", source_id="s",
                  source_title="A price list", citation="https://example.org", as_of=as_of,
                  perishable=perishable)  # fmt: skip


def sources(checked_on: str | None, *figures: Figure) -> PlanSources:
    return PlanSources(cost_assumptions=CostAssumptions(), fx_rates=(),
                       catalog_figures=figures, ages_checked_on=checked_on)  # fmt: skip


@pytest.fixture(scope="module")
def plan(solved_bank: SolvedBank) -> PlanDocument:
    return solved_bank.plan


@pytest.fixture(scope="module")
def old(plan: PlanDocument) -> PlanDocument:
    """The bank's plan aged on FAR_FUTURE: every perishable figure is stale."""
    return aged_on(plan, FAR_FUTURE)


# --- what counts as stale -------------------------------------------------------------------


def test_a_figure_is_stale_only_after_the_threshold_and_only_if_it_can_change() -> None:
    checked = date(2026, 12, 1)
    on_the_day = (checked - timedelta(days=STALE_AFTER_DAYS)).isoformat()
    a_day_older = (checked - timedelta(days=STALE_AFTER_DAYS + 1)).isoformat()
    spec = figure("2020-01-01", perishable=False)
    found = sources(checked.isoformat(), figure(on_the_day), figure(a_day_older), spec)
    assert [(s.figure.as_of, s.age_days) for s in found.stale_figures()] == [
        (a_day_older, STALE_AFTER_DAYS + 1)
    ]


def test_stale_figures_come_oldest_first_and_unaged_plans_name_none() -> None:
    figures = (figure("2025-06-01"), figure("2022-06-01"), figure("2024-01-01"))
    found = sources("2026-12-01", *figures).stale_figures()
    assert [s.figure.as_of for s in found] == ["2022-06-01", "2024-01-01", "2025-06-01"]
    assert sources(None, *figures).stale_figures() == ()


# --- what the plan records ------------------------------------------------------------------


def test_a_new_plan_ages_its_figures_today_and_marks_only_market_figures(
    plan: PlanDocument,
) -> None:
    figures = result_of(plan).sources.catalog_figures
    assert result_of(plan).sources.ages_checked_on == date.today().isoformat()
    by_kind = {f.figure: f.perishable for f in figures}
    assert by_kind["price per instance-hour"] and by_kind["legal group, jurisdiction, egress"]
    assert by_kind["price per million input / output tokens"]
    assert not by_kind["parameters, quality"] and not by_kind["memory, bandwidth, dense BF16"]


def test_a_euro_plan_names_the_exchange_rate_it_converted_with(plan: PlanDocument) -> None:
    assert plan.header.currency == "EUR"
    [rate] = [f for f in result_of(plan).sources.catalog_figures if f.figure == "USD per unit"]
    assert rate.subject == "EUR exchange rate" and rate.perishable
    fx = {r.currency: r.usd_per_unit for r in result_of(plan).sources.fx_rates}
    assert rate.value == f"{fx['EUR']:g}"


def test_the_note_counts_the_stale_figures_and_names_the_oldest(old: PlanDocument) -> None:
    stale = result_of(old).sources.stale_figures()
    perishable = [f for f in result_of(old).sources.catalog_figures if f.perishable]
    assert len(stale) == len(perishable) > 1
    note = stale_figures_note(result_of(old).sources)
    assert note is not None
    assert note.startswith(f"{len(stale)} of the {len(perishable)} market figures")
    assert f"more than {STALE_AFTER_DAYS} days old on {FAR_FUTURE}" in note
    assert f"(oldest: {stale[0].figure.subject}, as of {stale[0].figure.as_of})" in note
    assert stale_figures_note(result_of(aged_on(old, None)).sources) is None


# --- the readers ----------------------------------------------------------------------------


def test_the_cli_summary_lists_every_stale_figure(
    old: PlanDocument, capsys: pytest.CaptureFixture[str]
) -> None:
    print_summary(old)
    out = capsys.readouterr().out
    assert "Stale figures: " in out
    assert all(stale_figure_line(s) in out for s in result_of(old).sources.stale_figures())


def test_the_cli_summary_says_nothing_when_the_figures_are_young(
    plan: PlanDocument, capsys: pytest.CaptureFixture[str]
) -> None:
    young = aged_on(plan, min(f.as_of for f in result_of(plan).sources.catalog_figures))
    print_summary(young)
    assert "Stale figures" not in capsys.readouterr().out


@pytest.mark.parametrize("suffix", [".md", ".pdf", ".xlsx"])
def test_every_report_has_the_stale_figures_note_and_table(
    old: PlanDocument, suffix: str, tmp_path: Path
) -> None:
    text = " ".join(text_of(export_plan(old, tmp_path / f"plan{suffix}")).split())
    note = stale_figures_note(result_of(old).sources)
    assert note is not None and note in text
    for s in result_of(old).sources.stale_figures():
        age = str(s.age_days) if suffix == ".xlsx" else f"{s.age_days:,}"  # a number in XLSX
        assert f"{s.figure.subject} " in text and f" {age} " in text


@pytest.mark.parametrize("suffix", [".md", ".pdf", ".xlsx"])
def test_a_report_without_stale_figures_has_no_such_section(
    plan: PlanDocument, suffix: str, tmp_path: Path
) -> None:
    young = aged_on(plan, min(f.as_of for f in result_of(plan).sources.catalog_figures))
    assert "Stale figures" not in text_of(export_plan(young, tmp_path / f"plan{suffix}"))


# --- JSON -----------------------------------------------------------------------------------


def test_the_json_carries_the_age_check_and_what_it_flags(old: PlanDocument) -> None:
    data = json.loads(plan_to_text(old))
    ages = data["assumptions_and_sources"]["figure_ages"]
    assert ages["checked_on"] == FAR_FUTURE and ages["stale_after_days"] == STALE_AFTER_DAYS
    assert [(s["subject"], s["age_days"]) for s in ages["stale"]] == [
        (s.figure.subject, s.age_days) for s in result_of(old).sources.stale_figures()
    ]
    assert decode_plan(data) == old


def test_a_plan_stored_before_ages_were_checked_names_no_stale_figure() -> None:
    stored = json.loads(fixture_text("v1-eu-bank"))
    assert "figure_ages" not in stored["assumptions_and_sources"]
    sources = result_of(decode_plan(stored)).sources
    assert sources.ages_checked_on is None and sources.stale_figures() == ()
    assert not any(f.perishable for f in sources.catalog_figures)
    assert "figure_ages" not in encode_plan(decode_plan(stored))["assumptions_and_sources"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("checked_on", "last year", "figure_ages.checked_on: expected a date as YYYY-MM-DD"),
        ("stale_after_days", -1, "figure_ages.stale_after_days: must be at least 0"),
    ],
)
def test_a_malformed_age_check_is_refused_naming_the_field(
    old: PlanDocument, field: str, value: object, message: str
) -> None:
    data = json.loads(plan_to_text(old))
    data["assumptions_and_sources"]["figure_ages"][field] = value
    with pytest.raises(JsonFormatError, match=f"plan.assumptions_and_sources.{message}"):
        decode_plan(data)
