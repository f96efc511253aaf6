"""Read the whole catalog into frozen domain objects, with price books applied.

The catalog is small (thousands of rows), so one read at start of a plan is cheaper and
safer than lazy ORM access from worker threads.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog import serving_tables, tables, user_tables
from catalog.base import Base
from catalog.domain import (
    Accelerator,
    AcceleratorId,
    AIModel,
    ApiOffer,
    Assessment,
    Catalog,
    CloudOffer,
    ModelId,
    Provenance,
    Provider,
    ProviderId,
    Region,
    ServerSku,
    ServingBenchmark,
    ServingEfficiencyRow,
    ServingProfile,
    Site,
    Source,
)
from catalog.pricebooks import EffectivePrice, effective_prices
from catalog.registry import table_of
from catalog.revisions import current_revision


def _prov(row: tables.Provenance) -> Provenance:
    return Provenance(row.source_id, row.as_of)


def _accelerator(a: tables.Accelerator) -> Accelerator:
    return Accelerator(
        id=AcceleratorId(a.id),
        name=a.name,
        vendor=a.vendor,
        vendor_country=a.vendor_country,
        generation=a.generation,
        memory_gb=a.memory_gb,
        mem_bandwidth_tbps=a.mem_bandwidth_tbps,
        bf16_dense_tflops=a.bf16_dense_tflops,
        fp8_dense_tflops=a.fp8_dense_tflops,
        int8_dense_tops=a.int8_dense_tops,
        fp4_dense_tflops=a.fp4_dense_tflops,
        export_control_exposure=a.export_control_exposure,
        provenance=_prov(a),
        interconnect_gb_per_s=a.interconnect_gb_per_s,
    )


def _ai_model(m: tables.AIModel) -> AIModel:
    return AIModel(
        id=ModelId(m.id),
        name=m.name,
        family=m.family,
        developer=m.developer,
        origin_country=m.origin_country,
        open_weight=m.open_weight,
        kind=m.kind,
        architecture=m.architecture,
        total_params_b=m.total_params_b,
        active_params_b=m.active_params_b,
        layers=m.layers,
        kv_heads=m.kv_heads,
        head_dim=m.head_dim,
        context_tokens=m.context_tokens,
        licence=m.licence,
        quality_score=m.quality_score,
        quality_benchmark=m.quality_benchmark,
        provenance=_prov(m),
        attention_heads=m.attention_heads,
        hidden_size=m.hidden_size,
        num_experts=m.num_experts,
        experts_per_token=m.experts_per_token,
    )


def _provider(p: tables.Provider, assessments: dict[str, Assessment]) -> Provider:
    return Provider(
        id=ProviderId(p.id),
        name=p.name,
        legal_group=p.legal_group,
        hq_country=p.hq_country,
        parent_jurisdiction=p.parent_jurisdiction,
        kind=p.kind,
        extraterritorial_exposure=p.extraterritorial_exposure,
        egress_price_per_gb=p.egress_price_per_gb,
        egress_currency=p.egress_currency,
        assessments=assessments,
        provenance=_prov(p),
    )


def _cloud_offer(c: tables.CloudOffer, price: EffectivePrice) -> CloudOffer:
    return CloudOffer(
        id=c.id,
        provider_id=ProviderId(c.provider_id),
        region_id=c.region_id,
        instance_type=c.instance_type,
        accelerator_id=AcceleratorId(c.accelerator_id),
        accelerators_per_instance=c.accelerators_per_instance,
        list_price_per_instance_hour=c.price_per_instance_hour,
        price_per_instance_hour=price.prices[0],
        currency=price.currency,
        price_basis=price.basis,
        pricing_term=c.pricing_term,
        provenance=_prov(c),
    )


def _api_offer(a: tables.ApiOffer, price: EffectivePrice) -> ApiOffer:
    return ApiOffer(
        id=a.id,
        ai_model_id=ModelId(a.ai_model_id),
        provider_id=ProviderId(a.provider_id),
        data_zone=a.data_zone,
        input_price_per_mtok=price.prices[0],
        output_price_per_mtok=price.prices[1],
        currency=price.currency,
        price_basis=price.basis,
        provenance=_prov(a),
    )


def _server_sku(s: tables.ServerSku, price: EffectivePrice) -> ServerSku:
    return ServerSku(
        id=s.id,
        name=s.name,
        oem=s.oem,
        accelerator_id=AcceleratorId(s.accelerator_id),
        accelerator_count=s.accelerator_count,
        unit_price=price.prices[0],
        currency=price.currency,
        price_basis=price.basis,
        power_kw=s.power_kw,
        rack_units=s.rack_units,
        lead_time_weeks=s.lead_time_weeks,
        useful_life_years=s.useful_life_years,
        provenance=_prov(s),
    )


def _site(s: tables.Site) -> Site:
    return Site(
        id=s.id,
        name=s.name,
        country=s.country,
        electricity_price_per_kwh=s.electricity_price_per_kwh,
        currency=s.currency,
        pue=s.pue,
        colocation_price_per_kw_month=s.colocation_price_per_kw_month,
        provenance=_prov(s),
    )


def _efficiency(e: serving_tables.ServingEfficiency) -> ServingEfficiencyRow:
    return ServingEfficiencyRow(
        id=e.id,
        generation=e.generation,
        bandwidth_fraction=e.bandwidth_fraction,
        bandwidth_kept_per_tp_doubling=e.bandwidth_kept_per_tp_doubling,
        bf16_compute_fraction=e.bf16_compute_fraction,
        fp8_compute_fraction=e.fp8_compute_fraction,
        fp4_compute_fraction=e.fp4_compute_fraction,
        prefill_compute_gain=e.prefill_compute_gain,
        step_overhead_us_per_layer=e.step_overhead_us_per_layer,
        interconnect_fraction=e.interconnect_fraction,
        provenance=_prov(e),
    )


def _benchmark(b: serving_tables.ServingBenchmark) -> ServingBenchmark:
    return ServingBenchmark(
        id=b.id,
        engine=b.engine,
        ai_model_id=ModelId(b.ai_model_id),
        accelerator_id=AcceleratorId(b.accelerator_id),
        precision=b.precision,
        accelerators=b.accelerators,
        input_tokens=b.input_tokens,
        output_tokens=b.output_tokens,
        concurrency=b.concurrency,
        output_tokens_per_second=b.output_tokens_per_second,
        provenance=_prov(b),
        excluded_from_fit=b.excluded_from_fit,
    )


def _profile(p: user_tables.ServingProfile) -> ServingProfile:
    return ServingProfile(
        id=p.id,
        ai_model_id=ModelId(p.ai_model_id),
        accelerator_id=AcceleratorId(p.accelerator_id),
        precision=p.precision,
        tensor_parallel=p.tensor_parallel,
        input_tokens=p.input_tokens,
        output_tokens=p.output_tokens,
        tpot_ms=p.tpot_ms,
        ttft_ms=p.ttft_ms,
        output_tokens_per_second=p.output_tokens_per_second,
        requests_per_second=p.requests_per_second,
        source=p.source,
        as_of=p.as_of,
    )


def load_catalog(session: Session) -> Catalog:
    """Read the whole catalog once; small enough (thousands of rows) to hold in memory."""
    cloud_prices = effective_prices(session, "cloud_offers")
    api_prices = effective_prices(session, "api_offers")
    sku_prices = effective_prices(session, "server_skus")
    assessments: dict[str, dict[str, Assessment]] = {}
    for a in session.scalars(select(tables.SovereigntyAssessment)):
        assessments.setdefault(a.provider_id, {})[a.objective] = Assessment(
            a.seal_level, a.justification, a.is_own_judgement, _prov(a), a.rubric_rule
        )

    def rows(cls: type[Base]) -> list[Any]:
        table = table_of(str(cls.__tablename__))
        return list(session.scalars(select(cls).order_by(*table.primary_key.columns)))

    return Catalog(
        revision=current_revision(session),
        accelerators={AcceleratorId(a.id): _accelerator(a) for a in rows(tables.Accelerator)},
        ai_models={ModelId(m.id): _ai_model(m) for m in rows(tables.AIModel)},
        providers={
            ProviderId(p.id): _provider(p, assessments.get(p.id, {})) for p in rows(tables.Provider)
        },
        regions={
            r.id: Region(
                r.id, ProviderId(r.provider_id), r.code, r.name, r.country, r.jurisdiction_bloc
            )
            for r in rows(tables.Region)
        },
        cloud_offers={c.id: _cloud_offer(c, cloud_prices[c.id]) for c in rows(tables.CloudOffer)},
        api_offers={a.id: _api_offer(a, api_prices[a.id]) for a in rows(tables.ApiOffer)},
        server_skus={s.id: _server_sku(s, sku_prices[s.id]) for s in rows(tables.ServerSku)},
        sites={s.id: _site(s) for s in rows(tables.Site)},
        usd_per_unit={f.currency: f.usd_per_unit for f in rows(tables.FxRate)},
        fx_provenance={f.currency: Provenance(f.source_id, f.as_of) for f in rows(tables.FxRate)},
        sources={s.id: Source(s.id, s.title, s.citation, s.as_of) for s in rows(tables.Source)},
        serving_efficiency=tuple(_efficiency(e) for e in rows(serving_tables.ServingEfficiency)),
        serving_benchmarks=tuple(_benchmark(b) for b in rows(serving_tables.ServingBenchmark)),
        serving_profiles=tuple(_profile(p) for p in rows(user_tables.ServingProfile)),
    )
