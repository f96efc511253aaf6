"""The uncertain inputs a sensitivity analysis moves, in groups, and how far.

Each group scales one kind of input by (1 + change): prices in the catalog, the demand of
the scenario's workloads, the serving-efficiency factors the capacity estimates rest on, or
the dollar's exchange rate. The ranges are named here with their reasons; docs/tradeoffs.md
lists them.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from catalog.domain import Catalog, ServingEfficiencyRow
from planner.scenario.model import Scenario
from planner.scenario.shock_effects import apply_shock
from planner.scenario.shocks import Shock, ShockKind

CLOUD_PRICE_CHANGE = 0.30
"""Nebius raised its H100/H200/B200 list by about 30 % between May and September 2026 (the
catalog's price sources; the stress library's `price-us-providers+30`)."""
API_PRICE_CHANGE = 0.50
"""Token prices set below cost may end: the stress library's `price-apis+50` (our judgement);
as far down, as new models have cut prices per token."""
HARDWARE_PRICE_CHANGE = 0.25
"""A supply squeeze on accelerators: the stress library's `price-nvidia+25` (our judgement)."""
ENERGY_PRICE_CHANGE = 0.30
"""Electricity for owned servers: our judgement of a few years' drift of an industrial
tariff; far less than the 2022 spike, which a fixed-price supply contract would hedge."""
DEMAND_CHANGE = 0.20
"""Tokens a year (and fine-tuning runs): our judgement of a first-year usage forecast's
error."""
CAPACITY_CHANGE = 0.20
"""The capacity estimates' error: ±20 % is the band docs/capacity.md validates the fitted
model within (issue 15 names it)."""
FX_CHANGE = 0.20
"""The US dollar against every other currency: the euro lost 15.8 % against it in the twelve
months to 21 September 2022, a dollar 19 % dearer (docs/stress.md, `fx-usd+20`)."""
FLIP_CHANGE = 0.10
"""A recommendation whose mix changes under a move this small says so."""
USD = "USD"


class InputGroup(StrEnum):
    CLOUD_PRICES = "cloud prices"
    API_PRICES = "API prices"
    HARDWARE_PRICES = "hardware prices"
    ENERGY_PRICE = "energy price"
    DEMAND = "demand"
    CAPACITY = "capacity estimates"
    FX = "USD exchange rate"


RANGES: dict[InputGroup, float] = {
    InputGroup.CLOUD_PRICES: CLOUD_PRICE_CHANGE,
    InputGroup.API_PRICES: API_PRICE_CHANGE,
    InputGroup.HARDWARE_PRICES: HARDWARE_PRICE_CHANGE,
    InputGroup.ENERGY_PRICE: ENERGY_PRICE_CHANGE,
    InputGroup.DEMAND: DEMAND_CHANGE,
    InputGroup.CAPACITY: CAPACITY_CHANGE,
    InputGroup.FX: FX_CHANGE,
}
"""Each group's change either way: it is moved by −range and +range."""


@dataclass(frozen=True)
class Inputs:
    scenario: Scenario
    catalog: Catalog


def _efficiency(row: ServingEfficiencyRow, factor: float) -> ServingEfficiencyRow:
    """Throughput roughly scales with these fractions of the hardware's peaks; none may pass
    the peak itself (1)."""

    def scaled(value: float) -> float:
        return min(1.0, value * factor)

    return replace(
        row,
        bandwidth_fraction=scaled(row.bandwidth_fraction),
        bf16_compute_fraction=scaled(row.bf16_compute_fraction),
        fp8_compute_fraction=scaled(row.fp8_compute_fraction),
        fp4_compute_fraction=scaled(row.fp4_compute_fraction),
        interconnect_fraction=scaled(row.interconnect_fraction),
    )


def perturbed(group: InputGroup, change: float, scenario: Scenario, catalog: Catalog) -> Inputs:
    """The scenario and catalog with `group` scaled by (1 + change)."""
    factor = 1.0 + change
    c = catalog
    match group:
        case InputGroup.CLOUD_PRICES:
            c = replace(c, cloud_offers={
                k: replace(o, price_per_instance_hour=o.price_per_instance_hour * factor,
                           list_price_per_instance_hour=o.list_price_per_instance_hour * factor)
                for k, o in c.cloud_offers.items()
            })  # fmt: skip
        case InputGroup.API_PRICES:
            c = replace(c, api_offers={
                k: replace(o, input_price_per_mtok=o.input_price_per_mtok * factor,
                           output_price_per_mtok=o.output_price_per_mtok * factor)
                for k, o in c.api_offers.items()
            })  # fmt: skip
        case InputGroup.HARDWARE_PRICES:
            c = replace(c, server_skus={
                k: replace(s, unit_price=s.unit_price * factor) for k, s in c.server_skus.items()
            })  # fmt: skip
        case InputGroup.ENERGY_PRICE:
            c = replace(c, sites={
                k: replace(s, electricity_price_per_kwh=s.electricity_price_per_kwh * factor)
                for k, s in c.sites.items()
            })  # fmt: skip
        case InputGroup.CAPACITY:
            c = replace(c, serving_efficiency=tuple(
                _efficiency(r, factor) for r in c.serving_efficiency
            ))  # fmt: skip
        case InputGroup.FX:
            shock = Shock(f"sensitivity-usd{change:+.0%}", ShockKind.FX_SHOCK, currency=USD,
                          change=change)  # fmt: skip
            c = apply_shock(shock, scenario, catalog).catalog
        case InputGroup.DEMAND:
            workloads = tuple(
                replace(w, tokens_per_day=w.tokens_per_day * factor,
                        runs_per_year=w.runs_per_year * factor)
                for w in scenario.workloads
            )  # fmt: skip
            return Inputs(replace(scenario, workloads=workloads), catalog)
    return Inputs(scenario, c)
