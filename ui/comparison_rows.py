"""Turning the `Comparison` of `planner.results.compare.compare` into table rows.

The comparison view shows three tables: the headline figures, the requirements that differ and
the line items. This module builds their headers and rows of ready-formatted `Cell`s from the
comparison, with the tints and tooltips that tell each scenario's value against the baseline
(the first scenario), so the view only lays them out. Nothing here computes a figure: every
number was computed by planner/ and is only formatted, with the CLI's formats.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QColor

from planner.money import change_text
from planner.results.compare import Change, Comparison, Delta, Headline, delta
from ui.cells_model import NULL_SORT_KEY, NULL_TEXT, Cell, money_or_null, number, whole
from ui.plan_table_models import money
from ui.value_text import value_to_text

CHANGE_TINTS: dict[Change, QColor] = {
    Change.ADDED: QColor("#d6f0da"),
    Change.REMOVED: QColor("#f8d5d5"),
    Change.CHANGED: QColor("#fbe6b8"),
}
"""Background of a line item's cells in a scenario, by its change against the baseline."""
DIFFERS_TINT = QColor("#fbe6b8")
"""Background of an input value that differs from the baseline's."""
CHANGE_WORDS: dict[Change, str] = {
    Change.BASELINE: "the baseline",
    Change.ADDED: "added against the baseline",
    Change.REMOVED: "removed against the baseline",
    Change.CHANGED: "changed against the baseline",
    Change.SAME: "the same as in the baseline",
}
HEADER_WRAP_FROM_CHARS = 16
"""Column headers longer than this (a scenario's name) go on two lines."""
AGAINST_BASELINE = "vs baseline"
"""Second line of a difference column's header, under the scenario's name."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A headline row: its key (the `Headline` field), label, how a value reads, and what it
    means."""

    key: str
    label: str
    value: Callable[[Headline], Any]
    text: Callable[[Any, str | None], str]
    meaning: str
    numeric: bool = True
    difference: Callable[[Delta, str | None], str] | None = None
    """How the difference against the baseline reads; None: no difference column entry."""
    decimals: int | None = None
    """Decimals the figure is shown with: its difference is of the shown values, so 75.8 →
    75.4 reads −0.4, never the −0.3 of the unrounded scores; None: unrounded."""


def figure_delta(figure: Figure, base: Any, value: Any) -> Delta | None:
    """A variant's figure against the baseline's, as the two read on screen."""
    b, v = number(base), number(value)
    if figure.decimals is not None and b is not None and v is not None:
        b, v = round(b, figure.decimals), round(v, figure.decimals)
    return delta(b, v)


def _share(d: Delta) -> str:
    return "" if d.relative is None else f" ({d.relative:+.1%})"


def money_difference(d: Delta, currency: str | None) -> str:
    """`+EUR 4,977 (+3.4%)`; `0` when the same."""
    if not round(d.absolute):
        return "0"
    sign, amount = change_text(d.absolute)[0], change_text(d.absolute)[1:]
    return f"{sign}{currency + ' ' if currency else ''}{amount}{_share(d)}"


def small_money_difference(d: Delta, currency: str | None) -> str:
    """A cost per million tokens: three decimals, as the figure itself."""
    if not round(d.absolute, 3):
        return "0"
    return f"{'+' if d.absolute > 0 else '-'}{currency + ' ' if currency else ''}" + (
        f"{abs(d.absolute):,.3f}{_share(d)}"
    )


def points_difference(d: Delta, _currency: str | None) -> str:
    return "0" if not round(d.absolute, 1) else f"{d.absolute:+.1f} points{_share(d)}"


def plain_difference(d: Delta, _currency: str | None) -> str:
    return "0" if not round(d.absolute, 1) else f"{d.absolute:+,.1f}{_share(d)}"


def _points(value: Any, _currency: str | None) -> str:
    v = number(value)
    return NULL_TEXT if v is None else f"{v:.1f} /100"


HEADLINE_FIGURES: tuple[Figure, ...] = (
    Figure(
        "status",
        "solve status",
        lambda h: h.status_text,
        lambda v, _c: NULL_TEXT if v is None else str(v),
        "how the solver ended: optimal (over every eligible option, or over a pruned set), "
        "feasible (best found in the time limit) or no plan",
        numeric=False,
    ),
    Figure(
        "annual_cost",
        "annual cost",
        lambda h: h.annual_cost,
        lambda v, c: money_or_null(number(v), c, whole),
        "capital recovered as an annuity, energy, hosting, operations, cloud, API and egress, "
        "a year",
        difference=money_difference,
    ),
    Figure(
        "cost_per_mtok",
        "cost per million tokens",
        lambda h: h.cost_per_mtok,
        lambda v, c: money_or_null(number(v), c, money),
        "total annual cost ÷ million tokens a year over all workloads, input + output",
        difference=small_money_difference,
    ),
    Figure(
        "independence",
        "independence (higher is better)",
        lambda h: h.independence,
        _points,
        "Σ weight × spend-weighted SEAL level / 4 × 100 over the eight objectives SOV-1…8",
        difference=points_difference,
        decimals=1,
    ),
    Figure(
        "lock_in",
        "lock-in (lower is better)",
        lambda h: h.lock_in,
        _points,
        "weighted sum of the seven lock-in components (docs/scoring.md)",
        difference=points_difference,
        decimals=1,
    ),
    Figure(
        "effective_providers",
        "effective providers",
        lambda h: h.effective_providers,
        lambda v, _c: NULL_TEXT if number(v) is None else f"{number(v):.1f}",
        "10,000 / provider HHI: how many equal third-party providers give the same concentration",
        difference=plain_difference,
    ),
    Figure(
        "provider_hhi",
        "provider HHI",
        lambda h: h.provider_hhi,
        lambda v, _c: NULL_TEXT if number(v) is None else f"{number(v):,.0f}",
        "Herfindahl–Hirschman index of third-party spend by legal group, 0 to 10,000 "
        "(one supplier)",
        difference=plain_difference,
    ),
    Figure(
        "resilience",
        "price of resilience",
        lambda h: h.resilience_text if h.resilience is not None else ("" if h.has_plan else None),
        lambda v, _c: NULL_TEXT if v is None else (v or "not asked to survive shocks"),
        "what the cheapest plan that survives the shocks its policy lists (must_survive) costs "
        "a year more than the plain optimum, and how many shocks it survives",
        numeric=False,
    ),
    Figure(
        "catalog_revision",
        "catalog revision",
        lambda h: h.catalog_revision,
        lambda v, _c: NULL_TEXT if number(v) is None else f"{number(v):.0f}",
        "the catalog revision the scenario was solved against",
    ),
)


def _sort_key(value: Any) -> float | str:
    v = number(value)
    if v is not None:
        return v
    return NULL_SORT_KEY if value is None else str(value)


def header_text(name: str) -> str:
    """A scenario's name as a column header: a long one on two lines, broken at a space."""
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if len(name) <= HEADER_WRAP_FROM_CHARS or not spaces:
        return name
    middle = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{name[:middle]}\n{name[middle + 1 :]}"


def difference_header(name: str) -> str:
    return f"{header_text(name)}\n{AGAINST_BASELINE}"


def _differs(figure: Figure, base: Any, value: Any) -> bool:
    if figure.numeric and number(base) is not None and number(value) is not None:
        moved = delta(number(base), number(value))
        return moved is not None and moved.absolute != 0
    return bool(base != value)


def headline_rows(c: Comparison) -> tuple[list[str], list[list[Cell]]]:
    """One row per figure, one column per scenario after the figure's name, then a column per
    variant with its difference from the baseline (absolute and per cent). A variant's value
    that differs from the baseline's is tinted, as the legend says."""
    names = list(c.scenarios)
    by_name = {h.name: h for h in c.headline}
    rows: list[list[Cell]] = []
    for figure in HEADLINE_FIGURES:
        row = [Cell(figure.label, figure.label, tooltip=f"{figure.label}: {figure.meaning}.")]
        values = [figure.value(by_name[n]) if n in by_name else None for n in names]
        for position, (name, value) in enumerate(zip(names, values, strict=True)):
            headline = by_name.get(name)
            text = figure.text(value, c.currency)
            status = headline.status.value if headline is not None else "unknown"
            why = f" {name} has no plan ({status})." if text == NULL_TEXT else ""
            # "—" says itself that a scenario has no plan: only figures are tinted.
            differs = position > 0 and value is not None and _differs(figure, values[0], value)
            row.append(
                Cell(
                    text,
                    _sort_key(value),
                    figure.numeric,
                    DIFFERS_TINT if differs else None,
                    tooltip=f"{name}: {figure.label} {text}; {figure.meaning}.{why}",
                )
            )
        for name, value in zip(names[1:], values[1:], strict=True):
            moved = figure_delta(figure, values[0], value) if figure.numeric else None
            text = (
                figure.difference(moved, c.currency)
                if moved is not None and figure.difference is not None
                else ""
            )
            tip = f"{name} against the baseline {names[0]}: {text or 'no difference to show'}"
            raw = moved.absolute if moved is not None else NULL_SORT_KEY
            row.append(Cell(text, raw, True, tooltip=tip))
        rows.append(row)
    headers = ["", *(header_text(n) for n in names), *(difference_header(n) for n in names[1:])]
    return headers, rows


def input_rows(c: Comparison) -> tuple[list[str], list[list[Cell]]]:
    """One row per requirement that differs; values unlike the baseline's are tinted."""
    names = list(c.scenarios)
    rows: list[list[Cell]] = []
    for entry in c.inputs:
        path, label = entry.path, entry.label
        values = [*entry.values, *([None] * (len(names) - len(entry.values)))]
        row = [Cell(label, label, tooltip=f"{label} ({path} in the scenario file)")]
        for position, (name, value) in enumerate(zip(names, values, strict=False)):
            text = NULL_TEXT if value is None else value_to_text(value)
            differs = position > 0 and value != values[0]
            shown = "not set" if value is None else text
            row.append(
                Cell(
                    text,
                    _sort_key(value),
                    number(value) is not None,
                    DIFFERS_TINT if differs else None,
                    f"{name}: {label} = {shown}"
                    + (" (differs from the baseline)" if differs else ""),
                )
            )
        rows.append(row)
    return ["requirement", *(header_text(n) for n in names)], rows


def line_item_rows(c: Comparison) -> tuple[list[str], list[str], list[list[Cell]]]:
    """Item, provider, pricing term and venue, then a quantity and an annual cost column per
    scenario, then each variant's difference in annual cost from the baseline.

    Returns the headers, their tooltips and the rows. A scenario's pair of cells is tinted by
    the line item's change class in that scenario; the term tells apart two rows of one item
    from one provider bought differently (on demand, committed, spot).
    """
    names = list(c.scenarios)
    currency = f" {c.currency}" if c.currency else ""
    headers = ["item", "provider", "term", "venue"]
    tips = ["what is bought or rented", "who sells it",
            "how it is paid for: purchase, on demand, a commitment, spot, pay per use",
            "the venue's id in the catalog"]  # fmt: skip
    for name in names:
        headers += [f"{header_text(name)}\nquantity", f"{header_text(name)}\nannual{currency}"]
        tips += [f"quantity in {name}", f"annual cost in {name}{currency}"]
    for name in names[1:]:
        headers.append(difference_header(name))
        tips.append(f"annual cost in {name} minus the baseline's ({names[0]}){currency}")
    rows: list[list[Cell]] = []
    for item in c.line_items:
        venue, what, provider, term = item.venue_key, item.item, item.provider_name, item.term
        label = f"{what} from {provider}, {term} ({venue})"
        row = [
            Cell(what, what, tooltip=label),
            Cell(provider, provider, tooltip=label),
            Cell(term, term, tooltip=label),
            Cell(venue, venue, tooltip=label),
        ]
        for position, name in enumerate(names):
            entry = item.per_scenario[position] if position < len(item.per_scenario) else None
            change = item.change[position] if position < len(item.change) else None
            tint = CHANGE_TINTS.get(change) if change is not None else None
            quantity_text = NULL_TEXT if entry is None else f"{entry.quantity:,.2f}"
            cost_text = NULL_TEXT if entry is None else f"{entry.annual_cost:,.0f}"
            word = CHANGE_WORDS[change] if change is not None else ""
            tip = f"{name}: {label} is {word}" + (
                f"; {quantity_text} for{currency} {cost_text} a year."
                if entry
                else "; not in this scenario."
            )
            quantity = None if entry is None else entry.quantity
            cost = None if entry is None else entry.annual_cost
            row.append(Cell(quantity_text, _sort_key(quantity), True, tint, tip))
            row.append(Cell(cost_text, _sort_key(cost), True, tint, tip))
        base = item.per_scenario[0] if item.per_scenario else None
        for position, name in enumerate(names[1:], start=1):
            entry = item.per_scenario[position] if position < len(item.per_scenario) else None
            moved = delta(base.annual_cost if base else 0.0, entry.annual_cost if entry else 0.0)
            assert moved is not None
            text = money_difference(moved, None) if base or entry else ""
            tip = f"{name}: {label}, annual cost against the baseline: {text or 'in neither'}"
            row.append(Cell(text, moved.absolute, True, tooltip=tip))
        rows.append(row)
    return headers, tips, rows
