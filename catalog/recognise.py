"""Is this file a sovplan workspace? Decided by reading it, before anything is written to it.

A workspace is opened only if it is empty or already ours: our application id in the SQLite
header (`PRAGMA application_id`, set in the transaction that creates a workspace) plus the
Alembic version table. A workspace made before the id existed is recognised by a revision that
sovplan shipped. Anything else is refused before a table is created or WAL switched on, so
another program's database stays byte-identical.
"""

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import catalog.registry  # noqa: F401  (every table on the metadata, for OUR_TABLES)
from catalog.base import Base
from catalog.engine import BUSY_TIMEOUT_S, workspace_error
from catalog.errors import NotAWorkspaceError, WorkspaceDamagedError, WorkspaceError
from catalog.registry import FACT_TABLES
from catalog.schema_version import HEAD_REVISION, VERSION_TABLE
from catalog.user_tables import CatalogRevision

APPLICATION_ID = 0x536F7650
"""'SovP' in ASCII: the `application_id` in the header of every workspace sovplan creates."""

SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite 3 database (https://www.sqlite.org/fileformat.html)."""

OUR_TABLES = frozenset(Base.metadata.tables)

_SEEDED_TABLES = frozenset(
    {CatalogRevision.__tablename__, *(cls.__tablename__ for cls in FACT_TABLES)}
)

Query = Callable[[str], Sequence[Sequence[Any]]]
"""Runs one SQL statement and returns its rows: a sqlite3 or an SQLAlchemy connection."""


@dataclass(frozen=True, slots=True)
class FileState:
    """What a workspace file holds, read without changing it."""

    application_id: int
    tables: frozenset[str]
    empty_tables: frozenset[str]
    revisions: tuple[str, ...]

    @property
    def revision(self) -> str | None:
        """The one schema revision recorded, None if none is; several join into an unknown one."""
        return "+".join(self.revisions) or None

    @property
    def needs_seed(self) -> bool:
        """The shipped catalog was never loaded, or a table an upgrade added is still empty."""
        return bool(_SEEDED_TABLES & self.empty_tables)


EMPTY = FileState(0, frozenset(), frozenset(), ())


def read_state(query: Query) -> FileState:
    tables = frozenset(
        str(row[0])
        for row in query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    )
    return FileState(
        application_id=int(query("PRAGMA application_id")[0][0]),
        tables=tables,
        empty_tables=frozenset(
            t for t in tables if not query(f'SELECT EXISTS (SELECT 1 FROM "{t}")')[0][0]
        ),
        revisions=tuple(str(r[0]) for r in query(f"SELECT version_num FROM {VERSION_TABLE}"))
        if VERSION_TABLE in tables
        else (),
    )


def peek(path: Path) -> FileState:
    """The file's state through a connection that does not write (nothing at all if empty)."""
    if not path.exists() or path.stat().st_size == 0:
        return EMPTY
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise NotAWorkspaceError(path, "it is not an SQLite database")
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        try:
            connection.execute("PRAGMA query_only = ON")
            return read_state(lambda sql: connection.execute(sql).fetchall())
        finally:
            connection.close()
    except sqlite3.Error as exc:
        error = workspace_error(path, exc)
        raise error or WorkspaceError(f"{path}: cannot be read ({exc})") from None


def is_half_created(state: FileState) -> bool:
    """Left by a creation that was cut short: no revision recorded, only our tables, all empty.

    Before migrations ran in one transaction, a kill during creation left exactly this;
    since then a cut-short creation leaves an empty file.
    """
    ours = state.application_id == APPLICATION_ID or VERSION_TABLE in state.tables
    return (
        state.revision is None
        and ours
        and state.tables <= OUR_TABLES | {VERSION_TABLE}
        and state.empty_tables == state.tables
    )


def refuse_unless_ours(path: Path, state: FileState) -> None:
    """Raise unless the file is empty, half-created, or a workspace of a version we know."""
    if state.application_id not in (0, APPLICATION_ID):
        raise NotAWorkspaceError(
            path, f"its header names another application, id {state.application_id:#x}"
        )
    if state.revision is None:
        others = sorted(state.tables - {VERSION_TABLE})
        if not others or is_half_created(state):
            return
        if state.application_id == APPLICATION_ID:
            raise WorkspaceDamagedError(path, "its schema revision is missing")
        shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
        raise NotAWorkspaceError(path, f"it holds other tables: {shown}")
    if state.revision != HEAD_REVISION and not _known_revision(state.revision):
        if state.application_id == APPLICATION_ID:
            raise WorkspaceError(
                f"{path}: made by a newer version of sovplan (schema {state.revision}); "
                "upgrade sovplan"
            )
        raise NotAWorkspaceError(path, f"schema revision {state.revision} is not sovplan's")


def _known_revision(revision: str) -> bool:
    """A revision some sovplan shipped; asks Alembic, so only when the file is not at head."""
    from catalog import migrate

    return migrate.is_known_revision(revision)
