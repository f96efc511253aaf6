"""Near-optimal alternatives: each within x % of the cheapest, each as the checker accepts it,
each differing from every other by the documented measure; the one-line description follows
the plan's figures."""

import json
from pathlib import Path

import pytest

from catalog.domain import Catalog
from planner.analysis.alternatives import MIN_DIFFERENCE, Alternatives, Direction, near_optimal
from planner.analysis.mix import Mix, describe, difference
from planner.cli.main import main
from planner.exit_codes import ExitCode
from planner.scenario.examples import example_path
from planner.scenario.reader import load_scenario
from tests.checker import check_plan
from tests.solved import SolvedBank

pytestmark = pytest.mark.solver
WITHIN = 0.2
"""Wide enough that the bank has several alternatives."""


@pytest.fixture(scope="module")
def bank_alternatives(solved_bank: SolvedBank) -> Alternatives:
    return near_optimal(solved_bank.scenario, solved_bank.catalog, within=WITHIN, count=4)


def test_each_alternative_is_a_checked_plan_within_the_margin(
    bank_alternatives: Alternatives, solved_bank: SolvedBank
) -> None:
    plans = bank_alternatives.plans
    assert len(plans) >= 2 and plans[0].direction is Direction.CHEAPEST
    cheapest = solved_bank.outcome.report
    assert cheapest is not None
    assert bank_alternatives.optimal_cost == pytest.approx(cheapest.costs.total, rel=1e-4)
    for plan in plans:
        assert plan.annual_cost <= bank_alternatives.optimal_cost * (1 + WITHIN) * (1 + 1e-6)
        outcome = plan.outcome
        assert outcome.plan is not None and outcome.report is not None
        assert check_plan(solved_bank.scenario, solved_bank.catalog, outcome.plan,
                          outcome.report) == []  # fmt: skip


def test_alternatives_differ_pairwise_by_the_documented_measure(
    bank_alternatives: Alternatives,
) -> None:
    plans = bank_alternatives.plans
    for i, a in enumerate(plans):
        assert sum(a.mix.by_venue.values()) == pytest.approx(1.0)
        for b in plans[i + 1 :]:
            assert difference(a.mix, b.mix) >= MIN_DIFFERENCE
            assert difference(a.mix, b.mix) == pytest.approx(difference(b.mix, a.mix))
    assert difference(plans[0].mix, plans[0].mix) == pytest.approx(0.0)


def _mix(**shares: float) -> Mix:
    base = {"owned": 0.0, "cloud": 0.0, "api": 0.0, "eu": 1.0, "closed_models": 0.0}
    return Mix(by_venue={}, **(base | shares), by_supplier={"OVHcloud": 0.6, "Mistral": 0.4})


def test_the_description_follows_the_figures() -> None:
    assert describe(_mix(cloud=1.0)).startswith("all-EU all rented, open models; mainly OVHcloud")
    assert describe(_mix(owned=0.7, cloud=0.3)).startswith("all-EU owned-heavy")
    assert "API-first, closed models" in describe(_mix(api=0.8, closed_models=0.6, eu=0.3))
    assert describe(_mix(api=0.8, eu=0.3)).startswith("mostly non-EU")


def test_a_nation_that_owns_its_servers_is_described_so(shipped_catalog: Catalog) -> None:
    nation = load_scenario(example_path("small-nation"), shipped_catalog)
    found = near_optimal(nation, shipped_catalog, count=1)
    mix = found.plans[0].mix
    assert mix.owned >= 0.5 and "owned-heavy" in found.plans[0].description


def test_the_cli_prints_each_plan_and_refuses_a_bad_margin(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--workspace", str(workspace_path), "alternatives", "--example", "midsize-firm"]
    assert main([*argv, "--within", "20%", "--count", "3", "--json"]) == ExitCode.OK
    found = json.loads(capsys.readouterr().out)
    assert found["within"] == pytest.approx(0.2) and 1 <= len(found["plans"]) <= 3
    cheapest = found["plans"][0]["annual_cost"]
    for plan in found["plans"]:
        assert plan["annual_cost"] <= cheapest * 1.2 * (1 + 1e-6)
        assert plan["plan"]["annual_cost"] == pytest.approx(plan["annual_cost"])
    for bad in ("0%", "150%", "five"):
        assert main([*argv, "--within", bad]) == ExitCode.INVALID_INPUT
        assert "--within" in capsys.readouterr().err
