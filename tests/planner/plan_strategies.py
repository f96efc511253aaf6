"""Hypothesis strategies for plan documents: any shape the encoder must write and the decoder
read back, with and without a plan, whole numbers and fractions, empty and long lists.

Keys that JSON holds as object keys (categories, provider ids, currencies, workload ids) are
drawn unique, as a real plan has them.
"""

from dataclasses import replace
from typing import TypeVar

from hypothesis import strategies as st

from planner.capacity.measured import CapacityBasis
from planner.optimise.solving import ConstraintFamily
from planner.results.plan_document import (
    STALE_AFTER_DAYS,
    Actor,
    ActorKind,
    ActorShare,
    CapitalSpend,
    Category,
    CategoryCost,
    Component,
    Conflict,
    CostAssumptions,
    DependencyMap,
    Exposure,
    Figure,
    FxRate,
    Layer,
    LineItem,
    Link,
    OptionScope,
    PlanAllocation,
    PlanDocument,
    PlanHeader,
    PlanResult,
    PlanScores,
    PlanSources,
    ProviderCost,
    Resilience,
    Score,
    ServingTrail,
    SolveStatus,
    VenueChain,
    VenueKind,
    WeakestLink,
    WorkloadAlternatives,
    WorkloadFigures,
    WorkloadKind,
)

LARGEST_AMOUNT = 1e12
"""Far above any plan's annual cost; keeps sums of drawn amounts finite."""
MOST_ITEMS = 6
T = TypeVar("T")

texts = st.text(max_size=30)
amounts = st.one_of(
    st.floats(-LARGEST_AMOUNT, LARGEST_AMOUNT, allow_nan=False),
    st.integers(-(10**9), 10**9),
)
optional_amounts = st.none() | amounts
iso_dates = st.dates().map(lambda d: d.isoformat())


def _items(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=MOST_ITEMS).map(tuple)


headers = st.builds(
    PlanHeader,
    scenario_name=texts,
    catalog_revision=st.integers(0, 10**6),
    status=st.sampled_from(SolveStatus),
    objective_value=optional_amounts,
    objective_bound=optional_amounts,
    relative_gap=st.none() | st.floats(0.0, 1.0),
    solve_seconds=st.floats(0.0, 1e5),
    currency=texts,
    options_considered=st.integers(0, 10**6),
    options_eligible=st.integers(0, 10**7),
    proven_over=st.sampled_from(OptionScope),
    organisation_name=texts,
)
conflicts = st.builds(
    Conflict,
    family=st.sampled_from(ConstraintFamily),
    message=texts,
    fields=_items(texts),
    amount=optional_amounts,
)
components = st.builds(
    Component,
    key=texts,
    label=texts,
    value=amounts,
    weight=st.floats(0.0, 1.0),
    points=st.floats(0.0, 100.0),
    explanation=texts,
)
scores = st.builds(Score, components=_items(components))
line_items = st.builds(
    LineItem,
    kind=st.sampled_from(VenueKind),
    provider=texts,
    provider_name=texts,
    jurisdiction=texts,
    item=texts,
    term=texts,
    quantity=amounts,
    unit=texts,
    unit_cost=amounts,
    annual_cost=amounts,
    venue_key=texts,
    interruptible=st.booleans(),
    purchase_price=optional_amounts,
    capital_outlay=st.none() | st.floats(0.0, LARGEST_AMOUNT),
)
allocations = st.builds(
    PlanAllocation,
    workload_id=texts,
    model_id=texts,
    venue_key=texts,
    venue_kind=st.sampled_from(VenueKind),
    precision=st.none() | texts,
    share=st.sampled_from([0.0, 1.0]) | st.floats(0.0, 1.0),
    tokens_per_second=amounts,
    tokens_per_year=amounts,
    accelerators=amounts,
    request_class=st.just("") | texts,
    input_tokens_per_second=optional_amounts,
    serving=st.none()
    | st.builds(
        ServingTrail,
        tensor_parallel=st.sampled_from([1, 2, 4, 8]),
        batch=st.integers(1, 2048),
        ttft_ms=amounts,
        tpot_ms=amounts,
        ttft_target_ms=st.none() | amounts,
        tpot_target_ms=st.none() | amounts,
        limited_by=texts,
        basis=st.sampled_from([b.value for b in CapacityBasis]),
        basis_source=st.none() | texts,
    ),
)
weakest_links = _items(
    st.builds(
        WeakestLink,
        objective=texts,
        level=st.integers(0, 4),
        venue_key=texts,
        venue_name=texts,
        rule=texts,
        reason=texts,
    )
)
workloads = st.builds(
    WorkloadFigures,
    workload_id=texts,
    kind=st.sampled_from(WorkloadKind),
    critical=st.booleans(),
    demand_tokens_per_second=amounts,
    demand_input_tokens_per_second=optional_amounts,
    covered_tokens_per_second=amounts,
    tokens_per_year=amounts,
    annual_cost=amounts,
    cost_per_mtok=amounts,
    independence=optional_amounts,
    weakest_link=weakest_links,
)
sources = st.builds(
    PlanSources,
    cost_assumptions=st.builds(
        CostAssumptions,
        currency=texts,
        discount_rate=amounts,
        horizon_years=amounts,
        networking_capex_share=amounts,
        operations_share_of_capex_per_year=amounts,
        average_power_fraction=amounts,
    ),
    fx_rates=st.dictionaries(texts, amounts, max_size=MOST_ITEMS).map(
        lambda rates: tuple(FxRate(currency=c, usd_per_unit=r) for c, r in rates.items())
    ),
    catalog_figures=_items(
        st.builds(
            Figure,
            subject=texts,
            figure=texts,
            value=texts,
            source_id=texts,
            source_title=texts,
            citation=texts,
            as_of=iso_dates,
            perishable=st.booleans(),
        )
    ),
    ages_checked_on=st.none() | iso_dates,
    stale_after_days=st.integers(0, 10**4),
).map(  # a threshold is kept only with the day it was applied on, as the JSON keeps it
    lambda s: s if s.ages_checked_on else replace(s, stale_after_days=STALE_AFTER_DAYS)
)
shares = st.floats(0.0, 1.0)
dependency_maps = st.builds(
    DependencyMap,
    actors=_items(st.builds(Actor, id=texts, kind=st.sampled_from(ActorKind), name=texts,
                            country=texts)),
    chains=_items(
        st.builds(
            VenueChain, workload_id=texts, venue_key=texts, venue_kind=st.sampled_from(VenueKind),
            venue_name=texts, share=shares,
            model_id=texts, developer=texts, developer_country=texts, licence=texts,
            open_weight=st.booleans(), runs_without_developer=st.booleans(), operator=texts,
            ultimate_parent=texts, parent_country=texts, location=texts, accelerator=texts,
            accelerator_vendor=texts, vendor_country=texts, export_control=texts,
            links=_items(st.builds(Link, actor_id=texts, layer=st.sampled_from(Layer),
                                   how=texts)),
        )
    ),
    exposures=_items(st.builds(Exposure, actor_id=texts, workload_id=texts,
                               critical=st.booleans(), share=shares, fallback=st.booleans())),
    totals=_items(st.builds(ActorShare, actor_id=texts, plan_share=shares,
                            critical_share=st.none() | shares)),
)  # fmt: skip


def _with_capital_recorded(result: PlanResult) -> PlanResult:
    """A plan that records its capital outlay (version 2) has it on every owned line, and
    its outlay is theirs summed; one that does not (version 1) has it on none."""
    recorded = result.capital is not None
    items = tuple(
        replace(i, purchase_price=(i.purchase_price or 0.0) if recorded else None,
                capital_outlay=(i.capital_outlay or 0.0) if recorded else None)
        if i.kind is VenueKind.OWNED else i
        for i in result.line_items
    )  # fmt: skip
    if result.capital is None:
        return replace(result, line_items=items)
    outlay = float(sum(i.capital_outlay or 0.0 for i in items))
    return replace(result, line_items=items, capital=replace(result.capital, outlay=outlay))


results = st.builds(
    PlanResult,
    annual_cost=amounts,
    cost_by_category=st.lists(st.sampled_from(Category), unique=True).flatmap(
        lambda categories: st.tuples(
            *(st.builds(CategoryCost, category=st.just(c), annual_cost=amounts) for c in categories)
        )
    ),
    cost_by_provider=st.dictionaries(texts, amounts, max_size=MOST_ITEMS).map(
        lambda costs: tuple(ProviderCost(provider_id=p, annual_cost=a) for p, a in costs.items())
    ),
    scores=st.builds(
        PlanScores,
        independence=scores,
        lock_in=scores,
        provider_hhi=st.floats(0.0, 10_000.0),
        effective_providers=st.floats(0.0, 1e4),
        weakest_link=weakest_links,
    ),
    line_items=_items(line_items),
    allocations=_items(allocations),
    workloads=_items(workloads),
    sources=sources,
    dependencies=st.none() | dependency_maps,
    capital=st.none() | st.builds(CapitalSpend, outlay=st.just(0.0), budget=optional_amounts),
).map(_with_capital_recorded)
plan_documents = st.builds(
    PlanDocument,
    header=headers,
    conflicts=_items(conflicts),
    alternatives=st.dictionaries(texts, _items(texts), max_size=MOST_ITEMS).map(
        lambda found: tuple(
            WorkloadAlternatives(workload_id=w, provider_names=names) for w, names in found.items()
        )
    ),
    result=st.none() | results,
    resilience=st.none()
    | st.builds(
        Resilience,
        must_survive=_items(texts),
        shocks=_items(texts),
        annual_cost=amounts,
        plain_annual_cost=amounts,
    ),
)
