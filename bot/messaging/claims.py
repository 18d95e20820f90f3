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
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_
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
    order, stopping at the first that is not due): a multi-part reply is claimed in one transaction and sent back to
    back. Empty when nothing is due or another worker holds the first row (or took it first).

    The rows behind the first need no SKIP LOCKED: whoever claims them must hold the first row, which we locked."""
    now = utcnow()
    head = (heads(session, channels, now).filter(OutboundMessage.conversation_id == conversation_id)
            .with_for_update(skip_locked=True).first())
    if head is None:
        return []
    behind = (session.query(OutboundMessage.id, OutboundMessage.status, due_condition(now))
              .filter(OutboundMessage.conversation_id == conversation_id, OutboundMessage.id > head.id,
                      OutboundMessage.status.in_(UNFINISHED))
              .order_by(OutboundMessage.id).limit(limit - 1).with_for_update().all()) if limit > 1 else []
    candidates = [(head.id, head.status)]
    for row_id, status, due in behind:
        if not due:
            break   # waits for a retry, and so does everything behind it
        candidates.append((row_id, status))
    run: list[Claim] = []
    until = leases.lease_until(now)
    for row_id, status in candidates:
        attempt_id = secrets.token_hex(8)
        # Compare-and-set: of two workers that saw the row free, one takes it; a gap ends the run (order).
        won = (session.query(OutboundMessage)
               .filter(OutboundMessage.id == row_id, OutboundMessage.status == status, due_condition(now))
               .update({"status": "sending", "worker_id": worker_id, "lease_until": until,
                        "attempt_id": attempt_id, "attempts": OutboundMessage.attempts + 1},
                       synchronize_session=False))
        if not won:
            break
        interrupted = status == "sending"
        if interrupted:
            # At-least-once: the dead worker may have reached the provider before it died (see the README).
            logger.warning("outbox retrying a send interrupted by a dead worker channel=%s", head.channel)
        run.append(Claim(row_id, conversation_id, head.channel, attempt_id, interrupted))
    return run


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
