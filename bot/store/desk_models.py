"""Tables of the officer desk: officers (and who is on duty), login sessions, failed-login counters, the addresses
each officer logs in from, the audit log (refused logins grouped) and the quick replies supervisors add.

No secret is stored as it was typed or sent: passwords as argon2 hashes, tokens as SHA-256 digests.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, String, false

from bot.store.models import Base, Case, utcnow


def as_utc(moment: datetime) -> datetime:
    """A time read back from a DateTime column; SQLite returns it naive, and it was stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Officer(Base):
    """A referral officer or supervisor who may log in to the desk."""

    __tablename__ = "officers"

    id = Column(Integer, primary_key=True, autoincrement=True)
    username = Column(String(64), nullable=False, unique=True)    # lower-case, see accounts.normalise_username
    password_hash = Column(String(255), nullable=False)           # argon2id, in its own encoded format
    role = Column(String(16), nullable=False, default="officer")  # officer | supervisor | coordinator
    # Officers are deactivated, never deleted: the audit log keeps pointing at them.
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # The desk's language this officer chose (fr, en, ar); None: the browser's.
    language = Column(String(8), nullable=True)
    # Marked on duty by the officer; it counts only while they also have a live session (bot/store/duty.py).
    on_duty = Column(Boolean, nullable=False, default=False, server_default=false())
    duty_changed_at = Column(DateTime(timezone=True), nullable=True)


class DeskSession(Base):
    """One login: the browser holds the token, the database only its digest (a dump logs no one in)."""

    __tablename__ = "desk_sessions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    token_hash = Column(String(64), nullable=False, unique=True)        # SHA-256 hex of the cookie's token
    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token_hash = Column(String(64), nullable=False)               # SHA-256 hex of the form token
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at = Column(DateTime(timezone=True), nullable=False)       # absolute end, whatever the activity


class LoginFailure(Base):
    """Failed logins counted per (username, address), address, username and in all, only as keyed hashes."""

    __tablename__ = "login_failures"

    key = Column(String(72), primary_key=True)     # "p:", "c:", "u:" or "g:" and an HMAC-SHA-256 hex digest
    count = Column(Integer, nullable=False, default=0)
    first_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    blocked_until = Column(DateTime(timezone=True), nullable=True)


class KnownLoginAddress(Base):
    """An address an officer logged in from: failures elsewhere never refuse their right password there."""

    __tablename__ = "login_known_addresses"

    key = Column(String(64), primary_key=True)     # HMAC-SHA-256 hex of the officer's id and the address
    officer_id = Column(Integer, ForeignKey("officers.id", ondelete="CASCADE"), nullable=False, index=True)
    last_login_at = Column(DateTime(timezone=True), nullable=False)


class LoginRefusal(Base):
    """Refused logins, one row per hour, account, address and reason with a count: a guesser's thousands of
    attempts are a few lines, and officers' own actions stay visible in the audit log."""

    __tablename__ = "login_refusals"

    key = Column(String(64), primary_key=True)     # SHA-256 hex of hour|officer|address tag|reason
    hour = Column(DateTime(timezone=True), nullable=False, index=True)
    officer_id = Column(Integer, nullable=True, index=True)   # None: no such account (the name is never kept)
    address_tag = Column(String(16), nullable=False)          # a short keyed hash of the address, never the address
    reason = Column(String(16), nullable=False)               # wrong | throttled | inactive | invalid
    count = Column(Integer, nullable=False, default=0)
    last_at = Column(DateTime(timezone=True), nullable=False)


class AuditEntry(Base):
    """Who viewed or did what, and when; content-free: never a message text or a user's identity."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    officer_id = Column(Integer, nullable=True, index=True)   # None for the system or an unknown login
    action = Column(String(64), nullable=False)                # e.g. case_viewed, case_claimed, login
    case_id = Column(Integer, nullable=True, index=True)
    detail = Column(String(256), nullable=False, default="")   # short codes only (a status, a referral type)


class QuickReply(Base):
    """A quick reply a supervisor added for one language of the people (fr, en, ar, ary), beside the
    shipped ones of bot/desk/quick_replies/. Not about a person: a template an officer edits before sending."""

    __tablename__ = "quick_replies"

    id = Column(Integer, primary_key=True, autoincrement=True)
    language = Column(String(8), nullable=False, index=True)
    text = Column(String(1000), nullable=False)
    officer_id = Column(Integer, nullable=False)               # the supervisor who added it
    active = Column(Boolean, nullable=False, default=True)      # removed ones are kept for the audit log
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


# The desk's queue filters open cases and sorts them by age; the figures read cases by the week they opened.
Index("ix_cases_status_created_at", Case.status, Case.created_at)
Index("ix_cases_created_at", Case.created_at)
