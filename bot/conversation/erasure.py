"""Deleting one conversation's rows: the one place, for "delete my data", the exit word and retention.

Rasa's tracker events are deleted by the caller (through the tracker store, or in bulk by retention). What stays
of the inbox rows is their keyed message-id hashes, for as long as a provider could still deliver (or a captured
body be replayed) within its window: content-free, and what makes such a replay a duplicate (replay.py).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.conversation import cases
from bot.conversation.replay import keep_fingerprints
from bot.store import Conversation, InboundMessage, OutboundMessage


def delete_conversation_rows(session: Session, conversation_id: str, reason: str) -> None:
    """Inbox, outbox and conversation rows go; its cases keep content-free fields and an audit line."""
    keep_fingerprints(session, conversation_id)
    for table in (InboundMessage, OutboundMessage):
        session.query(table).filter(table.conversation_id == conversation_id).delete()
    session.query(Conversation).filter(Conversation.id == conversation_id).delete()
    cases.strip_content(session, conversation_id, reason)
