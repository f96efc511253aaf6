"""The array option compiler keeps exactly the options the plain object-per-option reference
keeps (tests/planner/reference_options.py), under every selection, on the shipped examples
and on a medium synthetic instance (15 workloads, about 1,000 cloud offers)."""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import pytest

from catalog.domain import AcceleratorId, Catalog, ModelId, ServingProfile
from planner.evaluation.plan import VenueKind
from planner.optimise.options import (
    Option,
    OptionScope,
    PruneMode,
    compile_options,
    has_spend_ratio,
    widen,
)
from tests.planner.reference_options import dominant, on_listings, reference_options
from tests.synthetic import Instance, instances

SIGNIFICANT_DIGITS = 9
"""Figures are compared to 9 significant digits: the two paths add in different orders."""


def _figure(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def _keys(options: Iterable[Option]) -> set[tuple[object, ...]]:
    return {
        (
            o.workload_id, o.model_id, o.venue.key, o.resource_key, o.precision, o.serving, o.group,
            o.jurisdiction, o.accelerator_vendor, o.closed_model, _figure(o.units_per_share),
            _figure(o.usage_cost_per_share), _figure(o.tokens_per_second_per_unit),
            _figure(o.accelerators_per_share), _figure(o.independence),
            _figure(o.data_exit_cost), o.request_class,
        )
        for o in options
    }  # fmt: skip


@pytest.fixture(scope="module")
def cases(shipped_catalog: Catalog) -> dict[str, Instance]:
    found = instances("examples", shipped_catalog) + instances("medium", shipped_catalog)[:1]
    bank = found[0]
    capped = replace(bank.scenario, policy=replace(bank.scenario.policy, max_lock_in=30.0))
    found.append(Instance("eu-bank, lock-in cap", capped, bank.catalog))
    measured = replace(bank.catalog, serving_profiles=_profiles())
    found.append(Instance("eu-bank, measured", bank.scenario, measured))
    return {i.name: i for i in found}


def _profiles() -> tuple[ServingProfile, ...]:
    """Measurements of gpt-oss-20b on two accelerators, covering some of the bank's request
    classes and not others, one series at a replica size that only some units allow."""
    grid = [(x, y) for x in (500, 10_000) for y in (100, 1_500)]
    series = (("nvidia-v100-16gb", 4, 9e4), ("nvidia-h100-80gb-sxm5", 2, 4e5))
    return tuple(
        ServingProfile(
            f"{accelerator}-{tp}-{x}-{y}",
            ModelId("gpt-oss-20b"),
            AcceleratorId(accelerator),
            "bf16",
            tp,
            x,
            y,
            None,
            None,
            None,
            rate / (x + 3 * y),
            "lab",
            date(2026, 11, 1),
        )
        for accelerator, tp, rate in series
        for x, y in grid
    )


CASES = [
    "eu-bank",
    "eu-bank, lock-in cap",
    "eu-bank, measured",
    "midsize-firm",
    "small-nation",
    pytest.param("eu-bank×15", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("name", CASES)
def test_the_array_compiler_keeps_the_options_the_reference_keeps(
    cases: dict[str, Instance], name: str
) -> None:
    scenario, catalog = cases[name].scenario, cases[name].catalog
    reference = reference_options(scenario, catalog)
    everything = compile_options(scenario, catalog, prune=PruneMode.NONE)
    assert everything.scope is OptionScope.ALL
    assert everything.eligible == len(reference.options) == len(everything.options)
    assert _keys(everything.options) == _keys(reference.options)

    auto = compile_options(scenario, catalog)
    pruned = on_listings(dominant(reference, reference.options, hourly_too=True),
                         reference.cheapest_of_class)  # fmt: skip
    assert _keys(auto.options) == _keys(pruned)
    if auto.widening is None:
        return
    assert has_spend_ratio(scenario) and auto.scope is OptionScope.PRUNED
    exact = (
        reference.options
        if reference.developer_matters
        else on_listings(dominant(reference, reference.options, hourly_too=False),
                         reference.first_of_repeats)
    )  # fmt: skip
    wide = widen(auto)
    assert auto.widening.count == len(wide.options)
    assert _keys(wide.options) == _keys(exact)
    assert _keys(auto.options) < _keys(wide.options) <= _keys(everything.options)


@pytest.mark.parametrize("name", CASES)
def test_without_a_spend_ratio_the_default_options_are_exact(
    cases: dict[str, Instance], name: str
) -> None:
    base = cases[name].scenario
    policy = replace(base.policy, max_provider_share=1.0, min_independence=None, max_lock_in=None)
    scenario = replace(base, policy=policy)
    compiled = compile_options(scenario, cases[name].catalog)
    assert not has_spend_ratio(scenario)
    assert compiled.scope is OptionScope.ALL and compiled.widening is None


def test_a_measurement_replaces_the_estimate_of_its_own_variant_only(
    cases: dict[str, Instance],
) -> None:
    """Each measured series (BF16, one replica size) replaces that variant's estimate; the
    other sizes and precisions on the same machines keep theirs."""
    case = cases["eu-bank, measured"]
    catalog = case.catalog
    options = compile_options(case.scenario, catalog, prune=PruneMode.NONE).options

    def accelerator(o: Option) -> str:
        if o.venue.kind is VenueKind.CLOUD:
            return catalog.cloud_offers[o.venue.id].accelerator_id
        return catalog.server_skus[o.venue.id].accelerator_id

    served = [o for o in options if o.serving is not None and o.model_id == "gpt-oss-20b"]
    measured = [o for o in served if o.serving and o.serving.basis == "measured"]
    assert measured, "the profiles cover some of the bank's request classes"
    series = {("nvidia-v100-16gb", 4), ("nvidia-h100-80gb-sxm5", 2)}
    for o in measured:
        assert o.serving is not None and o.precision == "bf16"
        assert (accelerator(o), o.serving.tensor_parallel) in series
        assert o.serving.basis_source == "lab, as of 2026-11-01"
    hosts = {o.venue for o in measured}
    others = [o for o in served if o.venue in hosts and o.serving and o.serving.basis != "measured"]
    assert others and all(o.serving and o.serving.basis == "estimate" for o in others)
    assert {o.precision for o in others} >= {"fp8"}, "the unmeasured precision stays estimated"
    assert all(o.serving and o.serving.basis_source is None for o in others)
