"""A front as JSON (`sovplan frontier --json`, `--export FILE.json`): the headline, the
knee, and per point its bound, cost, scores, marginal cost and main suppliers, with the
point's full plan as `sovplan plan --json` prints it."""

from typing import Any

from catalog.domain import Catalog
from planner.analysis.frontier import Frontier, FrontPoint
from planner.analysis.frontier_text import headline, main_suppliers
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.results.plan_json import encode_plan


def point_document(point: FrontPoint, catalog: Catalog) -> PlanDocument:
    """The point's plan as every reader sees a plan (Results, exports, saving)."""
    return plan_document(point.outcome, point.scenario, catalog)


def _point(
    point: FrontPoint, marginal: float | None, catalog: Catalog, *, with_plan: bool
) -> dict[str, Any]:
    policy = point.scenario.policy
    found: dict[str, Any] = {
        "min_independence": policy.min_independence,
        "max_lock_in": policy.max_lock_in,
        "annual_cost": point.annual_cost,
        "independence": point.independence,
        "lock_in": point.lock_in,
        "marginal_cost_per_point": marginal,
        "status": point.outcome.status.value,
        "gap": point.outcome.gap,
        "proven_over": point.outcome.scope.value,
        "main_suppliers": list(main_suppliers(point, catalog)),
    }
    if with_plan:
        found["plan"] = encode_plan(point_document(point, catalog))
    return found


def encode_frontier(
    front: Frontier, catalog: Catalog, *, with_plans: bool = True
) -> dict[str, Any]:
    return {
        "scenario": front.scenario.name,
        "against": front.against.value,
        "currency": front.currency,
        "headline": headline(front),
        "knee": front.knee,
        "complete": front.complete,
        "solves": front.solves,
        "unsolved": front.unsolved,
        "seconds": front.seconds,
        "status": None if front.infeasible is None else front.infeasible.status.value,
        "points": [
            _point(p, m, catalog, with_plan=with_plans)
            for p, m in zip(front.points, front.marginal_costs(), strict=True)
        ],
    }
