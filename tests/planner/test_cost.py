"""The cost model: hand-worked owned, cloud and API costs; linear in quantities."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.evaluation.cost import Category, CostAssumptions, annuity_factor, cost_plan
from planner.evaluation.plan import (
    Allocation,
    ApiLine,
    CloudLine,
    OwnedLine,
    Plan,
    Venue,
    VenueKind,
)
from tests import factories

CATALOG = factories.catalog()  # USD 1 = EUR 0.5
EUR = CostAssumptions(
    currency="EUR",
    discount_rate=0.07,
    horizon_years=5.0,
    networking_capex_share=0.15,
    operations_share_of_capex_per_year=0.08,
)


def test_annuity_factor_hand_worked() -> None:
    # 0.07 × 1.07^5 / (1.07^5 − 1) = 0.0981804 / 0.4025517 = 0.2438907
    assert annuity_factor(0.07, 5) == pytest.approx(0.2438907, rel=1e-6)
    assert annuity_factor(0.0, 4) == 0.25


@pytest.mark.parametrize("rate", [1e-300, 4e-302, 5e-324, 1e-17])
def test_a_rate_too_small_to_change_one_plus_rate_gives_the_limit_not_a_division_by_zero(
    rate: float,
) -> None:
    """1 + rate == 1 in floating point; the closed form divided 0 by 0 (fuzz, issue 11)."""
    assert annuity_factor(rate, 5) == pytest.approx(0.2)
    assert annuity_factor(0.999, 0.25) == pytest.approx(0.999 / (1 - 1.999**-0.25))


def test_owned_servers_hand_worked() -> None:
    plan = Plan(owned=(OwnedLine("srv", "home", 2),))
    costs = cost_plan(plan, CATALOG, EUR).by_category()
    price_eur = 2 * 200_000 * 0.5  # 200,000 EUR for two servers
    assert costs[Category.CAPEX] == pytest.approx(price_eur * 1.15 * 0.2438907, rel=1e-6)
    # 2 × 10 kW × PUE 1.5 × 8,760 h × 0.20 EUR/kWh
    assert costs[Category.ENERGY] == pytest.approx(2 * 10 * 1.5 * 8760 * 0.2)
    # 2 × 10 kW × 100 EUR per kW-month × 12
    assert costs[Category.HOSTING] == pytest.approx(24_000)
    assert costs[Category.OPERATIONS] == pytest.approx(price_eur * 0.08)


def test_capital_is_recovered_within_a_shorter_horizon() -> None:
    plan = Plan(owned=(OwnedLine("srv", "home", 1),))
    short = cost_plan(plan, CATALOG, CostAssumptions(currency="EUR", horizon_years=3.0))
    long = cost_plan(plan, CATALOG, CostAssumptions(currency="EUR", horizon_years=10.0))
    assert short.by_category()[Category.CAPEX] > long.by_category()[Category.CAPEX]


def test_cloud_and_api_hand_worked_in_another_currency() -> None:
    plan = Plan(cloud=(CloudLine("c1", 3),), api=(ApiLine("a1", 100.0, 10.0),))
    costs = cost_plan(plan, CATALOG, EUR)
    by = costs.by_category()
    assert by[Category.CLOUD] == pytest.approx(3 * 10.0 * 8760 * 0.5)  # USD 10/h, EUR 0.5 per USD
    assert by[Category.API] == pytest.approx((100 * 2.0 + 10 * 8.0) * 0.5)
    assert costs.by_provider() == pytest.approx({"cloudco": 131_400.0, "apico": 140.0})


def test_a_commitment_longer_than_the_horizon_is_paid_in_full() -> None:
    plan = Plan(cloud=(CloudLine("c3y", 1),))
    one_year = cost_plan(plan, CATALOG, CostAssumptions(currency="USD", horizon_years=1.0))
    five_years = cost_plan(plan, CATALOG, CostAssumptions(currency="USD", horizon_years=5.0))
    assert one_year.total == pytest.approx(3 * five_years.total)


def test_each_workload_pays_for_the_share_of_the_venue_it_uses() -> None:
    venue = Venue(VenueKind.CLOUD, "c1")
    plan = Plan(
        cloud=(CloudLine("c1", 1),),
        allocations=(
            Allocation("chat", "m10b", venue, "bf16", 1.0, 100.0, 1e9, accelerators=6.0),
            Allocation("batch", "m10b", venue, "bf16", 1.0, 100.0, 3e9, accelerators=2.0),
        ),
    )
    costs = cost_plan(plan, CATALOG, CostAssumptions(currency="USD"))
    assert costs.per_workload["chat"].annual_cost == pytest.approx(87_600 * 0.75)
    assert costs.per_workload["batch"].cost_per_mtok == pytest.approx(87_600 * 0.25 / 3000)


@given(st.integers(0, 50), st.integers(0, 50), st.floats(0, 1e6), st.integers(1, 20))
def test_cost_is_linear_in_quantities(servers: int, instances: int, mtok: float, k: int) -> None:
    def plan(n: int) -> Plan:
        return Plan(owned=(OwnedLine("srv", "home", servers * n),),
                    cloud=(CloudLine("c1", instances * n),),
                    api=(ApiLine("a1", mtok * n, mtok * n / 4),))  # fmt: skip

    assert cost_plan(plan(k), CATALOG, EUR).total == pytest.approx(
        k * cost_plan(plan(1), CATALOG, EUR).total, rel=1e-9, abs=1e-6
    )
