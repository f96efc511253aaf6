"""The catalog's tables by name, in the order that satisfies their foreign keys."""

from sqlalchemy import Table

import catalog.scenario_tables  # noqa: F401  (saved scenarios: on the metadata, not importable)
import catalog.user_tables as user_tables
from catalog import serving_tables, tables
from catalog.base import Base

FACT_TABLES: tuple[type[Base], ...] = (
    tables.Source,
    tables.FxRate,
    tables.Accelerator,
    tables.ServerSku,
    tables.Provider,
    tables.SovereigntyAssessment,
    tables.Region,
    tables.CloudOffer,
    tables.AIModel,
    tables.ApiOffer,
    tables.Site,
    serving_tables.ServingEfficiency,
    serving_tables.ServingBenchmark,
)
"""Shipped facts, parents before children: seeding and imports load in this order."""

PRICE_BOOK_TABLES: tuple[type[Base], ...] = (user_tables.PriceBook, user_tables.PriceBookEntry)
MEASUREMENT_TABLES: tuple[type[Base], ...] = (user_tables.ServingProfile,)
"""The organisation's own measurements: imported by the user, never shipped."""

IMPORTABLE: dict[str, type[Base]] = {
    cls.__tablename__: cls for cls in (*FACT_TABLES, *PRICE_BOOK_TABLES, *MEASUREMENT_TABLES)
}
"""Every table a user may list, export or import, by its table name."""


def table_of(name: str) -> Table:
    """The Core table for a name a user typed; raises KeyError listing the valid names."""
    try:
        return IMPORTABLE[name].__table__  # type: ignore[return-value]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; choose one of: {', '.join(IMPORTABLE)}") from None


def primary_key_names(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)
