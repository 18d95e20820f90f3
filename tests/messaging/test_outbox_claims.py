"""One sender per outbox row, in order per conversation, also with two workers on one database; the send intent is
committed before the provider is called; a row left "sending" by a dead worker is sent again, once, and counted."""
from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import threading
from datetime import timedelta

import pytest

from bot.messaging import leases
from bot.messaging.outbox import Outbox
from bot.settings import get_settings
from bot.store import OutboundMessage, session_scope
from bot.store.models import utcnow
from tests.messaging.conftest import RecordingAdapter, queue_reply, settings_sealer

CONVERSATIONS, PARTS = 30, 4


def statuses() -> list[tuple[str, str | None]]:
    with session_scope() as session:
        return [(r.status, r.worker_id) for r in session.query(OutboundMessage).order_by(OutboundMessage.id)]


async def test_the_send_intent_is_committed_before_the_provider_is_called(database_url: str) -> None:
    adapter = RecordingAdapter()
    queue_reply("tg_i1", adapter, ["hello"])
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter}, worker_id="host:1:intent")
    seen_during_send: list[tuple] = []

    def look(_request: dict) -> None:   # another connection reads the row while the HTTP call is under way
        with session_scope() as session:
            row = session.query(OutboundMessage).one()
            seen_during_send.append((row.status, row.worker_id, bool(row.attempt_id), row.attempts,
                                     row.lease_until is not None))

    adapter.on_send = look
    assert await outbox.send_due() == 1
    assert seen_during_send == [("sending", "host:1:intent", True, 1, True)]
    assert statuses() == [("sent", None)]


async def test_a_row_left_sending_waits_for_its_lease_then_is_sent_once_and_counted(
        database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    adapter = RecordingAdapter()
    queue_reply("tg_i2", adapter, ["first", "second"])
    with session_scope() as session:   # another host's worker took the first row, then went silent
        first = session.query(OutboundMessage).order_by(OutboundMessage.id).first()
        first.status, first.worker_id, first.attempt_id = "sending", "elsewhere:42:dead", "a1"
        first.lease_until = utcnow() + timedelta(seconds=10)
    outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter})
    assert await outbox.send_due() == 0          # its lease still runs: it may be sending right now
    assert adapter.sent == []
    with session_scope() as session:
        session.query(OutboundMessage).filter(OutboundMessage.status == "sending").update(
            {"lease_until": utcnow() - timedelta(seconds=1)}, synchronize_session=False)
    with caplog.at_level(logging.WARNING, logger="bot.messaging"):
        assert await outbox.send_due() == 2
    assert [request["text"] for request in adapter.sent] == ["first", "second"]
    assert outbox.interrupted_sends == 1
    assert "interrupted" in caplog.text


async def test_on_start_the_rows_of_a_dead_worker_of_this_host_are_taken_back_at_once(database_url: str) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = f"{leases.new_worker_id().split(':')[0]}:{gone.pid}:cafe"
    adapter = RecordingAdapter()
    queue_reply("tg_i3", adapter, ["you can call 5757"])
    with session_scope() as session:
        session.query(OutboundMessage).update({"status": "sending", "worker_id": dead, "attempt_id": "x",
                                               "lease_until": utcnow() + timedelta(seconds=15)},
                                              synchronize_session=False)
    me = leases.new_worker_id()
    assert leases.take_back_from_dead(database_url, me) == 1
    assert await Outbox(get_settings(), settings_sealer(), {"telegram": adapter}, worker_id=me).send_due() == 1


def race(database_url: str) -> tuple[list[dict], list[int]]:
    """Two workers (two Outbox instances, each in its own thread and event loop) drain the same rows at once."""
    sent: list[dict] = []
    counts = [0, 0]
    lock = threading.Lock()
    both_sending = threading.Barrier(2)

    def worker(index: int) -> None:
        adapter = RecordingAdapter()
        adapter.sent = sent
        adapter._lock = lock
        first = [True]

        def rendezvous(_request: dict) -> None:
            counts[index] += 1
            if first[0]:   # both workers are mid-send at the same time at least once
                first[0] = False
                try:
                    both_sending.wait(timeout=10)
                except threading.BrokenBarrierError:
                    pass

        adapter.on_send = rendezvous
        outbox = Outbox(get_settings(), settings_sealer(), {"telegram": adapter}, worker_id=f"race:{index}:w")

        async def run() -> None:
            while outbox.due_conversations():
                await outbox.send_due()

        asyncio.run(run())

    template = RecordingAdapter()
    for number in range(CONVERSATIONS):
        queue_reply(f"tg_r{number:02d}", template, [f"{number:02d}-{part}" for part in range(PARTS)], database_url)
    threads = [threading.Thread(target=worker, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sent, counts


def assert_each_once_in_order(sent: list[dict], counts: list[int]) -> None:
    texts = [request["text"] for request in sent]
    assert sorted(texts) == sorted(f"{n:02d}-{p}" for n in range(CONVERSATIONS) for p in range(PARTS))  # once each
    for number in range(CONVERSATIONS):
        parts = [text for text in texts if text.startswith(f"{number:02d}-")]
        assert parts == [f"{number:02d}-{p}" for p in range(PARTS)]
    assert min(counts) > 0 and sum(counts) == CONVERSATIONS * PARTS   # both worked, and nothing was sent twice
    assert {status for status, _ in statuses()} == {"sent"}


def test_two_workers_on_postgresql_send_every_row_exactly_once_in_order(postgres_database: str) -> None:
    assert_each_once_in_order(*race(postgres_database))


def test_two_workers_on_sqlite_send_every_row_exactly_once_in_order(database_url: str) -> None:
    assert_each_once_in_order(*race(database_url))
