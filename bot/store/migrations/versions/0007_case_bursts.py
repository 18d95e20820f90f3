"""Web chat floods: bursts of near-identical cases shown as one alert (issue 13).

Revision ID: 0007_case_bursts
Revises: 0006_replay_guard
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_case_bursts"
down_revision = "0006_replay_guard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("source_ref", sa.String(length=32), nullable=True))
    op.add_column("cases", sa.Column("fingerprint", sa.String(length=32), nullable=True))
    op.add_column("cases", sa.Column("burst_of", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_cases_source_ref"), "cases", ["source_ref"], unique=False)
    op.create_index(op.f("ix_cases_burst_of"), "cases", ["burst_of"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_burst_of"), table_name="cases")
    op.drop_index(op.f("ix_cases_source_ref"), table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("burst_of")
        batch.drop_column("fingerprint")
        batch.drop_column("source_ref")
