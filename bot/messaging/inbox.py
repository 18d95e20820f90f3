"""The durable inbox of WhatsApp and Telegram messages: stored before the webhook is acknowledged, processed after.

A crash between the acknowledgement and the reply loses nothing: on restart the pending rows are
processed, and their replies go through the outbox exactly once.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversation import cases, events
from bot.conversation.content import content_for
from bot.conversation.events import CaseChanged
from bot.conversation.messages import IncomingMessage
from bot.conversation.pipeline import Pipeline
from bot.conversation.privacy import pseudonymise_sender
from bot.conversation.records import ensure_conversation, record_delivery
from bot.messaging import edits, inbox_claims, leases, taps
from bot.messaging.messages import OutgoingMessage
from bot.messaging.outbox import ChannelAdapter, Outbox, PreparedRun, enqueue
from bot.messaging.refs import chat_message_ref
from bot.settings import Settings
from bot.store import Conversation, InboundMessage, OutboundMessage, session_scope
from bot.store.db import sync_to_disk
from bot.store.models import utcnow
from bot.store.sealing import Sealer

logger = logging.getLogger(__name__)

# A row whose processing raised is tried again after this long (a worker that died: see bot/messaging/leases.py).
PROCESSING_RETRY_DELAY = timedelta(minutes=5)
# After this many tries a message goes to the officers' desk as a case instead (kept, sealed, until read).
MAX_PROCESSING_ATTEMPTS = 5
# The Bot API deletes a message of a private chat (the bot's or the user's) only this long after it was sent.
DELETABLE_FOR = timedelta(hours=48)


@dataclass(frozen=True)
class Claimed:
    """A row this worker took, with the message as it was read when taken (sealed). `on_disk`: for a row taken as it
    was stored, set once its transaction is on the disk (Inbox.make_durable); its replies are not sent before."""

    row_id: int
    conversation_id: str
    sealed_message: str
    on_disk: threading.Event | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Answered:
    """Where a processed message's replies were queued, and what claim_replies returned (None without it)."""

    conversation_id: str
    channel: str
    replies: PreparedRun | None = None


_INBOX = InboundMessage.__table__
# The end of a message's work (built once: see bot/messaging/inbox_claims.py on why).
_DONE = (update(_INBOX).where(_INBOX.c.id == bindparam("row_id"))
         .values(status="done", processed_at=bindparam("processed_at", type_=_INBOX.c.processed_at.type),
                 sealed_message=bindparam("kept", type_=_INBOX.c.sealed_message.type), worker_id=None,
                 lease_until=None))


@dataclass(frozen=True)
class Received:
    """What storing a provider's delivery gave: whether it was new work, and the row claimed at once (Inbox.receive)."""

    new: bool
    claimed: Claimed | None = None


# Queues a message's replies and claims them for sending, inside the transaction that ends the message's work
# (Outbox.queue_claimed): (session, adapter, conversation id, address, replies, the inbound row id).
ReplyClaim = Callable[[Session, ChannelAdapter, str, str, list[OutgoingMessage], int], PreparedRun]


KEPT_ID = "chat_message_id"   # IncomingMessage's field, and what a processed Telegram row keeps of its message


class Inbox:
    def __init__(self, settings: Settings, sealer: Sealer, adapters: dict[str, ChannelAdapter],
                 worker_id: str | None = None) -> None:
        self.settings = settings
        self.sealer = sealer
        self.adapters = adapters
        self.worker_id = worker_id or leases.process_worker_id()

    def accept(self, message: IncomingMessage) -> bool:
        """Store a received message durably; False when this delivery was seen before (or needs nothing more).

        An edit is kept for the officers and never answered; a provider's late report that one of our
        messages was not delivered (outside WhatsApp's window) goes to the outbox's window handling.
        """
        received = self.receive(message)
        self.make_durable(received)
        return received.new

    def receive(self, message: IncomingMessage, take: bool = False) -> Received:
        """accept, committed but not yet durable: the caller calls make_durable before it acknowledges the delivery.

        With `take`, a new message that is the oldest unanswered of its conversation is also claimed for this worker
        in the same transaction (Received.claimed): the caller hands it to the worker, which answers it without a
        claim of its own (a transaction and a thread hop less), while make_durable waits for the disk. The caller
        must hand it over: a claimed row is answered by no one else while this worker's heartbeat renews its lease."""
        if message.kind == "undelivered":
            return Received(Outbox(self.settings, self.sealer, self.adapters).closed_window_reported(
                message.channel, message.refers_to or ""))
        if not message.external_id:
            raise ValueError("a provider's message always carries its id (de-duplication needs it)")
        key = self.settings.pseudonym_key
        conversation_id = pseudonymise_sender(message.channel, message.sender, key)
        claimed = None
        try:
            # Made durable by make_durable, after the commit (the write lock is not held while the disk is waited
            # for): the provider is told (200) that the message is ours, and will not send it again.
            with session_scope(self.settings.database_url) as session:
                if message.kind == "edit":
                    kept = edits.record_edit(session, self.sealer, key, message, conversation_id,
                                             self.settings.max_message_chars)
                    case_id = edits.open_case_id(session, conversation_id) if kept else None
                else:
                    inbox_claims.serialise_conversation(session, conversation_id)
                    # A retry stops here, on the unique constraint, before the conversation is touched.
                    row = record_delivery(session, message.channel, message.external_id, conversation_id, key,
                                          status="pending",
                                          sealed_message=self.sealer.seal(json.dumps(asdict(message))),
                                          **self._chat_message_fields(message))
                    conversation = ensure_conversation(session, conversation_id, message.channel)
                    conversation.sealed_address = self.sealer.seal(message.sender)
                    if take and inbox_claims.take_stored(session, row, self.worker_id, utcnow()):
                        claimed = Claimed(row.id, conversation_id, row.sealed_message, threading.Event())
        except IntegrityError:
            logger.info("duplicate delivery ignored channel=%s", message.channel)
            return Received(False)
        if message.kind == "edit":
            # Not a new turn: kept for the officers (bot/messaging/edits.py), never answered.
            logger.info("edited message %s, not answered channel=%s", "kept" if kept else "dropped", message.channel)
            if case_id is not None:
                events.publish(CaseChanged(case_id))
            return Received(kept)
        return Received(True, claimed)

    def make_durable(self, received: Received) -> None:
        """What receive committed reaches the disk (also for a repeat: the first delivery's commit may still be on
        its way there, and a repeat is acknowledged too); then the replies of a row taken as it was stored may go."""
        try:
            sync_to_disk(self.settings.database_url)
        finally:
            # Even when the flush failed (the webhook answers 500 and the provider sends the message again, which is
            # then a repeat): the row is committed and answered once.
            if received.claimed is not None and received.claimed.on_disk is not None:
                received.claimed.on_disk.set()

    def _chat_message_fields(self, message: IncomingMessage) -> dict[str, Any]:
        """How an edit of this message finds it again."""
        if not message.chat_message_id:
            return {}
        return {"message_ref": chat_message_ref(message.channel, message.sender, message.chat_message_id,
                                                self.settings.pseudonym_key)}

    def claim(self, limit: int = 1) -> list[Claimed]:
        """Take up to `limit` rows to process now, each of a different conversation, and each the oldest unanswered
        message of its conversation (strict order; never two of one conversation at once, also across replicas).

        A row is free when pending, or "working" under a lease that ran out (its worker died, or its last try failed
        and the retry delay passed). A message that failed too often goes to the officers instead (see below).
        """
        taken: list[Claimed] = []
        while len(taken) < limit:
            wanted = limit - len(taken)
            with session_scope(self.settings.database_url) as session:
                now = utcnow()
                found = inbox_claims.candidates(session, now, wanted)
                seen: set[str] = set()
                for candidate in found:
                    if candidate.conversation_id in seen:
                        continue
                    seen.add(candidate.conversation_id)
                    if not inbox_claims.take(session, candidate, self.worker_id, now):
                        continue
                    if (candidate.attempts or 0) < MAX_PROCESSING_ATTEMPTS:
                        # The message as read here: a claimed row's content does not change until it is done.
                        taken.append(Claimed(candidate.row_id, candidate.conversation_id, candidate.sealed_message))
                    else:
                        row = session.get(InboundMessage, candidate.row_id)
                        if row is not None:
                            self._hand_to_officers(session, row)
            if len(found) < wanted:
                break   # none left: no second query to find that out
        if taken:
            # A webhook may have committed one of these and still be waiting for the disk (Inbox.make_durable): as
            # for a message taken as it was stored, nothing is answered from a row that is not on the disk yet.
            sync_to_disk(self.settings.database_url)
        return taken

    def release_for_retry(self, row_id: int) -> None:
        """Processing raised: the row is tried again after PROCESSING_RETRY_DELAY (its attempts were counted).

        Released (no worker), it no longer holds back the conversation's later messages: one message that cannot
        be processed must not silence a person who then writes that they are in danger."""
        with session_scope(self.settings.database_url) as session:
            (session.query(InboundMessage)
             .filter(InboundMessage.id == row_id, InboundMessage.worker_id == self.worker_id,
                     InboundMessage.status == "working")
             .update({"worker_id": None, "lease_until": utcnow() + PROCESSING_RETRY_DELAY},
                     synchronize_session=False))

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
        """Process every pending message, one at a time; returns how many were processed. (The server's worker
        processes several conversations at once: bot/messaging/worker.py.)"""
        done = 0
        while True:
            claimed = self.claim(1)
            if not claimed:
                return done
            await self.process(claimed[0], agent)
            done += 1

    async def process(self, claimed: Claimed, agent: Any, claim_replies: ReplyClaim | None = None) -> Answered:
        """Answer one claimed row; returns where its replies were queued. When that raises, the row is released for
        a later retry and the error raised.

        `claim_replies` (the worker's Outbox.queue_claimed): queues the replies and claims them for sending at once, in
        the transaction that ends the message's work; its result is Answered.replies."""
        try:
            return await self._process(claimed, agent, claim_replies)
        except BaseException:
            await asyncio.to_thread(self.release_for_retry, claimed.row_id)
            raise

    async def _process(self, claimed: Claimed, agent: Any, claim_replies: ReplyClaim | None) -> Answered:
        row_id, conversation_id = claimed.row_id, claimed.conversation_id
        message = IncomingMessage(**json.loads(self.sealer.open(claimed.sealed_message)))
        if message.reply_context.get(taps.TAPPED_WORDS):
            message = await asyncio.to_thread(self._as_meant, message, conversation_id, row_id)
        adapter = self.adapters[message.channel]
        pipeline = Pipeline(self.settings, agent)
        if message.media and not message.text:
            replies = self._media_replies(pipeline, message, conversation_id)
        else:
            if pipeline.is_exit_word(message.text):
                # Before the wipe forgets them: the messages to delete from the chat too, this one included.
                await self._delete_from_chat(adapter, message, conversation_id)
            collector = CollectingOutputChannel()
            outcome = await pipeline.process(message, conversation_id, collector)
            replies = [to_outgoing(m, outcome.language) for m in collector.messages if m.get("text")]
        # The inbox's own database steps run in a thread (the pipeline's are its own): the loop keeps sending.
        claimed_replies = await asyncio.to_thread(self._finish, row_id, adapter, message, conversation_id, replies,
                                                  claim_replies)
        return Answered(conversation_id, adapter.name, claimed_replies)

    def _as_meant(self, message: IncomingMessage, conversation_id: str, row_id: int) -> IncomingMessage:
        with session_scope(self.settings.database_url) as session:
            return taps.as_meant(session, self.settings.pseudonym_key, message, conversation_id, row_id)

    def _finish(self, row_id: int, adapter: ChannelAdapter, message: IncomingMessage, conversation_id: str,
                replies: list[OutgoingMessage], claim_replies: ReplyClaim | None = None) -> PreparedRun | None:
        with session_scope(self.settings.database_url) as session:
            # The replies and the end of the row's work are one transaction: both or neither.
            claimed = None
            if claim_replies is not None and replies:
                claimed = claim_replies(session, adapter, conversation_id, message.sender, replies, row_id)
            else:
                enqueue(session, self.sealer, adapter, conversation_id, message.sender, replies, reply_to=row_id)
            # One update, not the row read back (None done when the user's message erased the conversation).
            session.execute(_DONE, {"row_id": row_id, "processed_at": utcnow(),
                                    "kept": self._kept(adapter, message)})
            return claimed

    def _kept(self, adapter: ChannelAdapter, message: IncomingMessage) -> str | None:
        """What stays of an answered message: its id in the chat, sealed, where the exit word can delete it."""
        if message.chat_message_id and hasattr(adapter, "delete_messages"):
            return self.sealer.seal(json.dumps({KEPT_ID: message.chat_message_id}))
        return None

    async def _delete_from_chat(self, adapter: ChannelAdapter, message: IncomingMessage, conversation_id: str) -> None:
        """Telegram lets a bot delete, in a private chat and for 48 hours, its own messages and the user's;
        WhatsApp offers no such thing (see the README)."""
        delete = getattr(adapter, "delete_messages", None)
        if delete is None:
            return
        with session_scope(self.settings.database_url) as session:
            ids = messages_in_chat(session, self.sealer, conversation_id, utcnow() - DELETABLE_FOR)
        if message.chat_message_id:
            ids.append(message.chat_message_id)   # the exit word itself
        deleted = await delete(message.sender, ids) if ids else 0
        logger.info("exit word: deleted %s of %s messages channel=%s", deleted, len(ids), adapter.name)

    def _media_replies(self, pipeline: Pipeline, message: IncomingMessage, conversation_id: str
                       ) -> list[OutgoingMessage]:
        """A picture, voice note or sticker without a caption gets a plain answer in the conversation's language
        (before any text told one, the language of the user's app when the channel tells it); Rasa never sees it.
        (With a caption, the caption is answered like any text.)"""
        with session_scope(self.settings.database_url) as session:
            conversation = session.get(Conversation, conversation_id)
            hint = message.client_language if conversation is None or conversation.language is None else None
        language = pipeline.touch_conversation(conversation_id, message.channel)
        language = hint or language
        content = content_for(self.settings)
        logger.info("unsupported message answered channel=%s kind=%s", message.channel, message.media)
        return [OutgoingMessage(text, language=language) for text in content.messages("unsupported_media", language)]


def messages_in_chat(session: Session, sealer: Sealer, conversation_id: str, since: datetime) -> list[str]:
    """The chat ids of the bot's messages sent and the user's received since `since`, in one conversation."""
    sent = (session.query(OutboundMessage.provider_message_ids)
            .filter(OutboundMessage.conversation_id == conversation_id, OutboundMessage.status == "sent",
                    OutboundMessage.provider_message_ids.isnot(None), OutboundMessage.sent_at >= since).all())
    received = (session.query(InboundMessage.sealed_message)
                .filter(InboundMessage.conversation_id == conversation_id, InboundMessage.received_at >= since,
                        InboundMessage.status != edits.EDITED, InboundMessage.sealed_message.isnot(None)).all())
    ids = [message_id for (sealed,) in sent for message_id in json.loads(sealer.open(sealed))]
    # A processed row keeps {KEPT_ID: id}; one not processed yet holds the whole message, which has the same key.
    kept = [json.loads(sealer.open(sealed)).get(KEPT_ID) for (sealed,) in received]
    return ids + [str(message_id) for message_id in kept if message_id]


def to_outgoing(message: dict[str, Any], language: str | None = None) -> OutgoingMessage:
    """One of Rasa's collected replies, in `language` (the turn's reply language)."""
    buttons = [(b["title"], b["payload"]) for b in message.get("buttons") or []]
    return OutgoingMessage(message.get("text") or "", buttons, language or None)
