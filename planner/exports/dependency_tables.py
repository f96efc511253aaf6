"""Who can switch the plan off, as report tables: the actors × workloads exposure matrix and
every workload's chain, from the dependency map the plan document carries.

The XLSX writes them on the sheet "Who can switch you off", the PDF and Markdown reports in
the section of that name. A plan stored before it carried a map gives empty tables.
"""

from planner.exports.common import Kind, Table
from planner.results.plan_document import DependencyMap, PlanDocument, VenueKind

SECTION_TITLE = "Who can switch you off"
MATRIX_TITLE = "Share of each workload's capacity each actor alone could stop"
CHAINS_TITLE = "Each workload's chain: model, compute, hardware and the law over each"
CRITICAL_MARK = " (critical)"
PERCENT: Kind = "percent"
BASE_KINDS: tuple[Kind, ...] = ("text", "text", "text", PERCENT, PERCENT)


def dependencies_of(plan: PlanDocument) -> DependencyMap | None:
    return plan.result.dependencies if plan.result is not None else None


def _critical(plan: PlanDocument) -> set[str]:
    workloads = plan.result.workloads if plan.result is not None else ()
    return {w.workload_id for w in workloads if w.critical}


def workload_header(workload_id: str, critical: set[str]) -> str:
    return workload_id + (CRITICAL_MARK if workload_id in critical else "")


def exposure_matrix(plan: PlanDocument) -> Table:
    """One row per actor: its shares of the plan, of critical capacity and of each workload
    (blank where it is on none of the workload's chains)."""
    m, critical = dependencies_of(plan), _critical(plan)
    workloads = m.workload_ids() if m is not None else ()
    table = Table(
        MATRIX_TITLE,
        ["Actor", "Kind", "Country", "Share of plan", "Share of critical",
         *(workload_header(w, critical) for w in workloads)],
        [*BASE_KINDS, *(PERCENT for _ in workloads)],
    )  # fmt: skip
    if m is None:
        return table
    for a in m.actors:
        total = m.total(a.id)
        found = [m.exposure(a.id, w) for w in workloads]
        table.rows.append([
            a.name, a.kind.value, a.country, total.plan_share, total.critical_share,
            *(e.share if e else None for e in found),
        ])  # fmt: skip
    return table


def chains_table(plan: PlanDocument) -> Table:
    """One row per workload and venue: the four layers and every actor that could stop it."""
    m = dependencies_of(plan)
    table = Table(
        CHAINS_TITLE,
        ["Workload", "Venue", "Share", "Model weights", "Serving compute", "Hardware",
         "Who can stop it"],
        ["text", "text", "percent", "text", "text", "text", "text"],
    )  # fmt: skip
    if m is None or plan.result is None:
        return table
    venue_label = plan.result.venue_label
    critical = _critical(plan)
    for c in m.chains:
        keeps = "runs without its developer" if c.runs_without_developer else "stops with it"
        compute = (
            f"the organisation itself, in {c.location}"
            if c.venue_kind is VenueKind.OWNED
            else f"{c.operator}, parent {c.ultimate_parent} ({c.parent_country}), in {c.location}"
        )
        hardware = (
            f"{c.accelerator} ({c.accelerator_vendor}, {c.vendor_country}; {c.export_control})"
            if c.vendor_country
            else "not disclosed"
        )
        stoppers = "; ".join(f"{m.actor(k.actor_id).name}: {k.how}" for k in c.links)
        table.rows.append([
            workload_header(c.workload_id, critical), venue_label(c.venue_key, c.venue_name),
            c.share,
            f"{c.model_id} by {c.developer} ({c.developer_country}), {c.licence}; {keeps}",
            compute, hardware, stoppers,
        ])  # fmt: skip
    return table
