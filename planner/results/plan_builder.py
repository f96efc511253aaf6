"""The plan document of a live solve: the one place a `PlanOutcome` becomes a `PlanDocument`.

Costs, scores and line items were computed by planner/evaluation; this only gathers them,
with the scenario's workloads and the catalog figures they rest on, into the document every
reader shares (planner/results/plan_document.py).
"""

from collections.abc import Callable

from catalog.domain import Catalog
from planner.evaluation.dependencies import dependency_map
from planner.evaluation.interruption import is_interruptible
from planner.evaluation.line_items import LineItem, line_items
from planner.evaluation.plan import Allocation, Plan, VenueKind
from planner.evaluation.scoring import PlanReport
from planner.optimise.planning import PlanOutcome
from planner.results.plan_document import (
    CapitalSpend,
    CategoryCost,
    PlanAllocation,
    PlanDocument,
    PlanHeader,
    PlanResult,
    PlanScores,
    ProviderCost,
    WorkloadAlternatives,
    WorkloadFigures,
)
from planner.results.plan_sources import assumptions_and_sources
from planner.scenario.model import Scenario, WorkloadKind, demands


def plan_document(outcome: PlanOutcome, scenario: Scenario, catalog: Catalog) -> PlanDocument:
    """The outcome of planning `scenario` against `catalog`, as every reader sees it."""
    header = PlanHeader(
        scenario_name=scenario.name,
        catalog_revision=catalog.revision,
        status=outcome.status,
        objective_value=outcome.objective,
        objective_bound=outcome.bound,
        relative_gap=outcome.gap,
        solve_seconds=outcome.solve_seconds,
        currency=scenario.assumptions.currency,
        options_considered=outcome.options_considered,
        options_eligible=outcome.options_eligible,
        proven_over=outcome.scope,
        organisation_name=scenario.organisation.name,
    )
    alternatives = tuple(
        WorkloadAlternatives(workload_id=w, provider_names=tuple(names))
        for w, names in outcome.alternatives.items()
    )
    result = (
        None
        if outcome.plan is None or outcome.report is None
        else _result(outcome.plan, outcome.report, scenario, catalog)
    )
    return PlanDocument(
        header=header,
        conflicts=outcome.conflicts,
        alternatives=alternatives,
        result=result,
        resilience=outcome.resilience,
    )


def _result(plan: Plan, report: PlanReport, scenario: Scenario, catalog: Catalog) -> PlanResult:
    costs = report.costs
    items = tuple(line_items(plan, catalog, costs, scenario.assumptions))
    input_ratio = _input_per_output(scenario)
    return PlanResult(
        annual_cost=costs.total,
        cost_by_category=tuple(
            CategoryCost(category=category, annual_cost=amount)
            for category, amount in costs.by_category().items()
        ),
        cost_by_provider=tuple(
            ProviderCost(provider_id=provider, annual_cost=amount)
            for provider, amount in costs.by_provider().items()
        ),
        scores=PlanScores(
            independence=report.independence,
            lock_in=report.lock_in,
            provider_hhi=report.provider_hhi,
            effective_providers=report.effective_providers,
            weakest_link=report.weakest_link,
        ),
        line_items=items,
        allocations=tuple(
            PlanAllocation(
                workload_id=a.workload_id,
                model_id=a.model_id,
                venue_key=a.venue.key,
                venue_kind=a.venue.kind,
                precision=a.precision,
                share=a.share,
                tokens_per_second=a.tokens_per_second,
                tokens_per_year=a.tokens_per_year,
                accelerators=a.accelerators,
                request_class=a.request_class,
                input_tokens_per_second=float(a.tokens_per_second * input_ratio(a)),
                serving=a.serving,
                interruptible=a.venue.kind is VenueKind.CLOUD
                and is_interruptible(catalog.cloud_offers[a.venue.id].pricing_term),
            )
            for a in plan.allocations
        ),
        workloads=_workloads(plan, scenario, report),
        sources=assumptions_and_sources(plan, scenario, catalog),
        dependencies=dependency_map(
            plan,
            catalog,
            scenario.organisation,
            {w.id: w.tokens_per_year for w in scenario.workloads},
            frozenset(w.id for w in scenario.workloads if w.critical),
        ),
        capital=CapitalSpend(outlay=_outlay(items), budget=scenario.capex_budget),
        annual_budget=scenario.annual_budget,
    )


def _outlay(items: tuple[LineItem, ...]) -> float:
    return float(sum(i.capital_outlay or 0.0 for i in items))


def _input_per_output(scenario: Scenario) -> Callable[[Allocation], float]:
    """Input tokens per output token of an allocation's row of demand (its request class's
    shape), so its output tokens per second give its input tokens per second."""
    ratios = {
        (d.parent.id, d.class_label): (
            d.workload.mean_input_tokens / d.workload.mean_output_tokens
            if d.workload.mean_output_tokens
            else 0.0
        )
        for d in demands(scenario.workloads)
    }
    return lambda a: ratios.get((a.workload_id, a.request_class), 0.0)


def _workloads(plan: Plan, scenario: Scenario, report: PlanReport) -> tuple[WorkloadFigures, ...]:
    costs = report.costs
    covered: dict[str, float] = {}
    for a in plan.allocations:
        covered[a.workload_id] = covered.get(a.workload_id, 0.0) + a.tokens_per_second
    found = []
    for w in scenario.workloads:
        cost = costs.per_workload.get(w.id)
        independence = report.workloads.get(w.id)
        serves_requests = w.kind is not WorkloadKind.FINE_TUNING
        found.append(
            WorkloadFigures(
                workload_id=w.id,
                kind=w.kind,
                critical=w.critical,
                demand_tokens_per_second=(
                    w.output_tokens_per_second_peak if serves_requests else 0.0
                ),
                demand_input_tokens_per_second=(
                    w.requests_per_second_peak * w.mean_input_tokens if serves_requests else 0.0
                ),
                covered_tokens_per_second=covered.get(w.id, 0.0),
                tokens_per_year=w.tokens_per_year,
                annual_cost=cost.annual_cost if cost is not None else 0.0,
                cost_per_mtok=cost.cost_per_mtok if cost is not None else 0.0,
                independence=independence.score if independence else None,
                weakest_link=independence.weakest_link if independence else (),
            )
        )
    return tuple(found)
