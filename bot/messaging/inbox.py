"""The durable inbox of WhatsApp and Telegram messages: stored before the webhook is acknowledged, processed after.

A crash between the acknowledgement and the reply loses nothing: on restart the pending rows are
processed, and their replies go through the outbox exactly once.
"""
from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from sqlalchemy.exc import IntegrityError

from bot.conversation import cases, events
from bot.conversation.content import content_for
from bot.conversation.events import CaseChanged
from bot.conversation.messages import IncomingMessage
from bot.conversation.pipeline import Pipeline
from bot.conversation.privacy import pseudonymise_sender
from bot.conversation.records import ensure_conversation, record_delivery
from bot.messaging.messages import OutgoingMessage
from bot.messaging.outbox import ChannelAdapter, enqueue
from bot.settings import Settings
from bot.store import Conversation, InboundMessage, session_scope
from bot.store.models import utcnow
from bot.store.sealing import Sealer

logger = logging.getLogger(__name__)

# A row claimed by a worker that died (or whose processing raised) is taken again after this long.
STALE_CLAIM = timedelta(minutes=5)
# After this many tries a message goes to the officers' desk as a case instead (kept, sealed, until read).
MAX_PROCESSING_ATTEMPTS = 5


class Inbox:
    def __init__(self, settings: Settings, sealer: Sealer, adapters: dict[str, ChannelAdapter]) -> None:
        self.settings = settings
        self.sealer = sealer
        self.adapters = adapters

    def accept(self, message: IncomingMessage) -> bool:
        """Store a received message durably; False when this delivery was seen before."""
        if not message.external_id:
            raise ValueError("a provider's message always carries its id (de-duplication needs it)")
        conversation_id = pseudonymise_sender(message.channel, message.sender, self.settings.pseudonym_key)
        try:
            with session_scope(self.settings.database_url) as session:
                # A retry stops here, on the unique constraint, before the conversation is touched.
                record_delivery(session, message.channel, message.external_id, conversation_id,
                                self.settings.pseudonym_key, status="pending",
                                sealed_message=self.sealer.seal(json.dumps(asdict(message))))
                conversation = ensure_conversation(session, conversation_id, message.channel)
                conversation.sealed_address = self.sealer.seal(message.sender)
            return True
        except IntegrityError:
            logger.info("duplicate delivery ignored channel=%s", message.channel)
            return False

    def _claim_next(self) -> int | None:
        """Take the oldest pending row (or one whose worker died); None when there is none."""
        while True:
            with session_scope(self.settings.database_url) as session:
                stale = utcnow() - STALE_CLAIM
                row = (session.query(InboundMessage)
                       .filter(InboundMessage.sealed_message.isnot(None),
                               (InboundMessage.status == "pending")
                               | ((InboundMessage.status == "working") & (InboundMessage.processed_at < stale)))
                       .order_by(InboundMessage.id).first())
                if row is None:
                    return None
                # Compare-and-set on the status, so two replicas never take the same row.
                taken = (session.query(InboundMessage)
                         .filter(InboundMessage.id == row.id, InboundMessage.status == row.status)
                         .update({"status": "working", "processed_at": utcnow(),
                                  "attempts": InboundMessage.attempts + 1}, synchronize_session=False))
                if not taken:
                    return None
                if (row.attempts or 0) < MAX_PROCESSING_ATTEMPTS:
                    return row.id
                self._hand_to_officers(session, row)

    def _hand_to_officers(self, session: Any, row: InboundMessage) -> None:
        """A message that keeps failing is not retried for ever, nor dropped: a person reads it in the desk."""
        message = IncomingMessage(**json.loads(self.sealer.open(row.sealed_message)))
        conversation = session.get(Conversation, row.conversation_id)
        language = (conversation.language if conversation else None) or self.settings.default_language
        cases.escalate(session, self.sealer, row.conversation_id, message.channel, language,
                       {"priority": "normal", "indicators": []}, None, message.text or f"[{message.media}]",
                       reason="unprocessed")
        session.query(InboundMessage).filter(InboundMessage.id == row.id).update(
            {"status": "failed"}, synchronize_session=False)
        logger.error("inbox message failed %s times, handed to the desk channel=%s",
                     MAX_PROCESSING_ATTEMPTS, message.channel)
        events.publish(CaseChanged())

    async def process_pending(self, agent: Any) -> int:
        """Process every pending message; returns how many were processed."""
        done = 0
        while True:
            row_id = self._claim_next()
            if row_id is None:
                return done
            await self._process(row_id, agent)
            done += 1

    async def _process(self, row_id: int, agent: Any) -> None:
        with session_scope(self.settings.database_url) as session:
            row = session.get(InboundMessage, row_id)
            message = IncomingMessage(**json.loads(self.sealer.open(row.sealed_message)))
            conversation_id = row.conversation_id
        adapter = self.adapters[message.channel]
        pipeline = Pipeline(self.settings, agent)
        if message.media and not message.text:
            replies = self._media_replies(pipeline, message, conversation_id)
        else:
            if pipeline.is_exit_word(message.text):
                # Before the wipe forgets them: the bot's own messages, to delete from the chat too.
                await self._delete_from_chat(adapter, message.sender, pipeline.sent_message_ids(conversation_id))
            collector = CollectingOutputChannel()
            outcome = await pipeline.process(message, conversation_id, collector)
            replies = [to_outgoing(m, outcome.language) for m in collector.messages if m.get("text")]
        with session_scope(self.settings.database_url) as session:
            # The replies and the end of the row's work are one transaction: both or neither.
            enqueue(session, self.sealer, adapter, conversation_id, message.sender, replies, reply_to=row_id)
            row = session.get(InboundMessage, row_id)
            if row is not None:  # None when the user's message erased the conversation
                row.status, row.processed_at, row.sealed_message = "done", utcnow(), None

    @staticmethod
    async def _delete_from_chat(adapter: ChannelAdapter, address: str, message_ids: list[str]) -> None:
        """Telegram lets a bot delete its messages; WhatsApp offers no such thing (see the README)."""
        delete = getattr(adapter, "delete_message", None)
        if delete is None:
            return
        deleted = sum([await delete(address, message_id) for message_id in message_ids])
        logger.info("exit word: deleted %s of %s bot messages channel=%s", deleted, len(message_ids), adapter.name)

    def _media_replies(self, pipeline: Pipeline, message: IncomingMessage, conversation_id: str
                       ) -> list[OutgoingMessage]:
        """A picture, voice note or sticker without a caption gets a plain answer in the conversation's language;
        Rasa never sees it. (With a caption, the caption is answered like any text.)"""
        language = pipeline.touch_conversation(conversation_id, message.channel)
        content = content_for(self.settings)
        logger.info("unsupported message answered channel=%s kind=%s", message.channel, message.media)
        return [OutgoingMessage(text, language=language) for text in content.messages("unsupported_media", language)]


def to_outgoing(message: dict[str, Any], language: str | None = None) -> OutgoingMessage:
    """One of Rasa's collected replies, in `language` (the turn's reply language)."""
    buttons = [(b["title"], b["payload"]) for b in message.get("buttons") or []]
    return OutgoingMessage(message.get("text") or "", buttons, language or None)
