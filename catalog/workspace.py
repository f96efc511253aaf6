"""The workspace: one SQLite file holding the catalog, price books and saved scenarios.

Opening a workspace first reads the file without writing (catalog/recognise.py) and refuses
anything that is not empty or ours. Creating, upgrading and seeding then happen in one
transaction under the write lock: a kill at any point leaves the file as it was before, and
two processes opening a new workspace at once both succeed (the second finds the work done).
Before an existing workspace is upgraded it is copied (catalog/backups.py).
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from catalog.backups import (
    backup_path,
    existing_backups,
    remove_backups_except,
    restore_tables,
    write_backup,
)
from catalog.engine import BUSY_TIMEOUT_S, WRITE, WorkspaceSessions, unwritable_part
from catalog.engine import make_engine as make_engine  # re-exported: tests and tools use it
from catalog.errors import WorkspaceDamagedError, WorkspaceError, WorkspaceReadOnlyError
from catalog.recognise import (
    APPLICATION_ID,
    OUR_TABLES,
    FileState,
    peek,
    read_state,
    refuse_unless_ours,
)
from catalog.revisions import current_revision
from catalog.schema_version import HEAD_REVISION, VERSION_TABLE
from catalog.seed import seed_default_catalog, seed_new_tables

APP_NAME = "sovplan"
WORKSPACE_ENV_VAR = "SOVPLAN_WORKSPACE"
WORKSPACE_FILENAME = "workspace.sqlite"


def default_workspace_path() -> Path:
    """The per-user workspace in the platform's data directory."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / WORKSPACE_FILENAME


def resolve_workspace_path(
    explicit: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Path:
    """--workspace beats $SOVPLAN_WORKSPACE beats the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if environ.get(WORKSPACE_ENV_VAR):
        return Path(environ[WORKSPACE_ENV_VAR]).expanduser()
    return default_workspace_path()


@dataclass(frozen=True)
class Workspace:
    """An open workspace: its file, engine and the session factory passed down to services.

    `sessions()` reads; `sessions.begin()` is a unit of work that writes and waits for the
    write lock (see catalog/engine.py).
    """

    path: Path
    engine: Engine
    sessions: WorkspaceSessions

    def close(self) -> None:
        self.engine.dispose()


def open_workspace(path: Path, *, seed: bool = True) -> Workspace:
    """Open (creating if needed) a workspace, migrate it to head and seed a new one."""
    path = Path(path)
    if path.is_dir():
        raise WorkspaceError(f"{path}: is a directory, not a workspace file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot create its folder ({exc.strerror})") from None
    state = peek(path)
    refuse_unless_ours(path, state)
    read_only = unwritable_part(path)
    if read_only is not None:
        raise WorkspaceReadOnlyError(path, read_only)
    if _needs_work(state, seed):
        _prepare(path, seed)
    engine = make_engine(path)
    return Workspace(path, engine, WorkspaceSessions(engine))


def _needs_work(state: FileState, seed: bool) -> bool:
    return (
        state.revision != HEAD_REVISION
        or state.application_id != APPLICATION_ID
        or (seed and state.needs_seed)
    )


def _prepare(path: Path, seed: bool) -> None:
    """Create, upgrade or seed in one transaction that holds the write lock from its start."""
    engine = make_engine(path, foreign_keys=False, pooled=False)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(**WRITE)
            with connection.begin():
                upgraded_from = _bring_to_head(connection, path, seed)
    finally:
        engine.dispose()
    if upgraded_from is not None:
        remove_backups_except(path, backup_path(path, upgraded_from))


def _bring_to_head(connection: Connection, path: Path, seed: bool) -> str | None:
    """Returns the revision upgraded from, None if there was none (created, or nothing to do)."""
    from catalog import migrate  # Alembic is loaded only when there is work to do

    state = read_state(lambda sql: connection.exec_driver_sql(sql).all())
    refuse_unless_ours(path, state)  # again: another process may have got here first
    if not _needs_work(state, seed):
        return None
    found, head = state.revision, HEAD_REVISION
    if found is None:
        _drop_tables(connection, state.tables)  # what a cut-short creation left, all empty
    elif found != head:
        _make_upgradable(connection, path, state, found)
    try:
        migrate.upgrade_connection(connection)
    except DBAPIError as exc:  # a bug in a migration; the transaction rolls back
        raise WorkspaceError(
            f"{path}: cannot upgrade the workspace ({exc.orig}); it is unchanged"
        ) from None
    connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    if seed:
        with Session(bind=connection) as session:
            if current_revision(session) == 0:
                seed_default_catalog(session)
            else:
                seed_new_tables(session)
            session.flush()
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise WorkspaceError(
            f"{path}: cannot upgrade the workspace ({len(broken)} rows would break a foreign "
            f"key, first in table {broken[0][0]}); it is unchanged"
        )
    return None if found == head else found


def _make_upgradable(connection: Connection, path: Path, state: FileState, found: str) -> None:
    """Copy the workspace; if its tables do not match its revision, repair it first.

    A half-upgraded file (left by a sovplan that ran DDL outside a transaction) is restored
    from its copy if one exists; else the surplus tables the cut-short migration created,
    still empty, are dropped.
    """
    from catalog import migrate  # Alembic is loaded only when there is work to do

    expected = migrate.tables_at(found)
    present = state.tables - {VERSION_TABLE}
    if present == expected:
        write_backup(path, found, BUSY_TIMEOUT_S)
        return
    backup = backup_path(path, found)
    if backup.is_file() and _is_whole_copy(backup, found, expected):
        restore_tables(connection, backup)
        return
    surplus, missing = present - expected, expected - present
    if missing or not surplus <= OUR_TABLES & state.empty_tables:
        raise WorkspaceDamagedError(
            path,
            f"its tables do not match its schema revision {found}: "
            f"extra {sorted(surplus) or 'none'}, missing {sorted(missing) or 'none'}",
            existing_backups(path),
        )
    write_backup(path, found, BUSY_TIMEOUT_S)
    _drop_tables(connection, surplus)


def _is_whole_copy(backup: Path, revision: str, expected: frozenset[str]) -> bool:
    try:
        state = peek(backup)
    except WorkspaceError:
        return False
    return state.revision == revision and state.tables - {VERSION_TABLE} == expected


def _drop_tables(connection: Connection, names: frozenset[str]) -> None:
    for name in sorted(names):
        connection.exec_driver_sql(f'DROP TABLE "{name}"')
