"""The words the field table is written in: sections, value types, units, ranges and choices.

A `Field` says everything about one scenario value once: where it sits in the TOML, its type,
unit, allowed values, default, range, label and help. The reader, the validation messages,
the GUI editors and docs/scenario-format.md are derived from the table in `field_table.py`.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from catalog.domain import Catalog
from catalog.input_files import quoted
from planner.evaluation.organisation import JURISDICTION_GROUPS
from planner.scenario.countries import ISO_3166_ALPHA2
from planner.scenario.problems import ROOT, FieldPath

REQUIRED: Any = object()
"""The default of a field the file must give."""

EXACT_UP_TO = 1e16
"""Bounds below this are written out in full (100,000,000,000,000), larger ones in e-notation."""


@dataclass(frozen=True, slots=True)
class Section:
    """A TOML table of the scenario (`[policy]`), or an array of tables (`[[workloads]]`)."""

    key: str
    """The table's key; "" for the top level of the file."""
    title: str
    """How the GUI and messages name it: "Policy"."""
    entry: str = ""
    """For an array of tables, what one entry is called ("Workload"); "" for one table."""
    naming_key: str = ""
    """The key whose value names an entry in messages ("id" gives "Workload 1 (kyc)")."""
    within: "Section | None" = None
    """For an array of tables inside each entry of another (`[[workloads.request_classes]]`),
    that other section; its paths start at the entry's first item."""

    @property
    def repeated(self) -> bool:
        return bool(self.entry)

    def path(self, index: int | None = None) -> FieldPath:
        if self.within is not None:
            base = self.within.path(0) / self.key
        else:
            base = ROOT / self.key if self.key else ROOT
        return base if index is None else base / index


class ValueType(StrEnum):
    """How a value is written in TOML; the value says how a message names it."""

    TEXT = "text"
    WHOLE = "whole number"
    NUMBER = "number"
    FLAG = "true or false"
    TEXT_LIST = "list of text"


PYTHON_TYPES: dict[ValueType, type] = {
    ValueType.TEXT: str,
    ValueType.WHOLE: int,
    ValueType.NUMBER: float,
    ValueType.FLAG: bool,
    ValueType.TEXT_LIST: tuple,
}
"""The Python type a value has in the Scenario (lists become tuples of str)."""


class Unit(StrEnum):
    """The unit of a number, as written after it."""

    NONE = ""
    YEARS = "years"
    SHARE = "share (0–1)"
    SHARE_PER_YEAR = "share per year"
    MONEY = "currency"
    """An amount in the organisation's currency; the GUI shows the currency's code."""
    MONEY_PER_YEAR = "currency per year"
    KILOWATTS = "kW"
    TOKENS = "tokens"
    TOKENS_PER_DAY = "tokens/day"
    REQUESTS_PER_SECOND = "requests/s"
    MILLISECONDS = "ms"
    POINTS = "points (0–100)"
    TIMES = "×"
    GIGABYTES = "GB"
    RUNS_PER_YEAR = "runs/year"
    SEAL_LEVEL = "SEAL level"
    WEIGHT = "weight"
    MONTHS = "months"
    WEEKS = "weeks"
    CHANGE = "change (0.3 is +30 %)"
    TPP = "TPP"
    """Total processing performance, as the US export rules measure an accelerator."""


SHORT_UNITS: dict[Unit, str] = {
    Unit.SHARE: "0–1",
    Unit.SHARE_PER_YEAR: "0–1 per year",
    Unit.POINTS: "0–100",
    Unit.WEIGHT: "0–1",
    Unit.CHANGE: "0.3 is +30 %",
}
"""How a form's label states a unit that is a scale rather than a measure."""


def unit_text(unit: Unit, currency: str) -> str:
    """The unit as a form states it after a label, money in the scenario's own currency."""
    if unit is Unit.MONEY:
        return currency
    if unit is Unit.MONEY_PER_YEAR:
        return f"{currency}/year"
    return SHORT_UNITS.get(unit, unit.value)


def number_text(value: float) -> str:
    """A bound as people write it: 1, 0.05, 100,000,000."""
    if float(value).is_integer() and abs(value) < EXACT_UP_TO:
        return f"{int(value):,}"
    return f"{value:g}"


@dataclass(frozen=True, slots=True)
class Range:
    """The finite interval a number must lie in; each end is included unless `open`.

    With `or_zero`, 0 is allowed besides the interval: the value of a field that only
    applies to some entries ("no fine-tuning runs"), where a tiny positive value would
    make no sense and could underflow what is derived from it."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    or_zero: bool = False

    def contains(self, value: float) -> bool:
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if self.or_zero and value == 0:
            return True
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def text(self) -> str:
        """The rule in words: "from 0 to 1", "greater than 0 and at most 50"."""
        low, high = number_text(self.low), number_text(self.high)
        if not self.low_open and not self.high_open:
            interval = f"from {low} to {high}"
        else:
            lower = f"greater than {low}" if self.low_open else f"at least {low}"
            upper = f"less than {high}" if self.high_open else f"at most {high}"
            interval = f"{lower} and {upper}"
        return f"0, or {interval}" if self.or_zero else interval

    def check(self, value: float) -> str | None:
        """Why `value` is not allowed, or None; a whole number of any size is compared
        exactly, never converted to a float (which overflows past 1e308)."""
        if isinstance(value, float) and not math.isfinite(value):
            return f"must be a finite number (got {value!r})"
        return None if self.contains(value) else f"must be {self.text()} (got {quoted(value)})"

    def whole_values(self) -> tuple[int, ...]:
        """Every whole number in the range (for small ranges of whole numbers)."""
        first = math.floor(self.low) + 1 if self.low_open else math.ceil(self.low)
        last = math.ceil(self.high) - 1 if self.high_open else math.floor(self.high)
        return tuple(range(first, last + 1))


class Catalogued(StrEnum):
    """Allowed values that come from the catalog or a standard list, not from an enum."""

    CURRENCY = "a currency with an exchange rate in the catalog"
    SITE = "a site id from the catalog (`sovplan catalog list sites`)"
    PROVIDER = "a provider id from the catalog (`sovplan catalog list providers`)"
    AI_MODEL = "a model id from the catalog (`sovplan catalog list ai_models`)"
    ACCELERATOR_VENDOR = "an accelerator vendor, spelled as in the catalog"
    COUNTRY = "an ISO 3166 alpha-2 country code"
    JURISDICTION = "an ISO 3166 alpha-2 country code, or EU or EEA"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    name: str
    """What a person reads: the catalog's name for an id, or the value itself."""

    @property
    def display(self) -> str:
        """The name with the id it stands for ("AIME GPU Cloud (aime)"), or the plain value."""
        return self.value if self.name == self.value else f"{self.name} ({self.value})"


def catalogued_choices(kind: Catalogued, catalog: Catalog) -> tuple[Choice, ...]:
    if kind is Catalogued.CURRENCY:
        return tuple(Choice(c, c) for c in sorted(catalog.usd_per_unit))
    if kind is Catalogued.SITE:
        return tuple(Choice(s.id, s.name) for s in catalog.sites.values())
    if kind is Catalogued.PROVIDER:
        return tuple(Choice(p.id, p.name) for p in catalog.providers.values())
    if kind is Catalogued.AI_MODEL:
        return tuple(Choice(m.id, m.name) for m in catalog.ai_models.values())
    if kind is Catalogued.ACCELERATOR_VENDOR:
        vendors = sorted({a.vendor for a in catalog.accelerators.values()})
        return tuple(Choice(v, v) for v in vendors)
    countries = tuple(Choice(c, c) for c in sorted(ISO_3166_ALPHA2))
    if kind is Catalogued.COUNTRY:
        return countries
    groups = tuple(Choice(g, f"{g} ({len(m)} countries)") for g, m in JURISDICTION_GROUPS.items())
    return groups + countries


def catalogued_problem(kind: Catalogued, value: str, allowed: Sequence[str]) -> str:
    """Why `value` is not allowed, naming what is (short lists in full)."""
    if kind is Catalogued.CURRENCY:
        return f"{quoted(value)} has no exchange rate in the catalog ({', '.join(allowed)})"
    if kind is Catalogued.SITE:
        return f"{quoted(value)} is not in the catalog's sites"
    if kind is Catalogued.PROVIDER:
        return f"{quoted(value)} is not in the catalog's providers"
    if kind is Catalogued.AI_MODEL:
        return f"{quoted(value)} is not in the catalog's ai_models"
    if kind is Catalogued.ACCELERATOR_VENDOR:
        return f"{quoted(value)} is not an accelerator vendor in the catalog ({', '.join(allowed)})"
    if kind is Catalogued.COUNTRY:
        return f"{quoted(value)} is not an ISO 3166 country code"
    groups = ", ".join(JURISDICTION_GROUPS)
    return f"{quoted(value)} is not an ISO 3166 country code or one of {groups}"


@dataclass(frozen=True, slots=True)
class Subtable:
    """A table inside an entry whose keys are fields of their own (`[workloads.min_seal]`)."""

    key: str
    title: str
    noun: str
    """What one key names, for "unknown objective; use SOV-1, …"."""
    help: str
    sums_to: float | None = None
    """When set, the values (defaults included) must add up to this."""


@dataclass(frozen=True, slots=True)
class Field:
    """One scenario value, declared once; see the module docstring."""

    section: Section
    key: str
    value_type: ValueType
    label: str
    """Human words for the GUI and messages: "Tokens per day"."""
    help: str
    """One or two sentences: the tooltip, and the meaning column of the docs."""
    unit: Unit = Unit.NONE
    default: Any = None
    """REQUIRED, None (optional: absent means "none"), or the value an absent key takes."""
    range: Range | None = None
    choices: type[StrEnum] | Catalogued | None = None
    subtable: Subtable | None = None
    example: Any = None
    """A valid value that differs from the default: shown in the docs and used by tests."""
    attribute: str = ""
    """Where the value lands in the Scenario (dotted; relative to the entry for arrays of
    tables); "" means the section's key and the field's key."""
    column: str = ""
    """A short header for tables of entries; "" uses the label."""
    kinds: frozenset[str] = frozenset()
    """Kinds of the entry (a workload's, a shock's) the field applies to; empty: all."""
    default_text: str = ""
    """The default in words, where it depends on other fields."""

    @property
    def key_path(self) -> tuple[str, ...]:
        """The keys from the section (or one of its entries) down to the value."""
        return (self.subtable.key, self.key) if self.subtable else (self.key,)

    def path(self, index: int | None = None) -> FieldPath:
        """The field's path; `index` picks the entry of an array of tables (and is ignored
        for a single table)."""
        path = self.section.path(index if self.section.repeated else None)
        for key in self.key_path:
            path = path / key
        return path

    @property
    def target(self) -> str:
        if self.attribute:
            return self.attribute
        prefix = () if self.section.repeated or not self.section.key else (self.section.key,)
        return ".".join((*prefix, *self.key_path))

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def header(self) -> str:
        return self.column or self.label

    def rule(self) -> str:
        """What the reader allows, in words: a range, the choices, or where they come from."""
        parts = []
        if self.range is not None:
            parts.append(self.range.text())
        if isinstance(self.choices, Catalogued):
            parts.append(self.choices.value)
        elif self.choices is not None:
            parts.append("one of " + ", ".join(f"`{c.value}`" for c in self.choices))
        if self.value_type is ValueType.TEXT_LIST and parts:
            parts = ["each " + parts[0]]
        return "; ".join(parts)

    def allowed(self, catalog: Catalog) -> tuple[Choice, ...]:
        """The values a combo box offers; () when the field takes any value in its range."""
        if isinstance(self.choices, Catalogued):
            return catalogued_choices(self.choices, catalog)
        if self.choices is not None:
            return tuple(Choice(c.value, c.value) for c in self.choices)
        return ()
