"""Officer accounts: argon2 password hashes, creation, login (throttled in bot/desk/throttle.py), deactivation."""
from __future__ import annotations

import functools
import getpass
import logging
import re
import secrets
import sys
from datetime import datetime
from typing import TextIO

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session

from bot import pubsub
from bot.desk import throttle
from bot.desk.casework import release_claims_of
from bot.desk.sessions import close_sessions_of, purge_expired_sessions
from bot.desk.throttle import FAILURE_WINDOW
from bot.settings import Settings
from bot.store import audit, session_scope
from bot.store.desk_models import LoginFailure, Officer
from bot.store.models import utcnow

logger = logging.getLogger(__name__)

ROLES = ("officer", "supervisor", "coordinator")
# Who works on cases (the queue, case pages, replies); a coordinator sees only the figures (bot/desk/figures.py).
CASE_ROLES = ("officer", "supervisor")
# Who sees the coordinator's aggregate figures.
FIGURES_ROLES = ("coordinator", "supervisor")
MIN_PASSWORD_CHARS = 12
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
    """The officer when the password is right and no counter this attempt answers to is blocked.

    `client` is the caller's address (or any stable client id); `now` is injectable for tests. The throttle
    (bot/desk/throttle.py) counts the attempt before the password is checked, atomically, so concurrent guesses
    cannot slip past its limits. Unknown and inactive usernames are verified against a dummy hash and counted like
    any failure, so neither the time taken nor the throttling tells whether an account exists. A refusal leaves
    one grouped line in the audit (per hour, account and address), never the name typed or the address.
    """
    now = now or utcnow()
    name = normalise_username(username)
    # One connection of its own, held only around the counters (never during argon2), and one at a time: the
    # caller's session takes one only once the answer is known, so a burst of logins cannot drain the pool.
    with session.get_bind().connect() as connection:
        found = connection.execute(select(Officer.id, Officer.active, Officer.password_hash)
                                   .where(Officer.username == name)).first()
        officer_id: int | None = found.id if found is not None else None
        active = found is not None and bool(found.active)
        known = officer_id is not None and active and throttle.is_known(connection, officer_id, client, now)
        try:
            reservation = throttle.reserve(connection, throttle.counters(name, client, known), now)
        except throttle.Refused:
            _refused(connection, found, client, "throttled", now)
            return None  # without checking the password: a blocked guesser learns nothing
    right = verify_password(found.password_hash if found is not None and active else _dummy_hash(), password)
    with session.get_bind().connect() as connection:
        if officer_id is not None and active and right:
            throttle.release(connection, reservation)
            throttle.remember(connection, officer_id, client, now)
        else:
            _refused(connection, found, client, "wrong" if active or found is None else "inactive", now)
        connection.commit()
    if officer_id is None or not (active and right):
        return None
    officer = session.get(Officer, officer_id)
    if officer is not None and _hasher.check_needs_rehash(officer.password_hash):
        officer.password_hash = hash_password(password)
    return officer


def _refused(connection: Connection, found: Row | None, client: str | None, reason: str, now: datetime) -> None:
    # The account only when it exists: a typed name may be a mistyped password.
    audit.note_refused_login(connection, found.id if found is not None else None, throttle.address_tag(client),
                             reason, now)
    connection.commit()


def refuse_invalid(session: Session, client: str | None) -> None:
    """A login form too long to be checked at all (argon2 on a megabyte would be a cheap DoS): audited, not counted."""
    audit.note_refused_login(session, None, throttle.address_tag(client), "invalid", utcnow())


def set_password(session: Session, officer: Officer, password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"password must be at least {MIN_PASSWORD_CHARS} characters")
    officer.password_hash = hash_password(password)
    session.flush()


def purge_stale_failures(session: Session, now: datetime | None = None) -> int:
    """Deletes the failure rows that can no longer block or count: exactly those `throttle.is_stale` would reset.

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
        known = throttle.purge_known(session, now or utcnow())
    logger.info("desk purge: %s expired sessions, %s stale login failures, %s old login addresses deleted",
                sessions, failures, known)
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


def deactivate_officer(session: Session, username: str) -> tuple[Officer, list[int]]:
    """A lost phone, a stolen password, someone leaving: the account stops working at once, its sessions end.

    Their open cases go back to the queue unclaimed, and a chat they had taken over is handed back to the bot
    (which answers again while nobody holds it): otherwise the person would write into a silence no one reads.
    The account stays (the audit log keeps pointing at it). Returns it and the cases released; ValueError when
    there is no such officer.
    """
    officer = session.query(Officer).filter(Officer.username == normalise_username(username)).one_or_none()
    if officer is None:
        raise ValueError(f"no officer named {normalise_username(username)}")
    officer.active = False
    officer.on_duty = False
    closed = close_sessions_of(session, officer.id)
    throttle.forget_known(session, officer.id)
    released = release_claims_of(session, officer.id)
    audit.record(session, None, "officer_deactivated",
                 detail=f"officer={officer.id} sessions={closed} cases={len(released)}")
    return officer, released


def deactivate_officer_command(username: str) -> int:
    """`python -m bot deactivate-officer NAME`."""
    from bot.store import create_schema

    create_schema()
    try:
        with session_scope() as session:
            officer, released = deactivate_officer(session, username)
            name = officer.username
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # After the commit: the desks that watch the queue and these cases show them unclaimed.
    pubsub.notify(pubsub.QUEUE, *[pubsub.case_topic(case_id) for case_id in released])
    print(f"officer {name} deactivated; their sessions are closed; {len(released)} cases back in the queue")
    return 0
