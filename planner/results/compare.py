"""Saved scenarios side by side: which inputs differ, what each plan costs and scores, and
which line items a variant adds, drops or changes relative to the first (the baseline).

Pure functions over `SavedScenario` values: nothing is re-solved, so each column shows the
plan as it was saved (against its own catalog revision, which the headline names).
"""

import math
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from planner.errors import PlannerError
from planner.evaluation.scoring import Score
from planner.results.compare_roadmap import RoadmapComparison, compare_roadmaps
from planner.results.plan_document import Resilience, SolveStatus
from planner.results.saved import SavedScenario
from planner.scenario.field_table import SECTIONS
from planner.scenario.labels import field_at, label_of
from planner.scenario.paths import flatten_scenario, same_value
from planner.scenario.problems import FieldPath

MIN_SCENARIOS = 2
MAX_SCENARIOS = 4
REL_TOLERANCE = 1e-6
"""Quantities or costs closer than this (relative) count as the same."""
ABS_TOLERANCE = 1e-9
"""…and so do values this close to zero, so float noise on a standby line is no change."""


class Change(StrEnum):
    """How a line item in one scenario relates to the baseline (the first scenario)."""

    BASELINE = "baseline"
    ADDED = "added"
    """Not in the baseline, in this scenario."""
    REMOVED = "removed"
    """In the baseline, not in this scenario."""
    CHANGED = "changed"
    """In both, quantity or annual cost differs by more than REL_TOLERANCE."""
    SAME = "same"
    """In both with the same quantity and cost, or in neither."""


@dataclass(frozen=True)
class InputDifference:
    path: str
    """Dotted path into the scenario TOML: `policy.max_provider_share`,
    `workloads[id=staff-assistant].tpot_ms`, `sites[site=de-frankfurt-colo].power_limit_kw`."""
    values: tuple[Any, ...]
    """The value per scenario, None where the scenario does not set it."""

    @property
    def label(self) -> str:
        """The requirement as the form names it: `Workload staff-assistant, TPOT`."""
        return requirement_label(self.path)


KEYED_ENTRY = re.compile(r"^(?P<section>\w+)\[(?P<key>\w+=)?(?P<name>[^\]]+)\](?P<rest>.*)$")
"""A path into one entry of a list: `workloads[id=kyc].tpot_ms`, `sites[0].power_limit_kw`."""


def requirement_label(path: str) -> str:
    """A flattened path (`planner.scenario.paths`) by the labels of the scenario form, the
    entry of a list named by its id; the path itself where no declared field matches."""
    entry = KEYED_ENTRY.match(path)
    try:
        if entry is None:
            parsed = FieldPath.parse(path)
            return label_of(parsed, {}) if field_at(parsed) is not None else path
        key, name, rest = entry["section"], entry["name"], entry["rest"]
        if entry["key"] is None and name.isdigit():  # keyed by position: number from 1
            name = str(int(name) + 1)
        section = next((s for s in SECTIONS if s.key == key and s.repeated), None)
        if section is None:
            return path
        parsed = FieldPath.parse(f"{key}[0]{rest}")
        if field_at(parsed) is None:
            return path
        label = label_of(parsed, {})
        first = f"{section.entry} 1"
        return f"{section.entry} {name}{label[len(first) :]}" if label.startswith(first) else path
    except ValueError:
        return path


@dataclass(frozen=True)
class Headline:
    """One scenario's figures; every figure is None when it has no plan (infeasible, …)."""

    name: str
    status: SolveStatus
    status_text: str
    """The status as shown: "optimal" alone only when proven over every eligible option."""
    currency: str | None
    annual_cost: float | None
    cost_per_mtok: float | None
    """Annual cost per million tokens over all workloads (fine-tuning tokens included)."""
    independence: float | None
    independence_points: Mapping[str, float]
    """Points per objective (SOV-1 … SOV-8); empty without a plan."""
    lock_in: float | None
    lock_in_points: Mapping[str, float]
    """Points per lock-in component (provider_hhi, …); empty without a plan."""
    provider_hhi: float | None
    effective_providers: float | None
    catalog_revision: int
    resilience: Resilience | None = None
    """A plan that must survive chosen shocks: which, and its price against the plain
    optimum; None for a plain plan (or none)."""

    @property
    def has_plan(self) -> bool:
        return self.annual_cost is not None

    @property
    def resilience_text(self) -> str | None:
        """`+3.2 % (7 shocks)`: the price of resilience against the plain optimum; None for a
        plain plan."""
        r = self.resilience
        if r is None:
            return None
        return f"{r.price_share:+.1%} ({len(r.shocks)} shock{'s' if len(r.shocks) != 1 else ''})"


@dataclass(frozen=True)
class Delta:
    """A scenario's figure against the baseline's."""

    absolute: float
    """This scenario's figure minus the baseline's, in the figure's unit."""
    relative: float | None
    """`absolute` as a share of the baseline's figure; None when that is zero."""


def delta(baseline: float | None, value: float | None) -> Delta | None:
    """The difference a variant makes (None where either has no figure)."""
    if baseline is None or value is None:
        return None
    difference = value - baseline
    if _close(baseline, value):
        difference = 0.0
    return Delta(difference, difference / abs(baseline) if baseline else None)


@dataclass(frozen=True)
class LineItemFigures:
    quantity: float
    annual_cost: float


@dataclass(frozen=True)
class LineItemComparison:
    venue_key: str
    item: str
    provider_name: str
    term: str
    """As the first scenario buying it has it (purchase, spot, on-demand, pay-per-use, …),
    spot marked interruptible."""
    unit: str
    per_scenario: tuple[LineItemFigures | None, ...]
    """Quantity and annual cost per scenario, None where the scenario does not buy it."""
    change: tuple[Change, ...]
    """Per scenario relative to the first: BASELINE for the first itself."""


@dataclass(frozen=True)
class Comparison:
    scenarios: tuple[str, ...]
    currency: str | None
    """The one currency every scenario reports in; None when they differ (see warnings)."""
    inputs: tuple[InputDifference, ...]
    headline: tuple[Headline, ...]
    independence_by_objective: Mapping[str, tuple[float | None, ...]]
    lock_in_by_component: Mapping[str, tuple[float | None, ...]]
    labels: Mapping[str, str]
    """Plain names of the objectives and components (`SOV-2` → `legal & jurisdictional`)."""
    line_items: tuple[LineItemComparison, ...]
    warnings: tuple[str, ...]
    roadmap: RoadmapComparison | None = None
    """The kept roadmaps, whole path (compare_roadmap.py); None when none keeps one."""


# --- inputs ---------------------------------------------------------------------------------


def _parse(saved: SavedScenario) -> dict[str, Any]:
    try:
        return tomllib.loads(saved.scenario_toml)
    except tomllib.TOMLDecodeError as exc:
        raise PlannerError(
            f"saved scenario {saved.name!r}: its TOML cannot be read ({exc})"
        ) from None


def _input_differences(flat: Sequence[Mapping[str, Any]]) -> tuple[InputDifference, ...]:
    paths: dict[str, None] = {}
    for f in flat:
        paths.update(dict.fromkeys(f))
    found = []
    for path in paths:
        present = [path in f for f in flat]
        values = tuple(f.get(path) for f in flat)
        first = values[0]
        if not all(present) or not all(same_value(first, v) for v in values[1:]):
            found.append(InputDifference(path, values))
    return tuple(found)


# --- headline -------------------------------------------------------------------------------


def _points(score: Score) -> dict[str, float]:
    return {c.key: c.points for c in score.components}


def _currency(saved: SavedScenario, data: Mapping[str, Any]) -> str | None:
    if saved.currency:
        return saved.currency
    organisation = data.get("organisation")
    if isinstance(organisation, dict) and isinstance(organisation.get("currency"), str):
        return str(organisation["currency"])
    return None


def _headline(saved: SavedScenario, currency: str | None) -> Headline:
    result = saved.plan.result if saved.plan is not None else None
    if result is None:
        return Headline(
            name=saved.name,
            status=saved.status,
            status_text=saved.status_text,
            currency=currency,
            annual_cost=None,
            cost_per_mtok=None,
            independence=None,
            independence_points={},
            lock_in=None,
            lock_in_points={},
            provider_hhi=None,
            effective_providers=None,
            catalog_revision=saved.catalog_revision,
        )
    scores = result.scores
    return Headline(
        name=saved.name,
        status=saved.status,
        status_text=saved.status_text,
        currency=currency,
        annual_cost=result.annual_cost,
        cost_per_mtok=result.cost_per_mtok,
        independence=scores.independence.total,
        independence_points=_points(scores.independence),
        lock_in=scores.lock_in.total,
        lock_in_points=_points(scores.lock_in),
        provider_hhi=scores.provider_hhi,
        effective_providers=scores.effective_providers,
        catalog_revision=saved.catalog_revision,
        resilience=saved.plan.resilience if saved.plan is not None else None,
    )


def _by_key(
    headline: Sequence[Headline], points: Callable[[Headline], Mapping[str, float]]
) -> dict[str, tuple[float | None, ...]]:
    keys: dict[str, None] = {}
    for h in headline:
        keys.update(dict.fromkeys(points(h)))
    return {k: tuple(points(h).get(k) for h in headline) for k in keys}


def _labels(saved: Sequence[SavedScenario]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for s in saved:
        if s.plan is None or s.plan.result is None:
            continue
        scores = s.plan.result.scores
        for c in (*scores.independence.components, *scores.lock_in.components):
            labels.setdefault(c.key, c.label)
    return labels


# --- line items -----------------------------------------------------------------------------


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOLERANCE, abs_tol=ABS_TOLERANCE)


def _classify(
    base: LineItemFigures | None, this: LineItemFigures | None, *, compare_costs: bool
) -> Change:
    if base is None:
        return Change.SAME if this is None else Change.ADDED
    if this is None:
        return Change.REMOVED
    if not _close(base.quantity, this.quantity):
        return Change.CHANGED
    if compare_costs and not _close(base.annual_cost, this.annual_cost):
        return Change.CHANGED
    return Change.SAME


def _line_items(
    saved: Sequence[SavedScenario], *, compare_costs: bool
) -> tuple[LineItemComparison, ...]:
    described: dict[str, tuple[str, str, str, str]] = {}
    figures: list[dict[str, LineItemFigures]] = []
    for s in saved:
        mine: dict[str, LineItemFigures] = {}
        items = s.plan.result.line_items if s.plan is not None and s.plan.result else ()
        for line in items:
            key = line.venue_key
            described.setdefault(key, (line.item, line.provider_name, line.term_text, line.unit))
            seen = mine.get(key, LineItemFigures(0.0, 0.0))
            mine[key] = LineItemFigures(
                seen.quantity + line.quantity, seen.annual_cost + line.annual_cost
            )
        figures.append(mine)
    found = []
    for key, (item, provider_name, term, unit) in described.items():
        per = tuple(f.get(key) for f in figures)
        change = (
            Change.BASELINE,
            *(_classify(per[0], this, compare_costs=compare_costs) for this in per[1:]),
        )
        found.append(LineItemComparison(key, item, provider_name, term, unit, per, change))
    return tuple(found)


# --- the comparison -------------------------------------------------------------------------


def _check(saved: Sequence[SavedScenario]) -> None:
    if not MIN_SCENARIOS <= len(saved) <= MAX_SCENARIOS:
        raise PlannerError(
            f"compare takes {MIN_SCENARIOS} to {MAX_SCENARIOS} saved scenarios, got {len(saved)}"
        )
    names = [s.name for s in saved]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise PlannerError(
            f"each scenario can be compared once; named more than once: {', '.join(twice)}"
        )


def compare(saved: Sequence[SavedScenario]) -> Comparison:
    """2–4 saved scenarios side by side, the first as the baseline for line-item changes."""
    _check(saved)
    data = [_parse(s) for s in saved]
    currencies = [_currency(s, d) for s, d in zip(saved, data, strict=True)]
    known = {c for c in currencies if c is not None}
    warnings = []
    if len(known) > 1:
        warnings.append(
            "the scenarios report in different currencies ("
            + ", ".join(
                f"{s.name}: {c or 'unknown'}" for s, c in zip(saved, currencies, strict=True)
            )
            + "); costs are shown each in its own currency and line-item costs are not compared"
        )
    if len({s.catalog_revision for s in saved}) > 1:
        warnings.append(
            "the scenarios were solved against different catalog revisions ("
            + ", ".join(f"{s.name}: {s.catalog_revision}" for s in saved)
            + "); re-solve them against one catalog before trusting the difference"
        )
    headline = tuple(_headline(s, c) for s, c in zip(saved, currencies, strict=True))
    return Comparison(
        scenarios=tuple(s.name for s in saved),
        currency=known.pop() if len(known) == 1 else None,
        inputs=_input_differences([flatten_scenario(d) for d in data]),
        headline=headline,
        independence_by_objective=_by_key(headline, lambda h: h.independence_points),
        lock_in_by_component=_by_key(headline, lambda h: h.lock_in_points),
        labels=_labels(saved),
        line_items=_line_items(saved, compare_costs=len(known) <= 1),
        warnings=tuple(warnings),
        roadmap=compare_roadmaps(saved),
    )
