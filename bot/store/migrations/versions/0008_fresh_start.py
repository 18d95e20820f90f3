"""A chat handed back to the bot by an officer's deactivation forgets the bot's pending question (issue 13).

conversations.fresh_start: set when an officer's deactivation releases a chat they had taken over; the
conversation's next turn drops the form and the yes/no question the bot was waiting for, then clears it.

Revision ID: 0008_fresh_start
Revises: 0007_case_bursts
Create Date: 2026-12-06 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_fresh_start"
down_revision = "0007_case_bursts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("conversations", sa.Column("fresh_start", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("fresh_start")
