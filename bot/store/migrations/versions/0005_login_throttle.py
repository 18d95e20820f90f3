"""Officers' login throttle per account and address (issue 13).

Revision ID: 0005_login_throttle
Revises: 0004_delivery_leases
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

revision = "0005_login_throttle"
down_revision = "0004_delivery_leases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # no schema change yet


def downgrade() -> None:
    pass
