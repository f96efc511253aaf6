"""Alembic environment: migrates the connection the application hands over.

The application passes an open connection in `config.attributes["connection"]`, already inside
a transaction (catalog/workspace.py), so every migration and the version stamp commit together.
`transactional_ddl=True` tells Alembic that SQLite runs DDL inside that transaction, which holds
because the engine follows SQLAlchemy's pysqlite recipe (catalog/engine.py). The command-line
`alembic` (developers only) falls back to the URL in alembic.ini, through the same engine setup.
"""

from pathlib import Path

from alembic import context
from sqlalchemy import Connection, make_url

import catalog.registry  # noqa: F401  (registers every table on the metadata)
from catalog.base import Base
from catalog.engine import make_engine

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = make_url(context.config.get_main_option("sqlalchemy.url") or "")
    engine = make_engine(Path(url.database or ""), foreign_keys=False, pooled=False)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


run_migrations_online()
