"""The build-out roadmap in the plan's exports, read back with real readers: the workbook's
Roadmap and Procurement calendar sheets (openpyxl), the board report's roadmap pages (pypdf)
and the Markdown; the calendar dated from the scenario's start date; `sovplan plan --export`
solving the roadmap of a scenario that sets one."""

import io
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader

from catalog.domain import Catalog
from planner.analysis.roadmap_plan import RoadmapOutcome, plan_roadmap
from planner.cli.main import main
from planner.evaluation.weakest_link import venue_key_name
from planner.exit_codes import ExitCode
from planner.exports import render_plan
from planner.exports.roadmap_tables import (
    CALENDAR_TITLE,
    ROADMAP_TITLE,
    YEARS_TITLE,
    RoadmapReport,
    roadmap_report,
)
from planner.money import money_text
from planner.results.plan_document import PlanDocument
from planner.scenario.examples import example_path
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario
from planner.scenario.roadmap import default_start, year_start
from tests.solved import NATION_CAPEX_BUDGET, NATION_EXAMPLE

pytestmark = pytest.mark.solver
START = "2027-03-15"
"""A start date inside a month, so no date in the calendar can be right by accident."""
START_DAY = date(2027, 3, 15)


@pytest.fixture(scope="module")
def nation(shipped_catalog: Catalog) -> tuple[Scenario, RoadmapOutcome]:
    """The small nation of the `solved_nation` plan over two years from START: rented
    capacity in year 1, its own server from year 2."""
    scenario = replace(load_scenario(NATION_EXAMPLE, shipped_catalog),
                       capex_budget=NATION_CAPEX_BUDGET)  # fmt: skip
    scenario = replace(scenario, roadmap=replace(scenario.roadmap, periods=2, start_date=START))
    found = plan_roadmap(scenario, shipped_catalog)
    assert found.npv is not None and found.horizon == 2
    return scenario, found


@pytest.fixture(scope="module")
def report(nation: tuple[Scenario, RoadmapOutcome], shipped_catalog: Catalog) -> RoadmapReport:
    return roadmap_report(nation[1], nation[0], shipped_catalog)


def _rows(sheet: object) -> list[tuple[object, ...]]:
    """The rows under a titled sheet's title and header."""
    return list(sheet.iter_rows(min_row=3, values_only=True))  # type: ignore[attr-defined]


def test_the_workbook_has_a_row_per_year_and_per_delivery_with_the_roadmaps_figures(
    solved_nation: PlanDocument,
    nation: tuple[Scenario, RoadmapOutcome],
    report: RoadmapReport,
    shipped_catalog: Catalog,
) -> None:
    found = nation[1]
    book = openpyxl.load_workbook(io.BytesIO(render_plan(solved_nation, ".xlsx", roadmap=report)))
    years, calendar = book[YEARS_TITLE], book[CALENDAR_TITLE]
    assert years["A1"].value == report.headline
    assert money_text(found.npv or 0.0, "EUR") in report.headline
    *per_year, npv = _rows(years)
    assert [(r[0], r[2], r[4], r[5], r[6]) for r in per_year] == [
        (y.year, pytest.approx(y.annual_cost), pytest.approx(y.capex),
         pytest.approx(y.independence), pytest.approx(y.lock_in))
        for y in found.years
    ]  # fmt: skip
    assert npv[0] == "Net present value" and npv[3] == pytest.approx(found.npv)
    assert sum(r[3] for r in per_year) == pytest.approx(found.npv)  # type: ignore[misc]
    deliveries = [d for y in found.years for d in y.delivered]
    rows = _rows(calendar)
    assert [(r[0], r[1], r[3], r[10], r[11]) for r in rows] == [
        (d.first_year, venue_key_name(d.venue, shipped_catalog), d.units,
         pytest.approx(d.capex), pytest.approx(d.annual_cost))
        for d in deliveries
    ]  # fmt: skip
    for sheet in (years, calendar):
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, int | float | datetime):
                    assert cell.number_format != "General", cell.coordinate


def test_the_calendar_dates_orders_deliveries_and_contracts_from_the_start_date(
    solved_nation: PlanDocument, nation: tuple[Scenario, RoadmapOutcome], report: RoadmapReport
) -> None:
    found = nation[1]
    book = openpyxl.load_workbook(io.BytesIO(render_plan(solved_nation, ".xlsx", roadmap=report)))
    assert START in book[CALENDAR_TITLE]["A1"].value
    year_starts = {1: START_DAY, 2: date(2028, 3, 15), 3: date(2029, 3, 15)}
    assert [r[1] for r in _rows(book[YEARS_TITLE])[:-1]] == [
        datetime(2027, 3, 15),
        datetime(2028, 3, 15),
    ]
    deliveries = [d for y in found.years for d in y.delivered]
    kinds = set()
    for d, row in zip(deliveries, _rows(book[CALENDAR_TITLE]), strict=True):
        order_by, lead, deliver_by, starts, ends = (row[4], row[5], row[6], row[7], row[8])
        first = year_starts[d.first_year]
        assert lead == d.order_weeks_before
        assert order_by == datetime.combine(first - timedelta(weeks=lead), datetime.min.time())
        if d.venue.startswith("owned:"):
            kinds.add("server")
            assert lead > 0 and deliver_by == datetime.combine(first, datetime.min.time())
            assert starts is None and ends is None
        else:
            kinds.add("rented")
            last_day = year_starts[d.last_year + 1] - timedelta(days=1)
            assert lead == 0 and deliver_by is None
            assert (starts, ends) == (datetime.combine(first, datetime.min.time()),
                                      datetime.combine(last_day, datetime.min.time()))  # fmt: skip
    assert kinds == {"server", "rented"}, "the nation rents in year 1 and buys for year 2"


def test_without_a_start_date_year_one_is_the_next_first_of_january_after_the_lead_in() -> None:
    assert default_start(0.0, date(2026, 12, 1)) == date(2027, 1, 1)
    assert default_start(26.0, date(2026, 12, 1)) == date(2028, 1, 1)  # lead-in to June 2027
    assert default_start(0.0, date(2027, 1, 1)) == date(2027, 1, 1)
    assert year_start(date(2028, 2, 29), 2) == date(2029, 2, 28)
    assert year_start(date(2028, 2, 29), 5) == date(2032, 2, 29)


def test_the_board_report_and_markdown_have_the_roadmap(
    solved_nation: PlanDocument, nation: tuple[Scenario, RoadmapOutcome], report: RoadmapReport
) -> None:
    pdf = PdfReader(io.BytesIO(render_plan(solved_nation, ".pdf", roadmap=report)))
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    first = next(i for i, text in enumerate(pages) if ROADMAP_TITLE in text)
    text = " ".join(pages[first:])
    assert report.headline in text and CALENDAR_TITLE in text
    server = next(d for y in nation[1].years for d in y.delivered if d.venue.startswith("owned:"))
    order_by = year_start(START_DAY, server.first_year) - timedelta(weeks=server.order_weeks_before)
    assert order_by.isoformat() in text
    markdown = render_plan(solved_nation, ".md", roadmap=report).decode("utf-8")
    assert f"## {ROADMAP_TITLE}" in markdown and f"| {order_by.isoformat()} |" in markdown
    plain = PdfReader(io.BytesIO(render_plan(solved_nation, ".pdf")))
    assert not any(ROADMAP_TITLE in page.extract_text() for page in plain.pages)


def _nation_file(tmp_path: Path, roadmap: str) -> Path:
    text = example_path("small-nation").read_text(encoding="utf-8")
    assert "[roadmap]\nperiods = 5\n" in text
    path = tmp_path / "nation.toml"
    path.write_text(text.replace("[roadmap]\nperiods = 5\n", f"[roadmap]\n{roadmap}"), "utf-8")
    return path


def test_sovplan_plan_exports_the_roadmap_of_a_scenario_that_sets_one(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scenario = _nation_file(tmp_path, f'periods = 2\nstart_date = "{START}"\n')
    xlsx, pdf = tmp_path / "plan.xlsx", tmp_path / "plan.pdf"
    code = main(["--workspace", str(workspace_path), "plan", str(scenario),
                 "--export", str(xlsx), "--export", str(pdf)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == ExitCode.OK and "roadmap: Net present value EUR" in out
    sheets = openpyxl.load_workbook(xlsx).sheetnames
    assert YEARS_TITLE in sheets and CALENDAR_TITLE in sheets
    assert ROADMAP_TITLE in " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    roadmap_pdf = tmp_path / "roadmap.pdf"
    code = main(["--workspace", str(workspace_path), "roadmap", str(scenario),
                 "--export", str(roadmap_pdf)])  # fmt: skip
    assert code == ExitCode.OK
    alone = " ".join(page.extract_text() for page in PdfReader(roadmap_pdf).pages)
    assert f"{ROADMAP_TITLE}: Small nation" in alone and START in alone


def test_one_period_or_no_roadmap_exports_the_plan_alone(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ws = ["--workspace", str(workspace_path), "plan"]
    for args in ([str(_nation_file(tmp_path, "periods = 1\n"))],
                 ["--example", "small-nation", "--no-roadmap"],
                 ["--example", "midsize-firm"]):  # fmt: skip
        xlsx = tmp_path / "plan.xlsx"
        assert main([*ws, *args, "--export", str(xlsx)]) == ExitCode.OK
        assert "-year roadmap" not in capsys.readouterr().out
        assert YEARS_TITLE not in openpyxl.load_workbook(xlsx).sheetnames


def test_a_bad_start_date_is_refused_naming_the_field(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scenario = _nation_file(tmp_path, 'periods = 2\nstart_date = "2027-02-30"\n')
    code = main(["--workspace", str(workspace_path), "plan", str(scenario)])
    err = capsys.readouterr().err
    assert code == ExitCode.INVALID_INPUT
    assert "roadmap.start_date" in err and "'2027-02-30' is not a date written YYYY-MM-DD" in err
