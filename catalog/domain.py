"""Frozen, session-free copies of catalog rows for planner/ and worker threads.

The planner never sees an ORM instance: `catalog.snapshot.load_catalog()` reads everything
once, applies the price books, and returns these plain dataclasses, safe to pass between
threads.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import NewType

AcceleratorId = NewType("AcceleratorId", str)
ProviderId = NewType("ProviderId", str)
ModelId = NewType("ModelId", str)


@dataclass(frozen=True, slots=True)
class Provenance:
    source_id: str
    as_of: date


@dataclass(frozen=True, slots=True)
class Accelerator:
    id: AcceleratorId
    name: str
    vendor: str
    vendor_country: str
    generation: str
    memory_gb: float
    mem_bandwidth_tbps: float
    bf16_dense_tflops: float
    fp8_dense_tflops: float | None
    int8_dense_tops: float | None
    fp4_dense_tflops: float | None
    export_control_exposure: str
    provenance: Provenance
    interconnect_gb_per_s: float | None = None


@dataclass(frozen=True, slots=True)
class AIModel:
    id: ModelId
    name: str
    family: str
    developer: str
    origin_country: str
    open_weight: bool
    kind: str
    architecture: str | None
    total_params_b: float | None
    active_params_b: float | None
    layers: int | None
    kv_heads: int | None
    head_dim: int | None
    context_tokens: int | None
    licence: str | None
    quality_score: float | None
    quality_benchmark: str | None
    provenance: Provenance
    attention_heads: int | None = None
    hidden_size: int | None = None
    num_experts: int | None = None
    experts_per_token: int | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    seal_level: int
    justification: str
    is_own_judgement: bool
    provenance: Provenance
    rubric_rule: str | None = None
    """The rubric rule (docs/scoring.md) an own-judgement level follows, e.g. `R-SOV2-d`."""


@dataclass(frozen=True, slots=True)
class Provider:
    id: ProviderId
    name: str
    legal_group: str
    hq_country: str
    parent_jurisdiction: str
    kind: str
    extraterritorial_exposure: str | None
    egress_price_per_gb: float
    egress_currency: str
    assessments: dict[str, Assessment] = field(hash=False, compare=False)
    provenance: Provenance = field(compare=False)


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    provider_id: ProviderId
    code: str
    name: str
    country: str
    jurisdiction_bloc: str


@dataclass(frozen=True, slots=True)
class CloudOffer:
    id: str
    provider_id: ProviderId
    region_id: str
    instance_type: str
    accelerator_id: AcceleratorId
    accelerators_per_instance: int
    list_price_per_instance_hour: float
    price_per_instance_hour: float
    currency: str
    price_basis: str
    pricing_term: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class ApiOffer:
    id: str
    ai_model_id: ModelId
    provider_id: ProviderId
    data_zone: str
    input_price_per_mtok: float
    output_price_per_mtok: float
    currency: str
    price_basis: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class ServerSku:
    id: str
    name: str
    oem: str
    accelerator_id: AcceleratorId
    accelerator_count: int
    unit_price: float
    currency: str
    price_basis: str
    power_kw: float
    rack_units: int
    lead_time_weeks: float
    useful_life_years: float
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    name: str
    country: str
    electricity_price_per_kwh: float
    currency: str
    pue: float
    colocation_price_per_kw_month: float
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    citation: str
    as_of: date


@dataclass(frozen=True, slots=True)
class ServingEfficiencyRow:
    id: str
    generation: str | None
    bandwidth_fraction: float
    bandwidth_kept_per_tp_doubling: float
    bf16_compute_fraction: float
    fp8_compute_fraction: float
    fp4_compute_fraction: float
    prefill_compute_gain: float
    step_overhead_us_per_layer: float
    interconnect_fraction: float
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class ServingBenchmark:
    id: str
    engine: str
    ai_model_id: ModelId
    accelerator_id: AcceleratorId
    precision: str
    accelerators: int
    input_tokens: int
    output_tokens: int
    concurrency: int | None
    output_tokens_per_second: float
    provenance: Provenance
    excluded_from_fit: str | None = None


@dataclass(frozen=True, slots=True)
class ServingProfile:
    """A measured throughput of one replica (catalog/user_tables.py)."""

    id: str
    ai_model_id: ModelId
    accelerator_id: AcceleratorId
    precision: str
    tensor_parallel: int
    input_tokens: int
    output_tokens: int
    tpot_ms: float | None
    ttft_ms: float | None
    output_tokens_per_second: float | None
    requests_per_second: float | None
    source: str
    as_of: date


@dataclass(frozen=True)
class Catalog:
    """Everything the planner needs, keyed by id, with price books already applied."""

    revision: int
    accelerators: dict[AcceleratorId, Accelerator]
    ai_models: dict[ModelId, AIModel]
    providers: dict[ProviderId, Provider]
    regions: dict[str, Region]
    cloud_offers: dict[str, CloudOffer]
    api_offers: dict[str, ApiOffer]
    server_skus: dict[str, ServerSku]
    sites: dict[str, Site]
    usd_per_unit: dict[str, float]
    sources: dict[str, Source]
    serving_efficiency: tuple[ServingEfficiencyRow, ...]
    serving_benchmarks: tuple[ServingBenchmark, ...]
    fx_provenance: dict[str, Provenance] = field(default_factory=dict)
    """Where each exchange rate comes from and when it held, by currency code."""
    serving_profiles: tuple[ServingProfile, ...] = ()
    """The organisation's own measurements, preferred to the capacity model's estimates."""

    def convert(self, amount: float, from_currency: str, to_currency: str) -> float:
        """Money in another currency through the catalog's USD rates."""
        if from_currency == to_currency:
            return amount
        return amount * self.usd_per_unit[from_currency] / self.usd_per_unit[to_currency]
