"""Schema migrations: one head, upgrades keep every row, the ORM matches the migrations."""

import csv
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Table, func, inspect, select, text

from catalog import migrate
from catalog.base import Base
from catalog.codec import from_text, kind_of
from catalog.errors import WorkspaceError
from catalog.registry import FACT_TABLES
from catalog.seed import SEED_DIR
from catalog.tables import Site
from catalog.workspace import make_engine, open_workspace

DROPPED_COLUMN_VALUE = 0.5
"""What an older version held in a column a later migration dropped (the serving factors of
the first capacity model, all fractions of peak): any valid value will do."""


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrate.alembic_config())


def _first_revision() -> str:
    bases = _scripts().get_bases()
    assert len(bases) == 1
    return bases[0]


def test_there_is_a_single_head() -> None:
    assert len(_scripts().get_heads()) == 1


def test_migration_files_carry_a_date_prefix() -> None:
    names = [p.name for p in (migrate.MIGRATIONS_DIR / "versions").glob("2*.py")]
    assert len(names) == len(list(_scripts().walk_revisions()))


def test_orm_matches_the_migrations(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "w.sqlite")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def _insert_shipped_rows_as_plain_sql(engine: Engine) -> dict[str, int]:
    """Fill an old-schema file the way an older sovplan would have: one INSERT per seed row."""
    counts = {}
    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names())
        for cls in (c for c in FACT_TABLES if c.__tablename__ in existing):
            old_table = Table(cls.__tablename__, MetaData(), autoload_with=connection)
            head_columns = cls.__table__.columns
            with (SEED_DIR / f"{cls.__tablename__}.csv").open(encoding="utf-8") as handle:
                records = list(csv.DictReader(handle))
            rows = [
                {
                    c.name: from_text(r[c.name], kind_of(head_columns[c.name]))
                    if c.name in head_columns
                    else DROPPED_COLUMN_VALUE
                    for c in old_table.c
                }
                for r in records
            ]
            connection.execute(old_table.insert(), rows)
            counts[cls.__tablename__] = len(rows)
    return counts


def test_a_first_migration_workspace_with_rows_upgrades_with_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, _first_revision())
    with engine.connect() as c:
        assert "price_books" not in inspect(c).get_table_names(), "rev 1 predates price books"
    written = _insert_shipped_rows_as_plain_sql(engine)
    with engine.begin() as c:  # a user edit made under the old version
        c.execute(text("update sites set pue = 1.23 where id = (select min(id) from sites)"))
    engine.dispose()

    ws = open_workspace(path)
    with ws.sessions() as s:
        found = {
            t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in FACT_TABLES
        }
        edited_pue = s.scalar(select(Site.pue).order_by(Site.id).limit(1))
    ws.close()
    assert {t: found[t] for t in written} == written
    added_later = set(found) - set(written)
    assert added_later and all(found[t] > 0 for t in added_later), "new tables get shipped rows"
    assert edited_pue == 1.23, "the upgrade must not re-seed over the user's edit"


def test_downgrade_to_base_and_back_keeps_the_schema_usable(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "w.sqlite")
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    with engine.connect() as c:
        names = {r[0] for r in c.execute(text("select name from sqlite_master where type='table'"))}
    assert names <= {"alembic_version"}
    migrate.upgrade(engine)
    engine.dispose()


def test_a_workspace_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    open_workspace(path, seed=False).close()
    with sqlite3.connect(path) as db:
        db.execute("update alembic_version set version_num = 'ffffffffffff'")
    with pytest.raises(WorkspaceError, match="newer version"):
        open_workspace(path)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("my precious notes\n" * 100)
    with pytest.raises(WorkspaceError, match="not a sovplan workspace"):
        open_workspace(path)
    assert path.read_text() == "my precious notes\n" * 100


def test_foreign_keys_and_wal_are_on(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "w.sqlite", seed=False)
    with ws.engine.connect() as c:
        assert c.scalar(text("pragma foreign_keys")) == 1
        assert c.scalar(text("pragma journal_mode")) == "wal"
    ws.close()
