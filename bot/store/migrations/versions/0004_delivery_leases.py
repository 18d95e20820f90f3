"""The message path's reliability (issue 13): worker leases on inbox and outbox rows, the send intent's attempt id,
and indexes for the workers' claim queries.

Revision ID: 0004_delivery_leases
Revises: 0003_desk_shift
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_delivery_leases"
down_revision = "0003_desk_shift"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("inbound_messages", "outbound_messages"):
        # Which worker holds the row, and until when (renewed by its heartbeat; expired: another takes it back).
        op.add_column(table, sa.Column("worker_id", sa.String(length=64), nullable=True))
        op.add_column(table, sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        op.create_index(op.f(f"ix_{table}_status"), table, ["status"], unique=False)
    # The send intent: committed before the HTTP call, so the outcome is recorded only by the attempt that made it.
    op.add_column("outbound_messages", sa.Column("attempt_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbound_messages") as batch:
        batch.drop_column("attempt_id")
    for table in ("inbound_messages", "outbound_messages"):
        op.drop_index(op.f(f"ix_{table}_status"), table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("lease_until")
            batch.drop_column("worker_id")
