"""The message path's reliability (issue 13): worker leases, send intents, long retries.

Revision ID: 0004_delivery_leases
Revises: 0003_desk_shift
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

revision = "0004_delivery_leases"
down_revision = "0003_desk_shift"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # no schema change yet


def downgrade() -> None:
    pass
