"""How sovplan talks to its SQLite file: real transactions, a lock that waits, readable errors.

- **Transactions.** The sqlite3 driver's legacy mode runs DDL such as CREATE TABLE in
  autocommit, so a migration was not one transaction and a kill left half a schema. SQLAlchemy's
  documented recipe for pysqlite fixes that: the driver's own BEGIN is switched off on connect
  (`isolation_level = None`) and the engine's "begin" event emits BEGIN itself, so every
  statement, DDL included, runs inside the transaction SQLAlchemy began.
- **Writers take the lock first.** A write transaction starts with BEGIN IMMEDIATE, where the
  busy timeout applies. A deferred transaction that has read and then wants to write gets
  SQLITE_BUSY at once in WAL mode if another writer committed meanwhile; no timeout helps it.
- **Errors a user can act on.** SQLite's result codes become `WorkspaceBusyError`,
  `WorkspaceDamagedError` and so on in the engine's `handle_error` hook, so no caller ever shows
  an SQLAlchemy message with its SQL; `hide_parameters` keeps the parameters (scenarios, plans,
  negotiated prices) out of tracebacks as well.
"""

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from catalog.backups import existing_backups
from catalog.errors import (
    WorkspaceBusyError,
    WorkspaceDamagedError,
    WorkspaceError,
    WorkspaceReadOnlyError,
)

BUSY_TIMEOUT_S = 60.0
"""How long a writer waits for another's write lock before "the workspace is busy".

The longest write is a large import, parsed and validated under the lock: 50,000 cloud offers
held it 27 s on the 2-core development machine under load, creating a workspace 0.5 s, a saved
plan 0.01 s (benchmarks/workspace_writes.py prints these). A minute outlasts the largest
import more than twice over and still answers a user whose other process hangs.
"""

WAL_RETRY_INTERVAL_S = 0.05
"""Pause between tries to switch a new file to WAL while another process is switching it.

SQLite does not call the busy handler there (the switch upgrades a read transaction to a write
one, where waiting could deadlock), so two processes creating one workspace at once had one
fail with "busy" at once; a short pause makes the wait cheap and quick to notice the release.
"""

BEGIN_OPTION = "sovplan_begin"
"""Execution option naming the BEGIN mode of a connection's transactions."""

WRITE: dict[str, Any] = {BEGIN_OPTION: "IMMEDIATE"}
"""Execution options of a connection that will write: it takes the write lock at BEGIN."""

# SQLite primary result codes (https://www.sqlite.org/rescode.html); extended codes keep
# the primary code in their low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def unwritable_part(path: Path) -> str | None:
    """'the file' or 'its folder' if sovplan cannot write there, else None."""
    if path.exists() and not os.access(path, os.W_OK):
        return "the file"
    if not os.access(path.parent, os.W_OK):
        return "its folder"
    return None


def workspace_error(path: Path, error: sqlite3.Error) -> WorkspaceError | None:
    """The user's view of an SQLite error, or None for one that is a bug of ours."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return WorkspaceBusyError(path)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return WorkspaceDamagedError(path, str(error), existing_backups(path))
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM):
        part = unwritable_part(path)
        if part is not None:
            return WorkspaceReadOnlyError(path, part)
        return WorkspaceError(f"{path}: cannot open the workspace ({error})")
    if primary == SQLITE_FULL:
        return WorkspaceError(
            f"{path}: the disk is full; nothing was written. To fix: free some space, try again"
        )
    if primary == SQLITE_IOERR:
        return WorkspaceError(
            f"{path}: the disk reported an error ({error}); nothing was written. "
            "To fix: check the disk, then try again"
        )
    return None


def _translate(path: Path, context: ExceptionContext) -> None:
    error = context.original_exception
    if isinstance(error, sqlite3.Error):
        translated = workspace_error(path, error)
        if translated is not None:
            raise translated


def _on_connect(
    dbapi_connection: sqlite3.Connection, _record: object, *, foreign_keys: bool
) -> None:
    dbapi_connection.isolation_level = None  # the recipe: our "begin" listener emits BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cursor.close()
    _enter_wal(dbapi_connection)


def _enter_wal(dbapi_connection: sqlite3.Connection) -> None:
    """Switch to WAL, waiting up to the busy timeout while another process holds the lock."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorcode", 0) & 0xFF == SQLITE_BUSY
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY_INTERVAL_S)


def _begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path, *, foreign_keys: bool = True, pooled: bool = True) -> Engine:
    """An engine with real transactions, a WAL journal, the busy timeout and readable errors.

    Migrations use `foreign_keys=False`: SQLite's procedure for altering a table (which
    Alembic's batch mode follows) copies and drops tables, and a DROP with foreign keys on
    would cascade; the migration checks the keys itself before it commits.
    """
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_S},
        hide_parameters=True,
        **({} if pooled else {"poolclass": NullPool}),
    )
    event.listen(engine, "connect", partial(_on_connect, foreign_keys=foreign_keys))
    event.listen(engine, "begin", _begin)
    event.listen(engine, "handle_error", partial(_translate, Path(path)))
    return engine


class WorkspaceSessions(sessionmaker[Session]):
    """`sessions()` for reading (a deferred BEGIN, never waits in WAL mode); `sessions.begin()`
    for a unit of work that writes, which takes the write lock at BEGIN IMMEDIATE."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, expire_on_commit=False)
        self._writer = engine.execution_options(**WRITE)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """Commit on success, roll back on an exception, always close (as sessionmaker's)."""
        with self(bind=self._writer) as session, session.begin():
            yield session
