"""Is a workspace's schema already at head? Answered without loading Alembic.

Importing Alembic and reading its script directory takes longer than everything else a
`sovplan` command does before it solves (docs/performance.md), and on every open but the
first after an upgrade there is nothing to migrate. The head revision is therefore also
written down here; tests/catalog/test_schema_version.py checks it against the migrations
folder, so a new migration without an update here fails the suite.
"""

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

HEAD_REVISION = "f2504ea9bee5"
"""The newest migration in catalog/migrations/versions (the one no other revises)."""
VERSION_TABLE = "alembic_version"
"""Where Alembic records a database's schema revision."""


def is_at_head(engine: Engine) -> bool:
    """True when the database records exactly HEAD_REVISION; False for a new file, an
    older or newer schema, or a file that is not a workspace (the migration code then
    decides what to do and what to say)."""
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").all()
    except DBAPIError:
        return False
    return [row[0] for row in rows] == [HEAD_REVISION]
