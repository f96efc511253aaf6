"""The plan document: one typed record of a solve's outcome that every reader shares.

The GUI's results view, `sovplan plan`, `sovplan scenario show`, every export, the stored
plan of a saved scenario and the comparison all read this one value, so each shows the same
figure from the same object. It is built once from the live outcome
(planner/results/plan_builder.py) and turned into JSON, or read back from it, only at the
edge (planner/results/plan_json.py: `sovplan plan --json`, the workspace's stored column).

Every type is frozen. Amounts are in `PlanHeader.currency`, and an "annual" amount is that
currency per year. Later issues extend the document by adding fields with a default (a
tensor-parallel size per allocation, the weakest-link SEAL, a dependency map); a plan stored
without them still loads, so such additions keep `SCHEMA_VERSION`. Renaming, removing or
changing the meaning of a field raises it, with an upgrade step in the decoder; so does a
field whose absence must mean "not recorded" rather than "none": version 2 records the
capital outlay (each owned line's list price and outlay, the plan's outlay against its
capital budget), where a budget of null means the scenario sets none; a version 1 plan
reads as not having recorded them (`PlanResult.capital` None).
"""

from dataclasses import dataclass

from planner.evaluation.cost import TOKENS_PER_MTOK, Category, CostAssumptions
from planner.evaluation.dependencies import (
    Actor,
    ActorKind,
    ActorShare,
    DependencyMap,
    Exposure,
    Layer,
    Link,
    VenueChain,
)
from planner.evaluation.interruption import INTERRUPTIBLE, is_interruptible
from planner.evaluation.line_items import LineItem
from planner.evaluation.plan import ServingTrail, VenueKind
from planner.evaluation.scoring import Component, Score
from planner.evaluation.weakest_link import WeakestLink, overall_seal
from planner.optimise.planning import Conflict, OptionScope, Resilience
from planner.results.plan_appendix import (
    STALE_AFTER_DAYS,
    Figure,
    FxRate,
    PlanSources,
    StaleFigure,
)
from planner.scenario.model import WorkloadKind
from solver.problem import SolveStatus

SCHEMA_VERSION = 2
"""Version of the plan's JSON; plans stored before it was written carry none and are 1.
Version 2 records the capital outlay (`CapitalSpend`, `LineItem.purchase_price`)."""

__all__ = [
    "SCHEMA_VERSION",
    "STALE_AFTER_DAYS",
    "Actor",
    "ActorKind",
    "ActorShare",
    "CapitalSpend",
    "Category",
    "CategoryCost",
    "Component",
    "Conflict",
    "CostAssumptions",
    "DependencyMap",
    "Exposure",
    "Figure",
    "FxRate",
    "Layer",
    "LineItem",
    "Link",
    "OptionScope",
    "PlanAllocation",
    "PlanDocument",
    "PlanHeader",
    "PlanResult",
    "PlanScores",
    "PlanSources",
    "ProviderCost",
    "Resilience",
    "Score",
    "ServingTrail",
    "SolveStatus",
    "StaleFigure",
    "VenueChain",
    "VenueKind",
    "WeakestLink",
    "WorkloadAlternatives",
    "WorkloadFigures",
    "WorkloadKind",
]


PROVEN_STATUSES = frozenset({SolveStatus.OPTIMAL, SolveStatus.FEASIBLE, SolveStatus.INFEASIBLE})
"""Statuses that are a proof (or a bound) over some set of options."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanHeader:
    """What the solve was asked and how it ended; present with or without a plan."""

    scenario_name: str
    catalog_revision: int
    """The catalog revision the plan was solved against."""
    status: SolveStatus
    objective_value: float | None
    """The solver's objective (the annual cost when the objective is cost); None without
    a plan."""
    objective_bound: float | None
    """The best bound the solver proved on the objective."""
    relative_gap: float | None
    """(objective − bound) relative to the objective, a fraction; 0 when proven optimal."""
    solve_seconds: float
    currency: str
    """ISO 4217 code of every amount in the document."""
    options_considered: int
    """(model, venue, precision) options the solver chose from."""
    options_eligible: int = 0
    """Every eligible option, before exact dominance and pruning; 0: not recorded (a plan
    stored before it was)."""
    proven_over: OptionScope = OptionScope.PRUNED
    """The options the status, bound and gap hold for: all eligible options, or only the
    pruned set the solver searched (every plan stored before this field was)."""
    organisation_name: str = ""
    """Whose plan it is, as the scenario names the organisation; "" in a plan stored before
    version 2."""

    @property
    def status_text(self) -> str:
        """The status as every face shows it: bare "optimal" only when proven over every
        eligible option."""
        status = self.status.value.replace("_", " ")
        if self.proven_over is OptionScope.PRUNED and self.status in PROVEN_STATUSES:
            return f"{status} over a pruned set of options"
        return status

    @property
    def scope_text(self) -> str:
        """Which options the solve covered, in words."""
        considered = f"{self.options_considered:,}"
        if self.proven_over is OptionScope.ALL:
            if self.options_eligible == self.options_considered:
                return f"over all {considered} eligible options"
            return (
                f"over all {self.options_eligible:,} eligible options; {considered} after "
                "exact dominance"
            )
        if self.options_eligible:
            considered += f" of {self.options_eligible:,} eligible"
        return f"{considered} options searched; not proven over every eligible option"


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkloadAlternatives:
    """Every provider (or own site) with an eligible option for one workload: who could take
    over its work, the substitutes a DORA register of information asks for."""

    workload_id: str
    provider_names: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryCost:
    category: Category
    annual_cost: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderCost:
    provider_id: str
    """A catalog provider id, or `own:<site>` for servers the organisation owns."""
    annual_cost: float


@dataclass(frozen=True, slots=True, kw_only=True)
class CapitalSpend:
    """What the plan's purchases cost up front, against the scenario's capital budget."""

    outlay: float
    """The owned lines' capital outlay summed: servers at list price plus the networking
    share, the figure the capital budget limits (0 when nothing is bought)."""
    budget: float | None
    """The scenario's capital budget; None when it sets none."""

    @property
    def budget_share(self) -> float | None:
        """The share of the capital budget the outlay uses; None without a (positive) budget."""
        return self.outlay / self.budget if self.budget else None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanScores:
    independence: Score
    """0–100, higher is better: SOV-1…8 of the EU Cloud Sovereignty Framework."""
    lock_in: Score
    """0–100, lower is better."""
    provider_hhi: float
    """Herfindahl–Hirschman index of third-party spend by legal group, 0 to 10,000."""
    effective_providers: float
    """10,000 / HHI: how many equal third-party providers give the same concentration."""
    weakest_link: tuple[WeakestLink, ...] = ()
    """Per objective, in SOV order, the lowest SEAL among the plan's venues (standby
    included) and the venue that sets it: the framework's gate beside the average. Empty in
    a plan stored before it was reported."""

    @property
    def weakest_seal(self) -> int | None:
        """The plan's framework-style SEAL: the lowest over every objective."""
        return overall_seal(self.weakest_link)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanAllocation:
    """Part of one workload served by one model on one venue."""

    workload_id: str
    model_id: str
    venue_key: str
    """`owned:<sku>@<site>`, `cloud:<offer>` or `api:<offer>`, as line items name it."""
    venue_kind: VenueKind
    precision: str | None
    share: float
    """Fraction of the workload's demand served here; 0 for a standby."""
    tokens_per_second: float
    tokens_per_year: float
    accelerators: float
    """Accelerator-equivalents occupied (0 for an API)."""
    request_class: str = ""
    """The request class served ("8000/500": input/output tokens); "" for all requests."""
    input_tokens_per_second: float | None = None
    """Input tokens per second at peak (what an embedding workload's throughput counts);
    None in a plan stored before version 2."""
    serving: ServingTrail | None = None
    """Self-hosted inference: the replica (tensor-parallel size, batch), its TTFT and TPOT
    against the targets, what limits it and the basis of the figure (the estimate, or the
    measurement and its source). None for an API, a fine-tuning run, or a plan stored before
    the trail was recorded."""
    interruptible: bool = False
    """On spot capacity, which the provider may take back at any time (never a critical
    workload's)."""

    @property
    def venue_text(self) -> str:
        """The venue as every face shows it: spot capacity says it is interruptible."""
        return f"{self.venue_key} ({INTERRUPTIBLE})" if self.interruptible else self.venue_key

    @property
    def standby(self) -> bool:
        """Ready to take over, serving none of the demand while the other venues run."""
        return self.share == 0


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkloadFigures:
    workload_id: str
    kind: WorkloadKind
    critical: bool
    demand_tokens_per_second: float
    """Output tokens per second at peak; 0 for fine-tuning."""
    demand_input_tokens_per_second: float | None = None
    """Input tokens per second at peak; 0 for fine-tuning, None in a plan stored before
    version 2."""
    covered_tokens_per_second: float
    """Sum of the allocations' tokens per second."""
    tokens_per_year: float
    annual_cost: float
    """The workload's share of its venues' cost."""
    cost_per_mtok: float
    """Annual cost per million tokens; 0 without tokens."""
    independence: float | None = None
    """0–100: the workload's venues averaged by the share of its demand each serves; None
    when nothing serves it, or in a plan stored before it was reported."""
    weakest_link: tuple[WeakestLink, ...] = ()
    """Per objective, the lowest SEAL among the workload's venues (standby included)."""

    @property
    def weakest_seal(self) -> int | None:
        return overall_seal(self.weakest_link)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanResult:
    """A plan's figures: what is bought, what it costs, how it scores, where work runs."""

    annual_cost: float
    cost_by_category: tuple[CategoryCost, ...]
    """Every category, in the order of `Category`."""
    cost_by_provider: tuple[ProviderCost, ...]
    """Largest first."""
    scores: PlanScores
    line_items: tuple[LineItem, ...]
    allocations: tuple[PlanAllocation, ...]
    workloads: tuple[WorkloadFigures, ...]
    """Every workload of the scenario, in its order."""
    sources: PlanSources
    dependencies: DependencyMap | None = None
    """Who can switch the plan off: each workload's chain of actors (model developer,
    compute operator and parent, hardware vendor, the law over each) and each actor's share
    of the capacity it alone could stop. None in a plan stored before it was reported."""
    capital: CapitalSpend | None = None
    """The capital outlay against the capital budget; None in a plan stored before
    version 2 recorded it."""
    annual_budget: float | None = None
    """The scenario's annual budget, which the annual cost must stay within; None when it
    sets none, and in a plan stored before it was recorded (the cost is then shown alone)."""

    @property
    def annual_budget_share(self) -> float | None:
        """The share of the annual budget the annual cost uses; None without a budget."""
        return self.annual_cost / self.annual_budget if self.annual_budget else None

    @property
    def tokens_per_year(self) -> float:
        """Tokens all workloads serve a year, input and output, fine-tuning included."""
        return float(sum(w.tokens_per_year for w in self.workloads))

    @property
    def cost_per_mtok(self) -> float | None:
        """Annual cost per million tokens over all workloads; None without tokens."""
        tokens = self.tokens_per_year
        return self.annual_cost / (tokens / TOKENS_PER_MTOK) if tokens > 0 else None

    def provider_names(self) -> dict[str, str]:
        """Provider id → display name, from the line items."""
        return {item.provider: item.provider_name for item in self.line_items}

    def venue_name(self, allocation: PlanAllocation) -> str:
        """Where an allocation runs, by name ("Verda: 1A100.22V in FIN-01"), spot capacity
        marked interruptible; the venue key when no line item names it."""
        found = next((i for i in self.line_items if i.venue_key == allocation.venue_key), None)
        name = allocation.venue_key if found is None else f"{found.provider_name}: {found.item}"
        return f"{name} ({INTERRUPTIBLE})" if allocation.interruptible else name

    def venue_label(self, venue_key: str, name: str) -> str:
        """A venue's name as a report shows it: spot capacity marked interruptible."""
        spot = any(
            i.venue_key == venue_key and (i.interruptible or is_interruptible(i.term))
            for i in self.line_items
        )
        return f"{name} ({INTERRUPTIBLE})" if spot else name

    def cost_per_mtok_by_workload(self) -> dict[str, float]:
        """Each workload's annual cost per million tokens, by workload id."""
        return {w.workload_id: w.cost_per_mtok for w in self.workloads}


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanDocument:
    """A solve's outcome: the header, why no plan exists (conflicts) or the plan itself."""

    header: PlanHeader
    conflicts: tuple[Conflict, ...] = ()
    """Requirements that cannot all hold, each with its amount; empty with a plan."""
    alternatives: tuple[WorkloadAlternatives, ...] = ()
    result: PlanResult | None = None
    """None when no plan was found (infeasible, timed out, cancelled, failed)."""
    resilience: Resilience | None = None
    """A plan that must survive chosen shocks (`policy.must_survive`): which shocks, and the
    price of resilience against the plain optimum. None for a plain plan, and for every plan
    stored before robust plans existed."""

    def alternatives_for(self, workload_id: str) -> tuple[str, ...]:
        found = next((a for a in self.alternatives if a.workload_id == workload_id), None)
        return found.provider_names if found else ()
