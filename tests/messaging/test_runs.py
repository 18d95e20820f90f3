"""A multi-part reply is claimed in one transaction and sent back to back; when a part must wait (429, 5xx) or the
WhatsApp window closed, the parts claimed behind it are given back untouched and handled like any pending row."""
from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import event

from bot.messaging import outbox as outbox_module
from bot.messaging.messages import SendResult
from bot.messaging.outbox import WINDOW_CLOSED, Outbox
from bot.settings import get_settings
from bot.store import OutboundMessage, session_scope
from bot.store.db import get_engine
from bot.store.models import utcnow
from tests.messaging.conftest import RecordingAdapter, queue_reply, settings_sealer

PARTS = ["you are safe here", "you have rights", "here are the numbers"]


def rows() -> list[tuple[str, str | None, int, str | None]]:
    with session_scope() as session:
        return [(r.status, r.worker_id, r.attempts or 0, r.last_error)
                for r in session.query(OutboundMessage).order_by(OutboundMessage.id)]


async def test_all_parts_of_a_reply_are_claimed_at_once_then_sent_in_order(database_url: str) -> None:
    adapter = RecordingAdapter()
    queue_reply("tg_run1", adapter, PARTS)
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter}, worker_id="host:1:run")
    during_first: list[list[tuple[str, str | None]]] = []

    def look(request: dict) -> None:
        if request["text"] == PARTS[0]:   # while the first part is with the provider, the others are ours already
            during_first.append([(status, worker) for status, worker, _, _ in rows()])

    adapter.on_send = look
    assert await outbox.send_due() == 3
    assert during_first == [[("sending", "host:1:run")] * 3]
    assert [request["text"] for request in adapter.sent] == PARTS
    assert [(status, worker, attempts) for status, worker, attempts, _ in rows()] == [("sent", None, 1)] * 3


async def test_a_reply_costs_one_claim_transaction_not_one_a_part(database_url: str) -> None:
    adapter = RecordingAdapter()
    queue_reply("tg_run2", adapter, PARTS)
    commits: list[int] = []
    listener = lambda _connection: commits.append(1)  # noqa: E731
    event.listen(get_engine(database_url), "commit", listener)
    try:
        assert await Outbox(get_settings(), settings_sealer(), {"telegram": adapter}).send_due() == 3
    finally:
        event.remove(get_engine(database_url), "commit", listener)
    # One claim for the three parts, one record for the three (the scan writes nothing).
    assert len(commits) == 1 + 1 + 1


async def test_when_the_first_part_must_wait_the_parts_behind_it_are_given_back_untouched(database_url: str) -> None:
    adapter = RecordingAdapter(results=[SendResult(ok=False, retry_after=30.0, error_code="429")])
    queue_reply("tg_run3", adapter, PARTS)
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter})
    assert await outbox.send_due() == 0
    assert rows() == [("pending", None, 1, "429"), ("pending", None, 0, None), ("pending", None, 0, None)]
    assert await outbox.send_due() == 0   # the first waits for its Retry-After, and so do the others
    with session_scope() as session:
        session.query(OutboundMessage).update({"next_attempt_at": utcnow()}, synchronize_session=False)
    assert await outbox.send_due() == 3
    assert [request["text"] for request in adapter.sent] == [PARTS[0], *PARTS]


async def test_a_dead_workers_claimed_reply_is_taken_back_whole_in_order(database_url: str) -> None:
    adapter = RecordingAdapter()
    queue_reply("tg_run4", adapter, PARTS)
    with session_scope() as session:   # another host's worker claimed the reply, then died: its leases ran out
        session.query(OutboundMessage).update(
            {"status": "sending", "worker_id": "elsewhere:7:dead", "attempt_id": "old", "attempts": 1,
             "lease_until": utcnow() - timedelta(seconds=1)}, synchronize_session=False)
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter})
    assert await outbox.send_due() == 3
    assert [request["text"] for request in adapter.sent] == PARTS
    assert outbox.interrupted_sends == 3
    assert [status for status, *_ in rows()] == ["sent"] * 3


class WhatsAppLike(RecordingAdapter):
    """A 24-hour window and a neutral template, as WhatsApp has."""

    window_hours: int | None = 24

    def __init__(self, results: list[SendResult] | None = None) -> None:
        super().__init__("whatsapp", results)

    def reengagement(self, address: str) -> dict | None:
        return {"chat_id": address, "text": "TEMPLATE"}


async def test_a_window_closed_on_the_first_part_fails_the_parts_behind_it_and_sends_one_template(
        database_url: str) -> None:
    adapter = WhatsAppLike(results=[SendResult(ok=False, permanent=True, error_code="131047")])
    queue_reply("wa_run5", adapter, PARTS)
    outbox = Outbox(get_settings(), settings_sealer(), {"whatsapp": adapter})
    assert await outbox.send_due() == 1   # the template
    assert [request["text"] for request in adapter.sent] == [PARTS[0], "TEMPLATE"]
    assert [(status, error) for status, _, _, error in rows()] == [("failed", WINDOW_CLOSED)] * 3 + [("sent", None)]


async def test_a_reply_queued_outside_the_window_is_replaced_whole_by_one_template(database_url: str) -> None:
    adapter = WhatsAppLike()
    queue_reply("wa_run6", adapter, PARTS)
    with session_scope() as session:   # the person's last message was two days ago
        from bot.store import Conversation

        session.get(Conversation, "wa_run6").last_message_at = utcnow() - timedelta(hours=48)
    outbox = Outbox(get_settings(), settings_sealer(), {"whatsapp": adapter})
    assert await outbox.send_due() == 1
    assert [request["text"] for request in adapter.sent] == ["TEMPLATE"]
    assert [(status, error) for status, _, _, error in rows()] == [("failed", WINDOW_CLOSED)] * 3 + [("sent", None)]


async def test_the_parts_leave_back_to_back_while_other_writers_hold_the_database(database_url: str) -> None:
    """Other conversations' turns writing (here: SQLite's one write lock held meanwhile) do not space out the parts of
    a reply: no part waits for the previous part's outcome to be stored."""
    import sqlite3

    adapter = RecordingAdapter()
    queue_reply("tg_run7", adapter, PARTS)
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter})
    due = outbox.due_conversations()
    run = await asyncio.to_thread(outbox._prepare, due[0][0])   # claimed before the other writer came
    writer = sqlite3.connect(get_engine(database_url).url.database, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")   # another turn's transaction holds the write lock
    sending = asyncio.ensure_future(outbox.drain(*due[0], run))
    for _ in range(200):
        if len(adapter.sent) == len(PARTS) or sending.done():
            break
        await asyncio.sleep(0.01)
    sent_while_held = len(adapter.sent)
    writer.execute("ROLLBACK")
    writer.close()
    assert await sending == 3
    assert sent_while_held == 3
    assert [request["text"] for request in adapter.sent] == PARTS
    assert [status for status, *_ in rows()] == ["sent"] * 3


async def test_a_send_that_fails_unexpectedly_mid_run_keeps_the_parts_before_it_sent(database_url: str) -> None:
    """They went out: given back, they would be sent twice. The part that failed and those behind it wait."""
    adapter = RecordingAdapter()

    def broken(request: dict) -> None:
        if request["text"] == PARTS[2]:
            raise RuntimeError("a bug, not a provider's answer")

    adapter.on_send = broken
    queue_reply("tg_run9", adapter, [*PARTS, "one more"])
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter})
    [(conversation_id, channel)] = outbox.due_conversations()
    try:
        await outbox.drain(conversation_id, channel)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the failure was swallowed")
    assert [request["text"] for request in adapter.sent] == PARTS[:2]
    assert [(status, worker) for status, worker, _, _ in rows()] == [("sent", None)] * 2 + [("pending", None)] * 2


async def test_a_run_slower_than_the_confirmation_time_renews_its_lease_between_parts(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow provider: past CONFIRM_AFTER, what was taken is stored and the rest's lease renewed before the next part."""
    monkeypatch.setattr(outbox_module, "CONFIRM_AFTER", 0.05)
    adapter = RecordingAdapter()
    queue_reply("tg_run10", adapter, PARTS)
    seen: list[list[str]] = []

    def slow(request: dict) -> None:
        seen.append([status for status, *_ in rows()])
        time.sleep(0.1)   # longer than CONFIRM_AFTER

    adapter.on_send = slow
    assert await Outbox(get_settings(), settings_sealer(), {"telegram": adapter}).send_due() == 3
    # Each part was stored before the next went (the provider answered slowly); a fast run stores once at its end.
    assert seen == [["sending"] * 3, ["sent", "sending", "sending"], ["sent", "sent", "sending"]]
    assert [status for status, *_ in rows()] == ["sent"] * 3


async def test_a_sender_that_lost_its_lease_mid_run_records_nothing_over_the_new_holder_and_stops(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only after a stall longer than the lease (15 s, renewed every 5 s; the run confirms its lease after
    CONFIRM_AFTER): the part under way when the loss is learnt may go out once more (at-least-once, as after a
    crash), nothing after it."""
    monkeypatch.setattr(outbox_module, "CONFIRM_AFTER", 0.05)
    adapter = RecordingAdapter()
    four = [*PARTS, "one more"]
    queue_reply("tg_run8", adapter, four)

    def stalled(request: dict) -> None:   # this worker stalled past its lease; another took the rest back
        if request["text"] == PARTS[1]:
            time.sleep(0.1)
            with session_scope() as session:
                first = session.query(OutboundMessage.id).order_by(OutboundMessage.id).first()[0]
                session.query(OutboundMessage).filter(OutboundMessage.id > first).update(
                    {"worker_id": "other:9:w", "attempt_id": "theirs"}, synchronize_session=False)

    adapter.on_send = stalled
    assert await Outbox(get_settings(), settings_sealer(), {"telegram": adapter}).send_due() == 1
    # The loss is learnt right after the stalled second part: it may go out again from its new holder; the third
    # does not go from here.
    assert [request["text"] for request in adapter.sent] == PARTS[:2]
    assert [(status, worker) for status, worker, _, _ in rows()] == [("sent", None)] + [("sending", "other:9:w")] * 3


LATENCY = 0.005   # a provider's answer, in seconds


class BlockingCapable(RecordingAdapter):
    """A provider the outbox may also call from a thread (as WhatsApp's adapter): notes when each part arrived."""

    def __init__(self) -> None:
        super().__init__("telegram")
        self.arrived: list[float] = []
        self.first_arrived = threading.Event()

    def send_blocking(self, request: dict) -> SendResult:
        time.sleep(LATENCY)
        return self._arrive(request)

    async def send(self, request: dict) -> SendResult:   # the same provider, called from the event loop
        await asyncio.sleep(LATENCY)
        return self._arrive(request)

    def _arrive(self, request: dict) -> SendResult:
        with self._lock:
            self.sent.append(request)
            self.arrived.append(time.monotonic())
        self.first_arrived.set()
        return SendResult(ok=True, provider_message_id=str(len(self.sent)))


async def test_the_parts_leave_back_to_back_while_the_event_loop_is_busy_with_other_conversations(
        database_url: str) -> None:
    """Rasa answering other conversations holds the event loop for tens of milliseconds at a time: the parts of a
    reply do not wait for it between them."""
    adapter = BlockingCapable()
    queue_reply("tg_run11", adapter, PARTS)
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter})
    [(conversation_id, channel)] = outbox.due_conversations()
    sending = asyncio.ensure_future(outbox.drain(conversation_id, channel))
    while not adapter.first_arrived.is_set():
        await asyncio.sleep(0.001)
    time.sleep(0.5)   # another conversation's turn holds the loop
    assert await sending == 3
    assert [request["text"] for request in adapter.sent] == PARTS
    assert adapter.arrived[-1] - adapter.arrived[0] < 0.25
    assert [status for status, *_ in rows()] == ["sent"] * 3


async def test_a_run_sent_from_a_thread_stops_at_the_part_the_provider_did_not_take(database_url: str) -> None:
    """The thread's stop rule: the part that must wait and those behind it are not sent, and wait together."""
    adapter = BlockingCapable()
    answers = [SendResult(ok=True, provider_message_id="1"), SendResult(ok=False, retry_after=30.0, error_code="429")]

    def blocking(request: dict) -> SendResult:
        adapter.sent.append(request)
        return answers.pop(0)

    adapter.send_blocking = blocking  # type: ignore[method-assign]
    queue_reply("tg_run12", adapter, PARTS)
    assert await Outbox(get_settings(), settings_sealer(), {"telegram": adapter}).send_due() == 1
    assert [request["text"] for request in adapter.sent] == PARTS[:2]
    assert rows() == [("sent", None, 1, None), ("pending", None, 1, "429"), ("pending", None, 0, None)]


async def test_a_sender_stopped_while_its_run_is_being_stored_stores_it_once(
        database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """The server stopping (its senders cancelled) while a run's outcomes are being stored: the store under way
    finishes in its thread; the parts are not stored a second time (which found them stored, and logged a lease
    lost)."""
    storing, go_on = threading.Event(), threading.Event()
    stores: list[int] = []

    class SlowToStore(Outbox):
        def _record_taken(self, taken, rest):  # type: ignore[no-untyped-def]
            stores.append(len(taken))
            if len(stores) == 1:
                storing.set()
                go_on.wait(timeout=5)
            return super()._record_taken(taken, rest)

    adapter = RecordingAdapter()
    queue_reply("tg_run13", adapter, PARTS)
    outbox = SlowToStore(get_settings(), settings_sealer(), {"telegram": adapter})
    [(conversation_id, channel)] = outbox.due_conversations()
    sending = asyncio.ensure_future(outbox.drain(conversation_id, channel))
    while not storing.is_set():
        await asyncio.sleep(0.005)
    sending.cancel()
    await asyncio.sleep(0.05)
    go_on.set()
    with pytest.raises(asyncio.CancelledError):
        await sending
    for _ in range(100):   # the thread finishes its store
        if [status for status, *_ in rows()] == ["sent"] * 3:
            break
        await asyncio.sleep(0.02)
    assert stores == [3]
    assert [status for status, *_ in rows()] == ["sent"] * 3
    assert "lease lost" not in caplog.text
