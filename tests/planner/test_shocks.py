"""Shocks as data: the shipped library, each kind's effect on the catalog and the scenario as
docs/stress.md says it, templates expanded over a plan, and bad shock files refused with the
file, the field and the reason."""

from dataclasses import replace
from pathlib import Path

import pytest

from catalog.domain import Catalog
from planner.evaluation.plan import Venue, VenueKind
from planner.scenario.model import DataClass
from planner.scenario.problems import ScenarioError
from planner.scenario.shock_effects import apply_shock, scope_of_plan
from planner.scenario.shock_library import shock_library
from planner.scenario.shock_reader import load_shock_file
from planner.scenario.shocks import (
    Commitments,
    Shock,
    ShockKind,
    expand,
    select,
    total_processing_performance,
)
from tests.solved import SolvedBank

US_PRICE = Shock("us+30", ShockKind.PRICE_SHOCK, jurisdiction="US", change=0.3)


def _by_name(catalog: Catalog) -> dict[str, Shock]:
    return {s.name: s for s in shock_library(catalog)}


def test_the_library_covers_every_kind(shipped_catalog: Catalog) -> None:
    library = shock_library(shipped_catalog)
    assert {s.kind for s in library} == set(ShockKind)
    assert all(s.description for s in library)
    assert {"legal-reach:US", "spot-drought", "fx-usd+20"} <= {s.name for s in library}


def test_a_provider_exit_withdraws_every_offer_of_the_group(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    world = apply_shock(
        Shock("aws", ShockKind.PROVIDER_EXIT, provider="aws"), solved_bank.scenario,
        shipped_catalog,
    )  # fmt: skip
    amazon = {"aws", "aws-esc"}  # one legal group: Amazon.com, Inc.
    assert not any(o.provider_id in amazon for o in world.catalog.cloud_offers.values())
    assert not any(o.provider_id in amazon for o in world.catalog.api_offers.values())
    kept = [o for o in shipped_catalog.cloud_offers.values() if o.provider_id not in amazon]
    assert len(world.catalog.cloud_offers) == len(kept) > 0
    assert world.commitments_lost
    refunded = apply_shock(
        Shock("aws", ShockKind.PROVIDER_EXIT, provider="aws", commitments=Commitments.REFUNDED),
        solved_bank.scenario, shipped_catalog,
    )  # fmt: skip
    assert not refunded.commitments_lost


def test_a_price_shock_on_a_law_reprices_its_providers_offers_only(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    world = apply_shock(US_PRICE, solved_bank.scenario, shipped_catalog)
    for offer_id, offer in shipped_catalog.cloud_offers.items():
        us = shipped_catalog.providers[offer.provider_id].parent_jurisdiction == "US"
        after = world.catalog.cloud_offers[offer_id].price_per_instance_hour
        assert after == pytest.approx(offer.price_per_instance_hour * (1.3 if us else 1.0))
    for offer_id, api in shipped_catalog.api_offers.items():
        us = shipped_catalog.providers[api.provider_id].parent_jurisdiction == "US"
        after = world.catalog.api_offers[offer_id].output_price_per_mtok
        assert after == pytest.approx(api.output_price_per_mtok * (1.3 if us else 1.0))
    assert world.catalog.server_skus == shipped_catalog.server_skus
    assert not world.commitments_repriced, "commitments keep their price until renewal"


def test_a_price_shock_on_a_vendor_reaches_servers_and_instances_not_apis(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    shock = Shock("nv", ShockKind.PRICE_SHOCK, accelerator_vendor="NVIDIA", change=0.25)
    world = apply_shock(shock, solved_bank.scenario, shipped_catalog)
    for sku_id, sku in shipped_catalog.server_skus.items():
        nvidia = shipped_catalog.accelerators[sku.accelerator_id].vendor == "NVIDIA"
        after = world.catalog.server_skus[sku_id].unit_price
        assert after == pytest.approx(sku.unit_price * (1.25 if nvidia else 1.0))
    assert world.catalog.api_offers == shipped_catalog.api_offers
    apis = apply_shock(Shock("api", ShockKind.PRICE_SHOCK, apis=True, change=-0.5),
                       solved_bank.scenario, shipped_catalog)  # fmt: skip
    assert apis.catalog.cloud_offers == shipped_catalog.cloud_offers
    for offer_id, api in shipped_catalog.api_offers.items():
        assert apis.catalog.api_offers[offer_id].input_price_per_mtok == pytest.approx(
            api.input_price_per_mtok / 2
        )


def test_a_model_retirement_withdraws_that_models_apis(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    world = apply_shock(Shock("gone", ShockKind.MODEL_RETIREMENT, model="gpt-4o"),
                        solved_bank.scenario, shipped_catalog)  # fmt: skip
    assert not any(o.ai_model_id == "gpt-4o" for o in world.catalog.api_offers.values())
    others = [o for o in shipped_catalog.api_offers.values() if o.ai_model_id != "gpt-4o"]
    assert len(world.catalog.api_offers) == len(others) < len(shipped_catalog.api_offers)


def test_an_embargo_freezes_advanced_servers_at_sites_in_the_country(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    scenario = solved_bank.scenario  # the bank: home DE, one site in Frankfurt
    shock = Shock("emb", ShockKind.EMBARGO, vendor_country="US", min_tpp=4800)
    world = apply_shock(shock, scenario, shipped_catalog)
    for sku in shipped_catalog.server_skus.values():
        accelerator = shipped_catalog.accelerators[sku.accelerator_id]
        stopped = (
            accelerator.vendor_country == "US"
            and total_processing_performance(accelerator.bf16_dense_tflops) >= 4800
        )
        assert ((sku.id, "de-frankfurt-colo") in world.frozen_owned) == stopped
    assert world.catalog == shipped_catalog, "hardware already owned keeps running"
    elsewhere = apply_shock(replace(shock, countries=("FR",)), scenario, shipped_catalog)
    assert not elsewhere.frozen_owned


def test_legal_reach_bars_reached_providers_from_data_above_the_class(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    scenario = solved_bank.scenario
    world = apply_shock(Shock("us", ShockKind.LEGAL_REACH, jurisdiction="US"), scenario,
                        shipped_catalog)  # fmt: skip
    us = {p.id for p in shipped_catalog.providers.values() if p.parent_jurisdiction == "US"}
    for w in scenario.workloads:
        above = w.data_class in (DataClass.CONFIDENTIAL, DataClass.SECRET)
        assert world.excluded.get(w.id, frozenset()) == (us if above else frozenset())
    aws = Venue(VenueKind.CLOUD, next(o.id for o in shipped_catalog.cloud_offers.values()
                                      if o.provider_id == "aws"))  # fmt: skip
    confidential = next(w for w in scenario.workloads if w.data_class is DataClass.CONFIDENTIAL)
    assert not world.usable(aws, confidential.id)


def test_an_fx_shock_moves_conversions_by_the_change(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    world = apply_shock(Shock("fx", ShockKind.FX_SHOCK, currency="USD", change=0.2),
                        solved_bank.scenario, shipped_catalog)  # fmt: skip
    before = shipped_catalog.convert(100.0, "USD", "EUR")
    assert world.catalog.convert(100.0, "USD", "EUR") == pytest.approx(before * 1.2)
    assert world.catalog.convert(100.0, "EUR", "CHF") == pytest.approx(
        shipped_catalog.convert(100.0, "EUR", "CHF")
    )
    eur = apply_shock(Shock("fx", ShockKind.FX_SHOCK, currency="EUR", change=0.1),
                      solved_bank.scenario, shipped_catalog)  # fmt: skip
    assert eur.catalog.convert(100.0, "EUR", "USD") == pytest.approx(
        shipped_catalog.convert(100.0, "EUR", "USD") * 1.1
    )


def test_a_spot_drought_withdraws_every_spot_offer(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    world = apply_shock(Shock("dry", ShockKind.SPOT_DROUGHT), solved_bank.scenario,
                        shipped_catalog)  # fmt: skip
    assert all(o.pricing_term != "spot" for o in world.catalog.cloud_offers.values())
    spot = [o for o in shipped_catalog.cloud_offers.values() if o.pricing_term == "spot"]
    assert len(world.catalog.cloud_offers) == len(shipped_catalog.cloud_offers) - len(spot)


def test_templates_expand_over_what_the_plan_depends_on(
    shipped_catalog: Catalog, solved_bank: SolvedBank
) -> None:
    plan = solved_bank.outcome.plan
    assert plan is not None
    scope = scope_of_plan(plan, shipped_catalog)
    shocks = expand(shock_library(shipped_catalog), scope)
    exits = [s for s in shocks if s.template == "provider-exit"]
    assert len(exits) == len(scope.provider_groups) > 0
    assert {s.name for s in exits} == {f"provider-exit:{p[0]}" for p in
                                       scope.provider_groups.values()}  # fmt: skip
    assert not any(s.is_template for s in shocks)
    assert select(shocks, ["provider-exit"]) == select(shocks, ["provider-exit:*"]) == tuple(exits)
    with pytest.raises(KeyError, match="no-such"):
        select(shocks, ["no-such"])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shocks.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_shock_file_reads_into_shocks(tmp_path: Path, shipped_catalog: Catalog) -> None:
    path = _write(tmp_path, """
[[shocks]]
name = "aws-leaves-eu"
kind = "provider_exit"
description = "AWS leaves the EU with a year's notice; commitments refunded."
provider = "aws"
notice_months = 12
commitments = "refunded"
""")  # fmt: skip
    [shock] = load_shock_file(path, shipped_catalog)
    assert shock == Shock(
        "aws-leaves-eu", ShockKind.PROVIDER_EXIT,
        description="AWS leaves the EU with a year's notice; commitments refunded.",
        provider="aws", notice_months=12.0, commitments=Commitments.REFUNDED,
    )  # fmt: skip
    assert shock.notice_weeks == pytest.approx(52.0)


BAD_FILES = [
    ('name = "x"\nkind = "comet"', "shocks[0].kind", "'comet' is not one of provider_exit"),
    ('name = "x"\nkind = "provider_exit"\nprovider = "nobody"', "shocks[0].provider",
     "'nobody' is not in the catalog's providers"),
    ('name = "x"\nkind = "fx_shock"\ncurrency = "USD"\nchange = 0.2\nprovider = "aws"',
     "shocks[0].provider", "is not used by fx_shock shocks"),
    ('name = "x"\nkind = "price_shock"\nchange = 0.2', "shocks[0].provider",
     "price_shock shocks need provider or jurisdiction or accelerator_vendor or apis"),
    ('name = "x"\nkind = "price_shock"\napis = true\nchange = 0', "shocks[0].change",
     "must not be 0"),
    ('name = "x"\nkind = "price_shock"\napis = true', "shocks[0].change",
     "need the change"),
    ('name = "x"\nkind = "price_shock"\nprovider = "*"\nchange = 0.1', "shocks[0].provider",
     "is for provider exits and model retirements only"),
    ('name = "x"\nkind = "legal_reach"\njurisdiction = "US"\nabove = "top"',
     "shocks[0].above", "'top' is not one of public"),
    ('kind = "spot_drought"', "shocks[0].name", "is required"),
    ('name = "x"\nkind = "provider_exit"\nprovider = "aws"\nnotice_months = -1',
     "shocks[0].notice_months", "must be from 0 to 120"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "where", "reason"), BAD_FILES)
def test_a_bad_shock_is_refused_naming_file_field_and_reason(
    tmp_path: Path, shipped_catalog: Catalog, body: str, where: str, reason: str
) -> None:
    path = _write(tmp_path, f"[[shocks]]\n{body}\n")
    with pytest.raises(ScenarioError) as caught:
        load_shock_file(path, shipped_catalog)
    assert "in the shock file" in str(caught.value)
    assert any(line.startswith(f"{path}: {where}: ") and reason in line
               for line in caught.value.lines()), caught.value.lines()  # fmt: skip


def test_duplicate_names_and_files_that_are_not_shocks_are_refused(
    tmp_path: Path, shipped_catalog: Catalog
) -> None:
    drought = '[[shocks]]\nname = "dry"\nkind = "spot_drought"\n'
    with pytest.raises(ScenarioError, match="duplicate shock name 'dry'"):
        load_shock_file(_write(tmp_path, drought * 2), shipped_catalog)
    with pytest.raises(ScenarioError, match="shocks: is required"):
        load_shock_file(_write(tmp_path, 'name = "x"\n'), shipped_catalog)
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_shock_file(_write(tmp_path, "[[shocks]\n"), shipped_catalog)
    with pytest.raises(ScenarioError, match="no such file"):
        load_shock_file(tmp_path / "missing.toml", shipped_catalog)
