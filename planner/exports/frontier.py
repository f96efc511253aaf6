"""A front written to a file (`sovplan frontier --export FILE`): `.json` — the front with every
point's full plan (planner/results/frontier_json.py); `.csv` — one row per point, for a
spreadsheet or a chart of one's own; `.pdf` / `.xlsx` — the board report and the workbook of
the cheapest plan, with the What control costs page (sheet)."""

import csv
import io
import json
from pathlib import Path

from catalog.atomic import atomic_write_bytes
from catalog.domain import Catalog
from planner.analysis.frontier import Frontier
from planner.analysis.frontier_text import main_suppliers
from planner.errors import PlannerError
from planner.exports import export_plan
from planner.exports.control_cost import control_cost
from planner.results.frontier_json import encode_frontier, point_document

FRONTIER_FORMATS: tuple[tuple[str, str], ...] = (
    (".json", "The front with every point's plan (JSON)"),
    (".csv", "The front's points (CSV)"),
    (".pdf", "Board report of the cheapest plan, with What control costs (PDF)"),
    (".xlsx", "Workbook of the cheapest plan, with What control costs (Excel)"),
)
"""(suffix, description) of the files a front is written to."""
CSV_COLUMNS = (
    "point",
    "min_independence",
    "max_lock_in",
    "annual_cost",
    "currency",
    "independence",
    "lock_in",
    "marginal_cost_per_point",
    "knee",
    "status",
    "gap",
    "proven_over",
    "main_suppliers",
)


def frontier_format(path: Path) -> str:
    """The suffix of FRONTIER_FORMATS `path` names, or PlannerError naming the choices."""
    suffix = Path(path).suffix.lower()
    if suffix in dict(FRONTIER_FORMATS):
        return suffix
    choices = ", ".join(s for s, _ in FRONTIER_FORMATS)
    raise PlannerError(f"{path}: cannot export a front to {suffix or 'no extension'}; "
                       f"choose one of {choices}")  # fmt: skip


def _blank(value: float | None) -> str:
    return "" if value is None else repr(value)


def frontier_csv(front: Frontier, catalog: Catalog) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for i, (p, marginal) in enumerate(zip(front.points, front.marginal_costs(), strict=True)):
        policy = p.scenario.policy
        writer.writerow(
            [
                i,
                _blank(policy.min_independence),
                _blank(policy.max_lock_in),
                repr(p.annual_cost),
                front.currency,
                repr(p.independence),
                repr(p.lock_in),
                _blank(marginal),
                "yes" if i == front.knee else "",
                p.outcome.status.value,
                _blank(p.outcome.gap),
                p.outcome.scope.value,
                "; ".join(main_suppliers(p, catalog)),
            ]
        )
    return out.getvalue().encode("utf-8")


def export_frontier(front: Frontier, catalog: Catalog, path: Path) -> Path:
    """Write the front to `path` in the format its extension names; returns `path`."""
    suffix = frontier_format(path)
    if suffix in (".pdf", ".xlsx"):
        if not front.points:
            raise PlannerError(f"{path}: there is no front to export (no plan)")
        cheapest = point_document(front.points[0], catalog)
        return export_plan(cheapest, Path(path), control=control_cost(front, catalog))
    if suffix == ".csv":
        data = frontier_csv(front, catalog)
    else:
        encoded = encode_frontier(front, catalog)
        data = json.dumps(encoded, indent=2, allow_nan=False).encode("utf-8")
    atomic_write_bytes(Path(path), data)
    return Path(path)
