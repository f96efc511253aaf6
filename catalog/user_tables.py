"""Tables that hold the user's own data rather than shipped facts.

Price books keep negotiated prices apart from the list prices, so removing a book
restores the shipped figures exactly. Serving profiles are the organisation's own
measurements of its hardware, which the planner prefers to its model (docs/capacity.md).
Catalog revisions let a saved plan say which state of the catalog it was solved against.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column

from catalog.base import Base
from catalog.serving_tables import SERVING_PRECISIONS

PRICE_TARGET_KINDS = ("cloud_offer", "api_offer", "server_sku", "provider")


def _optional_price() -> MappedColumn[Any]:
    return mapped_column(info={"min": 0})


class PriceBook(Base):
    """A named set of negotiated prices or discounts, e.g. one framework agreement."""

    __tablename__ = "price_books"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, info={"slug": True})
    name: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(
        Text, info={"doc": "contract or offer reference the prices come from"}
    )
    as_of: Mapped[date] = mapped_column(Date)


class PriceBookEntry(Base):
    """One override: a negotiated price for one offer, or a discount on a whole provider."""

    __tablename__ = "price_book_entries"

    price_book_id: Mapped[str] = mapped_column(
        String(120), ForeignKey("price_books.id", ondelete="CASCADE"), primary_key=True
    )
    target_kind: Mapped[str] = mapped_column(
        String(20), primary_key=True, info={"choices": PRICE_TARGET_KINDS}
    )
    target_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    price_per_instance_hour: Mapped[float | None] = _optional_price()
    unit_price: Mapped[float | None] = _optional_price()
    input_price_per_mtok: Mapped[float | None] = _optional_price()
    output_price_per_mtok: Mapped[float | None] = _optional_price()
    currency: Mapped[str | None] = mapped_column(String(3), ForeignKey("fx_rates.currency"))
    discount_fraction: Mapped[float | None] = mapped_column(info={"min": 0, "lt": 1})
    notes: Mapped[str | None] = mapped_column(Text)


class ServingProfile(Base):
    """A measured serving throughput of one replica, as an organisation benchmarks its own
    hardware: model × accelerator × precision × replica size × request shape × latency
    target. The planner uses it instead of its estimate (docs/capacity.md)."""

    __tablename__ = "serving_profiles"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, info={"slug": True})
    ai_model_id: Mapped[str] = mapped_column(String(120), ForeignKey("ai_models.id"))
    accelerator_id: Mapped[str] = mapped_column(String(120), ForeignKey("accelerators.id"))
    precision: Mapped[str] = mapped_column(String(8), info={"choices": SERVING_PRECISIONS})
    tensor_parallel: Mapped[int] = mapped_column(
        info={"gt": 0, "max": 72, "doc": "accelerators the measured replica spans"}
    )
    input_tokens: Mapped[int] = mapped_column(info={"gt": 0, "max": 10_000_000})
    output_tokens: Mapped[int] = mapped_column(info={"gt": 0, "max": 1_000_000})
    tpot_ms: Mapped[float | None] = mapped_column(
        info={"gt": 0, "unit": "ms", "doc": "time-per-output-token target held; empty = none"}
    )
    ttft_ms: Mapped[float | None] = mapped_column(
        info={"gt": 0, "unit": "ms", "doc": "time-to-first-token target held; empty = none"}
    )
    output_tokens_per_second: Mapped[float | None] = mapped_column(
        info={"gt": 0, "doc": "output tokens per second of the replica (or requests_per_second)"}
    )
    requests_per_second: Mapped[float | None] = mapped_column(
        info={"gt": 0, "doc": "requests per second of the replica (or output_tokens_per_second)"}
    )
    source: Mapped[str] = mapped_column(
        Text, info={"doc": "who measured it, how (engine, version, tool)"}
    )
    as_of: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class CatalogRevision(Base):
    """One row per change of the catalog; the highest id is the current revision."""

    __tablename__ = "catalog_revisions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
