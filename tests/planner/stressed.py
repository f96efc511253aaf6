"""Plans to stress, shared by the stress tests: the bank's whole library (run once per
session, in this process) and small plans that hold servers or commitments."""

from dataclasses import dataclass, replace

from catalog.domain import Catalog
from planner.analysis.executor import in_process
from planner.analysis.report import ShockResult, StressReport
from planner.analysis.stress import StressContext, run_stress
from planner.evaluation.cost import cost_plan
from planner.evaluation.plan import Plan
from planner.evaluation.scoring import evaluate_plan
from planner.optimise.planning import context_of, plan_scenario
from planner.scenario.examples import example_path
from planner.scenario.model import DataClass, Scenario
from planner.scenario.reader import load_scenario
from planner.scenario.shock_effects import ShockedWorld, scope_of_plan
from planner.scenario.shock_library import shock_library
from planner.scenario.shocks import expand
from tests.checker import check_kept, check_plan, families
from tests.solved import SolvedBank


@dataclass(frozen=True)
class Stressed:
    context: StressContext
    report: StressReport


def stress_library(scenario: Scenario, catalog: Catalog, plan: Plan) -> Stressed:
    context = StressContext(scenario, catalog, plan)
    shocks = expand(shock_library(catalog) + scenario.shocks, scope_of_plan(plan, catalog))
    with in_process(context) as workers:
        return Stressed(context, run_stress(context, shocks, workers))


def bank_library(bank: SolvedBank) -> Stressed:
    plan = bank.outcome.plan
    assert plan is not None
    return stress_library(bank.scenario, bank.catalog, plan)


def planned(scenario: Scenario, catalog: Catalog) -> Plan:
    outcome = plan_scenario(scenario, catalog)
    assert outcome.plan is not None, outcome.conflicts
    return outcome.plan


def owning_bank(catalog: Catalog) -> Scenario:
    """The bank allowed no provider but Google Cloud, whose offers its data classes rule
    out: its plan buys servers (one AMD MI300X server at its Frankfurt site)."""
    bank = load_scenario(example_path("eu-bank"), catalog)
    policy = replace(bank.policy, allowed_providers=("gcp",), survive_provider_loss=False)
    return replace(bank, policy=policy)


def committing_firm(catalog: Catalog) -> Scenario:
    """The mid-size firm with public data, no sites and Google Cloud only: its plan commits
    to a Google instance for three years."""
    firm = load_scenario(example_path("midsize-firm"), catalog)
    return replace(
        firm,
        sites=(),
        workloads=tuple(replace(w, data_class=DataClass.PUBLIC) for w in firm.workloads),
        policy=replace(firm.policy, allowed_providers=("gcp",)),
    )


def check_recovery(base: Plan, result: ShockResult, world: ShockedWorld) -> None:
    """The recovery keeps what was bought, and meets every rule it does not say it breaks."""
    recovery = result.recovery
    assert recovery is not None
    plan = recovery.plan
    assert check_kept(base, plan, world.base_catalog, world.frozen_owned) == []
    recovered = tuple(w for w in world.scenario.workloads if w.id not in result.unrecovered)
    scenario = replace(world.scenario, workloads=recovered)
    report = evaluate_plan(plan, world.catalog, context_of(scenario))
    sunk = recovery.annual_cost - cost_plan(plan, world.catalog, scenario.assumptions).total
    breaches = check_plan(scenario, world.catalog, plan, report, sunk_spend=sunk,
                          excluded=world.excluded)  # fmt: skip
    assert families(breaches) <= set(recovery.broken), [str(b) for b in breaches]
