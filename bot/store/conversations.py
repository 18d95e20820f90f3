"""Finding or opening a conversation row: the one place that creates conversations."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.store.models import Conversation


def ensure_conversation(session: Session, conversation_id: str, channel: str) -> Conversation:
    """The conversation; a new one has no language until its first message is processed."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        conversation = Conversation(id=conversation_id, channel=channel, language=None)
        session.add(conversation)
        session.flush()
    return conversation
