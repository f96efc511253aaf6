"""How sure the answer is: each group of inputs is moved exactly as its documented range says,
and a recommendation whose mix changes says which venues enter and leave."""

import json
import math
from pathlib import Path

import pytest

from catalog.domain import Catalog
from planner.analysis.executor import in_process
from planner.analysis.perturb import FLIP_CHANGE, RANGES, InputGroup, perturbed
from planner.analysis.sensitivity import SensitivityContext, run_sensitivity
from planner.cli.main import main
from planner.cli.sensitivity import sensitivity_text
from planner.exit_codes import ExitCode
from planner.scenario.examples import example_path
from planner.scenario.reader import load_scenario
from tests.solved import SolvedBank

CHEAP_CLOUD = 0.9
"""Cloud prices ±90 %: at one end the firm's mix of rented GPUs and APIs changes."""


def _ratio(after: float, before: float) -> float:
    return after / before


def test_each_group_moves_its_inputs_by_the_documented_range(solved_bank: SolvedBank) -> None:
    scenario, catalog = solved_bank.scenario, solved_bank.catalog
    offer = next(iter(catalog.cloud_offers))
    api = next(iter(catalog.api_offers))
    sku = next(iter(catalog.server_skus))
    site = next(iter(catalog.sites))

    def moved(group: InputGroup) -> tuple[Catalog, float]:
        change = RANGES[group]
        return perturbed(group, change, scenario, catalog).catalog, 1 + change

    c, f = moved(InputGroup.CLOUD_PRICES)
    hourly = catalog.cloud_offers[offer].price_per_instance_hour
    assert _ratio(c.cloud_offers[offer].price_per_instance_hour, hourly) == pytest.approx(f)
    assert c.api_offers == catalog.api_offers
    c, f = moved(InputGroup.API_PRICES)
    assert _ratio(c.api_offers[api].output_price_per_mtok,
                  catalog.api_offers[api].output_price_per_mtok) == pytest.approx(f)  # fmt: skip
    c, f = moved(InputGroup.HARDWARE_PRICES)
    assert _ratio(c.server_skus[sku].unit_price,
                  catalog.server_skus[sku].unit_price) == pytest.approx(f)  # fmt: skip
    c, f = moved(InputGroup.ENERGY_PRICE)
    assert _ratio(c.sites[site].electricity_price_per_kwh,
                  catalog.sites[site].electricity_price_per_kwh) == pytest.approx(f)  # fmt: skip
    c, f = moved(InputGroup.FX)
    assert c.convert(1.0, "USD", "EUR") == pytest.approx(catalog.convert(1.0, "USD", "EUR") * f)
    c, f = moved(InputGroup.CAPACITY)
    for before, after in zip(catalog.serving_efficiency, c.serving_efficiency, strict=True):
        assert after.bandwidth_fraction == pytest.approx(min(1.0, before.bandwidth_fraction * f))
    busier = perturbed(InputGroup.DEMAND, -RANGES[InputGroup.DEMAND], scenario, catalog).scenario
    for was, now in zip(scenario.workloads, busier.workloads, strict=True):
        assert now.tokens_per_year == pytest.approx(
            was.tokens_per_year * (1 - RANGES[InputGroup.DEMAND])
        )


@pytest.mark.solver
def test_a_mix_that_changes_names_the_venues_entering_and_leaving(
    shipped_catalog: Catalog,
) -> None:
    firm = load_scenario(example_path("midsize-firm"), shipped_catalog)
    ctx = SensitivityContext(firm, shipped_catalog)
    with in_process(ctx) as workers:
        found = run_sensitivity(
            ctx, workers, groups=[InputGroup.CLOUD_PRICES],
            ranges={InputGroup.CLOUD_PRICES: CHEAP_CLOUD},
        )  # fmt: skip
    (result,) = found.groups
    changed = [move for move in (result.low, result.high) if found.changed(move)]
    assert changed, "cloud capacity at a tenth or at almost twice its price moves the firm"
    for move in changed:
        assert found.entering(move) and found.leaving(move)
    assert set(result.flips_at) == {math.copysign(FLIP_CHANGE, m.change) for m in changed}, (
        "the small move is tried where the mix changed, and only there"
    )
    assert not found.flips(result), "a 10 % move in cloud prices leaves the firm's mix alone"
    text = sensitivity_text(found)
    assert f"+{found.entering(changed[0])[0]}" in text and "flips at 10%" in text


@pytest.mark.solver
def test_the_cli_reports_the_groups_asked_for(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--workspace", str(workspace_path), "sensitivity", "--example", "midsize-firm",
            "--workers", "1", "--group", "cloud-prices"]  # fmt: skip
    assert main([*argv, "--json"]) == ExitCode.OK
    found = json.loads(capsys.readouterr().out)
    (group,) = found["groups"]
    assert group["group"] == "cloud prices"
    assert group["range"] == RANGES[InputGroup.CLOUD_PRICES]
    assert group["low"]["annual_cost_change"] < 0 < group["high"]["annual_cost_change"]
    assert main(argv) == ExitCode.OK
    assert "flips at 10%" in capsys.readouterr().out
    assert main([*argv, "--group", "weather"]) == ExitCode.INVALID_INPUT
