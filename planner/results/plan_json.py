"""The plan as JSON: the schema `sovplan plan --json` prints and the exports reuse."""

from dataclasses import asdict
from typing import Any

from catalog.domain import Catalog
from planner.evaluation.line_items import line_items
from planner.evaluation.scoring import Score
from planner.optimise.planning import PlanOutcome
from planner.results.plan_sources import assumptions_and_sources
from planner.scenario.model import Scenario, WorkloadKind


def _score(score: Score) -> dict[str, Any]:
    return {
        "total": score.total,
        "breakdown": [
            {
                "key": c.key,
                "label": c.label,
                "value": c.value,
                "weight": c.weight,
                "points": c.points,
                "explanation": c.explanation,
            }
            for c in score.components
        ],
    }


def outcome_to_json(outcome: PlanOutcome, scenario: Scenario, catalog: Catalog) -> dict[str, Any]:
    data: dict[str, Any] = {
        "scenario": scenario.name,
        "catalog_revision": catalog.revision,
        "status": outcome.status.value,
        "objective": outcome.objective,
        "bound": outcome.bound,
        "gap": outcome.gap,
        "solve_seconds": outcome.solve_seconds,
        "currency": scenario.assumptions.currency,
        "options_considered": outcome.options_considered,
        "conflicts": [asdict(c) for c in outcome.conflicts],
        "alternative_providers": {w: list(names) for w, names in outcome.alternatives.items()},
    }
    report, plan = outcome.report, outcome.plan
    if report is None or plan is None:
        return data
    costs = report.costs
    covered: dict[str, float] = {}
    for a in plan.allocations:
        covered[a.workload_id] = covered.get(a.workload_id, 0.0) + a.tokens_per_second
    data.update(
        {
            "annual_cost": costs.total,
            "cost_breakdown": {
                "by_category": {k.value: v for k, v in costs.by_category().items()},
                "by_provider": costs.by_provider(),
            },
            "scores": {
                "independence": _score(report.independence),
                "lock_in": _score(report.lock_in),
                "provider_hhi": report.provider_hhi,
                "effective_providers": report.effective_providers,
            },
            "line_items": [
                {**asdict(item), "kind": item.kind.value}
                for item in line_items(plan, catalog, costs)
            ],
            "allocations": [
                {
                    "workload": a.workload_id,
                    "model": a.model_id,
                    "venue": a.venue.key,
                    "kind": a.venue.kind.value,
                    "precision": a.precision,
                    "share": a.share,
                    "standby": a.share == 0,
                    "tokens_per_second": a.tokens_per_second,
                    "tokens_per_year": a.tokens_per_year,
                    "accelerators": a.accelerators,
                }
                for a in plan.allocations
            ],
            "workloads": [
                {
                    "id": w.id,
                    "kind": w.kind.value,
                    "critical": w.critical,
                    "demand_tokens_per_second": (
                        w.output_tokens_per_second_peak
                        if w.kind is not WorkloadKind.FINE_TUNING
                        else 0.0
                    ),
                    "covered_tokens_per_second": covered.get(w.id, 0.0),
                    "tokens_per_year": w.tokens_per_year,
                    "annual_cost": costs.per_workload[w.id].annual_cost
                    if w.id in costs.per_workload
                    else 0.0,
                    "cost_per_mtok": costs.per_workload[w.id].cost_per_mtok
                    if w.id in costs.per_workload
                    else 0.0,
                }
                for w in scenario.workloads
            ],
            "assumptions_and_sources": assumptions_and_sources(plan, scenario, catalog),
        }
    )
    return data
