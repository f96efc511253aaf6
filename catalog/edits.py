"""Writes to the catalog's facts: one path that validates, writes and records a revision.

A cell edited in the GUI and a file imported from the command line or the GUI are the
same act: check the records as an import would, upsert them by key, and move the catalog
revision when anything changed (a saved plan then knows it is outdated). Doing it once,
here, keeps the two from drifting: an edit cannot pass a check an import would refuse,
nor change a price without a revision. Each service owns its transaction, so a caller
(the CLI, a Qt view) never opens one and a refused write leaves nothing behind.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from catalog.codec import Value, from_text, kind_of, to_text
from catalog.errors import CatalogError
from catalog.listing import list_rows
from catalog.registry import primary_key_names, table_of
from catalog.revisions import record_revision
from catalog.transfer import (
    ImportResult,
    RawTable,
    read_table_file,
    render_value,
    validate_raw,
    write_rows,
)
from catalog.validation import Row
from catalog.workspace import Workspace


def apply_records(
    session: Session, raw: RawTable, *, file: str, describe: Callable[[ImportResult], str]
) -> ImportResult:
    """Validate every record, upsert them, and record a revision if anything changed.

    Raises ImportRejectedError (every problem, nothing written) before any write.
    `describe` words the revision from the counts, so the history says what happened.
    """
    rows = validate_raw(session, raw, file)
    result = write_rows(session, raw.table_name, rows)
    if result.added or result.changed:
        record_revision(session, describe(result))
    return result


def import_table(workspace: Workspace, path: Path, table_name: str | None = None) -> ImportResult:
    """Import a CSV or JSON file of one table, all-or-nothing, in one transaction."""
    with workspace.sessions.begin() as session:
        raw = read_table_file(path, table_name)
        return apply_records(
            session, raw, file=str(path), describe=lambda result: f"import {path.name}: {result}"
        )


@dataclass(frozen=True, slots=True)
class EditedRow:
    """The row as listings show it after the edit, and whether anything was written."""

    row: Row
    changed: bool


def row_key(table_name: str, row: Mapping[str, Value]) -> str:
    """A row's primary key as a person reads it ("aws / eu-central-1" for a compound key)."""
    return " / ".join(render_value(row[k]) for k in primary_key_names(table_of(table_name)))


def edit_row(
    workspace: Workspace,
    table_name: str,
    row: Mapping[str, Value],
    column: str,
    text: str,
    *,
    row_number: int,
) -> EditedRow:
    """Set one stored column of an existing row from the text a CSV cell would hold.

    The row is re-checked whole, as an import of that one record would be (ranges,
    references, cross-field rules); `row_number` is the row a user sees, for messages.
    Raises ImportRejectedError naming the problems, or CatalogError for a column that
    cannot be edited; nothing is written then.
    """
    table = table_of(table_name)
    keys = primary_key_names(table)
    if column not in table.c:
        raise CatalogError(f"{table_name} has no column {column!r}")
    if column in keys:
        raise CatalogError(f"{column} is part of the key of {table_name} and cannot be edited")
    kinds = {c.name: kind_of(c) for c in table.columns}
    record = {name: to_text(row.get(name), kind) for name, kind in kinds.items()}
    record[column] = text
    raw = RawTable(
        table_name, tuple(kinds), ((row_number, record),), lambda v, k: from_text(str(v), k)
    )
    key = row_key(table_name, row)
    with workspace.sessions.begin() as session:
        result = apply_records(
            session, raw, file=table_name, describe=lambda _: f"edit {table_name} {key}: {column}"
        )
        (fresh,) = list_rows(session, table_name, {k: record[k] for k in keys})
    return EditedRow(fresh, bool(result.changed))
