"""The catalog's tables: typed ORM classes with units in their column names.

Every fact row points at a `Source` and carries the date the figure held (`as_of`).
Column `info` dicts carry the validation rules (range, choices, slug) that imports and
GUI edits share, so a rule is written once, next to the column it guards.
"""

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column

from catalog.base import Base

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
"""Natural keys are readable slugs, so exports diff well and references survive re-imports."""

PRICING_TERMS = ("on_demand", "spot", "commit_1y", "commit_3y")
PROVIDER_KINDS = ("hyperscaler", "sovereign_cloud", "neocloud", "model_api_vendor")
JURISDICTION_BLOCS = ("EU", "EEA", "CH", "UK", "US", "CN", "OTHER")
DATA_ZONES = (*JURISDICTION_BLOCS, "GLOBAL")
EXPOSURE_LEVELS = ("none", "low", "medium", "high")
EUCS_LEVELS = ("basic", "substantial", "high")
SOVEREIGNTY_OBJECTIVES = tuple(f"SOV-{n}" for n in range(1, 9))
"""European Commission Cloud Sovereignty Framework (2025), objectives SOV-1 … SOV-8."""
SEAL_MIN, SEAL_MAX = 0, 4
"""Sovereignty Effective Assurance Levels of the same framework: SEAL-0 … SEAL-4."""
RUBRIC_RULE_PATTERN = r"^R-[A-Z0-9]+-[a-z0-9]+(\+R-[A-Z0-9]+-[a-z0-9]+)*$"
"""A rubric rule id (`R-SOV3-d`), or several that bind together (`R-SOV3-d+R-SOV3-b`)."""
MODEL_KINDS = ("chat", "embedding")
ARCHITECTURES = ("dense", "moe")

_TAIL = 1000
"""sort_order of the provenance columns, so they come last in every table and export."""


def _id() -> MappedColumn[Any]:
    return mapped_column(String(120), primary_key=True, info={"slug": True})


def _ref(target: str, *, nullable: bool = False, ondelete: str | None = None) -> MappedColumn[Any]:
    return mapped_column(String(120), ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _country() -> MappedColumn[Any]:
    return mapped_column(String(2), info={"country": True})


def _positive(**info: object) -> MappedColumn[Any]:
    return mapped_column(info={"gt": 0, **info})


def _optional_positive(**info: object) -> MappedColumn[Any]:
    return mapped_column(info={"gt": 0, **info})


def _non_negative(**info: object) -> MappedColumn[Any]:
    return mapped_column(info={"min": 0, **info})


def _choice(choices: tuple[str, ...], *, nullable: bool = False) -> MappedColumn[Any]:
    return mapped_column(String(40), nullable=nullable, info={"choices": choices})


def _currency(*, nullable: bool = False) -> MappedColumn[Any]:
    return mapped_column(String(3), ForeignKey("fx_rates.currency"), nullable=nullable)


class Provenance:
    """Where a row's figures come from and when they held."""

    source_id: Mapped[str] = mapped_column(String(120), ForeignKey("sources.id"), sort_order=_TAIL)
    as_of: Mapped[date] = mapped_column(Date, sort_order=_TAIL + 1)


class Notes:
    """Free-text caveats: DERIVED computations, our judgement, conflicting sources."""

    notes: Mapped[str | None] = mapped_column(Text, sort_order=_TAIL + 2)


class Source(Notes, Base):
    """A document, dataset or judgement that figures are taken from."""

    __tablename__ = "sources"

    id: Mapped[str] = _id()
    title: Mapped[str] = mapped_column(Text)
    citation: Mapped[str] = mapped_column(Text, info={"doc": "URL(s) or bibliographic citation"})
    as_of: Mapped[date] = mapped_column(Date)


class FxRate(Provenance, Base):
    """US dollars per unit of a currency; every money column references this table."""

    __tablename__ = "fx_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True, info={"currency_code": True})
    usd_per_unit: Mapped[float] = _positive(unit="USD")


class Accelerator(Provenance, Notes, Base):
    """A GPU/NPU type. TFLOPS are dense (no 2:4 sparsity)."""

    __tablename__ = "accelerators"

    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(200))
    vendor: Mapped[str] = mapped_column(String(120))
    vendor_country: Mapped[str] = _country()
    generation: Mapped[str] = mapped_column(String(40))
    form_factor: Mapped[str | None] = mapped_column(String(200))
    memory_gb: Mapped[float] = _positive(unit="GB")
    mem_bandwidth_tbps: Mapped[float] = _positive(unit="TB/s")
    bf16_dense_tflops: Mapped[float] = _positive(unit="TFLOPS")
    fp8_dense_tflops: Mapped[float | None] = _optional_positive(unit="TFLOPS")
    int8_dense_tops: Mapped[float | None] = _optional_positive(unit="TOPS")
    fp4_dense_tflops: Mapped[float | None] = _optional_positive(unit="TFLOPS")
    interconnect_gb_per_s: Mapped[float | None] = _optional_positive(
        unit="GB/s",
        doc="bandwidth to the other accelerators of the same machine (NVLink, Infinity Fabric, "
        "PCIe), both directions together, as datasheets quote it",
    )
    tdp_w: Mapped[float | None] = _optional_positive(unit="W")
    unit_price: Mapped[float | None] = _optional_positive()
    price_currency: Mapped[str | None] = _currency(nullable=True)
    export_control_exposure: Mapped[str] = _choice(EXPOSURE_LEVELS)
    export_control_note: Mapped[str | None] = mapped_column(Text)


class ServerSku(Provenance, Notes, Base):
    """An owned server that can be bought: accelerators, price, power, space and life."""

    __tablename__ = "server_skus"

    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(200))
    oem: Mapped[str] = mapped_column(String(120))
    accelerator_id: Mapped[str] = _ref("accelerators.id")
    accelerator_count: Mapped[int] = mapped_column(info={"gt": 0})
    unit_price: Mapped[float] = _positive()
    currency: Mapped[str] = _currency()
    power_kw: Mapped[float] = _positive(unit="kW", doc="maximum system power including the host")
    rack_units: Mapped[int] = mapped_column(info={"gt": 0, "unit": "U"})
    lead_time_weeks: Mapped[float] = _positive(unit="weeks")
    useful_life_years: Mapped[float] = _positive(unit="years")


class Provider(Provenance, Notes, Base):
    """A cloud or model-API provider, with the legal group that ultimately controls it."""

    __tablename__ = "providers"

    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(200))
    legal_group: Mapped[str] = mapped_column(
        String(200), info={"doc": "ultimate parent; equal groups are 'closely connected'"}
    )
    hq_country: Mapped[str] = _country()
    parent_jurisdiction: Mapped[str] = _country()
    kind: Mapped[str] = _choice(PROVIDER_KINDS)
    extraterritorial_exposure: Mapped[str | None] = mapped_column(Text)
    secnumcloud: Mapped[bool]
    bsi_c5: Mapped[bool]
    eucs_level: Mapped[str | None] = _choice(EUCS_LEVELS, nullable=True)
    gaia_x_label: Mapped[str | None] = mapped_column(String(200))
    egress_price_per_gb: Mapped[float] = _non_negative()
    egress_currency: Mapped[str] = _currency()


class SovereigntyAssessment(Provenance, Base):
    """A provider's level on one objective of the Commission's Cloud Sovereignty Framework."""

    __tablename__ = "sovereignty_assessments"

    provider_id: Mapped[str] = mapped_column(
        String(120), ForeignKey("providers.id"), primary_key=True
    )
    objective: Mapped[str] = mapped_column(
        String(8), primary_key=True, info={"choices": SOVEREIGNTY_OBJECTIVES}
    )
    seal_level: Mapped[int] = mapped_column(info={"min": SEAL_MIN, "max": SEAL_MAX})
    justification: Mapped[str] = mapped_column(Text)
    is_own_judgement: Mapped[bool]
    rubric_rule: Mapped[str | None] = mapped_column(
        String(80),
        info={
            "pattern": RUBRIC_RULE_PATTERN,
            "doc": "the rubric rule the level follows (docs/scoring.md), e.g. R-SOV2-d; "
            "rules binding together are joined by '+'; required for own judgement",
        },
    )


class Region(Provenance, Notes, Base):
    """Where a provider operates capacity, and under which jurisdiction bloc."""

    __tablename__ = "regions"

    id: Mapped[str] = _id()
    provider_id: Mapped[str] = _ref("providers.id")
    code: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = _country()
    jurisdiction_bloc: Mapped[str] = _choice(JURISDICTION_BLOCS)


class CloudOffer(Provenance, Notes, Base):
    """A rentable instance type in a region under one pricing term."""

    __tablename__ = "cloud_offers"

    id: Mapped[str] = _id()
    provider_id: Mapped[str] = _ref("providers.id")
    region_id: Mapped[str] = _ref("regions.id")
    instance_type: Mapped[str] = mapped_column(String(200))
    accelerator_id: Mapped[str] = _ref("accelerators.id")
    accelerators_per_instance: Mapped[int] = mapped_column(info={"gt": 0})
    price_per_instance_hour: Mapped[float] = _positive()
    currency: Mapped[str] = _currency()
    pricing_term: Mapped[str] = _choice(PRICING_TERMS)


class AIModel(Provenance, Notes, Base):
    """An AI model (LLM or embedding), open-weight or closed; not an ORM or solver model."""

    __tablename__ = "ai_models"

    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(200))
    family: Mapped[str] = mapped_column(String(120))
    developer: Mapped[str] = mapped_column(String(120))
    origin_country: Mapped[str] = _country()
    open_weight: Mapped[bool]
    kind: Mapped[str] = _choice(MODEL_KINDS)
    architecture: Mapped[str | None] = _choice(ARCHITECTURES, nullable=True)
    total_params_b: Mapped[float | None] = _optional_positive(unit="billion parameters")
    active_params_b: Mapped[float | None] = _optional_positive(unit="billion parameters")
    layers: Mapped[int | None] = mapped_column(info={"gt": 0})
    kv_heads: Mapped[int | None] = mapped_column(info={"gt": 0})
    head_dim: Mapped[int | None] = mapped_column(info={"gt": 0})
    attention_heads: Mapped[int | None] = mapped_column(
        info={"gt": 0, "doc": "query heads; with head_dim it sets the attention FLOPs"}
    )
    hidden_size: Mapped[int | None] = mapped_column(
        info={"gt": 0, "doc": "width of the residual stream that tensor parallelism all-reduces"}
    )
    num_experts: Mapped[int | None] = mapped_column(
        info={"gt": 0, "doc": "routed experts per MoE layer; empty for a dense model"}
    )
    experts_per_token: Mapped[int | None] = mapped_column(
        info={"gt": 0, "doc": "routed experts each token uses (top-k); empty for a dense model"}
    )
    context_tokens: Mapped[int | None] = mapped_column(info={"gt": 0, "unit": "tokens"})
    licence: Mapped[str | None] = mapped_column(String(200))
    quality_score: Mapped[float | None] = mapped_column(info={"min": 0, "max": 100})
    quality_benchmark: Mapped[str | None] = mapped_column(String(200))
    quality_source_id: Mapped[str | None] = _ref("sources.id", nullable=True)


class ApiOffer(Provenance, Notes, Base):
    """A per-token API price for a model at a provider, in a data zone."""

    __tablename__ = "api_offers"

    id: Mapped[str] = _id()
    ai_model_id: Mapped[str] = _ref("ai_models.id")
    provider_id: Mapped[str] = _ref("providers.id")
    region_id: Mapped[str | None] = _ref("regions.id", nullable=True)
    data_zone: Mapped[str] = _choice(DATA_ZONES)
    input_price_per_mtok: Mapped[float] = _non_negative(unit="per million input tokens")
    output_price_per_mtok: Mapped[float] = _non_negative(unit="per million output tokens")
    currency: Mapped[str] = _currency()


class Site(Provenance, Notes, Base):
    """A place an organisation could host owned servers: power price, PUE, colocation."""

    __tablename__ = "sites"

    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = _country()
    electricity_price_per_kwh: Mapped[float] = _positive()
    currency: Mapped[str] = _currency()
    pue: Mapped[float] = mapped_column(info={"min": 1.0, "max": 3.0})
    colocation_price_per_kw_month: Mapped[float] = _non_negative()
