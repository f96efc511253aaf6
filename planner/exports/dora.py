"""A draft DORA register of information: one row per ICT third-party provider the plan uses.

DORA (Regulation (EU) 2022/2554, art. 28(3)) has financial entities keep a register of
information on their ICT third-party arrangements; the EBA/ESAs implementing technical
standards give its templates. This draft fills what the plan knows, per provider: legal
entity or group, country, ICT service type ("IaaS GPU" for cloud compute, "AI model API"),
the plan's line items with it, the workloads it supports (standby included), whether any of
them is critical, a substitutability class, the providers found eligible for the same
workloads, and the annual spend. Owned servers are not a third party and are left out.

The substitutability classes are those of template B_07.01 ("Not substitutable", "Highly
complex substitutability", "Medium complexity", "Easily substitutable"). Assigning them
from the plan is our judgement, not the regulator's: we count the OTHER providers (an own
site included: reintegration counts as a way out) with an eligible option for each
workload the provider supports, take the smallest count over those workloads, and map
0 → not substitutable, 1 → highly complex, 2 → medium complexity, 3 or more → easily
substitutable. Eligibility is technical and policy fit in the catalog, not a tested exit
plan: the register is a draft for the entity's own assessment.

The concentration fields come from the plan's dependency map: the provider's ultimate parent,
the shares of capacity (and of critical capacity) that parent alone could stop, the laws that
reach its service and where it sets the plan's weakest link.

Given a stress report, each provider's exit strategy comes from its group's stress-tested
sudden exit (planner/exports/stress_tables.py); without one the cells say how to get it.

Written as `.dora.xlsx` (sheets "Register of information", "Concentration" with every actor
of the dependency map, and "About this draft") or `.dora.csv` (the register only); text cells
go through the shared formula-injection guard.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from planner.analysis.report import StressReport
from planner.exports.common import (
    Value,
    conflicts_text,
    csv_text,
    currency_of,
    set_xlsx_cell,
    status_line,
    term_label,
)
from planner.exports.stress_tables import EXIT_COLUMNS, exit_values
from planner.results.plan_document import Layer, LineItem, PlanDocument, VenueKind

SERVICE_TYPES = {VenueKind.CLOUD: "IaaS GPU", VenueKind.API: "AI model API"}
SUBSTITUTABILITY = (
    "Not substitutable",
    "Highly complex substitutability",
    "Medium complexity",
    "Easily substitutable",
)
LEGAL_FIGURE = "legal group, jurisdiction, egress"

COLUMNS = [
    "Provider", "Provider id", "Legal entity or group", "Country", "ICT service type",
    "Line items", "Workloads supported", "Supports a critical function", "Critical workloads",
    "Substitutability", "Fewest eligible alternatives", "Alternative providers found eligible",
    "Reintegration possible", "Annual spend", "Currency",
    "Ultimate parent", "Parent jurisdiction", "Share of capacity it alone could stop",
    "Share of critical capacity it alone could stop", "Largest share of one critical workload",
    "Laws that reach its service", "Sets the plan's weakest link on", *EXIT_COLUMNS, "Notes",
]  # fmt: skip
SHARE_PREFIXES = ("Share of", "Largest share of")
"""Headers of the columns that hold shares (0–1), shown as percentages in the workbook."""
CONCENTRATION_SHEET = "Concentration"
CONCENTRATION_COLUMNS = [
    "Actor", "Kind", "Country", "Share of capacity it alone could stop",
    "Share of critical capacity it alone could stop",
]  # fmt: skip


def substitutability(alternatives: int) -> str:
    """Our mapping from the number of other eligible providers to the B_07.01 class."""
    return SUBSTITUTABILITY[min(max(alternatives, 0), len(SUBSTITUTABILITY) - 1)]


@dataclass(frozen=True, slots=True)
class Concentration:
    """The register's concentration fields for one provider, from the plan's dependency map
    (planner/evaluation/dependencies.py): the provider's ultimate parent, the shares of
    capacity that parent alone could stop, the states whose law reaches its service, and the
    objectives on which one of its venues is the plan's weakest link."""

    parent: str = ""
    parent_country: str = ""
    plan_share: float | None = None
    critical_share: float | None = None
    largest_critical_share: float | None = None
    laws: tuple[str, ...] = ()
    weakest_link: tuple[str, ...] = ()

    def values(self) -> list[Value]:
        return [
            self.parent, self.parent_country, self.plan_share, self.critical_share,
            self.largest_critical_share, "; ".join(self.laws), "; ".join(self.weakest_link),
        ]  # fmt: skip


def concentration(plan: PlanDocument, venues: set[str]) -> Concentration:
    """The concentration fields of the provider that runs `venues` (venue keys)."""
    result = plan.result
    m = result.dependencies if result is not None else None
    if result is None or m is None:
        return Concentration()
    chains = [c for c in m.chains if c.venue_key in venues]
    operator = next((k.actor_id for c in chains for k in c.links if k.layer is Layer.COMPUTE),
                    None)  # fmt: skip
    if operator is None:
        return Concentration()
    parent, total = m.actor(operator), m.total(operator)
    critical = [e.share for e in m.exposures if e.actor_id == operator and e.critical]
    laws = {
        f"{m.actor(k.actor_id).country}: {k.how}"
        for c in chains for k in c.links if k.layer is Layer.LAW
    }  # fmt: skip
    weakest = [f"{k.objective} (SEAL {k.level})" for k in result.scores.weakest_link
               if k.venue_key in venues]  # fmt: skip
    return Concentration(
        parent=parent.name,
        parent_country=parent.country,
        plan_share=total.plan_share,
        critical_share=total.critical_share,
        largest_critical_share=max(critical, default=None),
        laws=tuple(sorted(laws)),
        weakest_link=tuple(weakest),
    )


def concentration_rows(plan: PlanDocument) -> list[list[Value]]:
    """Every actor of the dependency map with its shares: companies, governments through their
    law, hardware vendors through supply (DORA art. 29, ICT concentration risk)."""
    m = plan.result.dependencies if plan.result is not None else None
    if m is None:
        return []
    return [
        [a.name, a.kind.value, a.country, m.total(a.id).plan_share, m.total(a.id).critical_share]
        for a in m.actors
    ]


@dataclass(frozen=True, slots=True)
class RegisterRow:
    provider_name: str
    provider_id: str
    legal_entity: str
    countries: tuple[str, ...]
    service_types: tuple[str, ...]
    line_items: tuple[str, ...]
    workloads: tuple[str, ...]
    critical_workloads: tuple[str, ...]
    fewest_alternatives: int
    alternatives: tuple[str, ...]
    reintegration: bool
    annual_spend: float
    concentration: Concentration

    @property
    def critical(self) -> bool:
        return bool(self.critical_workloads)

    def values(self, currency: str) -> list[Value]:
        return [
            self.provider_name, self.provider_id, self.legal_entity, ", ".join(self.countries),
            "; ".join(self.service_types), "; ".join(self.line_items), ", ".join(self.workloads),
            "Yes" if self.critical else "No", ", ".join(self.critical_workloads),
            substitutability(self.fewest_alternatives), self.fewest_alternatives,
            ", ".join(self.alternatives), "Yes" if self.reintegration else "No",
            self.annual_spend, currency, *self.concentration.values(), "",
        ]  # fmt: skip


def _legal_entities(plan: PlanDocument) -> dict[str, str]:
    found: dict[str, str] = {}
    figures = plan.result.sources.catalog_figures if plan.result is not None else ()
    for f in figures:
        if f.figure == LEGAL_FIGURE:
            found[f.subject] = f.value.split(";")[0].strip()
    return found


def register_rows(plan: PlanDocument) -> list[RegisterRow]:
    """One row per third-party provider in the plan, largest annual spend first."""
    result = plan.result
    if result is None:
        return []
    legal = _legal_entities(plan)
    critical = {w.workload_id for w in result.workloads if w.critical}
    by_provider: dict[str, list[LineItem]] = {}
    for item in result.line_items:
        if item.kind is not VenueKind.OWNED:
            by_provider.setdefault(item.provider, []).append(item)
    rows: list[RegisterRow] = []
    for provider_id, items in by_provider.items():
        name = items[0].provider_name
        venues = {i.venue_key for i in items}
        supported: dict[str, bool] = {}  # workload → standby only
        for a in result.allocations:
            if a.venue_key in venues:
                supported[a.workload_id] = supported.get(a.workload_id, True) and a.standby
        others = {w: [p for p in plan.alternatives_for(w) if p != name] for w in supported}
        alternatives = sorted({p for names in others.values() for p in names})
        rows.append(
            RegisterRow(
                provider_name=name,
                provider_id=provider_id,
                legal_entity=legal.get(name, name),
                countries=tuple(sorted({i.jurisdiction for i in items})),
                service_types=tuple(sorted({SERVICE_TYPES[i.kind] for i in items})),
                line_items=tuple(f"{i.item} ({term_label(i.term)})" for i in items),
                workloads=tuple(
                    f"{w} (standby)" if standby else w for w, standby in supported.items()
                ),
                critical_workloads=tuple(w for w in supported if w in critical),
                fewest_alternatives=min((len(n) for n in others.values()), default=0),
                alternatives=tuple(alternatives),
                reintegration=any(p.startswith("own servers at ") for p in alternatives),
                annual_spend=sum(i.annual_cost for i in items),
                concentration=concentration(plan, venues),
            )
        )
    return sorted(rows, key=lambda r: (-r.annual_spend, r.provider_name))


def _table(plan: PlanDocument, stress: StressReport | None) -> list[list[Value]]:
    currency = currency_of(plan)
    rows = []
    for r in register_rows(plan):
        values = r.values(currency)
        values[-1:-1] = exit_values(stress, r.provider_id)  # before the notes
        rows.append(values)
    if plan.result is None:
        conflicts = conflicts_text(plan)
        note = status_line(plan) + (f". Conflicts: {conflicts}" if conflicts else "")
        rows.append(["(no plan)", *[None] * (len(COLUMNS) - 2), note])
    return rows


def _about(plan: PlanDocument) -> list[tuple[str, str]]:
    lines = [
        ("Scenario", plan.header.scenario_name),
        ("Plan status", status_line(plan)),
        ("Catalog revision", str(plan.header.catalog_revision)),
        ("What this is", "A draft of the DORA register of information (art. 28(3)) for the "
         "ICT third-party providers in this plan; owned servers are excluded."),
        ("Substitutability", "Classes of EBA/DORA RoI template B_07.01. The mapping is our "
         "judgement: fewest other eligible providers for any supported workload "
         "(own sites count) 0 → Not substitutable, 1 → Highly complex substitutability, "
         "2 → Medium complexity, 3 or more → Easily substitutable."),
        ("Exit strategy", "Per provider, the recovery from its whole legal group leaving "
         "overnight with commitments lost (the stress test's provider-exit shock): what the "
         "organisation would add, the change in annual cost, the one-off cost of moving "
         "(egress, re-platforming), the weeks until the new capacity serves and how long a "
         "critical workload would go short (docs/stress.md). A starting point for the "
         "entity's exit plan (art. 28(8)), not a tested one."),
        ("Concentration", "From the plan's dependency map (who can switch you off): the "
         "provider's ultimate parent and the share of the plan's capacity, and of its critical "
         "capacity, that this parent alone could stop (each workload weighted by its tokens a "
         "year); the largest share of any one critical workload; the states whose law reaches "
         "its service (over its parent, where it runs, over a closed model's developer, export "
         "controls on its accelerators); and the objectives on which one of its venues is the "
         "plan's weakest link. The sheet Concentration lists every actor, governments and "
         "hardware vendors included (DORA art. 29, ICT concentration risk)."),
    ]  # fmt: skip
    lines.extend(("Conflict", f"{c.family}: {c.message}") for c in plan.conflicts)
    return lines


def plan_to_dora_csv(plan: PlanDocument, stress: StressReport | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in _table(plan, stress):
        writer.writerow([csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _write_sheet(ws: Any, headers: list[str], rows: list[list[Value]]) -> None:
    """A header row and data rows; shares as percentages, amounts with two decimals."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c)
        set_xlsx_cell(cell, header)
        cell.font, cell.fill = bold, fill
    widths = [len(h) + 2 for h in headers]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            set_xlsx_cell(cell, value)
            if isinstance(value, float):
                share = headers[c - 1].startswith(SHARE_PREFIXES)
                cell.number_format = "0.0%" if share else "#,##0.00"
            widths[c - 1] = max(widths[c - 1], min(len(str(value or "")) + 2, 50))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "B2"


def plan_to_dora_xlsx(plan: PlanDocument, stress: StressReport | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Register of information"
    _write_sheet(ws, COLUMNS, _table(plan, stress))
    _write_sheet(wb.create_sheet(CONCENTRATION_SHEET), CONCENTRATION_COLUMNS,
                 concentration_rows(plan))  # fmt: skip
    about = wb.create_sheet("About this draft")
    for r, (label, text) in enumerate(_about(plan), start=1):
        set_xlsx_cell(about.cell(row=r, column=1), label)
        about.cell(row=r, column=1).font = Font(bold=True)
        set_xlsx_cell(about.cell(row=r, column=2), text)
        about.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
