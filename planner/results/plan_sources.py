"""Every catalog figure a plan rests on, with its source and as-of date.

A procurement board defends a plan by its numbers; this list is the appendix that says
where each one came from (the exports' "Assumptions and sources"). Prices, rates and
ownership are marked perishable and aged on the day the plan is made, so the plan can name
those older than a year (`PlanSources.stale_figures`); specifications and parameter counts
do not go stale.
"""

from datetime import date

from catalog.domain import Catalog, ModelId, Provenance, Provider
from planner.evaluation.plan import Plan, VenueKind
from planner.results.plan_document import Figure, FxRate, PlanSources
from planner.scenario.model import Scenario

BASE_CURRENCY = "USD"
"""The catalog's rates are USD per unit; USD itself needs no rate."""


def _figure(
    catalog: Catalog,
    subject: str,
    figure: str,
    value: str,
    prov: Provenance,
    *,
    perishable: bool = False,
) -> Figure:
    source = catalog.sources.get(prov.source_id)
    return Figure(
        subject=subject,
        figure=figure,
        value=value,
        source_id=prov.source_id,
        source_title=source.title if source else "",
        citation=source.citation if source else "",
        as_of=prov.as_of.isoformat(),
        perishable=perishable,
    )


def _provider_figure(catalog: Catalog, provider: Provider) -> Figure:
    return _figure(
        catalog,
        provider.name,
        "legal group, jurisdiction, egress",
        f"{provider.legal_group}; {provider.parent_jurisdiction}; "
        f"{provider.egress_price_per_gb:g} {provider.egress_currency}/GB",
        provider.provenance,
        perishable=True,
    )


def _fx_figures(catalog: Catalog, currencies: set[str]) -> list[Figure]:
    """The exchange rates the plan's money went through: one per currency other than USD."""
    return [
        _figure(
            catalog,
            f"{code} exchange rate",
            "USD per unit",
            f"{catalog.usd_per_unit[code]:g}",
            catalog.fx_provenance[code],
            perishable=True,
        )
        for code in sorted(currencies - {BASE_CURRENCY})
        if code in catalog.fx_provenance
    ]


def figures_used(plan: Plan, scenario: Scenario, catalog: Catalog) -> list[Figure]:
    found: dict[tuple[str, str], Figure] = {}
    currencies = {scenario.assumptions.currency}

    def add(f: Figure) -> None:
        found.setdefault((f.subject, f.figure), f)

    for owned in plan.owned:
        sku, site = catalog.server_skus[owned.sku_id], catalog.sites[owned.site_id]
        add(
            _figure(
                catalog,
                sku.name,
                "unit price",
                f"{sku.unit_price:,.0f} {sku.currency} ({sku.price_basis})",
                sku.provenance,
                perishable=True,
            )
        )
        add(
            _figure(
                catalog,
                sku.name,
                "power, rack units, lead time, life",
                f"{sku.power_kw:g} kW, {sku.rack_units} U, {sku.lead_time_weeks:g} weeks, "
                f"{sku.useful_life_years:g} years",
                sku.provenance,
            )
        )
        add(
            _figure(
                catalog,
                site.name,
                "electricity, PUE, colocation",
                f"{site.electricity_price_per_kwh:g} {site.currency}/kWh, PUE {site.pue:g}, "
                f"{site.colocation_price_per_kw_month:g} {site.currency}/kW-month",
                site.provenance,
                perishable=True,
            )
        )
        currencies.update({sku.currency, site.currency})
    for cloud in plan.cloud:
        offer = catalog.cloud_offers[cloud.offer_id]
        provider = catalog.providers[offer.provider_id]
        add(
            _figure(
                catalog,
                f"{provider.name} {offer.instance_type} ({offer.pricing_term})",
                "price per instance-hour",
                f"{offer.price_per_instance_hour:g} {offer.currency} ({offer.price_basis})",
                offer.provenance,
                perishable=True,
            )
        )
        currencies.add(offer.currency)
        add(_provider_figure(catalog, provider))
        currencies.add(provider.egress_currency)
    for api in plan.api:
        bought = catalog.api_offers[api.offer_id]
        provider = catalog.providers[bought.provider_id]
        model = catalog.ai_models[bought.ai_model_id]
        add(
            _figure(
                catalog,
                f"{provider.name} {model.name} API ({bought.data_zone})",
                "price per million input / output tokens",
                f"{bought.input_price_per_mtok:g} / {bought.output_price_per_mtok:g} "
                f"{bought.currency} ({bought.price_basis})",
                bought.provenance,
                perishable=True,
            )
        )
        currencies.add(bought.currency)
        add(_provider_figure(catalog, provider))
        currencies.add(provider.egress_currency)
    for allocation in plan.allocations:
        model = catalog.ai_models[ModelId(allocation.model_id)]
        add(
            _figure(
                catalog,
                model.name,
                "parameters, quality",
                f"{model.total_params_b or '?'} B total / {model.active_params_b or '?'} B "
                f"active; {model.quality_benchmark or 'quality'} {model.quality_score or '—'}",
                model.provenance,
            )
        )
        if allocation.venue.kind is not VenueKind.API:
            accelerator_id = (
                catalog.server_skus[allocation.venue.id].accelerator_id
                if allocation.venue.kind is VenueKind.OWNED
                else catalog.cloud_offers[allocation.venue.id].accelerator_id
            )
            accelerator = catalog.accelerators[accelerator_id]
            add(
                _figure(
                    catalog,
                    accelerator.name,
                    "memory, bandwidth, dense BF16",
                    f"{accelerator.memory_gb:g} GB, {accelerator.mem_bandwidth_tbps:g} TB/s, "
                    f"{accelerator.bf16_dense_tflops:g} TFLOPS",
                    accelerator.provenance,
                )
            )
    for row in catalog.serving_efficiency:
        add(
            _figure(
                catalog,
                f"serving efficiency ({row.generation or 'all generations'})",
                "bandwidth (kept per TP doubling) / BF16, FP8, FP4 compute / interconnect "
                "fractions; prefill gain; overhead per layer",
                f"{row.bandwidth_fraction:.3g} ({row.bandwidth_kept_per_tp_doubling:.3g}) / "
                f"{row.bf16_compute_fraction:.3g}, "
                f"{row.fp8_compute_fraction:.3g}, {row.fp4_compute_fraction:.3g} / "
                f"{row.interconnect_fraction:.3g}; {row.prefill_compute_gain:.3g}×; "
                f"{row.step_overhead_us_per_layer:.3g} µs",
                row.provenance,
            )
        )
    for f in _fx_figures(catalog, currencies):
        add(f)
    return sorted(found.values(), key=lambda f: (f.subject, f.figure))


def assumptions_and_sources(plan: Plan, scenario: Scenario, catalog: Catalog) -> PlanSources:
    """The plan's appendix, its perishable figures aged today: the day the plan is made."""
    return PlanSources(
        cost_assumptions=scenario.assumptions,
        fx_rates=tuple(
            FxRate(currency=code, usd_per_unit=rate)
            for code, rate in sorted(catalog.usd_per_unit.items())
        ),
        catalog_figures=tuple(figures_used(plan, scenario, catalog)),
        ages_checked_on=date.today().isoformat(),
    )
