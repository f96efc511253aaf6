"""A stress report as JSON, for `sovplan stress --json`: every figure of the table and of
each shock's recovery, in the report's currency; weeks as numbers, null for never."""

from typing import Any

from planner.analysis.report import NewCapacity, Recovery, ShockResult, StressReport
from planner.analysis.table import unmet


def _added(n: NewCapacity) -> dict[str, Any]:
    return {
        "venue": n.venue_key,
        "what": n.description,
        "provider": n.provider,
        "weeks": n.weeks,
        "why": n.reason,
    }


def _recovery(r: Recovery) -> dict[str, Any]:
    return {
        "status": r.status.value,
        "annual_cost": r.annual_cost,
        "stranded_annual_cost": r.stranded_annual_cost,
        "one_off_cost": r.one_off_cost,
        "egress_cost": r.egress_cost,
        "replatforming_cost": r.replatforming_cost,
        "capex": r.capex,
        "independence": r.independence,
        "lock_in": r.lock_in,
        "limits_broken": [str(f) for f in r.broken],
        "added": [_added(n) for n in r.added],
        "owned": [{"sku": o.sku_id, "site": o.site_id, "servers": o.servers} for o in r.plan.owned],
        "cloud": [
            {
                "offer": c.offer_id,
                "instances": c.instances,
                "extra_instance_hours": c.extra_instance_hours,
            }
            for c in r.plan.cloud
        ],
        "api": [
            {
                "offer": a.offer_id,
                "input_mtok_per_year": a.input_mtok_per_year,
                "output_mtok_per_year": a.output_mtok_per_year,
            }
            for a in r.plan.api
        ],
    }


def _result(r: ShockResult) -> dict[str, Any]:
    return {
        "shock": r.shock.name,
        "kind": r.shock.kind.value,
        "description": r.shock.description,
        "notice_weeks": r.notice_weeks,
        "capacity_lost": r.capacity_lost,
        "critical_capacity_lost": r.critical_capacity_lost,
        "critical_outage_weeks": r.critical_outage_weeks,
        "critical_survive": r.critical_survive,
        "time_to_recover_weeks": r.time_to_recover_weeks,
        "annual_cost_if_nothing_done": r.nothing_done_annual_cost,
        "recovery_cost_change": r.recovery_cost_change,
        "floors": {
            "budget": r.floors.budget,
            "seal": r.floors.seal,
            "independence": r.floors.independence,
            "unmet": list(unmet(r)),
        },
        "workloads": [
            {
                "workload": w.workload_id,
                "critical": w.critical,
                "served_on_lost": w.served_on_lost,
                "capacity_lost": w.capacity_lost,
                "recovered": w.recovered,
                "ready_weeks": w.ready_weeks,
                "outage_weeks": w.outage_weeks,
                "why_not_recovered": w.why_not_recovered or None,
            }
            for w in r.workloads
        ],
        "recovery": None if r.recovery is None else _recovery(r.recovery),
    }


def encode_stress(report: StressReport) -> dict[str, Any]:
    return {
        "scenario": report.scenario_name,
        "currency": report.currency,
        "annual_cost": report.base_annual_cost,
        "complete": report.complete,
        "results": [_result(r) for r in report.results],
    }
