"""Which inbox row a worker may take, and taking it: the oldest unanswered message of its conversation, one worker per
row, never two rows of one conversation at once (also across replicas on one PostgreSQL database).

The statements are built once, with bound parameters, in SQLAlchemy Core: building the ORM queries anew for every
claim (an aliased table, an EXISTS, the ORM's entity loading) cost more than running them (bench/load.py, a profile of
the WhatsApp path). SQLAlchemy compiles each statement once and reuses it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.messaging import leases
from bot.store import InboundMessage

_ROWS = InboundMessage.__table__
_EARLIER = _ROWS.alias("earlier")


@dataclass(frozen=True)
class Candidate:
    """A row that looked free: what the compare-and-set needs, and the message (sealed)."""

    row_id: int
    conversation_id: str
    status: str
    attempts: int
    sealed_message: str


def free_condition(now: Any) -> ColumnElement:
    """Pending, or working under a lease that ran out (a row from before leases has none: free too)."""
    return or_(_ROWS.c.status == "pending",
               and_(_ROWS.c.status == "working", or_(_ROWS.c.lease_until.is_(None), _ROWS.c.lease_until < now)))


def _holds_back(conversation_id: Any, row_id: Any) -> ColumnElement:
    """An earlier message of the conversation that is still to be answered (pending, or held by a worker) exists: the
    row behind it waits. (A row released for a retry, held by no worker, holds nothing back: see Inbox.)"""
    return (exists().where(_EARLIER.c.conversation_id == conversation_id, _EARLIER.c.id < row_id,
                           _EARLIER.c.sealed_message.isnot(None),
                           or_(_EARLIER.c.status == "pending",
                               and_(_EARLIER.c.status == "working", _EARLIER.c.worker_id.isnot(None)))))


_NOW = bindparam("now", type_=_ROWS.c.lease_until.type)

# Free rows that are the oldest unanswered message of their conversation, oldest first; on PostgreSQL locked
# (FOR UPDATE SKIP LOCKED: replicas claiming at once skip each other's candidates; SQLite ignores it).
CANDIDATES = (select(_ROWS.c.id, _ROWS.c.conversation_id, _ROWS.c.status, _ROWS.c.attempts, _ROWS.c.sealed_message)
              .where(_ROWS.c.sealed_message.isnot(None), free_condition(_NOW),
                     ~_holds_back(_ROWS.c.conversation_id, _ROWS.c.id))
              .order_by(_ROWS.c.id)
              .limit(bindparam("limit"))
              .with_for_update(skip_locked=True))

# Compare-and-set: of two replicas that saw the row free, one takes it.
TAKE = (update(_ROWS)
        .where(_ROWS.c.id == bindparam("row_id"), _ROWS.c.status == bindparam("was"), free_condition(_NOW))
        .values(status="working", processed_at=_NOW, worker_id=bindparam("worker"),
                lease_until=bindparam("until", type_=_ROWS.c.lease_until.type), attempts=_ROWS.c.attempts + 1))

# Whether a message just stored is the oldest unanswered of its conversation (it may be taken at once).
HELD_BACK = select(_holds_back(bindparam("conversation_id"), bindparam("row_id")))

# On PostgreSQL: one conversation's messages are stored one transaction after the other (a transaction-scoped
# advisory lock on the conversation), so that a message taken at once (take_stored) never overtakes an earlier one
# still being stored by another replica or thread. SQLite has one writer at a time already.
_SERIALISE = select(func.pg_advisory_xact_lock(func.hashtext(bindparam("conversation_id"))))


def candidates(session: Session, now: datetime, limit: int) -> list[Candidate]:
    return [Candidate(*row) for row in session.execute(CANDIDATES, {"now": now, "limit": limit})]


def take(session: Session, candidate: Candidate, worker_id: str, now: datetime) -> bool:
    """Claim a candidate for `worker_id`; False when another worker took it first."""
    result = session.execute(TAKE, {"row_id": candidate.row_id, "was": candidate.status, "now": now,
                                    "worker": worker_id, "until": leases.lease_until(now)})
    return bool(result.rowcount)


def serialise_conversation(session: Session, conversation_id: str) -> None:
    """Before storing a message of the conversation (see _SERIALISE); nothing to do on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_SERIALISE, {"conversation_id": conversation_id})


def take_stored(session: Session, row: InboundMessage, worker_id: str, now: datetime) -> bool:
    """In the transaction that stored `row` (flushed, after serialise_conversation): claim it for `worker_id` when it
    is the oldest unanswered message of its conversation, so that it is answered without waiting for a claim. False
    (and the row stays pending for whoever claims next) when an earlier one must be answered first."""
    if session.execute(HELD_BACK, {"conversation_id": row.conversation_id, "row_id": row.id}).scalar():
        return False
    row.status, row.processed_at, row.worker_id = "working", now, worker_id
    row.lease_until, row.attempts = leases.lease_until(now), (row.attempts or 0) + 1
    return True
