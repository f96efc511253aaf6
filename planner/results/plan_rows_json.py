"""The rows of a plan as JSON: line items, allocations (with their serving trail), workloads
and weakest links; the encoder and decoder of planner/results/plan_json.py use these.

A field added after version 1 is written only while it holds something (`reported`), so a
plan stored before it existed encodes back to the JSON it was stored as. Version 2 records
each owned line's list price and capital outlay: a version 2 plan without them is refused,
a version 1 plan reads them as not recorded (None).
"""

from typing import Any

from planner.capacity.measured import CapacityBasis
from planner.evaluation.line_items import LineItem
from planner.evaluation.plan import ServingTrail, VenueKind
from planner.results.json_reader import JsonValue
from planner.results.plan_document import (
    PlanAllocation,
    WeakestLink,
    WorkloadFigures,
)
from planner.scenario.model import WorkloadKind

CAPITAL_VERSION = 2
"""The first schema that records the capital outlay."""


def reported(**fields: Any) -> dict[str, Any]:
    """Fields added after version 1, left out while they hold nothing (None or empty)."""
    return {key: value for key, value in fields.items() if value not in (None, [], {})}


# --- encoding ---------------------------------------------------------------------------


def encode_line_item(i: LineItem) -> dict[str, Any]:
    return {
        "kind": i.kind.value, "provider": i.provider, "provider_name": i.provider_name,
        "jurisdiction": i.jurisdiction, "item": i.item, "term": i.term, "quantity": i.quantity,
        "unit": i.unit, "unit_cost": i.unit_cost, "annual_cost": i.annual_cost,
        "venue_key": i.venue_key,
        **reported(interruptible=i.interruptible or None, purchase_price=i.purchase_price,
                   capital_outlay=i.capital_outlay),
    }  # fmt: skip


def encode_allocation(a: PlanAllocation) -> dict[str, Any]:
    return {
        "workload": a.workload_id, "model": a.model_id, "venue": a.venue_key,
        "kind": a.venue_kind.value, "precision": a.precision, "share": a.share,
        "standby": a.standby, "tokens_per_second": a.tokens_per_second,
        "tokens_per_year": a.tokens_per_year, "accelerators": a.accelerators,
        **reported(
            serving=None if a.serving is None else _serving(a.serving),
            interruptible=a.interruptible or None,
            request_class=a.request_class or None,
            input_tokens_per_second=a.input_tokens_per_second,
        ),
    }  # fmt: skip


def _serving(t: ServingTrail) -> dict[str, Any]:
    return {
        "tensor_parallel": t.tensor_parallel, "batch": t.batch, "ttft_ms": t.ttft_ms,
        "tpot_ms": t.tpot_ms, "ttft_target_ms": t.ttft_target_ms,
        "tpot_target_ms": t.tpot_target_ms, "limited_by": t.limited_by, "basis": t.basis,
        **reported(basis_source=t.basis_source),
    }  # fmt: skip


def encode_weakest_link(links: tuple[WeakestLink, ...]) -> list[dict[str, Any]]:
    return [
        {"objective": k.objective, "level": k.level, "venue": k.venue_key,
         "venue_name": k.venue_name, "rule": k.rule, "reason": k.reason}
        for k in links
    ]  # fmt: skip


def encode_workload(w: WorkloadFigures) -> dict[str, Any]:
    v1 = {
        "id": w.workload_id, "kind": w.kind.value, "critical": w.critical,
        "demand_tokens_per_second": w.demand_tokens_per_second,
        "covered_tokens_per_second": w.covered_tokens_per_second,
        "tokens_per_year": w.tokens_per_year, "annual_cost": w.annual_cost,
        "cost_per_mtok": w.cost_per_mtok,
    }  # fmt: skip
    return v1 | reported(
        independence=w.independence,
        weakest_link=encode_weakest_link(w.weakest_link),
        demand_input_tokens_per_second=w.demand_input_tokens_per_second,
    )


# --- decoding ---------------------------------------------------------------------------


def _optional_number(j: JsonValue, key: str) -> float | None:
    return j.at(key).optional_number() if j.has(key) else None


def decode_line_item(j: JsonValue, version: int) -> LineItem:
    """From version 2, an owned line must carry its list price and capital outlay."""
    kind = j.at("kind").member(VenueKind)
    price: float | None
    outlay: float | None
    if kind is VenueKind.OWNED and version >= CAPITAL_VERSION:
        price, outlay = j.at("purchase_price").number(), j.at("capital_outlay").number()
    else:
        price, outlay = _optional_number(j, "purchase_price"), _optional_number(j, "capital_outlay")
    return LineItem(
        kind=kind,
        provider=j.at("provider").text(),
        provider_name=j.at("provider_name").text(),
        jurisdiction=j.at("jurisdiction").text(),
        item=j.at("item").text(),
        term=j.at("term").text(),
        quantity=j.at("quantity").number(),
        unit=j.at("unit").text(),
        unit_cost=j.at("unit_cost").number(),
        annual_cost=j.at("annual_cost").number(),
        venue_key=j.at("venue_key").text(),
        interruptible=j.has("interruptible") and j.at("interruptible").flag(),
        purchase_price=price,
        capital_outlay=outlay,
    )


def decode_allocation(j: JsonValue) -> PlanAllocation:
    """`standby` is not read: it is the share being 0. The request class, the basis and the
    input tokens are absent from plans stored before they were recorded."""
    return PlanAllocation(
        workload_id=j.at("workload").text(),
        model_id=j.at("model").text(),
        venue_key=j.at("venue").text(),
        venue_kind=j.at("kind").member(VenueKind),
        precision=j.at("precision").optional_text(),
        share=j.at("share").number(),
        tokens_per_second=j.at("tokens_per_second").number(),
        tokens_per_year=j.at("tokens_per_year").number(),
        accelerators=j.at("accelerators").number(),
        request_class=j.at("request_class").text() if j.has("request_class") else "",
        input_tokens_per_second=_optional_number(j, "input_tokens_per_second"),
        serving=_decode_serving(j.at("serving")) if j.has("serving") else None,
        interruptible=j.has("interruptible") and j.at("interruptible").flag(),
    )


def _decode_serving(j: JsonValue) -> ServingTrail:
    """Absent from plans stored before the trail was recorded (the allocation's is None);
    `basis_source` only in a measured one's."""
    return ServingTrail(
        tensor_parallel=j.at("tensor_parallel").integer(),
        batch=j.at("batch").integer(),
        ttft_ms=j.at("ttft_ms").number(),
        tpot_ms=j.at("tpot_ms").number(),
        ttft_target_ms=j.at("ttft_target_ms").optional_number(),
        tpot_target_ms=j.at("tpot_target_ms").optional_number(),
        limited_by=j.at("limited_by").text(),
        basis=j.at("basis").member(CapacityBasis).value,
        basis_source=j.at("basis_source").optional_text() if j.has("basis_source") else None,
    )


def decode_weakest_link(j: JsonValue, key: str = "weakest_link") -> tuple[WeakestLink, ...]:
    """Absent from plans stored before the weakest link was reported: empty."""
    if not j.has(key):
        return ()
    return tuple(
        WeakestLink(
            objective=k.at("objective").text(),
            level=k.at("level").integer(),
            venue_key=k.at("venue").text(),
            venue_name=k.at("venue_name").text(),
            rule=k.at("rule").text(),
            reason=k.at("reason").text(),
        )
        for k in j.at(key).items()
    )


def decode_workload(j: JsonValue) -> WorkloadFigures:
    return WorkloadFigures(
        workload_id=j.at("id").text(),
        kind=j.at("kind").member(WorkloadKind),
        critical=j.at("critical").flag(),
        demand_tokens_per_second=j.at("demand_tokens_per_second").number(),
        demand_input_tokens_per_second=_optional_number(j, "demand_input_tokens_per_second"),
        covered_tokens_per_second=j.at("covered_tokens_per_second").number(),
        tokens_per_year=j.at("tokens_per_year").number(),
        annual_cost=j.at("annual_cost").number(),
        cost_per_mtok=j.at("cost_per_mtok").number(),
        independence=_optional_number(j, "independence"),
        weakest_link=decode_weakest_link(j),
    )
