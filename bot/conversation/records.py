"""Opening a conversation row and recording a delivery: the one place for each."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.conversation.privacy import fingerprint_message_id
from bot.store.models import Conversation, InboundMessage


def ensure_conversation(session: Session, conversation_id: str, channel: str) -> Conversation:
    """The conversation; a new one has no language until its first message is processed."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        conversation = Conversation(id=conversation_id, channel=channel, language=None)
        session.add(conversation)
        session.flush()
    return conversation


def record_delivery(session: Session, channel: str, external_id: str, conversation_id: str, key: bytes,
                    **fields: Any) -> InboundMessage:
    """Record a provider's message id (as a keyed hash); IntegrityError when it was recorded before."""
    row = InboundMessage(channel=channel, conversation_id=conversation_id,
                         external_id=fingerprint_message_id(channel, external_id, key), **fields)
    session.add(row)
    session.flush()  # the unique constraint speaks here
    return row
