"""The roadmap document as JSON: the one encoder and the one decoder.

JSON exists only at the edges: `sovplan roadmap --json` and the roadmap a saved scenario
keeps. The schema is the one `sovplan roadmap --json` printed before the document existed
(status, npv, gap, years, …) with `schema_version`, `scenario`, `catalog_revision`,
`currency` and `first_year` (year 1's plan, in the schema of planner/results/plan_json.py)
beside it. A decoded roadmap equals the document that was encoded.

The decoder is strict: every field of the roadmap's own objects must be there and be of its
kind, and a field it does not know is refused, each failure naming the field
(`JsonFormatError`). A document of another schema version is refused; a field added later
raises the version (planner/results/roadmap_document.py).
"""

import json
import math
from dataclasses import asdict, fields
from typing import Any

from planner.analysis.roadmap_plan import Delivery, WorkloadYear
from planner.optimise.options import OptionScope
from planner.results.json_reader import JsonFormatError, JsonValue
from planner.results.plan_document import PlanDocument
from planner.results.plan_json import decode_plan, encode_plan
from planner.results.roadmap_document import ROADMAP_SCHEMA_VERSION, PathYear, RoadmapDocument
from solver.problem import SolveStatus

ROOT = "roadmap"
CAPEX_RELATIVE_TOLERANCE = 1e-9
"""A year's stored capex may differ from the sum of its deliveries' capex by this share…"""
CAPEX_ABSOLUTE_TOLERANCE = 1e-9
"""…or by this amount, so a year of nothing but rented capacity (capex 0) reads exactly."""
TOP_FIELDS = frozenset({
    "schema_version", "scenario", "catalog_revision", "currency", "status", "npv", "gap",
    "solve_seconds", "scope", "owed_after_horizon", "message", "years", "first_year",
})  # fmt: skip
YEAR_FIELDS = frozenset(f.name for f in fields(PathYear))
DELIVERY_FIELDS = frozenset(f.name for f in fields(Delivery))
WORKLOAD_FIELDS = frozenset(f.name for f in fields(WorkloadYear))

__all__ = [
    "JsonFormatError",
    "decode_roadmap",
    "encode_roadmap",
    "roadmap_from_text",
    "roadmap_to_text",
]


def encode_roadmap(doc: RoadmapDocument) -> dict[str, Any]:
    """The document as the JSON object `sovplan roadmap --json` prints and a workspace keeps."""
    return {
        "schema_version": ROADMAP_SCHEMA_VERSION,
        "scenario": doc.scenario_name,
        "catalog_revision": doc.catalog_revision,
        "currency": doc.currency,
        "status": doc.status.value,
        "npv": doc.npv,
        "gap": doc.gap,
        "solve_seconds": doc.solve_seconds,
        "scope": doc.scope.value,
        "owed_after_horizon": doc.owed_after_horizon,
        "message": doc.message,
        "years": [_encode_year(y) for y in doc.years],
        "first_year": None if doc.first_year is None else encode_plan(doc.first_year),
    }


def _encode_year(y: PathYear) -> dict[str, Any]:
    """A year as plain JSON values (lists, not the document's tuples)."""
    return asdict(y) | {
        "delivered": [asdict(d) for d in y.delivered],
        "workloads": [asdict(w) for w in y.workloads],
    }


def roadmap_to_text(doc: RoadmapDocument) -> str:
    return json.dumps(encode_roadmap(doc), ensure_ascii=True, allow_nan=False)


# --- decoding ---------------------------------------------------------------------------


def _only(j: JsonValue, known: frozenset[str]) -> None:
    """Every field present is one this schema version has."""
    for key in j.fields():
        if key not in known:
            j.fail(f"unknown field {key!r} (roadmap schema version {ROADMAP_SCHEMA_VERSION})")


def _units(j: JsonValue) -> dict[str, int]:
    found = {}
    for key, value in j.entries():
        units = value.integer()
        if units < 1:
            value.fail(f"must be at least 1 unit (got {units})")
        found[key] = units
    return found


def _delivery(j: JsonValue, year: int) -> Delivery:
    _only(j, DELIVERY_FIELDS)
    first, last = j.at("first_year").integer(), j.at("last_year").integer()
    if first != year:
        j.at("first_year").fail(f"a delivery listed under year {year} must start in it")
    if last < first:
        j.at("last_year").fail(f"{last} is before its first year {first}")
    units = j.at("units").integer()
    if units < 1:
        j.at("units").fail(f"must be at least 1 (got {units})")
    return Delivery(
        venue=j.at("venue").text(),
        units=units,
        first_year=first,
        last_year=last,
        order_weeks_before=j.at("order_weeks_before").number(),
        capex=j.at("capex").number(),
        annual_cost=j.at("annual_cost").number(),
    )


def _workload(j: JsonValue) -> WorkloadYear:
    _only(j, WORKLOAD_FIELDS)
    return WorkloadYear(
        workload_id=j.at("workload_id").text(),
        tokens_per_year=j.at("tokens_per_year").number(),
        served={key: share.number() for key, share in j.at("served").entries()},
        provisioned=j.at("provisioned").number(),
    )


def _year(j: JsonValue, expected: int) -> PathYear:
    _only(j, YEAR_FIELDS)
    year = j.at("year").integer()
    if year != expected:
        j.at("year").fail(f"expected year {expected}: the years run 1, 2, … in order")
    delivered = tuple(_delivery(d, year) for d in j.at("delivered").items())
    capex = j.at("capex").number()
    outlays = float(sum(d.capex for d in delivered))
    if not math.isclose(
        capex, outlays, rel_tol=CAPEX_RELATIVE_TOLERANCE, abs_tol=CAPEX_ABSOLUTE_TOLERANCE
    ):
        j.at("capex").fail(f"{capex:g} is not the sum of the deliveries' capex ({outlays:g})")
    return PathYear(
        year=year,
        delivered=delivered,
        in_service=_units(j.at("in_service")),
        retiring=_units(j.at("retiring")),
        annual_cost=j.at("annual_cost").number(),
        capex=capex,
        independence=j.at("independence").optional_number(),
        lock_in=j.at("lock_in").optional_number(),
        workloads=tuple(_workload(w) for w in j.at("workloads").items()),
    )


def _version(root: JsonValue) -> None:
    version = root.at("schema_version").integer()
    if version != ROADMAP_SCHEMA_VERSION:
        root.at("schema_version").fail(
            f"version {version} is not one this sovplan reads ({ROADMAP_SCHEMA_VERSION}); "
            "solve the roadmap again"
        )


def decode_roadmap(data: object) -> RoadmapDocument:
    """The document a JSON object (as `json.loads` gives it) holds; JsonFormatError naming
    the first field that is wrong."""
    root = JsonValue(data, ROOT)
    _only(root, TOP_FIELDS)
    _version(root)
    years = tuple(_year(y, i + 1) for i, y in enumerate(root.at("years").items()))
    npv = root.at("npv").optional_number()
    if (npv is None) != (not years):
        root.at("npv").fail("a roadmap has a net present value exactly when it has years")
    first = root.at("first_year")
    return RoadmapDocument(
        scenario_name=root.at("scenario").text(),
        catalog_revision=root.at("catalog_revision").integer(),
        currency=root.at("currency").text(),
        status=root.at("status").member(SolveStatus),
        npv=npv,
        gap=root.at("gap").optional_number(),
        solve_seconds=root.at("solve_seconds").number(),
        scope=root.at("scope").member(OptionScope),
        owed_after_horizon=root.at("owed_after_horizon").number(),
        message=root.at("message").text(),
        years=years,
        first_year=None if first.value is None else _first_year(first),
    )


def _first_year(j: JsonValue) -> PlanDocument:
    """Year 1's plan, read by the plan decoder; its message is placed under this field."""
    try:
        return decode_plan(j.value)
    except JsonFormatError as exc:
        raise JsonFormatError(f"{j.path} (year 1's plan): {exc}") from None


def roadmap_from_text(text: str) -> RoadmapDocument:
    """The document a JSON text holds; JsonFormatError if it is not JSON or not a roadmap."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonFormatError(f"{ROOT}: not valid JSON ({exc})") from None
    return decode_roadmap(data)
