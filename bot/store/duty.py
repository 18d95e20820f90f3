"""Who is on duty at the officer desk: what the bot may promise ("a person will answer") depends on it.

An officer marks themself on or off duty in the desk; it counts only while they also have a live desk
session (not idle past AMANE_DESK_IDLE_MINUTES, not past its absolute end), so a forgotten "on duty"
ends with the session. Coordinators do not answer people and never count. This module is in bot/store so
that the conversation core and the actions may ask it without importing the desk.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Query, Session

from bot.settings import get_settings
from bot.store.desk_models import DeskSession, Officer
from bot.store.models import utcnow

# The roles that answer people (bot/desk/accounts.ROLES also has "coordinator", who only sees figures).
ANSWERING_ROLES = ("officer", "supervisor")


def _on_duty(session: Session, now: datetime | None) -> Query:
    now = now or utcnow()
    idle_since = now - timedelta(minutes=get_settings().desk_idle_minutes)
    live = (session.query(DeskSession.id)
            .filter(DeskSession.officer_id == Officer.id, DeskSession.expires_at > now,
                    DeskSession.last_seen_at > idle_since)
            .exists())
    return (session.query(Officer)
            .filter(Officer.active.is_(True), Officer.on_duty.is_(True), Officer.role.in_(ANSWERING_ROLES), live))


def someone_on_duty(session: Session, now: datetime | None = None) -> bool:
    """True when at least one officer is on duty and logged in to the desk."""
    return session.query(_on_duty(session, now).exists()).scalar() is True


def officers_on_duty(session: Session, now: datetime | None = None) -> list[tuple[int, str]]:
    """(id, username) of the officers on duty and logged in, by name."""
    return [(officer.id, officer.username) for officer in _on_duty(session, now).order_by(Officer.username)]


__all__ = ["ANSWERING_ROLES", "officers_on_duty", "someone_on_duty"]
