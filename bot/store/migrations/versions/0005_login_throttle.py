"""Officers' login throttle per account and address (issue 13): the addresses each officer logs in from, and
refused logins grouped per hour, account and address.

Revision ID: 0005_login_throttle
Revises: 0004_delivery_leases
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_login_throttle"
down_revision = "0004_delivery_leases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_known_addresses",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(op.f("ix_login_known_addresses_officer_id"), "login_known_addresses", ["officer_id"],
                    unique=False)
    op.create_table(
        "login_refusals",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("address_tag", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(op.f("ix_login_refusals_hour"), "login_refusals", ["hour"], unique=False)
    op.create_index(op.f("ix_login_refusals_officer_id"), "login_refusals", ["officer_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_login_refusals_officer_id"), table_name="login_refusals")
    op.drop_index(op.f("ix_login_refusals_hour"), table_name="login_refusals")
    op.drop_table("login_refusals")
    op.drop_index(op.f("ix_login_known_addresses_officer_id"), table_name="login_known_addresses")
    op.drop_table("login_known_addresses")
