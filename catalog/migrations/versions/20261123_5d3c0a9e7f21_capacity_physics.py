"""Capacity physics (issue 12): model and accelerator shape columns, new serving factors.

Adds what the roofline needs beyond parameter counts: query heads and hidden size (attention
FLOPs, tensor-parallel all-reduce bytes), routed experts and top-k (weights a batch touches),
and the bandwidth between accelerators of one machine. Existing workspaces get the shipped
values for the shipped rows; a user's own rows stay empty and the model falls back (see
docs/capacity.md). The serving-efficiency factors of the old model mean nothing to the new
one, so their rows are removed and the new shipped row is seeded when the workspace opens.

Revision ID: 5d3c0a9e7f21
Revises: 5e1a7c3d9b26
Create Date: 2026-11-23 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d3c0a9e7f21"
down_revision: str | None = "5e1a7c3d9b26"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MODEL_SHAPES = {
    "bge-m3": (16, 1024, None, None),
    "deepseek-r1": (128, 7168, 256, 8),
    "deepseek-v3": (128, 7168, 256, 8),
    "gemma-3-12b": (16, 3840, None, None),
    "gemma-3-27b": (32, 5376, None, None),
    "gpt-oss-120b": (64, 2880, 128, 4),
    "gpt-oss-20b": (64, 2880, 32, 4),
    "llama-3.1-405b-instruct": (128, 16384, None, None),
    "llama-3.1-70b-instruct": (64, 8192, None, None),
    "llama-3.1-8b-instruct": (32, 4096, None, None),
    "llama-3.3-70b-instruct": (64, 8192, None, None),
    "llama-4-maverick": (40, 5120, 128, 1),
    "llama-4-scout": (40, 5120, 16, 1),
    "mistral-7b-instruct": (32, 4096, None, None),
    "mistral-small-3": (32, 5120, None, None),
    "mixtral-8x22b-instruct": (48, 6144, 8, 2),
    "mixtral-8x7b-instruct": (32, 4096, 8, 2),
    "multilingual-e5-large": (16, 1024, None, None),
    "olmo-2-32b": (40, 5120, None, None),
    "phi-4": (40, 5120, None, None),
    "qwen2.5-72b-instruct": (64, 8192, None, None),
    "qwen2.5-7b-instruct": (28, 3584, None, None),
    "qwen3-14b": (40, 5120, None, None),
    "qwen3-235b-a22b": (64, 4096, 128, 8),
    "qwen3-30b-a3b": (32, 2048, 128, 8),
    "qwen3-32b": (64, 5120, None, None),
    "salamandra-7b-instruct": (32, 4096, None, None),
}
"""(attention heads, hidden size, routed experts, experts per token) of the shipped models."""

INTERCONNECT_GB_PER_S = {
    "amd-mi300x-192gb": 896,
    "amd-mi325x-256gb": 896,
    "amd-mi355x-288gb": 1071,
    "google-tpu-v5e-16gb": 400,
    "google-tpu-v5p-95gb": 600,
    "google-tpu-v6e-32gb": 800,
    "intel-gaudi2-96gb": 600,
    "intel-gaudi3-128gb": 1200,
    "nvidia-a100-40gb-sxm4": 600,
    "nvidia-a100-80gb-sxm4": 600,
    "nvidia-b200-180gb-sxm": 1800,
    "nvidia-gb200-186gb": 1800,
    "nvidia-h100-80gb-pcie": 128,
    "nvidia-h100-80gb-sxm5": 900,
    "nvidia-h100-94gb-nvl": 128,
    "nvidia-h200-141gb-sxm": 900,
    "nvidia-l4-24gb": 64,
    "nvidia-l40s-48gb": 64,
    "nvidia-rtx-4090-24gb": 64,
}
"""Bandwidth to the other accelerators of one machine, both directions, of the shipped rows."""

MODEL_COLUMNS = ("attention_heads", "hidden_size", "num_experts", "experts_per_token")


def _new_efficiency_table() -> None:
    op.create_table(
        "serving_efficiency",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("generation", sa.String(length=40), nullable=True),
        sa.Column("bandwidth_fraction", sa.Double(), nullable=False),
        sa.Column("bandwidth_kept_per_tp_doubling", sa.Double(), nullable=False),
        sa.Column("bf16_compute_fraction", sa.Double(), nullable=False),
        sa.Column("fp8_compute_fraction", sa.Double(), nullable=False),
        sa.Column("fp4_compute_fraction", sa.Double(), nullable=False),
        sa.Column("prefill_compute_gain", sa.Double(), nullable=False),
        sa.Column("step_overhead_us_per_layer", sa.Double(), nullable=False),
        sa.Column("interconnect_fraction", sa.Double(), nullable=False),
        sa.Column("source_id", sa.String(length=120), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_serving_efficiency_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_serving_efficiency")),
    )


def _old_efficiency_table() -> None:
    op.create_table(
        "serving_efficiency",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("generation", sa.String(length=40), nullable=True),
        sa.Column("bandwidth_fraction", sa.Double(), nullable=False),
        sa.Column("decode_compute_fraction", sa.Double(), nullable=False),
        sa.Column("prefill_compute_fraction", sa.Double(), nullable=False),
        sa.Column("tensor_parallel_efficiency", sa.Double(), nullable=False),
        sa.Column("source_id", sa.String(length=120), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_serving_efficiency_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_serving_efficiency")),
    )


def upgrade() -> None:
    with op.batch_alter_table("ai_models") as batch:
        for name in MODEL_COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
    with op.batch_alter_table("accelerators") as batch:
        batch.add_column(sa.Column("interconnect_gb_per_s", sa.Double(), nullable=True))
    with op.batch_alter_table("serving_benchmarks") as batch:
        batch.add_column(sa.Column("excluded_from_fit", sa.Text(), nullable=True))
    models = sa.table("ai_models", sa.column("id"), *(sa.column(n) for n in MODEL_COLUMNS))
    for model_id, shape in MODEL_SHAPES.items():
        op.execute(
            models.update()
            .where(models.c.id == model_id)
            .values(dict(zip(MODEL_COLUMNS, shape, strict=True)))
        )
    accelerators = sa.table("accelerators", sa.column("id"), sa.column("interconnect_gb_per_s"))
    for accelerator_id, bandwidth in INTERCONNECT_GB_PER_S.items():
        op.execute(
            accelerators.update()
            .where(accelerators.c.id == accelerator_id)
            .values(interconnect_gb_per_s=bandwidth)
        )
    op.drop_table("serving_efficiency")
    _new_efficiency_table()


def downgrade() -> None:
    op.drop_table("serving_efficiency")
    _old_efficiency_table()
    with op.batch_alter_table("serving_benchmarks") as batch:
        batch.drop_column("excluded_from_fit")
    with op.batch_alter_table("accelerators") as batch:
        batch.drop_column("interconnect_gb_per_s")
    with op.batch_alter_table("ai_models") as batch:
        for name in reversed(MODEL_COLUMNS):
            batch.drop_column(name)
