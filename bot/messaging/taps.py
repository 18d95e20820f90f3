"""A tap on buttons the person has answered already, or written past, is read as the button's words.

Telegram keeps every inline button tappable for ever (the web chat disables its buttons once answered). A tap is a
payload: an exact intent ("/confirm_delete", "/affirm"), right only for the question that showed it. Long after,
that question is gone, and the payload would be taken as an answer to whatever is pending now. Read as the words on
the button, the tap says what the person meant, the way a typed message does, and is understood in today's context.
Nothing is dropped: an old "Talk to a person" still asks for a person.

A tap is stale when an earlier tap on the same message was received (a second tap on answered buttons), or when the
person has written a message since the buttons were sent (chat message ids grow within a chat, ours and theirs).
Where the earlier messages are no longer kept (erased, or past retention) the tap counts as it is.
"""
from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from bot.conversation.messages import KEPT_ID, IncomingMessage
from bot.messaging import edits
from bot.messaging.refs import chat_message_ref
from bot.store import InboundMessage
from bot.store.sealing import Sealer

logger = logging.getLogger(__name__)

# In a tap's reply_context (set by the channel): the chat message id of our message that held the buttons, and the
# tapped button's words.
TAPPED_MESSAGE = "buttons_message_id"
TAPPED_WORDS = "button_words"


def tap_ref(message: IncomingMessage, key: bytes) -> str | None:
    """The keyed hash stored on a tap's row, by which a later tap on the same buttons finds it."""
    tapped = message.reply_context.get(TAPPED_MESSAGE)
    if tapped is None:
        return None
    return chat_message_ref(message.channel, message.sender, f"buttons:{tapped}", key)


def as_meant(session: Session, sealer: Sealer, key: bytes, message: IncomingMessage, conversation_id: str,
             row_id: int) -> IncomingMessage:
    """The message to answer: a fresh tap as it is; a stale tap with known words as those words."""
    words = message.reply_context.get(TAPPED_WORDS)
    if not words or not _stale(session, sealer, key, message, conversation_id, row_id):
        return message
    logger.info("button tap on answered buttons read as the button's words channel=%s", message.channel)
    return replace(message, text=words)


def _stale(session: Session, sealer: Sealer, key: bytes, message: IncomingMessage, conversation_id: str,
           row_id: int) -> bool:
    earlier = (session.query(InboundMessage.id)
               .filter(InboundMessage.conversation_id == conversation_id, InboundMessage.id < row_id))
    if earlier.filter(InboundMessage.message_ref == tap_ref(message, key)).first() is not None:
        return True
    # The person's latest message of their own before this tap: an answered row keeps its chat id, sealed.
    latest = (session.query(InboundMessage.sealed_message)
              .filter(InboundMessage.conversation_id == conversation_id, InboundMessage.id < row_id,
                      InboundMessage.status != edits.EDITED, InboundMessage.sealed_message.isnot(None))
              .order_by(InboundMessage.id.desc()).first())
    written = _chat_id(sealer, latest[0]) if latest else None
    return written is not None and written > int(message.reply_context[TAPPED_MESSAGE])


def _chat_id(sealer: Sealer, sealed: str) -> int | None:
    kept: Any = json.loads(sealer.open(sealed)).get(KEPT_ID)
    try:
        return int(kept) if kept is not None else None
    except (TypeError, ValueError):   # a WhatsApp id is no number: not comparable, so no staleness from it
        return None
