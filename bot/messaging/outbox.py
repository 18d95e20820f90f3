"""The outbox: replies to WhatsApp and Telegram are stored, sealed, then sent in order with retries.

A reply is never lost when the provider or this process fails: it stays pending until the provider
accepts it or says that retrying cannot help. Rows of one conversation go out in order.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Protocol

from sqlalchemy.orm import Session

from bot.conversation import events
from bot.conversation.cases import officer_may_write
from bot.conversation.events import CaseChanged
from bot.messaging.messages import OutgoingMessage, SendResult
from bot.messaging.refs import provider_ref
from bot.settings import Settings
from bot.store import Case, Conversation, OutboundMessage, session_scope
from bot.store.models import utcnow
from bot.store.sealing import Sealer

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF_SECONDS = 300
WINDOW_CLOSED = "window_closed"


class ChannelAdapter(Protocol):
    """What the outbox needs of a channel."""

    name: str
    # Hours after the user's last message during which free-form replies are allowed (None: no limit).
    window_hours: int | None

    def build(self, address: str, message: OutgoingMessage) -> list[dict]:
        """The provider requests that carry one reply."""

    async def send(self, request: dict) -> SendResult:
        """Send one request."""

    def reengagement(self, address: str) -> dict | None:
        """The neutral template allowed outside the window, or None when none is configured."""


def enqueue(session: Session, sealer: Sealer, adapter: ChannelAdapter, conversation_id: str, address: str,
            replies: Iterable[OutgoingMessage], reply_to: int) -> int:
    """Queue the answer to one received message (`reply_to`, its inbound row id)."""
    count = 0
    for reply in replies:
        for request in adapter.build(address, reply):
            session.add(OutboundMessage(channel=adapter.name, conversation_id=conversation_id, reply_to=reply_to,
                                        sealed_message=sealer.seal(json.dumps(request))))
            count += 1
    return count


def enqueue_officer_reply(session: Session, sealer: Sealer, requests: Iterable[dict], conversation_id: str,
                          channel: str, case: Case) -> list[OutboundMessage]:
    """Queue an officer's message in the case's conversation (for the web chat, the page collects it).

    The rows carry the case, and never_first checks it again when each one goes out.
    """
    if never_first_officer(case) is not None:
        raise PermissionError("the officer may not write in this conversation")
    rows = [OutboundMessage(channel=channel, conversation_id=conversation_id, officer_case_id=case.id,
                            sealed_message=sealer.seal(json.dumps(request))) for request in requests]
    session.add_all(rows)
    session.flush()
    return rows


def never_first(row: OutboundMessage, case: Case | None = None) -> str | None:
    """The one guard every outgoing message passes: None to send, or why it may not go.

    The bot only answers: a row must answer a received message, or be the neutral template that
    stands in for such an answer outside WhatsApp's window. An officer's message goes out only in
    the case's own conversation, with the user's consent or when the case is urgent (`case` is the
    row's officer_case_id). The WhatsApp window applies to officers' messages too (Outbox._send_one).
    """
    if row.is_template or row.reply_to is not None:
        return None
    if row.officer_case_id is not None:
        if case is None or case.id != row.officer_case_id or case.conversation_id != row.conversation_id:
            return "not_the_case_conversation"
        return never_first_officer(case)
    return "not_a_reply"


def officer_case_of(session: Session, row: OutboundMessage) -> Case | None:
    """The case an officer's row was written for (what never_first checks it against), or None."""
    return session.get(Case, row.officer_case_id) if row.officer_case_id is not None else None


def never_first_officer(case: Case) -> str | None:
    # A case closed after the officer wrote still lets that message (and the closing one) go out.
    return None if officer_may_write(case, written_before_close=True) else "no_consent"


def take_webchat_messages(session: Session, sealer: Sealer, conversation_id: str, after: int) -> list[dict]:
    """The web chat page collects officers' messages: rows up to `after` were received and are cleared.

    Returns [{"id", "text"}] of the pending rows after `after`, each passed through never_first.
    A row stays until the page confirms it (by asking again with a higher `after`): nothing is lost
    when a phone drops the connection mid-answer.
    """
    rows = (session.query(OutboundMessage)
            .filter(OutboundMessage.channel == "webchat", OutboundMessage.conversation_id == conversation_id,
                    OutboundMessage.status == "pending")
            .order_by(OutboundMessage.id).all())
    messages = []
    for row in rows:
        if row.id <= after:
            row.status, row.sent_at, row.sealed_message = "sent", utcnow(), ""
            continue
        refusal = never_first(row, officer_case_of(session, row))
        if refusal:
            row.status, row.last_error = "failed", refusal
            logger.warning("outbox refused a web chat message reason=%s", refusal)
            continue
        messages.append({"id": row.id, "text": json.loads(sealer.open(row.sealed_message))["text"]})
    return messages


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    seconds = retry_after if retry_after is not None else min(2 ** attempts, MAX_BACKOFF_SECONDS)
    return timedelta(seconds=max(0.0, min(float(seconds), MAX_BACKOFF_SECONDS)))


class Outbox:
    def __init__(self, settings: Settings, sealer: Sealer, adapters: dict[str, ChannelAdapter]) -> None:
        self.settings = settings
        self.sealer = sealer
        self.adapters = adapters

    def _due(self, now: datetime) -> list[int]:
        """Ids of rows to try now: the first pending row of each conversation, when it is due."""
        with session_scope(self.settings.database_url) as session:
            pending = (session.query(OutboundMessage.id, OutboundMessage.conversation_id,
                                     OutboundMessage.next_attempt_at)
                       .filter(OutboundMessage.status == "pending",
                               # The web chat's rows wait for its page to collect them (take_webchat_messages).
                               OutboundMessage.channel.in_(list(self.adapters)))
                       .order_by(OutboundMessage.id).limit(500).all())
        first_of_conversation: dict[str, tuple] = {}
        for row_id, conversation_id, next_attempt_at in pending:
            first_of_conversation.setdefault(conversation_id, (row_id, next_attempt_at))
        return [row_id for row_id, at in first_of_conversation.values() if _aware(at) <= now]

    async def send_due(self) -> int:
        """Send what is due; returns how many rows were sent."""
        sent = 0
        for row_id in self._due(utcnow()):
            sent += await self._send_one(row_id)
        return sent

    async def _send_one(self, row_id: int) -> int:
        with session_scope(self.settings.database_url) as session:
            row = session.get(OutboundMessage, row_id)
            if row is None or row.status != "pending":
                return 0
            adapter = self.adapters.get(row.channel)
            conversation = session.get(Conversation, row.conversation_id)
            request = json.loads(self.sealer.open(row.sealed_message))
            # A conversation wiped by its exit word is gone, but its "OK." answers a message just received.
            last_user_message = _aware(conversation.last_message_at if conversation else row.created_at)
            is_template, conversation_id = row.is_template, row.conversation_id
            refusal = never_first(row, officer_case_of(session, row))
            if refusal:
                row.status, row.last_error = "failed", refusal
        if refusal:
            logger.warning("outbox refused a message channel=%s reason=%s", row.channel, refusal)
            return 0
        if adapter is None:
            return 0  # the channel is not configured in this process; another replica may send it
        if not is_template and adapter.window_hours is not None and (
            last_user_message is None or utcnow() - last_user_message > timedelta(hours=adapter.window_hours)
        ):
            self._close_window(row_id, adapter, conversation_id)
            return 0
        result = await adapter.send(request)
        self._record(row_id, adapter, result)
        return 1 if result.ok else 0

    def _record(self, row_id: int, adapter: ChannelAdapter, result: SendResult) -> None:
        with session_scope(self.settings.database_url) as session:
            row = session.get(OutboundMessage, row_id)
            row.attempts += 1
            if result.ok:
                row.status, row.sent_at, row.last_error = "sent", utcnow(), None
                # Sent: the content is no longer needed. The provider's id is kept (sealed: a WhatsApp id
                # encodes the number) so the bot's messages can be deleted from a Telegram chat later.
                row.sealed_message = ""
                ids = [result.provider_message_id] if result.provider_message_id else []
                row.provider_message_ids = self.sealer.seal(json.dumps(ids))
                if result.provider_message_id:
                    # A status webhook may still report it failed (outside the window): it finds the row by this.
                    row.provider_ref = provider_ref(adapter.name, result.provider_message_id,
                                                    self.settings.pseudonym_key)
            elif result.error_code == "131047":
                row.last_error = WINDOW_CLOSED
            elif result.permanent or row.attempts >= MAX_ATTEMPTS:
                row.status, row.last_error = "failed", (result.error_code or "permanent")[:64]
            else:
                row.last_error = (result.error_code or "retry")[:64]
                row.next_attempt_at = utcnow() + backoff(row.attempts, result.retry_after)
            conversation_id = row.conversation_id
        # Channel and outcome only, never the content or the address.
        logger.info("outbox send channel=%s ok=%s error=%s", adapter.name, result.ok, result.error_code)
        if result.error_code == "131047":
            self._close_window(row_id, adapter, conversation_id)

    def closed_window_reported(self, channel: str, provider_message_id: str) -> bool:
        """A status webhook says one of our sent messages failed because the 24-hour window had closed (131047):
        handled as that answer to the send would have been. The row fails (an officer's message shows as not
        delivered in the desk); the neutral template takes the place of it and of what waits behind it.
        True when a template was queued. A repeated report, or one about a message we do not hold, does nothing."""
        adapter = self.adapters.get(channel)
        if adapter is None or not provider_message_id:
            return False
        ref = provider_ref(channel, provider_message_id, self.settings.pseudonym_key)
        with session_scope(self.settings.database_url) as session:
            row = (session.query(OutboundMessage)
                   .filter(OutboundMessage.channel == channel, OutboundMessage.provider_ref == ref).first())
            if row is None or row.last_error == WINDOW_CLOSED:
                logger.info("outbox late window-closed report ignored channel=%s known=%s", channel, row is not None)
                return False
            row.status, row.last_error = "failed", WINDOW_CLOSED
            row_id, conversation_id, answered = row.id, row.conversation_id, row.reply_to
            is_template, case_id = row.is_template, row.officer_case_id
        if case_id is not None:
            events.publish(CaseChanged(case_id))   # the desk shows the officer that it did not arrive
        if is_template:
            logger.warning("outbox template reported undelivered channel=%s", channel)
            return False
        return self._close_window(row_id, adapter, conversation_id, answered)

    def _close_window(self, row_id: int, adapter: ChannelAdapter, conversation_id: str,
                      answered: int | None = None) -> bool:
        """Outside the window: this conversation's pending free-form rows fail; the neutral template replaces them
        (once: not when one is already waiting, or was sent, from `row_id` on). True when a template was queued."""
        with session_scope(self.settings.database_url) as session:
            rows = (session.query(OutboundMessage)
                    .filter(OutboundMessage.conversation_id == conversation_id, OutboundMessage.status == "pending",
                            OutboundMessage.id >= row_id).all())
            conversation = session.get(Conversation, conversation_id)
            for row in rows:
                if not row.is_template:
                    row.status, row.last_error = "failed", WINDOW_CLOSED
            later_template = (session.query(OutboundMessage.id)
                              .filter(OutboundMessage.conversation_id == conversation_id, OutboundMessage.is_template,
                                      OutboundMessage.id >= row_id, OutboundMessage.status != "failed").first())
            template = None
            if conversation is not None and conversation.sealed_address and later_template is None:
                template = adapter.reengagement(self.sealer.open(conversation.sealed_address))
            if template is not None:
                if answered is None:
                    answered = next((r.reply_to for r in rows if r.reply_to is not None), None)
                session.add(OutboundMessage(channel=adapter.name, conversation_id=conversation_id, is_template=True,
                                            reply_to=answered, sealed_message=self.sealer.seal(json.dumps(template))))
        logger.info("outbox window closed channel=%s template=%s", adapter.name, template is not None)
        return template is not None


def _aware(moment: datetime | None) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns; they were stored in UTC."""
    if moment is None:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
