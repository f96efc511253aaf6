"""Exports of a plan document (planner/results/plan_document.py) for procurement.

`export_plan` picks the format by the file name: `.xlsx` procurement workbook, `.pdf`
board report, `.csv` FinOps FOCUS line items, `.json` the plan's JSON, `.md` Markdown
report, and `.dora.xlsx` / `.dora.csv` a draft DORA register of information. Every file is
built in memory and written atomically; an outcome without a plan still gives a file that
states the status and the conflicts.

The writers are imported when a file is written, not with the package: openpyxl and
reportlab take longer to import than the CLI takes to plan (docs/performance.md).
"""

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.atomic import atomic_write_bytes
from planner.analysis.report import StressReport
from planner.errors import PlannerError
from planner.exports.common import horizon_of
from planner.results.plan_document import PlanDocument

if TYPE_CHECKING:  # the front's modules load the solver: only when a front is exported
    from planner.exports.control_cost import ControlCost
    from planner.exports.roadmap_tables import RoadmapReport

EXPORT_FORMATS: tuple[tuple[str, str], ...] = (
    (".xlsx", "Procurement plan (Excel)"),
    (".pdf", "Board report (PDF)"),
    (".csv", "FinOps FOCUS line items (CSV)"),
    (".json", "Plan (JSON)"),
    (".md", "Report (Markdown)"),
    (".dora.xlsx", "DORA register of information draft (Excel)"),
    (".dora.csv", "DORA register of information draft (CSV)"),
)
"""(suffix, description) per format, for file dialogs and help texts."""


def export_format(path: Path) -> str:
    """The suffix of EXPORT_FORMATS that `path` names (the longest match), or PlannerError."""
    name = Path(path).name.lower()
    for suffix, _ in sorted(EXPORT_FORMATS, key=lambda f: -len(f[0])):
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    given = "".join(Path(path).suffixes) or "no extension"
    choices = ", ".join(suffix for suffix, _ in EXPORT_FORMATS)
    raise PlannerError(f"{path}: cannot export to {given}; choose one of {choices}")


def render_plan(
    plan: PlanDocument,
    suffix: str,
    *,
    horizon_years: float | None = None,
    stress: StressReport | None = None,
    control: "ControlCost | None" = None,
    roadmap: "RoadmapReport | None" = None,
    title: str | None = None,
) -> bytes:
    """The file's bytes for one suffix of EXPORT_FORMATS; a stress report of the plan adds
    its section to the PDF and XLSX and the exit strategies to the DORA register; a front
    (what control costs) a page to the PDF and a sheet to the XLSX; the scenario's roadmap
    (planner/exports/roadmap_tables.py) its pages to the PDF, its Roadmap and Procurement
    calendar sheets to the XLSX and its tables to the Markdown. `title` names the plan
    in the reports' titles (a saved scenario's name), by default the scenario's name; the
    data formats (JSON, CSV, DORA) keep the scenario's own name."""
    horizon = horizon_of(plan, horizon_years)
    report = (
        plan if title is None else replace(plan, header=replace(plan.header, scenario_name=title))
    )
    match suffix:
        case ".dora.xlsx":
            from planner.exports.dora import plan_to_dora_xlsx

            return plan_to_dora_xlsx(plan, stress)
        case ".dora.csv":
            from planner.exports.dora import plan_to_dora_csv

            return plan_to_dora_csv(plan, stress)
        case ".xlsx":
            from planner.exports.xlsx import plan_to_xlsx

            return plan_to_xlsx(report, horizon, stress, control, roadmap)
        case ".pdf":
            from planner.exports.pdf import plan_to_pdf

            return plan_to_pdf(report, horizon, stress, control, roadmap)
        case ".csv":
            from planner.exports.focus_csv import plan_to_focus_csv

            return plan_to_focus_csv(plan)
        case ".json":
            from planner.exports.json_plan import plan_to_json

            return plan_to_json(plan)
        case ".md":
            from planner.exports.markdown import plan_to_markdown

            return plan_to_markdown(report, horizon, roadmap).encode("utf-8")
    raise PlannerError(f"unknown export format {suffix}")


ROADMAP_EXPORT_FORMATS: tuple[tuple[str, str], ...] = (
    (".xlsx", "Roadmap, procurement calendar and workloads by year (Excel)"),
    (".pdf", "Roadmap pages of the board report (PDF)"),
)
"""(suffix, description) of the files a roadmap alone is written to."""


def roadmap_export_format(path: Path) -> str:
    """The suffix of ROADMAP_EXPORT_FORMATS `path` names, or PlannerError naming them."""
    suffix = Path(path).suffix.lower()
    if suffix not in dict(ROADMAP_EXPORT_FORMATS):
        choices = " or ".join(s for s, _ in ROADMAP_EXPORT_FORMATS)
        raise PlannerError(f"{path}: a roadmap is exported to {choices} only")
    return suffix


def render_roadmap(report: "RoadmapReport", suffix: str) -> bytes:
    """The roadmap alone as a file of ROADMAP_EXPORT_FORMATS."""
    if suffix == ".pdf":
        from planner.exports.pdf import roadmap_to_pdf

        return roadmap_to_pdf(report)
    from planner.exports.roadmap_xlsx import roadmap_to_xlsx

    return roadmap_to_xlsx(report)


def export_plan(
    plan: PlanDocument,
    path: Path,
    *,
    horizon_years: float | None = None,
    stress: StressReport | None = None,
    control: "ControlCost | None" = None,
    roadmap: "RoadmapReport | None" = None,
    title: str | None = None,
) -> Path:
    """Write `plan` to `path` in the format its extension names; returns `path`.

    `horizon_years` overrides the scenario's horizon for the "total over horizon" figures;
    `stress`, the plan's stress report, adds its section where the format has one;
    `control`, a front of the plan's scenario, the What control costs page or sheet;
    `roadmap`, the scenario's build-out roadmap (`roadmap_report`), its pages or sheets;
    `title`, the name the plan was saved under, the reports' title.
    """
    path = Path(path)
    data = render_plan(
        plan,
        export_format(path),
        horizon_years=horizon_years,
        stress=stress,
        control=control,
        roadmap=roadmap,
        title=title,
    )
    atomic_write_bytes(path, data)
    return path


__all__ = [
    "EXPORT_FORMATS",
    "ROADMAP_EXPORT_FORMATS",
    "export_format",
    "export_plan",
    "render_plan",
    "render_roadmap",
    "roadmap_export_format",
]
