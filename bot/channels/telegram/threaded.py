"""A Telegram client on an event loop of its own, in a thread: blocking sends for the outbox's threads.

The outbox sends a reply's parts back to back from threads of its own (bot/messaging/outbox.py). WhatsApp's client
has a blocking twin; python-telegram-bot has only coroutines, and on the server's event loop each await of a send
waits behind Rasa answering other conversations (with 20 at once a 3-part reply's parts spread over up to a second).
Here the coroutines run on a loop that does nothing else, so a send waits only for the Bot API.
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import CancelledError, Future, TimeoutError
from typing import Any

from bot.channels.telegram.send import TelegramClient
from bot.messaging.messages import SendResult

# The client's own timeouts (connect, pool, write, read) end a send well before this; this only keeps a thread from
# waiting forever if the loop itself were stuck.
SEND_DEADLINE = 120.0


class ThreadedTelegramClient:
    """TelegramClient.send, callable from any thread but the loop's own. The thread starts at the first send."""

    def __init__(self, make_client: Callable[[], TelegramClient]) -> None:
        self._make_client = make_client
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._client: TelegramClient | None = None
        self._closed = False

    def send(self, request: Mapping[str, Any]) -> SendResult:
        """One sendMessage, blocking the calling thread until the Bot API answered (or the client gave up). Once
        closed (the server stopping), not sent: a retryable failure, so the row waits for the next start."""
        started = self._started()
        if started is None:
            return SendResult(ok=False, error_code="closed")
        loop, client = started
        sending = self._submit(client.send(request), loop)
        try:
            return sending.result(timeout=SEND_DEADLINE)
        except CancelledError:   # closed while it was under way: whether Telegram took it is not known
            return SendResult(ok=False, error_code="closed")
        except TimeoutError:
            sending.cancel()
            return SendResult(ok=False, error_code="timed_out")

    async def aclose(self) -> None:
        """Cancel the sends under way and close the client's connections on its loop, then stop the loop and its
        thread."""
        with self._lock:
            loop, thread, client = self._loop, self._thread, self._client
            self._loop = self._thread = self._client = None
            self._closed = True
        if loop is None or thread is None or client is None:
            return
        await asyncio.wrap_future(self._submit(_shut_down(client), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join, 10)
        loop.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _started(self) -> tuple[asyncio.AbstractEventLoop, TelegramClient] | None:
        with self._lock:
            if self._closed:
                return None
            if self._loop is None or self._client is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="telegram-sends", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
                # Made on its loop: the client's connection pool belongs to the loop that first uses it.
                self._client = self._submit(self._create(), loop).result(timeout=SEND_DEADLINE)
            return self._loop, self._client

    async def _create(self) -> TelegramClient:
        return self._make_client()

    @staticmethod
    def _submit(coroutine: Any, loop: asyncio.AbstractEventLoop) -> Future:
        return asyncio.run_coroutine_threadsafe(coroutine, loop)


async def _shut_down(client: TelegramClient) -> None:
    """Sends still under way are cancelled (their threads get a retryable failure at once, rather than waiting for a
    loop that no longer runs), then the client's connections are closed."""
    current = asyncio.current_task()
    under_way = [task for task in asyncio.all_tasks() if task is not current]
    for task in under_way:
        task.cancel()
    await asyncio.gather(*under_way, return_exceptions=True)
    await client.aclose()
