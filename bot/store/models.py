"""Tables: conversations (pseudonymous), the durable inbox of received messages, and the outbox of replies."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import registry
from sqlalchemy.orm.decl_api import DeclarativeMeta

_registry = registry()


class Base(metaclass=DeclarativeMeta):
    """The declarative base, spelled out so that type checkers see a class (SQLAlchemy 1.4's documented form)."""

    __abstract__ = True
    registry = _registry
    metadata = _registry.metadata
    __init__ = _registry.constructor


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Conversation(Base):
    __tablename__ = "conversations"

    id = Column(String(64), primary_key=True)          # pseudonymised sender, also Rasa's sender_id
    channel = Column(String(16), nullable=False)
    language = Column(String(8), nullable=True)   # None until the first message is processed
    # Set when the user asked for a language explicitly: it then holds until they ask again.
    language_locked = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_message_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # Where replies go (phone number, Telegram chat id), encrypted; empty for the web chat.
    sealed_address = Column(Text, nullable=True)
    # Set when the chat came back to the bot from an officer other than by closing the case (the officer was
    # deactivated): the bot's next turn first drops what it was waiting for (bot/conversation/fresh_start.py).
    fresh_start = Column(Boolean, nullable=False, default=False, server_default=false())


class InboundMessage(Base):
    """One row per message a channel delivered: a seen id is not processed twice (channels retry).

    For WhatsApp and Telegram the row is also the durable inbox: the message is stored (sealed)
    before the webhook is acknowledged, and processed from here, so a crash loses nothing.
    """

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_inbound_channel_external_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    channel = Column(String(16), nullable=False)
    external_id = Column(String(128), nullable=False)             # keyed hash of the provider's id
    conversation_id = Column(String(64), nullable=False, index=True)
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # pending | working | done | failed; "edited": the user's later change to a message, kept and never answered
    status = Column(String(8), nullable=False, default="done", index=True)
    # Sealed JSON: the IncomingMessage until processed; then, on Telegram, only its chat_message_id (the bot may
    # delete the user's message at the exit word, within 48 hours), else nothing; for an edited row, its new text.
    sealed_message = Column(Text, nullable=True)
    processed_at = Column(DateTime(timezone=True), nullable=True)
    attempts = Column(Integer, nullable=False, default=0)         # times a worker took it (see bot/messaging/inbox.py)
    # Keyed hash of the chat message this row is (for an edited row: the message it changes), to link the two.
    message_ref = Column(String(48), nullable=True, index=True)
    # While "working": the worker processing it and its lease, renewed by a heartbeat (bot/messaging/leases.py);
    # a lease that expired (its worker died) lets another worker take the row back.
    worker_id = Column(String(64), nullable=True)
    lease_until = Column(DateTime(timezone=True), nullable=True)


class OutboundMessage(Base):
    """The outbox: every reply to WhatsApp or Telegram is stored first, then sent with retries."""

    __tablename__ = "outbound_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    channel = Column(String(16), nullable=False)
    conversation_id = Column(String(64), nullable=False, index=True)
    sealed_message = Column(Text, nullable=False)                 # the provider request, sealed; "" once sent
    # The neutral pre-approved template: the only message allowed outside WhatsApp's 24-hour window.
    is_template = Column(Boolean, nullable=False, default=False)
    # The user's message this answers (its inbound row id): the bot never writes first (bot/messaging/outbox.py).
    reply_to = Column(Integer, nullable=True)
    # Or the case whose officer wrote it: allowed only with the user's consent or for an urgent case.
    officer_case_id = Column(Integer, nullable=True)
    # pending | sending (a worker holds it and may be mid-send) | sent | failed
    status = Column(String(8), nullable=False, default="pending", index=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_error = Column(String(64), nullable=True)                # status or error code, never content
    provider_message_ids = Column(Text, nullable=True)            # sealed JSON list: the bot's messages in the chat
    # Keyed hash of the provider's id of the sent message: a later status webhook (a failure) finds the row by it.
    provider_ref = Column(String(48), nullable=True, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    sent_at = Column(DateTime(timezone=True), nullable=True)
    # The send intent, committed before the HTTP call: who sends, until when (heartbeat), and which attempt.
    worker_id = Column(String(64), nullable=True)
    lease_until = Column(DateTime(timezone=True), nullable=True)
    attempt_id = Column(String(32), nullable=True)


class Case(Base):
    """A conversation flagged for a referral officer: why, how urgent, and what the user consented to."""

    __tablename__ = "cases"

    id = Column(Integer, primary_key=True, autoincrement=True)
    # None once the user had their data deleted: the case keeps only content-free fields.
    conversation_id = Column(String(64), nullable=True, index=True)
    channel = Column(String(16), nullable=False)
    language = Column(String(8), nullable=False)
    priority = Column(String(8), nullable=False)                 # normal | high | urgent
    indicators = Column(Text, nullable=False, default="[]")       # JSON list of indicator codes
    reasons = Column(Text, nullable=False, default="[]")          # JSON list: risk, request_human, danger, desk
    consent = Column(String(8), nullable=False, default="unknown")  # unknown | yes | no | later
    status = Column(String(8), nullable=False, default="new")     # new | claimed | closed
    officer_id = Column(Integer, nullable=True)
    # True while the officer holding the case has the chat: the bot is paused (Rasa ConversationPaused).
    taken_over = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # The last message either way (user or officer): what the desk's live views watch.
    last_activity_at = Column(DateTime(timezone=True), nullable=True)
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    closed_at = Column(DateTime(timezone=True), nullable=True)
    # The first message an officer wrote to the person (content-free: for the coordinator's response times).
    first_reply_at = Column(DateTime(timezone=True), nullable=True)
    # A flood of near-identical cases from one source shows as one alert (bot/conversation/cases.link_to_burst):
    # keyed hashes of the source (the web chat client's address) and of the opening message, kept only for
    # the few minutes a burst lasts; and the burst's first case, for the others.
    source_ref = Column(String(32), nullable=True, index=True)
    fingerprint = Column(String(32), nullable=True)
    burst_of = Column(Integer, nullable=True, index=True)


class CaseMessage(Base):
    """A user message that opened or raised a case, sealed; officers read it, a dump does not."""

    __tablename__ = "case_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    case_id = Column(Integer, nullable=False, index=True)
    sealed_text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class CaseNote(Base):
    """An officer's internal note on a case, sealed (it may name places and people); never shown to the user."""

    __tablename__ = "case_notes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    case_id = Column(Integer, nullable=False, index=True)
    officer_id = Column(Integer, nullable=False)
    sealed_text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Referral(Base):
    """A referral to a service of the National Referral Mechanism, recorded only with the user's consent."""

    __tablename__ = "referrals"

    id = Column(Integer, primary_key=True, autoincrement=True)
    case_id = Column(Integer, nullable=False, index=True)
    officer_id = Column(Integer, nullable=False)
    service = Column(String(24), nullable=False)     # see bot/desk/casework.REFERRAL_SERVICES
    status = Column(String(16), nullable=False, default="proposed")   # see REFERRAL_STATUSES
    consent_at = Column(DateTime(timezone=True), nullable=False)      # when the officer confirmed the user agreed
    sealed_note = Column(Text, nullable=True)        # which organisation, arrangements; sealed
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class AggregateCount(Base):
    """Content-free counts that outlive the purge of old conversations (for coordinators' figures)."""

    __tablename__ = "aggregate_counts"
    __table_args__ = (UniqueConstraint("period", "channel", "language", "metric", name="uq_aggregate_key"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    period = Column(String(7), nullable=False)      # YYYY-MM of the conversation's last message
    channel = Column(String(16), nullable=False)
    language = Column(String(8), nullable=False)
    metric = Column(String(32), nullable=False)     # e.g. purged_conversations
    value = Column(Integer, nullable=False, default=0)


class DeliveryFingerprint(Base):
    """A provider message id seen once, kept (as a keyed hash, with no sender and no text) through erasure, so a
    captured delivery replayed after the exit word is still a duplicate; purged when it can no longer be accepted
    (bot/conversation/replay.py)."""

    __tablename__ = "delivery_fingerprints"

    fingerprint = Column(String(48), primary_key=True)    # = inbound_messages.external_id of the erased row
    channel = Column(String(16), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False, index=True)
