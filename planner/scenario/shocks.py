"""Lease changes (shocks): what a landlord can do to a plan, as data.

A shock is read from TOML like the rest of a scenario (`[[shocks]]`, declared in
`field_table.py`; docs/stress.md): a name, a description in plain words, a kind and the
parameters its kind uses. The shipped library (`planner/shocks/library.toml`) and a user's
own file (`sovplan stress --shocks FILE`) use the same format.

A shock whose target is `EACH` ("*": each provider group, or each closed model, the plan
depends on) is a template: `expand` turns it into one concrete shock per target, named
`<name>:<target>`, over a `ShockScope` (what a plan, or a set of candidate options, depends
on). What a concrete shock does to a catalog and a scenario is `shock_effects.py`'s.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from planner.scenario.data_classes import DataClass

EACH = "*"
"""A template's target: each provider group (or closed model) the plan depends on."""
MONTHS_PER_WEEK = 12 / 52
"""Months in a week (a year of 52 weeks), to compare notice with lead times in weeks."""


class ShockKind(StrEnum):
    PROVIDER_EXIT = "provider_exit"
    """A provider group stops serving the organisation."""
    PRICE_SHOCK = "price_shock"
    """Prices rise (or fall) by a share on the offers the shock selects."""
    MODEL_RETIREMENT = "model_retirement"
    """A model's API offers are withdrawn."""
    EMBARGO = "embargo"
    """No new accelerators of a vendor or class reach the organisation's country."""
    LEGAL_REACH = "legal_reach"
    """Providers under a foreign law may no longer hold data above a class."""
    FX_SHOCK = "fx_shock"
    """A currency gains (or loses) against every other."""
    SPOT_DROUGHT = "spot_drought"
    """No spot capacity anywhere."""


class Commitments(StrEnum):
    """What becomes of commitments with a provider that leaves."""

    LOST = "lost"
    """Still owed for their term, with nothing delivered (a stressed exit)."""
    REFUNDED = "refunded"
    """Cancelled and refunded: nothing more is owed."""


class CommittedPrices(StrEnum):
    """When a price shock reaches prices committed for a term."""

    AT_RENEWAL = "at_renewal"
    """Commitments already signed keep their price until the term ends."""
    NOW = "now"
    """Committed prices change at once (a contract that allows it)."""


@dataclass(frozen=True, slots=True)
class Shock:
    """One lease change; which fields a kind uses is said by `field_table.SHOCK_FIELDS`."""

    name: str
    kind: ShockKind
    description: str = ""
    provider: str | None = None
    """provider_exit, price_shock: a provider id, standing for its whole legal group;
    provider_exit also takes EACH."""
    jurisdiction: str | None = None
    """price_shock: providers whose parent is under this law; legal_reach: the law."""
    accelerator_vendor: str | None = None
    """price_shock, embargo: an accelerator vendor, spelled as in the catalog."""
    vendor_country: str | None = None
    """embargo: every accelerator vendor from this country."""
    apis: bool = False
    """price_shock: every model API (with the other selectors, those of them that match)."""
    model: str | None = None
    """model_retirement: a model id, or EACH closed model the plan uses."""
    currency: str | None = None
    """fx_shock: the currency that moves."""
    change: float | None = None
    """price_shock: the price change as a share (0.3 is +30 %); fx_shock: how much the
    currency gains against every other (0.2: one unit buys 20 % more of each)."""
    notice_months: float = 0.0
    """provider_exit, model_retirement: how long before the shock strikes it is known."""
    commitments: Commitments = Commitments.LOST
    committed_prices: CommittedPrices = CommittedPrices.AT_RENEWAL
    min_tpp: float | None = None
    """embargo: only accelerators with at least this total processing performance (TPP, as
    the US export rules define it; see `total_processing_performance`)."""
    countries: tuple[str, ...] = ()
    """embargo: where it applies (country codes, EU or EEA); empty: the organisation's home."""
    above: DataClass = DataClass.INTERNAL
    """legal_reach: the reached providers may hold data up to this class, not above."""
    template: str = ""
    """For a shock made by `expand`: the name of the template it came from."""

    @property
    def factor(self) -> float:
        """What the change multiplies by: 1 + change."""
        return 1.0 + (self.change or 0.0)

    @property
    def is_template(self) -> bool:
        return EACH in (self.provider, self.model)

    @property
    def notice_weeks(self) -> float:
        return self.notice_months / MONTHS_PER_WEEK


@dataclass(frozen=True)
class ShockScope:
    """What a template's EACH ranges over: the third parties a plan (or a set of candidate
    options) depends on."""

    provider_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Legal group → the ids of its providers, in id order."""
    closed_models: tuple[str, ...] = ()


def expand(shocks: Iterable[Shock], scope: ShockScope) -> tuple[Shock, ...]:
    """Each template as one shock per target in `scope`; concrete shocks as they are."""
    found: list[Shock] = []
    for shock in shocks:
        if shock.provider == EACH:
            for group, providers in sorted(scope.provider_groups.items()):
                found.append(
                    replace(
                        shock,
                        name=f"{shock.name}:{providers[0]}",
                        provider=providers[0],
                        description=f"{group} ({', '.join(providers)}). {shock.description}",
                        template=shock.name,
                    )
                )
        elif shock.model == EACH:
            found += [
                replace(
                    shock,
                    name=f"{shock.name}:{model}",
                    model=model,
                    description=f"{model}. {shock.description}",
                    template=shock.name,
                )
                for model in scope.closed_models
            ]
        else:
            found.append(shock)
    return tuple(found)


def select(shocks: Iterable[Shock], names: Iterable[str]) -> tuple[Shock, ...]:
    """The shocks a list of names picks: a name, a template's name (all it expanded to) or
    `<template>:*`; raises KeyError naming the first name that picks none."""
    chosen: list[Shock] = []
    pool = list(shocks)
    for name in names:
        base = name.removesuffix(f":{EACH}")
        picked = [s for s in pool if s.name == name or (s.template and s.template == base)]
        if not picked:
            raise KeyError(name)
        chosen += [s for s in picked if s not in chosen]
    return tuple(chosen)


TPP_PER_DENSE_BF16_TFLOPS = 16.0
"""Total processing performance per dense BF16 TFLOPS: TPP = 2 × MacTOPS × bit length
(US Export Administration Regulations, ECCN 3A090, 88 FR 73458, Oct 2023), and a dense
TFLOPS is half a tera multiply-accumulate per second: 2 × (TFLOPS / 2) × 16 bits."""


def total_processing_performance(bf16_dense_tflops: float) -> float:
    return bf16_dense_tflops * TPP_PER_DENSE_BF16_TFLOPS
