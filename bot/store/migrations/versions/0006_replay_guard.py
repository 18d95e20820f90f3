"""Provider replays refused after erasure: content-free delivery fingerprints (issue 13).

Revision ID: 0006_replay_guard
Revises: 0005_login_throttle
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

revision = "0006_replay_guard"
down_revision = "0005_login_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # no schema change yet


def downgrade() -> None:
    pass
