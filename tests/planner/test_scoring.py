"""Independence and lock-in: relative to the organisation, bounded, and breakdowns that add up."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import PlannerError
from planner.evaluation.cost import CostAssumptions
from planner.evaluation.lockin import HHI_MAX, hhi
from planner.evaluation.organisation import Organisation
from planner.evaluation.plan import (
    Allocation,
    ApiLine,
    CloudLine,
    OwnedLine,
    Plan,
    Venue,
    VenueKind,
)
from planner.evaluation.scoring import PlanContext, ScoreWeights, evaluate_plan
from tests import factories

CATALOG = factories.catalog()
GERMAN_BANK = PlanContext(Organisation("Bank", "DE", ("EU",)), CostAssumptions(currency="EUR"))
US_BANK = PlanContext(Organisation("Bank", "US"), CostAssumptions(currency="USD"))
CLOUD_ONLY = Plan(cloud=(CloudLine("c1", 2),))
OWNED_ONLY = Plan(owned=(OwnedLine("srv", "home", 2),))
API_ONLY = Plan(api=(ApiLine("a1", 1000.0, 100.0),))


def _level(report, objective: str) -> float:  # type: ignore[no-untyped-def]
    return next(c.value for c in report.independence.components if c.key == objective)


def _component(score, key: str) -> float:  # type: ignore[no-untyped-def]
    return next(c.value for c in score.components if c.key == key)


def test_a_single_provider_plan_has_an_hhi_of_ten_thousand() -> None:
    report = evaluate_plan(CLOUD_ONLY, CATALOG, GERMAN_BANK)
    assert report.provider_hhi == HHI_MAX
    assert report.effective_providers == 1.0
    assert _component(report.lock_in, "provider_hhi") == 1.0


def test_hhi_and_effective_number_of_two_equal_providers() -> None:
    assert hhi({"a": 5.0, "b": 5.0}) == pytest.approx(5000.0)
    assert hhi({}) == 0.0


def test_owned_servers_carry_no_landlord_concentration() -> None:
    report = evaluate_plan(OWNED_ONLY, CATALOG, GERMAN_BANK)
    assert _component(report.lock_in, "provider_hhi") == 0.0
    assert _component(report.lock_in, "jurisdiction_hhi") == 0.0
    assert _component(report.lock_in, "accelerator_vendor_hhi") == 1.0  # one vendor still


def test_the_same_us_cloud_is_less_sovereign_for_a_german_bank_than_for_a_us_one() -> None:
    german = evaluate_plan(CLOUD_ONLY, CATALOG, GERMAN_BANK)
    american = evaluate_plan(CLOUD_ONLY, CATALOG, US_BANK)
    assert _level(german, "SOV-2") == 1  # assessed 2, capped: parent under untrusted law
    assert _level(american, "SOV-2") == 2
    assert german.independence.total < american.independence.total


def test_owned_servers_at_home_beat_a_foreign_cloud_on_legal_and_data() -> None:
    owned = evaluate_plan(OWNED_ONLY, CATALOG, GERMAN_BANK)
    cloud = evaluate_plan(CLOUD_ONLY, CATALOG, GERMAN_BANK)
    assert _level(owned, "SOV-2") == 4 > _level(cloud, "SOV-2")
    assert _level(owned, "SOV-3") == 4 > _level(cloud, "SOV-3")
    swiss = replace(GERMAN_BANK, organisation=Organisation("Bank", "CH"))
    assert _level(evaluate_plan(OWNED_ONLY, CATALOG, swiss), "SOV-2") == 1  # DE site, untrusted


def test_open_weights_on_rented_hardware_beat_a_closed_api_on_technology() -> None:
    american = US_BANK  # both providers assessed at SEAL 2 on everything, both trusted
    cloud = evaluate_plan(CLOUD_ONLY, CATALOG, american)
    api = evaluate_plan(API_ONLY, CATALOG, american)
    assert _level(cloud, "SOV-6") == 3 > _level(api, "SOV-6") == 1  # closed weights: V-5
    # data & AI: open weights add a level on rented hardware, capped at the venue's legal
    # level 2 (V-3); the API processes prompts in its GLOBAL data zone, never trusted (V-2)
    assert _level(cloud, "SOV-3") == 2 > _level(api, "SOV-3") == 1
    assert _component(api.lock_in, "closed_models") == 1.0
    assert _component(cloud.lock_in, "closed_models") == 0.0


def test_objective_levels_are_spend_weighted() -> None:
    mixed = Plan(owned=OWNED_ONLY.owned, cloud=CLOUD_ONLY.cloud)
    report = evaluate_plan(mixed, CATALOG, GERMAN_BANK)
    spend = report.costs.by_venue()
    owned_share = spend["owned:srv@home"] / sum(spend.values())
    assert _level(report, "SOV-2") == pytest.approx(owned_share * 4 + (1 - owned_share) * 1)


def test_a_three_year_commitment_is_full_commitment_lock_in() -> None:
    report = evaluate_plan(Plan(cloud=(CloudLine("c3y", 1),)), CATALOG, GERMAN_BANK)
    assert _component(report.lock_in, "commitments") == 1.0


def test_weights_must_sum_to_one() -> None:
    with pytest.raises(PlannerError, match="sum to"):
        ScoreWeights(independence={f"SOV-{n}": 0.2 for n in range(1, 9)})


plans = st.builds(
    lambda servers, instances, committed, mtok, open_share: Plan(
        owned=(OwnedLine("srv", "home", servers),) if servers else (),
        cloud=tuple(line for line in (CloudLine("c1", instances), CloudLine("c3y", committed))
                    if line.instances),
        api=(ApiLine("a1", mtok, mtok / 5),) if mtok else (),
        allocations=(Allocation("w", "m10b", Venue(VenueKind.CLOUD, "c1"), "bf16", open_share,
                                1.0, 1e9, accelerators=8.0 * instances),) if instances else (),
    ),
    st.integers(0, 20), st.integers(0, 20), st.integers(0, 20), st.floats(0, 1e6),
    st.floats(0, 1),
)  # fmt: skip
contexts = st.sampled_from([GERMAN_BANK, US_BANK])


@given(plans, contexts)
def test_scores_stay_within_0_and_100_and_breakdowns_add_up(plan: Plan, ctx: PlanContext) -> None:
    report = evaluate_plan(plan, CATALOG, ctx)
    for score in (report.independence, report.lock_in):
        assert 0.0 <= score.total <= 100.0 + 1e-9
        assert sum(c.points for c in score.components) == pytest.approx(score.total)
        assert score.components and all(c.points >= 0 for c in score.components)


def test_the_worked_example_of_docs_scoring_md() -> None:
    plan = Plan(owned=(OwnedLine("srv", "home", 1),), cloud=(CloudLine("c1", 1),),
                api=(ApiLine("a1", 1000.0, 100.0),))  # fmt: skip
    report = evaluate_plan(plan, CATALOG, GERMAN_BANK)
    assert report.costs.total == pytest.approx(119_527.43, abs=0.01)
    assert _level(report, "SOV-2") == pytest.approx(2.8655, abs=1e-4)
    assert report.independence.total == pytest.approx(68.87, abs=0.01)
    assert report.provider_hhi == pytest.approx(96.9027**2 + 3.0973**2, rel=1e-4)
    assert report.lock_in_facts.exit_cost == pytest.approx(5_080.0)
    assert report.lock_in.total == pytest.approx(23.54, abs=0.01)
