"""Web chat floods: bursts of near-identical cases shown as one alert (issue 13).

Revision ID: 0007_case_bursts
Revises: 0006_replay_guard
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

revision = "0007_case_bursts"
down_revision = "0006_replay_guard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # no schema change yet


def downgrade() -> None:
    pass
