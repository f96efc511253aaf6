"""Is a workspace's schema already at head? Answered without loading Alembic.

Importing Alembic and reading its script directory takes longer than everything else a
`sovplan` command does before it solves (docs/performance.md), and on every open but the
first after an upgrade there is nothing to migrate. The head revision is therefore also
written down here, and a workspace that records it (catalog/recognise.py reads it with plain
sqlite3) is opened without Alembic; tests/catalog/test_schema_version.py checks it against the
migrations folder, so a new migration without an update here fails the suite.
"""

HEAD_REVISION = "c3f81d2a6e47"
"""The newest migration in catalog/migrations/versions (the one no other revises)."""
VERSION_TABLE = "alembic_version"
"""Where Alembic records a database's schema revision."""
