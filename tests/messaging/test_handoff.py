"""The short way through the message path: a message stored while the worker has room is claimed in the transaction
that stores it and handed to the worker (no claim, no poke); a turn's replies are stored already claimed for sending.
Neither may overtake what waits before it in the conversation."""
from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta

import httpx

from bot.app.wiring import Delivery
from bot.conversation.messages import IncomingMessage
from bot.messaging import inbox_claims
from bot.messaging.inbox import Claimed, Inbox
from bot.messaging.messages import OutgoingMessage
from bot.messaging.outbox import Outbox
from bot.messaging.worker import DeliveryWorker
from bot.settings import get_settings
from bot.store import Conversation, InboundMessage, OutboundMessage, session_scope
from bot.store.models import utcnow
from tests.fakes.agent import AnsweringAgent
from tests.messaging.conftest import RecordingAdapter, queue_reply, settings_sealer
from tests.messaging.test_worker import sent_to, stop, until


class BlindInbox(Inbox):
    """An inbox whose claim finds nothing: a message is answered only when it was handed over as it was stored."""

    def claim(self, limit: int = 1) -> list[Claimed]:
        return []


def status_of(external_id_order: int) -> tuple[str, str | None]:
    with session_scope() as session:
        rows = session.query(InboundMessage).order_by(InboundMessage.id).all()
        row = rows[external_id_order]
        return row.status, row.worker_id


async def test_a_message_stored_while_the_worker_has_room_is_answered_without_a_claim_or_a_poke(
        database_url: str) -> None:
    telegram = RecordingAdapter("telegram")
    settings = get_settings()
    inbox = BlindInbox(settings, settings_sealer(), {"telegram": telegram})
    outbox = Outbox(settings, settings_sealer(), {"telegram": telegram})
    worker = DeliveryWorker(inbox, outbox)
    async with httpx.AsyncClient() as http:
        delivery = Delivery(inbox, outbox, worker, {"telegram": telegram}, http)
        running = asyncio.ensure_future(worker.run_forever(AnsweringAgent(settings.data_dir / "t.db",
                                                                          settings_sealer())))
        try:
            await until(lambda: worker._agent is not None)
            # As a webhook stores it: in a thread, and no poke afterwards.
            assert await asyncio.to_thread(delivery.accept, IncomingMessage("telegram", "5005", "hello",
                                                                            external_id="tg-handed"))
            await until(lambda: bool(sent_to(telegram, "5005")))
            assert status_of(0) == ("done", None)
        finally:
            await stop(running)


def test_only_the_next_message_of_a_conversation_is_taken_as_it_is_stored(database_url: str) -> None:
    inbox = Inbox(get_settings(), settings_sealer(), {"telegram": RecordingAdapter("telegram")})
    first = inbox.receive(IncomingMessage("telegram", "6006", "one", external_id="tg-1"), take=True)
    assert first.new and first.claimed is not None
    assert status_of(0) == ("working", inbox.worker_id)
    # The first is still being answered: the second waits, pending, for whoever claims next.
    second = inbox.receive(IncomingMessage("telegram", "6006", "two", external_id="tg-2"), take=True)
    assert second.new and second.claimed is None
    assert status_of(1) == ("pending", None)
    assert inbox.claim(4) == []
    # Another conversation's message is taken at once; without `take` nothing is.
    assert inbox.receive(IncomingMessage("telegram", "7007", "hi", external_id="tg-3"), take=True).claimed
    untaken = inbox.receive(IncomingMessage("telegram", "8008", "hi", external_id="tg-4"))
    assert untaken.new and untaken.claimed is None
    # A retry of a stored delivery is neither new nor taken.
    repeat = inbox.receive(IncomingMessage("telegram", "6006", "one", external_id="tg-1"), take=True)
    assert not repeat.new and repeat.claimed is None


def conversation(conversation_id: str, hours_ago: float = 0.0) -> None:
    with session_scope() as session:
        session.add(Conversation(id=conversation_id, channel="whatsapp", language="en",
                                 sealed_address=settings_sealer().seal(f"addr-{conversation_id}"),
                                 last_message_at=utcnow() - timedelta(hours=hours_ago)))


def outbound(conversation_id: str) -> list[tuple[str, str | None, int]]:
    with session_scope() as session:
        return [(row.status, row.worker_id, row.attempts) for row in session.query(OutboundMessage)
                .filter(OutboundMessage.conversation_id == conversation_id).order_by(OutboundMessage.id)]


def test_a_turns_replies_are_stored_claimed_for_sending_as_claim_run_would_claim_them(database_url: str) -> None:
    adapter = RecordingAdapter("whatsapp")
    outbox = Outbox(get_settings(), settings_sealer(), {"whatsapp": adapter})
    conversation("c-new")
    with session_scope() as session:
        run = outbox.queue_claimed(session, adapter, "c-new", "addr-c-new",
                                   [OutgoingMessage("one"), OutgoingMessage("two")], reply_to=1)
    assert [(verdict, request["text"]) for _, verdict, request in run.rows] == [("send", "one"), ("send", "two")]
    assert len({claim.attempt_id for claim, _, _ in run.rows}) == 1
    assert outbound("c-new") == [("sending", outbox.worker_id, 1), ("sending", outbox.worker_id, 1)]


def test_a_turns_replies_wait_behind_a_row_of_the_conversation_that_waits(database_url: str) -> None:
    adapter = RecordingAdapter("whatsapp")
    outbox = Outbox(get_settings(), settings_sealer(), {"whatsapp": adapter})
    conversation("c-waiting")
    queue_reply("c-waiting", adapter, ["earlier"])
    with session_scope() as session:   # the earlier reply waits for a retry
        session.query(OutboundMessage).update({"next_attempt_at": utcnow() + timedelta(minutes=1)},
                                              synchronize_session=False)
    with session_scope() as session:
        run = outbox.queue_claimed(session, adapter, "c-waiting", "addr-c-waiting", [OutgoingMessage("later")],
                                   reply_to=2)
    assert run.rows == []
    assert outbound("c-waiting") == [("pending", None, 0), ("pending", None, 0)]


def test_a_turns_replies_outside_the_window_are_handled_as_the_window_says(database_url: str) -> None:
    adapter = RecordingAdapter("whatsapp")
    adapter.window_hours = 24
    outbox = Outbox(get_settings(), settings_sealer(), {"whatsapp": adapter})
    conversation("c-late", hours_ago=30)
    with session_scope() as session:
        run = outbox.queue_claimed(session, adapter, "c-late", "addr-c-late", [OutgoingMessage("late")], reply_to=3)
    assert [verdict for _, verdict, _ in run.rows] == ["window"]


def test_on_postgresql_one_conversations_messages_are_stored_one_transaction_after_the_other(
        postgres_database: str) -> None:
    """Otherwise a message taken as it is stored could overtake an earlier one that another replica is storing."""
    entered: list[str] = []

    def second() -> None:
        with session_scope(postgres_database) as session:
            inbox_claims.serialise_conversation(session, "c-serial")
            entered.append("second")

    with session_scope(postgres_database) as session:
        inbox_claims.serialise_conversation(session, "c-serial")
        other = threading.Thread(target=second)
        other.start()
        time.sleep(0.5)
        assert entered == []   # waits for this transaction
        with session_scope(postgres_database) as elsewhere:   # another conversation does not wait
            inbox_claims.serialise_conversation(elsewhere, "c-other")
    other.join(timeout=10)
    assert entered == ["second"]


async def test_messages_taken_as_they_are_stored_never_exceed_the_workers_concurrency(database_url: str) -> None:
    telegram = RecordingAdapter("telegram")
    settings = get_settings()
    inbox = Inbox(settings, settings_sealer(), {"telegram": telegram})
    worker = DeliveryWorker(inbox, Outbox(settings, settings_sealer(), {"telegram": telegram}), inbox_concurrency=2)
    assert not worker.reserve()   # not running yet
    running = asyncio.ensure_future(worker.run_forever(AnsweringAgent(settings.data_dir / "t.db", settings_sealer())))
    try:
        await until(lambda: worker._agent is not None)
        assert worker.reserve() and worker.reserve()
        assert not worker.reserve()   # two slots, both reserved
        worker.unreserve()
        assert worker.reserve()
    finally:
        await stop(running)


async def test_a_message_taken_as_it_is_stored_is_answered_at_once_but_its_replies_wait_for_the_disk(
        database_url: str) -> None:
    telegram = RecordingAdapter("telegram")
    settings = get_settings()
    inbox = Inbox(settings, settings_sealer(), {"telegram": telegram})
    worker = DeliveryWorker(inbox, Outbox(settings, settings_sealer(), {"telegram": telegram}))
    agent = AnsweringAgent(settings.data_dir / "t.db", settings_sealer())
    running = asyncio.ensure_future(worker.run_forever(agent))
    try:
        await until(lambda: worker._agent is not None)
        assert worker.reserve()
        received = inbox.receive(IncomingMessage("telegram", "9009", "hello", external_id="tg-disk"), take=True)
        assert received.claimed is not None
        worker.take(received.claimed)
        await until(lambda: outbound_of_any() > 0)   # answered, its replies stored...
        await asyncio.sleep(0.2)
        assert sent_to(telegram, "9009") == []       # ...and not sent while the message is not on the disk
        await asyncio.to_thread(inbox.make_durable, received)
        await until(lambda: bool(sent_to(telegram, "9009")))
    finally:
        await stop(running)


def outbound_of_any() -> int:
    with session_scope() as session:
        return session.query(OutboundMessage).count()
