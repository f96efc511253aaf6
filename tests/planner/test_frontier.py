"""What control costs: the bank's front of cost against independence, and a firm's against
lock-in. Every point is a plan the independent checker accepts under its own floor; cost
never falls as the floor rises; no point is dominated; the ends are the cheapest plan and the
most independent one the requirements allow."""

import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pypdf import PdfReader

from catalog.domain import Catalog
from planner.analysis.executor import in_process, process_pool
from planner.analysis.frontier import (
    SAME_SCORE,
    SCORE_RESOLUTION,
    Frontier,
    FrontPoint,
    covering,
    pareto,
    point_at,
    run_frontier,
)
from planner.analysis.frontier_text import headline, short_money
from planner.analysis.sweep import Against, Sweep, compile_sweep, solve_at
from planner.exports import render_plan
from planner.exports.control_cost import CONTROL_TITLE, control_cost
from planner.results.frontier_json import point_document
from planner.scenario.examples import example_path
from planner.scenario.reader import load_scenario
from tests.checker import check_plan
from tests.solved import SolvedBank

pytestmark = pytest.mark.solver
POINTS = 8
"""Enough floors for a front with a knee; few enough to sweep in seconds."""


@pytest.fixture(scope="module")
def bank_sweep(solved_bank: SolvedBank) -> Sweep:
    return compile_sweep(solved_bank.scenario, solved_bank.catalog, Against.INDEPENDENCE)


@pytest.fixture(scope="module")
def bank_front(bank_sweep: Sweep) -> Frontier:
    with in_process(bank_sweep) as workers:
        return run_frontier(bank_sweep, workers, points=POINTS)


def _checked(front: Frontier, catalog: Catalog) -> None:
    for point in front.points:
        plan, report = point.outcome.plan, point.outcome.report
        assert plan is not None and report is not None
        assert check_plan(point.scenario, catalog, plan, report) == [], point.tightness


def test_every_point_is_a_plan_the_checker_accepts_under_its_own_floor(
    bank_front: Frontier, solved_bank: SolvedBank
) -> None:
    assert 3 <= len(bank_front.points) <= POINTS and bank_front.complete
    _checked(bank_front, solved_bank.catalog)
    for point in bank_front.points[1:]:
        floor = point.scenario.policy.min_independence
        assert floor is not None and point.independence >= floor - 1e-6


def test_cost_never_falls_as_the_floor_rises(bank_front: Frontier) -> None:
    costs = [p.annual_cost for p in bank_front.points]
    scores = [p.independence for p in bank_front.points]
    assert costs == sorted(costs) and scores == sorted(scores)
    assert costs[-1] > costs[0], "the bank's independence is not free"


def test_no_point_is_dominated_by_another(bank_front: Frontier) -> None:
    points = bank_front.points
    for a in points:
        for b in points:
            if a is not b:
                assert not (
                    a.annual_cost <= b.annual_cost and a.independence > b.independence + 1e-6
                ), "a cheaper point is also more independent"


def test_repeats_are_merged_and_dominated_points_removed(bank_front: Frontier) -> None:
    first, second = bank_front.points[0], bank_front.points[1]
    worse: FrontPoint = replace(second, goodness=first.goodness - 1.0)
    kept = pareto([second, first, first, worse])
    assert kept == (first, second)


def test_the_ends_are_the_cheapest_plan_and_the_most_independent_one(
    bank_front: Frontier, bank_sweep: Sweep, solved_bank: SolvedBank
) -> None:
    cheapest = solved_bank.outcome.report
    assert cheapest is not None
    assert bank_front.points[0].annual_cost == pytest.approx(cheapest.costs.total, rel=1e-4)
    most = bank_front.points[-1].independence
    _, beyond = solve_at(bank_sweep, most + SCORE_RESOLUTION + 1e-6)
    assert beyond.plan is None, "a plan more independent than the far end exists"


def test_the_headline_names_the_range_and_its_price(bank_front: Frontier) -> None:
    first, last = bank_front.points[0], bank_front.points[-1]
    text = headline(bank_front)
    assert f"from {first.independence:.1f} to {last.independence:.1f}" in text
    assert short_money(last.annual_cost - first.annual_cost, "EUR") in text
    marginal = bank_front.marginal_costs()
    assert marginal[0] is None and all(m is not None and m >= 0 for m in marginal[1:])


def test_a_lock_in_front_trades_cost_for_less_lock_in(shipped_catalog: Catalog) -> None:
    firm = load_scenario(example_path("midsize-firm"), shipped_catalog)
    sweep = compile_sweep(firm, shipped_catalog, Against.LOCK_IN)
    with in_process(sweep) as workers:
        front = run_frontier(sweep, workers, points=3)
    _checked(front, shipped_catalog)
    lock_in = [p.lock_in for p in front.points]
    assert len(front.points) >= 2 and lock_in == sorted(lock_in, reverse=True)
    assert "Lock-in down from" in headline(front)


def test_the_board_report_and_workbook_say_what_control_costs(
    bank_front: Frontier, solved_bank: SolvedBank
) -> None:
    catalog = solved_bank.catalog
    cheapest = point_document(bank_front.points[0], catalog)
    control = control_cost(bank_front, catalog)
    pdf = PdfReader(io.BytesIO(render_plan(cheapest, ".pdf", control=control)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert CONTROL_TITLE in text and headline(bank_front) in text
    sheet = load_workbook(io.BytesIO(render_plan(cheapest, ".xlsx", control=control)))[
        CONTROL_TITLE
    ]
    costs = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True) if row[3] is not None]
    assert sheet["A1"].value == headline(bank_front)
    assert costs == pytest.approx([p.annual_cost for p in bank_front.points])


def test_a_floor_a_plan_already_reaches_needs_no_solve(
    bank_front: Frontier, bank_sweep: Sweep
) -> None:
    point = bank_front.points[1]
    assert point.tightness is not None and point.goodness > point.tightness
    between = (point.tightness + point.goodness) / 2
    assert covering(bank_sweep, between, [point]) is point
    assert covering(bank_sweep, point.goodness + SCORE_RESOLUTION, [point]) is None
    lock_in = replace(bank_sweep, against=Against.LOCK_IN)
    assert covering(lock_in, between, [point]) is None, "lock-in's stand-in is not exact"


def _venues(point: FrontPoint) -> set[str]:
    assert point.outcome.report is not None
    spent = point.outcome.report.costs.by_venue()
    return {key for key, spend in spent.items() if spend > 0.5}


def test_the_front_on_a_process_pool_is_the_front_of_this_process(
    bank_sweep: Sweep, bank_front: Frontier
) -> None:
    with process_pool(bank_sweep, 2) as workers:
        pooled = run_frontier(bank_sweep, workers, points=POINTS)
    assert pooled.complete and len(pooled.points) == len(bank_front.points)
    for ours, theirs in zip(pooled.points, bank_front.points, strict=True):
        assert ours.annual_cost == pytest.approx(theirs.annual_cost, rel=1e-4)
        assert ours.goodness == pytest.approx(theirs.goodness, abs=SAME_SCORE)
        assert _venues(ours) == _venues(theirs)


@pytest.mark.parametrize("example", ["eu-bank", "midsize-firm", "small-nation"])
def test_a_point_on_the_kept_model_is_the_point_of_a_fresh_compile(
    example: str, shipped_catalog: Catalog
) -> None:
    scenario = load_scenario(example_path(example), shipped_catalog)
    sweep = compile_sweep(scenario, shipped_catalog, Against.INDEPENDENCE)
    cheapest = point_at(sweep, None)
    assert cheapest is not None
    for tightness in (None, cheapest.goodness + 0.5, cheapest.goodness + 1.5, 100.0):
        kept = point_at(sweep, tightness)
        fresh = point_at(compile_sweep(scenario, shipped_catalog, Against.INDEPENDENCE), tightness)
        if fresh is None:
            assert kept is None, tightness
            continue
        assert kept is not None, tightness
        assert kept.annual_cost == pytest.approx(fresh.annual_cost, rel=1e-4)
        assert _venues(kept) == _venues(fresh)
    assert sweep.models.builds == 1, "every floor was solved on the one model"
