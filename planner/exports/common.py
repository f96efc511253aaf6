"""What every export shares: the plan dict read as tables, value formatting, and the
formula-injection guard that every tabular writer (CSV, XLSX) goes through.

The input everywhere is the dict of `planner.results.plan_json.outcome_to_json`. An infeasible or
unsolved outcome has no line items, allocations or scores; every view here then returns
empty tables, and the writers show the status and the conflicts instead.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from planner.money import money_text

Kind = Literal["text", "money", "number", "integer", "percent", "points", "bool"]
Value = str | float | int | bool | None

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is run as a formula by spreadsheet programs
(OWASP "CSV injection"): `=HYPERLINK(...)` in a workload name must stay text."""

XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters an XLSX (XML) cell cannot hold; openpyxl refuses them."""

COMMITTED_TERMS = frozenset({"commit_1y", "commit_3y"})
POINTS_SCALE = 100.0
"""A score component's maximum is its weight times this (see planner/evaluation/scoring.py)."""

KIND_LABELS = {"owned": "Owned servers", "cloud": "Cloud compute", "api": "Model API"}
TERM_LABELS = {
    "purchase": "purchase",
    "on_demand": "on demand",
    "spot": "spot",
    "commit_1y": "1-year commitment",
    "commit_3y": "3-year commitment",
    "pay-per-use": "pay per use",
    "standby": "standby, no committed use",
}
CATEGORY_LABELS = {
    "capex": "Capital (annualised)",
    "energy": "Energy",
    "hosting": "Hosting",
    "operations": "Operations",
    "cloud": "Cloud compute",
    "api": "Model APIs",
    "egress": "Egress",
}


# --- formula injection -------------------------------------------------------------------


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read this text as a formula (or a DDE payload)."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_text(value: Value) -> str:
    """A CSV field: text that looks like a formula gets a leading apostrophe, numbers stay
    plain (repr keeps every digit), None is empty and booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return "'" + value if is_formula_like(value) else value


def xml_safe(text: str) -> str:
    """`text` without the control characters XML (XLSX, PDF metadata) cannot hold."""
    return XML_ILLEGAL.sub("", text)


def set_xlsx_cell(cell: Any, value: Value) -> None:
    """Write `value` into an openpyxl cell; text is always stored as a string (never a
    formula), and formula-like text also gets Excel's quote prefix so editing the cell
    keeps it text. Control characters XML cannot hold are dropped."""
    if isinstance(value, str):
        value = xml_safe(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True


# --- formatting -------------------------------------------------------------------------


money = money_text
"""The headline form used in every report: `EUR 23,676`."""


def format_value(value: Value, kind: Kind, currency: str = "") -> str:
    """A value as text for the PDF and Markdown reports."""
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if isinstance(value, str):
        return value
    if kind == "bool" or isinstance(value, bool):
        return "yes" if value else "no"
    number = float(value)
    if kind == "money":
        if abs(number) >= 100 or number == 0:
            return f"{number:,.0f}" if abs(number) >= 100 else "0.00"
        return f"{number:,.2f}" if abs(number) >= 1 else f"{number:.4g}"
    if kind == "integer":
        return f"{number:,.0f}"
    if kind == "percent":
        return f"{number:.1%}"
    if kind == "points":
        return f"{number:.1f}"
    if number == 0:
        return "0"
    if abs(number) >= 1000:
        return f"{number:,.0f}"
    return f"{number:.3g}" if abs(number) < 1 else f"{number:.4g}"


@dataclass
class Table:
    """Rows of typed values: the XLSX writer keeps the numbers, the text writers format them."""

    title: str
    headers: list[str]
    kinds: list[Kind]
    rows: list[list[Value]] = field(default_factory=list)
    cell_kinds: dict[tuple[int, int], Kind] = field(default_factory=dict)
    """Overrides of `kinds` for single cells (row index, column index), for label/value tables."""
    total: list[Value] | None = None
    """A closing row (totals), kept apart so readers can count data rows."""

    def kind(self, row: int, column: int) -> Kind:
        return self.cell_kinds.get((row, column), self.kinds[column])

    def text_rows(self, currency: str) -> list[list[str]]:
        """Every row (and the total) formatted as text."""
        out = [
            [format_value(v, self.kind(r, c), currency) for c, v in enumerate(row)]
            for r, row in enumerate(self.rows)
        ]
        if self.total is not None:
            out.append(
                ["" if v is None else format_value(v, self.kinds[c], currency)
                 for c, v in enumerate(self.total)]
            )  # fmt: skip
        return out


# --- views of the plan ------------------------------------------------------------------


def is_feasible(plan: dict[str, Any]) -> bool:
    """True when the dict carries a plan (line items, allocations, scores)."""
    return "line_items" in plan


def currency_of(plan: dict[str, Any]) -> str:
    return str(plan.get("currency", ""))


def horizon_of(plan: dict[str, Any], horizon_years: float | None) -> float:
    """The override, else the scenario's horizon, else one year."""
    if horizon_years is not None:
        return float(horizon_years)
    assumptions = plan.get("assumptions_and_sources", {}).get("cost_assumptions", {})
    return float(assumptions.get("horizon_years", 1.0))


def tokens_per_year(plan: dict[str, Any]) -> float:
    return float(sum(w["tokens_per_year"] for w in plan.get("workloads", [])))


def cost_per_mtok(plan: dict[str, Any]) -> float | None:
    """Annual cost over every workload's tokens, per million tokens."""
    tokens = tokens_per_year(plan)
    if not is_feasible(plan) or tokens <= 0:
        return None
    return float(plan["annual_cost"]) / (tokens / 1e6)


def provider_names(plan: dict[str, Any]) -> dict[str, str]:
    """Provider id → display name, from the line items."""
    return {i["provider"]: i["provider_name"] for i in plan.get("line_items", [])}


def status_line(plan: dict[str, Any]) -> str:
    status = str(plan.get("status", "unknown"))
    if is_feasible(plan):
        return status
    if plan.get("conflicts"):
        return f"{status}: no plan meets every requirement (see the conflicts)"
    return f"{status}: no plan was found"


def summary_table(plan: dict[str, Any], horizon_years: float) -> Table:
    """The headline figures as label/value rows."""
    currency = currency_of(plan)
    table = Table("Summary", ["Figure", "Value"], ["text", "text"])

    def add(label: str, value: Value, kind: Kind = "text") -> None:
        table.cell_kinds[(len(table.rows), 1)] = kind
        table.rows.append([label, value])

    add("Scenario", str(plan.get("scenario", "")))
    add("Status", status_line(plan))
    add("Currency", currency)
    if is_feasible(plan):
        scores = plan["scores"]
        add(f"Annual cost ({currency})", plan["annual_cost"], "money")
        add("Horizon (years)", horizon_years, "number")
        add(f"Total cost over the horizon ({currency})", plan["annual_cost"] * horizon_years,
            "money")  # fmt: skip
        add("Tokens per year", tokens_per_year(plan), "integer")
        add(f"Cost per million tokens ({currency})", cost_per_mtok(plan), "money")
        add("Independence (0–100, higher is better)", scores["independence"]["total"], "points")
        add("Lock-in (0–100, lower is better)", scores["lock_in"]["total"], "points")
        add("Provider concentration (HHI)", scores["provider_hhi"], "number")
        add("Effective number of providers", scores["effective_providers"], "number")
        if plan.get("gap") is not None:
            add("Optimality gap", plan["gap"], "percent")
    add("Options considered", plan.get("options_considered", 0), "integer")
    add("Catalog revision", plan.get("catalog_revision"), "integer")
    return table


def conflicts_table(plan: dict[str, Any]) -> Table:
    table = Table("Conflicts", ["Requirement", "Conflict", "Amount", "Scenario fields"],
                  ["text", "text", "number", "text"])  # fmt: skip
    for c in plan.get("conflicts", []):
        table.rows.append([c["family"], c["message"], c.get("amount"), ", ".join(c["fields"])])
    return table


LINE_ITEM_HEADERS = [
    "Vendor", "Item", "Quantity", "Unit", "Unit price", "Currency", "Annual cost",
    "Total over horizon", "Jurisdiction", "Term",
]  # fmt: skip
LINE_ITEM_KINDS: list[Kind] = [
    "text", "text", "number", "text", "money", "text", "money", "money", "text", "text",
]  # fmt: skip


def line_items_table(
    plan: dict[str, Any], horizon_years: float, title: str, items: Iterable[dict[str, Any]]
) -> Table:
    """The procurement lines with a total; unit price is the annual cost per unit."""
    currency = currency_of(plan)
    table = Table(title, list(LINE_ITEM_HEADERS), list(LINE_ITEM_KINDS))
    annual = 0.0
    for i in items:
        annual += i["annual_cost"]
        table.rows.append([
            i["provider_name"], i["item"], i["quantity"], i["unit"], i["unit_cost"], currency,
            i["annual_cost"], i["annual_cost"] * horizon_years, i["jurisdiction"],
            TERM_LABELS.get(i["term"], i["term"]),
        ])  # fmt: skip
    table.total = ["Total", None, None, None, None, currency, annual, annual * horizon_years,
                   None, None]  # fmt: skip
    return table


def all_line_items(plan: dict[str, Any], horizon_years: float) -> Table:
    return line_items_table(plan, horizon_years, "Line items", plan.get("line_items", []))


def cloud_commitments(plan: dict[str, Any], horizon_years: float) -> Table:
    items = [
        i
        for i in plan.get("line_items", [])
        if i["kind"] == "cloud" and i["term"] in COMMITTED_TERMS
    ]
    return line_items_table(plan, horizon_years, "Cloud commitments", items)


def api_contracts(plan: dict[str, Any], horizon_years: float) -> Table:
    items = [i for i in plan.get("line_items", []) if i["kind"] == "api"]
    return line_items_table(plan, horizon_years, "API contracts", items)


def allocation_table(plan: dict[str, Any]) -> Table:
    table = Table(
        "Allocation",
        ["Workload", "Model", "Venue", "Kind", "Precision", "Share", "Standby",
         "Tokens per second", "Tokens per year", "Accelerators"],
        ["text", "text", "text", "text", "text", "percent", "bool", "number", "integer",
         "number"],
    )  # fmt: skip
    for a in plan.get("allocations", []):
        table.rows.append([
            a["workload"], a["model"], a["venue"], KIND_LABELS.get(a["kind"], a["kind"]),
            a["precision"] or "", a["share"], a["standby"], a["tokens_per_second"],
            a["tokens_per_year"], a["accelerators"],
        ])  # fmt: skip
    return table


def workloads_table(plan: dict[str, Any]) -> Table:
    table = Table(
        "Workloads",
        ["Workload", "Kind", "Critical", "Demand (tokens/s)", "Covered (tokens/s)",
         "Tokens per year", "Annual cost", "Cost per million tokens"],
        ["text", "text", "bool", "number", "number", "integer", "money", "money"],
    )  # fmt: skip
    for w in plan.get("workloads", []):
        table.rows.append([
            w["id"], w["kind"], w["critical"], w["demand_tokens_per_second"],
            w["covered_tokens_per_second"], w["tokens_per_year"], w["annual_cost"],
            w["cost_per_mtok"],
        ])  # fmt: skip
    return table


def score_table(plan: dict[str, Any], which: str, title: str) -> Table:
    """One score's breakdown: the components' points against their maximum."""
    table = Table(
        title,
        ["Component", "Label", "Value", "Weight", "Points", "Maximum", "Explanation"],
        ["text", "text", "number", "percent", "points", "points", "text"],
    )
    score = plan.get("scores", {}).get(which)
    if score is None:
        return table
    for c in score["breakdown"]:
        table.rows.append([c["key"], c["label"], c["value"], c["weight"], c["points"],
                           c["weight"] * POINTS_SCALE, c["explanation"]])  # fmt: skip
    table.total = ["Total", None, None, None, score["total"], POINTS_SCALE, None]
    return table


def category_costs(plan: dict[str, Any]) -> list[tuple[str, float]]:
    """Non-zero annual cost per category, labelled, largest first."""
    found = plan.get("cost_breakdown", {}).get("by_category", {})
    pairs = [(CATEGORY_LABELS.get(k, k), float(v)) for k, v in found.items() if v]
    return sorted(pairs, key=lambda p: -p[1])


def provider_costs(plan: dict[str, Any]) -> list[tuple[str, float]]:
    """Annual cost per provider by display name, largest first (zero-cost standby included)."""
    names = provider_names(plan)
    found = plan.get("cost_breakdown", {}).get("by_provider", {})
    pairs = [(names.get(k, k), float(v)) for k, v in found.items()]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def cost_table(title: str, label: str, pairs: Sequence[tuple[str, float]]) -> Table:
    total = sum(v for _, v in pairs)
    table = Table(title, [label, "Annual cost", "Share"], ["text", "money", "percent"])
    for name, value in pairs:
        table.rows.append([name, value, value / total if total else 0.0])
    table.total = ["Total", total, 1.0 if total else 0.0]
    return table


def cost_assumptions_table(plan: dict[str, Any]) -> Table:
    table = Table("Cost assumptions", ["Assumption", "Value"], ["text", "number"])
    found = plan.get("assumptions_and_sources", {}).get("cost_assumptions", {})
    for r, (key, value) in enumerate(found.items()):
        if isinstance(value, str):
            table.cell_kinds[(r, 1)] = "text"
        table.rows.append([key.replace("_", " "), value])
    return table


def fx_table(plan: dict[str, Any]) -> Table:
    table = Table("Exchange rates", ["Currency", "USD per unit"], ["text", "number"])
    found = plan.get("assumptions_and_sources", {}).get("fx_usd_per_unit", {})
    table.rows.extend([code, rate] for code, rate in found.items())
    return table


def sources_table(plan: dict[str, Any]) -> Table:
    table = Table(
        "Catalog figures and sources",
        ["Subject", "Figure", "Value", "Source", "Citation", "As of", "Source id"],
        ["text"] * 7,
    )
    for f in plan.get("assumptions_and_sources", {}).get("catalog_figures", []):
        table.rows.append([f["subject"], f["figure"], f["value"], f["source_title"],
                           f["citation"], f["as_of"], f["source_id"]])  # fmt: skip
    return table


def score_bars(plan: dict[str, Any], which: str) -> list[tuple[str, float, float]]:
    """(label, points, maximum) per component of one score, for the charts."""
    score = plan.get("scores", {}).get(which)
    if score is None:
        return []
    return [(c["label"], c["points"], c["weight"] * POINTS_SCALE) for c in score["breakdown"]]
