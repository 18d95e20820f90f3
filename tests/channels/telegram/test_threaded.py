"""Telegram's blocking sends (the outbox's threads send a reply's parts through them): answered while the server's
event loop is busy, Bot API errors mapped as the async client maps them, and closed with the server."""
from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.threaded import ThreadedTelegramClient
from bot.messaging.messages import SendResult
from bot.settings import TelegramSettings
from tests.channels.telegram.harness import TOKEN, LocalOnlyGuard, local_client, local_guard, telegram_api
from tests.fakes.telegram_api import FakeTelegramAPI

__all__ = ["telegram_api", "local_guard"]  # pytest fixtures, imported to be found

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")

CHAT = 5550002222


@pytest.fixture
async def adapter(telegram_api: FakeTelegramAPI, local_guard: LocalOnlyGuard):  # type: ignore[no-untyped-def]
    made = TelegramAdapter(TelegramSettings(bot_token=TOKEN, secret_token="s", api_base=telegram_api.base_url))
    await made.aclose()
    made.threaded = ThreadedTelegramClient(lambda: local_client(telegram_api.base_url, local_guard))
    try:
        yield made
    finally:
        await made.threaded.aclose()


async def test_parts_are_sent_while_the_servers_event_loop_is_busy(adapter: TelegramAdapter,
                                                                   telegram_api: FakeTelegramAPI) -> None:
    """On the server's loop, each send waited behind other conversations' work; from a thread it does not."""
    results: list[SendResult] = []
    done = threading.Event()

    def send_three() -> None:
        for part in ("part one", "part two", "part three"):
            results.append(adapter.send_blocking({"chat_id": CHAT, "text": part}))
        done.set()

    sender = threading.Thread(target=send_three)
    sender.start()
    time.sleep(1.0)   # this test's event loop is held, as Rasa holds the server's
    assert done.is_set()
    sender.join()
    assert [r.ok for r in results] == [True, True, True]
    assert len({r.provider_message_id for r in results}) == 3
    assert [call.params["text"] for call in telegram_api.calls if call.method == "sendMessage"] == ["part one",
                                                                                                    "part two",
                                                                                                    "part three"]


async def test_bot_api_errors_are_mapped_as_the_async_client_maps_them(adapter: TelegramAdapter,
                                                                      telegram_api: FakeTelegramAPI) -> None:
    telegram_api.reply_retry_after("sendMessage", 7)
    telegram_api.reply_forbidden("sendMessage")
    waiting = await asyncio.to_thread(adapter.send_blocking, {"chat_id": CHAT, "text": "first words"})
    blocked = await asyncio.to_thread(adapter.send_blocking, {"chat_id": CHAT, "text": "second words"})
    assert (waiting.ok, waiting.retry_after, waiting.permanent) == (False, 7.0, False)
    assert (blocked.ok, blocked.permanent, blocked.error_code) == (False, True, "forbidden")


async def test_closing_stops_the_thread_and_a_later_send_waits_for_the_next_start(
        adapter: TelegramAdapter, telegram_api: FakeTelegramAPI) -> None:
    assert (await asyncio.to_thread(adapter.send_blocking, {"chat_id": CHAT, "text": "before"})).ok
    assert adapter.threaded.running
    await adapter.aclose()
    assert not adapter.threaded.running
    late = await asyncio.to_thread(adapter.send_blocking, {"chat_id": CHAT, "text": "late"})
    assert (late.ok, late.permanent) == (False, False)   # retryable: the row stays for the next start
    assert [call.params["text"] for call in telegram_api.calls if call.method == "sendMessage"] == ["before"]


async def test_a_send_under_way_when_closing_gets_a_retryable_failure_at_once(
        adapter: TelegramAdapter, telegram_api: FakeTelegramAPI) -> None:
    """Its thread is not left waiting for a loop that no longer runs (the server's stop would wait for it)."""
    telegram_api.reply_slowly("sendMessage", 3.0)
    outcome: list[SendResult] = []
    sender = threading.Thread(target=lambda: outcome.append(adapter.send_blocking({"chat_id": CHAT, "text": "slow"})))
    sender.start()
    await asyncio.sleep(0.3)
    began = time.monotonic()
    await adapter.aclose()
    await asyncio.to_thread(sender.join, 5)
    assert time.monotonic() - began < 2.0
    assert [(r.ok, r.permanent, r.error_code) for r in outcome] == [(False, False, "closed")]
