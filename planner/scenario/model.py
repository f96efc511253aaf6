"""A scenario: the organisation, its sites, workloads and policy — what the optimiser must meet.

Plain frozen data; `reader.py` reads and validates it from TOML by the field table
(`field_table.py`), and the GUI edits it through `document.py`.
"""

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from planner.capacity.finetune import FineTuneMethod
from planner.capacity.physics import Precision
from planner.evaluation.cost import CostAssumptions
from planner.evaluation.organisation import Organisation
from planner.evaluation.scoring import ScoreWeights
from planner.scenario.data_classes import DataClass as DataClass
from planner.scenario.roadmap import Roadmap

if TYPE_CHECKING:  # shocks.py names the data classes, so it imports this module
    from planner.scenario.shocks import Shock

DAYS_PER_YEAR = 365.0
SECONDS_PER_DAY = 86_400.0


class OrganisationKind(StrEnum):
    BANK = "bank"
    GOVERNMENT = "government"
    OTHER = "other"


class WorkloadKind(StrEnum):
    INTERACTIVE = "interactive"
    BATCH = "batch"
    EMBEDDING = "embedding"
    FINE_TUNING = "fine_tuning"


DATA_CLASS_SEAL_FLOORS: dict[DataClass, dict[str, int]] = {
    DataClass.PUBLIC: {},
    DataClass.INTERNAL: {"SOV-3": 2},
    DataClass.CONFIDENTIAL: {"SOV-2": 3, "SOV-3": 3},
    DataClass.SECRET: {"SOV-1": 4, "SOV-2": 4, "SOV-3": 4},
}
"""Default minimum SEAL levels per data class (our choice, after the Commission's framework:
confidential data needs assured legal and data sovereignty; secret data needs full control).
A workload's own `min_seal` entries override these."""


class Objective(StrEnum):
    COST = "cost"
    """Minimum annual cost."""
    WEIGHTED = "weighted"
    """Minimum cost plus surcharges on spend that is less independent or more locking-in."""
    LEXICOGRAPHIC = "lexicographic"
    """Minimum cost first; then, within `cost_slack` of it, the most independent plan."""


@dataclass(frozen=True, slots=True)
class SiteRequirement:
    """A catalog site where the organisation may host owned servers, with its power limit."""

    site_id: str
    power_limit_kw: float | None = None


@dataclass(frozen=True, slots=True)
class RequestClass:
    """Requests of one size: their share of the workload's requests (not of its tokens).

    A workload's capacity is summed over its classes, each sized at its own shape, because
    throughput is not linear in the request length: sizing at the mean shape under-counts
    (docs/capacity.md, "Request sizes as they come")."""

    input_tokens: int
    output_tokens: int
    share: float

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    @property
    def label(self) -> str:
        """How plans and messages name the class: "8000/500" (input/output tokens)."""
        return f"{self.input_tokens}/{self.output_tokens}"


@dataclass(frozen=True, slots=True)
class Workload:
    id: str
    kind: WorkloadKind
    input_tokens: int
    output_tokens: int
    tokens_per_day: float = 0.0
    """Input plus output tokens per average day (inference)."""
    peak_factor: float = 1.0
    """Peak demand over average demand; capacity is sized for the peak."""
    tpot_ms: float | None = None
    ttft_ms: float | None = None
    min_quality: float | None = None
    data_class: DataClass = DataClass.INTERNAL
    min_seal: dict[str, int] = field(default_factory=dict)
    critical: bool = False
    tokens_per_run: float = 0.0
    """Fine-tuning: training tokens per run."""
    runs_per_year: float = 0.0
    method: FineTuneMethod = FineTuneMethod.LORA
    data_gb: float = 0.0
    """Data the workload keeps at its venue (documents, indexes): leaves on exit (lock-in)."""
    request_classes: tuple[RequestClass, ...] = ()
    """Request sizes as they come; empty: every request has `input_tokens`/`output_tokens`.
    When given, those two hold the request-weighted means (rounded), for display only."""
    request_histogram: str | None = None
    """The CSV file the classes were read from, as the scenario names it."""
    growth_per_year: float | None = None
    """Build-out roadmap: yearly growth of its demand; None: the roadmap's default."""
    start_year: int = 1
    """Build-out roadmap: the first year (1-based) it has demand."""

    @property
    def seal_floors(self) -> dict[str, int]:
        return {**DATA_CLASS_SEAL_FLOORS[self.data_class], **self.min_seal}

    @property
    def mean_input_tokens(self) -> float:
        if not self.request_classes:
            return float(self.input_tokens)
        return sum(c.share * c.input_tokens for c in self.request_classes)

    @property
    def mean_output_tokens(self) -> float:
        if not self.request_classes:
            return float(self.output_tokens)
        return sum(c.share * c.output_tokens for c in self.request_classes)

    @property
    def requests_per_second_peak(self) -> float:
        per_request = self.mean_input_tokens + self.mean_output_tokens
        return self.tokens_per_day / per_request / SECONDS_PER_DAY * self.peak_factor

    @property
    def output_tokens_per_second_peak(self) -> float:
        return self.requests_per_second_peak * self.mean_output_tokens

    @property
    def tokens_per_year(self) -> float:
        if self.kind is WorkloadKind.FINE_TUNING:
            return self.tokens_per_run * self.runs_per_year
        return self.tokens_per_day * DAYS_PER_YEAR

    @property
    def input_share(self) -> float:
        return self.mean_input_tokens / (self.mean_input_tokens + self.mean_output_tokens)

    def token_share(self, request_class: RequestClass) -> float:
        """The share of the workload's tokens that requests of this class carry."""
        return (
            request_class.share
            * request_class.tokens
            / (self.mean_input_tokens + self.mean_output_tokens)
        )

    def class_token_share(self, label: str) -> float:
        """The token share of the class a plan names by its label; 1 for "" (all requests)."""
        if not label:
            return 1.0
        return next(self.token_share(c) for c in self.request_classes if c.label == label)

    def for_class(self, request_class: RequestClass) -> "Workload":
        """The part of the workload whose requests have this class's size: its own demand,
        shape and share of the stored data, sized by the optimiser like a workload."""
        share = self.token_share(request_class)
        return replace(
            self,
            input_tokens=request_class.input_tokens,
            output_tokens=request_class.output_tokens,
            tokens_per_day=self.tokens_per_day * share,
            data_gb=self.data_gb * share,
            request_classes=(),
            request_histogram=None,
        )


@dataclass(frozen=True, slots=True)
class Demand:
    """One row of demand the optimiser covers: a workload, or one request class of it."""

    workload: Workload
    """Sized for the row: a class's own shape and demand."""
    parent: Workload
    request_class: RequestClass | None = None

    @property
    def label(self) -> str:
        """ "kyc", or "kyc 8000/500" for a class."""
        if self.request_class is None:
            return self.parent.id
        return f"{self.parent.id} {self.request_class.label}"

    @property
    def class_label(self) -> str:
        return "" if self.request_class is None else self.request_class.label

    @property
    def token_share(self) -> float:
        """Share of the parent's tokens this row carries (1 for a workload without classes)."""
        return 1.0 if self.request_class is None else self.parent.token_share(self.request_class)


def demands(workloads: tuple[Workload, ...]) -> tuple[Demand, ...]:
    """The rows of demand: each workload, or each of its request classes in order."""
    rows: list[Demand] = []
    for w in workloads:
        if not w.request_classes:
            rows.append(Demand(w, w))
            continue
        rows += [Demand(w.for_class(c), w, c) for c in w.request_classes]
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class Policy:
    max_provider_share: float = 1.0
    """Largest share of annual spend any one provider group may take (DORA concentration)."""
    survive_provider_loss: bool = False
    """Critical workloads keep enough capacity elsewhere to lose any one provider group."""
    survive_site_loss: bool = False
    """Critical workloads keep enough capacity elsewhere to lose any one of the
    organisation's sites (servers it owns survive the loss of one server in any case)."""
    allowed_providers: tuple[str, ...] = ()
    """If not empty, only these providers may be used."""
    excluded_providers: tuple[str, ...] = ()
    excluded_models: tuple[str, ...] = ()
    excluded_accelerator_vendors: tuple[str, ...] = ()
    allowed_precisions: tuple[Precision, ...] = ()
    """If not empty, self-hosted models are served only at these precisions."""
    min_independence: float | None = None
    max_lock_in: float | None = None
    objective: Objective = Objective.COST
    cost_slack: float = 0.05
    """Lexicographic objective: the cost increase accepted for more independence."""
    independence_surcharge: float = 0.0
    """Weighted objective: extra cost per unit of spend per 100 points of missing independence."""
    lock_in_surcharge: float = 0.0
    """Weighted objective: extra cost per unit of lock-in-prone spend (closed, committed)."""
    must_survive: tuple[str, ...] = ()
    """Shocks the plan's purchases must admit a recovery from (docs/stress.md, "Plans that
    survive chosen shocks"): shock names, a template's name or `<template>:*` for each
    supplier it ranges over, or `<template>:<provider or model id>`."""


@dataclass(frozen=True)
class Scenario:
    name: str
    organisation: Organisation
    kind: OrganisationKind
    assumptions: CostAssumptions
    annual_budget: float | None
    capex_budget: float | None
    sites: tuple[SiteRequirement, ...]
    workloads: tuple[Workload, ...]
    policy: Policy = field(default_factory=Policy)
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    shocks: tuple["Shock", ...] = ()
    """The organisation's own lease changes to stress its plan with (docs/stress.md)."""
    roadmap: Roadmap = field(default_factory=Roadmap)
    """How the multi-year build-out is planned (docs/roadmap.md); a plan ignores it."""


def input_shares(workloads: tuple[Workload, ...]) -> dict[tuple[str, str], float]:
    """The input tokens' share of each row of demand, by (workload id, request class label):
    how an API allocation's tokens split into input and output."""
    return {(d.parent.id, d.class_label): d.workload.input_share for d in demands(workloads)}
