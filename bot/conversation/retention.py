"""Retention: conversations with no open case are deleted some days after their last message.

Only content-free counts survive (aggregate_counts). `python -m bot purge` runs it once; the server
runs it every few hours, with the purges the layers above pass in (purge_periodically's `extra`).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from bot.conversation.content import form_language
from bot.conversation.erasure import delete_conversation_rows
from bot.conversation.replay import purge_fingerprints
from bot.settings import Settings
from bot.store import Case, Conversation, session_scope
from bot.store.db import get_engine
from bot.store.models import AggregateCount, utcnow

logger = logging.getLogger(__name__)
PURGE_EVERY = timedelta(hours=6)


def purge_expired(settings: Settings, now: datetime | None = None) -> int:
    """Delete every expired conversation; returns how many were deleted."""
    cutoff = (now or utcnow()) - timedelta(days=settings.retention_days)
    # Rasa's tracker store shares our database (bot/app/server.py builds it from the same URL).
    has_events = inspect(get_engine(settings.database_url)).has_table("events")
    with session_scope(settings.database_url) as session:
        open_cases = session.query(Case.conversation_id).filter(Case.status != "closed",
                                                                Case.conversation_id.isnot(None))
        expired = (session.query(Conversation)
                   .filter(Conversation.last_message_at < cutoff, Conversation.id.notin_(open_cases)).all())
        for conversation in expired:
            _count(session, conversation)
            if has_events:
                session.execute(text("DELETE FROM events WHERE sender_id = :sid"), {"sid": conversation.id})
            delete_conversation_rows(session, conversation.id, reason="retention")
        # Content-free as they are, replay fingerprints go too once no provider could deliver their message.
        purge_fingerprints(session, now)
    logger.info("retention purge: %s conversations deleted", len(expired))
    return len(expired)


def _count(session: Session, conversation: Conversation) -> None:
    period = conversation.last_message_at.strftime("%Y-%m")
    key = dict(period=period, channel=conversation.channel, language=form_language(conversation.language) or "unknown",
               metric="purged_conversations")
    row = session.query(AggregateCount).filter_by(**key).one_or_none()
    if row is None:
        row = AggregateCount(**key, value=0)
        session.add(row)
    row.value += 1


async def purge_periodically(settings: Settings, extra: Sequence[Callable[[Settings], object]] = ()) -> None:
    """purge_expired every PURGE_EVERY, then each of `extra`: the purges of layers above this one (the desk's
    expired sessions), which bot/app passes in since this layer may not import them. One failing skips no other."""
    while True:
        for purge in (purge_expired, *extra):
            try:
                await asyncio.get_running_loop().run_in_executor(None, purge, settings)
            except Exception as error:  # noqa: BLE001 (the server must keep running; the next round tries again)
                logger.error("periodic purge %s failed: %s", getattr(purge, "__name__", "?"), type(error).__name__)
        await asyncio.sleep(PURGE_EVERY.total_seconds())
