"""The board report as Markdown: the PDF's content in GitHub-flavoured tables.

Sections: headline figures, stale figures (market figures more than a year old, when there
are any), conflicts (when there are any), line items, allocation, serving (how each
self-hosted allocation is served, when there are any), workloads, cost by
category and by provider, the independence and lock-in breakdowns, the build-out roadmap
(when it is given: its years and procurement calendar), and an appendix with
cost assumptions, exchange rates and every catalog figure with its source. Every piece of
text from the plan is escaped (`_cell`): a table never breaks, and a scenario name or a
catalog entry never becomes HTML or a link (docs/reliability.md, "Exports").
"""

import html
import re

from planner.exports.common import (
    Table,
    currency_of,
    money,
)
from planner.exports.dependency_tables import (
    CHAINS_TITLE,
    SECTION_TITLE,
    chains_table,
    exposure_matrix,
)
from planner.exports.roadmap_tables import (
    CALENDAR_NOTE,
    CALENDAR_TITLE,
    ROADMAP_TITLE,
    YEARS_HEADING,
    YEARS_NOTE,
    RoadmapReport,
)
from planner.exports.serving_table import SERVING_NOTE, serving_table
from planner.exports.tables import (
    ALLOCATION_NOTE,
    LINE_ITEMS_NOTE,
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
    stale_figures_table,
    summary_table,
    weakest_link_table,
    workload_links_table,
    workloads_table,
)
from planner.results.plan_document import PlanDocument
from planner.results.stale_figures import stale_figures_note

LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
"""Everything a Markdown reader may take for the end of a line: flattened to a space."""
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~!])")
"""Backslash-escaped: the marks of links (`[…](…)`, `![…]`), code, emphasis, strike-through
and table cells, so user text is shown as written and never becomes markup."""
URI_SCHEME = re.compile(r"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]*):(?=\S)")
"""`scheme:` followed by more: what a renderer that links bare URIs may turn into a link."""
LINKABLE_SCHEMES = frozenset({"http", "https"})
WORD_JOINER = "\u2060"
"""Invisible, and no scheme can hold it: put before the colon, it leaves `javascript:…` no
longer a URI for any renderer, while the text reads the same."""


def _refuse_scheme(match: re.Match[str]) -> str:
    scheme = match.group(1)
    return match.group(0) if scheme.lower() in LINKABLE_SCHEMES else scheme + WORD_JOINER + ":"


def _cell(text: str) -> str:
    """Text from the plan (user text: scenario names, workload ids, catalog names) as
    Markdown that shows it as written: on one line, HTML escaped, Markdown's marks escaped,
    and URI schemes other than http(s) broken so no renderer makes a link of them."""
    text = html.escape(LINE_BREAKS.sub(" ", text), quote=False)
    return URI_SCHEME.sub(_refuse_scheme, MARKDOWN_PUNCTUATION.sub(r"\\\1", text))


def _seal(level: int | None) -> str:
    return "—" if level is None else str(level)


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


def plan_to_markdown(
    plan: PlanDocument, horizon_years: float, roadmap: RoadmapReport | None = None
) -> str:
    currency = currency_of(plan)
    scenario = plan.header.scenario_name
    result = plan.result
    out: list[str] = [f"# Procurement plan: {_cell(scenario)}", ""]

    def section(title: str, table: Table, note: str = "") -> None:
        out.extend([f"## {title}", ""])
        if note:  # catalog text may be quoted in it (the oldest figure's subject)
            out.extend([_cell(note), ""])
        out.extend([markdown_table(table, currency), ""])

    if result is not None:
        out.extend([
            f"Annual cost **{money(result.annual_cost, currency)}**, independence "
            f"**{result.scores.independence.total:.1f}** of 100 (weakest link SEAL "
            f"**{_seal(result.scores.weakest_seal)}**), lock-in "
            f"**{result.scores.lock_in.total:.1f}** of 100.",
            "",
        ])  # fmt: skip
    else:
        out.extend([f"**No plan.** Status: {_cell(plan.header.status_text)}.", ""])
    section("Headline figures", summary_table(plan, horizon_years))
    note = stale_figures_note(result.sources) if result is not None else None
    if note is not None:
        section("Stale figures", stale_figures_table(plan), note)
    if plan.conflicts or result is None:
        section("Conflicts", conflicts_table(plan),
                "The requirements that cannot all hold, and by how much.")  # fmt: skip
    if result is None:
        return "\n".join(out)
    section("Line items", all_line_items(plan, horizon_years),
            f"Amounts in {currency}; the total over the horizon is the annual cost times "
            f"{horizon_years:g} years. {LINE_ITEMS_NOTE}")  # fmt: skip
    section("Allocation", allocation_table(plan), ALLOCATION_NOTE)
    serving = serving_table(plan)
    if serving.rows:
        section("Serving", serving, SERVING_NOTE)
    section("Workloads", workloads_table(plan))
    section("Cost by category", cost_table("Cost by category", "Category", category_costs(plan)))
    section("Cost by provider", cost_table("Cost by provider", "Provider", provider_costs(plan)))
    section("Independence by objective", score_table(plan, "independence", "Independence"),
            "Points against each objective's maximum; higher is better.")  # fmt: skip
    section("Independence: average and weakest link", weakest_link_table(plan),
            "The framework holds a service to its weakest link: per objective, the lowest SEAL "
            "of any venue (standby included) beside the spend-weighted average.")  # fmt: skip
    section("Weakest link per workload", workload_links_table(plan))
    section(SECTION_TITLE, exposure_matrix(plan),
            "Each actor alone could stop this share of each workload's capacity: a company "
            "directly, a government through its law, a hardware vendor through "
            "supply.")  # fmt: skip
    section(CHAINS_TITLE, chains_table(plan))
    section("Lock-in by component", score_table(plan, "lock_in", "Lock-in"),
            "Points against each component's maximum; lower is better.")  # fmt: skip
    if roadmap is not None:
        out.extend([f"## {ROADMAP_TITLE}", "", _cell(roadmap.headline), ""])
        if roadmap.owed_note:
            out.extend([_cell(roadmap.owed_note), ""])
        section(YEARS_HEADING, roadmap.years, YEARS_NOTE)
        section(CALENDAR_TITLE, roadmap.calendar, f"{roadmap.start_note} {CALENDAR_NOTE}")
    out.extend(["## Appendix: assumptions and sources", ""])
    for table in (cost_assumptions_table(plan), fx_table(plan), sources_table(plan)):
        out.extend([f"### {table.title}", "", markdown_table(table, currency), ""])
    return "\n".join(out)
