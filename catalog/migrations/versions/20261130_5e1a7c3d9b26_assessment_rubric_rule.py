"""Sovereignty assessments name the rubric rule their level follows.

Revision ID: 5e1a7c3d9b26
Revises: f2504ea9bee5
Create Date: 2026-11-30 09:00:00.000000

A workspace from before keeps every level as it was; its own-judgement rows carry no rule
until the user sets one or imports the shipped rows (docs/scoring.md, "The rubric").
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e1a7c3d9b26"
down_revision: str | None = "f2504ea9bee5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sovereignty_assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rubric_rule", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sovereignty_assessments", schema=None) as batch_op:
        batch_op.drop_column("rubric_rule")
