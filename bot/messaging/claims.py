"""Which outbox row a sender may take, and taking it: one sender per row and rows of a conversation in order, also
with several replicas on one PostgreSQL database.

A row may be taken when it is the oldest unfinished row of its conversation and is due (pending and its retry time
has come, or "sending" under a lease that ran out: its worker died mid-send). Taking it is a compare-and-set update
that records the send intent (status "sending", this worker, a lease, a fresh attempt id) and is committed before
the provider is called. On PostgreSQL the candidate is first locked FOR UPDATE SKIP LOCKED so that replicas skip
each other's candidates instead of queueing on them; the "oldest unfinished" test reads the other rows without
locks, so a locked first row still holds back the second.
"""
from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Query, Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from bot.messaging import leases
from bot.store import OutboundMessage
from bot.store.models import utcnow

logger = logging.getLogger(__name__)

UNFINISHED = ("pending", "sending")
# Rows of one conversation claimed at once (a long answer is claimed again after these).
RUN_LIMIT = 10


@dataclass(frozen=True)
class Claim:
    """A row this worker took: only the attempt that holds `attempt_id` records the send's outcome."""

    row_id: int
    conversation_id: str
    channel: str
    attempt_id: str
    interrupted: bool   # it was "sending" when taken: a send may have reached the provider before a crash
    # When it was taken (time.monotonic()): its lease (leases.LEASE) certainly holds for a while after this.
    taken_at: float = field(default_factory=time.monotonic)


_ROWS = OutboundMessage.__table__
# Whether a conversation has a row still to send (built once: see bot/messaging/inbox_claims.py on why).
_UNFINISHED = (select(_ROWS.c.id)
               .where(_ROWS.c.conversation_id == bindparam("conversation_id"), _ROWS.c.status.in_(UNFINISHED))
               .limit(1))


def has_unfinished(session: Session, conversation_id: str) -> bool:
    """A row of the conversation waits (pending or being sent): what is queued now goes after it."""
    return session.execute(_UNFINISHED, {"conversation_id": conversation_id}).first() is not None


def due_condition(now: datetime) -> ColumnElement:
    return or_(and_(OutboundMessage.status == "pending", OutboundMessage.next_attempt_at <= now),
               and_(OutboundMessage.status == "sending",
                    or_(OutboundMessage.lease_until.is_(None), OutboundMessage.lease_until < now)))


def heads(session: Session, channels: list[str], now: datetime) -> Query:
    """Due rows that are the oldest unfinished row of their conversation, on the given channels, oldest first."""
    earlier = aliased(OutboundMessage)
    held_back = (session.query(earlier.id)
                 .filter(earlier.conversation_id == OutboundMessage.conversation_id,
                         earlier.id < OutboundMessage.id, earlier.status.in_(UNFINISHED))
                 .exists())
    return (session.query(OutboundMessage)
            .filter(OutboundMessage.channel.in_(channels), due_condition(now), ~held_back)
            .order_by(OutboundMessage.id))


def due_conversations(session: Session, channels: list[str], now: datetime, limit: int = 1000
                      ) -> list[tuple[str, str]]:
    """(conversation id, channel) of the conversations that have a row to send now."""
    if not channels:
        return []
    rows = (heads(session, channels, now)
            .with_entities(OutboundMessage.conversation_id, OutboundMessage.channel).limit(limit).all())
    return [(conversation_id, channel) for conversation_id, channel in rows]


def claim_next(session: Session, conversation_id: str, channels: list[str], worker_id: str) -> Claim | None:
    """Take the conversation's next row when it is due; None when there is none, it is not due, or another worker
    holds it (or took it first)."""
    run = claim_run(session, conversation_id, channels, worker_id, limit=1)
    return run[0] if run else None


def claim_run(session: Session, conversation_id: str, channels: list[str], worker_id: str,
              limit: int = RUN_LIMIT) -> list[Claim]:
    """Take the conversation's next row when it is due, and the due rows right behind it (up to `limit` in all, in
    order, stopping at the first that is not due): a multi-part reply is claimed in one transaction, by one
    update, and sent back to back. Empty when nothing is due, or another worker holds the first row or took it
    first. The rows stay loaded in `session` (session.get finds them without asking the database again).

    On PostgreSQL the first row is locked FOR UPDATE SKIP LOCKED (a replica claiming it at the same moment is
    skipped, not waited for); the rows behind it need no lock: whoever claims them must hold the first."""
    now = utcnow()
    rows = (session.query(OutboundMessage)
            .filter(OutboundMessage.conversation_id == conversation_id, OutboundMessage.status.in_(UNFINISHED))
            .order_by(OutboundMessage.id).limit(limit).all())
    run = []
    for row in rows:
        if not is_due(row, now):
            break   # waits for a retry or for its worker, and so does everything behind it
        run.append(row)
    if not run or run[0].channel not in channels:
        return []
    if session.get_bind().dialect.name != "sqlite":
        locked = (session.query(OutboundMessage.id).filter(OutboundMessage.id == run[0].id)
                  .with_for_update(skip_locked=True).first())
        if locked is None:
            return []
    attempt_id = new_attempt_id()
    # Compare-and-set: each row only if still due (another worker may have taken the first since it was read).
    won = (session.query(OutboundMessage)
           .filter(OutboundMessage.id.in_([row.id for row in run]), due_condition(now))
           .update({"status": "sending", "worker_id": worker_id, "lease_until": leases.lease_until(now),
                    "attempt_id": attempt_id, "attempts": OutboundMessage.attempts + 1},
                   synchronize_session=False))
    if won != len(run):
        session.rollback()   # someone else took part of it: it is theirs to send, in order
        return []
    interrupted = [row.status == "sending" for row in run]
    if any(interrupted):
        # At-least-once: the dead worker may have reached the provider before it died (see the README).
        logger.warning("outbox retrying %s sends interrupted by a dead worker channel=%s", sum(interrupted),
                       run[0].channel)
    return [Claim(row.id, conversation_id, row.channel, attempt_id, was_sending)
            for row, was_sending in zip(run, interrupted, strict=True)]


def new_attempt_id() -> str:
    return secrets.token_hex(8)


def is_due(row: OutboundMessage, now: datetime) -> bool:
    """due_condition, on a loaded row."""
    if row.status == "pending":
        return _aware(row.next_attempt_at) <= now
    return row.status == "sending" and (row.lease_until is None or _aware(row.lease_until) < now)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def renew(session: Session, run: list[Claim]) -> int:
    """Extend the lease of claimed rows this attempt still holds (a run still going out); returns how many."""
    if not run:
        return 0
    return (session.query(OutboundMessage)
            .filter(OutboundMessage.id.in_([claim.row_id for claim in run]),
                    # a sender's rows may come from two claims (DeliveryWorker._again): each attempt's own
                    OutboundMessage.attempt_id.in_({claim.attempt_id for claim in run}),
                    OutboundMessage.status == "sending")
            .update({"lease_until": leases.lease_until()}, synchronize_session=False))


def release(session: Session, run: list[Claim]) -> int:
    """Give back claimed rows that were not tried (a row before them must wait, or the window closed): pending again,
    as they were, for whoever drains the conversation next. Only rows this attempt still holds."""
    released = 0
    for claim in run:
        released += (session.query(OutboundMessage)
                     .filter(OutboundMessage.id == claim.row_id, OutboundMessage.attempt_id == claim.attempt_id,
                             OutboundMessage.status == "sending")
                     .update({"status": "pending", "worker_id": None, "lease_until": None, "attempt_id": None,
                              "attempts": OutboundMessage.attempts - 1}, synchronize_session=False))
    return released
