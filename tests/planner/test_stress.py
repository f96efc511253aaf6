"""What a shock does to a plan: what breaks, the cheapest recovery that keeps what was
bought, its costs and time, and the floors it still meets. Every recovery plan is checked by
the independent checker (tests/checker.py), held units and embargoes included."""

from dataclasses import replace

import pytest

from catalog.domain import Catalog
from planner.analysis.executor import in_process
from planner.analysis.stress import StressContext, ordered, run_stress, stress_one
from planner.evaluation.cost import cost_plan
from planner.evaluation.plan import Plan
from planner.scenario.shock_effects import apply_shock
from planner.scenario.shocks import Commitments, Shock, ShockKind
from tests.checker import check_kept
from tests.planner.stressed import (
    Stressed,
    check_recovery,
    committing_firm,
    owning_bank,
    planned,
)
from tests.solved import SolvedBank

CHEAP_APIS = Shock("apis-90", ShockKind.PRICE_SHOCK, apis=True, change=-0.9)


def test_every_recovery_of_the_bank_passes_the_checker(stressed_bank: Stressed) -> None:
    ctx = stressed_bank.context
    assert len(stressed_bank.report.results) >= 10
    for result in stressed_bank.report.results:
        world = apply_shock(result.shock, ctx.scenario, ctx.catalog)
        check_recovery(ctx.plan, result, world)


def test_a_shock_that_takes_nothing_and_leaves_no_saving_moves_no_work(
    stressed_bank: Stressed,
) -> None:
    """Alternative optima of equal cost once moved work for shocks the plan does not feel,
    and billed one-off egress and re-platforming for it (EUR 62-67 on the bank)."""
    takes_away = {ShockKind.PROVIDER_EXIT, ShockKind.MODEL_RETIREMENT, ShockKind.SPOT_DROUGHT}
    unfelt = [
        r
        for r in stressed_bank.report.results
        if r.recovery is not None
        and r.shock.kind not in takes_away
        and all(w.served_on_lost == 0 for w in r.workloads)
        and r.recovery.annual_cost >= r.nothing_done_annual_cost - 0.01
    ]
    assert len(unfelt) >= 2, [r.shock.name for r in stressed_bank.report.results]
    for result in unfelt:
        assert result.recovery is not None
        assert result.recovery.one_off_cost == pytest.approx(0.0, abs=0.01), result.shock.name
        assert result.recovery.added == (), result.shock.name


def test_the_table_is_sorted_by_harm_and_names_each_providers_exit(
    stressed_bank: Stressed, solved_bank: SolvedBank
) -> None:
    results = stressed_bank.report.results
    assert results == ordered(results)
    harms = [r.harm() for r in results]
    assert harms == sorted(harms)
    exits = stressed_bank.report.exit_strategies()
    plan = solved_bank.plan.result
    assert plan is not None
    third_parties = {i.provider for i in plan.line_items if not i.provider.startswith("own:")}
    assert {p for e in exits for p in e.provider_ids} == third_parties


def test_a_recovery_never_unbuys_servers_even_when_apis_become_cheap(
    shipped_catalog: Catalog,
) -> None:
    scenario = owning_bank(shipped_catalog)
    plan = planned(scenario, shipped_catalog)
    assert plan.owned, "the fixture's plan buys servers"
    ctx = StressContext(scenario, shipped_catalog, plan)
    shock = replace(CHEAP_APIS, name="cheap")
    result = stress_one(ctx, shock)
    world = apply_shock(shock, scenario, shipped_catalog)
    check_recovery(plan, result, world)
    assert result.recovery is not None
    kept = {(o.sku_id, o.site_id): o.servers for o in result.recovery.plan.owned}
    assert all(kept[(o.sku_id, o.site_id)] >= o.servers for o in plan.owned)
    assert (
        result.recovery.annual_cost
        >= cost_plan(
            replace(plan, cloud=(), api=(), allocations=()), shipped_catalog, scenario.assumptions
        ).total
    ), "the servers are paid for whether they serve or not"


@pytest.mark.parametrize(("commitments", "owed"), [(Commitments.LOST, True),
                                                    (Commitments.REFUNDED, False)])  # fmt: skip
def test_lost_commitments_are_still_paid_refunded_ones_are_not(
    shipped_catalog: Catalog, commitments: Commitments, owed: bool
) -> None:
    scenario = committing_firm(shipped_catalog)
    plan = planned(scenario, shipped_catalog)
    [line] = [c for c in plan.cloud if c.instances]
    assert shipped_catalog.cloud_offers[line.offer_id].pricing_term == "commit_3y"
    shock = Shock("gcp", ShockKind.PROVIDER_EXIT, provider="gcp", commitments=commitments)
    result = stress_one(StressContext(scenario, shipped_catalog, plan), shock)
    signed = cost_plan(replace(plan, api=(), allocations=()), shipped_catalog,
                       scenario.assumptions).total  # fmt: skip
    assert result.recovery is not None
    assert result.recovery.stranded_annual_cost == pytest.approx(signed if owed else 0.0)
    assert result.capacity_lost == pytest.approx(1.0)
    assert set(result.unrecovered) == {w.id for w in scenario.workloads}
    assert all("provider not in the allowed list" in w.why_not_recovered for w in result.workloads)
    assert not result.critical_survive or not any(w.critical for w in scenario.workloads)


def test_an_embargo_stops_the_servers_a_recovery_would_buy(shipped_catalog: Catalog) -> None:
    scenario = owning_bank(shipped_catalog)
    nothing_yet = Plan()
    ctx = StressContext(scenario, shipped_catalog, nothing_yet)
    free = stress_one(ctx, Shock("dry", ShockKind.SPOT_DROUGHT))
    assert free.recovery is not None and free.recovery.plan.owned, "without it, it buys"
    embargo = Shock("emb", ShockKind.EMBARGO, vendor_country="US")
    stopped = stress_one(ctx, embargo)
    world = apply_shock(embargo, scenario, shipped_catalog)
    assert stopped.recovery is not None
    bought = {(o.sku_id, o.site_id) for o in stopped.recovery.plan.owned if o.servers}
    assert not bought & world.frozen_owned
    assert check_kept(nothing_yet, stopped.recovery.plan, shipped_catalog,
                      world.frozen_owned) == []  # fmt: skip


def test_notice_longer_than_the_recovery_means_no_outage(shipped_catalog: Catalog) -> None:
    from planner.scenario.examples import example_path
    from planner.scenario.reader import load_scenario

    scenario = load_scenario(example_path("midsize-firm"), shipped_catalog)
    plan = planned(scenario, shipped_catalog)
    [provider] = {shipped_catalog.api_offers[a.offer_id].provider_id for a in plan.api} | {
        shipped_catalog.cloud_offers[c.offer_id].provider_id for c in plan.cloud
    }  # the cost-driven firm runs on one provider
    ctx = StressContext(scenario, shipped_catalog, plan)
    sudden = stress_one(ctx, Shock("exit", ShockKind.PROVIDER_EXIT, provider=provider))
    assert sudden.capacity_lost == pytest.approx(1.0)
    assert sudden.time_to_recover_weeks > 0, "a provider not yet under contract is onboarded"
    for w in sudden.workloads:
        assert w.outage_weeks == pytest.approx(w.ready_weeks)
    notice = stress_one(ctx, Shock("exit", ShockKind.PROVIDER_EXIT, provider=provider,
                                   notice_months=12))  # fmt: skip
    assert all(w.outage_weeks == 0 for w in notice.workloads)
    assert notice.time_to_recover_weeks == pytest.approx(sudden.time_to_recover_weeks)


def test_a_user_shock_in_the_scenario_runs_with_the_library(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    mine = Shock("apis-double", ShockKind.PRICE_SHOCK, apis=True, change=1.0,
                 description="Every API doubles its price.")  # fmt: skip
    scenario = replace(solved_bank.scenario, shocks=(mine,))
    plan = solved_bank.outcome.plan
    assert plan is not None
    ctx = StressContext(scenario, shipped_catalog, plan)
    with in_process(ctx) as workers:
        report = run_stress(ctx, [mine], workers)
    [result] = report.results
    api_spend = sum(line.annual_cost for line in cost_plan(plan, shipped_catalog,
                    scenario.assumptions).lines if line.category == "api")  # fmt: skip
    assert result.cost_change_if_nothing_done == pytest.approx(api_spend)
    assert result.recovery is not None
    assert result.recovery.annual_cost <= result.nothing_done_annual_cost + 1e-6
