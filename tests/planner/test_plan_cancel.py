"""Cancelling a plan: each step of plan_scenario stops, and the outcome says it was cancelled."""

from dataclasses import replace

import pytest

from catalog.snapshot import load_catalog
from catalog.workspace import Workspace
from planner.optimise.compile import to_problem
from planner.optimise.diagnosis import CANCELLED, diagnose
from planner.optimise.options import compile_options
from planner.optimise.planning import plan_scenario
from planner.optimise.solving import CancelToken, ConstraintFamily, SolveParams, SolveStatus
from planner.scenario.examples import examples_dir
from planner.scenario.reader import load_scenario

pytestmark = pytest.mark.solver
EXAMPLES = examples_dir()


def _cancelled() -> CancelToken:
    token = CancelToken()
    token.cancel()
    return token


def test_a_plan_cancelled_before_it_starts_compiles_and_solves_nothing(
    workspace: Workspace,
) -> None:
    with workspace.sessions() as session:
        catalog = load_catalog(session)
    scenario = load_scenario(EXAMPLES / "eu-bank.toml", catalog)
    outcome = plan_scenario(scenario, catalog, cancel=_cancelled())
    assert outcome.status is SolveStatus.CANCELLED
    assert outcome.plan is None and outcome.options_considered == 0


def test_a_cancelled_diagnosis_says_so_instead_of_naming_a_conflict(
    workspace: Workspace,
) -> None:
    with workspace.sessions() as session:
        catalog = load_catalog(session)
    bank = load_scenario(EXAMPLES / "eu-bank.toml", catalog)
    poor = replace(bank, annual_budget=1_000.0)
    indexed = to_problem(poor, compile_options(poor, catalog))
    named = diagnose(poor, catalog, indexed, SolveParams())
    assert [c.family for c in named] == [ConstraintFamily.BUDGET_ANNUAL]
    assert diagnose(poor, catalog, indexed, SolveParams(), _cancelled()) == (CANCELLED,)
