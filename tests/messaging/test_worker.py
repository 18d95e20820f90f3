"""The background worker: a slow provider or a slow conversation holds up nobody else; one conversation's messages
are answered strictly one after the other; a restart after a crash takes a dead worker's messages back at once."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rasa.core.channels.channel import UserMessage

from bot.conversation.messages import IncomingMessage
from bot.messaging import leases
from bot.messaging.inbox import Inbox
from bot.messaging.outbox import Outbox
from bot.messaging.worker import DeliveryWorker
from bot.settings import get_settings
from bot.store import InboundMessage, session_scope
from bot.store.models import utcnow
from tests.fakes.agent import AnsweringAgent
from tests.messaging.conftest import RecordingAdapter, queue_reply, settings_sealer

# A guard against a hung test, not a measure: every wait below ends in milliseconds when the code is right.
PATIENCE = 20.0


class HoldingAgent(AnsweringAgent):
    """Answers like the channel tests' agent; a message saying "hold" waits until released. Records, per
    conversation, how many of its messages were being handled at once."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.released = asyncio.Event()
        self.now: dict[str, int] = defaultdict(int)
        self.most: dict[str, int] = defaultdict(int)
        self.started: list[str] = []   # texts in the order their handling began

    async def handle_message(self, message: UserMessage) -> None:
        sender = message.sender_id
        self.started.append(message.text or "")
        self.now[sender] += 1
        self.most[sender] = max(self.most[sender], self.now[sender])
        try:
            if message.text == "hold":
                await self.released.wait()
            await asyncio.sleep(0)
            await super().handle_message(message)
        finally:
            self.now[sender] -= 1


async def until(condition: Callable[[], bool]) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.02)
    await asyncio.wait_for(poll(), timeout=PATIENCE)


async def stop(running: asyncio.Future) -> None:
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


def parts(adapters: dict[str, RecordingAdapter]) -> tuple[Inbox, Outbox, DeliveryWorker]:
    settings = get_settings()
    inbox = Inbox(settings, settings_sealer(), dict(adapters))
    outbox = Outbox(settings, settings_sealer(), dict(adapters))
    return inbox, outbox, DeliveryWorker(inbox, outbox)


def sent_to(adapter: RecordingAdapter, address: str) -> list[str]:
    return [request["text"] for request in adapter.sent if request["chat_id"] == address]


async def test_a_slow_provider_or_conversation_delays_no_other(database_url: str) -> None:
    whatsapp, telegram = RecordingAdapter("whatsapp"), RecordingAdapter("telegram")
    whatsapp.hold({"addr-wa_slow"})   # the provider takes for ever to answer this one
    queue_reply("wa_slow", whatsapp, ["slow 1", "slow 2"])
    queue_reply("tg_fast", telegram, ["fast 1", "fast 2", "fast 3"])
    queue_reply("wa_other", whatsapp, ["other 1"])
    _, _, worker = parts({"whatsapp": whatsapp, "telegram": telegram})
    running = asyncio.ensure_future(worker.run_forever(agent=None))
    try:
        # The slow send may begin before or after the others are done (each conversation's sender is its own task):
        # what matters is that all of them are sent while it is held.
        await until(lambda: len(sent_to(telegram, "addr-tg_fast")) == 3 and bool(sent_to(whatsapp, "addr-wa_other"))
                    and whatsapp.waiting == 1)
        assert sent_to(whatsapp, "addr-wa_slow") == []
        assert sent_to(telegram, "addr-tg_fast") == ["fast 1", "fast 2", "fast 3"]
        whatsapp.release()
        await until(lambda: len(sent_to(whatsapp, "addr-wa_slow")) == 2)
        assert sent_to(whatsapp, "addr-wa_slow") == ["slow 1", "slow 2"]
    finally:
        await stop(running)


async def test_conversations_are_answered_at_once_and_each_in_order(database_url: str) -> None:
    telegram = RecordingAdapter("telegram")
    inbox, _, worker = parts({"telegram": telegram})
    agent = HoldingAgent(get_settings().data_dir / "trackers.db", settings_sealer())
    for number, (sender, text) in enumerate([("1001", "hold"), ("1001", "then this"), ("2002", "hello")]):
        assert inbox.accept(IncomingMessage("telegram", sender, text, external_id=f"tg-{number}"))
    running = asyncio.ensure_future(worker.run_forever(agent))
    try:
        await until(lambda: bool(sent_to(telegram, "2002")))   # answered while 1001's first message is held
        # Both conversations started, in either order (they run at once); 1001's second message waits for its first.
        assert sorted(agent.started) == ["hello", "hold"]
        agent.released.set()
        await until(lambda: len(sent_to(telegram, "1001")) == 2)
        assert agent.started[2:] == ["then this"]
        assert set(agent.most.values()) == {1}                  # never two of one conversation at once
    finally:
        await stop(running)


async def test_a_restart_takes_back_at_once_what_a_killed_worker_held(database_url: str) -> None:
    """kill -9 right after the webhook's 200, the message claimed: the next start answers it without waiting."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    telegram = RecordingAdapter("telegram")
    inbox, _, worker = parts({"telegram": telegram})
    assert inbox.accept(IncomingMessage("telegram", "3003", "are you there", external_id="tg-crash"))
    with session_scope() as session:
        session.query(InboundMessage).update(
            {"status": "working", "attempts": 1, "processed_at": utcnow(), "lease_until": utcnow() + timedelta(seconds=15),
             "worker_id": f"{leases.new_worker_id().split(':')[0]}:{gone.pid}:dead"}, synchronize_session=False)
    running = asyncio.ensure_future(worker.run_forever(
        AnsweringAgent(get_settings().data_dir / "trackers.db", settings_sealer())))
    try:
        await until(lambda: bool(sent_to(telegram, "3003")))
    finally:
        await stop(running)


async def test_a_live_workers_message_is_left_alone_until_its_lease_runs_out(database_url: str) -> None:
    telegram = RecordingAdapter("telegram")
    inbox, _, _ = parts({"telegram": telegram})
    agent = AnsweringAgent(get_settings().data_dir / "trackers.db", settings_sealer())
    assert inbox.accept(IncomingMessage("telegram", "4004", "hi", external_id="tg-live"))
    with session_scope() as session:
        session.query(InboundMessage).update(
            {"status": "working", "attempts": 1, "worker_id": "another-host:7:live",
             "lease_until": utcnow() + timedelta(seconds=15)}, synchronize_session=False)
    assert leases.take_back_from_dead(get_settings().database_url, inbox.worker_id) == 0   # not known dead
    assert await inbox.process_pending(agent) == 0
    with session_scope() as session:
        session.query(InboundMessage).update({"lease_until": utcnow() - timedelta(seconds=1)},
                                             synchronize_session=False)
    assert await inbox.process_pending(agent) == 1
    assert agent.turns == ["hi"]


class BlindOutbox(Outbox):
    """An outbox whose scan finds nothing (as when it has not run yet): only a direct start can send."""

    def due_conversations(self) -> list[tuple[str, str]]:
        return []


async def test_a_turns_replies_go_out_as_soon_as_they_are_committed_without_waiting_for_a_scan(
        database_url: str) -> None:
    telegram = RecordingAdapter("telegram")
    settings = get_settings()
    inbox = Inbox(settings, settings_sealer(), {"telegram": telegram})
    worker = DeliveryWorker(inbox, BlindOutbox(settings, settings_sealer(), {"telegram": telegram}))
    agent = AnsweringAgent(settings.data_dir / "trackers.db", settings_sealer())
    assert inbox.accept(IncomingMessage("telegram", "3003", "hello", external_id="tg-direct"))
    running = asyncio.ensure_future(worker.run_forever(agent))
    try:
        await until(lambda: bool(sent_to(telegram, "3003")))
    finally:
        await stop(running)


async def test_a_send_that_fails_unexpectedly_gives_its_rows_back_and_they_go_on_the_next_pass(
        database_url: str) -> None:
    """Not a provider's answer (those are recorded) but a bug or a broken client: the rows must not stay held by a
    live worker whose heartbeat would renew them for ever."""
    adapter = RecordingAdapter()
    failures = [RuntimeError("client broke")]

    def fail_once(_request: dict) -> None:
        if failures:
            raise failures.pop()

    adapter.on_send = fail_once
    queue_reply("c-broken", adapter, ["one", "two"], database_url)
    outbox = Outbox(get_settings(), settings_sealer(), {adapter.name: adapter})
    worker = DeliveryWorker(Inbox(get_settings(), settings_sealer(), {adapter.name: adapter}), outbox)
    running = asyncio.ensure_future(worker.run_forever(AnsweringAgent(get_settings().data_dir / "t.db",
                                                                      settings_sealer())))
    try:
        await until(lambda: [request["text"] for request in adapter.sent] == ["one", "two"])
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
