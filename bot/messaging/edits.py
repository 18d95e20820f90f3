"""A user's edit of an earlier message (WhatsApp `edit`, Telegram `edited_message`): not a new turn.

The bot does not answer it again; its new text is kept, sealed, in the conversation's inbound rows (status
"edited"), so it goes with the conversation (erasure, exit word, retention), and the officers' desk reads it
with `edits_for`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.conversation import cases
from bot.conversation.messages import IncomingMessage
from bot.conversation.records import record_delivery
from bot.messaging.refs import chat_message_ref
from bot.store import Conversation, InboundMessage
from bot.store.models import utcnow
from bot.store.sealing import Sealer

EDITED = "edited"


@dataclass(frozen=True)
class Edit:
    """The new text of one edited message, as the officers read it beside the transcript."""

    received_at: datetime                   # when the edit arrived
    text: str
    # When the message it changes arrived (its place in the transcript); None when that message is not held.
    original_received_at: datetime | None


def record_edit(session: Session, sealer: Sealer, key: bytes, message: IncomingMessage, conversation_id: str,
                max_chars: int) -> bool:
    """Keep an edit's new text; IntegrityError for a repeated delivery. False when it is not kept.

    An edit in a conversation we no longer hold (wiped by its exit word, deleted, purged) is not kept: the
    user's earlier words are gone, and their new version must not come back through the side door.
    """
    if session.get(Conversation, conversation_id) is None or message.refers_to is None:
        return False
    record_delivery(session, message.channel, message.external_id or "", conversation_id, key, status=EDITED,
                    processed_at=utcnow(), sealed_message=sealer.seal(json.dumps({"text": message.text[:max_chars]})),
                    message_ref=chat_message_ref(message.channel, message.sender, message.refers_to, key))
    return True


def open_case_id(session: Session, conversation_id: str) -> int | None:
    """The conversation's open case, whose desk views should look again after an edit."""
    case = cases.current_case(session, conversation_id)
    return case.id if case is not None else None


def edits_for(session: Session, sealer: Sealer, conversation_id: str) -> list[Edit]:
    """Every kept edit of one conversation, oldest first, opened (for a logged-in officer's view only)."""
    rows = (session.query(InboundMessage)
            .filter(InboundMessage.conversation_id == conversation_id, InboundMessage.status == EDITED,
                    InboundMessage.sealed_message.isnot(None))
            .order_by(InboundMessage.id).all())
    refs = {row.message_ref for row in rows if row.message_ref}
    originals = dict(session.query(InboundMessage.message_ref, InboundMessage.received_at)
                     .filter(InboundMessage.conversation_id == conversation_id, InboundMessage.status != EDITED,
                             InboundMessage.message_ref.in_(refs)).all()) if refs else {}
    return [Edit(row.received_at, json.loads(sealer.open(row.sealed_message))["text"], originals.get(row.message_ref))
            for row in rows]
