"""Import and export of catalog tables as CSV or JSON.

Exports are ordered by primary key and written atomically. Imports validate every row
first and write nothing if any row is wrong; rows whose key exists are updated, others
added (an import never deletes). The service that runs an import in a transaction and
records the catalog revision is `catalog.edits.import_table`.
"""

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from catalog.atomic import atomic_write_text
from catalog.codec import Kind, Value, from_json, from_text, kind_of, to_json, to_text
from catalog.errors import CatalogError, ImportRejectedError
from catalog.input_files import (
    MAX_IMPORT_BYTES,
    TOO_MANY_DIGITS,
    InputFileError,
    parse_nested,
    read_text,
)
from catalog.registry import IMPORTABLE, primary_key_names, table_of
from catalog.validation import Parser, References, Row, check_columns, validate_records

FORMATS = (".csv", ".json")


@dataclass(frozen=True, slots=True)
class RawTable:
    """A file's records before validation, each with the row number a user sees."""

    table_name: str
    columns: tuple[str, ...]
    records: tuple[tuple[int, Mapping[str, object]], ...]
    parse: Parser


@dataclass(frozen=True, slots=True)
class ImportResult:
    table_name: str
    added: int
    changed: int
    unchanged: int

    def __str__(self) -> str:
        return (
            f"{self.table_name}: {self.added} added, {self.changed} changed, "
            f"{self.unchanged} unchanged"
        )


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise CatalogError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; use .csv or .json"
        )
    return suffix


def _table_name(path: Path, explicit: str | None, declared: str | None) -> str:
    name = explicit or declared or path.stem
    if name not in IMPORTABLE:
        if explicit or declared:
            raise CatalogError(
                f"{path}: unknown table {name!r}; choose one of: {', '.join(IMPORTABLE)}"
            )
        raise CatalogError(
            f"{path}: cannot tell which table the file holds from its name; "
            f"pass --table (one of: {', '.join(IMPORTABLE)})"
        )
    if explicit and declared and explicit != declared:
        raise CatalogError(f"{path}: the file declares table {declared!r}, not {explicit!r}")
    return name


def read_table_file(path: Path, table_name: str | None = None) -> RawTable:
    """Read a CSV or JSON file of one table; structural errors raise CatalogError."""
    suffix = _format_of(path)
    try:
        text = read_text(path, MAX_IMPORT_BYTES)
    except InputFileError as exc:
        raise CatalogError(f"{path}: {exc}") from None
    if suffix == ".csv":
        return _read_csv(path, text, table_name)
    return _read_json(path, text, table_name)


def _read_csv(path: Path, text: str, table_name: str | None) -> RawTable:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
        body = list(reader)
    except StopIteration:
        raise CatalogError(f"{path}: the file is empty; expected a header row") from None
    except csv.Error as exc:
        raise CatalogError(f"{path}: not a readable CSV file ({exc})") from None
    columns = tuple(h.strip() for h in header)
    records: list[tuple[int, Mapping[str, object]]] = []
    for index, cells in enumerate(body, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            raise CatalogError(
                f"{path}: row {index}: {len(cells)} cells but the header has {len(columns)} columns"
            )
        records.append((index, dict(zip(columns, cells, strict=True))))
    name = _table_name(path, table_name, None)
    return RawTable(name, columns, tuple(records), lambda v, k: from_text(str(v), k))


def _read_json(path: Path, text: str, table_name: str | None) -> RawTable:
    try:
        document = parse_nested(json.loads, text)
    except InputFileError as exc:
        raise CatalogError(f"{path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path}: not valid JSON ({exc})") from None
    except ValueError:  # Python reads no whole number of more digits
        raise CatalogError(f"{path}: {TOO_MANY_DIGITS}") from None
    declared = None
    rows = document
    if isinstance(document, dict):
        declared = document.get("table")
        rows = document.get("rows")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise CatalogError(f'{path}: expected {{"table": ..., "rows": [{{...}}, ...]}}')
    name = _table_name(path, table_name, declared if isinstance(declared, str) else None)
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    records = tuple((i, r) for i, r in enumerate(rows, start=1))
    return RawTable(name, tuple(columns), records, from_json)


def validate_raw(session: Session, raw: RawTable, file: str) -> list[Row]:
    """All rows of a file, or ImportRejectedError with every problem found."""
    table = table_of(raw.table_name)
    problems = check_columns(table, raw.columns, file)
    if problems:
        raise ImportRejectedError(problems)
    rows, problems = validate_records(
        table, raw.records, file=file, parse=raw.parse, refs=References(session)
    )
    if problems:
        raise ImportRejectedError(problems)
    return rows


def write_rows(session: Session, table_name: str, rows: Sequence[Row]) -> ImportResult:
    """Upsert validated rows by primary key and say how many were added or changed."""
    cls = IMPORTABLE[table_name]
    table: Table = cls.__table__  # type: ignore[assignment]
    pk_names = primary_key_names(table)
    added = changed = 0
    for row in rows:
        existing = session.get(cls, tuple(row[n] for n in pk_names))
        if existing is None:
            session.add(cls(**row))
            added += 1
            continue
        differs = False
        for name, value in row.items():
            if getattr(existing, name) != value:
                setattr(existing, name, value)
                differs = True
        changed += differs
    session.flush()
    return ImportResult(table_name, added, changed, len(rows) - added - changed)


def dump_rows(session: Session, table_name: str) -> list[Row]:
    """Every row of a table, ordered by primary key."""
    table = table_of(table_name)
    order = [table.c[n] for n in primary_key_names(table)]
    return [dict(r) for r in session.execute(select(table).order_by(*order)).mappings()]


def render(table_name: str, rows: Sequence[Row], suffix: str) -> str:
    table = table_of(table_name)
    kinds = {c.name: kind_of(c) for c in table.columns}
    if suffix == ".json":
        payload = {
            "table": table_name,
            "rows": [{n: to_json(r[n], kinds[n]) for n in kinds} for r in rows],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(kinds))
    writer.writerows([to_text(r[n], kinds[n]) for n in kinds] for r in rows)
    return buffer.getvalue()


def export_table(session: Session, table_name: str, path: Path) -> int:
    """Write a table to CSV or JSON by the file's extension; returns the row count."""
    suffix = _format_of(path)
    rows = dump_rows(session, table_name)
    atomic_write_text(path, render(table_name, rows, suffix))
    return len(rows)


def render_value(value: Value) -> str:
    """A cell as a person reads it in a listing: the same text as the CSV export."""
    if isinstance(value, bool):
        return to_text(value, Kind.BOOLEAN)
    if isinstance(value, float):
        return to_text(value, Kind.NUMBER)
    return "" if value is None else str(value)
