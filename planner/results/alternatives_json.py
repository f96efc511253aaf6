"""Near-optimal alternatives as JSON (`sovplan alternatives --json`): per plan its one-line
description, cost against the cheapest, difference, shares, suppliers and the full plan."""

from typing import Any

from catalog.domain import Catalog
from planner.analysis.alternatives import Alternative, Alternatives
from planner.analysis.mix import supplier_changes
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.results.plan_json import encode_plan


def alternative_document(found: Alternatives, plan: Alternative, catalog: Catalog) -> PlanDocument:
    return plan_document(plan.outcome, found.scenario, catalog)


def _plan(found: Alternatives, plan: Alternative, catalog: Catalog) -> dict[str, Any]:
    report = plan.outcome.report
    assert report is not None
    mix = plan.mix
    return {
        "description": plan.description,
        "direction": plan.direction.value,
        "annual_cost": plan.annual_cost,
        "extra_share": found.extra_share(plan),
        "difference": plan.difference,
        "independence": report.independence.total,
        "lock_in": report.lock_in.total,
        "shares": {
            "owned": mix.owned,
            "cloud": mix.cloud,
            "api": mix.api,
            "eu": mix.eu,
            "closed_models": mix.closed_models,
        },
        "suppliers": mix.by_supplier,
        "changes": supplier_changes(mix, found.plans[0].mix),
        "status": plan.outcome.status.value,
        "plan": encode_plan(alternative_document(found, plan, catalog)),
    }


def encode_alternatives(found: Alternatives, catalog: Catalog) -> dict[str, Any]:
    return {
        "scenario": found.scenario.name,
        "currency": found.scenario.assumptions.currency,
        "within": found.within,
        "count": found.count,
        "complete": found.complete,
        "seconds": found.seconds,
        "status": None if found.infeasible is None else found.infeasible.status.value,
        "plans": [_plan(found, p, catalog) for p in found.plans],
    }
