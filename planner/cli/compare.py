"""`sovplan compare A B [C D]`: saved scenarios side by side, the first as the baseline."""

import argparse
from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any

from planner.cli.common import open_from_args
from planner.cli.textfmt import format_table, json_text
from planner.errors import PlannerError
from planner.exit_codes import ExitCode
from planner.results.compare import (
    MAX_SCENARIOS,
    MIN_SCENARIOS,
    Change,
    Comparison,
    Delta,
    Headline,
    LineItemFigures,
    compare,
    delta,
)
from planner.results.compare_roadmap import PathFigures, RoadmapComparison
from planner.results.saved_scenarios import load_saved


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        f"Compare {MIN_SCENARIOS} to {MAX_SCENARIOS} saved scenarios; line-item "
        "changes are relative to the first."
    )
    parser.add_argument("names", nargs="+", metavar="NAME", help="saved scenario names (2 to 4)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    names: list[str] = args.names
    if not MIN_SCENARIOS <= len(names) <= MAX_SCENARIOS:
        raise PlannerError(
            f"compare takes {MIN_SCENARIOS} to {MAX_SCENARIOS} saved scenario names, "
            f"got {len(names)}"
        )
    with open_from_args(args) as ws, ws.sessions() as session:
        saved = [load_saved(session, name) for name in names]
    comparison = compare(saved)
    if args.json:
        print(json_text(comparison_to_json(comparison)))
    else:
        print(format_comparison(comparison))
    return int(ExitCode.OK)


# --- JSON -----------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """TOML values as JSON: dates and times as ISO text, lists and tables element-wise."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def comparison_to_json(c: Comparison) -> dict[str, Any]:
    """The comparison as `sovplan compare --json` prints it: the one place it becomes JSON."""
    return {
        "scenarios": list(c.scenarios),
        "currency": c.currency,
        "warnings": list(c.warnings),
        "inputs": [{"path": d.path, "values": _jsonable(list(d.values))} for d in c.inputs],
        "headline": [
            {
                "name": h.name,
                "status": h.status.value,
                "status_text": h.status_text,
                "annual_cost": h.annual_cost,
                "cost_per_mtok": h.cost_per_mtok,
                "independence": h.independence,
                "lock_in": h.lock_in,
                "provider_hhi": h.provider_hhi,
                "effective_providers": h.effective_providers,
                "catalog_revision": h.catalog_revision,
                "resilience": None
                if h.resilience is None
                else {
                    "must_survive": list(h.resilience.must_survive),
                    "shocks": list(h.resilience.shocks),
                    "plain_annual_cost": h.resilience.plain_annual_cost,
                    "price": h.resilience.price,
                    "price_share": h.resilience.price_share,
                },
            }
            for h in c.headline
        ],
        "independence_by_objective": {k: list(v) for k, v in c.independence_by_objective.items()},
        "lock_in_by_component": {k: list(v) for k, v in c.lock_in_by_component.items()},
        "line_items": [
            {
                "venue_key": li.venue_key,
                "item": li.item,
                "provider_name": li.provider_name,
                "per_scenario": [
                    None if f is None else {"quantity": f.quantity, "annual_cost": f.annual_cost}
                    for f in li.per_scenario
                ],
                "change": [ch.value for ch in li.change],
            }
            for li in c.line_items
        ],
        "roadmap": None if c.roadmap is None else _roadmap_json(c.roadmap),
    }


def _roadmap_json(r: RoadmapComparison) -> dict[str, Any]:
    return {"paths": [None if p is None else asdict(p) for p in r.paths],
            "warnings": list(r.warnings)}  # fmt: skip


# --- text -----------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def _value(value: object) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)


def _headline_rows(c: Comparison) -> list[list[str]]:
    def money(h: Headline, amount: float | None, spec: str) -> str:
        if amount is None:
            return "—"
        return f"{amount:{spec}}" if c.currency else f"{h.currency or '?'} {amount:{spec}}"

    h = c.headline
    return [
        ["status", *(x.status_text for x in h)],
        [f"annual cost {c.currency or ''}".rstrip(), *(money(x, x.annual_cost, ",.0f") for x in h)],
        [
            f"{c.currency or ''} per million tokens".lstrip(),
            *(money(x, x.cost_per_mtok, ",.4f") for x in h),
        ],
        ["independence /100", *(_fmt(x.independence, ".1f") for x in h)],
        ["lock-in /100", *(_fmt(x.lock_in, ".1f") for x in h)],
        ["provider HHI", *(_fmt(x.provider_hhi, ",.0f") for x in h)],
        ["effective providers", *(_fmt(x.effective_providers, ".2f") for x in h)],
        ["catalog revision", *(str(x.catalog_revision) for x in h)],
    ] + (
        [["price of resilience", *(x.resilience_text or "—" for x in h)]]
        if any(x.resilience is not None for x in h)
        else []
    )


def _label(c: Comparison, key: str) -> str:
    """`SOV-2 legal & jurisdictional`; a lock-in component by its plain name alone."""
    label = c.labels.get(key)
    if label is None:
        return key
    return f"{key} {label}" if key.startswith("SOV-") else label


def _points_table(c: Comparison, title: str, points: dict[str, tuple[float | None, ...]]) -> str:
    rows = [[_label(c, key), *(_fmt(p, ".1f") for p in values)] for key, values in points.items()]
    right = frozenset(range(1, len(c.scenarios) + 1))
    return format_table([title, *c.scenarios], rows, right=right)


def _figures(f: LineItemFigures | None, what: str) -> str:
    if f is None:
        return "—"
    return f"{f.quantity:,.2f}" if what == "quantity" else f"{f.annual_cost:,.0f}"


def _changes_table(c: Comparison) -> str | None:
    rows = []
    for i, name in enumerate(c.scenarios[1:], start=1):
        for li in c.line_items:
            change = li.change[i]
            if change is Change.SAME:
                continue
            base, this = li.per_scenario[0], li.per_scenario[i]
            rows.append(
                [
                    name,
                    change.value,
                    li.provider_name,
                    li.item,
                    li.term,
                    f"{_figures(base, 'quantity')} → {_figures(this, 'quantity')}",
                    li.unit,
                    f"{_figures(base, 'cost')} → {_figures(this, 'cost')}",
                ]
            )
    if not rows:
        return None
    cost = f"annual {c.currency}" if c.currency else "annual cost"
    return format_table(
        ["scenario", "change", "provider", "item", "term", "quantity", "unit", cost],
        rows,
        right=frozenset({5, 7}),
    )


def _roadmap_rows(c: Comparison, r: RoadmapComparison) -> list[list[str]]:
    """The whole path per scenario: NPV (against the first's), then each year's figures."""

    def money(p: PathFigures | None, amount: float | None) -> str:
        if p is None or amount is None:
            return "—"
        return f"{amount:,.0f}" if c.currency else f"{p.currency} {amount:,.0f}"

    def per_year(p: PathFigures | None, values: tuple[float | None, ...], t: int) -> float | None:
        return None if p is None or t >= len(values) else values[t]

    paths, base = r.paths, r.paths[0]
    cur = f" {c.currency}" if c.currency else ""
    rows = [
        ["status", *("—" if p is None else p.status_text for p in paths)],
        [f"net present value{cur}", *(money(p, None if p is None else p.npv) for p in paths)],
        [
            f"against {c.scenarios[0]}",
            "baseline",
            *(_delta_text(delta(None if base is None else base.npv,
                                None if p is None else p.npv)) for p in paths[1:]),
        ],
        [f"owed after the last year{cur}",
         *(money(p, None if p is None else p.owed_after_horizon) for p in paths)],
    ]  # fmt: skip
    for t in range(r.years):
        rows += [
            [f"year {t + 1} cost{cur}", *(money(p, per_year(p, p.annual_cost, t) if p else None)
                                          for p in paths)],
            [f"year {t + 1} capex{cur}", *(money(p, per_year(p, p.capex, t) if p else None)
                                           for p in paths)],
            [f"year {t + 1} independence",
             *(_fmt(per_year(p, p.independence, t) if p else None, ".1f") for p in paths)],
            [f"year {t + 1} lock-in",
             *(_fmt(per_year(p, p.lock_in, t) if p else None, ".1f") for p in paths)],
        ]  # fmt: skip
    return rows


def _delta_text(d: Delta | None) -> str:
    if d is None:
        return "—"
    share = "" if d.relative is None else f" ({d.relative:+.1%})"
    return f"{d.absolute:+,.0f}{share}"


def format_comparison(c: Comparison) -> str:
    """The comparison as `sovplan compare` prints it: headline, differing inputs, scores by
    objective and component, and the line items each variant adds, removes or changes."""
    right = frozenset(range(1, len(c.scenarios) + 1))
    parts: list[str] = [f"warning: {w}" for w in c.warnings]
    parts.append(format_table(["", *c.scenarios], _headline_rows(c), right=right))
    if c.inputs:
        parts.append(
            format_table(
                ["input", *c.scenarios],
                [[d.path, *(_value(v) for v in d.values)] for d in c.inputs],
            )
        )
    else:
        parts.append("The scenarios' inputs are identical.")
    if c.independence_by_objective:
        parts.append(_points_table(c, "independence points", dict(c.independence_by_objective)))
    if c.lock_in_by_component:
        parts.append(_points_table(c, "lock-in points", dict(c.lock_in_by_component)))
    changes = _changes_table(c)
    baseline = c.scenarios[0]
    parts.append(
        f"Line items relative to {baseline}:\n{changes}"
        if changes
        else f"Every scenario buys the same line items as {baseline}."
    )
    if c.roadmap is not None:
        roadmap = [f"warning: {w}" for w in c.roadmap.warnings]
        roadmap.append(format_table(["roadmap (whole path)", *c.scenarios],
                                    _roadmap_rows(c, c.roadmap), right=right))  # fmt: skip
        parts.append("\n".join(roadmap))
    return "\n\n".join(parts)
