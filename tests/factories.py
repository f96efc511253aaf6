"""Small, hand-checkable catalog objects for tests whose numbers are worked out by hand."""

from dataclasses import replace
from datetime import date
from typing import Any

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
    Site,
)

PROV = Provenance("test", date(2026, 1, 1))


ACCELERATOR = Accelerator(
    id=AcceleratorId("acc"), name="Test accelerator", vendor="Acme", vendor_country="US",
    generation="testgen", memory_gb=100.0, mem_bandwidth_tbps=1.0, bf16_dense_tflops=100.0,
    fp8_dense_tflops=200.0, int8_dense_tops=None, fp4_dense_tflops=None,
    export_control_exposure="medium", provenance=PROV,
)  # fmt: skip
MODEL = AIModel(
    id=ModelId("m10b"), name="Ten B", family="Test", developer="Lab", origin_country="FR",
    open_weight=True, kind="chat", architecture="dense", total_params_b=10.0,
    active_params_b=10.0, layers=10, kv_heads=1, head_dim=100, context_tokens=100_000,
    licence="Apache-2.0", quality_score=50.0, quality_benchmark="test", provenance=PROV,
    attention_heads=10, hidden_size=1000,
)  # fmt: skip


def accelerator(**over: Any) -> Accelerator:
    return replace(ACCELERATOR, **over)


def model(**over: Any) -> AIModel:
    return replace(MODEL, **over)


def provider(pid: str, *, group: str | None = None, jurisdiction: str = "US",
             seal: int = 2, egress: float = 0.0) -> Provider:  # fmt: skip
    return Provider(
        ProviderId(pid), pid.upper(), group or f"{pid} group", jurisdiction, jurisdiction,
        "hyperscaler", None, egress, "USD",
        {f"SOV-{n}": Assessment(seal, "test", True, PROV) for n in range(1, 9)}, PROV,
    )  # fmt: skip


def catalog(**over: Any) -> Catalog:
    """USD 1 = EUR 0.5 so conversions are visible; one of each kind of venue."""
    acc = accelerator()
    providers = {p.id: p for p in (provider("cloudco"), provider("apico"))}
    base = Catalog(
        revision=1,
        accelerators={acc.id: acc},
        ai_models={m.id: m for m in (model(), model(id=ModelId("closed"), open_weight=False,
                                                     developer="ClosedLab"))},
        providers=providers,
        regions={"r1": Region("r1", ProviderId("cloudco"), "r1", "Region 1", "US", "US")},
        cloud_offers={
            "c1": CloudOffer("c1", ProviderId("cloudco"), "r1", "x8", acc.id, 8, 10.0, 10.0,
                             "USD", "list", "on_demand", PROV),
            "c3y": CloudOffer("c3y", ProviderId("cloudco"), "r1", "x8", acc.id, 8, 6.0, 6.0,
                              "USD", "list", "commit_3y", PROV),
        },
        api_offers={
            "a1": ApiOffer("a1", ModelId("closed"), ProviderId("apico"), "GLOBAL", 2.0, 8.0,
                           "USD", "list", PROV),
        },
        server_skus={
            "srv": ServerSku("srv", "Server", "OEM", acc.id, 8, 200_000.0, "USD", "list",
                             10.0, 8, 10.0, 5.0, PROV),
        },
        sites={"home": Site("home", "Home DC", "DE", 0.2, "EUR", 1.5, 100.0, PROV)},
        usd_per_unit={"USD": 1.0, "EUR": 2.0},
        sources={},
        serving_efficiency=(),
        serving_benchmarks=(),
    )  # fmt: skip
    return replace(base, **over)
