"""A reply that finally could not be delivered is never dropped silently: an officer sees it in the desk.

A bot reply that failed for good (the provider refused it, or 24 hours of retries passed) raises the conversation's
open case, or opens one, with the reason "undelivered" and the text that did not arrive; the case page counts the
replies that did not arrive. An officer's own message shows as not delivered in its transcript line already.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.orm import Session

from bot.conversation import cases
from bot.conversation.events import CaseChanged, CaseOpened
from bot.store import Conversation, OutboundMessage
from bot.store.sealing import Sealer

REASON = "undelivered"
WINDOW_CLOSED = "window_closed"
# Failures that are decisions, not lost deliveries: the never_first guard's refusals, and a free-form reply outside
# WhatsApp's window (the neutral template takes its place).
NOT_LOST = ("not_a_reply", "no_consent", "not_the_case_conversation", WINDOW_CLOSED)


def report(session: Session, sealer: Sealer, row: OutboundMessage, default_language: str) -> list[Any]:
    """Make the failed row visible to officers; returns the events to publish once the transaction is committed."""
    if row.officer_case_id is not None:
        return [CaseChanged(row.officer_case_id)]   # its transcript line says "could not be sent"
    conversation = session.get(Conversation, row.conversation_id)
    if conversation is None:
        return []   # erased by the person in the meantime: nothing left to show, and nobody to show it about
    text = visible_text(json.loads(sealer.open(row.sealed_message))) if row.sealed_message else ""
    case = cases.escalate(session, sealer, row.conversation_id, row.channel,
                          conversation.language or default_language, {"priority": "normal", "indicators": []},
                          None, text or "[…]", reason=REASON)
    found: list[Any] = [CaseChanged(case.id)]
    if getattr(case, "just_opened", False):
        found.append(CaseOpened(case.id, case.priority, case.language, case.channel))
    return found


def visible_text(request: dict) -> str:
    """What the person would have read, from a provider request (Telegram, WhatsApp text or interactive)."""
    text = request.get("text")
    if isinstance(text, str):
        return text
    if isinstance(text, dict) and isinstance(text.get("body"), str):
        return str(text["body"])
    interactive = request.get("interactive")
    if isinstance(interactive, dict):
        body = interactive.get("body")
        if isinstance(body, dict) and isinstance(body.get("text"), str):
            return str(body["text"])
    return ""


def undelivered_replies(session: Session, conversation_id: str) -> int:
    """How many of the bot's replies in this conversation finally failed (for the case page)."""
    return int(session.query(func.count(OutboundMessage.id))
               .filter(OutboundMessage.conversation_id == conversation_id, OutboundMessage.status == "failed",
                       OutboundMessage.officer_case_id.is_(None),
                       or_(OutboundMessage.last_error.is_(None), OutboundMessage.last_error.notin_(NOT_LOST)))
               .scalar() or 0)
