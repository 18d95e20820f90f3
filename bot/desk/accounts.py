"""Officer accounts: argon2 password hashes, creation, and login with throttling of repeated failures."""
from __future__ import annotations

import functools
import getpass
import hashlib
import hmac
import logging
import re
import secrets
import sys
from datetime import datetime, timedelta
from typing import TextIO

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from bot.desk.sessions import close_sessions_of, purge_expired_sessions
from bot.settings import Settings, get_settings
from bot.store import audit, session_scope
from bot.store.desk_models import LoginFailure, Officer, as_utc
from bot.store.models import utcnow

logger = logging.getLogger(__name__)

ROLES = ("officer", "supervisor", "coordinator")
# Who works on cases (the queue, case pages, replies); a coordinator sees only the figures (bot/desk/figures.py).
CASE_ROLES = ("officer", "supervisor")
# Who sees the coordinator's aggregate figures.
FIGURES_ROLES = ("coordinator", "supervisor")
MIN_PASSWORD_CHARS = 12
MAX_FAILURES = 5                            # within FAILURE_WINDOW, then attempts are refused
FAILURE_WINDOW = timedelta(minutes=15)
FIRST_BLOCK = timedelta(minutes=1)          # doubles with each further failure
MAX_BLOCK = timedelta(hours=1)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")

# argon2id with the library's defaults (RFC 9106 low-memory profile), one instance for the process.
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against when a username does not exist, so that answer takes as long as a wrong password.
    return _hasher.hash(secrets.token_urlsafe(24))


def normalise_username(username: str) -> str:
    return username.strip().lower()


def create_officer(session: Session, username: str, password: str, role: str = "officer") -> Officer:
    """A new active officer; ValueError for a bad username, a taken one, a short password or an unknown role."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise ValueError("username: 1 to 64 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"password must be at least {MIN_PASSWORD_CHARS} characters")
    if session.query(Officer.id).filter(Officer.username == name).first() is not None:
        raise ValueError(f"username {name} is taken")
    officer = Officer(username=name, password_hash=hash_password(password), role=role, active=True)
    session.add(officer)
    session.flush()
    return officer


def authenticate(session: Session, username: str, password: str, client: str | None,
                 now: datetime | None = None) -> Officer | None:
    """The officer when the password is right and neither the username nor the client is blocked.

    `client` is the caller's address (or any stable client id); `now` is injectable for tests.
    Unknown and inactive usernames are verified against a dummy hash and counted like any failure,
    so neither the time taken nor the throttling tells whether an account exists.
    """
    now = now or utcnow()
    name = normalise_username(username)
    keys = [_failure_key("u", name)] + ([_failure_key("c", client)] if client else [])
    if any(_is_blocked(session, key, now) for key in keys):
        return None  # without checking the password: a blocked guesser learns nothing

    officer = session.query(Officer).filter(Officer.username == name).one_or_none()
    if officer is not None and officer.active:
        if verify_password(officer.password_hash, password):
            _forget_failures(session, keys[0])
            if _hasher.check_needs_rehash(officer.password_hash):
                officer.password_hash = hash_password(password)
            return officer
    else:
        verify_password(_dummy_hash(), password)
    for key in keys:
        _count_failure(session, key, now)
    return None


def set_password(session: Session, officer: Officer, password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"password must be at least {MIN_PASSWORD_CHARS} characters")
    officer.password_hash = hash_password(password)
    session.flush()


def _failure_key(kind: str, value: str) -> str:
    # Keyed, so the table does not hold client addresses that a dictionary of IPs would reverse.
    digest = hmac.new(get_settings().pseudonym_key, f"desk-login:{kind}:{value}".encode(), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()}"


def _is_blocked(session: Session, key: str, now: datetime) -> bool:
    row = session.get(LoginFailure, key)
    return row is not None and row.blocked_until is not None and now < as_utc(row.blocked_until)


def _count_failure(session: Session, key: str, now: datetime) -> None:
    row = session.get(LoginFailure, key, with_for_update=True)
    if row is None:
        row = LoginFailure(key=key, count=0, first_at=now)
        session.add(row)
    elif _is_stale(row, now):
        row.count, row.first_at, row.blocked_until = 0, now, None
    row.count += 1
    if row.count >= MAX_FAILURES:
        row.blocked_until = now + min(FIRST_BLOCK * 2 ** (row.count - MAX_FAILURES), MAX_BLOCK)
    session.flush()


def _is_stale(row: LoginFailure, now: datetime) -> bool:
    """Old failures are forgiven: a window after the first one, or a window after a block has ended."""
    if row.blocked_until is not None:
        return now >= as_utc(row.blocked_until) + FAILURE_WINDOW
    return now >= as_utc(row.first_at) + FAILURE_WINDOW


def _forget_failures(session: Session, key: str) -> None:
    session.query(LoginFailure).filter(LoginFailure.key == key).delete(synchronize_session=False)


def purge_stale_failures(session: Session, now: datetime | None = None) -> int:
    """Deletes the failure rows that can no longer block or count: exactly those `_is_stale` would reset.

    A row counts for FAILURE_WINDOW after its first failure, or, once blocked, until FAILURE_WINDOW after
    the block ends (a block lasts at most MAX_BLOCK): deleting it later changes nothing but the table's size.
    """
    cutoff = (now or utcnow()) - FAILURE_WINDOW
    return session.query(LoginFailure).filter(
        (LoginFailure.blocked_until.is_(None) & (LoginFailure.first_at <= cutoff))
        | (LoginFailure.blocked_until <= cutoff)
    ).delete(synchronize_session=False)


def purge_desk_rows(settings: Settings, now: datetime | None = None) -> tuple[int, int]:
    """Housekeeping of the desk: expired login sessions and stale login failures; returns both counts.

    Run by the server's periodic purge (bot/app/wiring.py) and by `python -m bot purge`.
    """
    with session_scope(settings.database_url) as session:
        sessions = purge_expired_sessions(session, now, settings)
        failures = purge_stale_failures(session, now)
    logger.info("desk purge: %s expired sessions, %s stale login failures deleted", sessions, failures)
    return sessions, failures


def read_new_password(stdin: TextIO = sys.stdin) -> str:
    """Twice from the terminal without echo, or one line from stdin when a script pipes it in."""
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("password again: "):
        raise ValueError("the two passwords differ")
    return first


def create_officer_command(username: str, role: str) -> int:
    """`python -m bot create-officer`: the password is never echoed, printed or logged."""
    from bot.store import create_schema

    try:
        password = read_new_password()
        create_schema()
        with session_scope() as session:
            officer = create_officer(session, username, password, role)
            name = officer.username
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"officer {name} created")
    return 0


def deactivate_officer(session: Session, username: str) -> Officer:
    """A lost phone, a stolen password, someone leaving: the account stops working at once, its sessions end.

    The account stays (the audit log keeps pointing at it); ValueError when there is no such officer.
    """
    officer = session.query(Officer).filter(Officer.username == normalise_username(username)).one_or_none()
    if officer is None:
        raise ValueError(f"no officer named {normalise_username(username)}")
    officer.active = False
    closed = close_sessions_of(session, officer.id)
    audit.record(session, None, "officer_deactivated", detail=f"officer={officer.id} sessions={closed}")
    return officer


def deactivate_officer_command(username: str) -> int:
    """`python -m bot deactivate-officer NAME`."""
    from bot.store import create_schema

    create_schema()
    try:
        with session_scope() as session:
            name = deactivate_officer(session, username).username
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"officer {name} deactivated; their sessions are closed")
    return 0
