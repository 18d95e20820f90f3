"""Provider replays refused after erasure: content-free delivery fingerprints (issue 13).

delivery_fingerprints: the keyed hash of a provider's message id (channel and id only: no sender, no text), kept
when a conversation is erased and purged once the provider could no longer deliver that message.

Revision ID: 0006_replay_guard
Revises: 0005_login_throttle
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_replay_guard"
down_revision = "0005_login_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delivery_fingerprints",
        sa.Column("fingerprint", sa.String(length=48), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("fingerprint"),
    )
    op.create_index(op.f("ix_delivery_fingerprints_expires_at"), "delivery_fingerprints", ["expires_at"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_delivery_fingerprints_expires_at"), table_name="delivery_fingerprints")
    op.drop_table("delivery_fingerprints")
