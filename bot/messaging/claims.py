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
    now = utcnow()
    row = (heads(session, channels, now).filter(OutboundMessage.conversation_id == conversation_id)
           .with_for_update(skip_locked=True).first())
    if row is None:
        return None
    attempt_id = secrets.token_hex(8)
    won = (session.query(OutboundMessage)
           .filter(OutboundMessage.id == row.id, OutboundMessage.status == row.status, due_condition(now))
           .update({"status": "sending", "worker_id": worker_id, "lease_until": leases.lease_until(now),
                    "attempt_id": attempt_id, "attempts": OutboundMessage.attempts + 1},
                   synchronize_session=False))
    if not won:
        return None
    interrupted = row.status == "sending"
    if interrupted:
        # At-least-once: the dead worker may have reached the provider before it died (see the README).
        logger.warning("outbox retrying a send interrupted by a dead worker channel=%s", row.channel)
    return Claim(row.id, conversation_id, row.channel, attempt_id, interrupted)
