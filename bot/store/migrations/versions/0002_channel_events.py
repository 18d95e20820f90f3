"""Channel events: link an edit to the message it changes, and find a sent message from a status webhook.

inbound_messages.message_ref (keyed hash of the chat message a row is, or for an edit, changes);
outbound_messages.provider_ref (keyed hash of the provider's id of the sent message). Both nullable: rows from
before stay as they are.

Revision ID: 0002_channel_events
Revises: 0001
Create Date: 2026-12-06 00:05:47
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_channel_events"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbound_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_ref", sa.String(length=48), nullable=True))
        batch_op.create_index(batch_op.f("ix_inbound_messages_message_ref"), ["message_ref"], unique=False)
    with op.batch_alter_table("outbound_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provider_ref", sa.String(length=48), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbound_messages_provider_ref"), ["provider_ref"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbound_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbound_messages_provider_ref"))
        batch_op.drop_column("provider_ref")
    with op.batch_alter_table("inbound_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbound_messages_message_ref"))
        batch_op.drop_column("message_ref")
