"""Serving profiles: the organisation's own measured serving throughputs.

Revision ID: 7a4e2c9d1b38
Revises: 5d3c0a9e7f21
Create Date: 2026-12-01 03:30:00.000000

A new, empty table: a workspace from before keeps everything and plans as it did until the
user imports measurements (`sovplan catalog import FILE --table serving_profiles`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a4e2c9d1b38"
down_revision: str | None = "5d3c0a9e7f21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "serving_profiles",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("ai_model_id", sa.String(length=120), nullable=False),
        sa.Column("accelerator_id", sa.String(length=120), nullable=False),
        sa.Column("precision", sa.String(length=8), nullable=False),
        sa.Column("tensor_parallel", sa.Integer(), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("tpot_ms", sa.Double(), nullable=True),
        sa.Column("ttft_ms", sa.Double(), nullable=True),
        sa.Column("output_tokens_per_second", sa.Double(), nullable=True),
        sa.Column("requests_per_second", sa.Double(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accelerator_id"],
            ["accelerators.id"],
            name=op.f("fk_serving_profiles_accelerator_id_accelerators"),
        ),
        sa.ForeignKeyConstraint(
            ["ai_model_id"],
            ["ai_models.id"],
            name=op.f("fk_serving_profiles_ai_model_id_ai_models"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_serving_profiles")),
    )


def downgrade() -> None:
    op.drop_table("serving_profiles")
