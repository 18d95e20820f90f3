"""Tables: conversations (pseudonymous, with their reply language) and the inbound message ids seen."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Conversation(Base):
    __tablename__ = "conversations"

    id = Column(String(64), primary_key=True)          # pseudonymised sender, also Rasa's sender_id
    channel = Column(String(16), nullable=False)
    language = Column(String(8), nullable=False)
    # Set when the user asked for a language explicitly: it then holds until they ask again.
    language_locked = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_message_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class InboundMessage(Base):
    """One row per message id a channel delivered: channels retry, a seen id is not processed twice."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_inbound_channel_external_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    channel = Column(String(16), nullable=False)
    external_id = Column(String(128), nullable=False)
    conversation_id = Column(String(64), nullable=False, index=True)
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
