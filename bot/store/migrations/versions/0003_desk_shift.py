"""The desk for a busy shift: officers' language and duty, the first officer reply of a case, quick replies,
indexes for the queue and the coordinator's figures.

Revision ID: 0003_desk_shift
Revises: 0002_channel_events
Create Date: 2026-12-06 00:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_desk_shift"
down_revision = "0002_channel_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("officers", sa.Column("language", sa.String(length=8), nullable=True))
    op.add_column("officers", sa.Column("on_duty", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("officers", sa.Column("duty_changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("cases", sa.Column("first_reply_at", sa.DateTime(timezone=True), nullable=True))
    # Cases answered before this revision: their first reply is in the audit log (content-free).
    op.execute("UPDATE cases SET first_reply_at = (SELECT MIN(audit_log.at) FROM audit_log "
               "WHERE audit_log.case_id = cases.id AND audit_log.action = 'officer_replied') "
               "WHERE first_reply_at IS NULL")
    op.create_index("ix_cases_status_created_at", "cases", ["status", "created_at"], unique=False)
    op.create_index("ix_cases_created_at", "cases", ["created_at"], unique=False)
    op.create_table(
        "quick_replies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_quick_replies_language"), "quick_replies", ["language"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_quick_replies_language"), table_name="quick_replies")
    op.drop_table("quick_replies")
    op.drop_index("ix_cases_created_at", table_name="cases")
    op.drop_index("ix_cases_status_created_at", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("first_reply_at")
    with op.batch_alter_table("officers") as batch:
        batch.drop_column("duty_changed_at")
        batch.drop_column("on_duty")
        batch.drop_column("language")
