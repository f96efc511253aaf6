"""The shipped prices are consistent with each other and with their dates.

Three rules a price list must obey whatever its source says, each read through the real
loader: a linearly priced instance family charges the same per GPU at every size (Azure's
Windows meter slipped into an eastus row broke this: 8.82 against 6.98 per GPU); no figure is
dated in the future or later than the source it was copied from; every price is a finite
positive number, with the few zeros the catalog means spelled out.
"""

import math
import re
from collections import defaultdict
from datetime import date

from sqlalchemy import Float, select

from catalog.domain import Catalog, CloudOffer
from catalog.registry import FACT_TABLES
from catalog.tables import AIModel, ApiOffer, Source
from catalog.workspace import Workspace

LINEAR_PRICE_TOLERANCE = 0.01
"""Per-GPU prices of one linear family may differ by 1 %: providers publish per-size prices
rounded to the cent or to a few decimals, and the catalog's DERIVED multiples keep the
rounding of the per-GPU figure; a mistake (another OS meter, another date's list) is far
larger (26 % for the eastus NC80adis row)."""

SIZE_IN_INSTANCE_TYPE = {
    "aws": r"\.\w+$",  # p4d.24xlarge → p4d
    "azure": r"(?<=^Standard_N[A-Z])\d+[a-z]*",  # Standard_NC80adis_H100_v5 → Standard_NC_H100_v5
    "gcp": r"-\d+g?$",  # a3-highgpu-8g → a3-highgpu
    "lambda": r"_\d+x(?=_)",  # gpu_8x_h100_sxm → gpu_h100_sxm
    "nebius": r" \d+gpu-.*$",  # gpu-h100-sxm 8gpu-128vcpu-1600gb → gpu-h100-sxm
    "datacrunch": r"^\d+|\.\d+V$",  # 4A100.88V → A100
    "scaleway": r"-\d+(?=-)",  # H100-2-80G → H100-80G
    "ovhcloud": r"-\d+\b.*$",  # a100-180 → a100
    "oci": r"\.\d+$",  # BM.GPU.A100-v2.8 → BM.GPU.A100-v2
}
"""How each provider writes an instance's size into its name; the rest names the family.
Providers not listed sell one size per family in the catalog."""

NON_LINEAR_FAMILIES = {
    ("lambda", "gpu_h100_sxm"): (
        "Lambda discounts larger H100 SXM instances: 4.29, 4.19, 4.09 and 3.99 USD per GPU for "
        "1, 2, 4 and 8 GPUs (SkyPilot catalog v8, Lambda, https://github.com/skypilot-org/"
        "skypilot-catalog/blob/0f4070387edc953d7004cff197940e1918a1d6aa/catalogs/v8/lambda/vms.csv)"
    ),
}
"""Families known to be priced non-linearly by size, each with its public source."""

UNCOMPARABLE_TERMS = {
    "spot": "spot prices move with demand; two sizes read on different days need not agree"
}

ZERO_ALLOWED = {
    ("api_offers", "output_price_per_mtok"): "embedding models produce no output tokens",
    ("providers", "egress_price_per_gb"): "0 where egress is free or no price was found "
    "(the provider's notes say which)",
}
"""Price columns where 0 is a fact rather than a mistake; every other price must exceed 0."""


PRICE_COLUMNS = {
    "fx_rates.usd_per_unit", "accelerators.unit_price", "server_skus.unit_price",
    "providers.egress_price_per_gb", "cloud_offers.price_per_instance_hour",
    "api_offers.input_price_per_mtok", "api_offers.output_price_per_mtok",
    "sites.electricity_price_per_kwh", "sites.colocation_price_per_kw_month",
}  # fmt: skip


def _family(offer: CloudOffer) -> str:
    pattern = SIZE_IN_INSTANCE_TYPE.get(offer.provider_id)
    return re.sub(pattern, "", offer.instance_type) if pattern else offer.instance_type


def linear_families(catalog: Catalog) -> dict[tuple[str, ...], list[CloudOffer]]:
    """Offers of one provider, region, family, accelerator and term that come in more than
    one size, where the price should scale with the GPU count."""
    groups: dict[tuple[str, ...], list[CloudOffer]] = defaultdict(list)
    for offer in catalog.cloud_offers.values():
        if offer.pricing_term in UNCOMPARABLE_TERMS:
            continue
        if (offer.provider_id, _family(offer)) in NON_LINEAR_FAMILIES:
            continue
        key = (offer.provider_id, offer.region_id, _family(offer), offer.accelerator_id,
               offer.pricing_term)  # fmt: skip
        groups[key].append(offer)
    return {k: v for k, v in groups.items() if len({o.instance_type for o in v}) > 1}


def _per_gpu(offer: CloudOffer) -> float:
    return offer.list_price_per_instance_hour / offer.accelerators_per_instance


def test_size_patterns_find_the_families_that_come_in_several_sizes(
    shipped_catalog: Catalog,
) -> None:
    families = {(k[0], k[2]) for k in linear_families(shipped_catalog)}
    assert {
        ("azure", "Standard_NC_A100_v4"),
        ("azure", "Standard_NC_H100_v5"),
        ("nebius", "gpu-h100-sxm"),
        ("scaleway", "H100-80G"),
    } <= families


def test_linear_families_cost_the_same_per_gpu_at_every_size(shipped_catalog: Catalog) -> None:
    uneven = {}
    for key, offers in linear_families(shipped_catalog).items():
        prices = [_per_gpu(o) for o in offers]
        if max(prices) > min(prices) * (1 + LINEAR_PRICE_TOLERANCE):
            uneven[key] = {o.instance_type: round(_per_gpu(o), 4) for o in offers}
    assert uneven == {}


def test_the_non_linear_families_are_really_non_linear(shipped_catalog: Catalog) -> None:
    """An exemption that no longer holds is removed, so the family is checked again."""
    for provider, family in NON_LINEAR_FAMILIES:
        offers = [
            o
            for o in shipped_catalog.cloud_offers.values()
            if o.provider_id == provider and _family(o) == family
        ]
        prices = [_per_gpu(o) for o in offers]
        assert len(offers) > 1 and max(prices) > min(prices) * (1 + LINEAR_PRICE_TOLERANCE)


def test_no_figure_is_dated_in_the_future(workspace: Workspace) -> None:
    today = date.today()
    with workspace.sessions() as session:
        future = [
            f"{cls.__tablename__}: {row}"
            for cls in FACT_TABLES
            if "as_of" in cls.__table__.columns
            for row in session.execute(
                select(*cls.__table__.primary_key.columns, cls.__table__.c.as_of).where(
                    cls.__table__.c.as_of > today
                )
            )
        ]
    assert future == []


def test_no_figure_is_dated_after_its_source(workspace: Workspace) -> None:
    """A figure copied from a source cannot be known to hold later than the source says.
    Our own judgements (is_own_judgement) are dated the day they were made instead."""
    found = []
    with workspace.sessions() as session:
        published = {s.id: s.as_of for s in session.scalars(select(Source))}
        for cls in FACT_TABLES:
            columns = cls.__table__.c
            if "source_id" not in columns:
                continue
            query = select(*cls.__table__.primary_key.columns, columns.as_of, columns.source_id)
            if "is_own_judgement" in columns:
                query = query.where(columns.is_own_judgement.is_(False))
            for *key, as_of, source_id in session.execute(query):
                if as_of > published[source_id]:
                    found.append(
                        f"{cls.__tablename__} {tuple(key)}: {as_of} after {source_id} "
                        f"({published[source_id]})"
                    )
    assert found == []


def test_every_price_is_finite_and_positive(workspace: Workspace) -> None:
    problems, columns_checked = [], set()
    with workspace.sessions() as session:
        for cls in FACT_TABLES:
            table = cls.__table__
            for column in table.columns:
                if not isinstance(column.type, Float) or not (
                    "price" in column.name or column.name == "usd_per_unit"
                ):
                    continue
                columns_checked.add(f"{table.name}.{column.name}")
                floor_ok = (table.name, column.name) in ZERO_ALLOWED
                for value in session.scalars(select(column).where(column.is_not(None))):
                    if not math.isfinite(value) or value < 0 or (value == 0 and not floor_ok):
                        problems.append(f"{table.name}.{column.name} = {value}")
    assert columns_checked == PRICE_COLUMNS, "every price column was read"
    assert problems == []


def test_only_embedding_models_are_free_on_output(workspace: Workspace) -> None:
    with workspace.sessions() as session:
        kinds = set(
            session.scalars(
                select(AIModel.kind)
                .join(ApiOffer, ApiOffer.ai_model_id == AIModel.id)
                .where(ApiOffer.output_price_per_mtok == 0)
            )
        )
    assert kinds <= {"embedding"}
