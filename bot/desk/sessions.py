"""Desk login sessions: random tokens kept only as SHA-256 digests, idle and absolute expiry, CSRF tokens."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.settings import Settings, get_settings
from bot.store.desk_models import DeskSession, Officer, as_utc
from bot.store.models import utcnow


def _digest(token: str) -> str:
    # A plain hash is enough: the token has 256 random bits, nothing to guess from its digest.
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, officer: Officer, now: datetime | None = None) -> tuple[str, str]:
    """A new login for `officer`: (session token for the cookie, CSRF token for forms and headers)."""
    now = now or utcnow()
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(DeskSession(
        token_hash=_digest(token), officer_id=officer.id, csrf_token_hash=_digest(csrf_token),
        created_at=now, last_seen_at=now,
        expires_at=now + timedelta(hours=get_settings().desk_session_hours),
    ))
    session.flush()
    return token, csrf_token


def _live_row(session: Session, token: str | None, now: datetime) -> DeskSession | None:
    """The session row of `token` if it is neither idle too long nor past its absolute end."""
    if not token:
        return None
    row = session.query(DeskSession).filter(DeskSession.token_hash == _digest(token)).one_or_none()
    if row is None:
        return None
    idle = timedelta(minutes=get_settings().desk_idle_minutes)
    if now >= as_utc(row.expires_at) or now >= as_utc(row.last_seen_at) + idle:
        session.delete(row)
        session.flush()
        return None
    return row


def officer_for(session: Session, token: str | None, now: datetime | None = None) -> Officer | None:
    """The active officer logged in with `token`, or None; each call pushes the idle timeout back."""
    now = now or utcnow()
    row = _live_row(session, token, now)
    if row is None:
        return None
    officer = session.get(Officer, row.officer_id)
    if officer is None or not officer.active:
        session.delete(row)
        session.flush()
        return None
    row.last_seen_at = now
    session.flush()
    return officer


def csrf_is_valid(session: Session, token: str | None, csrf_token: str | None, now: datetime | None = None) -> bool:
    """Whether `csrf_token` belongs to the live session of `token` (compared in constant time)."""
    row = _live_row(session, token, now or utcnow())
    if row is None or not csrf_token:
        return False
    return hmac.compare_digest(_digest(csrf_token), row.csrf_token_hash)


def close_session(session: Session, token: str | None) -> bool:
    """Logout: True when there was such a session."""
    if not token:
        return False
    deleted = session.query(DeskSession).filter(DeskSession.token_hash == _digest(token)).delete(
        synchronize_session=False)
    return bool(deleted)


def close_sessions_of(session: Session, officer_id: int) -> int:
    """Every session of one officer (deactivation, new password); returns how many were closed."""
    return session.query(DeskSession).filter(DeskSession.officer_id == officer_id).delete(
        synchronize_session=False)


def purge_expired_sessions(session: Session, now: datetime | None = None, settings: Settings | None = None) -> int:
    """Removes rows no token can use any more; lookups remove them too, this catches the abandoned ones.

    The same rule as a lookup (_live_row): past the absolute end fixed at login (AMANE_DESK_SESSION_HOURS),
    or no request for AMANE_DESK_IDLE_MINUTES. Returns how many rows were deleted.
    """
    now = now or utcnow()
    idle_since = now - timedelta(minutes=(settings or get_settings()).desk_idle_minutes)
    return session.query(DeskSession).filter(
        (DeskSession.expires_at <= now) | (DeskSession.last_seen_at <= idle_since)
    ).delete(synchronize_session=False)
