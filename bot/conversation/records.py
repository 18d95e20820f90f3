"""Opening a conversation row and recording a delivery: the one place for each."""
from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversation.privacy import fingerprint_message_id
from bot.store.models import Conversation, InboundMessage


def ensure_conversation(session: Session, conversation_id: str, channel: str) -> Conversation:
    """The conversation; a new one has no language until its first message is processed.

    Two first messages of one person can be stored at once (two webhooks, two threads or replicas): both find no
    row and both insert it. The second insert fails on the key, in a savepoint, and the row the other one made is
    taken instead; without the savepoint the whole transaction would fail, and a webhook takes any failure on a
    key for a delivery seen before: the message would be acknowledged and lost."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        try:
            with session.begin_nested():
                conversation = Conversation(id=conversation_id, channel=channel, language=None)
                session.add(conversation)
        except IntegrityError:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None:   # not the key: a failure of another kind
                raise
    return conversation


def record_delivery(session: Session, channel: str, external_id: str, conversation_id: str, key: bytes,
                    **fields: Any) -> InboundMessage:
    """Record a provider's message id (as a keyed hash); IntegrityError when it was recorded before."""
    row = InboundMessage(channel=channel, conversation_id=conversation_id,
                         external_id=fingerprint_message_id(channel, external_id, key), **fields)
    session.add(row)
    session.flush()  # the unique constraint speaks here
    return row
