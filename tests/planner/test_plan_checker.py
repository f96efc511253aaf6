"""The optimiser's plans hold every hard rule, by an independent checker (tests/checker.py).

The checker re-derives each rule from the scenario, the catalog and the plan; these tests
show that the shipped examples and random variations of them pass it, and that it is not
vacuous: a plan broken in a known way is caught under the right rule family.
"""

import math
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from catalog.domain import Catalog
from planner.evaluation.plan import Allocation, OwnedLine, Plan, VenueKind
from planner.evaluation.scoring import PlanReport
from planner.optimise.planning import PlanOutcome, plan_scenario
from planner.optimise.venues import venue_independence
from planner.scenario.examples import example_names, example_path
from planner.scenario.field_table import FIELDS
from planner.scenario.model import DATA_CLASS_SEAL_FLOORS, DataClass, Scenario, WorkloadKind
from planner.scenario.reader import load_scenario
from solver.families import ConstraintFamily
from solver.problem import SolveParams, SolveStatus
from tests.checker import check_plan, families
from tests.variations import NOT_VARIED, Variation, field_id, random_variation, varied_ids

EXAMPLES = [example_path(name) for name in example_names()]
EXAMPLE_NAMES = [p.stem for p in EXAMPLES]
PARAMS = SolveParams(time_limit_s=20)
SURVIVAL = {
    ConstraintFamily.SURVIVE_PROVIDER_LOSS,
    ConstraintFamily.SURVIVE_SERVER_LOSS,
    ConstraintFamily.SURVIVE_SITE_LOSS,
}
"""The rules a standby capacity is kept for."""

pytestmark = pytest.mark.solver


@pytest.fixture(scope="session")
def catalog(shipped_catalog: Catalog) -> Catalog:
    return shipped_catalog


@pytest.fixture(scope="session")
def scenarios(catalog: Catalog) -> dict[str, Scenario]:
    return {p.stem: load_scenario(p, catalog) for p in EXAMPLES}


@pytest.fixture(scope="session")
def solved(catalog: Catalog, scenarios: dict[str, Scenario]) -> dict[str, PlanOutcome]:
    """Each example planned once for the whole session."""
    return {name: plan_scenario(s, catalog, PARAMS) for name, s in scenarios.items()}


def _plan_of(outcome: PlanOutcome) -> Plan:
    assert outcome.plan is not None and outcome.report is not None
    return outcome.plan


# ---------------------------------------------------------------- the examples


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_plans_optimally_and_breaks_no_rule(
    name: str, catalog: Catalog, scenarios: dict[str, Scenario], solved: dict[str, PlanOutcome]
) -> None:
    outcome = solved[name]
    assert outcome.status is SolveStatus.OPTIMAL
    assert outcome.report is not None
    assert check_plan(scenarios[name], catalog, _plan_of(outcome), outcome.report) == []


# ---------------------------------------------------------------- the checker is not vacuous


def _with_allocations(plan: Plan, allocations: list[Allocation]) -> Plan:
    return Plan(plan.owned, plan.cloud, plan.api, tuple(allocations))


def _third_party(allocation: Allocation) -> bool:
    return allocation.venue.kind is not VenueKind.OWNED and allocation.share > 0


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_a_workload_left_partly_unserved_breaks_demand_coverage(
    name: str, catalog: Catalog, scenarios: dict[str, Scenario], solved: dict[str, PlanOutcome]
) -> None:
    outcome = solved[name]
    plan = _plan_of(outcome)
    i = next(i for i, a in enumerate(plan.allocations) if a.share > 0.05)
    broken = list(plan.allocations)
    broken[i] = replace(broken[i], share=0.0)
    assert outcome.report is not None
    problems = check_plan(scenarios[name], catalog, _with_allocations(plan, broken),
                          outcome.report)  # fmt: skip
    assert ConstraintFamily.DEMAND_COVERAGE in families(problems)
    assert any(plan.allocations[i].workload_id in p.detail for p in problems)


@pytest.mark.slow
def test_half_the_cloud_instances_break_resource_capacity(
    catalog: Catalog, scenarios: dict[str, Scenario], solved: dict[str, PlanOutcome]
) -> None:
    checked = 0
    for name, outcome in solved.items():
        plan = _plan_of(outcome)
        used = {
            a.venue.id
            for a in plan.allocations
            if a.venue.kind is VenueKind.CLOUD and a.share > 0 and a.accelerators > 0
        }
        for line in (c for c in plan.cloud if c.offer_id in used and c.instances >= 1):
            halved = tuple(
                replace(c, instances=c.instances // 2) if c == line else c for c in plan.cloud
            )
            assert outcome.report is not None
            problems = check_plan(scenarios[name], catalog, replace(plan, cloud=halved),
                                  outcome.report)  # fmt: skip
            assert ConstraintFamily.RESOURCE_CAPACITY in families(problems), (name, line)
            assert any(line.offer_id in p.detail for p in problems)
            checked += 1
    if not checked:
        pytest.skip("no example plan rents a cloud instance to halve")


@pytest.mark.slow
def test_fewer_owned_servers_break_resource_capacity(
    catalog: Catalog, scenarios: dict[str, Scenario], solved: dict[str, PlanOutcome]
) -> None:
    checked = 0
    for name, outcome in solved.items():
        plan = _plan_of(outcome)
        for line in plan.owned:
            fewer = tuple(replace(o, servers=0) if o == line else o for o in plan.owned)
            assert outcome.report is not None
            problems = check_plan(scenarios[name], catalog, replace(plan, owned=fewer),
                                  outcome.report)  # fmt: skip
            assert ConstraintFamily.RESOURCE_CAPACITY in families(problems), (name, line)
            checked += 1
    if not checked:
        pytest.skip("no example plan buys servers")


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_a_budget_below_the_plans_cost_is_reported(
    name: str, catalog: Catalog, scenarios: dict[str, Scenario], solved: dict[str, PlanOutcome]
) -> None:
    outcome = solved[name]
    assert outcome.report is not None
    tight = replace(scenarios[name], annual_budget=outcome.report.costs.total * 0.9)
    problems = check_plan(tight, catalog, _plan_of(outcome), outcome.report)
    assert families(problems) == {ConstraintFamily.BUDGET_ANNUAL}


@pytest.mark.slow
def test_excluding_a_provider_the_plan_uses_breaks_eligibility(
    catalog: Catalog, scenarios: dict[str, Scenario], solved: dict[str, PlanOutcome]
) -> None:
    checked = 0
    for name, outcome in solved.items():
        plan, scenario = _plan_of(outcome), scenarios[name]
        for allocation in filter(_third_party, plan.allocations):
            offers = catalog.api_offers if allocation.venue.kind is VenueKind.API else (
                catalog.cloud_offers
            )  # fmt: skip
            provider = offers[allocation.venue.id].provider_id
            policy = replace(
                scenario.policy,
                excluded_providers=(*scenario.policy.excluded_providers, provider),
            )
            assert outcome.report is not None
            problems = check_plan(replace(scenario, policy=policy), catalog, plan, outcome.report)
            assert ConstraintFamily.ELIGIBILITY in families(problems), (name, provider)
            assert any(f"provider {provider} is excluded" in p.detail for p in problems)
            checked += 1
    assert checked, "no example plan uses a third-party provider"


def _pays_a_provider(plan: Plan) -> bool:
    return any(map(_third_party, plan.allocations))


def _meets_secret_floors(plan: Plan, catalog: Catalog, scenario: Scenario) -> bool:
    """Every third-party venue the plan pays reaches the secret data class's SEAL floors."""
    floors = DATA_CLASS_SEAL_FLOORS[DataClass.SECRET]
    for allocation in filter(_third_party, plan.allocations):
        _, levels = venue_independence(allocation.venue, catalog, scenario)
        if any(levels[o] < level for o, level in floors.items()):
            return False
    return True


@dataclass(frozen=True)
class Tightening:
    """A change to a solved example's scenario, and the one rule family its plan then breaks
    (for the examples whose plan the change concerns)."""

    change: str
    family: ConstraintFamily

    def concerns(self, plan: Plan, report: PlanReport) -> bool:
        if self.change in ("max_provider_share", "secret_data"):
            return _pays_a_provider(plan)
        if self.change == "min_independence":
            return report.independence.total < 99.0
        if self.change == "max_lock_in":
            return report.lock_in.total > 1.0
        return True

    def apply(self, scenario: Scenario) -> Scenario:
        policy = scenario.policy
        if self.change == "max_provider_share":
            return replace(scenario, policy=replace(policy, max_provider_share=0.05))
        if self.change == "min_independence":
            return replace(scenario, policy=replace(policy, min_independence=99.0))
        if self.change == "max_lock_in":
            return replace(scenario, policy=replace(policy, max_lock_in=1.0))
        if self.change == "min_quality":
            return replace(
                scenario,
                workloads=tuple(replace(w, min_quality=99.0) for w in scenario.workloads),
            )
        assert self.change == "secret_data"  # SEAL 4 floors no third party meets
        return replace(
            scenario,
            workloads=tuple(replace(w, data_class=DataClass.SECRET) for w in scenario.workloads),
        )


@pytest.mark.slow
@pytest.mark.parametrize(
    "tightening",
    [
        Tightening("max_provider_share", ConstraintFamily.PROVIDER_SHARE),
        Tightening("min_independence", ConstraintFamily.MIN_INDEPENDENCE),
        Tightening("max_lock_in", ConstraintFamily.MAX_LOCK_IN),
        Tightening("min_quality", ConstraintFamily.ELIGIBILITY),
        Tightening("secret_data", ConstraintFamily.ELIGIBILITY),
    ],
    ids=lambda t: t.change,
)
def test_a_tightened_scenario_is_reported_under_its_family(
    tightening: Tightening,
    catalog: Catalog,
    scenarios: dict[str, Scenario],
    solved: dict[str, PlanOutcome],
) -> None:
    checked = 0
    for name, outcome in solved.items():
        plan = _plan_of(outcome)
        assert outcome.report is not None
        if not tightening.concerns(plan, outcome.report):
            continue
        if tightening.change == "secret_data" and _meets_secret_floors(
            plan, catalog, scenarios[name]
        ):
            continue  # its providers meet SEAL 4 (the small nation's sovereign cloud)
        scenario = tightening.apply(scenarios[name])
        problems = check_plan(scenario, catalog, plan, outcome.report)
        assert families(problems) == {tightening.family}, name
        checked += 1
    assert checked, "no example plan is concerned"


@pytest.mark.slow
def test_dropping_the_standby_of_a_critical_workload_breaks_survival(
    catalog: Catalog, scenarios: dict[str, Scenario], solved: dict[str, PlanOutcome]
) -> None:
    checked = 0
    for name, outcome in solved.items():
        scenario, plan = scenarios[name], _plan_of(outcome)
        critical = {w.id for w in scenario.workloads if w.critical}
        kept = [a for a in plan.allocations if not (a.workload_id in critical and a.share == 0)]
        if len(kept) == len(plan.allocations):
            continue
        assert outcome.report is not None
        problems = check_plan(scenario, catalog, _with_allocations(plan, kept), outcome.report)
        # a standby is there for one of the survival rules: losing it breaks that one
        assert families(problems) and families(problems) <= SURVIVAL, name
        checked += 1
    if not checked:
        pytest.skip("no example plan keeps a standby for a critical workload")


@pytest.mark.slow
def test_too_many_owned_servers_break_capex_and_site_power(
    catalog: Catalog, scenarios: dict[str, Scenario], solved: dict[str, PlanOutcome]
) -> None:
    scenario, outcome = scenarios["eu-bank"], solved["eu-bank"]
    site = scenario.sites[0]
    assert site.power_limit_kw is not None and scenario.capex_budget is not None
    sku = max(catalog.server_skus.values(), key=lambda s: s.power_kw)
    price = catalog.convert(sku.unit_price, sku.currency, scenario.assumptions.currency)
    servers = max(
        math.ceil(1.5 * site.power_limit_kw / sku.power_kw),
        math.ceil(1.5 * scenario.capex_budget / price),
    )
    plan = _plan_of(outcome)
    bigger = replace(plan, owned=(*plan.owned, OwnedLine(sku.id, site.site_id, servers)))
    assert outcome.report is not None
    problems = check_plan(scenario, catalog, bigger, outcome.report)
    assert families(problems) == {ConstraintFamily.BUDGET_CAPEX, ConstraintFamily.SITE_POWER}


# ------------------------------------- regressions: bugs this checker found, now fixed


@pytest.mark.slow
def test_a_critical_fine_tuning_workload_gets_no_spot_capacity(
    catalog: Catalog, scenarios: dict[str, Scenario]
) -> None:
    bank = scenarios["eu-bank"]
    workloads = tuple(
        replace(w, critical=True) if w.kind is WorkloadKind.FINE_TUNING else w
        for w in bank.workloads
    )
    scenario = replace(bank, workloads=workloads)
    outcome = plan_scenario(scenario, catalog, PARAMS)
    assert outcome.report is not None
    assert check_plan(scenario, catalog, _plan_of(outcome), outcome.report) == []


MAX_LOCK_IN_WITH_DATA_AT_PROVIDERS = 15.0
"""Binding but feasible for the firm with 50 TB per workload (56.5 unconstrained): the checker
path runs. At 14 the plan is infeasible, and proving that took the solver 20 s plus a
diagnosis of ten more solves, for a test that then only checked the conflict's family."""


@pytest.mark.slow
def test_max_lock_in_holds_when_workloads_keep_data_at_providers(
    catalog: Catalog, scenarios: dict[str, Scenario]
) -> None:
    firm = scenarios["midsize-firm"]
    scenario = replace(
        firm,
        workloads=tuple(replace(w, data_gb=50_000.0) for w in firm.workloads),
        policy=replace(firm.policy, max_lock_in=MAX_LOCK_IN_WITH_DATA_AT_PROVIDERS),
    )
    outcome = plan_scenario(scenario, catalog, PARAMS)
    if outcome.report is None:  # the linear stand-in is conservative: it may refuse instead
        assert [c.family for c in outcome.conflicts] == [ConstraintFamily.MAX_LOCK_IN]
    else:
        assert check_plan(scenario, catalog, _plan_of(outcome), outcome.report) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["eu-bank", "small-nation"])
def test_max_lock_in_holds_on_the_reported_score_with_idle_shared_capacity(
    name: str, catalog: Catalog, scenarios: dict[str, Scenario]
) -> None:
    """A server or instance shared by several models and partly idle: the score spreads
    its whole cost over the models on it, so the stand-in must count the idle part too
    (with only each option's own share, these plans came back at 20.0 and 15.6 > 15)."""
    base = scenarios[name]
    scenario = replace(base, policy=replace(base.policy, max_lock_in=15.0))
    outcome = plan_scenario(scenario, catalog, PARAMS)
    assert outcome.report is not None, outcome.conflicts
    assert outcome.report.lock_in.total <= 15.0
    assert check_plan(scenario, catalog, _plan_of(outcome), outcome.report) == []


@pytest.mark.slow
def test_a_millionth_of_a_workload_on_a_dear_api_is_kept_in_the_plan(catalog: Catalog) -> None:
    """The solver met a 50 % provider share by serving 4e-7 of a workload from an API at
    EUR 2.1 M a share; reading such shares as 0 put the plan's share at 50.0004 %."""
    weights = {"SOV-1": 2, "SOV-3": 1, "SOV-4": 3, "SOV-5": 4, "SOV-8": 2}
    variation = Variation(
        "midsize-firm",
        (*((f"weights.independence.SOV-{i}", weights.get(f"SOV-{i}", 0) / 12)
           for i in range(1, 9)),
         ("organisation.home_jurisdiction", "US"), ("organisation.trusted_jurisdictions", ["US"]),
         ("policy.max_provider_share", 0.5), ("policy.max_lock_in", 45.0),
         ("policy.independence_surcharge", 2.0),
         ("policy.excluded_accelerator_vendors", ["Google", "Huawei"]),
         ("workloads[0].tokens_per_day", 4e8), ("workloads[0].peak_factor", 1.0),
         ("workloads[0].output_tokens", 400), ("workloads[2].tokens_per_day", 1e9),
         ("workloads[2].output_tokens", 400), ("workloads[2].ttft_ms", 3000.0),
         ("workloads[2].critical", True), ("workloads[1].min_seal.SOV-8", 3),
         ("workloads[1].data_gb", 0.0),
         # Since the SEAL rubric (issue 13) no US venue reaches SOV-3 level 2, the floor of
         # confidential and internal data: public data keeps the case feasible.
         *((f"workloads[{w}].data_class", "public") for w in range(3))),
    )  # fmt: skip
    scenario = variation.scenario(catalog)
    outcome = plan_scenario(scenario, catalog, PARAMS)
    assert outcome.report is not None, outcome.conflicts
    assert check_plan(scenario, catalog, _plan_of(outcome), outcome.report) == []


@pytest.mark.slow
def test_allocations_on_bundled_per_gpu_listings_occupy_what_they_serve(
    catalog: Catalog, scenarios: dict[str, Scenario]
) -> None:
    firm = scenarios["midsize-firm"]
    scenario = replace(
        firm,
        workloads=tuple(
            replace(w, min_quality=80.0, tokens_per_day=w.tokens_per_day * 10)
            for w in firm.workloads
        ),
    )
    outcome = plan_scenario(scenario, catalog, PARAMS)
    assert outcome.report is not None
    assert check_plan(scenario, catalog, _plan_of(outcome), outcome.report) == []


@pytest.mark.slow
def test_a_capital_budget_without_sites_still_plans(
    catalog: Catalog, scenarios: dict[str, Scenario]
) -> None:
    bank = scenarios["eu-bank"]
    assert bank.capex_budget is not None
    scenario = replace(bank, sites=())
    outcome = plan_scenario(scenario, catalog, PARAMS)
    assert outcome.report is not None
    assert check_plan(scenario, catalog, _plan_of(outcome), outcome.report) == []


# ---------------------------------------------------------------- random variations


def test_the_variations_cover_every_field_that_constrains_a_plan() -> None:
    ids = {field_id(f) for f in FIELDS}
    assert ids <= varied_ids() | set(NOT_VARIED), ids - varied_ids() - set(NOT_VARIED)
    assert varied_ids() | set(NOT_VARIED) <= ids, "a variation names a field that is gone"
    assert not varied_ids() & set(NOT_VARIED)


class Examples:
    """The catalog, with a short repr for Hypothesis's reports."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __repr__(self) -> str:
        return "Examples()"


@pytest.fixture(scope="session")
def examples(catalog: Catalog) -> Examples:
    return Examples(catalog)


def check_outcome(scenario: Scenario, catalog: Catalog, outcome: PlanOutcome) -> None:
    """A plan breaks no rule; no plan comes with its conflicts named, or ran out of time."""
    if outcome.plan is not None:
        assert outcome.report is not None
        assert check_plan(scenario, catalog, outcome.plan, outcome.report) == []
    elif outcome.status is SolveStatus.INFEASIBLE:
        assert outcome.conflicts
        assert all(c.message.strip() for c in outcome.conflicts)
    else:  # no plan within the time limit: nothing to check, but nothing else either
        assert outcome.status is SolveStatus.TIMED_OUT, outcome.conflicts


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_variations_give_a_valid_plan_or_named_conflicts(
    data: st.DataObject, examples: Examples
) -> None:
    catalog = examples.catalog
    variation = random_variation(lambda xs: data.draw(st.sampled_from(list(xs))), catalog)
    note(repr(variation))
    scenario = variation.scenario(catalog)
    check_outcome(scenario, catalog, plan_scenario(scenario, catalog, PARAMS))
