"""Bring a workspace's schema to the newest migration shipped with this version.

Migrations run on a connection the caller has begun a transaction on (with the engine of
catalog/engine.py, whose BEGIN covers DDL too), so an upgrade commits whole or not at all.
"""

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from catalog.engine import make_engine
from catalog.schema_version import VERSION_TABLE

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def is_known_revision(revision: str) -> bool:
    return any(s.revision == revision for s in _scripts().walk_revisions())


def upgrade_connection(connection: Connection, revision: str = "head") -> None:
    """Run the shipped migrations inside the caller's transaction; it decides to commit."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the shipped migrations up to `revision` on the engine's database, in one transaction."""
    with engine.begin() as connection:
        upgrade_connection(connection, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@cache
def tables_at(revision: str) -> frozenset[str]:
    """The tables a workspace at `revision` holds (besides the version table).

    Found by migrating an empty in-memory database, so it is right for every migration
    without a list to keep up to date.
    """
    engine = make_engine(Path(":memory:"))
    try:
        with engine.begin() as connection:
            upgrade_connection(connection, revision)
            names = inspect(connection).get_table_names()
    finally:
        engine.dispose()
    return frozenset(names) - {VERSION_TABLE}
