"""Saved roadmaps: a saved scenario keeps its solved build-out roadmap beside its plan.

Revision ID: c3f81d2a6e47
Revises: 7a4e2c9d1b38
Create Date: 2026-12-01 11:10:00.000000

A new, empty column: every scenario saved before keeps its requirements and plan and has no
roadmap kept until one is solved for it (`sovplan roadmap NAME --resolve`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3f81d2a6e47"
down_revision: str | None = "7a4e2c9d1b38"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("saved_scenarios") as batch:
        batch.add_column(sa.Column("roadmap_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("saved_scenarios") as batch:
        batch.drop_column("roadmap_json")
