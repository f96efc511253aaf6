"""Shared by the workspace reliability tests: a user's rows in an old workspace, and failures
injected at a chosen SQL statement, in this process (an exception) or in a child (SIGKILL).

No hook in sovplan itself is needed: a listener on SQLAlchemy's Engine class sees every
statement of every engine, and the tests count only those run on the workspace file.
"""

import contextlib
import csv
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, select

from catalog import migrate
from catalog.pricebooks import import_price_book
from catalog.tables import CloudOffer
from catalog.workspace import make_engine, open_workspace

ROOT = Path(__file__).resolve().parents[2]
PRICE_BOOKS_REVISION = "8c1d2e7a9b40"
"""The first schema revision with price books: the oldest a user's negotiated prices live in."""
USER_TABLES = ("price_books", "price_book_entries", "saved_scenarios")
EDITED_PUE = 1.23
"""A value no shipped site has: the user's own edit of a catalog row."""


class InjectedError(Exception):
    """Raised by a test at a chosen statement, standing in for a crash."""


Matcher = Callable[[int, str], bool]
"""Given the statement's number (from 1) on the workspace file and its SQL: fail here?"""


def at_number(n: int) -> Matcher:
    return lambda number, _sql: number == n


def at_sql(fragment: str) -> Matcher:
    return lambda _number, sql: fragment in sql


@contextmanager
def statements_on(path: Path, on_statement: Callable[[int, str], None]) -> Iterator[None]:
    """Calls `on_statement(number, sql)` before each statement any engine runs on `path`."""
    seen = 0

    def listener(conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        nonlocal seen
        if Path(conn.engine.url.database or "") == path:
            seen += 1
            on_statement(seen, sql)

    event.listen(Engine, "before_cursor_execute", listener)
    try:
        yield
    finally:
        event.remove(Engine, "before_cursor_execute", listener)


@contextmanager
def failing_at(path: Path, matcher: Matcher) -> Iterator[None]:
    """The block fails at the matching statement on `path` (and must reach it)."""

    def fail(number: int, sql: str) -> None:
        if matcher(number, sql):
            raise InjectedError(f"statement {number}: {sql.strip()[:60]}")

    with statements_on(path, fail), pytest.raises(InjectedError):
        yield


def statement_log(path: Path, action: Callable[[], object]) -> list[str]:
    """The statements `action` runs on `path`, in order."""
    log: list[str] = []
    with statements_on(path, lambda _n, sql: log.append(sql.strip())):
        action()
    return log


_KILLER = """
import os, signal, sys
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.engine import Engine
from catalog.workspace import open_workspace

path, at, event_name = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
seen = 0

def kill(conn, *_args):
    global seen
    if Path(conn.engine.url.database or "") == path:
        seen += 1
        if seen == at:
            os.kill(os.getpid(), signal.SIGKILL)

event.listen(Engine, event_name, kill)
open_workspace(path).close()
"""


def open_and_kill(path: Path, at: int, event_name: str = "before_cursor_execute") -> int:
    """Open the workspace in a child process that SIGKILLs itself at statement `at`
    (or at the `at`-th commit with event_name="commit"); returns the child's exit status."""
    done = subprocess.run(
        [sys.executable, "-c", _KILLER, str(path), str(at), event_name],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode


def add_price_book(path: Path, folder: Path) -> None:
    """A negotiated price and a provider discount, imported as a user would."""
    ws = open_workspace(path)
    with ws.sessions() as s:
        offer = s.scalars(select(CloudOffer).order_by(CloudOffer.id)).first()
    assert offer is not None
    book = folder / "framework-2026.csv"
    with book.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["target_kind", "target_id", "price_per_instance_hour", "currency",
                         "discount_fraction"])  # fmt: skip
        writer.writerow(["cloud_offer", offer.id, "1.5", "EUR", ""])
        writer.writerow(["provider", offer.provider_id, "", "", "0.2"])
    with ws.sessions.begin() as s:
        import_price_book(s, book, name="Framework 2026", as_of=date(2026, 11, 1))
    ws.close()
    with sqlite3.connect(path) as db:
        db.execute("update sites set pue = ? where id = (select min(id) from sites)", (EDITED_PUE,))
    db.close()


def user_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a user made: price books, their entries, saved scenarios, a catalog edit."""
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        rows = {  # a table an older revision lacks holds no row
            t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr) if t in tables else []
            for t in USER_TABLES
        }
        rows["sites.pue"] = db.execute("select id, pue from sites order by id").fetchall()
    db.close()
    return rows


def make_old_workspace(template: Path, path: Path, revision: str = PRICE_BOOKS_REVISION) -> None:
    """A workspace an older sovplan left at `revision`, with a price book and an edited row,
    and no application id (ids came with this version)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    add_price_book(path, path.parent)
    engine = make_engine(path, foreign_keys=False)
    migrate.downgrade(engine, revision)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute("pragma application_id = 0")
    db.close()


def legacy_engine(path: Path) -> Engine:
    """An engine as sovplan made it before migrations were atomic: pysqlite's legacy
    transaction handling, where CREATE TABLE commits by itself."""
    return create_engine(f"sqlite:///{path}")


def revision_of(path: Path) -> str | None:
    with sqlite3.connect(path) as db:
        rows = db.execute("select version_num from alembic_version").fetchall()
    db.close()
    return rows[0][0] if rows else None


def application_id(path: Path) -> int:
    with sqlite3.connect(path) as db:
        value = int(db.execute("pragma application_id").fetchone()[0])
    db.close()
    return value


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction, as an import holds it."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """A file or folder nobody may write, root included (`chattr +i`), else chmod."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a file read-only")
        if subprocess.run(["chattr", "+i", path], capture_output=True, check=False).returncode:
            pytest.skip("chattr +i is not supported here")
        undo = ["chattr", "-i", path]
    else:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        undo = []
    try:
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        else:
            path.chmod(mode)


TINY_DISK = "64k"
"""Size of the tmpfs that stands for a full disk (filled up before the test writes to it)."""


@contextmanager
def full_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """`folder` (made here) on a disk with no room left: a tiny tmpfs filled up, where the
    machine lets a test mount one (root on Linux); else every fsync fails with ENOSPC, as a
    full disk makes the writer's last step fail. Yields which of the two it is."""
    folder.mkdir()
    mounted = os.geteuid() == 0 and shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TINY_DISK}", "tmpfs", folder],
        capture_output=True, check=False,
    ).returncode == 0  # fmt: skip
    if not mounted:

        def no_room(_fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", no_room)
        yield "fsync fails with ENOSPC"
        return
    try:
        with contextlib.suppress(OSError), (folder / "filler").open("wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        yield f"a full {TINY_DISK} tmpfs"
    finally:
        subprocess.run(["umount", folder], check=True)
