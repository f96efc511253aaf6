"""Issue 11, failure 1: a crash while a workspace is created or upgraded leaves one that opens.

Failures are injected at chosen SQL statements: in this process as an exception, and in a
child process as a real SIGKILL. Afterwards the workspace opens with the whole catalog and
every row the user made (price books, their entries, an edited catalog row).
"""

import shutil
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from catalog import migrate
from catalog.backups import backup_path
from catalog.errors import WorkspaceDamagedError
from catalog.recognise import APPLICATION_ID
from catalog.registry import FACT_TABLES
from catalog.user_tables import CatalogRevision
from catalog.workspace import open_workspace
from tests.catalog.reliability import (
    PRICE_BOOKS_REVISION,
    application_id,
    at_number,
    at_sql,
    failing_at,
    legacy_engine,
    make_old_workspace,
    open_and_kill,
    revision_of,
    statement_log,
    user_rows,
)

KILLED = -signal.SIGKILL


def _catalog_counts(path: Path) -> dict[str, int]:
    ws = open_workspace(path)
    with ws.sessions() as s:
        counts = {t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0
                  for t in (*FACT_TABLES, CatalogRevision)}  # fmt: skip
    ws.close()
    return counts


@pytest.fixture(scope="module")
def creation_log(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = tmp_path_factory.mktemp("log") / "workspace.sqlite"
    return statement_log(path, lambda: open_workspace(path).close())


@pytest.fixture(scope="module")
def shipped_counts(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("counts") / "workspace.sqlite"
    shutil.copyfile(seeded_template, path)
    return _catalog_counts(path)


def _creates(log: list[str]) -> list[int]:
    return [i for i, s in enumerate(log, 1) if "CREATE TABLE" in s]


CREATION_POINTS: dict[str, Callable[[list[str]], int]] = {
    "begin": lambda log: 1,
    "first CREATE TABLE": lambda log: _creates(log)[0],
    "third CREATE TABLE": lambda log: _creates(log)[2],
    "first version stamp": lambda log: next(
        i for i, s in enumerate(log, 1) if s.startswith("INSERT INTO alembic_version")
    ),
    "last migration": lambda log: max(
        i for i, s in enumerate(log, 1) if s.startswith("UPDATE alembic_version")
    ),
    "application id": lambda log: next(
        i for i, s in enumerate(log, 1) if s.startswith("PRAGMA application_id =")
    ),
    "half the seed": lambda log: len(log) // 2,
    "foreign key check": lambda log: len(log),
}
"""Where a creation (or an upgrade) is cut short, found in the statements it runs, not by number."""


@pytest.mark.parametrize("point", CREATION_POINTS)
def test_a_creation_failing_at_any_point_leaves_a_file_that_opens_complete(
    point: str, creation_log: list[str], shipped_counts: dict, tmp_path: Path
) -> None:
    path = tmp_path / "workspace.sqlite"
    with failing_at(path, at_number(CREATION_POINTS[point](creation_log))):
        open_workspace(path)
    assert _catalog_counts(path) == shipped_counts
    assert application_id(path) == APPLICATION_ID


KILL_POINTS = ["third CREATE TABLE", "half the seed"]
"""Real SIGKILLs cost a process each: one in the schema (after a table that an autocommitted
CREATE would have left behind), one in the rows."""


@pytest.mark.slow
@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_creation_killed_at_a_chosen_statement_leaves_a_file_that_opens_complete(
    point: str, creation_log: list[str], shipped_counts: dict, tmp_path: Path
) -> None:
    path = tmp_path / "workspace.sqlite"
    assert open_and_kill(path, CREATION_POINTS[point](creation_log)) == KILLED
    assert _catalog_counts(path) == shipped_counts


@pytest.mark.slow
def test_a_creation_killed_as_it_commits_leaves_a_file_that_opens_complete(
    shipped_counts: dict, tmp_path: Path
) -> None:
    path = tmp_path / "workspace.sqlite"
    assert open_and_kill(path, 1, "commit") == KILLED
    assert _catalog_counts(path) == shipped_counts


@pytest.fixture(scope="module")
def old_template(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("old") / "workspace.sqlite"
    make_old_workspace(seeded_template, path)
    return path


@pytest.fixture(scope="module")
def upgrade_log(old_template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = tmp_path_factory.mktemp("log") / "workspace.sqlite"
    shutil.copyfile(old_template, path)
    return statement_log(path, lambda: open_workspace(path).close())


@pytest.fixture
def old_workspace(old_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "workspace.sqlite"
    shutil.copyfile(old_template, path)
    return path


def test_an_upgrade_failing_at_each_write_keeps_every_user_row(
    old_template: Path, upgrade_log: list[str], tmp_path: Path
) -> None:
    writes = [i for i, s in enumerate(upgrade_log, 1)
              if s.startswith(("CREATE", "UPDATE", "PRAGMA application_id ="))]  # fmt: skip
    inserts = [i for i, s in enumerate(upgrade_log, 1) if s.startswith("INSERT")]
    assert len(writes) >= 4 and inserts, "the upgrade migrates and loads the new tables' rows"
    before = user_rows(old_template)
    for number in [1, *writes, inserts[0], inserts[-1], len(upgrade_log)]:
        path = tmp_path / f"{number}" / "workspace.sqlite"
        path.parent.mkdir()
        shutil.copyfile(old_template, path)
        with failing_at(path, at_number(number)):
            open_workspace(path)
        assert revision_of(path) == PRICE_BOOKS_REVISION, f"statement {number}"
        open_workspace(path).close()
        assert revision_of(path) == migrate.head_revision()
        assert user_rows(path) == before, f"statement {number}"


@pytest.mark.slow
@pytest.mark.parametrize("point", KILL_POINTS)
def test_an_upgrade_killed_at_a_chosen_statement_keeps_every_user_row(
    point: str, old_workspace: Path, upgrade_log: list[str]
) -> None:
    before = user_rows(old_workspace)
    assert open_and_kill(old_workspace, CREATION_POINTS[point](upgrade_log)) == KILLED
    assert revision_of(old_workspace) == PRICE_BOOKS_REVISION
    open_workspace(old_workspace).close()
    assert user_rows(old_workspace) == before
    assert backup_path(old_workspace, PRICE_BOOKS_REVISION).is_file()


def _migrate_as_an_older_sovplan_cut_short_at(path: Path, sql: str) -> None:
    """Migrate with pysqlite's legacy transactions, failing at `sql`, then show the failure
    issue 11 reported: every later attempt says a table "already exists"."""
    old = legacy_engine(path)
    with failing_at(path, at_sql(sql)):
        migrate.upgrade(old)
    with pytest.raises(OperationalError, match="already exists"):
        migrate.upgrade(old)
    old.dispose()


def test_a_workspace_half_created_by_an_older_sovplan_is_rebuilt(
    shipped_counts: dict, tmp_path: Path
) -> None:
    path = tmp_path / "workspace.sqlite"
    _migrate_as_an_older_sovplan_cut_short_at(path, "CREATE TABLE server_skus")
    assert _catalog_counts(path) == shipped_counts


def test_a_workspace_half_upgraded_by_an_older_sovplan_opens_with_its_price_book(
    old_workspace: Path,
) -> None:
    before = user_rows(old_workspace)
    _migrate_as_an_older_sovplan_cut_short_at(old_workspace, "CREATE TABLE serving_benchmarks")
    open_workspace(old_workspace).close()
    assert user_rows(old_workspace) == before
    assert revision_of(old_workspace) == migrate.head_revision()


def _cut_short_batch_migration(path: Path) -> None:
    """What a table rebuild (batch mode) killed between its DROP and RENAME outside a
    transaction leaves: the revision unchanged, `sites` gone, its rows in a temporary table."""
    with sqlite3.connect(path) as db:
        db.execute("pragma legacy_alter_table = on")
        db.execute("alter table sites rename to _alembic_tmp_sites")
    db.close()


def _copy_from_a_failed_upgrade(path: Path) -> Path:
    with failing_at(path, at_sql("CREATE TABLE serving_efficiency")):
        open_workspace(path)
    copy = backup_path(path, PRICE_BOOKS_REVISION)
    assert copy.is_file()
    return copy


def test_a_half_upgraded_workspace_is_restored_from_its_copy(old_workspace: Path) -> None:
    before = user_rows(old_workspace)
    _copy_from_a_failed_upgrade(old_workspace)
    _cut_short_batch_migration(old_workspace)
    open_workspace(old_workspace).close()
    assert user_rows(old_workspace) == before
    assert revision_of(old_workspace) == migrate.head_revision()


def test_a_half_upgraded_workspace_without_a_copy_is_refused_untouched(
    old_workspace: Path,
) -> None:
    _cut_short_batch_migration(old_workspace)
    before = old_workspace.read_bytes()
    with pytest.raises(WorkspaceDamagedError, match="do not match its schema revision"):
        open_workspace(old_workspace)
    assert old_workspace.read_bytes() == before


def test_the_copy_is_kept_until_the_next_successful_upgrade(old_workspace: Path) -> None:
    first = backup_path(old_workspace, PRICE_BOOKS_REVISION)
    open_workspace(old_workspace).close()
    assert first.is_file(), "kept after the upgrade it was made for"
    assert revision_of(first) == PRICE_BOOKS_REVISION and user_rows(first)["price_books"]
    engine = legacy_engine(old_workspace)
    migrate.downgrade(engine, "b072001e15f2")  # as if the next version brought a migration
    engine.dispose()
    second = backup_path(old_workspace, "b072001e15f2")
    with failing_at(old_workspace, at_sql("CREATE TABLE saved_scenarios")):
        open_workspace(old_workspace)
    assert first.is_file() and second.is_file(), "a failed upgrade removes no copy"
    open_workspace(old_workspace).close()
    assert second.is_file() and not first.exists()


def test_a_workspace_made_before_application_ids_is_recognised_and_stamped(
    workspace_path: Path,
) -> None:
    with sqlite3.connect(workspace_path) as db:
        db.execute("pragma application_id = 0")
    db.close()
    open_workspace(workspace_path).close()
    assert application_id(workspace_path) == APPLICATION_ID
    assert not list(workspace_path.parent.glob("*.bak-*")), "no upgrade, no copy"
