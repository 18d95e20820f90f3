"""An officer takes the chat over from the bot, writes through the user's channel, and hands it back.

Who answers is decided in one place, the case's `taken_over` flag (bot.conversation.cases.officer_holds):
while it is set the pipeline only logs the user's messages, so not even a "/restart" payload wakes the bot.
Officers' messages are BotUttered events marked with the officer, so the transcript is one
sealed history, and go out through the outbox behind the never-first guard.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from rasa.shared.core.events import BotUttered, UserUttered

from bot import pubsub
from bot.conversation.cases import officer_may_write
from bot.conversation.content import content_for
from bot.conversation.fresh_start import FRESH_START, append_events
from bot.desk.casework import CaseError, get_case, require_holder
from bot.desk.screening import ScreeningRun, screening_runs
from bot.messaging import outbox
from bot.messaging.messages import OutgoingMessage
from bot.settings import Settings
from bot.store import Conversation, OutboundMessage, audit, session_scope
from bot.store.desk_models import Officer
from bot.store.models import utcnow
from bot.store.sealing import sealer_for

logger = logging.getLogger(__name__)

MAX_REPLY_CHARS = 4000
OFFICER_KEY = "amane_officer"       # BotUttered metadata: the officer's id
OUTBOX_KEY = "amane_outbox_ids"     # and the outbox rows that carry the message


@dataclass(frozen=True)
class TranscriptLine:
    at: datetime
    who: str                         # user | bot | officer
    text: str
    officer_name: str | None = None
    delivery: str | None = None   # officer lines: pending | sent | failed


@dataclass(frozen=True)
class ConversationRead:
    """What the desk reads from a conversation's tracker: the transcript and the screening's answers."""

    lines: list[TranscriptLine]
    screening: list[ScreeningRun]


class Handoff:
    def __init__(self, settings: Settings, agent: Any, delivery: Any) -> None:
        self.settings = settings
        self.agent = agent
        self.delivery = delivery
        self.sealer = sealer_for(settings.sealing_keys)

    def _open_case(self, case_id: int, officer: Officer, supervisor_too: bool = False):  # type: ignore[no-untyped-def]
        """Read the case and check the officer may act on its chat; returns (case, conversation or None)."""
        with session_scope(self.settings.database_url) as session:
            case = get_case(session, case_id)
            require_holder(case, officer, supervisor_too=supervisor_too)
            conversation = session.get(Conversation, case.conversation_id) if case.conversation_id else None
            session.expunge_all()
            return case, conversation

    # -- what officers do ---------------------------------------------------------------------------

    async def take_over(self, case_id: int, officer: Officer) -> None:
        """The officer holding the case takes the chat: the bot falls silent in this conversation."""
        case, conversation = self._open_case(case_id, officer)
        if conversation is None:
            raise CaseError("conversation_erased")
        if not officer_may_write(case):
            raise CaseError("no_consent")
        if case.taken_over:
            return
        with session_scope(self.settings.database_url) as session:
            held = get_case(session, case_id)
            held.taken_over, held.updated_at = True, utcnow()
            audit.record(session, officer.id, "chat_taken_over", case_id=case_id)
        logger.info("chat taken over case=%s", case_id)
        # The conversation's topic too: a web chat page waiting for updates shows "a person has joined" at once.
        pubsub.notify(pubsub.QUEUE, pubsub.case_topic(case_id), pubsub.conversation_topic(conversation.id))

    async def reply(self, case_id: int, officer: Officer, text: str) -> int:
        """Send the officer's message through the user's channel; returns the number of outbox rows."""
        text = (text or "").strip()
        if not text:
            raise CaseError("empty_reply")
        if len(text) > MAX_REPLY_CHARS:
            raise CaseError("reply_too_long")
        case, conversation = self._open_case(case_id, officer)
        if conversation is None:
            raise CaseError("conversation_erased")
        if not case.taken_over:
            raise CaseError("not_taken_over")
        if not officer_may_write(case):
            raise CaseError("no_consent")
        requests = self._requests(case.channel, conversation, text)
        # Durable: the officer is told it went; on SQLite (synchronous=NORMAL) a power cut must not undo it.
        with session_scope(self.settings.database_url, durable=True) as session:
            held = get_case(session, case_id)
            rows = outbox.enqueue_officer_reply(session, self.sealer, requests, conversation.id, case.channel, held)
            row_ids = [row.id for row in rows]
            held.last_activity_at = held.updated_at = utcnow()
            if held.first_reply_at is None:
                held.first_reply_at = held.updated_at   # content-free: the coordinator's response times
            audit.record(session, officer.id, "officer_replied", case_id=case_id)
        await append_events(self.agent, conversation.id,
                            BotUttered(text, metadata={OFFICER_KEY: officer.id, OUTBOX_KEY: row_ids}))
        self._poke(case_id, conversation.id)
        return len(row_ids)

    async def close(self, case_id: int, officer: Officer) -> None:
        """Close the case; if the chat was taken over, the bot answers again after a short neutral message."""
        case, conversation = self._open_case(case_id, officer, supervisor_too=True)
        row_ids: list[int] = []
        if case.taken_over and conversation is not None:
            language = conversation.language or case.language
            texts = content_for(self.settings).messages("officer_closed", language)
            try:
                requests = [r for text in texts for r in self._requests(case.channel, conversation, text)]
            except CaseError:
                requests = []  # the channel is not configured here: close all the same, without the message
            # The tracker first. The pipeline goes by the case's flag, cleared last: until then the bot stays
            # silent, and if a step below fails, closing again finishes the job.
            await append_events(self.agent, conversation.id, *FRESH_START)
            with session_scope(self.settings.database_url) as session:
                held = get_case(session, case_id)
                if requests and officer_may_write(held):
                    rows = outbox.enqueue_officer_reply(session, self.sealer, requests, conversation.id,
                                                        case.channel, held)
                    row_ids = [row.id for row in rows]
            if row_ids:
                await append_events(self.agent, conversation.id,
                                    *[BotUttered(text, metadata={OUTBOX_KEY: row_ids}) for text in texts])
        with session_scope(self.settings.database_url) as session:
            closing = get_case(session, case_id)
            now = utcnow()
            closing.status, closing.taken_over, closing.closed_at, closing.updated_at = "closed", False, now, now
            audit.record(session, officer.id, "case_closed", case_id=case_id)
        logger.info("case closed case=%s", case_id)
        self._poke(case_id, conversation.id if conversation else None)

    async def transcript(self, case_id: int) -> list[TranscriptLine]:
        """The conversation as the officer reads it: the user's messages, the bot's and the officers'."""
        return (await self.read(case_id)).lines

    async def read(self, case_id: int) -> ConversationRead:
        """The transcript and the screening's answers, from one read of the tracker."""
        with session_scope(self.settings.database_url) as session:
            case = get_case(session, case_id)
            conversation_id = case.conversation_id
        if conversation_id is None:
            return ConversationRead([], [])
        tracker = await self.agent.tracker_store.retrieve_full_tracker(conversation_id)
        if tracker is None:
            return ConversationRead([], [])
        lines: list[tuple[datetime, str, str, Any, list[int]]] = []
        officer_ids: set[Any] = set()
        row_ids: set[int] = set()
        for event in tracker.events:
            at = datetime.fromtimestamp(event.timestamp, tz=timezone.utc)
            if isinstance(event, UserUttered) and event.text:
                lines.append((at, "user", event.text, None, []))
            elif isinstance(event, BotUttered) and event.text:
                metadata = event.metadata or {}
                officer_id = metadata.get(OFFICER_KEY)
                ids = metadata.get(OUTBOX_KEY) or []
                officer_ids.add(officer_id)
                row_ids.update(ids)
                lines.append((at, "officer" if officer_id else "bot", event.text, officer_id, ids))
        with session_scope(self.settings.database_url) as session:
            names = dict(session.query(Officer.id, Officer.username).filter(Officer.id.in_(officer_ids - {None})).all())
            statuses = dict(session.query(OutboundMessage.id, OutboundMessage.status)
                            .filter(OutboundMessage.id.in_(row_ids)).all()) if row_ids else {}
        return ConversationRead(
            [TranscriptLine(at, who, text, names.get(officer_id), _delivery(ids, statuses) if ids else None)
             for at, who, text, officer_id, ids in lines],
            screening_runs(tracker.events))

    # -- helpers ------------------------------------------------------------------------------------

    def _requests(self, channel: str, conversation: Conversation, text: str) -> list[dict]:
        """What the channel needs to carry one text: the web chat's page collects {"text"}."""
        if channel == "webchat":
            return [{"text": text}]
        adapter = self.delivery.adapters.get(channel) if self.delivery else None
        if adapter is None or not conversation.sealed_address:
            raise CaseError("channel_unavailable")
        return adapter.build(self.sealer.open(conversation.sealed_address), OutgoingMessage(text))

    def _poke(self, case_id: int, conversation_id: str | None) -> None:
        if self.delivery is not None:
            self.delivery.worker.poke()
        topics = [pubsub.QUEUE, pubsub.case_topic(case_id)]
        if conversation_id:
            topics.append(pubsub.conversation_topic(conversation_id))
        pubsub.notify(*topics)


def _delivery(row_ids: list[int], statuses: dict) -> str:
    """One message may be several rows (a long text split): failed if any failed, sent when all were."""
    found = [statuses.get(row_id, "sent") for row_id in row_ids]  # a row gone with retention was sent
    if "failed" in found:
        return "failed"
    return "sent" if all(status == "sent" for status in found) else "pending"


__all__ = ["ConversationRead", "Handoff", "MAX_REPLY_CHARS", "TranscriptLine"]
