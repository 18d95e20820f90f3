"""Deleting one conversation's rows: the one place, for "delete my data", the exit word and retention.

Rasa's tracker events are deleted by the caller (through the tracker store, or in bulk by retention).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.conversation import cases
from bot.store import Conversation, InboundMessage, OutboundMessage


def delete_conversation_rows(session: Session, conversation_id: str, reason: str) -> None:
    """Inbox, outbox and conversation rows go; its cases keep content-free fields and an audit line."""
    for table in (InboundMessage, OutboundMessage):
        session.query(table).filter(table.conversation_id == conversation_id).delete()
    session.query(Conversation).filter(Conversation.id == conversation_id).delete()
    cases.strip_content(session, conversation_id, reason)
