"""Validate rows for a catalog table before anything is written.

Imports, the seed loader and GUI edits share these rules. Each problem names the file,
the row, the column and the reason, so a user can fix a spreadsheet without guessing.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Column, Table, select
from sqlalchemy.orm import Session

from catalog.codec import Kind, Value, kind_of
from catalog.errors import Problem
from catalog.input_files import quoted
from catalog.registry import primary_key_names, table_of
from catalog.tables import SLUG_PATTERN
from catalog.user_tables import PriceBookEntry

Row = dict[str, Value]
Parser = Callable[[object, Kind], Value]

MAX_MAGNITUDE = 1e12
"""The largest number a catalog column takes unless it says less: a trillion, six orders of
magnitude above the largest figure shipped (a server's price, 515,000), room for prices in
currencies worth far less than a dollar; larger values only overflow what is derived."""
MIN_POSITIVE = 1e-6
"""The smallest value of a column that must be above 0: five orders of magnitude below the
smallest such figure shipped (an electricity price of 0.097 a kWh). Throughputs, memory and
exchange rates divide other figures, and a tiny one (5e-324) divided them by zero."""

_SLUG = re.compile(SLUG_PATTERN)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

PRICE_TARGET_TABLES: dict[str, str] = {
    "cloud_offer": "cloud_offers",
    "api_offer": "api_offers",
    "server_sku": "server_skus",
    "provider": "providers",
}
"""Which table a price-book entry's target_id refers to, by its target_kind."""

_PRICE_FIELDS: dict[str, tuple[str, ...]] = {
    "cloud_offer": ("price_per_instance_hour",),
    "api_offer": ("input_price_per_mtok", "output_price_per_mtok"),
    "server_sku": ("unit_price",),
    "provider": (),
}
"""The negotiated-price columns each kind of price-book target may set."""

_OPEN_WEIGHT_REQUIRED = (
    "architecture",
    "total_params_b",
    "active_params_b",
    "layers",
    "kv_heads",
    "head_dim",
    "context_tokens",
)
"""What the capacity model needs to size an open-weight model on hardware."""


def check_columns(table: Table, columns: Sequence[str], file: str) -> list[Problem]:
    """Unknown columns (typos) and missing required columns are rejected up front."""
    known = {c.name for c in table.columns}
    problems = [
        Problem(file, 1, name, f"unknown column for table {table.name!r}")
        for name in columns
        if name not in known
    ]
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            problems.append(Problem(file, 1, name, "column appears twice"))
        seen.add(name)
    problems += [
        Problem(file, 1, c.name, "required column is missing")
        for c in table.columns
        if not c.nullable and c.name not in columns
    ]
    return problems


def _cell_problem(column: Column[object], value: Value) -> str | None:
    info = column.info
    if value is None:
        return None if column.nullable else "a value is required"
    if info.get("slug") and not _SLUG.match(str(value)):
        return f"{quoted(value)} is not a valid id (lowercase letters, digits, '.', '_', '-')"
    if info.get("country") and not _COUNTRY.match(str(value)):
        return f"{quoted(value)} is not an ISO 3166 two-letter country code"
    if info.get("currency_code") and not _CURRENCY.match(str(value)):
        return f"{quoted(value)} is not an ISO 4217 three-letter currency code"
    pattern = info.get("pattern")
    if pattern and not re.match(pattern, str(value)):
        return f"{quoted(value)} does not have the form of {column.name} ({pattern})"
    choices = info.get("choices")
    if choices and value not in choices:
        return f"{quoted(value)} is not one of {', '.join(choices)}"
    length = getattr(column.type, "length", None)
    if isinstance(value, str) and length is not None and len(value) > length:
        return f"is {len(value):,} characters long; {column.name} holds at most {length}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "gt" in info and not value > info["gt"]:
            return f"must be greater than {info['gt']} (got {value})"
        if "min" in info and value < info["min"]:
            return f"must be at least {info['min']} (got {value})"
        if "max" in info and value > info["max"]:
            return f"must be at most {info['max']} (got {value})"
        if "lt" in info and not value < info["lt"]:
            return f"must be less than {info['lt']} (got {value})"
        if "max" not in info and "lt" not in info and value > MAX_MAGNITUDE:
            return f"must be at most {MAX_MAGNITUDE:g} (got {quoted(value)})"
        if "gt" in info and value < MIN_POSITIVE:
            return f"must be at least {MIN_POSITIVE:g} (got {quoted(value)})"
    return None


def _accelerator_rules(row: Row) -> list[tuple[str, str]]:
    if (row.get("unit_price") is None) != (row.get("price_currency") is None):
        return [("price_currency", "unit_price and price_currency go together")]
    return []


def _ai_model_rules(row: Row) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if row.get("open_weight"):
        found += [
            (name, "required for an open-weight model (the capacity model sizes it)")
            for name in _OPEN_WEIGHT_REQUIRED
            if row.get(name) is None
        ]
    total, active = row.get("total_params_b"), row.get("active_params_b")
    if isinstance(total, float) and isinstance(active, float) and active > total:
        found.append(("active_params_b", f"{active} active exceeds {total} total parameters"))
    if row.get("quality_score") is not None:
        found += [
            (name, "required when quality_score is given")
            for name in ("quality_benchmark", "quality_source_id")
            if row.get(name) is None
        ]
    return found


def _price_entry_rules(row: Row) -> list[tuple[str, str]]:
    kind = row.get("target_kind")
    if kind not in _PRICE_FIELDS:
        return []
    allowed = _PRICE_FIELDS[str(kind)]
    found = [
        (name, f"does not apply to a {kind} entry")
        for name in (
            "price_per_instance_hour",
            "unit_price",
            "input_price_per_mtok",
            "output_price_per_mtok",
        )
        if name not in allowed and row.get(name) is not None
    ]
    given = [name for name in allowed if row.get(name) is not None]
    has_discount = row.get("discount_fraction") is not None
    if given and has_discount:
        found.append(("discount_fraction", "give either negotiated prices or a discount, not both"))
    elif not given and not has_discount:
        wanted = " and ".join((*allowed, "currency")) if allowed else ""
        found.append(
            ("discount_fraction", f"give a discount_fraction{' or ' + wanted if wanted else ''}")
        )
    elif given and len(given) < len(allowed):
        found += [
            (n, "required with the other negotiated prices") for n in allowed if n not in given
        ]
    if given and row.get("currency") is None:
        found.append(("currency", "required with a negotiated price"))
    if not given and row.get("currency") is not None:
        found.append(("currency", "only applies to negotiated prices, not to a discount"))
    return found


def _assessment_rules(row: Row) -> list[tuple[str, str]]:
    if row.get("is_own_judgement") and row.get("rubric_rule") is None:
        return [("rubric_rule", "an own-judgement level names the rubric rule it follows")]
    return []


def _profile_rules(row: Row) -> list[tuple[str, str]]:
    given = [k for k in ("output_tokens_per_second", "requests_per_second") if row.get(k)]
    if len(given) == 1:
        return []
    why = "give output_tokens_per_second or requests_per_second"
    return [("output_tokens_per_second", why + (", not both" if given else ""))]


ROW_RULES: dict[str, Callable[[Row], list[tuple[str, str]]]] = {
    "accelerators": _accelerator_rules,
    "ai_models": _ai_model_rules,
    "price_book_entries": _price_entry_rules,
    "sovereignty_assessments": _assessment_rules,
    "serving_profiles": _profile_rules,
}
"""Rules that involve several columns of one row, by table name."""


@dataclass
class References:
    """Keys that already exist, read once per table from the session (plus a batch's own)."""

    session: Session
    _keys: dict[str, set[str]] = field(default_factory=dict)

    def keys(self, table_name: str) -> set[str]:
        if table_name not in self._keys:
            table = table_of(table_name)
            stmt = select(table.c[primary_key_names(table)[0]])
            self._keys[table_name] = {str(k) for k in self.session.scalars(stmt)}
        return self._keys[table_name]

    def region_provider(self, region_id: str) -> str | None:
        table = table_of("regions")
        stmt = select(table.c.provider_id).where(table.c.id == region_id)
        return self.session.scalar(stmt)

    def overriding_book(self, target_kind: str, target_id: str) -> set[str]:
        stmt = select(PriceBookEntry.price_book_id).where(
            PriceBookEntry.target_kind == target_kind, PriceBookEntry.target_id == target_id
        )
        return set(self.session.scalars(stmt))


def _reference_problems(table: Table, row: Row, refs: References) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for column in table.columns:
        value = row.get(column.name)
        if value is None:
            continue
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if str(value) not in refs.keys(target):
                found.append((column.name, f"{value!r} does not exist in {target}"))
    if table.name in ("cloud_offers", "api_offers") and row.get("region_id") is not None:
        owner = refs.region_provider(str(row["region_id"]))
        if owner is not None and owner != row.get("provider_id"):
            found.append(
                (
                    "region_id",
                    f"region {row['region_id']!r} belongs to provider {owner!r}, "
                    f"not {row.get('provider_id')!r}",
                )
            )
    if table.name == "price_book_entries":
        found += _price_target_problems(row, refs)
    return found


def _price_target_problems(row: Row, refs: References) -> list[tuple[str, str]]:
    kind, target = str(row.get("target_kind")), str(row.get("target_id"))
    if kind not in PRICE_TARGET_TABLES:
        return []
    target_table = PRICE_TARGET_TABLES[kind]
    if target not in refs.keys(target_table):
        return [("target_id", f"{target!r} does not exist in {target_table}")]
    others = refs.overriding_book(kind, target) - {str(row.get("price_book_id"))}
    if others:
        return [
            (
                "target_id",
                f"{kind} {target!r} is already overridden by price book "
                f"{sorted(others)[0]!r}; remove that entry first",
            )
        ]
    return []


def validate_records(
    table: Table,
    records: Iterable[tuple[int, Mapping[str, object]]],
    *,
    file: str,
    parse: Parser,
    refs: References,
) -> tuple[list[Row], list[Problem]]:
    """Parse and check every record; returns the rows and all problems, not just the first."""
    rows: list[Row] = []
    problems: list[Problem] = []
    pk_names = primary_key_names(table)
    first_row_of: dict[tuple[Value, ...], int] = {}
    for row_number, record in records:
        row: Row = {}
        row_problems: list[Problem] = []
        for column in table.columns:
            raw = record.get(column.name)
            try:
                value = parse(raw, kind_of(column)) if raw is not None else None
            except ValueError as exc:
                row_problems.append(Problem(file, row_number, column.name, str(exc)))
                continue
            reason = _cell_problem(column, value)
            if reason:
                row_problems.append(Problem(file, row_number, column.name, reason))
            row[column.name] = value
        if not row_problems:
            checks = ROW_RULES[table.name](row) if table.name in ROW_RULES else []
            checks += _reference_problems(table, row, refs)
            row_problems += [Problem(file, row_number, col, why) for col, why in checks]
        key = tuple(row.get(n) for n in pk_names)
        if key in first_row_of:
            row_problems.append(
                Problem(
                    file,
                    row_number,
                    pk_names[0],
                    f"duplicate key {key if len(key) > 1 else key[0]!r} "
                    f"(first on row {first_row_of[key]})",
                )
            )
        else:
            first_row_of[key] = row_number
        problems += row_problems
        rows.append(row)
    return rows, problems
