"""The desk's login throttle: failures counted per (account, address), per address, per account and in all.

Who is refused, and why it never locks an officer out of their own desk:
- one account from one address (`pair`): 5 failures, then a block of 1 minute that doubles up to an hour;
- one address whatever the accounts (`address`): the same, against one address spraying many accounts;
- one account from everywhere (`account`) and everything (`total`): ceilings on a guesser with many addresses.
An address the account logged in from before (a known address, kept KNOWN_FOR) answers only to its own `pair`
counter: failures elsewhere never refuse the right password there. IPv6 addresses count by their /64 network.

Counting is atomic. Each attempt first takes its place in every counter that applies (`reserve`: an UPDATE
... count = count + 1 under the row's lock, after a tolerant insert), commits, and only then is its password
checked: of twenty guesses at once, exactly as many as the limit allow are checked. A right password gives its
place back (`release`). Counters and known addresses are keyed hashes: no address or username is stored.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.ratelimit import counted_address
from bot.settings import get_settings
from bot.store.desk_models import KnownLoginAddress, LoginFailure, as_utc

FAILURE_WINDOW = timedelta(minutes=15)   # failures older than this (after the first, or after a block) are forgiven
FIRST_BLOCK = timedelta(minutes=1)       # doubles with each further failure
MAX_BLOCK = timedelta(hours=1)
KNOWN_FOR = timedelta(days=30)           # an address stays "known" for an account this long after a login from it


@dataclass(frozen=True)
class Counter:
    kind: str        # pair | address | account | total
    key: str         # what the table holds: a kind letter and a keyed hash
    limit: int       # this many failures within the window block the counter


PAIR, ADDRESS, ACCOUNT, TOTAL = "pair", "address", "account", "total"
LIMITS = {PAIR: 5, ADDRESS: 5, ACCOUNT: 20, TOTAL: 200}
_LETTER = {PAIR: "p", ADDRESS: "c", ACCOUNT: "u", TOTAL: "g"}


@dataclass(frozen=True)
class Place:
    """What `reserve` did to one counter, so that `release` can undo exactly that."""

    key: str
    first_at: datetime
    blocked_before: datetime | None
    blocked_after: datetime | None


@dataclass(frozen=True)
class Reservation:
    places: list[Place]
    pair_key: str


def _digest(kind: str, value: str) -> str:
    # Keyed, so the table does not hold addresses or names that a dictionary would reverse.
    mac = hmac.new(get_settings().pseudonym_key, f"desk-login:{kind}:{value}".encode(), hashlib.sha256)
    return f"{_LETTER[kind]}:{mac.hexdigest()}"


def address_tag(client: str | None) -> str:
    """A short keyed tag of the address for the audit log: tells addresses apart without storing them."""
    address = counted_address(client)
    if address is None:
        return "-"
    mac = hmac.new(get_settings().pseudonym_key, f"desk-login-tag:{address}".encode(), hashlib.sha256)
    return mac.hexdigest()[:8]


def counters(username: str, client: str | None, known: bool) -> list[Counter]:
    """The counters an attempt on `username` from `client` answers to; a known address only to its own pair."""
    address = counted_address(client)
    chosen = [Counter(PAIR, _digest(PAIR, f"{username}|{address or '-'}"), LIMITS[PAIR])]
    if not known:
        if address is not None:
            chosen.append(Counter(ADDRESS, _digest(ADDRESS, address), LIMITS[ADDRESS]))
        chosen.append(Counter(ACCOUNT, _digest(ACCOUNT, username), LIMITS[ACCOUNT]))
        chosen.append(Counter(TOTAL, _digest(TOTAL, "all"), LIMITS[TOTAL]))
    # Always the same order, so two attempts never wait for each other's rows crosswise (a deadlock).
    return sorted(chosen, key=lambda counter: counter.key)


def block_for(count: int, limit: int) -> timedelta | None:
    if count < limit:
        return None
    return min(FIRST_BLOCK * 2 ** min(count - limit, 16), MAX_BLOCK)


def is_stale(first_at: datetime, blocked_until: datetime | None, now: datetime) -> bool:
    """Old failures are forgiven: a window after the first one, or a window after a block has ended."""
    if blocked_until is not None:
        return now >= as_utc(blocked_until) + FAILURE_WINDOW
    return now >= as_utc(first_at) + FAILURE_WINDOW


class Refused(Exception):
    """A counter is blocked: the attempt is refused without checking the password, and counts nowhere."""


def _locked(connection: Connection, key: str) -> tuple[int, datetime, datetime | None] | None:
    """The row of `key`, locked until the transaction ends; None when there is none.

    The no-op UPDATE is the lock: PostgreSQL locks the row, SQLite the database for writing, so what the SELECT
    reads cannot change before this transaction writes it back (SELECT ... FOR UPDATE does nothing on SQLite).
    """
    touched = connection.execute(update(LoginFailure).where(LoginFailure.key == key)
                                 .values(count=LoginFailure.count + 0))
    if not touched.rowcount:
        return None
    row = connection.execute(select(LoginFailure.count, LoginFailure.first_at, LoginFailure.blocked_until)
                             .where(LoginFailure.key == key)).one()
    return int(row.count), as_utc(row.first_at), as_utc(row.blocked_until) if row.blocked_until else None


def _insert_if_missing(connection: Connection, key: str, now: datetime) -> None:
    """Two first failures at once both insert: the unique key keeps one row, and neither attempt fails."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(LoginFailure).values(key=key, count=0, first_at=now, blocked_until=None)
                       .on_conflict_do_nothing(index_elements=[LoginFailure.key]))


def _reserve_in(connection: Connection, chosen: Iterable[Counter], now: datetime) -> list[Place]:
    places: list[Place] = []
    for counter in chosen:
        row = _locked(connection, counter.key)
        while row is None:   # inserted now or by a concurrent attempt (the purge could only take a stale row)
            _insert_if_missing(connection, counter.key, now)
            row = _locked(connection, counter.key)
        count, first_at, blocked = row
        if blocked is not None and now < blocked:
            raise Refused(counter.kind)
        if is_stale(first_at, blocked, now):
            count, first_at, blocked = 0, now, None
        count += 1
        delay = block_for(count, counter.limit)
        after = now + delay if delay is not None else blocked
        connection.execute(update(LoginFailure).where(LoginFailure.key == counter.key)
                           .values(count=count, first_at=first_at, blocked_until=after))
        places.append(Place(counter.key, first_at, blocked, after))
    return places


def reserve(connection: Connection, chosen: list[Counter], now: datetime) -> Reservation:
    """Counts the attempt as a failure in every counter and commits (so that concurrent attempts see it before this
    one's password is checked); rolls back and raises Refused if one is blocked."""
    try:
        places = _reserve_in(connection, chosen, now)
    except Refused:
        connection.rollback()
        raise
    connection.commit()
    return Reservation(places, next(c.key for c in chosen if c.kind == PAIR))


def release(connection: Connection, reservation: Reservation) -> None:
    """The password was right: the pair's failures are forgotten, the other counters get the place back.

    Only what this attempt did is undone: a counter restarted since (a new window) is left alone, and a block
    is lifted only if it is still the one this attempt set. The caller commits.
    """
    for place in reservation.places:
        if place.key == reservation.pair_key:
            connection.execute(delete(LoginFailure).where(LoginFailure.key == place.key))
            continue
        row = _locked(connection, place.key)
        if row is None or row[1] != place.first_at or row[0] <= 0:
            continue
        blocked = place.blocked_before if row[2] == place.blocked_after else row[2]
        connection.execute(update(LoginFailure).where(LoginFailure.key == place.key)
                           .values(count=row[0] - 1, blocked_until=blocked))


def _known_key(officer_id: int, client: str | None) -> str:
    mac = hmac.new(get_settings().pseudonym_key, f"desk-known:{officer_id}|{counted_address(client) or '-'}".encode(),
                   hashlib.sha256)
    return mac.hexdigest()


def is_known(connection: Connection, officer_id: int, client: str | None, now: datetime) -> bool:
    """Whether the officer logged in from this address within KNOWN_FOR."""
    if counted_address(client) is None:
        return False
    last = connection.execute(select(KnownLoginAddress.last_login_at)
                              .where(KnownLoginAddress.key == _known_key(officer_id, client))).scalar()
    return last is not None and now < as_utc(last) + KNOWN_FOR


def remember(connection: Connection, officer_id: int, client: str | None, now: datetime) -> None:
    """After a login: this address is the officer's own for KNOWN_FOR (an insert that updates the time when the
    row exists, so two logins at once both succeed). The caller commits."""
    if counted_address(client) is None:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(KnownLoginAddress)
                       .values(key=_known_key(officer_id, client), officer_id=officer_id, last_login_at=now)
                       .on_conflict_do_update(index_elements=[KnownLoginAddress.key], set_={"last_login_at": now}))


def forget_known(session: Session, officer_id: int) -> int:
    """Deactivation: no address is the officer's own any more."""
    return session.query(KnownLoginAddress).filter(KnownLoginAddress.officer_id == officer_id).delete(
        synchronize_session=False)


def purge_known(session: Session, now: datetime) -> int:
    """Known addresses past KNOWN_FOR count for nothing: deleted by the desk's housekeeping."""
    return session.query(KnownLoginAddress).filter(KnownLoginAddress.last_login_at <= now - KNOWN_FOR).delete(
        synchronize_session=False)
