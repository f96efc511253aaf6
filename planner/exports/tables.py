"""The plan document read as the tables every report shows: summary, conflicts, line items,
allocation, workloads, scores, costs by category and provider, assumptions and sources, and
the stale figures (market figures more than a year old when the plan was made).

An infeasible or unsolved outcome has no line items, allocations or scores; every table here
is then empty, and the writers show the status and the conflicts instead.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from typing import Literal

from planner.exports.common import (
    CATEGORY_LABELS,
    COMMITTED_TERMS,
    KIND_LABELS,
    POINTS_SCALE,
    Kind,
    Table,
    Value,
    currency_of,
    status_line,
)
from planner.results.plan_document import (
    LineItem,
    OptionScope,
    PlanDocument,
    PlanResult,
    Score,
    VenueKind,
)


def summary_table(plan: PlanDocument, horizon_years: float) -> Table:
    """The headline figures as label/value rows."""
    currency = currency_of(plan)
    table = Table("Summary", ["Figure", "Value"], ["text", "text"])

    def add(label: str, value: Value, kind: Kind = "text") -> None:
        table.cell_kinds[(len(table.rows), 1)] = kind
        table.rows.append([label, value])

    add("Scenario", plan.header.scenario_name)
    if plan.header.organisation_name:
        add("Organisation", plan.header.organisation_name)
    add("Status", status_line(plan))
    add("Currency", currency)
    result = plan.result
    if result is not None:
        scores = result.scores
        add(f"Annual cost ({currency})", result.annual_cost, "money")
        add("Horizon (years)", horizon_years, "number")
        add(f"Total cost over the horizon ({currency})", result.annual_cost * horizon_years,
            "money")  # fmt: skip
        _capital_rows(result, currency, add)
        add("Tokens per year", result.tokens_per_year, "integer")
        add(f"Cost per million tokens ({currency})", result.cost_per_mtok, "money")
        add("Independence (0–100, higher is better)", scores.independence.total, "points")
        add("Weakest link (lowest SEAL of any venue, 0–4)", scores.weakest_seal, "integer")
        add("Lock-in (0–100, lower is better)", scores.lock_in.total, "points")
        add("Provider concentration (HHI)", scores.provider_hhi, "number")
        add("Effective number of providers", scores.effective_providers, "number")
        if plan.header.relative_gap is not None:
            add("Optimality gap", plan.header.relative_gap, "percent")
        sources = result.sources
        if sources.ages_checked_on is not None:
            add(f"Figures older than {sources.stale_after_days} days on {sources.ages_checked_on}",
                len(sources.stale_figures()), "integer")  # fmt: skip
    add("Options considered", plan.header.options_considered, "integer")
    add("Eligible options", plan.header.options_eligible, "integer")
    add("Proven over", "all eligible options" if plan.header.proven_over is OptionScope.ALL
        else "a pruned set of options")  # fmt: skip
    add("Catalog revision", plan.header.catalog_revision, "integer")
    return table


CAPITAL_NOT_RECORDED = "not recorded: the plan was stored before capital outlay was; solve again"


def _capital_rows(result: PlanResult, currency: str, add: Callable[..., None]) -> None:
    """The capital outlay beside the annual cost: what buying the servers costs up front,
    and how much of the capital budget it uses."""
    capital = result.capital
    if capital is None:
        add("Capital outlay", CAPITAL_NOT_RECORDED)
        return
    add(f"Capital outlay, one-off ({currency}; servers at list price plus networking)",
        capital.outlay, "money")  # fmt: skip
    if capital.budget is None:
        add("Capital budget", "none set")
        return
    add(f"Capital budget ({currency})", capital.budget, "money")
    if capital.budget_share is not None:
        add("Capital budget used", capital.budget_share, "percent")


def conflicts_table(plan: PlanDocument) -> Table:
    table = Table("Conflicts", ["Requirement", "Conflict", "Amount", "Scenario fields"],
                  ["text", "text", "number", "text"])  # fmt: skip
    for c in plan.conflicts:
        table.rows.append([c.family, c.message, c.amount, ", ".join(c.fields)])
    return table


LINE_ITEM_HEADERS = [
    "Vendor", "Item", "Term", "Quantity", "Unit", "Unit price", "Price per",
    "Capital outlay (one-off)", "Annual cost", "Total over horizon", "Currency", "Jurisdiction",
]  # fmt: skip
LINE_ITEM_KINDS: list[Kind] = [
    "text", "text", "text", "number", "text", "money", "text", "money", "money", "money",
    "text", "text",
]  # fmt: skip
QUANTITY_COLUMN = LINE_ITEM_HEADERS.index("Quantity")
LINE_ITEMS_NOTE = (
    "Quantity is counted in the unit the price is per: servers (the list price, paid once), "
    "instance-hours (an instance kept all year is 8,760 of them) and million tokens, so "
    "quantity × unit price is the line's annual cost (for servers, their capital outlay "
    "before the networking share). The capital outlay is the servers at list price plus the "
    "networking share, what the capital budget limits; the annual cost recovers it over "
    "their life with energy, hosting and operations. Standby: a backup ready to take over, "
    "carrying no tokens and costing nothing while the others run. Spot capacity is "
    "interruptible: the provider may take it back at any time."
)
"""How to read the line items, in every report that shows them."""


def line_items_of(plan: PlanDocument) -> tuple[LineItem, ...]:
    return plan.result.line_items if plan.result is not None else ()


def line_items_table(
    plan: PlanDocument, horizon_years: float, title: str, items: Iterable[LineItem]
) -> Table:
    """The procurement lines with a total that ties to the annual cost (for all lines); the
    unit price in the unit it is charged by, the capital outlay apart from the annual cost."""
    currency = currency_of(plan)
    table = Table(title, list(LINE_ITEM_HEADERS), list(LINE_ITEM_KINDS))
    annual = outlay = 0.0
    for i in items:
        annual += i.annual_cost
        outlay += i.capital_outlay or 0.0
        if i.price_quantity_whole:
            table.cell_kinds[(len(table.rows), QUANTITY_COLUMN)] = "integer"
        table.rows.append([
            i.provider_name, i.item, i.term_label, i.price_quantity,
            plural(i.price_quantity_unit, i.price_quantity),
            i.unit_price, i.price_unit, i.capital_outlay, i.annual_cost,
            i.annual_cost * horizon_years, currency, i.jurisdiction,
        ])  # fmt: skip
    table.total = ["Total", None, None, None, None, None, None, outlay, annual,
                   annual * horizon_years, currency, None]  # fmt: skip
    return table


COUNTED_UNITS = frozenset({"server", "instance-year", "instance-hour"})
"""Units that take a plural ("2 servers"); "million tokens" is one already."""


def plural(unit: str, quantity: float) -> str:
    return f"{unit}s" if unit in COUNTED_UNITS and quantity != 1 else unit


def all_line_items(plan: PlanDocument, horizon_years: float) -> Table:
    return line_items_table(plan, horizon_years, "Line items", line_items_of(plan))


def cloud_commitments(plan: PlanDocument, horizon_years: float) -> Table:
    items = [
        i for i in line_items_of(plan) if i.kind is VenueKind.CLOUD and i.term in COMMITTED_TERMS
    ]
    return line_items_table(plan, horizon_years, "Cloud commitments", items)


def api_contracts(plan: PlanDocument, horizon_years: float) -> Table:
    items = [i for i in line_items_of(plan) if i.kind is VenueKind.API]
    return line_items_table(plan, horizon_years, "API contracts", items)


ALLOCATION_NOTE = (
    "Peak tokens per second: output tokens (what a chat or batch workload's capacity counts) "
    "and input tokens (what an embedding workload's counts). A standby is a backup ready to "
    "take over, serving none of the demand while the other venues run."
)


def allocation_table(plan: PlanDocument) -> Table:
    table = Table(
        "Allocation",
        ["Workload", "Request class", "Model", "Venue", "Kind", "Precision", "Share",
         "Standby", "Peak output tokens/s", "Peak input tokens/s", "Tokens per year",
         "Accelerators"],
        ["text", "text", "text", "text", "text", "text", "percent", "bool", "number",
         "number", "integer", "number"],
    )  # fmt: skip
    result = plan.result
    if result is None:
        return table
    for a in result.allocations:
        table.rows.append([
            a.workload_id, a.request_class, a.model_id, result.venue_name(a),
            KIND_LABELS[a.venue_kind], a.precision or "", a.share, a.standby,
            a.tokens_per_second, a.input_tokens_per_second, a.tokens_per_year, a.accelerators,
        ])  # fmt: skip
    return table


def workloads_table(plan: PlanDocument) -> Table:
    """Each workload's demand and cost; the total ties to the plan's tokens and annual cost."""
    table = Table(
        "Workloads",
        ["Workload", "Kind", "Critical", "Peak output demand (tokens/s)",
         "Peak input demand (tokens/s)", "Covered peak output (tokens/s)", "Tokens per year",
         "Annual cost", "Cost per million tokens", "Independence", "Weakest link (SEAL)"],
        ["text", "text", "bool", "number", "number", "number", "integer", "money", "money",
         "points", "integer"],
    )  # fmt: skip
    result = plan.result
    if result is None:
        return table
    for w in result.workloads:
        table.rows.append([
            w.workload_id, w.kind.value.replace("_", " "), w.critical,
            w.demand_tokens_per_second, w.demand_input_tokens_per_second,
            w.covered_tokens_per_second, w.tokens_per_year, w.annual_cost, w.cost_per_mtok,
            w.independence, w.weakest_seal,
        ])  # fmt: skip
    table.total = ["Total", None, None, None, None, None, result.tokens_per_year,
                   sum(w.annual_cost for w in result.workloads), result.cost_per_mtok, None,
                   None]  # fmt: skip
    return table


def weakest_link_table(plan: PlanDocument) -> Table:
    """Per objective: the spend-weighted SEAL beside the weakest link and who sets it."""
    table = Table(
        "Independence: average and weakest link",
        ["Objective", "Label", "Weight", "Average SEAL", "Weakest SEAL", "Set by", "Rule",
         "Why"],
        ["text", "text", "percent", "level", "integer", "text", "text", "text"],
    )  # fmt: skip
    result = plan.result
    if result is None:
        return table
    links = {k.objective: k for k in result.scores.weakest_link}
    for c in result.scores.independence.components:
        link = links.get(c.key)
        table.rows.append([
            c.key, c.label, c.weight, c.value, link.level if link else None,
            result.venue_label(link.venue_key, link.venue_name) if link else "",
            link.rule if link else "",
            link.reason if link else "",
        ])  # fmt: skip
    return table


def workload_links_table(plan: PlanDocument) -> Table:
    """Per workload and objective: the lowest SEAL among the workload's venues."""
    table = Table(
        "Weakest link per workload",
        ["Workload", "Critical", "Objective", "Weakest SEAL", "Set by", "Rule"],
        ["text", "bool", "text", "integer", "text", "text"],
    )
    result = plan.result
    if result is None:
        return table
    for w in result.workloads:
        for k in w.weakest_link:
            table.rows.append([w.workload_id, w.critical, k.objective, k.level,
                               result.venue_label(k.venue_key, k.venue_name), k.rule])  # fmt: skip
    return table


def _score(result: PlanResult | None, which: Literal["independence", "lock_in"]) -> Score | None:
    if result is None:
        return None
    return result.scores.independence if which == "independence" else result.scores.lock_in


def score_table(plan: PlanDocument, which: Literal["independence", "lock_in"], title: str) -> Table:
    """One score's breakdown: the components' points against their maximum."""
    table = Table(
        title,
        ["Component", "Label", "Value", "Weight", "Points", "Maximum", "Explanation"],
        ["text", "text", "number", "percent", "points", "points", "text"],
    )
    score = _score(plan.result, which)
    if score is None:
        return table
    for c in score.components:
        table.rows.append([c.key, c.label, c.value, c.weight, c.points,
                           c.weight * POINTS_SCALE, c.explanation])  # fmt: skip
    table.total = ["Total", None, None, None, score.total, POINTS_SCALE, None]
    return table


def category_costs(plan: PlanDocument) -> list[tuple[str, float]]:
    """Non-zero annual cost per category, labelled, largest first."""
    found = plan.result.cost_by_category if plan.result is not None else ()
    pairs = [(CATEGORY_LABELS[c.category], c.annual_cost) for c in found if c.annual_cost]
    return sorted(pairs, key=lambda p: -p[1])


def provider_costs(plan: PlanDocument) -> list[tuple[str, float]]:
    """Annual cost per provider by display name, largest first (zero-cost standby included)."""
    if plan.result is None:
        return []
    names = plan.result.provider_names()
    pairs = [(names.get(p.provider_id, p.provider_id), p.annual_cost)
             for p in plan.result.cost_by_provider]  # fmt: skip
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def cost_table(title: str, label: str, pairs: Sequence[tuple[str, float]]) -> Table:
    total = sum(v for _, v in pairs)
    table = Table(title, [label, "Annual cost", "Share"], ["text", "money", "percent"])
    for name, value in pairs:
        table.rows.append([name, value, value / total if total else 0.0])
    table.total = ["Total", total, 1.0 if total else 0.0]
    return table


def cost_assumptions_table(plan: PlanDocument) -> Table:
    table = Table("Cost assumptions", ["Assumption", "Value"], ["text", "number"])
    if plan.result is None:
        return table
    assumptions = plan.result.sources.cost_assumptions
    for r, f in enumerate(fields(assumptions)):
        value = getattr(assumptions, f.name)
        if isinstance(value, str):
            table.cell_kinds[(r, 1)] = "text"
        table.rows.append([f.name.replace("_", " "), value])
    return table


def fx_table(plan: PlanDocument) -> Table:
    table = Table("Exchange rates", ["Currency", "USD per unit"], ["text", "number"])
    rates = plan.result.sources.fx_rates if plan.result is not None else ()
    table.rows.extend([rate.currency, rate.usd_per_unit] for rate in rates)
    return table


def sources_table(plan: PlanDocument) -> Table:
    table = Table(
        "Catalog figures and sources",
        ["Subject", "Figure", "Value", "Source", "Citation", "As of", "Source id"],
        ["text"] * 7,
    )
    figures = plan.result.sources.catalog_figures if plan.result is not None else ()
    for f in figures:
        table.rows.append([f.subject, f.figure, f.value, f.source_title, f.citation, f.as_of,
                           f.source_id])  # fmt: skip
    return table


def stale_figures_table(plan: PlanDocument) -> Table:
    """The perishable figures more than `stale_after_days` old, oldest first."""
    table = Table(
        "Stale figures",
        ["Subject", "Figure", "Value", "As of", "Age (days)", "Source"],
        ["text", "text", "text", "text", "integer", "text"],
    )
    stale = plan.result.sources.stale_figures() if plan.result is not None else ()
    for s in stale:
        f = s.figure
        table.rows.append([f.subject, f.figure, f.value, f.as_of, s.age_days,
                           f.source_title or f.source_id])  # fmt: skip
    return table


def score_bars(
    plan: PlanDocument, which: Literal["independence", "lock_in"]
) -> list[tuple[str, float, float]]:
    """(label, points, maximum) per component of one score, for the charts."""
    score = _score(plan.result, which)
    if score is None:
        return []
    return [(c.label, c.points, c.weight * POINTS_SCALE) for c in score.components]
