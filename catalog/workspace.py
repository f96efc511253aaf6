"""The workspace: one SQLite file holding the catalog (and, later, the user's scenarios).

Opening a workspace upgrades its schema by migration (never `create_all`) and loads the
shipped catalog into a new one. Foreign keys are on and the journal is WAL on every
connection, so a crash mid-write leaves the previous state intact.
"""

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from catalog.errors import WorkspaceError
from catalog.revisions import current_revision
from catalog.schema_version import is_at_head
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


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine on the file with foreign keys enforced and a WAL journal."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    return engine


@dataclass(frozen=True)
class Workspace:
    """An open workspace: its file, engine and the session factory passed down to services."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

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
    engine = make_engine(path)
    try:
        _upgrade(engine, path)
        sessions = sessionmaker(engine, expire_on_commit=False)
        if seed:
            with sessions.begin() as session:
                if current_revision(session) == 0:
                    seed_default_catalog(session)
                else:
                    seed_new_tables(session)
    except BaseException:
        engine.dispose()
        raise
    return Workspace(path, engine, sessions)


def _upgrade(engine: Engine, path: Path) -> None:
    if is_at_head(engine):  # the usual case: no Alembic to import, nothing to migrate
        return
    from catalog import migrate

    try:
        found = migrate.current_schema_revision(engine)
    except (DatabaseError, OperationalError) as exc:
        raise WorkspaceError(f"{path}: not a sovplan workspace ({exc.orig})") from None
    if found is not None and not migrate.is_known_revision(found):
        raise WorkspaceError(
            f"{path}: made by a newer version of sovplan (schema {found}); upgrade sovplan"
        )
    try:
        migrate.upgrade(engine)
    except (DatabaseError, OperationalError) as exc:
        raise WorkspaceError(f"{path}: cannot upgrade the workspace ({exc.orig})") from None
