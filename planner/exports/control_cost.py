"""What control costs, in the board report (a PDF page) and the workbook (a sheet): the
front's headline, its points as a table, and (PDF) the curve.

Built from a computed front (planner/analysis/frontier.py) and the catalog that names the
suppliers, before the export: the writers get plain tables and numbers.
"""

from dataclasses import dataclass

from catalog.domain import Catalog
from planner.analysis.frontier import Frontier
from planner.analysis.frontier_text import headline, main_suppliers, score_name
from planner.exports.common import Kind, Table

CONTROL_TITLE = "What control costs"
CONTROL_NOTE = (
    "Each point is the cheapest plan at a floor on independence (a ceiling on lock-in), from "
    "the cheapest plan the requirements allow to the one with the most control they allow "
    "(docs/tradeoffs.md). Per point: the annual cost of each point of score gained since the "
    "point before. The knee: where control starts to cost more per point than on average."
)


@dataclass(frozen=True)
class ControlCost:
    headline: str
    table: Table
    score_name: str
    curve: tuple[tuple[float, float], ...]
    """(score, annual cost) per point, in the front's order."""
    knee: int | None


def control_cost(front: Frontier, catalog: Catalog) -> ControlCost:
    kinds: list[Kind] = ["text", "points", "points", "money", "money", "money", "text", "text"]
    table = Table(
        CONTROL_TITLE,
        [
            "Point",
            "Independence",
            "Lock-in",
            "Annual cost",
            "More than the cheapest",
            "Per point of score",
            "Status",
            "Main suppliers",
        ],
        kinds,
    )
    first = front.points[0].annual_cost if front.points else 0.0
    for i, (p, marginal) in enumerate(zip(front.points, front.marginal_costs(), strict=True)):
        table.rows.append(
            [
                f"{i} (knee)" if i == front.knee else str(i),
                p.independence,
                p.lock_in,
                p.annual_cost,
                p.annual_cost - first,
                marginal,
                p.outcome.status.value,
                ", ".join(main_suppliers(p, catalog)),
            ]
        )
    return ControlCost(
        headline(front),
        table,
        score_name(front.against),
        tuple((front.score(p), p.annual_cost) for p in front.points),
        front.knee,
    )
