"""A tap on buttons the person has answered already, or written past, is read as the button's words.

Telegram and WhatsApp keep buttons tappable for ever (the web chat disables its buttons once answered). A tap is a
payload: an exact intent ("/affirm", "/ask_rights"), right only for the question that showed it. Later, that
question is gone, and the payload would be taken as an answer to whatever is pending now. Read as the words on the
button, the tap says what the person meant, the way a typed message does, and is understood in today's context.
Nothing is dropped: an old "Talk to a person" still asks for a person.

A tap is stale when the person sent anything (a message, another tap) after the message that holds the buttons
was sent. Where that message is no longer known (erased, past retention, or not ours) the tap counts as it is.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timezone

from sqlalchemy import func
from sqlalchemy.orm import Session

from bot.conversation.messages import IncomingMessage
from bot.messaging import edits
from bot.messaging.refs import provider_ref
from bot.store import InboundMessage, OutboundMessage

logger = logging.getLogger(__name__)

# In a tap's reply_context (set by the channel): the provider's id of our message that held the buttons, and the
# tapped button's words.
TAPPED_MESSAGE = "buttons_message_id"
TAPPED_WORDS = "button_words"
MAX_WORDS = 64   # a button shows little more; a forged body gets no further


def as_meant(session: Session, key: bytes, message: IncomingMessage, conversation_id: str, row_id: int
             ) -> IncomingMessage:
    """The message to answer (`row_id`, its inbox row): a fresh tap as it is; a stale tap with known words as those
    words."""
    words, tapped = message.reply_context.get(TAPPED_WORDS), message.reply_context.get(TAPPED_MESSAGE)
    if not words or not tapped:
        return message
    shown = (session.query(OutboundMessage.sent_at)
             .filter(OutboundMessage.conversation_id == conversation_id,
                     OutboundMessage.provider_ref == provider_ref(message.channel, str(tapped), key))
             .scalar())
    if shown is None:
        return message
    since = (session.query(func.max(InboundMessage.received_at))
             .filter(InboundMessage.conversation_id == conversation_id, InboundMessage.id < row_id,
                     InboundMessage.status != edits.EDITED)
             .scalar())
    if since is None or _naive(since) <= _naive(shown):
        return message
    logger.info("button tap on answered buttons read as the button's words channel=%s", message.channel)
    return replace(message, text=str(words)[:MAX_WORDS])


def _naive(moment: datetime) -> datetime:
    """In UTC, without a zone: SQLite gives back naive datetimes for timezone-aware columns (stored in UTC)."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
