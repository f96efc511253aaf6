"""The plan document as JSON: the one encoder and the one decoder.

JSON exists only at the edges: `sovplan plan --json`, the `.json` export and the plan column
of a saved scenario. Everything else reads `PlanDocument` (planner/results/plan_document.py).

The schema is the one `sovplan plan --json` has always printed, with a `schema_version` key
in front; a plan stored before that key existed is version 1. A decoded plan equals the
document that was encoded. The decoder checks every field it reads and names the first one
that is wrong (`JsonFormatError`). Fields it does not know are ignored, so a plan written by
a later version that only added fields still loads; a version it does not know is refused.
"""

import json
import math
from typing import Any

from planner.evaluation.cost import Category, CostAssumptions
from planner.evaluation.scoring import Component, Score
from planner.optimise.planning import Conflict, OptionScope
from planner.optimise.solving import ConstraintFamily
from planner.results.dependency_json import decode_dependencies, encode_dependencies
from planner.results.json_reader import JsonFormatError, JsonValue
from planner.results.plan_document import (
    SCHEMA_VERSION,
    STALE_AFTER_DAYS,
    CapitalSpend,
    CategoryCost,
    Figure,
    FxRate,
    PlanDocument,
    PlanHeader,
    PlanResult,
    PlanScores,
    PlanSources,
    ProviderCost,
    WorkloadAlternatives,
)
from planner.results.plan_rows_json import (
    CAPITAL_VERSION,
    decode_allocation,
    decode_line_item,
    decode_weakest_link,
    decode_workload,
    encode_allocation,
    encode_line_item,
    encode_weakest_link,
    encode_workload,
    reported,
)
from planner.results.resilience_json import decode_resilience, encode_resilience
from solver.problem import SolveStatus

FIRST_SCHEMA_VERSION = 1
"""The schema of plans stored before `schema_version` was written."""
SCORE_TOTAL_TOLERANCE = 1e-9
"""A stored score total may differ from the sum of its points by this many points."""
OUTLAY_RELATIVE_TOLERANCE = 1e-9
"""A stored capital outlay may differ from the sum of its lines' outlays by this share."""
ROOT = "plan"

__all__ = ["JsonFormatError", "decode_plan", "encode_plan", "plan_from_text", "plan_to_text"]


# --- encoding ---------------------------------------------------------------------------


def _score(score: Score) -> dict[str, Any]:
    return {
        "total": score.total,
        "breakdown": [
            {"key": c.key, "label": c.label, "value": c.value, "weight": c.weight,
             "points": c.points, "explanation": c.explanation}
            for c in score.components
        ],
    }  # fmt: skip


def _sources(s: PlanSources) -> dict[str, Any]:
    a = s.cost_assumptions
    return {
        "cost_assumptions": {
            "currency": a.currency, "discount_rate": a.discount_rate,
            "horizon_years": a.horizon_years, "networking_capex_share": a.networking_capex_share,
            "operations_share_of_capex_per_year": a.operations_share_of_capex_per_year,
            "average_power_fraction": a.average_power_fraction,
        },
        "fx_usd_per_unit": {rate.currency: rate.usd_per_unit for rate in s.fx_rates},
        "catalog_figures": [_figure(f) for f in s.catalog_figures],
        **_figure_ages(s),
    }  # fmt: skip


def _figure(f: Figure) -> dict[str, Any]:
    """A catalog figure; `perishable` is written only when true, so a figure that does not
    age reads as it did in plans stored before figures were aged."""
    data: dict[str, Any] = {
        "subject": f.subject, "figure": f.figure, "value": f.value, "source_id": f.source_id,
        "source_title": f.source_title, "citation": f.citation, "as_of": f.as_of,
    }  # fmt: skip
    if f.perishable:
        data["perishable"] = True
    return data


def _figure_ages(s: PlanSources) -> dict[str, Any]:
    """The day the figures were aged and the threshold; `stale` lists what they flag, for a
    reader of the JSON (the decoder derives it again from the figures)."""
    if s.ages_checked_on is None:
        return {}
    return {
        "figure_ages": {
            "checked_on": s.ages_checked_on,
            "stale_after_days": s.stale_after_days,
            "stale": [
                {"subject": st.figure.subject, "figure": st.figure.figure,
                 "as_of": st.figure.as_of, "age_days": st.age_days}
                for st in s.stale_figures()
            ],
        }
    }  # fmt: skip


def _result(r: PlanResult) -> dict[str, Any]:
    return {
        "annual_cost": r.annual_cost,
        "cost_breakdown": {
            "by_category": {c.category.value: c.annual_cost for c in r.cost_by_category},
            "by_provider": {p.provider_id: p.annual_cost for p in r.cost_by_provider},
        },
        "scores": {
            "independence": _score(r.scores.independence),
            "lock_in": _score(r.scores.lock_in),
            "provider_hhi": r.scores.provider_hhi,
            "effective_providers": r.scores.effective_providers,
        }
        | reported(weakest_link=encode_weakest_link(r.scores.weakest_link)),
        "line_items": [encode_line_item(i) for i in r.line_items],
        "allocations": [encode_allocation(a) for a in r.allocations],
        "workloads": [encode_workload(w) for w in r.workloads],
        "assumptions_and_sources": _sources(r.sources),
    } | reported(
        dependencies=encode_dependencies(r.dependencies) if r.dependencies else None,
        capital=None if r.capital is None else {"outlay": r.capital.outlay,
                                                "budget": r.capital.budget},
        annual_budget=r.annual_budget,
    )  # fmt: skip


def schema_version(doc: PlanDocument) -> int:
    """The version whose rules the document meets: a plan read from version 1 has no capital
    outlay, which version 2 requires, so it is written as version 1 again."""
    if doc.result is not None and doc.result.capital is None:
        return CAPITAL_VERSION - 1
    return SCHEMA_VERSION


def encode_plan(doc: PlanDocument) -> dict[str, Any]:
    """The document as the JSON object `sovplan plan --json` prints and a workspace stores."""
    h = doc.header
    data: dict[str, Any] = {
        "schema_version": schema_version(doc),
        "scenario": h.scenario_name,
        "catalog_revision": h.catalog_revision,
        "status": h.status.value,
        "objective": h.objective_value,
        "bound": h.objective_bound,
        "gap": h.relative_gap,
        "solve_seconds": h.solve_seconds,
        "currency": h.currency,
        "options_considered": h.options_considered,
        "options_eligible": h.options_eligible,
        "proven_over": h.proven_over.value,
        "conflicts": [
            {"family": c.family.value, "message": c.message, "fields": list(c.fields),
             "amount": c.amount}
            for c in doc.conflicts
        ],
        "alternative_providers": {a.workload_id: list(a.provider_names)
                                  for a in doc.alternatives},
    }  # fmt: skip
    if doc.result is not None:
        data.update(_result(doc.result))
    if doc.resilience is not None:
        data["resilience"] = encode_resilience(doc.resilience)
    return data | reported(organisation=h.organisation_name or None)


def plan_to_text(doc: PlanDocument, *, indent: int | None = None, ascii_only: bool = True) -> str:
    return json.dumps(encode_plan(doc), indent=indent, ensure_ascii=ascii_only, allow_nan=False)


# --- decoding ---------------------------------------------------------------------------


def _decode_score(j: JsonValue) -> Score:
    score = Score(
        tuple(
            Component(
                key=c.at("key").text(),
                label=c.at("label").text(),
                value=c.at("value").number(),
                weight=c.at("weight").number(),
                points=c.at("points").number(),
                explanation=c.at("explanation").text(),
            )
            for c in j.at("breakdown").items()
        )
    )
    total = j.at("total").number()
    if not math.isclose(total, score.total, abs_tol=SCORE_TOTAL_TOLERANCE):
        j.at("total").fail(f"{total:g} is not the sum of the breakdown's points ({score.total:g})")
    return score


def _decode_sources(j: JsonValue) -> PlanSources:
    """A plan stored before figures were aged has no `figure_ages`, and its figures no
    `perishable` flag; `figure_ages.stale` is derived from the figures, so it is not read."""
    a = j.at("cost_assumptions")
    ages = j.at("figure_ages") if j.has("figure_ages") else None
    return PlanSources(
        cost_assumptions=CostAssumptions(
            currency=a.at("currency").text(),
            discount_rate=a.at("discount_rate").number(),
            horizon_years=a.at("horizon_years").number(),
            networking_capex_share=a.at("networking_capex_share").number(),
            operations_share_of_capex_per_year=a.at("operations_share_of_capex_per_year").number(),
            average_power_fraction=a.at("average_power_fraction").number(),
        ),
        fx_rates=tuple(
            FxRate(currency=code, usd_per_unit=rate.number())
            for code, rate in j.at("fx_usd_per_unit").entries()
        ),
        catalog_figures=tuple(
            Figure(
                subject=f.at("subject").text(),
                figure=f.at("figure").text(),
                value=f.at("value").text(),
                source_id=f.at("source_id").text(),
                source_title=f.at("source_title").text(),
                citation=f.at("citation").text(),
                as_of=f.at("as_of").iso_date(),
                perishable=f.at("perishable").flag() if f.has("perishable") else False,
            )
            for f in j.at("catalog_figures").items()
        ),
        ages_checked_on=ages.at("checked_on").iso_date() if ages is not None else None,
        stale_after_days=_stale_after_days(ages) if ages is not None else STALE_AFTER_DAYS,
    )


def _stale_after_days(ages: JsonValue) -> int:
    days = ages.at("stale_after_days").integer()
    if days < 0:
        ages.at("stale_after_days").fail(f"must be at least 0 (got {days})")
    return days


def _decode_capital(j: JsonValue, version: int, outlays: float) -> CapitalSpend | None:
    """Required from version 2; the outlay must be its owned lines' outlays summed."""
    if version < CAPITAL_VERSION and not j.has("capital"):
        return None
    capital = j.at("capital")
    outlay = capital.at("outlay").number()
    if not math.isclose(outlay, outlays, rel_tol=OUTLAY_RELATIVE_TOLERANCE):
        capital.at("outlay").fail(f"{outlay:g} is not the sum of the lines' outlays ({outlays:g})")
    return CapitalSpend(outlay=outlay, budget=capital.at("budget").optional_number())


def _decode_result(j: JsonValue, version: int) -> PlanResult:
    breakdown, scores = j.at("cost_breakdown"), j.at("scores")
    items = tuple(decode_line_item(i, version) for i in j.at("line_items").items())
    outlays = float(sum(i.capital_outlay or 0.0 for i in items))
    return PlanResult(
        annual_cost=j.at("annual_cost").number(),
        cost_by_category=tuple(
            CategoryCost(category=JsonValue(key, v.path).member(Category), annual_cost=v.number())
            for key, v in breakdown.at("by_category").entries()
        ),
        cost_by_provider=tuple(
            ProviderCost(provider_id=key, annual_cost=v.number())
            for key, v in breakdown.at("by_provider").entries()
        ),
        scores=PlanScores(
            independence=_decode_score(scores.at("independence")),
            lock_in=_decode_score(scores.at("lock_in")),
            provider_hhi=scores.at("provider_hhi").number(),
            effective_providers=scores.at("effective_providers").number(),
            weakest_link=decode_weakest_link(scores),
        ),
        line_items=items,
        allocations=tuple(decode_allocation(a) for a in j.at("allocations").items()),
        workloads=tuple(decode_workload(w) for w in j.at("workloads").items()),
        sources=_decode_sources(j.at("assumptions_and_sources")),
        dependencies=(decode_dependencies(j.at("dependencies")) if j.has("dependencies") else None),
        capital=_decode_capital(j, version, outlays),
        annual_budget=j.at("annual_budget").number() if j.has("annual_budget") else None,
    )


def _decode_conflict(j: JsonValue) -> Conflict:
    return Conflict(
        family=j.at("family").member(ConstraintFamily),
        message=j.at("message").text(),
        fields=j.at("fields").texts(),
        amount=j.at("amount").optional_number(),
    )


def _version(root: JsonValue) -> int:
    if not root.has("schema_version"):
        return FIRST_SCHEMA_VERSION
    version = root.at("schema_version").integer()
    if not FIRST_SCHEMA_VERSION <= version <= SCHEMA_VERSION:
        root.at("schema_version").fail(
            f"version {version} is not one this sovplan reads ({FIRST_SCHEMA_VERSION} to "
            f"{SCHEMA_VERSION}); a newer sovplan wrote it"
        )
    return version


def decode_plan(data: object) -> PlanDocument:
    """The document a JSON object (as `json.loads` gives it) holds; JsonFormatError if it
    is not a plan of a schema this version reads."""
    root = JsonValue(data, ROOT)
    version = _version(root)
    header = PlanHeader(
        scenario_name=root.at("scenario").text(),
        catalog_revision=root.at("catalog_revision").integer(),
        status=root.at("status").member(SolveStatus),
        objective_value=root.at("objective").optional_number(),
        objective_bound=root.at("bound").optional_number(),
        relative_gap=root.at("gap").optional_number(),
        solve_seconds=root.at("solve_seconds").number(),
        currency=root.at("currency").text(),
        options_considered=root.at("options_considered").integer(),
        options_eligible=(
            root.at("options_eligible").integer() if root.has("options_eligible") else 0
        ),
        proven_over=(
            root.at("proven_over").member(OptionScope)
            if root.has("proven_over")
            else OptionScope.PRUNED
        ),
        organisation_name=root.at("organisation").text() if root.has("organisation") else "",
    )
    return PlanDocument(
        header=header,
        conflicts=tuple(_decode_conflict(c) for c in root.at("conflicts").items()),
        alternatives=tuple(
            WorkloadAlternatives(workload_id=w, provider_names=names.texts())
            for w, names in root.at("alternative_providers").entries()
        ),
        result=_decode_result(root, version) if root.has("annual_cost") else None,
        resilience=decode_resilience(root.at("resilience")) if root.has("resilience") else None,
    )


def plan_from_text(text: str) -> PlanDocument:
    """The document a JSON text holds; JsonFormatError if it is not JSON or not a plan."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonFormatError(f"{ROOT}: not valid JSON ({exc})") from None
    return decode_plan(data)
