"""Plans that survive chosen shocks (`policy.must_survive`): each listed shock, run on the
robust plan by the stress test, is survived, and the independent checker verifies every
recovery; templates range over every supplier a plan could use; a shock no plan survives is
named; bad names are refused naming the field."""

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from catalog.domain import Catalog
from planner.analysis.stress import StressContext, stress_one
from planner.cli.compare import comparison_to_json, format_comparison
from planner.cli.main import main
from planner.evaluation.cost import cost_plan
from planner.evaluation.scoring import evaluate_plan
from planner.exit_codes import ExitCode
from planner.optimise.planning import PlanOutcome, context_of, plan_scenario
from planner.optimise.robust_plan import POLICY_FIELD
from planner.results.compare import compare
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.results.plan_json import plan_from_text, plan_to_text
from planner.results.saved import SavedScenario
from planner.scenario.examples import example_path
from planner.scenario.model import Scenario
from planner.scenario.must_survive import chosen
from planner.scenario.reader import ScenarioError, load_scenario, parse_scenario, toml_data
from planner.scenario.shock_effects import apply_shock, scope_of_plan
from planner.scenario.shock_library import shock_library
from planner.scenario.shocks import ShockScope
from solver.families import ConstraintFamily
from solver.problem import SolveStatus
from tests.checker import check_plan
from tests.planner.stressed import check_recovery, committing_firm
from tests.solved import SolvedBank

NATION_SHOCKS = ("provider-exit:*", "legal-reach:US", "embargo-us-advanced", "spot-drought")


@dataclass(frozen=True)
class Robust:
    scenario: Scenario
    outcome: PlanOutcome


def must_survive(scenario: Scenario, *names: str) -> Scenario:
    return replace(scenario, policy=replace(scenario.policy, must_survive=names))


@pytest.fixture(scope="module")
def robust_bank(solved_bank: SolvedBank) -> Robust:
    scenario = must_survive(solved_bank.scenario, "provider-exit:*")
    return Robust(scenario, plan_scenario(scenario, solved_bank.catalog))


@pytest.fixture(scope="module")
def robust_nation(shipped_catalog: Catalog) -> Robust:
    nation = load_scenario(example_path("small-nation"), shipped_catalog)
    scenario = must_survive(nation, *NATION_SHOCKS)
    return Robust(scenario, plan_scenario(scenario, shipped_catalog))


def _survives_every_listed_shock(robust: Robust, catalog: Catalog) -> None:
    outcome = robust.outcome
    assert outcome.plan is not None and outcome.resilience is not None, outcome.conflicts
    available = [*shock_library(catalog), *robust.scenario.shocks]
    listed = chosen(outcome.resilience.shocks, available, ShockScope())
    assert [s.name for s in listed] == list(outcome.resilience.shocks)
    assert not any(s.is_template for s in listed)
    ctx = StressContext(robust.scenario, catalog, outcome.plan)
    for shock in listed:
        result = stress_one(ctx, shock)
        assert result.critical_survive, shock.name
        assert result.floors.all_met, shock.name
        assert result.recovery is not None and result.recovery.broken == (), shock.name
        check_recovery(outcome.plan, result, apply_shock(shock, robust.scenario, catalog))
    report = evaluate_plan(outcome.plan, catalog, context_of(robust.scenario))
    assert check_plan(robust.scenario, catalog, outcome.plan, report) == []


def test_the_robust_bank_survives_every_providers_exit(
    robust_bank: Robust, shipped_catalog: Catalog
) -> None:
    _survives_every_listed_shock(robust_bank, shipped_catalog)


def test_the_robust_nation_survives_each_listed_shock(
    robust_nation: Robust, shipped_catalog: Catalog
) -> None:
    _survives_every_listed_shock(robust_nation, shipped_catalog)


def _groups(names: tuple[str, ...], catalog: Catalog) -> set[str]:
    return {catalog.providers[n.split(":")[1]].legal_group for n in names}


def test_provider_exits_range_over_every_supplier_the_plan_could_use(
    robust_bank: Robust, solved_bank: SolvedBank, shipped_catalog: Catalog
) -> None:
    resilience = robust_bank.outcome.resilience
    plain = solved_bank.outcome.plan
    assert resilience is not None and plain is not None
    used = set(scope_of_plan(plain, shipped_catalog).provider_groups)
    could = _groups(resilience.shocks, shipped_catalog)
    assert used < could, "the suppliers a plan could pick, not only the plain plan's"
    assert all(n.startswith("provider-exit:") for n in resilience.shocks)


def test_the_price_of_resilience_is_against_the_plain_optimum(
    robust_bank: Robust, solved_bank: SolvedBank, shipped_catalog: Catalog
) -> None:
    resilience = robust_bank.outcome.resilience
    plain = solved_bank.outcome.plan
    assert resilience is not None and plain is not None
    plain_cost = cost_plan(plain, shipped_catalog, solved_bank.scenario.assumptions).total
    assert resilience.plain_annual_cost == pytest.approx(plain_cost)
    assert resilience.annual_cost >= plain_cost * (1 - 1e-6)
    assert resilience.price == pytest.approx(
        max(resilience.annual_cost - plain_cost, 0.0), abs=1e-6
    )
    assert resilience.must_survive == ("provider-exit:*",)


TIGHT_BUDGET = 8_000.0
"""EUR a year: the mid-size firm on Google Cloud and Scaleway meets it with a three-year Google
commitment, which Google's exit would strand."""


RECOVERY_HEADROOM = 0.01
"""A budget 1 % above a plain plan: no recovery from a main supplier's exit fits."""


def test_a_shock_no_plan_survives_is_named(shipped_catalog: Catalog) -> None:
    firm = committing_firm(shipped_catalog)
    policy = replace(firm.policy, allowed_providers=("gcp", "scaleway"))
    plain = replace(firm, policy=policy)
    cheapest = plan_scenario(plain, shipped_catalog).objective
    assert cheapest is not None
    budget = cheapest * (1 + RECOVERY_HEADROOM)
    scenario = must_survive(replace(plain, annual_budget=budget), "provider-exit:*")
    assert plan_scenario(replace(plain, annual_budget=budget), shipped_catalog).plan is not None
    outcome = plan_scenario(scenario, shipped_catalog)
    assert outcome.status is SolveStatus.INFEASIBLE
    assert outcome.plan is None
    [conflict] = outcome.conflicts
    assert conflict.family is ConstraintFamily.BUDGET_ANNUAL
    assert re.search(r"no plan survives shock 'provider-exit:(gcp|scaleway)'", conflict.message)
    assert conflict.fields == (POLICY_FIELD,)
    assert conflict.amount is not None and conflict.amount > 0


BANK_TOML = example_path("eu-bank").read_text(encoding="utf-8")


def _bank_with(line: str, catalog: Catalog) -> Scenario:
    text = BANK_TOML.replace("[policy]\n", f"[policy]\n{line}\n", 1)
    return parse_scenario(toml_data(text, "bank.toml"), catalog, "bank.toml")


def test_names_the_library_and_the_scenario_know_are_read(shipped_catalog: Catalog) -> None:
    names = '["provider-exit", "provider-exit:*", "provider-exit:ovhcloud", "legal-reach:US"]'
    scenario = _bank_with(f"must_survive = {names}", shipped_catalog)
    assert scenario.policy.must_survive[-1] == "legal-reach:US"


@pytest.mark.parametrize(
    ("names", "reason"),
    [
        ('["provider-leaves"]', "'provider-leaves' names no shock"),
        ('["provider-exit:nobody"]', "'nobody' in 'provider-exit:nobody' is not in the catalog"),
        ('["model-retirement:nobody"]', "is not in the catalog's ai_models"),
        ('"provider-exit:*"', "list of text"),
    ],
)
def test_a_bad_name_is_refused_naming_the_field(
    shipped_catalog: Catalog, names: str, reason: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        _bank_with(f"must_survive = {names}", shipped_catalog)
    text = str(caught.value)
    assert "policy.must_survive" in text and reason in text, text


def test_the_robust_plan_travels_in_its_document(
    robust_bank: Robust, shipped_catalog: Catalog
) -> None:
    doc = plan_document(robust_bank.outcome, robust_bank.scenario, shipped_catalog)
    assert doc.resilience == robust_bank.outcome.resilience
    text = plan_to_text(doc)
    assert plan_from_text(text) == doc
    assert json.loads(text)["resilience"]["must_survive"] == ["provider-exit:*"]


def test_the_comparison_shows_the_price_of_resilience(
    robust_bank: Robust, solved_bank: SolvedBank, shipped_catalog: Catalog
) -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)

    def saved(name: str, doc: PlanDocument) -> SavedScenario:
        return SavedScenario(name, BANK_TOML, shipped_catalog.revision, doc.header.status,
                             doc, now, now)  # fmt: skip

    robust = plan_document(robust_bank.outcome, robust_bank.scenario, shipped_catalog)
    resilience = robust.resilience
    assert resilience is not None
    comparison = compare([saved("plain", solved_bank.plan), saved("robust", robust)])
    assert [h.resilience_text for h in comparison.headline] == [
        None,
        f"{resilience.price_share:+.1%} ({len(resilience.shocks)} shocks)",
    ]
    assert "price of resilience" in format_comparison(comparison)
    [plain, robust_json] = comparison_to_json(comparison)["headline"]
    assert plain["resilience"] is None
    assert robust_json["resilience"]["plain_annual_cost"] == pytest.approx(
        resilience.plain_annual_cost
    )


def _robust_bank_file(tmp_path: Path, budget: str = "6_000_000") -> Path:
    text = BANK_TOML.replace("[policy]\n", '[policy]\nmust_survive = ["provider-exit:*"]\n', 1)
    path = tmp_path / "robust-bank.toml"
    path.write_text(text.replace("annual_budget = 6_000_000", f"annual_budget = {budget}"))
    return path


def test_sovplan_plan_and_stress_on_a_robust_scenario(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", str(workspace_path)]
    path = str(_robust_bank_file(tmp_path))
    assert main([*ws, "plan", path]) == ExitCode.OK
    out = capsys.readouterr().out
    assert re.search(r"robust to \d+ shocks \(provider-exit:\*\): EUR [\d,]+ \([+-]\d+\.\d% "
                     r"over the plain optimum EUR [\d,]+\)", out), out  # fmt: skip
    assert main([*ws, "stress", path, "--shock", "provider-exit", "--json"]) == ExitCode.OK
    results = json.loads(capsys.readouterr().out)["results"]
    assert results and all(r["shock"].startswith("provider-exit:") for r in results)
    assert all(r["critical_survive"] and not r["floors"]["unmet"] for r in results), results


def test_sovplan_plan_names_the_shock_no_plan_survives(
    shipped_catalog: Catalog,
    workspace_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bank = load_scenario(example_path("eu-bank"), shipped_catalog)
    plain = plan_scenario(bank, shipped_catalog)
    assert plain.objective is not None
    # Just above the plain plan: a recovery from losing a main supplier costs more.
    budget = f"{plain.objective * (1 + RECOVERY_HEADROOM):.0f}"
    path = str(_robust_bank_file(tmp_path, budget=budget))
    code = main(["--workspace", str(workspace_path), "plan", path])
    out = capsys.readouterr().out
    assert code == ExitCode.INFEASIBLE
    assert re.search(r"conflict \[[a-z-]+\]: no plan survives shock 'provider-exit:\w+'", out), out


def test_resilience_costs_where_a_plain_commitment_would_be_stranded(
    shipped_catalog: Catalog,
) -> None:
    firm = committing_firm(shipped_catalog)
    policy = replace(firm.policy, allowed_providers=("gcp", "scaleway"))
    plain_scenario = replace(firm, policy=policy, annual_budget=TIGHT_BUDGET)
    scenario = must_survive(plain_scenario, "provider-exit:gcp")
    robust = plan_scenario(scenario, shipped_catalog)
    plain = plan_scenario(plain_scenario, shipped_catalog)
    assert robust.plan is not None and robust.resilience is not None and plain.plan is not None
    assert robust.resilience.price > 0
    committed = [c for c in plain.plan.cloud if c.instances]
    assert committed and all(
        shipped_catalog.cloud_offers[c.offer_id].pricing_term == "commit_3y" for c in committed
    )
    [exit_] = chosen(("provider-exit:gcp",), shock_library(shipped_catalog), ShockScope())
    stranded = stress_one(StressContext(plain_scenario, shipped_catalog, plain.plan), exit_)
    assert not stranded.floors.budget, "the plain plan's recovery owes the commitment too"
    survived = stress_one(StressContext(scenario, shipped_catalog, robust.plan), exit_)
    assert survived.floors.all_met and survived.critical_survive
    assert survived.recovery is not None and survived.recovery.broken == ()
