"""The message path in-process, for the channels' scenario tests: a channel's real connector (signature or secret,
parse, store before the 200), the durable inbox, the pipeline with a stand-in agent (tests/fakes/agent.py), the
outbox and the channel's real adapter, sending to the fake provider API on 127.0.0.1.

Each channel's harness builds one Flow with its own connector and adapter; the scenarios are tables there.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.conversation import events
from bot.conversation.events import CaseChanged
from bot.conversation.messages import IncomingMessage
from bot.messaging.edits import Edit, edits_for
from bot.messaging.inbox import Inbox
from bot.messaging.outbox import ChannelAdapter, Outbox
from bot.settings import Settings, get_settings
from bot.store import Conversation, InboundMessage, OutboundMessage, create_schema, session_scope
from bot.store.sealing import Sealer, sealer_for
from tests.fakes.agent import AnsweringAgent


def settings_with(monkeypatch: pytest.MonkeyPatch, variables: dict[str, str]) -> Settings:
    """The settings as the server would read them from these environment variables (on the test's database)."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    settings = get_settings()
    create_schema(settings.database_url)
    return settings


@dataclass
class RecordingSink:
    """The server's Delivery as the connectors see it: accept into the inbox; count the pokes."""

    inbox: Inbox
    pokes: int = 0

    def accept(self, message: IncomingMessage) -> bool:
        return self.inbox.accept(message)

    def poke(self) -> None:
        self.pokes += 1


@dataclass
class Flow:
    settings: Settings
    adapter: ChannelAdapter
    # One webhook body through the channel's real connector: (HTTP status, JSON body). Set by the channel's harness.
    post: Callable[[bytes], tuple[int, dict[str, Any]]] = field(init=False)
    connector: Any = field(init=False, default=None)
    sealer: Sealer = field(init=False)
    inbox: Inbox = field(init=False)
    outbox: Outbox = field(init=False)
    sink: RecordingSink = field(init=False)
    agent: AnsweringAgent = field(init=False)
    changed: list[CaseChanged] = field(default_factory=list)  # what the desk's live views were told

    def __post_init__(self) -> None:
        self.sealer = sealer_for(self.settings.sealing_keys)
        adapters = {self.adapter.name: self.adapter}
        self.inbox = Inbox(self.settings, self.sealer, adapters)
        self.outbox = Outbox(self.settings, self.sealer, adapters)
        self.sink = RecordingSink(self.inbox)
        self.agent = AnsweringAgent(self.settings.data_dir / "trackers.db", self.sealer)
        events.subscribe(CaseChanged, self.changed.append)

    def close(self) -> None:
        events.unsubscribe(CaseChanged, self.changed.append)

    async def run(self) -> None:
        """What the worker does, until there is nothing left to do."""
        for _ in range(20):
            processed = await self.inbox.process_pending(self.agent)
            sent = await self.outbox.send_due()
            if not processed and not sent:
                return
        raise AssertionError("the worker never ran out of work")

    def inbound(self) -> list[InboundMessage]:
        with session_scope(self.settings.database_url) as session:
            return session.query(InboundMessage).order_by(InboundMessage.id).all()

    def outbound(self) -> list[OutboundMessage]:
        with session_scope(self.settings.database_url) as session:
            return session.query(OutboundMessage).order_by(OutboundMessage.id).all()

    def conversations(self) -> list[Conversation]:
        with session_scope(self.settings.database_url) as session:
            return session.query(Conversation).all()

    def address_of(self, conversation_id: str) -> str:
        with session_scope(self.settings.database_url) as session:
            conversation = session.get(Conversation, conversation_id)
            return self.sealer.open(conversation.sealed_address)

    def edits(self, conversation_id: str) -> list[Edit]:
        with session_scope(self.settings.database_url) as session:
            return edits_for(session, self.sealer, conversation_id)

    def opened(self, row: InboundMessage | OutboundMessage) -> Any:
        return json.loads(self.sealer.open(row.sealed_message)) if row.sealed_message else None
