"""The board report as Markdown: the PDF's content in GitHub-flavoured tables.

Sections: headline figures, conflicts (when there are any), line items, allocation,
workloads, cost by category and by provider, the independence and lock-in breakdowns,
and an appendix with cost assumptions, exchange rates and every catalog figure with its
source. Cells have pipes escaped and line breaks flattened so a table never breaks.
"""

from planner.exports.common import (
    Table,
    currency_of,
    money,
)
from planner.exports.tables import (
    all_line_items,
    allocation_table,
    category_costs,
    conflicts_table,
    cost_assumptions_table,
    cost_table,
    fx_table,
    provider_costs,
    score_table,
    sources_table,
    summary_table,
    workloads_table,
)
from planner.results.plan_document import PlanDocument


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def markdown_table(table: Table, currency: str) -> str:
    """A table as Markdown lines; number columns are right-aligned, the total row is bold."""
    align = ["---" if k == "text" else "---:" for k in table.kinds]
    lines = [
        "| " + " | ".join(_cell(h) for h in table.headers) + " |",
        "| " + " | ".join(align) + " |",
    ]
    texts = table.text_rows(currency)
    for r, row in enumerate(texts):
        cells = [_cell(c) for c in row]
        if table.total is not None and r == len(texts) - 1:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    if not table.rows:
        lines.append("| " + " | ".join(["—"] + [""] * (len(table.headers) - 1)) + " |")
    return "\n".join(lines)


def plan_to_markdown(plan: PlanDocument, horizon_years: float) -> str:
    currency = currency_of(plan)
    scenario = plan.header.scenario_name
    result = plan.result
    out: list[str] = [f"# Procurement plan: {_cell(scenario)}", ""]

    def section(title: str, table: Table, note: str = "") -> None:
        out.extend([f"## {title}", ""])
        if note:
            out.extend([note, ""])
        out.extend([markdown_table(table, currency), ""])

    if result is not None:
        out.extend([
            f"Annual cost **{money(result.annual_cost, currency)}**, independence "
            f"**{result.scores.independence.total:.1f}** of 100, lock-in "
            f"**{result.scores.lock_in.total:.1f}** of 100.",
            "",
        ])  # fmt: skip
    else:
        out.extend([f"**No plan.** Status: {_cell(plan.header.status_text)}.", ""])
    section("Headline figures", summary_table(plan, horizon_years))
    if plan.conflicts or result is None:
        section("Conflicts", conflicts_table(plan),
                "The requirements that cannot all hold, and by how much.")  # fmt: skip
    if result is None:
        return "\n".join(out)
    section("Line items", all_line_items(plan, horizon_years),
            f"Unit price and annual cost in {currency} a year; the total over the horizon "
            f"is the annual cost times {horizon_years:g} years.")  # fmt: skip
    section("Allocation", allocation_table(plan))
    section("Workloads", workloads_table(plan))
    section("Cost by category", cost_table("Cost by category", "Category", category_costs(plan)))
    section("Cost by provider", cost_table("Cost by provider", "Provider", provider_costs(plan)))
    section("Independence by objective", score_table(plan, "independence", "Independence"),
            "Points against each objective's maximum; higher is better.")  # fmt: skip
    section("Lock-in by component", score_table(plan, "lock_in", "Lock-in"),
            "Points against each component's maximum; lower is better.")  # fmt: skip
    out.extend(["## Appendix: assumptions and sources", ""])
    for table in (cost_assumptions_table(plan), fx_table(plan), sources_table(plan)):
        out.extend([f"### {table.title}", "", markdown_table(table, currency), ""])
    return "\n".join(out)
