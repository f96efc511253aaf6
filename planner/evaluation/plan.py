"""A plan: what is bought or rented, and which workload runs where.

Plain data, so a plan made by hand, returned by the solver or loaded from a file is
costed and scored by the same functions (cost.py, scoring.py).
"""

from dataclasses import dataclass, field
from enum import StrEnum


class VenueKind(StrEnum):
    """Where a model runs: owned servers at a site, a rented cloud offer, or an API."""

    OWNED = "owned"
    CLOUD = "cloud"
    API = "api"


@dataclass(frozen=True, slots=True)
class OwnedLine:
    """Servers of one SKU bought and hosted at one site."""

    sku_id: str
    site_id: str
    servers: int


@dataclass(frozen=True, slots=True)
class CloudLine:
    """Instances of one cloud offer (provider, region, instance type, pricing term), rented all
    year, plus instance-hours rented only when needed (fine-tuning runs)."""

    offer_id: str
    instances: int
    extra_instance_hours: float = 0.0


@dataclass(frozen=True, slots=True)
class ApiLine:
    """Token volume bought from one API offer per year."""

    offer_id: str
    input_mtok_per_year: float
    output_mtok_per_year: float


@dataclass(frozen=True, slots=True)
class Venue:
    """A reference to one line of the plan: (kind, SKU@site / cloud offer / API offer)."""

    kind: VenueKind
    id: str
    site_id: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.id}" + (f"@{self.site_id}" if self.site_id else "")


@dataclass(frozen=True, slots=True)
class ServingTrail:
    """What an allocation's capacity figure stands on: one replica of `tensor_parallel`
    accelerators of one machine at a batch, its latency against the workload's targets, what
    limits it, and whether the figure is the capacity model's estimate or a measurement."""

    tensor_parallel: int
    batch: int
    ttft_ms: float
    tpot_ms: float
    ttft_target_ms: float | None
    tpot_target_ms: float | None
    limited_by: str
    """memory_capacity, memory_bandwidth, compute, interconnect or latency_target."""
    basis: str
    """"estimate" (the roofline of docs/capacity.md) or "measured" (the organisation's serving
    profiles, planner/capacity/measured.py)."""
    basis_source: str | None = None
    """For a measured basis, the measurements' source and date; None for an estimate."""


@dataclass(frozen=True, slots=True)
class Allocation:
    """Part of one workload served by one model on one venue.

    `accelerators` is the continuous accelerator-equivalents the allocation occupies
    (0 for an API); `tokens_per_year` counts input and output tokens served. `share` is of
    the whole workload's tokens, also for an allocation of one request class.
    """

    workload_id: str
    model_id: str
    venue: Venue
    precision: str | None
    share: float
    tokens_per_second: float
    tokens_per_year: float
    accelerators: float = 0.0
    request_class: str = ""
    """The request class served ("8000/500", input/output tokens); "" for all requests."""
    serving: ServingTrail | None = None
    """How one replica serves it, and on what basis; None for an API or a fine-tuning run."""


@dataclass(frozen=True)
class Plan:
    owned: tuple[OwnedLine, ...] = ()
    cloud: tuple[CloudLine, ...] = ()
    api: tuple[ApiLine, ...] = ()
    allocations: tuple[Allocation, ...] = field(default=())
